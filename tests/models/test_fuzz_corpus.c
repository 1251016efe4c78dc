/* Replays the checked-in fuzz corpus (tests/fuzz/corpus/pkt, relative to
 * the repo root where the runner starts) through the same routine the
 * libFuzzer target runs, so `make test` catches a parser regression on any
 * input the fuzzer ever kept, without clang. Crashes found by the fuzzer
 * are pinned as named tests below as well. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/pkt_target.h"
#include "tests/models/samples.h"
#include "tests/testing.h"

#define CORPUS_DIR "tests/fuzz/corpus/pkt"

static int replay_file(const char *path, size_t *n_bytes)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    uint8_t *buf = malloc(1 << 17);
    size_t n = buf ? fread(buf, 1, 1 << 17, f) : 0;
    fclose(f);
    if (!buf)
        return -1;
    *n_bytes = n;
    /* an exact-size copy, so ASan sees any read past the input */
    uint8_t *exact = malloc(n ? n : 1);
    memcpy(exact, buf, n);
    free(buf);
    int bad = fuzz_pkt_target(exact, n);
    free(exact);
    return bad;
}

static void test_every_corpus_input_parses_without_breaking_a_property(void)
{
    DIR *d = opendir(CORPUS_DIR);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    struct dirent *e;
    int n_files = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", CORPUS_DIR, e->d_name);
        size_t n = 0;
        int bad = replay_file(path, &n);
        if (bad)
            fprintf(stderr, "\n%s (%zu bytes): property %d broken\n", path, n, bad);
        CU_ASSERT_EQUAL(bad, 0);
        n_files++;
    }
    closedir(d);
    /* the seeds are every sample plus its MH or inner packet */
    CU_ASSERT(n_files >= SAMPLE_N);
}

static void test_every_sample_and_each_of_its_prefixes_passes_the_fuzz_checks(void)
{
    for (int id = 0; id < SAMPLE_N; id++) {
        uint8_t buf[PKT_MAX_LEN];
        size_t len;
        CU_ASSERT_EQUAL_FATAL(sample_build(id, buf, sizeof(buf), &len), 0);
        for (size_t n = 0; n <= len; n++) {
            uint8_t *exact = malloc(n ? n : 1);
            memcpy(exact, buf, n);
            int bad = fuzz_pkt_target(exact, n);
            if (bad)
                fprintf(stderr, "\n%s cut to %zu: property %d broken\n", sample_name(id), n, bad);
            CU_ASSERT_EQUAL(bad, 0);
            free(exact);
        }
    }
}

void suite_fuzz_corpus(void)
{
    ADD_SUITE("fuzz_corpus", TEST(test_every_corpus_input_parses_without_breaking_a_property),
              TEST(test_every_sample_and_each_of_its_prefixes_passes_the_fuzz_checks));
}
