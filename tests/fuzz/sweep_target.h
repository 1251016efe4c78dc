/* tests/fuzz/sweep_target.h - the sweep-file loader under arbitrary input,
 * shared by the libFuzzer target (tests/fuzz/fuzz_sweep.c) and the corpus
 * replay in `make test` (tests/models/test_sweep_fuzz.c).
 *
 * Input: sweep JSON, then up to 4 `--set` assignments for the base
 * scenario, each after a NUL byte (as tests/fuzz/scn_target.h). The text is
 * loaded with sweep_load_string() as FUZZ_SWEEP_FILE, so a string "base"
 * names a file in scenarios/ (run from the repository root), then
 * destroyed. Properties:
 *   - an error is -SIM_EINVAL, -SIM_EIO or -SIM_ENOMEM with a non-empty
 *     message; -SIM_EINVAL starts with the file name (or "--set" for an
 *     assignment); the message is one line (property 4; build with
 *     -DFUZZ_SWEEP_CHECK_ONE_LINE=0 to skip it: before the one-validator
 *     work the sweep loader echoed a key's newline raw - {"ba\ne": 1} -
 *     reproducers in tests/fuzz/findings/);
 *   - an accepted sweep has 1..SWEEP_POINTS_MAX points, 1..MOB_N_SCHEMES
 *     schemes, 1..SWEEP_REPLICATIONS_MAX replications, runs_total their
 *     product, a name, and loading it again gives the same counts.
 * Returns 0, or the number of the first broken property.
 *
 * Guards (inputs skipped, returning 0, to keep executions fast and local):
 *   - the loader validates every grid point (about 45 us each), so a few
 *     bytes such as {"from": "0ms", "to": "1000s", "step": "1ms"} mean
 *     10^6 validations, tens of seconds: inputs whose `vary` implies more
 *     than FUZZ_SWEEP_MAX_POINTS points (estimated here from the lists and
 *     ranges) are skipped;
 *   - a sweep whose only `random` key is a moves[k].at gets a theory
 *     column: the loader derives the vulnerability window of every point
 *     (window_analytic, ~10 ms per point at -O2, ~0.5 s under the fuzzer's
 *     sanitizers; up to 1000 points: 10 s per load at -O2). Inputs with a
 *     `random` key naming moves are skipped, or the fuzzer would run at a
 *     few executions per second; the window code needs its own target;
 *   - a string "base" with '/' or ".." could name any file (a FIFO, a
 *     device): only names inside scenarios/ are loaded.
 *
 * Static in a header because the two binaries are built by different
 * compilers from different source lists; each includes it once.
 */
#ifndef MOBSIM_TESTS_FUZZ_SWEEP_TARGET_H
#define MOBSIM_TESTS_FUZZ_SWEEP_TARGET_H

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/split_input.h"
#include "analysis/sweep.h"

#define FUZZ_SWEEP_FILE       "scenarios/fuzz-sweep.json"
#define FUZZ_SWEEP_MAX_SETS   4
#define FUZZ_SWEEP_MAX_POINTS 64.0

/* A range bound as the loader reads it: a time in ns or a number; NAN
 * when it is neither. */
static double fuzz_sweep_bound(const cJSON *v)
{
    if (cJSON_IsNumber(v))
        return v->valuedouble;
    sim_time_t t;
    if (cJSON_IsString(v) && sim_time_parse(v->valuestring, &t, NULL) == 0)
        return (double)t;
    return NAN;
}

/* Grid points the `vary` keys imply (an over-estimate is fine). */
static double fuzz_sweep_points(const cJSON *root)
{
    double points = 1;
    for (const cJSON *top = root ? root->child : NULL; top; top = top->next) {
        if (!top->string || strcmp(top->string, "vary") != 0 || !cJSON_IsObject(top))
            continue;
        for (const cJSON *k = top->child; k; k = k->next) {
            double n = 1;
            if (cJSON_IsArray(k)) {
                n = cJSON_GetArraySize(k);
            } else if (cJSON_IsObject(k)) {
                double from = fuzz_sweep_bound(cJSON_GetObjectItemCaseSensitive(k, "from"));
                double to = fuzz_sweep_bound(cJSON_GetObjectItemCaseSensitive(k, "to"));
                double step = fuzz_sweep_bound(cJSON_GetObjectItemCaseSensitive(k, "step"));
                if (step > 0 && to >= from)
                    n = floor((to - from) / step) + 2;
                else if (!(step > 0) && step == step && to > from)
                    n = INFINITY; /* not a valid range; do not guess */
            }
            points *= n > 1 ? n : 1;
        }
    }
    return points;
}

