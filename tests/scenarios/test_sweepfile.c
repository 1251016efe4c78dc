/* scenarios/sweepfile: what the sweep-file loader refuses before anything
 * runs - overlapping paths however they are spelled, random keys whose
 * draws could break the scenario, a varied seed, a --set that a vary key
 * overrides - with the exact one-line message, and the same through
 * `mobsim validate` and `mobsim sweep` (status 2, no output directory).
 * Runs from the repository root ($MOBSIM, default build/mobsim). */
#include "tests/testing.h"
#include "tests/util.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scenarios/sweepfile.h"

#define F    "scenarios/test-sweepfile.json: "
#define DATA "tests/cli/data/"

/* The text of a sweep on fig1 with the given keys after "base" (so
 * "base": "fig1.json" finds the shipped file). */
static int load_with(const char *keys, const char *const *sets, size_t n_sets, scn_sweep_t **d,
                     sim_err_t *err)
{
    char text[2048]; /* keys with a "set" of their own replace the default one */
    snprintf(text, sizeof(text), "{\"base\": \"fig1.json\", %s\"replications\": 4, %s}",
             strstr(keys, "\"set\"") ? ""
                                     : "\"set\": {\"horizon\": \"10s\", \"traffic.rate\": 0}, ",
             keys);
    scn_sweep_options_t o = {0};
    o.sets = sets;
    o.n_sets = n_sets;
    return scn_sweep_load_string(text, strlen(text), "scenarios/test-sweepfile.json", &o, d, err);
}

static void expect_refused(const char *keys, const char *const *sets, size_t n_sets,
                           const char *want)
{
    scn_sweep_t *d = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(load_with(keys, sets, n_sets, &d, &err), -SIM_EINVAL);
    CU_ASSERT_PTR_NULL(d);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    if (strcmp(err.msg, want) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));
    scn_sweep_destroy(d);
}

static void expect_loaded(const char *keys, const char *const *sets, size_t n_sets, scn_sweep_t **d)
{
    sim_err_t err = {0};
    *d = NULL;
    CU_ASSERT_EQUAL(load_with(keys, sets, n_sets, d, &err), 0);
    if (!*d)
        fprintf(stderr, "\n  refused: %s\n", err.msg);
}

static void test_paths_naming_one_value_are_refused_however_spelled(void)
{
    expect_refused("\"vary\": {\"moves[1].at\": [\"1s\"], \"moves[01].at\": [\"2s\"]}", NULL, 0,
                   F "$.vary[\"moves[01].at\"]: expected a key not already varied: it is the "
                     "same as $.vary[\"moves[1].at\"]");
    expect_refused("\"vary\": {\"moves[1].at\": [\"1s\"]}, \"random\": {\"moves[01].at\": "
                   "{\"dist\": \"uniform\", \"min\": \"1s\", \"max\": \"2s\"}}",
                   NULL, 0,
                   F "$.random[\"moves[01].at\"]: expected a key not already varied: it is the "
                     "same as $.vary[\"moves[1].at\"]");
    expect_refused("\"vary\": {\"delay.core\": [{\"default\": \"10ms\"}]}, \"random\": "
                   "{\"delay.core.default\": {\"dist\": \"uniform\", \"min\": \"10ms\", \"max\": "
                   "\"30ms\"}}",
                   NULL, 0,
                   F "$.random[\"delay.core.default\"]: expected a key not already varied: it "
                     "lies inside $.vary[\"delay.core\"]");
    expect_refused("\"vary\": {\"delay.core.default\": [\"10ms\"], \"$.delay.core\": "
                   "[{\"default\": \"10ms\"}]}",
                   NULL, 0,
                   F "$.vary[\"$.delay.core\"]: expected a key not already varied: it contains "
                     "$.vary[\"delay.core.default\"]");
    expect_refused("\"random\": {\"loss\": {\"dist\": \"uniform\", \"min\": 0, \"max\": 0.1}, "
                   "\"$loss\": {\"dist\": \"uniform\", \"min\": 0, \"max\": 0.1}}",
                   NULL, 0,
                   F "$.random[\"$loss\"]: expected a key not already varied: it is the same as "
                     "$.random.loss");
    expect_refused("\"vary\": {\"moves[1]at\": [\"1s\"]}", NULL, 0,
                   F "$.vary[\"moves[1]at\"]: expected a path into the base scenario: expected "
                     "a path of keys separated by \".\" with [N] indices, such as \"params.T_b\" "
                     "or \"moves[1].at\"");
}

