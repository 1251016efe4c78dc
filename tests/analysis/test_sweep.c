/* analysis/sweep: the grid, the point index rule, common random numbers
 * across schemes, the derived probability next to the simulated one, and
 * the messages of bad sweep files. Runs from the repository root (sweep
 * files below name scenarios/fig1.json relative to "scenarios/"). */
#include "tests/testing.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "analysis/sweep.h"
#include "sim/rng.h"

/* A sweep text loaded as if it were scenarios/NAME (so "base": "fig1.json"
 * finds the shipped file). */
static int load(const char *text, sweep_t **s, sim_err_t *err)
{
    return sweep_load_string(text, strlen(text), "scenarios/test-sweep.json", NULL, s, err);
}

static const char grid[] =
    "{\"base\": \"fig1.json\", \"set\": {\"traffic.rate\": 0, \"horizon\": \"5s\"},"
    " \"vary\": {\"moves[1].at\": {\"from\": \"0.9s\", \"to\": \"1.1s\", \"step\": \"100ms\"},"
    "           \"scheme\": [\"baseline\", \"hoa-signaling\"],"
    "           \"params.T_b\": [\"100ms\", \"200ms\"]},"
    " \"replications\": 3, \"seed\": 11}";

static void test_grid_is_the_cartesian_product_with_the_last_key_fastest(void)
{
    sweep_t *s = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(load(grid, &s, &err), 0);
    CU_ASSERT_EQUAL(sweep_n_points(s), 6); /* 3 offsets x 2 T_b; the scheme is no point */
    CU_ASSERT_EQUAL(sweep_n_schemes(s), 2);
    CU_ASSERT_EQUAL(sweep_runs_total(s), 36);
    CU_ASSERT_EQUAL(sweep_seed(s), 11);
    mob_config_t c;
    /* point 3 = offset index 1, T_b index 1 */
    CU_ASSERT_EQUAL_FATAL(sweep_config_at(s, 3, 1, 0, &c, &err), 0);
    CU_ASSERT_EQUAL(c.moves[1].at, SIM_S(1));
    CU_ASSERT_EQUAL(c.T_b, SIM_MS(200));
    CU_ASSERT_EQUAL(c.scheme, MOB_SCHEME_HOA_SIGNALING);
    CU_ASSERT_EQUAL(c.traffic_rate, 0); /* the file's "set" */
    CU_ASSERT_EQUAL(c.horizon, SIM_S(5));
    mob_config_free(&c);
    CU_ASSERT_EQUAL_FATAL(sweep_config_at(s, 4, 0, 0, &c, &err), 0);
    CU_ASSERT_EQUAL(c.moves[1].at, SIM_MS(1100));
    CU_ASSERT_EQUAL(c.T_b, SIM_MS(100));
    CU_ASSERT_EQUAL(c.scheme, MOB_SCHEME_BASELINE);
    char head[4096];
    CU_ASSERT_EQUAL(sweep_csv_header(s, head, sizeof(head)), 0);
    const char *want = "moves_1_at_s,params_T_b_s,scheme,runs,restored_frac,restored_lo,"
                       "restored_hi,restore_time_s_mean,restore_time_s_ci,restore_time_s_p50,"
                       "restore_time_s_p95,data_lost_mean,data_lost_ci,signaling_lost_mean,"
                       "signaling_sent_mean,disruption_s_mean,";
    CU_ASSERT_NSTRING_EQUAL(head, want, strlen(want));
    sweep_destroy(s);
    mob_config_free(&c);
}

static void test_ranges_include_to_when_the_steps_land_on_it(void)
{
    sweep_t *s = NULL;
    sim_err_t err = {0};
    /* 0.1 * 3 is 0.30000000000000004 in binary: 0.3 must still be a value */
    CU_ASSERT_EQUAL_FATAL(load("{\"base\": \"fig1.json\", \"vary\": {\"loss\": {\"from\": 0, "
                               "\"to\": 0.3, \"step\": 0.1}, \"params.T_b\": {\"from\": \"0ms\", "
                               "\"to\": \"250ms\", \"step\": \"100ms\"}}, \"replications\": 1}",
                               &s, &err),
                          0);
    CU_ASSERT_EQUAL(sweep_n_points(s), 4 * 3);
    mob_config_t c;
    CU_ASSERT_EQUAL_FATAL(sweep_config_at(s, 11, 0, 0, &c, &err), 0);
    CU_ASSERT_DOUBLE_EQUAL(c.loss, 0.3, 1e-15);
    CU_ASSERT_EQUAL(c.T_b, SIM_MS(200)); /* 250 ms is not on the grid */
    CU_ASSERT_EQUAL(sweep_seed(s), 1);   /* fig1's seed: the file has none */
    sweep_destroy(s);
    mob_config_free(&c);
}