static int fuzz_sweep_has_theory(const cJSON *root)
{
    for (const cJSON *top = root ? root->child : NULL; top; top = top->next)
        if (top->string && strcmp(top->string, "random") == 0)
            for (const cJSON *k = top->child; k; k = k->next)
                if (k->string && strstr(k->string, "moves"))
                    return 1;
    return 0;
}

static int fuzz_sweep_base_is_local(const cJSON *root)
{
    for (const cJSON *top = root ? root->child : NULL; top; top = top->next)
        if (top->string && strcmp(top->string, "base") == 0 && cJSON_IsString(top) &&
            (strchr(top->valuestring, '/') || strstr(top->valuestring, "..")))
            return 0;
    return 1;
}

/* Whether the input is worth loading (see the guards above). */
static int fuzz_sweep_admit(const char *text, size_t len)
{
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root)
        return 1; /* the loader refuses it quickly */
    int ok = fuzz_sweep_base_is_local(root) && !fuzz_sweep_has_theory(root) &&
             fuzz_sweep_points(root) <= FUZZ_SWEEP_MAX_POINTS;
    cJSON_Delete(root);
    return ok;
}

#ifndef FUZZ_SWEEP_CHECK_ONE_LINE
#define FUZZ_SWEEP_CHECK_ONE_LINE 1
#endif

static int fuzz_sweep_check_error(int rc, const sim_err_t *err)
{
    if (rc != -SIM_EINVAL && rc != -SIM_EIO && rc != -SIM_ENOMEM)
        return 1;
    if (!err->msg[0])
        return 2;
    if (rc == -SIM_EINVAL &&
        strncmp(err->msg, FUZZ_SWEEP_FILE ":", strlen(FUZZ_SWEEP_FILE) + 1) != 0 &&
        strncmp(err->msg, "--set", 5) != 0)
        return 3;
    if (FUZZ_SWEEP_CHECK_ONE_LINE && strchr(err->msg, '\n'))
        return 4;
    return 0;
}

static int fuzz_sweep_check_loaded(const sweep_t *s)
{
    size_t points = sweep_n_points(s), schemes = sweep_n_schemes(s);
    uint64_t reps = sweep_replications(s);
    if (points < 1 || points > SWEEP_POINTS_MAX)
        return 10;
    if (schemes < 1 || schemes > MOB_N_SCHEMES)
        return 11;
    if (reps < 1 || reps > SWEEP_REPLICATIONS_MAX)
        return 12;
    if (sweep_runs_total(s) != (uint64_t)points * schemes * reps)
        return 13;
    if (!sweep_name(s) || !sweep_name(s)[0])
        return 14;
    return 0;
}

static int fuzz_sweep_target(const uint8_t *data, size_t size)
{
    const char *sets[FUZZ_SWEEP_MAX_SETS];
    size_t text_len, n_sets;
    char *copy = fuzz_split(data, size, &text_len, sets, FUZZ_SWEEP_MAX_SETS, &n_sets);
    if (!copy)
        return 0;
    int bad = 0;
    if (!fuzz_sweep_admit(copy, text_len))
        goto out;
    sweep_options_t opt = {.sets = sets, .n_sets = n_sets};
    sweep_t *s = NULL, *again = NULL;
    sim_err_t err = {0};
    int rc = sweep_load_string(copy, text_len, FUZZ_SWEEP_FILE, &opt, &s, &err);
    if (rc) {
        if ((bad = fuzz_sweep_check_error(rc, &err)))
            fprintf(stderr, "fuzz_sweep: bad error (rc %d): %s\n", rc, err.msg);
        goto out;
    }
    if (!(bad = fuzz_sweep_check_loaded(s))) {
        if (sweep_load_string(copy, text_len, FUZZ_SWEEP_FILE, &opt, &again, &err) != 0 ||
            sweep_n_points(again) != sweep_n_points(s) ||
            sweep_runs_total(again) != sweep_runs_total(s) ||
            strcmp(sweep_name(again), sweep_name(s)) != 0)
            bad = 20;
    }
    sweep_destroy(again);
    sweep_destroy(s);
out:
    free(copy);
    return bad;
}

#endif /* MOBSIM_TESTS_FUZZ_SWEEP_TARGET_H */
