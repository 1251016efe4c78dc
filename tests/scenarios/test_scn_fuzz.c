/* Replays the checked-in scenario fuzz corpus (tests/fuzz/corpus/scn,
 * relative to the repository root) through the libFuzzer target's own
 * routine, so `make test` keeps every past finding fixed without clang. */
#include "tests/fuzz/scn_target.h"
#include "tests/testing.h"

#include <dirent.h>

#define CORPUS_DIR "tests/fuzz/corpus/scn"

static void test_every_scn_corpus_input_keeps_the_loader_promises(void)
{
    DIR *d = opendir(CORPUS_DIR);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int n_files = 0, n_accepted = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof(path), CORPUS_DIR "/%s", e->d_name);
        FILE *f = fopen(path, "rb");
        CU_ASSERT_PTR_NOT_NULL(f);
        if (!f)
            continue;
        const size_t cap = 1 << 16;
        uint8_t *buf = malloc(cap);
        size_t n = buf ? fread(buf, 1, cap, f) : 0;
        fclose(f);
        int bad = fuzz_scn_target(buf, n);
        CU_ASSERT_EQUAL(bad, 0);
        if (bad)
            fprintf(stderr, "\n%s: property %d broken\n", path, bad);
        /* count inputs the loader accepts: the corpus must reach past the
         * first error, into the whole validator */
        mob_config_t *c = malloc(sizeof(*c));
        size_t text = buf ? strnlen((const char *)buf, n) : 0;
        if (c && buf && scn_load_string((const char *)buf, text, "x.json", NULL, 0, c, NULL) == 0)
            n_accepted++;
        mob_config_free(c);
        free(c);
        free(buf);
        n_files++;
    }
    closedir(d);
    CU_ASSERT_TRUE(n_files >= 10);
    CU_ASSERT_TRUE(n_accepted >= 3);
}

void suite_scn_fuzz_corpus(void)
{
    ADD_SUITE("scenarios/fuzz_corpus", TEST(test_every_scn_corpus_input_keeps_the_loader_promises));
}