static const char crn[] =
    "{\"base\": \"fig1.json\", \"set\": {\"traffic.rate\": 0, \"horizon\": \"4s\","
    "  \"delay.access\": {\"dist\": \"uniform\", \"min\": \"2ms\", \"max\": \"8ms\"}},"
    " \"vary\": {\"params.T_b\": [\"100ms\", \"300ms\"], \"scheme\": %s},"
    " \"random\": {\"moves[1].at\": {\"dist\": \"uniform\", \"min\": \"0.8s\", \"max\": \"1.2s\"}},"
    " \"replications\": 40, \"seed\": 3}";

/* The documented rule: value = min + U * (max - min), U the first uniform
 * of stream (seed, point, rep, SWEEP_RNG_RANDOM), rounded to 1 ns. */
static double documented_draw(uint64_t seed, uint64_t point, uint64_t rep)
{
    gsl_rng *g = sim_rng_stream(seed, point, rep, SWEEP_RNG_RANDOM);
    double x = 0.8 + gsl_rng_uniform(g) * 0.4;
    gsl_rng_free(g);
    return (double)llround(x * 1e9) * 1e-9;
}

static void test_every_scheme_sees_the_same_draws_of_a_replication(void)
{
    char text[1024];
    snprintf(text, sizeof(text), crn, "[\"baseline\", \"proxies\", \"hoa-signaling\"]");
    sweep_t *s = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(load(text, &s, &err), 0);
    for (size_t p = 0; p < 2; p++)
        for (uint64_t r = 0; r < 5; r++) {
            double v[1];
            CU_ASSERT_EQUAL(sweep_random_at(s, p, r, v, 1, &err), 0);
            CU_ASSERT_DOUBLE_EQUAL(v[0], documented_draw(3, p, r), 1e-12);
            for (size_t sc = 0; sc < 3; sc++) {
                mob_config_t c;
                CU_ASSERT_EQUAL_FATAL(sweep_config_at(s, p, sc, r, &c, &err), 0);
                CU_ASSERT_EQUAL(c.moves[1].at, (sim_time_t)llround(v[0] * 1e9));
                mob_config_free(&c);
            }
        }
    /* other keys do move the point: T_b = 300ms draws anew */
    CU_ASSERT_NOT_EQUAL(documented_draw(3, 0, 0), documented_draw(3, 1, 0));
    sweep_destroy(s);
}

/* The runs of a scheme are the same numbers whichever other schemes the
 * sweep compares it with, and in whatever order: draws, delays and
 * crypto streams depend on (seed, point, rep) only. */
static void test_a_schemes_runs_do_not_depend_on_the_other_schemes(void)
{
    char a_text[1024], b_text[1024];
    snprintf(a_text, sizeof(a_text), crn, "[\"baseline\"]");
    snprintf(b_text, sizeof(b_text), crn, "[\"hoa-signaling\", \"proxies\", \"baseline\"]");
    sweep_t *a = NULL, *b = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(load(a_text, &a, &err), 0);
    CU_ASSERT_EQUAL_FATAL(load(b_text, &b, &err), 0);
    size_t task = sweep_tasks_per_point(a); /* point 1's first task */
    CU_ASSERT_EQUAL_FATAL(sweep_tasks_per_point(b), task);
    sweep_block_t *ba = sweep_block_create(a, task), *bb = sweep_block_create(b, task);
    CU_ASSERT_EQUAL_FATAL(sweep_block_run(a, ba, &err), 0);
    CU_ASSERT_EQUAL_FATAL(sweep_block_run(b, bb, &err), 0);
    size_t na, nb;
    double *da = sweep_block_data(ba, &na), *db = sweep_block_data(bb, &nb);
    size_t reps = 32, per = 20;                       /* RM_N metrics per run */
    CU_ASSERT_EQUAL_FATAL(na, reps * per + reps);     /* 1 scheme, 1 random key */
    CU_ASSERT_EQUAL_FATAL(nb, 3 * reps * per + reps); /* baseline is scheme 2 in b */
    CU_ASSERT(memcmp(da, db + 2 * reps * per, reps * per * sizeof(double)) == 0);
    CU_ASSERT(memcmp(da + reps * per, db + 3 * reps * per, reps * sizeof(double)) == 0);
    /* and the schemes do differ on the same draws: the comparison is paired */
    CU_ASSERT(memcmp(db, db + 2 * reps * per, reps * per * sizeof(double)) != 0);
    sweep_block_destroy(ba);
    sweep_block_destroy(bb);
    sweep_destroy(a);
    sweep_destroy(b);
}

