/* scenarios/sweepfile.c - reading and checking sweep files (see sweepfile.h).
 *
 * Every check that a run could trip over happens here, before anything
 * runs: the keys of the file (jcheck), every path (canonical, no overlaps,
 * landing in the base scenario), and the scenario of every grid point
 * under every scheme, with the random keys at a typical value and then at
 * the ends of their supports. A bad sweep fails in milliseconds with one
 * line, not hours into a run with an output directory half written.
 */
#include "scenarios/sweepfile.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/jcheck.h"
#include "scenarios/scn.h"

#define OOM(err) sim_err_set(err, SIM_ENOMEM, "out of memory")

/* Times at or above this many seconds (or non-finite) are put into trees as
 * numbers, which the validator refuses as too large; below, as exact text. */
#define TIME_S_MAX 9e9

typedef struct loader {
    scn_sweep_t *d;
    const scn_sweep_options_t *opt;
    jc_t j;
    char dir[SCN_SWEEP_PATH_MAX]; /* of the sweep file, for a relative base */
    bool has_seed;                /* "seed" or --seed given */
    sim_err_t *err;
} loader_t;

/* ------------------------------------------------------------ small helpers */

size_t scn_sweep_key_index(const scn_sweep_t *d, size_t point, size_t key)
{
    for (size_t k = d->n_keys; k-- > key + 1;)
        point /= d->keys[k].n;
    return point % d->keys[key].n;
}

static void key_fini(scn_sweep_key_t *k)
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
    free(k->shown);
}

void scn_sweep_destroy(scn_sweep_t *d)
{
    if (!d)
        return;
    for (size_t k = 0; k < d->n_keys; k++)
        key_fini(&d->keys[k]);
    free(d->keys);
    free(d->rnd);
    free(d->sets);
    for (size_t i = 0; i < d->n_scheme_sets; i++)
        cJSON_Delete(d->scheme_sets[i].value);
    free(d->scheme_sets);
    cJSON_Delete(d->root);
    cJSON_Delete(d->base);
    free(d);
}

/* A time value: a string sim_time_parse() reads ("30ms"). */
static bool as_time(const cJSON *item, sim_time_t *t)
{
    return cJSON_IsString(item) && sim_time_parse(item->valuestring, t, NULL) == 0;
}

/* true when canonical path a is at or inside b. */
static bool path_inside(const char *a, const char *b)
{
    return scn_path_overlaps(a, b) && strlen(a) >= strlen(b);
}

/* The canonical spelling of a vary/random/set key, with "$."; a bad path
 * fails at the key. */
static int canonical_key(loader_t *L, const char *key, char *buf, size_t cap)
{
    sim_err_t inner = {0};
    if (scn_path_canonical(key, buf, cap, &inner) == 0)
        return 0;
    return jc_fail(&L->j, "expected a path into the base scenario: %s", inner.msg);
}

/* ------------------------------------------------------------ vary values */

/* Records value i of key k: the JSON value and how CSV shows it. */
static int key_set_value(scn_sweep_key_t *k, size_t i, cJSON *value)
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

static int key_alloc(scn_sweep_key_t *k, size_t n)
{
    k->n = n;
    k->values = calloc(n, sizeof(*k->values));
    k->num = calloc(n, sizeof(*k->num));
    k->shown = calloc(n, sizeof(*k->shown));
    k->text = calloc(n, sizeof(*k->text));
    return (k->values && k->num && k->shown && k->text) ? 0 : -SIM_ENOMEM;
}

static int range_number(loader_t *L, const cJSON *obj, const char *key, double *out, sim_time_t *t,
                        bool *is_time)
{
    const cJSON *it = jc_member(obj, key);
    if (!it)
        return jc_fail(&L->j, "expected a key \"%s\" in a range {\"from\", \"to\", \"step\"}", key);
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
    char g[96];
    jc_describe(g, sizeof(g), it);
    size_t m = jc_push_key(&L->j, key);
    int rc = jc_fail(&L->j, "expected a time such as \"10ms\" or a number, got %s", g);
    jc_pop(&L->j, m);
    return rc;
}

/* {"from", "to", "step"}: times (exact, in ns) or numbers; "to" included
 * when the steps land on it. */
static int read_range(loader_t *L, const cJSON *obj, scn_sweep_key_t *k)
{
    static const char *const keys[] = {"from", "to", "step"};
    double from, to, step;
    sim_time_t tf = 0, tt = 0, ts = 0;
    bool f_time, t_time, s_time;
    int rc;
    if ((rc = jc_check_keys(&L->j, obj, keys, 3)) ||
        (rc = range_number(L, obj, "from", &from, &tf, &f_time)) ||
        (rc = range_number(L, obj, "to", &to, &tt, &t_time)) ||
        (rc = range_number(L, obj, "step", &step, &ts, &s_time)))
        return rc;
    if (f_time != t_time || f_time != s_time)
        return jc_fail(&L->j, "expected \"from\", \"to\" and \"step\" all times or all numbers");
    if (!(step > 0) || (s_time && ts <= 0))
        return jc_fail_at(&L->j, "step", "expected a step above 0");
    if (to < from)
        return jc_fail_at(&L->j, "to", "expected \"to\" at or above \"from\"");
    double steps = f_time ? (double)((tt - tf) / ts) : floor((to - from) / step * (1 + 1e-12));
    if (steps + 1 > SCN_SWEEP_POINTS_MAX) {
        size_t m = jc_push_key(&L->j, "step");
        rc =
            jc_fail(&L->j, "expected at most %u values, got %.0f", SCN_SWEEP_POINTS_MAX, steps + 1);
        jc_pop(&L->j, m);
        return rc;
    }
    size_t n = (size_t)steps + 1;
    if (key_alloc(k, n))
        return OOM(L->err);
    for (size_t i = 0; i < n; i++) {
        char buf[48];
        cJSON *v;
        if (f_time) {
            sim_time_format(tf + (sim_time_t)i * ts, buf, sizeof(buf));
            v = cJSON_CreateString(buf);
        } else { /* 12 digits: 0.1 * 3 is 0.3, not 0.30000000000000004 */
            snprintf(buf, sizeof(buf), "%.12g", from + (double)i * step);
            v = cJSON_CreateNumber(strtod(buf, NULL));
        }
        if (!v || key_set_value(k, i, v))
            return OOM(L->err);
    }
    return 0;
}

static int read_list(loader_t *L, const cJSON *arr, scn_sweep_key_t *k)
{
    int n = cJSON_GetArraySize(arr);
    if (n < 1)
        return jc_fail(&L->j,
                       "expected a list of at least one value, or {\"from\", \"to\", \"step\"}");
    if ((size_t)n > SCN_SWEEP_POINTS_MAX)
        return jc_fail(&L->j, "expected at most %u values", SCN_SWEEP_POINTS_MAX);
    if (key_alloc(k, (size_t)n))
        return OOM(L->err);
    size_t i = 0;
    for (const cJSON *c = arr->child; c; c = c->next, i++) {
        cJSON *v = cJSON_Duplicate(c, true);
        if (!v || key_set_value(k, i, v)) {
            cJSON_Delete(v);
            return OOM(L->err);
        }
    }
    return 0;
}

/* ------------------------------------------------------------ base and set */

static int base_from_file(loader_t *L, const cJSON *b)
{
    scn_sweep_t *d = L->d;
    if (!b->valuestring[0])
        return jc_fail(&L->j, "expected a scenario file name, got \"\"");
    size_t nd = (b->valuestring[0] == '/' || !L->dir[0]) ? 0 : strlen(L->dir);
    size_t nb = strlen(b->valuestring);
    if (nd + 1 + nb >= sizeof(d->base_file))
        return jc_fail(&L->j, "expected a shorter file name");
    if (nd) { /* relative to the sweep file's directory */
        memcpy(d->base_file, L->dir, nd);
        d->base_file[nd++] = '/';
    }
    memcpy(d->base_file + nd, b->valuestring, nb + 1);
    int rc = scn_parse_file(d->base_file, &d->base, L->err);
    if (rc) {
        if (rc == -SIM_EIO)
            rc = -SIM_EINVAL;
        sim_err_prefix(L->err, L->j.path);
        sim_err_prefix(L->err, d->file);
        return rc;
    }
    if (scn_kind(d->base) == SCN_KIND_SWEEP)
        return jc_fail(&L->j, "expected a scenario, but %s is a sweep file", d->base_file);
    return 0;
}

static int add_set(loader_t *L, const char *canon, const char *label)
{
    scn_sweep_t *d = L->d;
    scn_sweep_set_t *s = realloc(d->sets, (d->n_sets + 1) * sizeof(*s));
    if (!s)
        return OOM(L->err);
    d->sets = s;
    s += d->n_sets++;
    snprintf(s->path, sizeof(s->path), "%s", canon);
    snprintf(s->label, sizeof(s->label), "%s", label);
    return 0;
}

