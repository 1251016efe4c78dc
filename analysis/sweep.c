/* analysis/sweep.c - sweep files: loading, the grid, random draws, and
 * running the replications of one task.
 *
 * Loading checks everything a run could trip over before anything runs:
 * every key of the sweep file, every vary path against the base scenario,
 * and the scenario of every grid point under every scheme (with the random
 * keys at a representative value). A bad sweep thus fails in milliseconds
 * with one line naming the file and JSON path, not hours into a run.
 *
 * Runs build their scenario the way `mobsim run --set` does: a copy of the
 * base tree with the point's values put at their paths, validated by
 * scn_config_from_json(). That costs tens of microseconds per task (per run
 * with random keys), small next to an episode, and keeps one definition of
 * what a path means.
 */
#include "analysis/sweep_int.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/window.h"
#include "models/world.h"
#include "scenarios/scn.h"
#include "sim/rng.h"

#define REPS_PER_TASK     32   /* results never depend on it: each run has its own streams */
#define THEORY_POINTS_MAX 1000 /* deriving a window per point costs ~10 ms */

const char *const sweep_metric_names[RM_N] = {
    [RM_RESTORED] = "restored",
    [RM_RESTORE_TIME] = "restore_time",
    [RM_SIG_SENT] = "signaling_sent",
    [RM_SIG_LOST] = "signaling_lost",
    [RM_SIG_REFWD] = "signaling_reforwarded",
    [RM_SIG_BYTES] = "signaling_bytes",
    [RM_SIG_LATENCY] = "signaling_latency",
    [RM_SCHEME_MSGS] = "scheme_messages",
    [RM_HA_PEAK] = "ha_peak_copies",
    [RM_DATA_SENT] = "data_sent",
    [RM_DATA_LOST] = "data_lost",
    [RM_DATA_DELAY_MEAN] = "data_delay_mean",
    [RM_DATA_DELAY_P95] = "data_delay_p95",
    [RM_DISRUPTION] = "disruption",
    [RM_CONSECUTIVE] = "consecutive",
    [RM_VULNERABLE] = "vulnerable",
    [RM_EVENTS] = "events",
};

/* ------------------------------------------------------------ messages */

/* Where in the sweep file a check is: "$.vary[\"params.T_b\"].step". */
typedef struct where {
    const char *file;
    char path[SWEEP_PATH_MAX + 64];
} where_t;