/* Finished sweep rows through the output module, back from the CSV. */
static int csv_column(const char *header, const char *name)
{
    int col = 0;
    for (const char *p = header; p && *p; col++) {
        size_t n = strcspn(p, ",\n");
        if (n == strlen(name) && strncmp(p, name, n) == 0)
            return col;
        p += n;
        p = *p == ',' ? p + 1 : NULL;
    }
    return -1;
}

static double csv_field(const char *line, int col)
{
    for (int i = 0; i < col && line; i++) {
        line = strchr(line, ',');
        line = line ? line + 1 : NULL;
    }
    return line && *line != ',' && *line != '\n' ? strtod(line, NULL) : NAN;
}

static int sink(void *ctx, sweep_block_t *b, sim_err_t *err)
{
    return sweep_out_add(ctx, b, err);
}

/* Issue 9: with B's move uniform in [0.7 s, 1.5 s] and A's at 1 s, the
 * offset is uniform in [-0.3 s, 0.5 s]; fig1's window is [-W_B, W_A] =
 * [-250 ms, 250 ms] (mobsim window), so P = 0.5 / 0.8 = 0.625. The
 * simulated fraction's Wilson interval over 3000 runs must hold it. */
static void test_derived_probability_lies_in_the_simulated_wilson_interval(void)
{
    const char *text =
        "{\"base\": \"fig1.json\", \"set\": {\"traffic.rate\": 0, \"horizon\": \"4s\"},"
        " \"random\": {\"moves[1].at\": {\"dist\": \"uniform\", \"min\": \"0.7s\", \"max\": "
        "\"1.5s\"}}, \"replications\": 3000, \"seed\": 4}";
    sweep_t *s = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(load(text, &s, &err), 0);
    char dir[] = "/tmp/mobsim-sweep-test-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    sweep_out_options_t oo = {dir, false, false, false};
    sweep_out_t *o = NULL;
    CU_ASSERT_EQUAL_FATAL(sweep_out_open(s, &oo, &o, &err), 0);
    sweep_exec_t x = {2, NULL, sink, NULL, 0, o, NULL};
    CU_ASSERT_EQUAL_FATAL(sweep_execute(s, &x, &err), 0);
    CU_ASSERT_EQUAL_FATAL(sweep_out_finish(o, &err), 0);
    sweep_out_destroy(o);
    char path[256], buf[8192];
    snprintf(path, sizeof(path), "%s/sweep.csv", dir);
    FILE *f = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *row = strchr(buf, '\n') + 1;
    double theory = csv_field(row, csv_column(buf, "vulnerable_theory"));
    double frac = csv_field(row, csv_column(buf, "vulnerable_frac"));
    double lo = csv_field(row, csv_column(buf, "vulnerable_lo"));
    double hi = csv_field(row, csv_column(buf, "vulnerable_hi"));
    CU_ASSERT_DOUBLE_EQUAL(theory, 0.625, 1e-9);
    CU_ASSERT(lo <= theory && theory <= hi);
    if (!(lo <= theory && theory <= hi))
        fprintf(stderr, "\n  theory %.4f outside [%.4f, %.4f] (frac %.4f)\n", theory, lo, hi, frac);
    /* baseline, no loss: a run is restored exactly when it lost nothing */
    CU_ASSERT_DOUBLE_EQUAL(csv_field(row, csv_column(buf, "restored_frac")), 1 - frac, 1e-12);
    static const char *const files[] = {"sweep.csv", "sweep.json", "journal"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    sweep_destroy(s);
}

/* Issue 12: truncation clamps, so the mass below "min" sits on it. B's move
 * is N(1 s, 1 s) clamped to [0.8 s, 1.5 s]; fig1's window puts B in
 * [0.75 s, 1.25 s], which holds the point mass at 0.8 s: P = Phi(0.25). */
static void test_the_theory_counts_the_mass_a_truncation_puts_on_its_bound(void)
{
    const char *text =
        "{\"base\": \"fig1.json\", \"set\": {\"traffic.rate\": 0, \"horizon\": \"4s\"},"
        " \"random\": {\"moves[1].at\": {\"dist\": \"normal\", \"mean\": \"1s\", \"sd\": \"1s\","
        " \"min\": \"0.8s\", \"max\": \"1.5s\"}}, \"replications\": 2000, \"seed\": 4}";
    sweep_t *s = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(load(text, &s, &err), 0);
    char dir[] = "/tmp/mobsim-sweep-test-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    sweep_out_options_t oo = {dir, false, false, false};
    sweep_out_t *o = NULL;
    CU_ASSERT_EQUAL_FATAL(sweep_out_open(s, &oo, &o, &err), 0);
    sweep_exec_t x = {2, NULL, sink, NULL, 0, o, NULL};
    CU_ASSERT_EQUAL_FATAL(sweep_execute(s, &x, &err), 0);
    CU_ASSERT_EQUAL_FATAL(sweep_out_finish(o, &err), 0);
    sweep_out_destroy(o);
    char path[256], buf[8192];
    snprintf(path, sizeof(path), "%s/sweep.csv", dir);
    FILE *f = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *row = strchr(buf, '\n') + 1;
    double theory = csv_field(row, csv_column(buf, "vulnerable_theory"));
    double lo = csv_field(row, csv_column(buf, "vulnerable_lo"));
    double hi = csv_field(row, csv_column(buf, "vulnerable_hi"));
    CU_ASSERT_DOUBLE_EQUAL(theory, 0.5987063256829237, 1e-9); /* Phi(0.25) */
    CU_ASSERT(lo <= theory && theory <= hi);
    if (!(lo <= theory && theory <= hi))
        fprintf(stderr, "\n  theory %.4f outside [%.4f, %.4f]\n", theory, lo, hi);
    static const char *const files[] = {"sweep.csv", "sweep.json", "journal"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    sweep_destroy(s);
}

static void expect_error(const char *text, const char *want)
{
    sweep_t *s = NULL;
    sim_err_t err = {0};
    int rc = load(text, &s, &err);
    CU_ASSERT_EQUAL(rc, -SIM_EINVAL);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_NSTRING_EQUAL(err.msg, want, strlen(want));
    if (strncmp(err.msg, want, strlen(want)) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    sweep_destroy(s);
}

#define F "scenarios/test-sweep.json: "

static void test_bad_sweep_files_name_the_json_path(void)
{
    expect_error("{\"base\": \"fig1.json\"}", F "$: expected a key \"replications\"");
    expect_error("{\"vary\": {}, \"replications\": 2}", F "$: expected a key \"base\"");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 0}",
                 F "$.replications: expected a whole number from 1 to 1000000000, got 0");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"repetitions\": 3}",
                 F "$.repetitions: unknown key; expected one of");
    expect_error("{\"base\": \"nope.json\", \"replications\": 2}",
                 F "$.base: scenarios/nope.json: cannot read: No such file or directory");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"vary\": {\"params.T_b\": "
                 "{\"from\": \"0ms\", \"to\": \"1s\", \"step\": \"0ms\"}}}",
                 F "$.vary[\"params.T_b\"].step: expected a step above 0");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"vary\": {\"params.T_b\": "
                 "{\"from\": \"0ms\", \"to\": \"1s\"}}}",
                 F "$.vary[\"params.T_b\"]: expected a key \"step\"");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"vary\": {\"moves[5].at\": "
                 "[\"1s\"]}}",
                 F "$.vary[\"moves[5].at\"]: expected a path into the base scenario: $.moves[5]: "
                   "expected an index below 2");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"vary\": {\"scheme\": "
                 "[\"baseline\", \"hoa\"]}}",
                 F "$.vary.scheme[1]: expected a scheme");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"vary\": {\"params.T_b\": "
                 "[\"10ms\", \"fast\"]}}",
                 F "$.vary: grid point 1 (params.T_b=fast): scenarios/fig1.json: $.params.T_b: "
                   "expected a time such as \"120ms\"");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"random\": {\"moves[1].at\": "
                 "{\"dist\": \"uniform\", \"min\": \"2s\", \"max\": \"1s\"}}}",
                 F "$.random[\"moves[1].at\"].max: expected \"max\" at or above \"min\"");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"random\": {\"moves[1].at\": "
                 "{\"dist\": \"poisson\"}}}",
                 F "$.random[\"moves[1].at\"].dist: expected \"uniform\", \"normal\", "
                   "\"exponential\" or \"lognormal\", got \"poisson\"");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"random\": {\"scheme\": "
                 "{\"dist\": \"uniform\", \"min\": 0, \"max\": 1}}}",
                 F "$.random.scheme: expected a scenario key other than \"scheme\"");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"reference\": \"proxies\"}",
                 F "$.reference: expected one of the schemes of $.vary.scheme");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"metrics\": [\"speed\"]}",
                 F "$.metrics[0]: expected a metric name, one of \"restored\"");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"set\": {\"hosts[7].name\": "
                 "\"C\"}}",
                 F "$.set[\"hosts[7].name\"]: expected a path into the base scenario: $.hosts[7]");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"vary\": {\"scheme\": "
                 "[\"baseline\"], \"$.scheme\": [\"proxies\"]}}",
                 F "$.vary[\"$.scheme\"]: expected a key not already varied: it is the same as "
                   "$.vary.scheme");
    expect_error("{\"base\": \"fig1.json\", \"replications\": 2, \"vary\": {\"params.T_b\": "
                 "[]}}",
                 F "$.vary[\"params.T_b\"]: expected a list of at least one value");
}