/* The file's "set", then --set: the command line has the last word. */
static int read_sets(loader_t *L)
{
    scn_sweep_t *d = L->d;
    const cJSON *set = jc_member(d->root, "set");
    char canon[SCN_SWEEP_PATH_MAX];
    int rc = 0;
    size_t m = jc_push_key(&L->j, "set");
    if (set &&
        (rc = jc_expect_object(
             &L->j, set,
             "an object of scenario paths to values, such as {\"traffic.rate\": 0, \"horizon\": \"10s\"}")))
        return rc;
    for (const cJSON *c = set ? set->child : NULL; c && !rc; c = c->next) {
        if (c->string[0] == '_')
            continue;
        size_t m2 = jc_push_key(&L->j, c->string);
        if ((rc = canonical_key(L, c->string, canon, sizeof(canon))))
            return rc;
        if ((rc = scn_set_apply(d->base, canon, c, L->err))) {
            if (rc != -SIM_EINVAL)
                return rc;
            char msg[SIM_ERR_MSG_MAX];
            snprintf(msg, sizeof(msg), "%s", L->err->msg);
            return jc_fail(&L->j, "expected a path into the base scenario: %s", msg);
        }
        rc = add_set(L, canon, L->j.path);
        jc_pop(&L->j, m2);
    }
    jc_pop(&L->j, m);
    for (size_t i = 0; !rc && L->opt && i < L->opt->n_sets; i++) {
        const char *a = L->opt->sets[i];
        if ((rc = scn_set_apply_text(d->base, a, L->err)))
            return rc;
        char key[SCN_SWEEP_PATH_MAX], shown[128], label[160];
        const char *eq = strchr(a, '=');
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
        snprintf(key, sizeof(key), "%.*s", (int)(n < sizeof(key) ? n : sizeof(key) - 1), a);
        jc_show_arg(shown, sizeof(shown), a);
        snprintf(label, sizeof(label), "--set %s", shown);
        if (scn_path_canonical(key, canon, sizeof(canon), NULL) == 0)
            rc = add_set(L, canon, label);
    }
    return rc;
}

static int read_base(loader_t *L)
{
    scn_sweep_t *d = L->d;
    const cJSON *b = jc_member(d->root, "base");
    if (!b)
        return jc_fail(
            &L->j,
            "expected a key \"base\": a scenario file (relative to this file) or an inline scenario object");
    size_t m = jc_push_key(&L->j, "base");
    int rc = 0;
    if (cJSON_IsString(b)) {
        rc = base_from_file(L, b);
    } else if (cJSON_IsObject(b)) {
        snprintf(d->base_file, sizeof(d->base_file), "%.*s ($.base)", 200, d->file);
        if (!(d->base = cJSON_Duplicate(b, true)))
            rc = OOM(L->err);
    } else {
        char g[96];
        jc_describe(g, sizeof(g), b);
        rc =
            jc_fail(&L->j, "expected a scenario file name or an inline scenario object, got %s", g);
    }
    jc_pop(&L->j, m);
    return rc ? rc : read_sets(L);
}

/* ------------------------------------------------------------ vary */

/* The path must be a valid --set path that lands in the base scenario. */
static int check_path(loader_t *L, const char *path, const cJSON *value)
{
    cJSON *copy = cJSON_Duplicate(L->d->base, true);
    if (!copy)
        return OOM(L->err);
    int rc = scn_set_apply(copy, path, value, L->err);
    cJSON_Delete(copy);
    if (rc == -SIM_EINVAL) {
        char msg[SIM_ERR_MSG_MAX];
        snprintf(msg, sizeof(msg), "%s", L->err->msg);
        return jc_fail(&L->j, "expected a path into the base scenario: %s", msg);
    }
    return rc;
}

/* Refuses "seed" (every run has its own streams already) and a path that
 * overlaps a vary or random key read before it. */
static int check_new_key(loader_t *L, const char *canon, bool is_random)
{
    const scn_sweep_t *d = L->d;
    if (strcmp(canon, "$.seed") == 0)
        return jc_fail(
            &L->j,
            "expected a scenario key other than \"seed\": every run of a sweep already has its own random streams, derived from the top-level \"seed\" (or --seed), so %s the scenario's seed would change nothing; give more \"replications\" for more independent runs, or run the sweep again with another --seed",
            is_random ? "drawing" : "varying");
    if (is_random && strcmp(canon, "$.scheme") == 0)
        return jc_fail(
            &L->j,
            "expected a scenario key other than \"scheme\" (schemes are compared on the same draws: put them in \"vary\")");
    const char *other = NULL, *other_path = NULL;
    for (size_t k = 0; k < d->n_keys && !other; k++) {
        char c[SCN_SWEEP_PATH_MAX + 2];
        snprintf(c, sizeof(c), "$.%s", d->keys[k].path);
        if (scn_path_overlaps(c, canon))
            other = d->keys[k].where, other_path = d->keys[k].path;
    }
    if (d->scheme_varied && !other && scn_path_overlaps("$.scheme", canon))
        other = "$.vary.scheme", other_path = "scheme";
    for (size_t k = 0; k < d->n_random && !other; k++) {
        char c[SCN_SWEEP_PATH_MAX + 2];
        snprintf(c, sizeof(c), "$.%s", d->rnd[k].path);
        if (scn_path_overlaps(c, canon))
            other = d->rnd[k].where, other_path = d->rnd[k].path;
    }
    if (!other)
        return 0;
    size_t no = strlen(other_path), nc = strlen(canon + 2);
    const char *how = no == nc ? "it is the same as" : no < nc ? "it lies inside" : "it contains";
    return jc_fail(&L->j, "expected a key not already varied: %s %s", how, other);
}

static int read_scheme_key(loader_t *L, const cJSON *val)
{
    scn_sweep_t *d = L->d;
    if (!cJSON_IsArray(val) || cJSON_GetArraySize(val) < 1)
        return jc_fail(&L->j,
                       "expected a list of schemes such as [\"baseline\", \"hoa-signaling\"]");
    if (cJSON_GetArraySize(val) > MOB_N_SCHEMES)
        return jc_fail(&L->j, "expected each of the %d schemes at most once", MOB_N_SCHEMES);
    int i = 0;
    for (const cJSON *c = val->child; c; c = c->next, i++) {
        size_t m = jc_push_index(&L->j, i);
        int sc = cJSON_IsString(c) ? mob_scheme_from_name(c->valuestring) : -1;
        if (sc < 0) {
            char g[96];
            jc_describe(g, sizeof(g), c);
            return jc_fail(
                &L->j,
                "expected a scheme: \"baseline\", \"forwarding\", \"proxies\" or \"hoa-signaling\", got %s",
                g);
        }
        for (size_t j = 0; j < d->n_schemes; j++)
            if (d->schemes[j] == sc)
                return jc_fail(&L->j, "expected each scheme once, but \"%s\" is also item %zu",
                               c->valuestring, j);
        d->schemes[d->n_schemes++] = sc;
        jc_pop(&L->j, m);
    }
    d->scheme_varied = true;
    return 0;
}

static int read_vary_key(loader_t *L, const cJSON *c)
{
    scn_sweep_t *d = L->d;
    char canon[SCN_SWEEP_PATH_MAX];
    int rc;
    if ((rc = canonical_key(L, c->string, canon, sizeof(canon))) ||
        (rc = check_new_key(L, canon, false)))
        return rc;
    if (strcmp(canon, "$.scheme") == 0)
        return read_scheme_key(L, c);
    scn_sweep_key_t *k = &d->keys[d->n_keys++];
    snprintf(k->path, sizeof(k->path), "%s", canon + 2);
    snprintf(k->where, sizeof(k->where), "%s", L->j.path);
    if (cJSON_IsArray(c)) {
        rc = read_list(L, c, k);
    } else if (cJSON_IsObject(c)) {
        rc = read_range(L, c, k);
    } else {
        char g[96];
        jc_describe(g, sizeof(g), c);
        rc = jc_fail(&L->j, "expected a list of values or {\"from\", \"to\", \"step\"}, got %s", g);
    }
    return rc ? rc : check_path(L, canon, k->values[0]);
}