static void where_key(where_t *w, const char *key)
{
    size_t n = strlen(w->path);
    bool plain = *key != 0;
    for (const char *p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_'))
            plain = false;
    if (plain)
        snprintf(w->path + n, sizeof(w->path) - n, ".%.*s", 64, key);
    else
        snprintf(w->path + n, sizeof(w->path) - n, "[\"%.*s\"]", 120, key);
}

static void where_index(where_t *w, int i)
{
    size_t n = strlen(w->path);
    snprintf(w->path + n, sizeof(w->path) - n, "[%d]", i);
}

__attribute__((format(printf, 3, 4))) static int bad(sim_err_t *err, const where_t *w,
                                                     const char *fmt, ...)
{
    char msg[SIM_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return sim_err_set(err, SIM_EINVAL, "%s: %s: %s", w->file, w->path, msg);
}

/* What the user wrote, for "got ..." */
static void got(char *buf, size_t cap, const cJSON *item)
{
    if (!item)
        snprintf(buf, cap, "nothing");
    else if (cJSON_IsString(item))
        snprintf(buf, cap, "\"%.40s\"%s", item->valuestring,
                 strlen(item->valuestring) > 40 ? "..." : "");
    else if (cJSON_IsNumber(item))
        snprintf(buf, cap, "%.15g", item->valuedouble);
    else if (cJSON_IsBool(item))
        snprintf(buf, cap, "%s", cJSON_IsTrue(item) ? "true" : "false");
    else if (cJSON_IsNull(item))
        snprintf(buf, cap, "null");
    else
        snprintf(buf, cap, "%s", cJSON_IsArray(item) ? "an array" : "an object");
}

/* ------------------------------------------------------------ accessors */

const char *sweep_name(const sweep_t *s)
{
    return s->name;
}

size_t sweep_n_points(const sweep_t *s)
{
    return s->n_points;
}

size_t sweep_n_schemes(const sweep_t *s)
{
    return s->n_schemes;
}

uint64_t sweep_replications(const sweep_t *s)
{
    return s->reps;
}

uint64_t sweep_seed(const sweep_t *s)
{
    return s->seed;
}

uint64_t sweep_runs_total(const sweep_t *s)
{
    return (uint64_t)s->n_points * s->n_schemes * s->reps;
}

size_t sweep_n_random(const sweep_t *s)
{
    return s->n_random;
}

size_t sweep_n_tasks(const sweep_t *s)
{
    return s->n_points * s->tasks_per_point;
}

size_t sweep_tasks_per_point(const sweep_t *s)
{
    return s->tasks_per_point;
}

void sweep_task_span(const sweep_t *s, size_t task, size_t *point, uint64_t *rep_lo,
                     uint64_t *rep_hi)
{
    size_t chunk = task % s->tasks_per_point;
    *point = task / s->tasks_per_point;
    *rep_lo = (uint64_t)chunk * s->reps_per_task;
    *rep_hi = *rep_lo + s->reps_per_task;
    if (*rep_hi > s->reps)
        *rep_hi = s->reps;
}

size_t sweep_key_index(const sweep_t *s, size_t point, size_t key)
{
    for (size_t k = s->n_keys; k-- > key + 1;)
        point /= s->keys[k].n;
    return point % s->keys[key].n;
}

/* ------------------------------------------------------------ destroy */

static void vary_key_fini(vary_key_t *k)
{
    for (size_t i = 0; i < k->n; i++) {
        if (k->values)
            cJSON_Delete(k->values[i]);
        if (k->text)
            free(k->text[i]);
    }
    free(k->values);
    free(k->text);
    free(k->num);
}

void sweep_destroy(sweep_t *s)
{
    if (!s)
        return;
    for (size_t k = 0; k < s->n_keys; k++)
        vary_key_fini(&s->keys[k]);
    free(s->keys);
    free(s->rnd);
    free(s->cols);
    free(s->theory);
    cJSON_Delete(s->base);
    free(s);
}

/* ------------------------------------------------------------ values */

/* A time value: a string sim_time_parse() reads ("30ms"). */
static bool as_time(const cJSON *item, sim_time_t *t)
{
    return cJSON_IsString(item) && sim_time_parse(item->valuestring, t, NULL) == 0;
}

/* Records value i of key k: the JSON value and how CSV shows it. */
static int key_set_value(vary_key_t *k, size_t i, cJSON *value)
{
    sim_time_t t;
    char buf[64];
    k->values[i] = value;
    if (as_time(value, &t)) {
        k->num[i] = sim_time_to_s(t);
        k->text[i] = strdup(value->valuestring);
    } else if (cJSON_IsNumber(value)) {
        k->num[i] = value->valuedouble;
        snprintf(buf, sizeof(buf), "%.15g", value->valuedouble);
        k->text[i] = strdup(buf);
    } else {
        k->num[i] = NAN;
        if (cJSON_IsString(value))
            k->text[i] = strdup(value->valuestring);
        else
            k->text[i] = cJSON_PrintUnformatted(value);
    }
    return k->text[i] ? 0 : -SIM_ENOMEM;
}

static int key_alloc(vary_key_t *k, size_t n)
{
    k->n = n;
    k->values = calloc(n, sizeof(*k->values));
    k->num = calloc(n, sizeof(*k->num));
    k->text = calloc(n, sizeof(*k->text));
    return (k->values && k->num && k->text) ? 0 : -SIM_ENOMEM;
}

static int range_number(const cJSON *obj, const char *key, where_t *w, double *out, sim_time_t *t,
                        bool *is_time, sim_err_t *err)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    where_t here = *w;
    where_key(&here, key);
    char g[96];
    got(g, sizeof(g), it);
    if (!it)
        return bad(err, w, "expected a key \"%s\" in a range {\"from\", \"to\", \"step\"}", key);
    if (as_time(it, t)) {
        *is_time = true;
        *out = sim_time_to_s(*t);
        return 0;
    }
    if (cJSON_IsNumber(it) && isfinite(it->valuedouble)) {
        *is_time = false;
        *out = it->valuedouble;
        return 0;
    }
    return bad(err, &here, "expected a time such as \"10ms\" or a number, got %s", g);
}

/* {"from", "to", "step"}: times (exact, in ns) or numbers; "to" included
 * when the steps land on it. */
static int read_range(const cJSON *obj, where_t *w, vary_key_t *k, sim_err_t *err)
{
    for (const cJSON *c = obj->child; c; c = c->next)
        if (c->string[0] != '_' && strcmp(c->string, "from") && strcmp(c->string, "to") &&
            strcmp(c->string, "step")) {
            where_t here = *w;
            where_key(&here, c->string);
            return bad(err, &here, "unknown key; expected \"from\", \"to\" and \"step\"");
        }
    double from, to, step;
    sim_time_t tf = 0, tt = 0, ts = 0;
    bool f_time, t_time, s_time;
    int rc;
    if ((rc = range_number(obj, "from", w, &from, &tf, &f_time, err)) ||
        (rc = range_number(obj, "to", w, &to, &tt, &t_time, err)) ||
        (rc = range_number(obj, "step", w, &step, &ts, &s_time, err)))
        return rc;
    where_t sw = *w;
    where_key(&sw, "step");
    if (f_time != t_time || f_time != s_time)
        return bad(err, w, "expected \"from\", \"to\" and \"step\" all times or all numbers");
    if (!(step > 0) || (s_time && ts <= 0))
        return bad(err, &sw, "expected a step above 0");
    if (to < from) {
        where_t tw = *w;
        where_key(&tw, "to");
        return bad(err, &tw, "expected \"to\" at or above \"from\"");
    }
    double steps = f_time ? (double)((tt - tf) / ts) : floor((to - from) / step * (1 + 1e-12));
    if (steps + 1 > SWEEP_POINTS_MAX)
        return bad(err, &sw, "expected at most %u values, got %.0f", SWEEP_POINTS_MAX, steps + 1);
    size_t n = (size_t)steps + 1;
    if (key_alloc(k, n))
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        cJSON *v;
        if (f_time) {
            char buf[48];
            sim_time_format(tf + (sim_time_t)i * ts, buf, sizeof(buf));
            v = cJSON_CreateString(buf);
        } else {
            char buf[48]; /* 12 digits: 0.1 * 3 is 0.3, not 0.30000000000000004 */
            snprintf(buf, sizeof(buf), "%.12g", from + (double)i * step);
            v = cJSON_CreateNumber(strtod(buf, NULL));
        }
        if (!v || key_set_value(k, i, v))
            return sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    return 0;
}

static int read_list(const cJSON *arr, where_t *w, vary_key_t *k, sim_err_t *err)
{
    int n = cJSON_GetArraySize(arr);
    if (n < 1)
        return bad(err, w,
                   "expected a list of at least one value, or {\"from\", \"to\", \"step\"}");
    if ((size_t)n > SWEEP_POINTS_MAX)
        return bad(err, w, "expected at most %u values", SWEEP_POINTS_MAX);
    if (key_alloc(k, (size_t)n))
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    size_t i = 0;
    for (const cJSON *c = arr->child; c; c = c->next, i++) {
        cJSON *v = cJSON_Duplicate(c, true);
        if (!v || key_set_value(k, i, v)) {
            cJSON_Delete(v);
            return sim_err_set(err, SIM_ENOMEM, "out of memory");
        }
    }
    return 0;
}

/* "scheme", "$.scheme" and "$scheme" name the same key. */
static const char *canonical(const char *path)
{
    if (path[0] == '$')
        return path + (path[1] == '.' ? 2 : 1);
    return path;
}

/* ------------------------------------------------------------ loading */

typedef struct loader {
    sweep_t *s;
    const cJSON *root;
    const char *file;
    char dir[SWEEP_PATH_MAX]; /* of the sweep file, for a relative base */
    sim_err_t *err;
} loader_t;

static int load_base(loader_t *L, const sweep_options_t *opt)
{
    sweep_t *s = L->s;
    where_t w = {L->file, "$"};
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(L->root, "base");
    int rc;
    if (!b)
        return bad(L->err, &w,
                   "expected a key \"base\": a scenario file (relative to this "
                   "file) or an inline scenario object");
    where_key(&w, "base");
    if (cJSON_IsString(b)) {
        if (!b->valuestring[0])
            return bad(L->err, &w, "expected a scenario file name, got \"\"");
        size_t nd = (b->valuestring[0] == '/' || !L->dir[0]) ? 0 : strlen(L->dir);
        size_t nb = strlen(b->valuestring);
        if (nd + 1 + nb >= sizeof(s->base_file))
            return bad(L->err, &w, "expected a shorter file name");
        if (nd) { /* relative to the sweep file's directory */
            memcpy(s->base_file, L->dir, nd);
            s->base_file[nd++] = '/';
        }
        memcpy(s->base_file + nd, b->valuestring, nb + 1);
        if ((rc = scn_parse_file(s->base_file, &s->base, L->err))) {
            if (rc == -SIM_EIO)
                rc = -SIM_EINVAL;
            sim_err_prefix(L->err, w.path);
            sim_err_prefix(L->err, L->file);
            return rc;
        }
        if (scn_kind(s->base) == SCN_KIND_SWEEP)
            return bad(L->err, &w, "expected a scenario, but %s is a sweep file", s->base_file);
    } else if (cJSON_IsObject(b)) {
        snprintf(s->base_file, sizeof(s->base_file), "%s ($.base)", L->file);
        if (!(s->base = cJSON_Duplicate(b, true)))
            return sim_err_set(L->err, SIM_ENOMEM, "out of memory");
    } else {
        char g[96];
        got(g, sizeof(g), b);
        return bad(L->err, &w, "expected a scenario file name or an inline scenario object, got %s",
                   g);
    }
    /* the file's "set", then --set: the command line has the last word */
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(L->root, "set");
    where_t sw = {L->file, "$.set"};
    if (set && !cJSON_IsObject(set))
        return bad(L->err, &sw,
                   "expected an object of scenario paths to values, such as "
                   "{\"traffic.rate\": 0, \"horizon\": \"10s\"}");
    for (const cJSON *c = set ? set->child : NULL; c; c = c->next) {
        if (c->string[0] == '_')
            continue;
        where_t here = sw;
        where_key(&here, c->string);
        if ((rc = scn_set_apply(s->base, c->string, c, L->err))) {
            if (rc != -SIM_EINVAL)
                return rc;
            char msg[SIM_ERR_MSG_MAX];
            snprintf(msg, sizeof(msg), "%s", L->err->msg);
            return bad(L->err, &here, "expected a path into the base scenario: %s", msg);
        }
    }
    for (size_t i = 0; opt && i < opt->n_sets; i++)
        if ((rc = scn_set_apply_text(s->base, opt->sets[i], L->err)))
            return rc;
    return 0;
}

static int read_scheme_key(loader_t *L, const cJSON *val, where_t *w)
{
    sweep_t *s = L->s;
    if (!cJSON_IsArray(val) || cJSON_GetArraySize(val) < 1)
        return bad(L->err, w,
                   "expected a list of schemes such as [\"baseline\", "
                   "\"hoa-signaling\"]");
    if (cJSON_GetArraySize(val) > MOB_N_SCHEMES)
        return bad(L->err, w, "expected each of the %d schemes at most once", MOB_N_SCHEMES);
    int i = 0;
    for (const cJSON *c = val->child; c; c = c->next, i++) {
        where_t here = *w;
        where_index(&here, i);
        int sc = cJSON_IsString(c) ? mob_scheme_from_name(c->valuestring) : -1;
        if (sc < 0) {
            char g[96];
            got(g, sizeof(g), c);
            return bad(L->err, &here,
                       "expected a scheme: \"baseline\", \"forwarding\", "
                       "\"proxies\" or \"hoa-signaling\", got %s",
                       g);
        }
        for (size_t j = 0; j < s->n_schemes; j++)
            if (s->schemes[j] == sc)
                return bad(L->err, &here, "expected each scheme once, but \"%s\" is also item %zu",
                           c->valuestring, j);
        s->schemes[s->n_schemes++] = sc;
    }
    s->scheme_varied = true;
    return 0;
}

/* The path must be a valid --set path that lands in the base scenario. */
static int check_path(loader_t *L, const char *path, const cJSON *value, where_t *w)
{
    cJSON *copy = cJSON_Duplicate(L->s->base, true);
    if (!copy)
        return sim_err_set(L->err, SIM_ENOMEM, "out of memory");
    int rc = scn_set_apply(copy, path, value, L->err);
    cJSON_Delete(copy);
    if (rc == -SIM_EINVAL) {
        char msg[SIM_ERR_MSG_MAX];
        snprintf(msg, sizeof(msg), "%s", L->err->msg);
        return bad(L->err, w, "expected a path into the base scenario: %s", msg);
    }
    return rc;
}

static int read_vary(loader_t *L)
{
    sweep_t *s = L->s;
    const cJSON *vary = cJSON_GetObjectItemCaseSensitive(L->root, "vary");
    where_t w = {L->file, "$.vary"};
    if (!vary)
        return 0;
    if (!cJSON_IsObject(vary))
        return bad(L->err, &w,
                   "expected an object of paths to lists or ranges, such as "
                   "{\"params.T_b\": {\"from\": \"0ms\", \"to\": \"500ms\", "
                   "\"step\": \"10ms\"}}");
    size_t n = 0;
    for (const cJSON *c = vary->child; c; c = c->next)
        n++;
    if (!(s->keys = calloc(n ? n : 1, sizeof(*s->keys))))
        return sim_err_set(L->err, SIM_ENOMEM, "out of memory");
    int rc;
    for (const cJSON *c = vary->child; c; c = c->next) {
        if (c->string[0] == '_')
            continue;
        where_t here = w;
        where_key(&here, c->string);
        for (const cJSON *d = vary->child; d != c; d = d->next)
            if (strcmp(canonical(d->string), canonical(c->string)) == 0)
                return bad(L->err, &here, "expected each path once, but \"%s\" names it too",
                           d->string);
        if (strcmp(canonical(c->string), "scheme") == 0) {
            if ((rc = read_scheme_key(L, c, &here)))
                return rc;
            continue;
        }
        vary_key_t *k = &s->keys[s->n_keys++];
        if (strlen(c->string) >= sizeof(k->path))
            return bad(L->err, &here, "expected a shorter path");
        snprintf(k->path, sizeof(k->path), "%s", c->string);
        if (cJSON_IsArray(c))
            rc = read_list(c, &here, k, L->err);
        else if (cJSON_IsObject(c))
            rc = read_range(c, &here, k, L->err);
        else {
            char g[96];
            got(g, sizeof(g), c);
            rc = bad(L->err, &here,
                     "expected a list of values or {\"from\", \"to\", \"step\"}, "
                     "got %s",
                     g);
        }
        if (rc || (rc = check_path(L, k->path, k->values[0], &here)))
            return rc;
    }
    return 0;
}

static const char *const dist_names[] = {"uniform", "normal", "exponential", "lognormal"};
static const char *const dist_params[][2] = {
    {"min", "max"}, {"mean", "sd"}, {"mean", NULL}, {"median", "sigma"}};

static int random_param(loader_t *L, const cJSON *obj, const char *key, where_t *w, random_key_t *r,
                        bool first, double *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it)
        return bad(L->err, w, "expected a key \"%s\" for the %s distribution", key,
                   dist_names[r->dist]);
    where_t here = *w;
    where_key(&here, key);
    sim_time_t t;
    bool sigma = strcmp(key, "sigma") == 0;
    bool is_time = !sigma && as_time(it, &t);
    if (!sigma && first)
        r->is_time = is_time;
    if (is_time && r->is_time) {
        *out = sim_time_to_s(t);
        return 0;
    }
    if (cJSON_IsNumber(it) && isfinite(it->valuedouble) && (sigma || !r->is_time)) {
        *out = it->valuedouble;
        return 0;
    }
    char g[96];
    got(g, sizeof(g), it);
    return bad(L->err, &here, "expected %s, got %s",
               sigma        ? "a number (the sd of the logarithm)"
               : r->is_time ? "a time such as \"120ms\" (as the other parameters)"
                            : "a number (as the other parameters)",
               g);
}