/* A random key whose draws could break the scenario is refused when the
 * sweep loads, not when a run draws it: nothing has run, nothing is written. */
static void test_a_random_key_that_can_break_the_scenario_is_refused_at_load(void)
{
    expect_error("{\"base\": \"fig1.json\", \"set\": {\"traffic.rate\": 0}, \"random\": {\"loss\": "
                 "{\"dist\": \"normal\", \"mean\": 0.1, \"sd\": 0.5}}, \"replications\": 50, "
                 "\"seed\": 1}",
                 F
                 "$.random.loss: expected a distribution whose draws keep the scenario valid, but "
                 "at its 1e-12 quantile (-3.41724) the scenario is invalid: scenarios/fig1.json: "
                 "$.loss: expected a loss probability from 0 to 1, got -3.417241912650566; give "
                 "\"min\" to truncate");
    /* truncated to [0, 1] it loads, and every draw is a probability */
    sweep_t *s = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(load("{\"base\": \"fig1.json\", \"set\": {\"traffic.rate\": 0}, "
                               "\"random\": {\"loss\": {\"dist\": \"normal\", \"mean\": 0.1, "
                               "\"sd\": 0.5, \"min\": 0, \"max\": 1}}, \"replications\": 50, "
                               "\"seed\": 1}",
                               &s, &err),
                          0);
    int at_zero = 0;
    for (uint64_t r = 0; r < 50; r++) {
        double v[1];
        CU_ASSERT_EQUAL(sweep_random_at(s, 0, r, v, 1, &err), 0);
        CU_ASSERT(v[0] >= 0 && v[0] <= 1);
        at_zero += v[0] == 0;
    }
    CU_ASSERT(at_zero > 5); /* P(N(0.1, 0.5) < 0) = 0.42: clamped, not redrawn */
    sweep_destroy(s);
}