static int read_vary(loader_t *L)
{
    scn_sweep_t *d = L->d;
    const cJSON *vary = jc_member(d->root, "vary");
    if (!vary)
        return 0;
    size_t m = jc_push_key(&L->j, "vary");
    int rc = jc_expect_object(
        &L->j, vary,
        "an object of paths to lists or ranges, such as {\"params.T_b\": {\"from\": \"0ms\", \"to\": \"500ms\", \"step\": \"10ms\"}}");
    size_t n = 0;
    for (const cJSON *c = vary->child; c; c = c->next)
        n++;
    if (!rc && !(d->keys = calloc(n ? n : 1, sizeof(*d->keys))))
        rc = OOM(L->err);
    for (const cJSON *c = vary->child; c && !rc; c = c->next) {
        if (c->string[0] == '_')
            continue;
        size_t m2 = jc_push_key(&L->j, c->string);
        rc = read_vary_key(L, c);
        jc_pop(&L->j, m2);
    }
    jc_pop(&L->j, m);
    return rc;
}

/* ------------------------------------------------------------ random */

static const char *const dist_names[] = {"uniform", "normal", "exponential", "lognormal"};
static const char *const dist_params[][2] = {
    {"min", "max"}, {"mean", "sd"}, {"mean", NULL}, {"median", "sigma"}};

/* A parameter: a time when the distribution's first parameter is one, else
 * a number ("sigma" is always a number). */
static int random_param(loader_t *L, const cJSON *it, const char *key, scn_sweep_random_t *r,
                        bool first, double *out)
{
    size_t m = jc_push_key(&L->j, key);
    sim_time_t t;
    bool sigma = strcmp(key, "sigma") == 0;
    bool is_time = !sigma && as_time(it, &t);
    int rc = 0;
    if (!sigma && first)
        r->is_time = is_time;
    if (is_time && r->is_time) {
        *out = sim_time_to_s(t);
    } else if (cJSON_IsNumber(it) && isfinite(it->valuedouble) && (sigma || !r->is_time)) {
        *out = it->valuedouble;
    } else {
        char g[96];
        jc_describe(g, sizeof(g), it);
        rc = jc_fail(&L->j, "expected %s, got %s",
                     sigma        ? "a number (the sd of the logarithm)"
                     : r->is_time ? "a time such as \"120ms\" (as the other parameters)"
                                  : "a number (as the other parameters)",
                     g);
    }
    jc_pop(&L->j, m);
    return rc;
}

static int random_check_keys(loader_t *L, const cJSON *spec, int kind)
{
    const char *allowed[6] = {"dist", dist_params[kind][0], "shift", "min", "max", NULL};
    size_t n = 5;
    if (kind == SCN_SWEEP_UNIFORM) /* "min" and "max" are its parameters */
        n = 4, allowed[1] = "min", allowed[2] = "max", allowed[3] = "shift";
    else if (dist_params[kind][1])
        allowed[n++] = dist_params[kind][1];
    return jc_check_keys(&L->j, spec, allowed, n);
}

static int random_ranges(loader_t *L, const scn_sweep_random_t *r)
{
    const char *at = NULL, *msg = NULL;
    switch (r->dist) {
    case SCN_SWEEP_UNIFORM:
        if (r->b < r->a)
            at = "max", msg = "expected \"max\" at or above \"min\"";
        break;
    case SCN_SWEEP_NORMAL:
        if (r->b < 0)
            at = "sd", msg = "expected a standard deviation of 0 or more";
        break;
    case SCN_SWEEP_EXPONENTIAL:
        if (!(r->a > 0))
            at = "mean", msg = "expected a mean above 0";
        break;
    case SCN_SWEEP_LOGNORMAL:
        if (!(r->a > 0) || r->b < 0)
            at = r->a > 0 ? "sigma" : "median",
            msg = "expected a median above 0 and sigma of 0 or more";
        break;
    }
    if (!at && r->dist != SCN_SWEEP_UNIFORM && r->hi < r->lo)
        at = "max", msg = "expected \"max\" at or above \"min\"";
    return at ? jc_fail_at(&L->j, at, "%s", msg) : 0;
}

static int read_random_key(loader_t *L, const cJSON *spec, scn_sweep_random_t *r)
{
    int rc = jc_expect_object(
        &L->j, spec,
        "a distribution such as {\"dist\": \"uniform\", \"min\": \"0.9s\", \"max\": \"1.5s\"}");
    if (rc)
        return rc;
    const cJSON *dk = jc_member(spec, "dist");
    int kind = -1;
    size_t m = jc_push_key(&L->j, "dist");
    for (int i = 0; i < 4 && dk && cJSON_IsString(dk); i++)
        if (strcmp(dk->valuestring, dist_names[i]) == 0)
            kind = i;
    if (kind < 0) {
        char g[96];
        jc_describe(g, sizeof(g), dk);
        return jc_fail(
            &L->j, "expected \"uniform\", \"normal\", \"exponential\" or \"lognormal\", got %s", g);
    }
    jc_pop(&L->j, m);
    r->dist = (scn_sweep_dist_t)kind;
    r->lo = -INFINITY;
    r->hi = INFINITY;
    if ((rc = random_check_keys(L, spec, kind)))
        return rc;
    const char *p0 = dist_params[kind][0], *p1 = dist_params[kind][1];
    if (!jc_member(spec, p0))
        return jc_fail(&L->j, "expected a key \"%s\" for the %s distribution", p0,
                       dist_names[kind]);
    if ((rc = random_param(L, jc_member(spec, p0), p0, r, true, &r->a)))
        return rc;
    if (p1 && !jc_member(spec, p1))
        return jc_fail(&L->j, "expected a key \"%s\" for the %s distribution", p1,
                       dist_names[kind]);
    if (p1 && (rc = random_param(L, jc_member(spec, p1), p1, r, false, &r->b)))
        return rc;
    if (jc_member(spec, "shift") &&
        (rc = random_param(L, jc_member(spec, "shift"), "shift", r, false, &r->shift)))
        return rc;
    if (kind != SCN_SWEEP_UNIFORM) {
        if (jc_member(spec, "min") &&
            (rc = random_param(L, jc_member(spec, "min"), "min", r, false, &r->lo)))
            return rc;
        if (jc_member(spec, "max") &&
            (rc = random_param(L, jc_member(spec, "max"), "max", r, false, &r->hi)))
            return rc;
    }
    return random_ranges(L, r);
}

/* Where the random key at the current path would land: a typical value,
 * to check the path with (the support check comes with the grid). */
static double random_typical(const scn_sweep_random_t *r)
{
    /* uniform: min; normal, exponential: mean; lognormal: median */
    return scn_sweep_random_value(r, r->a);
}

static int read_random(loader_t *L)
{
    scn_sweep_t *d = L->d;
    const cJSON *obj = jc_member(d->root, "random");
    if (!obj)
        return 0;
    size_t m = jc_push_key(&L->j, "random");
    int rc = jc_expect_object(
        &L->j, obj,
        "an object of paths to distributions, such as {\"moves[1].at\": {\"dist\": \"uniform\", \"min\": \"0.9s\", \"max\": \"1.5s\"}}");
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        n += c->string[0] != '_';
    if (!rc && n > SCN_SWEEP_RANDOM_MAX)
        rc = jc_fail(&L->j, "expected at most %d random keys, got %zu", SCN_SWEEP_RANDOM_MAX, n);
    if (!rc && !(d->rnd = calloc(n ? n : 1, sizeof(*d->rnd))))
        rc = OOM(L->err);
    for (const cJSON *c = obj->child; c && !rc; c = c->next) {
        if (c->string[0] == '_')
            continue;
        size_t m2 = jc_push_key(&L->j, c->string);
        char canon[SCN_SWEEP_PATH_MAX];
        if ((rc = canonical_key(L, c->string, canon, sizeof(canon))) ||
            (rc = check_new_key(L, canon, true)))
            break;
        scn_sweep_random_t *r = &d->rnd[d->n_random];
        snprintf(r->path, sizeof(r->path), "%s", canon + 2);
        snprintf(r->where, sizeof(r->where), "%s", L->j.path);
        if ((rc = read_random_key(L, c, r)))
            break;
        d->n_random++;
        double v = random_typical(r);
        cJSON *val = r->is_time ? NULL : cJSON_CreateNumber(v);
        if (r->is_time) {
            char buf[48];
            sim_time_format((sim_time_t)llround(v * 1e9), buf, sizeof(buf));
            val = cJSON_CreateString(buf);
        }
        rc = val ? check_path(L, canon, val) : OOM(L->err);
        cJSON_Delete(val);
        jc_pop(&L->j, m2);
    }
    jc_pop(&L->j, m);
    return rc;
}

/* A "set" or --set that a vary or random key overrides would have no
 * effect: refused (a set above a varied key still sets its siblings). */