static int read_random_key(loader_t *L, const cJSON *spec, where_t *w, random_key_t *r)
{
    if (!cJSON_IsObject(spec))
        return bad(L->err, w,
                   "expected a distribution such as {\"dist\": \"uniform\", \"min\": "
                   "\"0.9s\", \"max\": \"1.5s\"}");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(spec, "dist");
    where_t dw = *w;
    where_key(&dw, "dist");
    int kind = -1;
    for (int i = 0; i < 4 && d && cJSON_IsString(d); i++)
        if (strcmp(d->valuestring, dist_names[i]) == 0)
            kind = i;
    if (kind < 0) {
        char g[96];
        got(g, sizeof(g), d);
        return bad(L->err, &dw,
                   "expected \"uniform\", \"normal\", \"exponential\" or "
                   "\"lognormal\", got %s",
                   g);
    }
    r->dist = (rdist_t)kind;
    for (const cJSON *c = spec->child; c; c = c->next) {
        const char *k = c->string;
        if (k[0] == '_' || !strcmp(k, "dist") || !strcmp(k, "shift") ||
            !strcmp(k, dist_params[kind][0]) ||
            (dist_params[kind][1] && !strcmp(k, dist_params[kind][1])))
            continue;
        where_t here = *w;
        where_key(&here, k);
        return bad(L->err, &here,
                   "unknown key for the %s distribution; expected \"%s\"%s%s%s and "
                   "optionally \"shift\"",
                   dist_names[kind], dist_params[kind][0], dist_params[kind][1] ? ", \"" : "",
                   dist_params[kind][1] ? dist_params[kind][1] : "",
                   dist_params[kind][1] ? "\"" : "");
    }
    int rc;
    if ((rc = random_param(L, spec, dist_params[kind][0], w, r, true, &r->a)))
        return rc;
    if (dist_params[kind][1] &&
        (rc = random_param(L, spec, dist_params[kind][1], w, r, false, &r->b)))
        return rc;
    if (cJSON_GetObjectItemCaseSensitive(spec, "shift") &&
        (rc = random_param(L, spec, "shift", w, r, false, &r->shift)))
        return rc;
    where_t pw = *w;
    switch (r->dist) {
    case RD_UNIFORM:
        where_key(&pw, "max");
        if (r->b < r->a)
            return bad(L->err, &pw, "expected \"max\" at or above \"min\"");
        break;
    case RD_NORMAL:
        where_key(&pw, "sd");
        if (r->b < 0)
            return bad(L->err, &pw, "expected a standard deviation of 0 or more");
        break;
    case RD_EXPONENTIAL:
        where_key(&pw, "mean");
        if (!(r->a > 0))
            return bad(L->err, &pw, "expected a mean above 0");
        break;
    case RD_LOGNORMAL:
        where_key(&pw, r->a > 0 ? "sigma" : "median");
        if (!(r->a > 0) || r->b < 0)
            return bad(L->err, &pw, "expected a median above 0 and sigma of 0 or more");
        break;
    }
    return 0;
}

/* A value near the middle of the distribution, to validate the grid with. */
static double random_typical(const random_key_t *r)
{
    double v = r->shift + r->a; /* uniform: min; normal, exponential: mean; lognormal: median */
    return (r->is_time && v < 0) ? 0 : v;
}

