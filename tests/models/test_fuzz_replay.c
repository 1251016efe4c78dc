/* Replays the checked-in corpora of fuzz-world and fuzz-sweep
 * (tests/fuzz/corpus/world and tests/fuzz/corpus/sweep, relative to the
 * repository root where the runner starts) through the libFuzzer targets'
 * own routines, so `make test` keeps every past finding fixed without clang:
 * a hang found by fuzz-world comes back as a test that does not finish.
 * The cases the fuzzers were built to find are pinned by name as well. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/sweep_target.h"
#include "tests/fuzz/world_target.h"
#include "tests/testing.h"

typedef int target_fn(const uint8_t *data, size_t size);

/* Runs every file of dir through fn; returns the number of files. */
static int replay_dir(const char *dir, target_fn *fn)
{
    DIR *d = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int n_files = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        CU_ASSERT_PTR_NOT_NULL(f);
        if (!f)
            continue;
        const size_t cap = 1 << 16;
        uint8_t *buf = malloc(cap);
        size_t n = buf ? fread(buf, 1, cap, f) : 0;
        fclose(f);
        /* an exact-size copy, so ASan sees any read past the input */
        uint8_t *exact = malloc(n ? n : 1);
        if (exact && buf)
            memcpy(exact, buf, n);
        free(buf);
        int bad = exact ? fn(exact, n) : 0;
        free(exact);
        CU_ASSERT_EQUAL(bad, 0);
        if (bad)
            fprintf(stderr, "\n%s: property %d broken\n", path, bad);
        n_files++;
    }
    closedir(d);
    return n_files;
}

static void test_every_world_corpus_input_runs_within_its_bounds(void)
{
    CU_ASSERT(replay_dir("tests/fuzz/corpus/world", fuzz_world_target) >= 10);
}

static void test_every_sweep_corpus_input_keeps_the_loader_promises(void)
{
    CU_ASSERT(replay_dir("tests/fuzz/corpus/sweep", fuzz_sweep_target) >= 10);
}

/* scenario text + NUL-separated --set assignments, as the fuzzer sees it */
static int world_with_sets(const char *file, const char *const *sets, size_t n_sets)
{
    FILE *f = fopen(file, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char buf[1 << 15];
    size_t n = fread(buf, 1, sizeof(buf) - 1024, f);
    fclose(f);
    for (size_t i = 0; i < n_sets; i++) {
        size_t k = strlen(sets[i]);
        CU_ASSERT_FATAL(n + 1 + k <= sizeof(buf));
        buf[n++] = 0;
        memcpy(buf + n, sets[i], k);
        n += k;
    }
    return fuzz_world_target((const uint8_t *)buf, n);
}

static void test_the_world_target_runs_fig1_at_rate_1e_10_to_its_end(void)
{
    /* the hang of issue 12: with the int64 overflow back, this never returns */
    const char *sets[] = {"traffic.rate=1e-10"};
    CU_ASSERT_EQUAL(world_with_sets("scenarios/fig1.json", sets, 1), 0);
}

static void test_the_world_target_clamps_the_horizon_and_counts_events(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_file("scenarios/fig1.json", NULL, 0, &c, &err), 0);
    c.traffic_rate = 10000; /* the loader's largest, for 60 s: clamped to 200 ms */
    CU_ASSERT_EQUAL(fuzz_world_run(&c), 0);
    CU_ASSERT_EQUAL(c.horizon, FUZZ_WORLD_HORIZON);
    mob_config_free(&c);
}

static void test_the_sweep_target_skips_grids_that_would_take_seconds_to_validate(void)
{
    /* 10^5 points: ~4.5 s of validation at -O2, skipped by the guard */
    const char *big = "{\"base\": \"fig1.json\", \"vary\": {\"params.T_b\": {\"from\": \"0ms\", "
                      "\"to\": \"99999ms\", \"step\": \"1ms\"}}, \"replications\": 1}";
    CU_ASSERT_FALSE(fuzz_sweep_admit(big, strlen(big)));
    const char *small = "{\"base\": \"fig1.json\", \"vary\": {\"params.T_b\": {\"from\": \"0ms\", "
                        "\"to\": \"40ms\", \"step\": \"10ms\"}}, \"replications\": 1}";
    CU_ASSERT_TRUE(fuzz_sweep_admit(small, strlen(small)));
    CU_ASSERT_EQUAL(fuzz_sweep_target((const uint8_t *)small, strlen(small)), 0);
    const char *outside = "{\"base\": \"../tests/scenarios/data/minimal.json\"}";
    CU_ASSERT_FALSE(fuzz_sweep_admit(outside, strlen(outside)));
}

void suite_fuzz_replay(void)
{
    ADD_SUITE("models/fuzz_replay", TEST(test_every_world_corpus_input_runs_within_its_bounds),
              TEST(test_every_sweep_corpus_input_keeps_the_loader_promises),
              TEST(test_the_world_target_runs_fig1_at_rate_1e_10_to_its_end),
              TEST(test_the_world_target_clamps_the_horizon_and_counts_events),
              TEST(test_the_sweep_target_skips_grids_that_would_take_seconds_to_validate));
}