static int check_sets(loader_t *L)
{
    const scn_sweep_t *d = L->d;
    for (size_t i = 0; i < d->n_sets; i++) {
        const char *over = NULL;
        bool drawn = false;
        for (size_t k = 0; k < d->n_keys && !over; k++) {
            char c[SCN_SWEEP_PATH_MAX + 2];
            snprintf(c, sizeof(c), "$.%s", d->keys[k].path);
            if (path_inside(d->sets[i].path, c))
                over = d->keys[k].where;
        }
        if (!over && d->scheme_varied && path_inside(d->sets[i].path, "$.scheme"))
            over = "$.vary.scheme";
        for (size_t k = 0; k < d->n_random && !over; k++) {
            char c[SCN_SWEEP_PATH_MAX + 2];
            snprintf(c, sizeof(c), "$.%s", d->rnd[k].path);
            if (path_inside(d->sets[i].path, c))
                over = d->rnd[k].where, drawn = true;
        }
        if (!over)
            continue;
        const char *what = drawn ? "drawn at random" : "varied";
        if (strncmp(d->sets[i].label, "--set ", 6) == 0)
            return sim_err_set(
                L->err, SIM_EINVAL,
                "%s: %s: this key is %s by the sweep (%s), so the --set would have no effect",
                d->file, d->sets[i].label, what, over);
        return sim_err_set(
            L->err, SIM_EINVAL,
            "%s: %s: expected a key the sweep does not vary: it is %s by %s, so this value would have no effect",
            d->file, d->sets[i].label, what, over);
    }
    return 0;
}

/* ------------------------------------------------------------ counts, names */

static int read_count(loader_t *L, const char *key, double max, bool required, uint64_t *out)
{
    const cJSON *it = jc_member(L->d->root, key);
    if (!it) {
        if (required)
            return jc_fail(&L->j, "expected a key \"%s\"", key);
        return 1; /* absent */
    }
    size_t m = jc_push_key(&L->j, key);
    int rc = 0;
    if (cJSON_IsNumber(it) && it->valuedouble >= (required ? 1 : 0) && it->valuedouble <= max &&
        it->valuedouble == floor(it->valuedouble)) {
        *out = (uint64_t)it->valuedouble;
    } else if (!required && cJSON_IsString(it) && it->valuestring[0] >= '0' &&
               it->valuestring[0] <= '9') { /* seeds past 2^53 */
        char *end;
        errno = 0;
        unsigned long long v = strtoull(it->valuestring, &end, 10);
        if (errno == 0 && *end == 0)
            *out = (uint64_t)v;
        else
            rc = -1;
    } else {
        rc = -1;
    }
    if (rc) {
        char g[96];
        jc_describe(g, sizeof(g), it);
        if (required)
            rc = jc_fail(&L->j, "expected a whole number from 1 to %.0f, got %s", max, g);
        else
            rc = jc_fail(
                &L->j, "expected a whole number from 0 to 2^53 (or a string of digits), got %s", g);
    }
    jc_pop(&L->j, m);
    return rc;
}