static int read_random(loader_t *L)
{
    sweep_t *s = L->s;
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(L->root, "random");
    where_t w = {L->file, "$.random"};
    if (!obj)
        return 0;
    if (!cJSON_IsObject(obj))
        return bad(L->err, &w,
                   "expected an object of paths to distributions, such as "
                   "{\"moves[1].at\": {\"dist\": \"uniform\", \"min\": \"0.9s\", "
                   "\"max\": \"1.5s\"}}");
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        n++;
    if (!(s->rnd = calloc(n ? n : 1, sizeof(*s->rnd))))
        return sim_err_set(L->err, SIM_ENOMEM, "out of memory");
    int rc;
    for (const cJSON *c = obj->child; c; c = c->next) {
        if (c->string[0] == '_')
            continue;
        where_t here = w;
        where_key(&here, c->string);
        const char *cp = canonical(c->string);
        if (strcmp(cp, "scheme") == 0)
            return bad(L->err, &here,
                       "expected a scenario key other than \"scheme\" (schemes "
                       "are compared on the same draws: put them in \"vary\")");
        for (const cJSON *d = obj->child; d != c; d = d->next)
            if (strcmp(canonical(d->string), cp) == 0)
                return bad(L->err, &here, "expected each path once, but \"%s\" names it too",
                           d->string);
        for (size_t k = 0; k < s->n_keys; k++)
            if (strcmp(canonical(s->keys[k].path), cp) == 0)
                return bad(L->err, &here, "expected a path that $.vary does not set too");
        random_key_t *r = &s->rnd[s->n_random++];
        if (strlen(c->string) >= sizeof(r->path))
            return bad(L->err, &here, "expected a shorter path");
        snprintf(r->path, sizeof(r->path), "%s", c->string);
        if ((rc = read_random_key(L, c, &here, r)))
            return rc;
        cJSON *v = r->is_time ? cJSON_CreateString("1s") : cJSON_CreateNumber(0);
        if (!v)
            return sim_err_set(L->err, SIM_ENOMEM, "out of memory");
        rc = check_path(L, r->path, v, &here);
        cJSON_Delete(v);
        if (rc)
            return rc;
    }
    return 0;
}

static int read_count(loader_t *L, const char *key, double max, bool required, uint64_t *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(L->root, key);
    where_t w = {L->file, "$"};
    if (!it) {
        if (required)
            return bad(L->err, &w, "expected a key \"%s\"", key);
        return 1; /* absent */
    }
    where_key(&w, key);
    if (cJSON_IsNumber(it) && it->valuedouble >= (required ? 1 : 0) && it->valuedouble <= max &&
        it->valuedouble == floor(it->valuedouble)) {
        *out = (uint64_t)it->valuedouble;
        return 0;
    }
    if (!required && cJSON_IsString(it) && it->valuestring[0] >= '0' &&
        it->valuestring[0] <= '9') { /* seeds past 2^53 */
        char *end;
        errno = 0;
        unsigned long long v = strtoull(it->valuestring, &end, 10);
        if (errno == 0 && *end == 0) {
            *out = (uint64_t)v;
            return 0;
        }
    }
    char g[96];
    got(g, sizeof(g), it);
    if (required)
        return bad(L->err, &w, "expected a whole number from 1 to %.0f, got %s", max, g);
    return bad(L->err, &w,
               "expected a whole number from 0 to 2^53 (or a string of digits), "
               "got %s",
               g);
}

static int read_text(loader_t *L, const char *key, char *buf, size_t cap)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(L->root, key);
    if (!it)
        return 0;
    where_t w = {L->file, "$"};
    where_key(&w, key);
    if (!cJSON_IsString(it) || (buf && strlen(it->valuestring) >= cap)) {
        char g[96];
        got(g, sizeof(g), it);
        return bad(L->err, &w, "expected a string%s, got %s", buf ? " of at most 63 bytes" : "", g);
    }
    if (buf) {
        for (const char *p = it->valuestring; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
                return bad(L->err, &w,
                           "expected a name of letters, digits, \"_\", \"-\" and "
                           "\".\" (it names the output directory)");
        snprintf(buf, cap, "%s", it->valuestring);
    }
    return 0;
}

static const char *const top_keys[] = {"name",   "description",  "base", "set",     "vary",
                                       "random", "replications", "seed", "metrics", "reference"};

static int check_top(loader_t *L)
{
    where_t w = {L->file, "$"};
    if (!cJSON_IsObject(L->root))
        return bad(L->err, &w,
                   "expected a sweep object such as {\"base\": \"fig6.json\", "
                   "\"vary\": {...}, \"replications\": 100}");
    for (const cJSON *c = L->root->child; c; c = c->next) {
        if (c->string[0] == '_')
            continue;
        size_t i = 0, n = sizeof(top_keys) / sizeof(top_keys[0]);
        while (i < n && strcmp(c->string, top_keys[i]))
            i++;
        if (i == n) {
            where_t here = w;
            where_key(&here, c->string);
            return bad(L->err, &here,
                       "unknown key; expected one of \"name\", \"description\", "
                       "\"base\", \"set\", \"vary\", \"random\", \"replications\", "
                       "\"seed\", \"metrics\", \"reference\" (keys starting "
                       "with \"_\" are comments)");
        }
    }
    return 0;
}

/* ------------------------------------------------------------ per point */

/* A copy of the base with point's values and the scheme put in. */
static int point_tree(const sweep_t *s, size_t point, size_t scheme, cJSON **out, sim_err_t *err)
{
    cJSON *t = cJSON_Duplicate(s->base, true);
    if (!t)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    int rc = 0;
    for (size_t k = 0; k < s->n_keys && !rc; k++)
        rc =
            scn_set_apply(t, s->keys[k].path, s->keys[k].values[sweep_key_index(s, point, k)], err);
    if (!rc && s->scheme_varied) {
        cJSON *v = cJSON_CreateString(mob_scheme_name((mob_scheme_t)s->schemes[scheme]));
        rc = v ? scn_set_apply(t, "scheme", v, err) : sim_err_set(err, SIM_ENOMEM, "out of memory");
        cJSON_Delete(v);
    }
    if (rc) {
        cJSON_Delete(t);
        return rc;
    }
    *out = t;
    return 0;
}

/* Puts the random values (seconds for times) into tree. */
static int put_random(const sweep_t *s, cJSON *tree, const double *vals, sim_err_t *err)
{
    for (size_t i = 0; i < s->n_random; i++) {
        cJSON *v;
        if (s->rnd[i].is_time) {
            char buf[48];
            sim_time_format((sim_time_t)llround(vals[i] * 1e9), buf, sizeof(buf));
            v = cJSON_CreateString(buf);
        } else {
            v = cJSON_CreateNumber(vals[i]);
        }
        int rc = v ? scn_set_apply(tree, s->rnd[i].path, v, err)
                   : sim_err_set(err, SIM_ENOMEM, "out of memory");
        cJSON_Delete(v);
        if (rc)
            return rc;
    }
    return 0;
}

/* "params.T_b=30ms, scheme=proxies" for messages. */
static void point_label(const sweep_t *s, size_t point, size_t scheme, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = 0;
    for (size_t k = 0; k < s->n_keys && o < cap; k++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s=%s", k ? ", " : "", s->keys[k].path,
                              s->keys[k].text[sweep_key_index(s, point, k)]);
    if (s->scheme_varied && o < cap)
        snprintf(buf + o, cap - o, "%sscheme=%s", o ? ", " : "",
                 mob_scheme_name((mob_scheme_t)s->schemes[scheme]));
}

static double draw_one(const random_key_t *r, gsl_rng *g)
{
    double x = 0;
    switch (r->dist) {
    case RD_UNIFORM:
        x = r->a + gsl_rng_uniform(g) * (r->b - r->a);
        break;
    case RD_NORMAL:
        x = r->a + gsl_ran_gaussian(g, r->b);
        break;
    case RD_EXPONENTIAL:
        x = gsl_ran_exponential(g, r->a);
        break;
    case RD_LOGNORMAL:
        x = r->a * exp(r->b * gsl_ran_ugaussian(g));
        break;
    }
    x += r->shift;
    if (r->is_time) { /* what the run sees: whole ns, not below 0 */
        x = x < 0 ? 0 : (double)llround(x * 1e9) * 1e-9;
    }
    return x;
}

int sweep_random_at(const sweep_t *s, size_t point, uint64_t rep, double *out, size_t n_out,
                    sim_err_t *err)
{
    if (s->n_random == 0)
        return 0;
    if (n_out < s->n_random)
        return sim_err_set(err, SIM_EINVAL, "sweep_random_at: room for %zu values needed",
                           s->n_random);
    gsl_rng *g = sim_rng_stream(s->seed, point, rep, SWEEP_RNG_RANDOM);
    if (!g)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n_random; i++)
        out[i] = draw_one(&s->rnd[i], g);
    gsl_rng_free(g);
    return 0;
}