/* Columns are named by the canonical path, whatever the file wrote. */
static void test_columns_are_named_by_the_canonical_path(void)
{
    sweep_t *s = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(
        load("{\"base\": \"fig1.json\", \"vary\": {\"$.moves[01].at\": [\"1.1s\"], "
             "\"scheme\": [\"baseline\"]}, \"replications\": 1}",
             &s, &err),
        0);
    char head[4096];
    CU_ASSERT_EQUAL(sweep_csv_header(s, head, sizeof(head)), 0);
    CU_ASSERT_NSTRING_EQUAL(head, "moves_1_at_s,scheme,runs,", 25);
    sweep_destroy(s);
}

void suite_sweep(void)
{
    ADD_SUITE("sweep", TEST(test_grid_is_the_cartesian_product_with_the_last_key_fastest),
              TEST(test_ranges_include_to_when_the_steps_land_on_it),
              TEST(test_every_scheme_sees_the_same_draws_of_a_replication),
              TEST(test_a_schemes_runs_do_not_depend_on_the_other_schemes),
              TEST(test_derived_probability_lies_in_the_simulated_wilson_interval),
              TEST(test_bad_sweep_files_name_the_json_path),
              TEST(test_a_random_key_that_can_break_the_scenario_is_refused_at_load),
              TEST(test_columns_are_named_by_the_canonical_path),
              TEST(test_the_theory_counts_the_mass_a_truncation_puts_on_its_bound));
}