static int read_name(loader_t *L)
{
    const cJSON *it = jc_member(L->d->root, "name");
    int rc = 0;
    if (!it)
        return 0;
    size_t m = jc_push_key(&L->j, "name");
    if (!cJSON_IsString(it) || strlen(it->valuestring) >= sizeof(L->d->name)) {
        char g[96];
        jc_describe(g, sizeof(g), it);
        rc = jc_fail(&L->j, "expected a string of at most 63 bytes, got %s", g);
    }
    for (const char *p = it->valuestring; !rc && *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-' || *p == '.'))
            rc = jc_fail(
                &L->j,
                "expected a name of letters, digits, \"_\", \"-\" and \".\" (it names the output directory)");
    if (!rc)
        snprintf(L->d->name, sizeof(L->d->name), "%s", it->valuestring);
    jc_pop(&L->j, m);
    return rc;
}

static int read_description(loader_t *L)
{
    const cJSON *it = jc_member(L->d->root, "description");
    int rc = 0;
    if (!it)
        return 0;
    size_t m = jc_push_key(&L->j, "description");
    if (!cJSON_IsString(it) || !jc_valid_text(it->valuestring)) {
        char g[96];
        jc_describe(g, sizeof(g), it);
        rc = jc_fail(&L->j, "expected one line of text (UTF-8), got %s", g);
    } else {
        L->d->description = it->valuestring;
    }
    jc_pop(&L->j, m);
    return rc;
}

static int read_reference(loader_t *L)
{
    scn_sweep_t *d = L->d;
    const cJSON *r = jc_member(d->root, "reference");
    d->reference = -1;
    if (!r)
        return 0;
    int sc = cJSON_IsString(r) ? mob_scheme_from_name(r->valuestring) : -1;
    for (size_t i = 0; sc >= 0 && d->scheme_varied && i < d->n_schemes; i++)
        if (d->schemes[i] == sc)
            d->reference = (int)i;
    if (d->reference >= 0)
        return 0;
    char g[96];
    jc_describe(g, sizeof(g), r);
    size_t m = jc_push_key(&L->j, "reference");
    int rc = jc_fail(
        &L->j, "expected one of the schemes of $.vary.scheme to compare the others with, got %s",
        g);
    jc_pop(&L->j, m);
    return rc;
}

static int read_metrics(loader_t *L)
{
    scn_sweep_t *d = L->d;
    const cJSON *m = jc_member(d->root, "metrics");
    if (!m)
        return 0;
    size_t mark = jc_push_key(&L->j, "metrics");
    int rc = 0;
    if (!cJSON_IsArray(m))
        rc = jc_fail(&L->j,
                     "expected a list of metric names such as [\"data_delay_mean\", \"events\"]");
    int i = 0;
    size_t n_names = L->opt ? L->opt->n_metric_names : 0;
    const char *const *names = L->opt ? L->opt->metric_names : NULL;
    for (const cJSON *c = rc ? NULL : m->child; c && !rc; c = c->next, i++) {
        size_t m2 = jc_push_index(&L->j, i);
        int found = -1;
        for (size_t k = 0; k < n_names && cJSON_IsString(c); k++)
            if (strcmp(c->valuestring, names[k]) == 0)
                found = (int)k;
        if (found < 0) {
            char g[96], list[600];
            size_t o = 0;
            list[0] = 0;
            for (size_t k = 0; k < n_names && o < sizeof(list); k++)
                o += (size_t)snprintf(list + o, sizeof(list) - o, "%s\"%s\"", k ? ", " : "",
                                      names[k]);
            jc_describe(g, sizeof(g), c);
            rc = jc_fail(&L->j, "expected a metric name, one of %s; got %s", list, g);
        } else if (d->n_metrics < SCN_SWEEP_METRICS_MAX) {
            d->metrics[d->n_metrics++] = found;
        }
        jc_pop(&L->j, m2);
    }
    jc_pop(&L->j, mark);
    return rc;
}

/* ------------------------------------------------------------ per point */

int scn_sweep_point_tree(const scn_sweep_t *d, size_t point, size_t scheme, cJSON **out,
                         sim_err_t *err)
{
    cJSON *t = cJSON_Duplicate(d->base, true);
    if (!t)
        return OOM(err);
    int rc = 0;
    for (size_t k = 0; k < d->n_keys && !rc; k++)
        rc = scn_set_apply(t, d->keys[k].path, d->keys[k].values[scn_sweep_key_index(d, point, k)],
                           err);
    if (!rc && d->scheme_varied) {
        cJSON *v = cJSON_CreateString(mob_scheme_name((mob_scheme_t)d->schemes[scheme]));
        rc = v ? scn_set_apply(t, "scheme", v, err) : OOM(err);
        cJSON_Delete(v);
    }
    for (size_t i = 0; i < d->n_scheme_sets && !rc; i++)
        if (d->scheme_sets[i].scheme == d->schemes[scheme])
            rc = scn_set_apply(t, d->scheme_sets[i].path, d->scheme_sets[i].value, err);
    if (rc) {
        cJSON_Delete(t);
        return rc;
    }
    *out = t;
    return 0;
}

double scn_sweep_random_value(const scn_sweep_random_t *r, double x)
{
    x += r->shift;
    if (x < r->lo)
        x = r->lo;
    if (x > r->hi)
        x = r->hi;
    if (r->is_time) { /* what the run sees: whole ns, not below 0 */
        if (!(x < TIME_S_MAX))
            return isnan(x) ? 0 : TIME_S_MAX;
        x = x < 0 ? 0 : (double)llround(x * 1e9) * 1e-9;
    }
    return x;
}

/* One value into tree: times as exact text, numbers as numbers. */
static int put_value(cJSON *tree, const scn_sweep_random_t *r, double v, sim_err_t *err)
{
    cJSON *val;
    if (r->is_time && v < TIME_S_MAX) {
        char buf[48];
        sim_time_format((sim_time_t)llround(v * 1e9), buf, sizeof(buf));
        val = cJSON_CreateString(buf);
    } else {
        val = cJSON_CreateNumber(v);
    }
    int rc = val ? scn_set_apply(tree, r->path, val, err) : OOM(err);
    cJSON_Delete(val);
    return rc;
}

int scn_sweep_put_random(const scn_sweep_t *d, cJSON *tree, const double *vals, sim_err_t *err)
{
    int rc = 0;
    for (size_t i = 0; i < d->n_random && !rc; i++)
        rc = put_value(tree, &d->rnd[i], vals[i], err);
    return rc;
}

/* ------------------------------------------------------------ redraws */

#define REDRAW_CORE_DEFAULT (-2) /* "delay.core.default" */

/* The built field a random key's value lands in: the index K of
 * "moves[K].at", REDRAW_CORE_DEFAULT, or -1 (only the JSON route). */
static int redraw_target(const scn_sweep_random_t *r)
{
    if (!r->is_time)
        return -1;
    if (strcmp(r->path, "delay.core.default") == 0)
        return REDRAW_CORE_DEFAULT;
    int k = -1, end = 0;
    if (sscanf(r->path, "moves[%d].at%n", &k, &end) == 1 && r->path[end] == 0 && k >= 0)
        return k;
    return -1;
}

bool scn_sweep_can_redraw(const scn_sweep_t *d, const cJSON *tree)
{
    if (d->n_random == 0 || !cJSON_IsObject(tree))
        return false;
    const cJSON *moves = jc_member(tree, "moves");
    for (size_t i = 0; i < d->n_random; i++) {
        int k = redraw_target(&d->rnd[i]);
        if (k == REDRAW_CORE_DEFAULT)
            continue;
        /* moves[K] is cfg.moves[K] only without a trace (which sorts them) */
        if (k < 0 || jc_member(tree, "trace") || !cJSON_IsArray(moves) ||
            k >= cJSON_GetArraySize(moves))
            return false;
    }
    return true;
}

/* The time the JSON route reads for a value v that put_value() writes:
 * false when that is not a time string (the route decides). */
static bool redraw_time(double v, sim_time_t *t)
{
    if (!(v < TIME_S_MAX))
        return false;
    char buf[48];
    sim_time_format((sim_time_t)llround(v * 1e9), buf, sizeof(buf));
    sim_err_t e = {0};
    return sim_time_parse(buf, t, &e) == 0;
}

/* What read_move() checks of move k: before the horizon, after the host's
 * move before it; and the host's next move after it. */
static bool move_fits(const mob_config_t *c, int k)
{
    const mob_move_t *m = &c->moves[k];
    if (m->at >= c->horizon)
        return false;
    for (int j = k; j-- > 0;)
        if (c->moves[j].host == m->host) {
            if (m->at <= c->moves[j].at)
                return false;
            break;
        }
    for (int j = k + 1; j < c->n_moves; j++)
        if (c->moves[j].host == m->host)
            return c->moves[j].at > m->at;
    return true;
}

int scn_sweep_redraw(const scn_sweep_t *d, mob_config_t *cfg, const double *vals)
{
    for (size_t i = 0; i < d->n_random; i++) {
        int k = redraw_target(&d->rnd[i]);
        sim_time_t t;
        if (k == -1 || k >= cfg->n_moves || !redraw_time(vals[i], &t))
            return 0;
        if (k == REDRAW_CORE_DEFAULT) { /* as get_delay() fills a constant */
            memset(&cfg->core_default, 0, sizeof(cfg->core_default));
            cfg->core_default.kind = MOB_DIST_CONST;
            cfg->core_default.a = t;
        } else {
            cfg->moves[k].at = t;
        }
    }
    for (size_t i = 0; i < d->n_random; i++) {
        int k = redraw_target(&d->rnd[i]);
        if (k >= 0 && !move_fits(cfg, k))
            return 0;
    }
    return 1;
}

void scn_sweep_point_label(const scn_sweep_t *d, size_t point, size_t scheme, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = 0;
    for (size_t k = 0; k < d->n_keys && o < cap; k++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s=%s", k ? ", " : "", d->keys[k].path,
                              d->keys[k].text[scn_sweep_key_index(d, point, k)]);
    if (d->scheme_varied && o < cap)
        snprintf(buf + o, cap - o, "%sscheme=%s", o ? ", " : "",
                 mob_scheme_name((mob_scheme_t)d->schemes[scheme]));
}

/* A validation error at a path that a "set" or --set put there ends with
 * "(from --set K=V)" (the last one wins), as `mobsim run` says. */
static void blame_set(const scn_sweep_t *d, const char *path, sim_err_t *err)
{
    if (!err)
        return;
    for (size_t i = d->n_sets; path[0] && i-- > 0;)
        if (path_inside(path, d->sets[i].path)) {
            size_t m = strlen(err->msg);
            snprintf(err->msg + m, sizeof(err->msg) - m, " (from %s)", d->sets[i].label);
            return;
        }
}

int scn_sweep_config(const scn_sweep_t *d, const cJSON *tree, size_t point, size_t scheme,
                     int64_t rep, mob_config_t *cfg, sim_err_t *err)
{
    char err_path[SCN_SWEEP_PATH_MAX] = "";
    int rc = scn_config_from_json_at(tree, d->base_file, cfg, err, err_path, sizeof(err_path));
    if (rc != -SIM_EINVAL)
        return rc;
    bool blamed = false;
    for (size_t i = d->n_scheme_sets; err && err_path[0] && !blamed && i-- > 0;)
        if (d->scheme_sets[i].scheme == d->schemes[scheme] &&
            path_inside(err_path, d->scheme_sets[i].path)) {
            size_t m = strlen(err->msg);
            snprintf(err->msg + m, sizeof(err->msg) - m, " (from %s)", d->scheme_sets[i].where);
            blamed = true;
        }
    if (!blamed)
        blame_set(d, err_path, err);
    char label[512], pre[SCN_SWEEP_PATH_MAX + 640];
    scn_sweep_point_label(d, point, scheme, label, sizeof(label));
    if (rep >= 0)
        snprintf(pre, sizeof(pre), "%s: $.random: replication %lld of grid point %zu%s%s%s",
                 d->file, (long long)rep, point, label[0] ? " (" : "", label, label[0] ? ")" : "");
    else if (label[0])
        snprintf(pre, sizeof(pre), "%s: $.vary: grid point %zu (%s)", d->file, point, label);
    else
        snprintf(pre, sizeof(pre), "%s: $.base", d->file);
    sim_err_prefix(err, pre);
    return rc;
}

/* ------------------------------------------------------------ the support check */

/* One end of a random key's support: the value the run would see there. */
typedef struct end {
    double value;
    const char *what; /* "min", "1e-12 quantile", ... */
    bool upper;
} end_t;

static void random_ends(const scn_sweep_random_t *r, end_t e[2])
{
    double q = SCN_SWEEP_TAIL, lo_raw = r->a, hi_raw = r->a;
    const char *lo_what = "1e-12 quantile", *hi_what = "1-1e-12 quantile";
    switch (r->dist) {
    case SCN_SWEEP_UNIFORM:
        lo_raw = r->a, hi_raw = r->b;
        lo_what = "min", hi_what = "max";
        break;
    case SCN_SWEEP_NORMAL:
        lo_raw = r->a + r->b * gsl_cdf_ugaussian_Pinv(q);
        hi_raw = r->a + r->b * gsl_cdf_ugaussian_Qinv(q);
        break;
    case SCN_SWEEP_EXPONENTIAL:
        lo_raw = gsl_cdf_exponential_Pinv(q, r->a);
        hi_raw = gsl_cdf_exponential_Qinv(q, r->a);
        break;
    case SCN_SWEEP_LOGNORMAL:
        lo_raw = r->a * exp(r->b * gsl_cdf_ugaussian_Pinv(q));
        hi_raw = r->a * exp(r->b * gsl_cdf_ugaussian_Qinv(q));
        break;
    }
    e[0] = (end_t){scn_sweep_random_value(r, lo_raw), lo_what, false};
    e[1] = (end_t){scn_sweep_random_value(r, hi_raw), hi_what, true};
    if (r->dist != SCN_SWEEP_UNIFORM && isfinite(r->lo) && lo_raw + r->shift <= r->lo)
        e[0].what = "min";
    if (r->dist != SCN_SWEEP_UNIFORM && isfinite(r->hi) && hi_raw + r->shift >= r->hi)
        e[1].what = "max";
}

static void show_value(const scn_sweep_random_t *r, double v, char *buf, size_t cap)
{
    snprintf(buf, cap, r->is_time ? "%.4gs" : "%.6g", v);
}

/* Validates (point, scheme) with the random keys at vals. */
static int check_values(const scn_sweep_t *d, size_t point, size_t scheme, const double *vals,
                        mob_config_t *cfg, mob_config_t *tmpl, sim_err_t *err)
{
    if (tmpl && scn_sweep_redraw(d, tmpl, vals) == 1)
        return 0; /* the JSON route would build it */
    cJSON *t = NULL;
    int rc = scn_sweep_point_tree(d, point, scheme, &t, err);
    if (!rc && !(rc = scn_sweep_put_random(d, t, vals, err))) {
        char err_path[SCN_SWEEP_PATH_MAX] = "";
        rc = scn_config_from_json_at(t, d->base_file, cfg, err, err_path, sizeof(err_path));
        if (rc == -SIM_EINVAL)
            blame_set(d, err_path, err);
        if (!rc)
            mob_config_free(cfg); /* only its validity was asked */
    }
    cJSON_Delete(t);
    return rc;
}

/* The message of a key whose end breaks the scenario at (point, scheme). */
static int end_failed(const scn_sweep_t *d, size_t key, const end_t *e, size_t point, size_t scheme,
                      sim_err_t *err)
{
    const scn_sweep_random_t *r = &d->rnd[key];
    char inner[SIM_ERR_MSG_MAX], v[48], label[400], at[480] = "";
    snprintf(inner, sizeof(inner), "%s", err->msg);
    show_value(r, e->value, v, sizeof(v));
    scn_sweep_point_label(d, point, scheme, label, sizeof(label));
    if (label[0])
        snprintf(at, sizeof(at), " at grid point %zu (%s)", point, label);
    bool can_truncate =
        r->dist != SCN_SWEEP_UNIFORM && strcmp(e->what, "min") != 0 && strcmp(e->what, "max") != 0;
    char hint[64] = "";
    if (can_truncate)
        snprintf(hint, sizeof(hint), "; give \"%s\" to truncate", e->upper ? "max" : "min");
    return sim_err_set(
        err, SIM_EINVAL,
        "%s: %s: expected a distribution whose draws keep the scenario valid, but at its %s (%s)%s the scenario is invalid: %s%s",
        d->file, r->where, e->what, v, at, inner, hint);
}

/* Every key at each end of its support, the others at typical values;
 * then, when few enough, every combination of ends. */
static int check_support(const scn_sweep_t *d, size_t point, size_t scheme, mob_config_t *cfg,
                         mob_config_t *tmpl, sim_err_t *err)
{
    double typical[SCN_SWEEP_RANDOM_MAX], vals[SCN_SWEEP_RANDOM_MAX];
    end_t ends[SCN_SWEEP_RANDOM_MAX][2];
    int rc;
    for (size_t i = 0; i < d->n_random; i++) {
        typical[i] = random_typical(&d->rnd[i]);
        random_ends(&d->rnd[i], ends[i]);
    }
    for (size_t i = 0; i < d->n_random; i++)
        for (int side = 0; side < 2; side++) {
            memcpy(vals, typical, d->n_random * sizeof(*vals));
            vals[i] = ends[i][side].value;
            if ((rc = check_values(d, point, scheme, vals, cfg, tmpl, err)))
                return rc == -SIM_EINVAL ? end_failed(d, i, &ends[i][side], point, scheme, err)
                                         : rc;
        }
    size_t n = d->n_random;
    if (n < 2 || n > SCN_SWEEP_COMBO_KEYS_MAX ||
        (double)d->n_points * (double)d->n_schemes * (double)(1u << n) > SCN_SWEEP_COMBO_CHECKS_MAX)
        return 0;
    for (unsigned combo = 0; combo < (1u << n); combo++) {
        for (size_t i = 0; i < n; i++)
            vals[i] = ends[i][(combo >> i) & 1].value;
        if ((rc = check_values(d, point, scheme, vals, cfg, tmpl, err)) != -SIM_EINVAL) {
            if (rc)
                return rc;
            continue;
        }
        char inner[SIM_ERR_MSG_MAX], list[600], label[400], at[480] = "";
        snprintf(inner, sizeof(inner), "%s", err->msg);
        size_t o = 0;
        for (size_t i = 0; i < n && o < sizeof(list); i++) {
            char v[48];
            show_value(&d->rnd[i], vals[i], v, sizeof(v));
            o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s at its %s (%s)", i ? ", " : "",
                                  d->rnd[i].path, ends[i][(combo >> i) & 1].what, v);
        }
        scn_sweep_point_label(d, point, scheme, label, sizeof(label));
        if (label[0])
            snprintf(at, sizeof(at), " at grid point %zu (%s)", point, label);
        return sim_err_set(
            err, SIM_EINVAL,
            "%s: $.random: expected distributions whose draws keep the scenario valid together, but with %s%s the scenario is invalid: %s; give \"min\"/\"max\" to truncate",
            d->file, list, at, inner);
    }
    return 0;
}