/* Validates tree as the run's scenario; rep >= 0 names the replication
 * whose random draws are in it (a draw the scenario refuses). */
static int tree_config(const sweep_t *s, const cJSON *tree, size_t point, size_t scheme,
                       int64_t rep, mob_config_t *cfg, sim_err_t *err)
{
    int rc = scn_config_from_json(tree, s->base_file, cfg, err);
    if (rc == -SIM_EINVAL) {
        char label[512], pre[SWEEP_PATH_MAX + 640];
        point_label(s, point, scheme, label, sizeof(label));
        if (rep >= 0)
            snprintf(pre, sizeof(pre), "%s: $.random: replication %lld of grid point %zu%s%s%s",
                     s->file, (long long)rep, point, label[0] ? " (" : "", label,
                     label[0] ? ")" : "");
        else if (label[0])
            snprintf(pre, sizeof(pre), "%s: $.vary: grid point %zu (%s)", s->file, point, label);
        else
            snprintf(pre, sizeof(pre), "%s: $.base", s->file);
        sim_err_prefix(err, pre);
    }
    return rc;
}

int sweep_config_at(const sweep_t *s, size_t point, size_t scheme, uint64_t rep, mob_config_t *out,
                    sim_err_t *err)
{
    if (point >= s->n_points || scheme >= s->n_schemes)
        return sim_err_set(err, SIM_EINVAL, "no grid point %zu scheme %zu", point, scheme);
    cJSON *t;
    double vals[64];
    int rc = point_tree(s, point, scheme, &t, err);
    if (rc)
        return rc;
    if (s->n_random > 64)
        rc = sim_err_set(err, SIM_EINVAL, "at most 64 random keys");
    if (!rc && s->n_random && !(rc = sweep_random_at(s, point, rep, vals, 64, err)))
        rc = put_random(s, t, vals, err);
    if (!rc)
        rc = tree_config(s, t, point, scheme, s->n_random ? (int64_t)rep : -1, out, err);
    cJSON_Delete(t);
    return rc;
}

/* ------------------------------------------------------------ theory */

/* P(X in [lo, hi]) for the key's distribution (X clamped at 0: a point
 * mass at 0 for times). */
static double random_prob(const random_key_t *r, double lo, double hi)
{
    double cdf_hi, cdf_lo;
    double l = lo - r->shift, h = hi - r->shift;
    switch (r->dist) {
    case RD_UNIFORM:
        if (r->b == r->a)
            return (r->a >= l && r->a <= h) ? 1 : 0;
        cdf_hi = gsl_cdf_flat_P(h, r->a, r->b);
        cdf_lo = gsl_cdf_flat_P(l, r->a, r->b);
        break;
    case RD_NORMAL:
        cdf_hi = gsl_cdf_gaussian_P(h - r->a, r->b);
        cdf_lo = gsl_cdf_gaussian_P(l - r->a, r->b);
        break;
    case RD_EXPONENTIAL:
        cdf_hi = gsl_cdf_exponential_P(h, r->a);
        cdf_lo = gsl_cdf_exponential_P(l, r->a);
        break;
    default:
        cdf_hi = gsl_cdf_lognormal_P(h, log(r->a), r->b);
        cdf_lo = gsl_cdf_lognormal_P(l, log(r->a), r->b);
        break;
    }
    if (r->is_time && lo <= 0) /* everything below 0 ran at 0 */
        cdf_lo = 0;
    if (r->is_time && hi < 0)
        return 0;
    return cdf_hi - cdf_lo;
}

/* The offset Δ = t_B - t_A is vulnerable on the derived window's intervals;
 * with the one random key on moves[k].at, the chance of a vulnerable run is
 * the distribution's mass over those intervals, mapped to k's time. */
static double point_theory(const sweep_t *s, const mob_config_t *cfg)
{
    window_t w;
    int am, bm;
    if (window_check(cfg, &am, &bm, NULL) || window_analytic(cfg, &w, NULL))
        return NAN;
    if (s->theory_move != am && s->theory_move != bm)
        return NAN;
    double p = 0;
    for (int i = 0; i < w.n; i++) {
        double lo = sim_time_to_s(w.iv[i].lo), hi = sim_time_to_s(w.iv[i].hi);
        if (s->theory_move == bm) /* t_B = t_A + Δ */
            p += random_prob(&s->rnd[0], sim_time_to_s(cfg->moves[am].at) + lo,
                             sim_time_to_s(cfg->moves[am].at) + hi);
        else /* t_A = t_B - Δ */
            p += random_prob(&s->rnd[0], sim_time_to_s(cfg->moves[bm].at) - hi,
                             sim_time_to_s(cfg->moves[bm].at) - lo);
    }
    return p;
}

/* The theory column exists for exactly one random key, on moves[k].at. */
static int theory_move_of(const sweep_t *s)
{
    if (s->n_random != 1)
        return -1;
    int k = -1, end = 0;
    if (sscanf(canonical(s->rnd[0].path), "moves[%d].at%n", &k, &end) != 1 ||
        canonical(s->rnd[0].path)[end] != 0)
        return -1;
    return k;
}

/* ------------------------------------------------------------ columns */

static int add_col(sweep_t *s, size_t *cap, const char *name, col_kind_t kind, int metric)
{
    for (size_t i = 0; i < s->n_cols; i++)
        if (strcmp(s->cols[i].name, name) == 0)
            return 0;
    if (s->n_cols == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        sweep_col_t *c = realloc(s->cols, nc * sizeof(*c));
        if (!c)
            return -SIM_ENOMEM;
        s->cols = c;
        *cap = nc;
    }
    sweep_col_t *c = &s->cols[s->n_cols++];
    snprintf(c->name, sizeof(c->name), "%s", name);
    c->kind = kind;
    c->metric = metric;
    return 0;
}

#define COL(n, k, m)                                                                               \
    do {                                                                                           \
        if (add_col(s, &cap, n, k, m))                                                             \
            return -SIM_ENOMEM;                                                                    \
    } while (0)

static int build_columns(sweep_t *s, const int *extra, size_t n_extra, bool theory)
{
    size_t cap = 0;
    /* SCENARIOS.md "Sweep output", in its order */
    COL("runs", C_RUNS, 0);
    COL("restored_frac", C_FRAC, RM_RESTORED);
    COL("restored_lo", C_LO, RM_RESTORED);
    COL("restored_hi", C_HI, RM_RESTORED);
    COL("restore_time_mean", C_MEAN, RM_RESTORE_TIME);
    COL("restore_time_ci", C_CI, RM_RESTORE_TIME);
    COL("restore_time_p50", C_P50, RM_RESTORE_TIME);
    COL("restore_time_p95", C_P95, RM_RESTORE_TIME);
    COL("data_lost_mean", C_MEAN, RM_DATA_LOST);
    COL("data_lost_ci", C_CI, RM_DATA_LOST);
    COL("signaling_lost_mean", C_MEAN, RM_SIG_LOST);
    COL("signaling_sent_mean", C_MEAN, RM_SIG_SENT);
    COL("disruption_mean", C_MEAN, RM_DISRUPTION);
    /* ours */
    COL("restore_time_sd", C_SD, RM_RESTORE_TIME);
    COL("signaling_lost_ci", C_CI, RM_SIG_LOST);
    COL("signaling_sent_ci", C_CI, RM_SIG_SENT);
    COL("signaling_reforwarded_mean", C_MEAN, RM_SIG_REFWD);
    COL("scheme_messages_mean", C_MEAN, RM_SCHEME_MSGS);
    COL("ha_peak_copies_mean", C_MEAN, RM_HA_PEAK);
    COL("disruption_ci", C_CI, RM_DISRUPTION);
    COL("consecutive_frac", C_FRAC, RM_CONSECUTIVE);
    COL("consecutive_lo", C_LO, RM_CONSECUTIVE);
    COL("consecutive_hi", C_HI, RM_CONSECUTIVE);
    COL("vulnerable_frac", C_FRAC, RM_VULNERABLE);
    COL("vulnerable_lo", C_LO, RM_VULNERABLE);
    COL("vulnerable_hi", C_HI, RM_VULNERABLE);
    if (theory)
        COL("vulnerable_theory", C_THEORY, RM_VULNERABLE);
    if (s->reference >= 0) {
        static const int diff[] = {RM_RESTORED, RM_RESTORE_TIME, RM_DATA_LOST,
                                   RM_SIG_SENT, RM_SIG_LOST,     RM_DISRUPTION};
        for (size_t i = 0; i < sizeof(diff) / sizeof(diff[0]); i++) {
            char n[64];
            snprintf(n, sizeof(n), "diff_%s_mean", sweep_metric_names[diff[i]]);
            COL(n, C_DMEAN, diff[i]);
            snprintf(n, sizeof(n), "diff_%s_ci", sweep_metric_names[diff[i]]);
            COL(n, C_DCI, diff[i]);
        }
    }
    for (size_t i = 0; i < n_extra; i++) {
        static const struct {
            const char *suffix;
            col_kind_t kind;
        } st[] = {{"mean", C_MEAN}, {"sd", C_SD}, {"ci", C_CI}, {"p50", C_P50}, {"p95", C_P95}};
        for (size_t j = 0; j < 5; j++) {
            char n[64];
            snprintf(n, sizeof(n), "%s_%s", sweep_metric_names[extra[i]], st[j].suffix);
            COL(n, st[j].kind, extra[i]);
        }
    }
    /* which values a point keeps, and which differences it pairs */
    for (int m = 0; m < RM_N; m++)
        s->pct_slot[m] = s->diff_slot[m] = -1;
    for (size_t c = 0; c < s->n_cols; c++) {
        int m = s->cols[c].metric;
        if ((s->cols[c].kind == C_P50 || s->cols[c].kind == C_P95 || s->cols[c].kind == C_N) &&
            s->pct_slot[m] < 0) {
            s->pct_slot[m] = (int)s->n_pct;
            s->pct_metric[s->n_pct++] = m;
        }
        if ((s->cols[c].kind == C_DMEAN || s->cols[c].kind == C_DCI) && s->diff_slot[m] < 0) {
            s->diff_slot[m] = (int)s->n_diff;
            s->diff_metric[s->n_diff++] = m;
        }
    }
    return 0;
}