static void test_columns_are_named_by_the_canonical_path(void)
{
    scn_sweep_t *d;
    expect_loaded("\"vary\": {\"moves[01].at\": [\"1s\", \"1.1s\"]}, \"random\": "
                  "{\"$.delay.core.default\": {\"dist\": \"uniform\", \"min\": \"10ms\", \"max\": "
                  "\"30ms\"}}",
                  NULL, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_STRING_EQUAL(d->keys[0].path, "moves[1].at");
    CU_ASSERT_STRING_EQUAL(d->rnd[0].path, "delay.core.default");
    CU_ASSERT_EQUAL(d->n_points, 2);
    scn_sweep_destroy(d);
}

static void test_random_keys_whose_tails_break_the_scenario_are_refused(void)
{
    expect_refused("\"random\": {\"moves[1].at\": {\"dist\": \"exponential\", \"mean\": \"5s\"}}",
                   NULL, 0,
                   F "$.random[\"moves[1].at\"]: expected a distribution whose draws keep the "
                     "scenario valid, but at its 1-1e-12 quantile (138.2s) the scenario is "
                     "invalid: scenarios/fig1.json: $.moves[1].at: expected a time before the "
                     "horizon (10s), got 138155105.58us; give \"max\" to truncate");
    expect_refused("\"random\": {\"loss\": {\"dist\": \"normal\", \"mean\": 0.1, \"sd\": 0.05}}",
                   NULL, 0,
                   F "$.random.loss: expected a distribution whose draws keep the scenario valid, "
                     "but at its 1e-12 quantile (-0.251724) the scenario is invalid: "
                     "scenarios/fig1.json: $.loss: expected a loss probability from 0 to 1, got "
                     "-0.25172419126505663; give \"min\" to truncate");
    expect_refused("\"random\": {\"loss\": {\"dist\": \"uniform\", \"min\": 0.5, \"max\": 1.5}}",
                   NULL, 0,
                   F "$.random.loss: expected a distribution whose draws keep the scenario valid, "
                     "but at its max (1.5) the scenario is invalid: scenarios/fig1.json: $.loss: "
                     "expected a loss probability from 0 to 1, got 1.5");
}

/* The lognormal message goes on with the delay rule; its start is exact. */
static void expect_prefix(const char *keys, const char *want)
{
    scn_sweep_t *d = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(load_with(keys, NULL, 0, &d, &err), -SIM_EINVAL);
    CU_ASSERT_NSTRING_EQUAL(err.msg, want, strlen(want));
    if (strncmp(err.msg, want, strlen(want)) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    scn_sweep_destroy(d);
}

static void test_a_negative_rate_or_a_huge_sigma_is_refused_at_the_tail(void)
{
    expect_prefix("\"set\": {\"horizon\": \"10s\"}, \"random\": {\"traffic.rate\": {\"dist\": "
                  "\"normal\", \"mean\": 10, \"sd\": 5}}",
                  F "$.random[\"traffic.rate\"]: expected a distribution whose draws keep the "
                    "scenario valid, but at its 1e-12 quantile (-25.1724) the scenario is invalid: "
                    "scenarios/fig1.json: $.traffic.rate: expected a rate in packets per second "
                    "each way: 0 (no data) or from 0.001 to 10000, got -25.172419126505659; give "
                    "\"min\" to truncate");
    expect_prefix("\"random\": {\"loss\": {\"dist\": \"lognormal\", \"median\": 0.01, "
                  "\"sigma\": 1000}}",
                  F "$.random.loss: expected a distribution whose draws keep the scenario valid, "
                    "but at its 1-1e-12 quantile (inf) the scenario is invalid: "
                    "scenarios/fig1.json: $.loss: expected a loss probability from 0 to 1, got "
                    "inf; give \"max\" to truncate");
}

static void test_min_and_max_truncate_a_distribution_by_clamping(void)
{
    scn_sweep_t *d;
    expect_loaded("\"random\": {\"moves[1].at\": {\"dist\": \"exponential\", \"mean\": \"5s\", "
                  "\"max\": \"9s\"}}",
                  NULL, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    const scn_sweep_random_t *r = &d->rnd[0];
    CU_ASSERT_DOUBLE_EQUAL(scn_sweep_random_value(r, 100.0), 9.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(scn_sweep_random_value(r, 1.25), 1.25, 1e-12); /* inside: as drawn */
    scn_sweep_destroy(d);
    expect_loaded("\"random\": {\"loss\": {\"dist\": \"normal\", \"mean\": 0.1, \"sd\": 0.1, "
                  "\"min\": 0, \"max\": 1, \"shift\": 0.05}}",
                  NULL, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_DOUBLE_EQUAL(scn_sweep_random_value(&d->rnd[0], -3.0), 0.0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(scn_sweep_random_value(&d->rnd[0], 0.1), 0.15, 1e-15);
    scn_sweep_destroy(d);
    /* a bound that itself breaks the scenario: no "give max" hint */
    expect_refused("\"random\": {\"moves[1].at\": {\"dist\": \"exponential\", \"mean\": \"5s\", "
                   "\"max\": \"12s\"}}",
                   NULL, 0,
                   F "$.random[\"moves[1].at\"]: expected a distribution whose draws keep the "
                     "scenario valid, but at its max (12s) the scenario is invalid: "
                     "scenarios/fig1.json: $.moves[1].at: expected a time before the horizon "
                     "(10s), got 12s");
    expect_refused("\"random\": {\"moves[1].at\": {\"dist\": \"normal\", \"mean\": \"1s\", \"sd\": "
                   "\"0.1s\", \"min\": \"2s\", \"max\": \"1s\"}}",
                   NULL, 0,
                   F "$.random[\"moves[1].at\"].max: expected \"max\" at or above \"min\"");
    expect_refused("\"random\": {\"loss\": {\"dist\": \"normal\", \"mean\": 0.1, \"sd\": 0.1, "
                   "\"max\": \"1s\"}}",
                   NULL, 0,
                   F "$.random.loss.max: expected a number (as the other parameters), got \"1s\"");
}

/* Each key's ends pass with the other at its mean; together they do not. */
static void test_ends_that_break_the_scenario_together_are_refused(void)
{
    expect_prefix("\"set\": {\"traffic.rate\": 0}, \"random\": {\"horizon\": {\"dist\": "
                  "\"normal\", \"mean\": \"10s\", \"sd\": "
                  "\"0.1s\"}, \"moves[1].at\": {\"dist\": \"normal\", \"mean\": \"5s\", \"sd\": "
                  "\"0.62s\"}}",
                  F "$.random: expected distributions whose draws keep the scenario valid "
                    "together, but with horizon at its 1e-12 quantile (9.297s), moves[1].at at "
                    "its 1-1e-12 quantile (9.361s) the scenario is invalid: scenarios/fig1.json: "
                    "$.moves[1].at: expected a time before the horizon");
}

static void test_varying_or_drawing_the_seed_is_refused(void)
{
    const char *why = "every run of a sweep already has its own random streams, derived from the "
                      "top-level \"seed\" (or --seed), so ";
    char want[1024];
    snprintf(want, sizeof(want), F "$.vary.seed: expected a scenario key other than \"seed\": %s%s",
             why,
             "varying the scenario's seed would change nothing; give more \"replications\" for "
             "more independent runs, or run the sweep again with another --seed");
    expect_refused("\"vary\": {\"seed\": [1, 2]}", NULL, 0, want);
    snprintf(want, sizeof(want),
             F "$.random[\"$.seed\"]: expected a scenario key other than \"seed\": %s%s", why,
             "drawing the scenario's seed would change nothing; give more \"replications\" for "
             "more independent runs, or run the sweep again with another --seed");
    expect_refused("\"random\": {\"$.seed\": {\"dist\": \"uniform\", \"min\": 1, \"max\": 9}}",
                   NULL, 0, want);
}

static void test_a_set_that_the_sweep_overrides_is_refused(void)
{
    const char *tb[] = {"params.T_b=12x"};
    expect_refused("\"vary\": {\"params.T_b\": [\"100ms\", \"200ms\"]}", tb, 1,
                   F "--set params.T_b=12x: this key is varied by the sweep "
                     "($.vary[\"params.T_b\"]), so the --set would have no effect");
    const char *at[] = {"moves[01].at=2s"};
    expect_refused("\"random\": {\"moves[1].at\": {\"dist\": \"uniform\", \"min\": \"1s\", "
                   "\"max\": \"2s\"}}",
                   at, 1,
                   F "--set moves[01].at=2s: this key is drawn at random by the sweep "
                     "($.random[\"moves[1].at\"]), so the --set would have no effect");
    const char *sc[] = {"scheme=proxies"};
    expect_refused("\"vary\": {\"scheme\": [\"baseline\", \"hoa-signaling\"]}", sc, 1,
                   F "--set scheme=proxies: this key is varied by the sweep ($.vary.scheme), so "
                     "the --set would have no effect");
    /* the file's own "set", inside a varied key */
    expect_refused("\"set\": {\"delay.core.default\": \"5ms\", \"traffic.rate\": 0}, \"vary\": "
                   "{\"delay.core\": "
                   "[{\"default\": \"10ms\"}]}",
                   NULL, 0,
                   F "$.set[\"delay.core.default\"]: expected a key the sweep does not vary: it "
                     "is varied by $.vary[\"delay.core\"], so this value would have no effect");
    /* a set above a varied key still sets its siblings: accepted */
    scn_sweep_t *d;
    const char *params[] = {"params={\"T_b\": \"50ms\", \"T_h\": \"300ms\"}"};
    expect_loaded("\"vary\": {\"params.T_b\": [\"100ms\", \"200ms\"]}", params, 1, &d);
    CU_ASSERT_PTR_NOT_NULL(d);
    scn_sweep_destroy(d);
}

static void test_a_bad_set_value_is_named_with_its_set(void)
{
    const char *h[] = {"loss=2"};
    scn_sweep_t *d = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(load_with("\"vary\": {\"params.T_b\": [\"100ms\"]}", h, 1, &d, &err),
                    -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, F "$.vary: grid point 0 (params.T_b=100ms): "
                                      "scenarios/fig1.json: $.loss: expected a loss probability "
                                      "from 0 to 1, got 2 (from --set loss=2)");
    scn_sweep_destroy(d);
    expect_refused("\"set\": {\"horizon\": \"12x\"}", NULL, 0,
                   F "$.base: scenarios/fig1.json: $.horizon: expected a time such as \"120ms\" "
                     "(units ns, us, ms, s, min) or a number of seconds, got \"12x\" (from "
                     "$.set.horizon)");
}

typedef struct seen {
    size_t calls, last_point;
} seen_t;

static int count_points(void *ctx, const scn_sweep_t *d, size_t point, size_t scheme,
                        const mob_config_t *cfg, sim_err_t *err)
{
    (void)d;
    (void)scheme;
    (void)err;
    seen_t *s = ctx;
    s->calls++;
    s->last_point = point;
    return cfg->horizon == SIM_S(10) ? 0 : -SIM_EINVAL;
}

static void test_every_grid_point_and_scheme_is_validated(void)
{
    const char *text =
        "{\"base\": \"fig1.json\", \"set\": {\"horizon\": \"10s\"}, \"vary\": {\"params.T_b\": "
        "[\"100ms\", \"200ms\", \"300ms\"], \"scheme\": [\"baseline\", \"proxies\"]}, "
        "\"metrics\": [\"b\"], \"replications\": 4, \"seed\": 6}";
    static const char *const names[] = {"a", "b"};
    seen_t seen = {0, 0};
    scn_sweep_options_t o = {0};
    o.metric_names = names;
    o.n_metric_names = 2;
    o.on_point = count_points;
    o.ctx = &seen;
    scn_sweep_t *d = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(
        scn_sweep_load_string(text, strlen(text), "scenarios/test-sweepfile.json", &o, &d, &err),
        0);
    CU_ASSERT_EQUAL(seen.calls, 6);
    CU_ASSERT_EQUAL(seen.last_point, 2);
    CU_ASSERT_EQUAL(d->n_points, 3);
    CU_ASSERT_EQUAL(d->n_schemes, 2);
    CU_ASSERT_EQUAL(d->n_metrics, 1);
    CU_ASSERT_EQUAL(d->metrics[0], 1);
    CU_ASSERT_EQUAL(d->seed, 6);
    CU_ASSERT_EQUAL(d->reps, 4);
    scn_sweep_destroy(d);
}

/* ------------------------------------------------------------ the command */

typedef struct outcome {
    int status;
    char err[4096];
} outcome_t;

static outcome_t run_mobsim(const char *arg, ...)
{
    const char *argv[16] = {tu_mobsim()};
    int n = 1;
    va_list ap;
    va_start(ap, arg);
    for (const char *a = arg; a && n < 15; a = va_arg(ap, const char *))
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    outcome_t o = {-1, ""};
    char err_tmp[] = "/tmp/mobsim-sweepfile-err-XXXXXX";
    int fd = mkstemp(err_tmp);
    CU_ASSERT_FATAL(fd >= 0);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(fd, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int ws = 0;
    waitpid(pid, &ws, 0);
    o.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    lseek(fd, 0, SEEK_SET);
    ssize_t got = read(fd, o.err, sizeof(o.err) - 1);
    o.err[got > 0 ? got : 0] = 0;
    close(fd);
    unlink(err_tmp);
    return o;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* validate and sweep: status 2, exactly want (after "mobsim sweep: " for
 * sweep), and no output directory. */
static void expect_cli_refuses(const char *file, const char *set, const char *want)
{
    char dir[] = "/tmp/mobsim-sweepfile-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char out[64], line[2048];
    snprintf(out, sizeof(out), "%s/out", dir);
    outcome_t v = set ? run_mobsim("validate", file, "--set", set, (char *)NULL)
                      : run_mobsim("validate", file, (char *)NULL);
    snprintf(line, sizeof(line), "%s\n", want);
    CU_ASSERT_EQUAL(v.status, 2);
    CU_ASSERT_STRING_EQUAL(v.err, line);
    if (strcmp(v.err, line) != 0)
        fprintf(stderr, "\n  want: %s  got:  %s", line, v.err);
    outcome_t s = set ? run_mobsim("sweep", file, "--set", set, "-o", out, (char *)NULL)
                      : run_mobsim("sweep", file, "-o", out, (char *)NULL);
    snprintf(line, sizeof(line), "mobsim sweep: %s\n", want);
    CU_ASSERT_EQUAL(s.status, 2);
    CU_ASSERT_STRING_EQUAL(s.err, line);
    CU_ASSERT_FALSE(exists(out)); /* no directory, so no journal either */
    rmdir(dir);
}

static void test_the_command_refuses_these_sweeps_before_creating_anything(void)
{
    expect_cli_refuses(DATA "sweep-random-past-horizon.json", NULL,
                       DATA "sweep-random-past-horizon.json: $.random[\"moves[1].at\"]: expected "
                            "a distribution whose draws keep the scenario valid, but at its "
                            "1-1e-12 quantile (138.2s) the scenario is invalid: " DATA
                            "../../../scenarios/fig1.json: $.moves[1].at: expected a time before "
                            "the horizon (10s), got 138155105.58us; give \"max\" to truncate");
    expect_cli_refuses(DATA "sweep-overlap.json", NULL,
                       DATA "sweep-overlap.json: $.random[\"moves[01].at\"]: expected a key not "
                            "already varied: it is the same as $.vary[\"moves[1].at\"]");
    expect_cli_refuses(DATA "sweep-seed.json", NULL,
                       DATA "sweep-seed.json: $.vary.seed: expected a scenario key other than "
                            "\"seed\": every run of a sweep already has its own random streams, "
                            "derived from the top-level \"seed\" (or --seed), so varying the "
                            "scenario's seed would change nothing; give more \"replications\" for "
                            "more independent runs, or run the sweep again with another --seed");
    expect_cli_refuses(DATA "sweep-small.json", "moves[1].at=12x",
                       DATA "sweep-small.json: --set moves[1].at=12x: this key is varied by the "
                            "sweep ($.vary[\"moves[1].at\"]), so the --set would have no effect");
}

/* The fwd_buffer that (point 0, scheme sc) runs with. */
static sim_time_t fwd_buffer_of(const scn_sweep_t *d, size_t sc)
{
    cJSON *t = NULL;
    sim_err_t err = {0};
    mob_config_t c;
    if (scn_sweep_point_tree(d, 0, sc, &t, &err) || scn_sweep_config(d, t, 0, sc, -1, &c, &err)) {
        cJSON_Delete(t);
        return -1;
    }
    sim_time_t v = c.fwd_buffer;
    mob_config_free(&c);
    cJSON_Delete(t);
    return v;
}

static void test_a_scheme_set_reaches_only_the_scenario_of_its_scheme(void)
{
    scn_sweep_t *d;
    expect_loaded("\"vary\": {\"scheme\": [\"baseline\", \"forwarding\", \"proxies\"]}, "
                  "\"scheme_set\": {\"forwarding\": {\"params.fwd_buffer\": \"100ms\"}}",
                  NULL, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(d->n_scheme_sets, 1);
    CU_ASSERT_EQUAL(fwd_buffer_of(d, 0), 0);           /* baseline: fig1's 0 ms */
    CU_ASSERT_EQUAL(fwd_buffer_of(d, 1), SIM_MS(100)); /* forwarding: Figure 4's */
    CU_ASSERT_EQUAL(fwd_buffer_of(d, 2), 0);
    scn_sweep_destroy(d);
}

static void test_a_bad_scheme_set_is_refused_at_its_json_path(void)
{
    expect_refused("\"vary\": {\"scheme\": [\"baseline\"]}, \"scheme_set\": {\"forwarding\": "
                   "{\"params.fwd_buffer\": \"100ms\"}}",
                   NULL, 0,
                   F "$.scheme_set.forwarding: expected a scheme of $.vary.scheme, got "
                     "\"forwarding\"");
    expect_refused("\"vary\": {\"params.fwd_buffer\": [\"0ms\"], \"scheme\": [\"forwarding\"]}, "
                   "\"scheme_set\": {\"forwarding\": {\"params.fwd_buffer\": \"100ms\"}}",
                   NULL, 0,
                   F "$.scheme_set.forwarding[\"params.fwd_buffer\"]: expected a key the sweep "
                     "does not vary: it is varied by $.vary[\"params.fwd_buffer\"], so this "
                     "value would have no effect");
    expect_refused("\"vary\": {\"scheme\": [\"forwarding\"]}, \"scheme_set\": {\"forwarding\": "
                   "{\"params.fwd_buffer\": \"soon\"}}",
                   NULL, 0,
                   F "$.vary: grid point 0 (scheme=forwarding): scenarios/fig1.json: "
                     "$.params.fwd_buffer: expected a time such as \"120ms\" (units ns, us, ms, "
                     "s, min) or a number of seconds, got \"soon\" (from "
                     "$.scheme_set.forwarding[\"params.fwd_buffer\"])");
}

static void test_axes_name_label_and_shift_a_column(void)
{
    scn_sweep_t *d;
    expect_loaded("\"vary\": {\"moves[1].at\": [\"0.6s\", \"1.03s\"], \"params.T_b\": [\"0ms\"]}, "
                  "\"random\": {\"delay.core.default\": {\"dist\": \"uniform\", \"min\": \"10ms\", "
                  "\"max\": \"30ms\"}}, \"axes\": {\"moves[1].at\": {\"name\": \"offset_s\", "
                  "\"label\": \"offset D (s)\", \"transform\": {\"minus\": \"moves[0].at\"}}}",
                  NULL, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_STRING_EQUAL(d->keys[0].axis.name, "offset_s");
    CU_ASSERT_STRING_EQUAL(d->keys[0].axis.label, "offset D (s)");
    CU_ASSERT_STRING_EQUAL(d->keys[0].axis.legend, "offset D");
    CU_ASSERT_EQUAL(d->keys[0].shown[0], -0.4); /* 0.6 s - fig1's 1 s, exact in ns */
    CU_ASSERT_DOUBLE_EQUAL(d->keys[0].shown[1], 0.03, 1e-15);
    CU_ASSERT_EQUAL(d->keys[0].num[1], 1.03); /* what the run gets is unchanged */
    /* without an entry: the path as an identifier, _s for times */
    CU_ASSERT_STRING_EQUAL(d->keys[1].axis.name, "params_T_b_s");
    CU_ASSERT_STRING_EQUAL(d->rnd[0].axis.name, "delay_core_default_s");
    scn_sweep_destroy(d);
}

static void test_bad_axes_are_refused_at_their_json_path(void)
{
    expect_refused("\"vary\": {\"moves[1].at\": [\"1s\"]}, \"axes\": {\"moves[1].at\": "
                   "{\"name\": \"offset (s)\"}}",
                   NULL, 0,
                   F "$.axes[\"moves[1].at\"].name: expected a column name of at most 63 letters, "
                     "digits and \"_\", not starting with a digit, such as \"offset_s\"");
    expect_refused("\"vary\": {\"moves[1].at\": [\"1s\"]}, \"axes\": {\"moves[0].at\": "
                   "{\"name\": \"t_A_s\"}}",
                   NULL, 0,
                   F "$.axes[\"moves[0].at\"]: expected a path of $.vary or $.random (not the "
                     "scheme)");
    expect_refused("\"vary\": {\"moves[1].at\": [\"1s\"], \"moves[0].at\": [\"1s\"]}, \"axes\": "
                   "{\"moves[1].at\": {\"transform\": {\"minus\": \"moves[0].at\"}}}",
                   NULL, 0,
                   F "$.axes[\"moves[1].at\"].transform.minus: expected a key the sweep does not "
                     "vary, but $.vary[\"moves[0].at\"] varies it");
    expect_refused("\"vary\": {\"moves[1].at\": [\"1s\"]}, \"axes\": {\"moves[1].at\": "
                   "{\"transform\": {\"minus\": \"traffic.rate\"}}}",
                   NULL, 0,
                   F "$.axes[\"moves[1].at\"].transform.minus: expected a path whose value in the "
                     "base scenario is a time such as \"1s\", got another value");
    expect_refused("\"vary\": {\"moves[1].at\": [\"1s\"], \"moves[0].at\": [\"1s\"]}, \"axes\": "
                   "{\"moves[1].at\": {\"name\": \"t_s\"}, \"moves[0].at\": {\"name\": \"t_s\"}}",
                   NULL, 0,
                   F "$.vary[\"moves[0].at\"]: expected a column name of its own, but \"t_s\" also "
                     "names $.vary[\"moves[1].at\"] (give $.axes another \"name\")");
}

/* Two configurations alike: the arrays by content, the rest byte for byte. */
static bool same_config(const mob_config_t *a, const mob_config_t *b)
{
    if (a->n_nets != b->n_nets || a->n_hosts != b->n_hosts || a->n_moves != b->n_moves ||
        a->n_pairs != b->n_pairs || a->n_peers != b->n_peers || a->n_steps != b->n_steps)
        return false;
    if ((a->n_nets && memcmp(a->nets, b->nets, (size_t)a->n_nets * sizeof(*a->nets))) ||
        (a->n_hosts && memcmp(a->hosts, b->hosts, (size_t)a->n_hosts * sizeof(*a->hosts))) ||
        (a->n_moves && memcmp(a->moves, b->moves, (size_t)a->n_moves * sizeof(*a->moves))) ||
        (a->n_pairs && memcmp(a->pairs, b->pairs, (size_t)a->n_pairs * sizeof(*a->pairs))) ||
        (a->n_peers && memcmp(a->peers, b->peers, (size_t)a->n_peers * sizeof(*a->peers))))
        return false;
    for (int i = 0; i < a->n_hosts; i++) {
        mob_mobility_t x = a->mobility[i], y = b->mobility[i];
        x.nets = y.nets = NULL;
        if (memcmp(&x, &y, sizeof(x)))
            return false;
    }
    mob_config_t x = *a, y = *b;
    mob_config_t *c[2] = {&x, &y};
    for (int i = 0; i < 2; i++) {
        c[i]->nets = NULL, c[i]->pairs = NULL, c[i]->hosts = NULL, c[i]->mobility = NULL;
        c[i]->peers = NULL, c[i]->moves = NULL, c[i]->no_ro = NULL, c[i]->edges = NULL;
        c[i]->groups = NULL, c[i]->classes = NULL, c[i]->steps = NULL, c[i]->pnodes = NULL;
        c[i]->taps = NULL;
        c[i]->cap_nets = c[i]->cap_pairs = c[i]->cap_hosts = c[i]->cap_peers = 0;
        c[i]->cap_moves = c[i]->cap_no_ro = c[i]->cap_edges = c[i]->cap_groups = 0;
        c[i]->cap_classes = c[i]->cap_steps = c[i]->cap_pnodes = c[i]->cap_taps = 0;
    }
    return memcmp(&x, &y, sizeof(x)) == 0;
}

/* The configuration of (point, scheme) with vals through JSON: 0 or the error. */
static int json_config(const scn_sweep_t *d, size_t p, size_t sc, const double *vals,
                       mob_config_t *out, sim_err_t *err)
{
    cJSON *t = NULL;
    int rc = scn_sweep_point_tree(d, p, sc, &t, err);
    if (!rc && !(rc = scn_sweep_put_random(d, t, vals, err)))
        rc = scn_sweep_config(d, t, p, sc, 3, out, err);
    cJSON_Delete(t);
    return rc;
}

/* Redrawing a built scenario gives exactly what the JSON route builds, at
 * every grid point and scheme, for draws that are not whole milliseconds. */
static void expect_redraws_match(const char *keys, const double *draws, size_t n_draws)
{
    scn_sweep_t *d = NULL;
    expect_loaded(keys, NULL, 0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(d->n_random, 1);
    for (size_t p = 0; p < d->n_points; p++)
        for (size_t sc = 0; sc < d->n_schemes; sc++) {
            cJSON *t = NULL;
            sim_err_t err = {0};
            CU_ASSERT_EQUAL_FATAL(scn_sweep_point_tree(d, p, sc, &t, &err), 0);
            CU_ASSERT_TRUE(scn_sweep_can_redraw(d, t));
            cJSON_Delete(t);
            mob_config_t tmpl, want;
            CU_ASSERT_EQUAL_FATAL(json_config(d, p, sc, &draws[0], &tmpl, &err), 0);
            for (size_t i = 0; i < n_draws; i++) {
                CU_ASSERT_EQUAL_FATAL(json_config(d, p, sc, &draws[i], &want, &err), 0);
                CU_ASSERT_EQUAL(scn_sweep_redraw(d, &tmpl, &draws[i]), 1);
                CU_ASSERT_TRUE(same_config(&tmpl, &want));
                mob_config_free(&want);
            }
            mob_config_free(&tmpl);
        }
    scn_sweep_destroy(d);
}

static void test_a_redrawn_scenario_is_the_one_json_builds(void)
{
    const double core[] = {0.01, 0.0123456789, 0.029999999, 0.02};
    expect_redraws_match(
        "\"vary\": {\"moves[1].at\": [\"0.9s\", \"1.1s\"], \"scheme\": "
        "[\"baseline\", \"forwarding\"]}, \"scheme_set\": {\"forwarding\": "
        "{\"params.fwd_buffer\": \"100ms\"}}, \"random\": {\"delay.core.default\": "
        "{\"dist\": \"uniform\", \"min\": \"10ms\", \"max\": \"30ms\"}}",
        core, 4);
    const double at[] = {0.5, 0.500000001, 3.3333333333, 9.999999999, 0.0};
    expect_redraws_match("\"vary\": {\"moves[0].at\": [\"0.6s\", \"2.2s\"]}, \"random\": "
                         "{\"moves[1].at\": {\"dist\": \"exponential\", \"mean\": \"1s\", "
                         "\"shift\": \"0.5s\", \"max\": \"9.9s\"}}",
                         at, 5);
}

/* A value that may break the scenario goes the JSON route, which refuses
 * it with its own message: a move at or past the host's next move, before
 * its previous one, at the horizon; a key no field takes. */
static void test_a_redraw_that_may_be_invalid_is_left_to_json(void)
{
    const char *moves = "\"set\": {\"horizon\": \"10s\", \"traffic.rate\": 0, \"moves\": "
                        "[{\"host\": \"A\", \"at\": \"1s\", \"to\": \"A2\"}, {\"host\": \"B\", "
                        "\"at\": \"1.2s\", \"to\": \"B2\"}, {\"host\": \"A\", \"at\": \"3s\", "
                        "\"to\": \"A1\"}]}, ";
    char keys[1024];
    const char *rnd[] = {
        "moves[0].at\": {\"dist\": \"uniform\", \"min\": \"0.5s\", \"max\": \"2s\"",
        "moves[2].at\": {\"dist\": \"uniform\", \"min\": \"2s\", \"max\": \"4s\""};
    const double bad[2][3] = {{3.0, 3.5, 10.0}, {1.0, 0.9, 10.0}}, good[2] = {2.5, 1.1};
    for (int k = 0; k < 2; k++) {
        snprintf(keys, sizeof(keys), "%s\"random\": {\"%s}}", moves, rnd[k]);
        scn_sweep_t *d = NULL;
        expect_loaded(keys, NULL, 0, &d);
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        mob_config_t tmpl, c;
        sim_err_t err = {0};
        CU_ASSERT_EQUAL_FATAL(json_config(d, 0, 0, &good[k], &tmpl, &err), 0);
        for (int i = 0; i < 3; i++) {
            CU_ASSERT_EQUAL(scn_sweep_redraw(d, &tmpl, &bad[k][i]), 0);
            CU_ASSERT_EQUAL(json_config(d, 0, 0, &bad[k][i], &c, &err), -SIM_EINVAL);
        }
        CU_ASSERT_EQUAL(scn_sweep_redraw(d, &tmpl, &good[k]), 1); /* still a template */
        CU_ASSERT_EQUAL(json_config(d, 0, 0, &good[k], &c, &err), 0);
        CU_ASSERT_TRUE(same_config(&tmpl, &c));
        mob_config_free(&c);
        mob_config_free(&tmpl);
        scn_sweep_destroy(d);
    }
    scn_sweep_t *d = NULL;
    expect_loaded("\"random\": {\"loss\": {\"dist\": \"uniform\", \"min\": 0, \"max\": 0.1}}", NULL,
                  0, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    cJSON *t = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(scn_sweep_point_tree(d, 0, 0, &t, &err), 0);
    CU_ASSERT_FALSE(scn_sweep_can_redraw(d, t));
    cJSON_Delete(t);
    scn_sweep_destroy(d);
}

void suite_sweepfile(void)
{
    ADD_SUITE("sweepfile", TEST(test_paths_naming_one_value_are_refused_however_spelled),
              TEST(test_columns_are_named_by_the_canonical_path),
              TEST(test_a_scheme_set_reaches_only_the_scenario_of_its_scheme),
              TEST(test_a_bad_scheme_set_is_refused_at_its_json_path),
              TEST(test_axes_name_label_and_shift_a_column),
              TEST(test_bad_axes_are_refused_at_their_json_path),
              TEST(test_random_keys_whose_tails_break_the_scenario_are_refused),
              TEST(test_a_negative_rate_or_a_huge_sigma_is_refused_at_the_tail),
              TEST(test_min_and_max_truncate_a_distribution_by_clamping),
              TEST(test_ends_that_break_the_scenario_together_are_refused),
              TEST(test_varying_or_drawing_the_seed_is_refused),
              TEST(test_a_set_that_the_sweep_overrides_is_refused),
              TEST(test_a_bad_set_value_is_named_with_its_set),
              TEST(test_every_grid_point_and_scheme_is_validated),
              TEST(test_a_redrawn_scenario_is_the_one_json_builds),
              TEST(test_a_redraw_that_may_be_invalid_is_left_to_json),
              TEST(test_the_command_refuses_these_sweeps_before_creating_anything));
}