/* Validates every (point, scheme), finds the base's scheme and seed. The
 * scenarios built at typical values are kept (up to KEEP_MAX of them) when
 * scn_sweep_redraw() can take them to the support's ends, which then need
 * the JSON route only where a value may be invalid. */
#define KEEP_MAX 4096
static int check_grid(loader_t *L)
{
    scn_sweep_t *d = L->d;
    mob_config_t *cfg = malloc(sizeof(*cfg));
    double vals[SCN_SWEEP_RANDOM_MAX];
    if (!cfg)
        return OOM(L->err);
    for (size_t i = 0; i < d->n_random; i++)
        vals[i] = random_typical(&d->rnd[i]);
    size_t n_ps = d->n_points * d->n_schemes;
    bool reuse = d->n_random && d->n_points <= KEEP_MAX && n_ps <= KEEP_MAX;
    mob_config_t *kept = reuse ? calloc(n_ps, sizeof(*kept)) : NULL; /* NULL: none kept */
    bool *has = kept ? calloc(n_ps, sizeof(*has)) : NULL;
    if (!has) {
        free(kept);
        kept = NULL;
    }
    int rc = 0;
    for (size_t p = 0; p < d->n_points && !rc; p++)
        for (size_t sc = 0; sc < d->n_schemes && !rc; sc++) {
            cJSON *t = NULL;
            if ((rc = scn_sweep_point_tree(d, p, sc, &t, L->err)) ||
                (rc = scn_sweep_put_random(d, t, vals, L->err)) ||
                (rc = scn_sweep_config(d, t, p, sc, -1, cfg, L->err))) {
                cJSON_Delete(t);
                break;
            }
            bool keep = kept && scn_sweep_can_redraw(d, t);
            cJSON_Delete(t);
            if (p == 0 && sc == 0) {
                if (!d->scheme_varied)
                    d->schemes[0] = cfg->scheme;
                if (!L->has_seed)
                    d->seed = cfg->seed;
            }
            if (L->opt && L->opt->on_point)
                rc = L->opt->on_point(L->opt->ctx, d, p, sc, cfg, L->err);
            if (keep) {
                kept[p * d->n_schemes + sc] = *cfg; /* takes over its arrays */
                has[p * d->n_schemes + sc] = true;
            } else {
                mob_config_free(cfg);
            }
        }
    for (size_t p = 0; p < d->n_points && !rc && d->n_random; p++)
        for (size_t sc = 0; sc < d->n_schemes && !rc; sc++) {
            size_t i = p * d->n_schemes + sc;
            rc = check_support(d, p, sc, cfg, kept && has[i] ? &kept[i] : NULL, L->err);
        }
    for (size_t i = 0; kept && i < n_ps; i++)
        if (has[i])
            mob_config_free(&kept[i]);
    free(kept);
    free(has);
    free(cfg);
    return rc;
}

/* ------------------------------------------------------------ scheme_set */

/* The vary or random key that canonical path p is at or inside, or NULL. */
static const char *varied_by(const scn_sweep_t *d, const char *p)
{
    for (size_t k = 0; k < d->n_keys; k++) {
        char c[SCN_SWEEP_PATH_MAX + 2];
        snprintf(c, sizeof(c), "$.%s", d->keys[k].path);
        if (path_inside(p, c))
            return d->keys[k].where;
    }
    if (d->scheme_varied && path_inside(p, "$.scheme"))
        return "$.vary.scheme";
    for (size_t k = 0; k < d->n_random; k++) {
        char c[SCN_SWEEP_PATH_MAX + 2];
        snprintf(c, sizeof(c), "$.%s", d->rnd[k].path);
        if (path_inside(p, c))
            return d->rnd[k].where;
    }
    return NULL;
}