static int read_metrics(loader_t *L, int *extra, size_t *n_extra)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(L->root, "metrics");
    where_t w = {L->file, "$.metrics"};
    *n_extra = 0;
    if (!m)
        return 0;
    if (!cJSON_IsArray(m))
        return bad(L->err, &w,
                   "expected a list of metric names such as [\"data_delay_mean\", "
                   "\"events\"]");
    int i = 0;
    for (const cJSON *c = m->child; c; c = c->next, i++) {
        where_t here = w;
        where_index(&here, i);
        int found = -1;
        for (int k = 0; k < RM_N && cJSON_IsString(c); k++)
            if (strcmp(c->valuestring, sweep_metric_names[k]) == 0)
                found = k;
        if (found < 0) {
            char g[96], list[600];
            size_t o = 0;
            for (int k = 0; k < RM_N; k++)
                o += (size_t)snprintf(list + o, sizeof(list) - o, "%s\"%s\"", k ? ", " : "",
                                      sweep_metric_names[k]);
            got(g, sizeof(g), c);
            return bad(L->err, &here, "expected a metric name, one of %s; got %s", list, g);
        }
        if (*n_extra < RM_N)
            extra[(*n_extra)++] = found;
    }
    return 0;
}

static int read_reference(loader_t *L)
{
    sweep_t *s = L->s;
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(L->root, "reference");
    where_t w = {L->file, "$.reference"};
    s->reference = -1;
    if (!r)
        return 0;
    int sc = cJSON_IsString(r) ? mob_scheme_from_name(r->valuestring) : -1;
    for (size_t i = 0; sc >= 0 && i < s->n_schemes; i++)
        if (s->schemes[i] == sc)
            s->reference = (int)i;
    if (s->reference < 0) {
        char g[96];
        got(g, sizeof(g), r);
        return bad(L->err, &w,
                   "expected one of the schemes of $.vary.scheme to compare the "
                   "others with, got %s",
                   g);
    }
    return 0;
}

/* ------------------------------------------------------------ fingerprint */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static int fingerprint(sweep_t *s, const cJSON *root)
{
    char *a = cJSON_PrintUnformatted(root), *b = cJSON_PrintUnformatted(s->base);
    if (!a || !b) {
        free(a);
        free(b);
        return -SIM_ENOMEM;
    }
    uint64_t h = 0xcbf29ce484222325ull;
    h = fnv(h, a, strlen(a) + 1);
    h = fnv(h, b, strlen(b) + 1);
    h = fnv(h, &s->reps, sizeof(s->reps));
    h = fnv(h, &s->seed, sizeof(s->seed));
    for (size_t i = 0; i < s->n_cols; i++)
        h = fnv(h, s->cols[i].name, strlen(s->cols[i].name) + 1);
    s->fingerprint = h;
    free(a);
    free(b);
    return 0;
}

/* ------------------------------------------------------------ the grid */

/* Validates every (point, scheme) - and finds the base's scheme and seed. */
static int check_grid(loader_t *L, bool *has_seed)
{
    sweep_t *s = L->s;
    mob_config_t *cfg = malloc(sizeof(*cfg));
    double vals[64];
    if (!cfg)
        return sim_err_set(L->err, SIM_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n_random && i < 64; i++)
        vals[i] = random_typical(&s->rnd[i]);
    int rc = 0;
    if (s->theory_move >= 0 && s->n_points <= THEORY_POINTS_MAX) {
        s->theory = malloc(s->n_points * sizeof(*s->theory));
        if (!s->theory)
            rc = sim_err_set(L->err, SIM_ENOMEM, "out of memory");
    }
    for (size_t p = 0; p < s->n_points && !rc; p++)
        for (size_t sc = 0; sc < s->n_schemes && !rc; sc++) {
            cJSON *t = NULL;
            if ((rc = point_tree(s, p, sc, &t, L->err)) || (rc = put_random(s, t, vals, L->err)) ||
                (rc = tree_config(s, t, p, sc, -1, cfg, L->err))) {
                cJSON_Delete(t);
                break;
            }
            cJSON_Delete(t);
            if (p == 0 && sc == 0) {
                if (!s->scheme_varied)
                    s->schemes[0] = cfg->scheme;
                if (!*has_seed)
                    s->seed = cfg->seed;
            }
            if (s->theory && sc == 0)
                s->theory[p] = point_theory(s, cfg);
        }
    free(cfg);
    return rc;
}

static int load_tree(sweep_t *s, const cJSON *root, const char *file, const sweep_options_t *opt,
                     sim_err_t *err)
{
    loader_t L = {s, root, file, "", err};
    const char *slash = strrchr(file, '/');
    if (slash && (size_t)(slash - file) < sizeof(L.dir))
        snprintf(L.dir, sizeof(L.dir), "%.*s", (int)(slash - file), file);
    else if (slash)
        return sim_err_set(err, SIM_EINVAL, "%s: file name too long", file);
    snprintf(s->file, sizeof(s->file), "%s", file);
    const char *base = slash ? slash + 1 : file;
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".json") == 0)
        n -= 5;
    snprintf(s->name, sizeof(s->name), "%.*s", (int)(n < 63 ? n : 63), base);
    int rc, extra[RM_N];
    size_t n_extra = 0;
    bool has_seed = false;
    if ((rc = check_top(&L)) || (rc = read_text(&L, "name", s->name, sizeof(s->name))) ||
        (rc = read_text(&L, "description", NULL, 0)) || (rc = load_base(&L, opt)) ||
        (rc = read_vary(&L)) || (rc = read_random(&L)) ||
        (rc = read_count(&L, "replications", (double)SWEEP_REPLICATIONS_MAX, true, &s->reps)) < 0)
        return rc;
    rc = read_count(&L, "seed", 9007199254740992.0, false, &s->seed);
    if (rc < 0)
        return rc;
    has_seed = rc == 0;
    if (opt && opt->replications)
        s->reps = opt->replications;
    if (opt && opt->has_seed) {
        s->seed = opt->seed;
        has_seed = true;
    }
    s->n_points = 1;
    for (size_t k = 0; k < s->n_keys; k++) {
        if (s->n_points > SWEEP_POINTS_MAX / s->keys[k].n) {
            where_t w = {file, "$.vary"};
            return bad(err, &w, "expected at most %u grid points", SWEEP_POINTS_MAX);
        }
        s->n_points *= s->keys[k].n;
    }
    s->theory_move = theory_move_of(s);
    if (!s->scheme_varied) { /* the base's own scheme, known once validated */
        s->n_schemes = 1;
        s->schemes[0] = MOB_SCHEME_BASELINE;
    }
    if ((rc = check_grid(&L, &has_seed)) || (rc = read_reference(&L)) ||
        (rc = read_metrics(&L, extra, &n_extra)))
        return rc;
    bool theory = false;
    for (size_t p = 0; s->theory && p < s->n_points; p++)
        theory = theory || isfinite(s->theory[p]);
    if (build_columns(s, extra, n_extra, theory) || fingerprint(s, root))
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    s->reps_per_task = REPS_PER_TASK;
    s->tasks_per_point = (size_t)((s->reps + s->reps_per_task - 1) / s->reps_per_task);
    if (s->n_points > SIZE_MAX / s->tasks_per_point) {
        where_t w = {file, "$.replications"};
        return bad(err, &w, "expected fewer replications for this many grid points");
    }
    return 0;
}

int sweep_load_string(const char *text, size_t len, const char *file, const sweep_options_t *opt,
                      sweep_t **out, sim_err_t *err)
{
    const char *name = file ? file : "<sweep>";
    cJSON *root;
    int rc = scn_parse_text(text, len, name, &root, err);
    if (rc)
        return rc;
    sweep_t *s = calloc(1, sizeof(*s));
    if (!s) {
        cJSON_Delete(root);
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    rc = load_tree(s, root, name, opt, err);
    cJSON_Delete(root);
    if (rc) {
        sweep_destroy(s);
        return rc;
    }
    *out = s;
    return 0;
}

int sweep_load_file(const char *path, const sweep_options_t *opt, sweep_t **out, sim_err_t *err)
{
    char *text;
    size_t len;
    int rc = scn_read_file(path, &text, &len, err);
    if (rc)
        return rc;
    rc = sweep_load_string(text, len, path, opt, out, err);
    free(text);
    return rc;
}

/* ------------------------------------------------------------ blocks */

sweep_block_t *sweep_block_create(const sweep_t *s, size_t task)
{
    sweep_block_t *b = calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    b->task = task;
    sweep_task_span(s, task, &b->point, &b->rep_lo, &b->rep_hi);
    b->n_schemes = s->n_schemes;
    b->n_random = s->n_random;
    uint64_t reps = b->rep_hi - b->rep_lo;
    b->n_data = (size_t)(reps * (b->n_schemes * RM_N + b->n_random));
    b->data = calloc(b->n_data ? b->n_data : 1, sizeof(*b->data));
    if (!b->data) {
        free(b);
        return NULL;
    }
    return b;
}

void sweep_block_destroy(sweep_block_t *b)
{
    if (!b)
        return;
    free(b->data);
    free(b);
}

size_t sweep_block_task(const sweep_block_t *b)
{
    return b->task;
}

double *sweep_block_data(sweep_block_t *b, size_t *n)
{
    *n = b->n_data;
    return b->data;
}

int sweep_block_load(sweep_block_t *b, const double *data, size_t n, sim_err_t *err)
{
    if (n != b->n_data)
        return sim_err_set(err, SIM_EINVAL, "block of task %zu: expected %zu numbers, got %zu",
                           b->task, b->n_data, n);
    memcpy(b->data, data, n * sizeof(*data));
    return 0;
}

static double ns_s(sim_time_t t)
{
    return sim_time_to_s(t);
}

static void metrics_vec(const mob_metrics_t *m, double *v)
{
    v[RM_RESTORED] = m->has_restore_time ? 1 : 0;
    v[RM_RESTORE_TIME] = m->has_restore_time ? ns_s(m->restore_time) : NAN;
    v[RM_SIG_SENT] = (double)m->sig_sent;
    v[RM_SIG_LOST] = (double)m->sig_lost;
    v[RM_SIG_REFWD] = (double)m->sig_reforwarded;
    v[RM_SIG_BYTES] = (double)m->sig_bytes;
    v[RM_SIG_LATENCY] = m->sig_sent > m->sig_lost ? ns_s(m->sig_latency_mean) : NAN;
    v[RM_SCHEME_MSGS] = (double)m->scheme_msgs;
    v[RM_HA_PEAK] = (double)m->ha_peak_copies;
    v[RM_DATA_SENT] = (double)m->data_sent;
    v[RM_DATA_LOST] = (double)m->data_lost;
    v[RM_DATA_DELAY_MEAN] = m->data_received ? ns_s(m->data_delay_mean) : NAN;
    v[RM_DATA_DELAY_P95] = m->data_received ? ns_s(m->data_delay_p95) : NAN;
    v[RM_DISRUPTION] =
        ns_s(m->disruption_ab > m->disruption_ba ? m->disruption_ab : m->disruption_ba);
    v[RM_CONSECUTIVE] = m->consecutive_mobility ? 1 : 0;
    v[RM_VULNERABLE] = m->sig_lost > 0 ? 1 : 0;
    v[RM_EVENTS] = (double)m->events;
}

static int run_one(const sweep_t *s, const mob_config_t *cfg, size_t point, uint64_t rep,
                   double *vec, sim_err_t *err)
{
    sim_t *sim = sim_create((sim_stream_id_t){s->seed, point, rep});
    mob_world_t *w = NULL;
    if (!sim)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    int rc = mob_world_create(cfg, sim, &w, err);
    if (rc == -SIM_EINVAL) {
        char pre[600];
        snprintf(pre, sizeof(pre), "%s: grid point %zu, replication %llu", s->file, point,
                 (unsigned long long)rep);
        sim_err_prefix(err, pre);
    }
    if (rc == 0 && (rc = mob_world_run(w)) != 0)
        sim_err_set(err, -rc, "out of memory in a run");
    if (rc == 0)
        metrics_vec(mob_world_metrics(w), vec);
    mob_world_destroy(w);
    sim_destroy(sim);
    return rc;
}

int sweep_block_run(const sweep_t *s, sweep_block_t *b, sim_err_t *err)
{
    mob_config_t *cfg = malloc(sizeof(*cfg));
    cJSON *trees[MOB_N_SCHEMES] = {0};
    int rc = cfg ? 0 : sim_err_set(err, SIM_ENOMEM, "out of memory");
    for (size_t sc = 0; sc < s->n_schemes && !rc; sc++)
        rc = point_tree(s, b->point, sc, &trees[sc], err);
    for (size_t sc = 0; sc < s->n_schemes && !rc && !s->n_random; sc++) {
        /* no random keys: one scenario per scheme for the whole block */
        if (!(rc = tree_config(s, trees[sc], b->point, sc, -1, cfg, err)))
            for (uint64_t r = b->rep_lo; r < b->rep_hi && !rc; r++)
                rc = run_one(s, cfg, b->point, r, sweep_block_run_vec(b, sc, r), err);
    }
    for (uint64_t r = b->rep_lo; r < b->rep_hi && !rc && s->n_random; r++) {
        double *vals = sweep_block_rnd_vec(b, r);
        rc = sweep_random_at(s, b->point, r, vals, s->n_random, err);
        for (size_t sc = 0; sc < s->n_schemes && !rc; sc++)
            if (!(rc = put_random(s, trees[sc], vals, err)) &&
                !(rc = tree_config(s, trees[sc], b->point, sc, (int64_t)r, cfg, err)))
                rc = run_one(s, cfg, b->point, r, sweep_block_run_vec(b, sc, r), err);
    }
    for (size_t sc = 0; sc < s->n_schemes; sc++)
        cJSON_Delete(trees[sc]);
    free(cfg);
    return rc;
}

/* ------------------------------------------------------------ rows */

void sweep_block_fold(const sweep_t *s, const sweep_block_t *b, stats_acc_t *part,
                      stats_acc_t *dpart, double *pvals)
{
    for (size_t sc = 0; sc < s->n_schemes; sc++)
        for (uint64_t r = b->rep_lo; r < b->rep_hi; r++) {
            const double *v = sweep_block_run_vec(b, sc, r);
            for (int m = 0; m < RM_N; m++)
                stats_acc_add(&part[sc * RM_N + (size_t)m], v[m]);
            for (size_t k = 0; k < s->n_pct; k++)
                pvals[(sc * s->n_pct + k) * s->reps + r] = v[s->pct_metric[k]];
            if (s->reference < 0 || (int)sc == s->reference)
                continue;
            const double *ref = sweep_block_run_vec(b, (size_t)s->reference, r);
            for (size_t k = 0; k < s->n_diff; k++) {
                int m = s->diff_metric[k]; /* both must exist: runs restored under both */
                if (isfinite(v[m]) && isfinite(ref[m]))
                    stats_acc_add(&dpart[sc * s->n_diff + k], v[m] - ref[m]);
            }
        }
}

typedef struct metric_cache {
    bool done[RM_N];
    stats_summary_t pct[RM_N];
} metric_cache_t;

static const stats_summary_t *percentiles(const sweep_t *s, const sweep_point_stats_t *ps,
                                          size_t sc, int m, metric_cache_t *mc, double *scratch)
{
    if (!mc->done[m]) {
        const double *v = ps->pvals + (sc * s->n_pct + (size_t)s->pct_slot[m]) * s->reps;
        stats_summarize(v, (size_t)s->reps, scratch, &mc->pct[m]);
        mc->done[m] = true;
    }
    return &mc->pct[m];
}

static double col_value(const sweep_t *s, size_t point, size_t sc, const sweep_col_t *c,
                        const sweep_point_stats_t *ps, metric_cache_t *mc, double *scratch)
{
    const stats_acc_t *acc = &ps->acc[sc * RM_N + (size_t)c->metric];
    uint64_t k = (uint64_t)llround(acc->sum); /* 0/1 metrics: the count of ones */
    stats_summary_t x;
    double lo, hi;
    switch (c->kind) {
    case C_RUNS:
        return (double)s->reps;
    case C_FRAC:
        return stats_fraction(k, s->reps);
    case C_LO:
    case C_HI:
        stats_wilson(k, s->reps, &lo, &hi);
        return c->kind == C_LO ? lo : hi;
    case C_THEORY:
        return (s->theory && s->schemes[sc] == MOB_SCHEME_BASELINE) ? s->theory[point] : NAN;
    case C_DMEAN:
    case C_DCI:
        if ((int)sc == s->reference)
            return NAN;
        stats_acc_summary(&ps->diff[sc * s->n_diff + (size_t)s->diff_slot[c->metric]], &x);
        return c->kind == C_DMEAN ? x.mean : x.ci;
    case C_MEAN:
    case C_SD:
    case C_CI:
        stats_acc_summary(acc, &x);
        return c->kind == C_MEAN ? x.mean : c->kind == C_SD ? x.sd : x.ci;
    case C_P50:
        return percentiles(s, ps, sc, c->metric, mc, scratch)->p50;
    case C_P95:
        return percentiles(s, ps, sc, c->metric, mc, scratch)->p95;
    case C_N:
        return (double)percentiles(s, ps, sc, c->metric, mc, scratch)->n;
    }
    return NAN;
}

void sweep_point_rows(const sweep_t *s, size_t point, const sweep_point_stats_t *ps,
                      double *scratch, double *rows)
{
    metric_cache_t mc;
    for (size_t sc = 0; sc < s->n_schemes; sc++) {
        memset(&mc, 0, sizeof(mc));
        for (size_t c = 0; c < s->n_cols; c++)
            rows[sc * s->n_cols + c] = col_value(s, point, sc, &s->cols[c], ps, &mc, scratch);
    }
}

/* ------------------------------------------------------------ execute */

typedef struct pool {
    const sweep_t *s;
    const sweep_exec_t *x;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next_task;
    int running; /* workers still going */
    int rc;      /* first error */
    sim_err_t err;
    sweep_block_t **done; /* finished blocks for the calling thread */
    size_t n_done, cap_done;
} pool_t;

static bool stopping(pool_t *p)
{
    return p->rc != 0 || (p->x->stop && *p->x->stop);
}

/* Takes the next wanted task under the lock; false when none is left. */
static bool take_task(pool_t *p, size_t *task)
{
    size_t n = sweep_n_tasks(p->s);
    while (p->next_task < n && !stopping(p)) {
        size_t t = p->next_task++;
        pthread_mutex_unlock(&p->mu); /* want() may be slow (a lookup) */
        bool want = !p->x->want || p->x->want(p->x->ctx, t);
        pthread_mutex_lock(&p->mu);
        if (want) {
            *task = t;
            return true;
        }
    }
    return false;
}

static void fail_pool(pool_t *p, int rc, const sim_err_t *err)
{
    if (p->rc == 0) {
        p->rc = rc;
        p->err = *err;
    }
}

static void *worker(void *arg)
{
    pool_t *p = arg;
    sim_err_t err = {0};
    size_t task;
    pthread_mutex_lock(&p->mu);
    while (take_task(p, &task)) {
        pthread_mutex_unlock(&p->mu);
        sweep_block_t *b = sweep_block_create(p->s, task);
        int rc =
            b ? sweep_block_run(p->s, b, &err) : sim_err_set(&err, SIM_ENOMEM, "out of memory");
        pthread_mutex_lock(&p->mu);
        if (rc == 0 && p->n_done == p->cap_done) {
            size_t nc = p->cap_done ? 2 * p->cap_done : 16;
            sweep_block_t **d = realloc(p->done, nc * sizeof(*d));
            if (d) {
                p->done = d;
                p->cap_done = nc;
            } else {
                rc = sim_err_set(&err, SIM_ENOMEM, "out of memory");
            }
        }
        if (rc) {
            sweep_block_destroy(b);
            fail_pool(p, rc, &err);
            break;
        }
        p->done[p->n_done++] = b;
        pthread_cond_signal(&p->cv);
    }
    p->running--;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static int online_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* The calling thread's loop: hand finished blocks to the sink in finishing
 * order, poll, until every worker has stopped and nothing is left. */
static void drain(pool_t *p)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->n_done > 0) {
            sweep_block_t *b = p->done[0];
            memmove(p->done, p->done + 1, --p->n_done * sizeof(*p->done));
            pthread_mutex_unlock(&p->mu);
            sim_err_t e = {0};
            int rc = p->x->sink ? p->x->sink(p->x->ctx, b, &e) : (sweep_block_destroy(b), 0);
            pthread_mutex_lock(&p->mu);
            if (rc)
                fail_pool(p, rc, &e);
        }
        if (p->running == 0)
            break;
        if (p->x->poll) {
            pthread_mutex_unlock(&p->mu);
            sim_err_t e = {0};
            int rc = p->x->poll(p->x->ctx, &e);
            pthread_mutex_lock(&p->mu);
            if (rc)
                fail_pool(p, rc, &e);
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += (p->x->poll_ms > 0 ? p->x->poll_ms : 20) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        if (p->n_done == 0 && p->running > 0)
            pthread_cond_timedwait(&p->cv, &p->mu, &ts);
    }
    pthread_mutex_unlock(&p->mu);
}

int sweep_execute(const sweep_t *s, const sweep_exec_t *x, sim_err_t *err)
{
    pool_t p;
    memset(&p, 0, sizeof(p));
    p.s = s;
    p.x = x;
    int n = x->threads > 0 ? x->threads : online_cores();
    if (n > 1024)
        n = 1024;
    pthread_t *th = calloc((size_t)n, sizeof(*th));
    if (!th)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    int started = 0;
    pthread_mutex_lock(&p.mu);
    for (; started < n; started++) {
        if (pthread_create(&th[started], NULL, worker, &p) != 0)
            break;
        p.running++;
    }
    pthread_mutex_unlock(&p.mu);
    if (started == 0) {
        p.rc = sim_err_set(&p.err, SIM_ENOMEM, "cannot start a worker thread");
    } else {
        drain(&p);
    }
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    for (size_t i = 0; i < p.n_done; i++) /* left over after an error */
        sweep_block_destroy(p.done[i]);
    free(p.done);
    free(th);
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    if (p.rc && err)
        *err = p.err;
    return p.rc;
}