static int add_scheme_set(loader_t *L, int scheme, const cJSON *c)
{
    scn_sweep_t *d = L->d;
    char canon[SCN_SWEEP_PATH_MAX];
    int rc = canonical_key(L, c->string, canon, sizeof(canon));
    if (rc)
        return rc;
    const char *over = varied_by(d, canon);
    if (over || strcmp(canon, "$.scheme") == 0)
        return jc_fail(
            &L->j,
            "expected a key the sweep does not vary: it is varied by %s, so this value would have no effect",
            over ? over : "$.vary.scheme");
    if ((rc = check_path(L, canon, c)))
        return rc;
    scn_sweep_scheme_set_t *v = realloc(d->scheme_sets, (d->n_scheme_sets + 1) * sizeof(*v));
    if (!v)
        return OOM(L->err);
    d->scheme_sets = v;
    v += d->n_scheme_sets;
    memset(v, 0, sizeof(*v));
    v->scheme = scheme;
    snprintf(v->path, sizeof(v->path), "%s", canon);
    snprintf(v->where, sizeof(v->where), "%s", L->j.path);
    if (!(v->value = cJSON_Duplicate(c, true)))
        return OOM(L->err);
    d->n_scheme_sets++;
    return 0;
}

/* "scheme_set": {"forwarding": {"params.fwd_buffer": "100ms"}} - values for
 * one scheme's scenario only, so that each scheme of a comparison runs with
 * the parameters of its own figure. */
static int read_scheme_sets(loader_t *L)
{
    scn_sweep_t *d = L->d;
    const cJSON *obj = jc_member(d->root, "scheme_set");
    if (!obj)
        return 0;
    size_t m = jc_push_key(&L->j, "scheme_set");
    int rc = jc_expect_object(
        &L->j, obj,
        "an object of schemes to {path: value}, such as {\"forwarding\": {\"params.fwd_buffer\": \"100ms\"}}");
    for (const cJSON *c = rc ? NULL : obj->child; c && !rc; c = c->next) {
        if (c->string[0] == '_')
            continue;
        size_t m2 = jc_push_key(&L->j, c->string);
        int sc = mob_scheme_from_name(c->string);
        bool listed = false;
        for (size_t i = 0; sc >= 0 && i < d->n_schemes; i++)
            listed |= d->schemes[i] == sc;
        if (!d->scheme_varied || !listed)
            rc = jc_fail(&L->j, "expected a scheme of $.vary.scheme, got \"%s\"", c->string);
        else
            rc = jc_expect_object(
                &L->j, c,
                "an object of scenario paths to values, such as {\"params.fwd_buffer\": \"100ms\"}");
        for (const cJSON *e = rc ? NULL : c->child; e && !rc; e = e->next) {
            if (e->string[0] == '_')
                continue;
            size_t m3 = jc_push_key(&L->j, e->string);
            rc = add_scheme_set(L, sc, e);
            jc_pop(&L->j, m3);
        }
        jc_pop(&L->j, m2);
    }
    jc_pop(&L->j, m);
    return rc;
}

/* ------------------------------------------------------------ axes */

/* The value at canonical path p ("$.moves[0].at") of tree, or NULL. */
static const cJSON *tree_get(const cJSON *t, const char *p)
{
    p += 2; /* "$." */
    while (t && *p) {
        char key[SCN_SWEEP_PATH_MAX];
        size_t n = strcspn(p, ".[");
        if (n) {
            snprintf(key, sizeof(key), "%.*s", (int)n, p);
            t = cJSON_GetObjectItemCaseSensitive(t, key);
            p += n;
        }
        while (t && *p == '[') {
            char *end;
            long i = strtol(p + 1, &end, 10);
            t = *end == ']' && cJSON_IsArray(t) ? cJSON_GetArrayItem(t, (int)i) : NULL;
            p = *end == ']' ? end + 1 : end;
        }
        if (*p == '.')
            p++;
    }
    return t;
}

static bool is_identifier(const char *t)
{
    if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') || *t == '_'))
        return false;
    for (; *t; t++)
        if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') || (*t >= '0' && *t <= '9') ||
              *t == '_'))
            return false;
    return true;
}

/* The default column: the path as an identifier ("moves[1].at" ->
 * "moves_1_at"), "_s" for times; the label: the path with "(s)". */
static void axis_default(scn_sweep_axis_t *a, const char *path, bool is_time)
{
    size_t o = 0;
    bool sep = false;
    for (const char *p = path; *p && o + 3 < sizeof(a->name); p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
        if (ok) {
            if (sep && o)
                a->name[o++] = '_';
            a->name[o++] = *p;
            sep = false;
        } else {
            sep = true;
        }
    }
    a->name[o] = 0;
    if (o && a->name[0] >= '0' && a->name[0] <= '9') {
        memmove(a->name + 1, a->name, o + 1);
        a->name[0] = 'x';
        o++;
    }
    if (is_time && o + 2 < sizeof(a->name))
        strcat(a->name, "_s");
    snprintf(a->label, sizeof(a->label), "%s%s", path, is_time ? " (s)" : "");
    snprintf(a->legend, sizeof(a->legend), "%s", path);
}

/* {"minus": PATH}: the column shows the value minus PATH's (a key the sweep
 * does not vary, read from the base with "set" applied). */
static int read_transform(loader_t *L, const cJSON *t, scn_sweep_axis_t *a, bool is_time)
{
    static const char *const keys[] = {"minus"};
    int rc = jc_expect_object(&L->j, t, "{\"minus\": PATH}, such as {\"minus\": \"moves[0].at\"}");
    if (rc || (rc = jc_check_keys(&L->j, t, keys, 1)))
        return rc;
    const cJSON *p = jc_member(t, "minus");
    size_t m = jc_push_key(&L->j, "minus");
    char canon[SCN_SWEEP_PATH_MAX];
    if (!cJSON_IsString(p)) {
        rc = jc_fail(&L->j, "expected a path into the base scenario such as \"moves[0].at\"");
    } else if (!(rc = canonical_key(L, p->valuestring, canon, sizeof(canon)))) {
        const char *over = varied_by(L->d, canon);
        const cJSON *v = tree_get(L->d->base, canon);
        sim_time_t ns;
        if (over)
            rc = jc_fail(&L->j, "expected a key the sweep does not vary, but %s varies it", over);
        else if (is_time && v && as_time(v, &ns))
            a->minus = sim_time_to_s(ns);
        else if (!is_time && cJSON_IsNumber(v))
            a->minus = v->valuedouble;
        else
            rc = jc_fail(&L->j, "expected a path whose value in the base scenario is a %s, got %s",
                         is_time ? "time such as \"1s\"" : "number",
                         v ? "another value" : "no value there");
        if (!rc)
            snprintf(a->minus_path, sizeof(a->minus_path), "%s", canon + 2);
    }
    jc_pop(&L->j, m);
    return rc;
}

static int read_axis(loader_t *L, const cJSON *spec, scn_sweep_axis_t *a, bool is_time,
                     bool numeric)
{
    static const char *const keys[] = {"name", "label", "transform"};
    int rc = jc_expect_object(
        &L->j, spec,
        "{\"name\", \"label\", \"transform\"}, such as {\"name\": \"offset_s\", \"label\": \"offset (s)\"}");
    if (rc || (rc = jc_check_keys(&L->j, spec, keys, 3)))
        return rc;
    const cJSON *n = jc_member(spec, "name"), *l = jc_member(spec, "label");
    const cJSON *t = jc_member(spec, "transform");
    if (n) {
        size_t m = jc_push_key(&L->j, "name");
        if (!cJSON_IsString(n) || strlen(n->valuestring) >= sizeof(a->name) ||
            !is_identifier(n->valuestring))
            return jc_fail(
                &L->j,
                "expected a column name of at most 63 letters, digits and \"_\", not starting with a digit, such as \"offset_s\"");
        snprintf(a->name, sizeof(a->name), "%s", n->valuestring);
        jc_pop(&L->j, m);
    }
    if (l) {
        size_t m = jc_push_key(&L->j, "label");
        if (!cJSON_IsString(l) || !jc_valid_text(l->valuestring) ||
            strlen(l->valuestring) >= sizeof(a->label))
            return jc_fail(&L->j, "expected one line of text of at most 159 bytes");
        snprintf(a->label, sizeof(a->label), "%s", l->valuestring);
        snprintf(a->legend, sizeof(a->legend), "%s", l->valuestring);
        char *paren = strrchr(a->legend, '(');
        if (paren && paren > a->legend) {
            *paren = 0;
            for (size_t e = strlen(a->legend); e > 0 && a->legend[e - 1] == ' ';)
                a->legend[--e] = 0;
        }
        jc_pop(&L->j, m);
    }
    if (t) {
        size_t m = jc_push_key(&L->j, "transform");
        rc = numeric ? read_transform(L, t, a, is_time)
                     : jc_fail(&L->j, "expected no transform: the key's values are not numbers");
        jc_pop(&L->j, m);
    }
    return rc;
}

/* The column names of the keys must differ from each other and from the
 * columns around them. */
static int check_axis_names(loader_t *L)
{
    const scn_sweep_t *d = L->d;
    size_t n = d->n_keys + d->n_random;
    for (size_t i = 0; i < n; i++) {
        const char *a = i < d->n_keys ? d->keys[i].axis.name : d->rnd[i - d->n_keys].axis.name;
        const char *wa = i < d->n_keys ? d->keys[i].where : d->rnd[i - d->n_keys].where;
        if (strcmp(a, "scheme") == 0 || strcmp(a, "replication") == 0)
            return sim_err_set(
                L->err, SIM_EINVAL,
                "%s: %s: expected a column name other than \"%s\" (give $.axes an entry with another \"name\")",
                d->file, wa, a);
        for (size_t j = 0; j < i; j++) {
            const char *b = j < d->n_keys ? d->keys[j].axis.name : d->rnd[j - d->n_keys].axis.name;
            const char *wb = j < d->n_keys ? d->keys[j].where : d->rnd[j - d->n_keys].where;
            if (strcmp(a, b) == 0)
                return sim_err_set(
                    L->err, SIM_EINVAL,
                    "%s: %s: expected a column name of its own, but \"%s\" also names %s (give $.axes another \"name\")",
                    d->file, wa, a, wb);
        }
    }
    return 0;
}

/* "axes": {PATH: {"name", "label", "transform"}} for vary and random keys;
 * every key gets a default first. Then the columns' values. */
static int read_axes(loader_t *L)
{
    scn_sweep_t *d = L->d;
    for (size_t k = 0; k < d->n_keys; k++) {
        scn_sweep_key_t *key = &d->keys[k];
        sim_time_t t;
        key->is_time = key->n > 0;
        for (size_t v = 0; v < key->n; v++)
            key->is_time &= as_time(key->values[v], &t);
        axis_default(&key->axis, key->path, key->is_time);
    }
    for (size_t r = 0; r < d->n_random; r++)
        axis_default(&d->rnd[r].axis, d->rnd[r].path, d->rnd[r].is_time);
    const cJSON *obj = jc_member(d->root, "axes");
    int rc = 0;
    size_t m = jc_push_key(&L->j, "axes");
    if (obj)
        rc = jc_expect_object(
            &L->j, obj,
            "an object of varied paths to {\"name\", \"label\", \"transform\"}, such as {\"moves[1].at\": {\"name\": \"offset_s\"}}");
    for (const cJSON *c = obj && !rc ? obj->child : NULL; c && !rc; c = c->next) {
        if (c->string[0] == '_')
            continue;
        size_t m2 = jc_push_key(&L->j, c->string);
        char canon[SCN_SWEEP_PATH_MAX];
        if ((rc = canonical_key(L, c->string, canon, sizeof(canon))))
            break;
        scn_sweep_key_t *key = NULL;
        scn_sweep_random_t *rnd = NULL;
        for (size_t k = 0; k < d->n_keys; k++)
            if (strcmp(d->keys[k].path, canon + 2) == 0)
                key = &d->keys[k];
        for (size_t k = 0; k < d->n_random; k++)
            if (strcmp(d->rnd[k].path, canon + 2) == 0)
                rnd = &d->rnd[k];
        if (key) {
            bool numeric = true;
            for (size_t v = 0; v < key->n; v++)
                numeric &= isfinite(key->num[v]);
            rc = read_axis(L, c, &key->axis, key->is_time, numeric);
        } else if (rnd) {
            rc = read_axis(L, c, &rnd->axis, rnd->is_time, true);
        } else {
            rc = jc_fail(&L->j, "expected a path of $.vary or $.random (not the scheme)");
        }
        jc_pop(&L->j, m2);
    }
    jc_pop(&L->j, m);
    if (rc || (rc = check_axis_names(L)))
        return rc;
    for (size_t k = 0; k < d->n_keys; k++) {
        scn_sweep_key_t *key = &d->keys[k];
        for (size_t v = 0; v < key->n; v++) {
            sim_time_t t;
            if (key->is_time && as_time(key->values[v], &t))
                key->shown[v] = sim_time_to_s(t - (sim_time_t)llround(key->axis.minus * 1e9));
            else
                key->shown[v] = key->num[v] - key->axis.minus;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ loading */

static const char *const top_keys[] = {
    "name", "description", "base",      "set",     "vary", "random",    "replications",
    "seed", "metrics",     "reference", "$schema", "axes", "scheme_set"};

static int read_top(loader_t *L)
{
    scn_sweep_t *d = L->d;
    int rc;
    if ((rc = jc_expect_object(
             &L->j, d->root,
             "a sweep object such as {\"base\": \"fig6.json\", \"vary\": {...}, \"replications\": 100}")) ||
        (rc = jc_check_keys(&L->j, d->root, top_keys, sizeof(top_keys) / sizeof(top_keys[0]))) ||
        (rc = jc_check_schema_ref(&L->j, d->root)) || (rc = read_name(L)) ||
        (rc = read_description(L)) || (rc = read_base(L)) || (rc = read_vary(L)) ||
        (rc = read_random(L)) || (rc = check_sets(L)) || (rc = read_scheme_sets(L)) ||
        (rc = read_axes(L)) ||
        (rc = read_count(L, "replications", (double)SCN_SWEEP_REPLICATIONS_MAX, true, &d->reps)))
        return rc;
    rc = read_count(L, "seed", 9007199254740992.0, false, &d->seed);
    if (rc < 0)
        return rc;
    L->has_seed = rc == 0;
    const scn_sweep_options_t *o = L->opt;
    if (o && o->replications)
        d->reps = o->replications;
    if (o && o->has_seed) {
        d->seed = o->seed;
        L->has_seed = true;
    }
    d->n_points = 1;
    for (size_t k = 0; k < d->n_keys; k++) {
        if (d->n_points > SCN_SWEEP_POINTS_MAX / d->keys[k].n) {
            size_t m = jc_push_key(&L->j, "vary");
            rc = jc_fail(&L->j, "expected at most %u grid points", SCN_SWEEP_POINTS_MAX);
            jc_pop(&L->j, m);
            return rc;
        }
        d->n_points *= d->keys[k].n;
    }
    if (!d->scheme_varied) /* the base's own scheme, known once validated */
        d->n_schemes = 1;
    if ((rc = read_reference(L)) || (rc = read_metrics(L)))
        return rc;
    return check_grid(L);
}

static int load_tree(scn_sweep_t *d, const scn_sweep_options_t *opt, sim_err_t *err)
{
    loader_t L;
    memset(&L, 0, sizeof(L));
    L.d = d;
    L.opt = opt;
    L.err = err;
    jc_init(&L.j, d->file, err);
    const char *slash = strrchr(d->file, '/');
    if (slash && (size_t)(slash - d->file) < sizeof(L.dir))
        snprintf(L.dir, sizeof(L.dir), "%.*s", (int)(slash - d->file), d->file);
    const char *base = slash ? slash + 1 : d->file;
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".json") == 0)
        n -= 5;
    snprintf(d->name, sizeof(d->name), "%.*s", (int)(n < 63 ? n : 63), base);
    return read_top(&L);
}

int scn_sweep_load_string(const char *text, size_t len, const char *file,
                          const scn_sweep_options_t *opt, scn_sweep_t **out, sim_err_t *err)
{
    const char *name = file ? file : "<sweep>";
    if (strlen(name) >= SCN_SWEEP_PATH_MAX - 16)
        return sim_err_set(err, SIM_EINVAL, "%.60s...: file name too long", name);
    scn_sweep_t *d = calloc(1, sizeof(*d));
    if (!d)
        return OOM(err);
    snprintf(d->file, sizeof(d->file), "%s", name);
    int rc = scn_parse_text(text, len, name, &d->root, err);
    if (!rc)
        rc = load_tree(d, opt, err);
    if (rc) {
        scn_sweep_destroy(d);
        return rc;
    }
    *out = d;
    return 0;
}

int scn_sweep_load_file(const char *path, const scn_sweep_options_t *opt, scn_sweep_t **out,
                        sim_err_t *err)
{
    char *text;
    size_t len;
    int rc = scn_read_file(path, &text, &len, err);
    if (rc)
        return rc;
    rc = scn_sweep_load_string(text, len, path, opt, out, err);
    free(text);
    return rc;
}
