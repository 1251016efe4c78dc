/* analysis/report.c - the metrics object (JSON) and the human summary of one run. */
#include "analysis/report.h"

#include "analysis/population.h"
#include "analysis/stats.h"
#include "analysis/theory.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Seconds as a JSON number. Division (not multiplication by 1e-9) is
 * correctly rounded, so 1062000000 ns prints as 1.062, not 1.0620000000000001. */
static double seconds(sim_time_t t)
{
    return (double)t / 1e9;
}

/* A bounded copy of a fixed-size name field that may lack its NUL. */
#define FIELD(dst, src)                                                                            \
    char dst[sizeof(src) + 1];                                                                     \
    do {                                                                                           \
        size_t n_ = strnlen((src), sizeof(src));                                                   \
        memcpy(dst, (src), n_);                                                                    \
        dst[n_] = 0;                                                                               \
    } while (0)

static const char *host_name(const mob_config_t *cfg, int i)
{
    static const char *const fallback[] = {"A", "B"};
    if (i < cfg->n_hosts && cfg->hosts[i].name[0])
        return cfg->hosts[i].name;
    return fallback[i & 1];
}

/* "X_to_Y" for hosts x and y. */
static char *pair_key(const mob_config_t *cfg, int x, int y, char *buf, size_t cap)
{
    snprintf(buf, cap, "%.*s_to_%.*s", MOB_NAME_MAX, host_name(cfg, x), MOB_NAME_MAX,
             host_name(cfg, y));
    return buf;
}

/* The hosts the top-level direction keys name: the first pair's (m->pairs
 * is in cfg.peers order), else the first two hosts. */
static void first_pair(const mob_config_t *cfg, const mob_metrics_t *m, int *a, int *b)
{
    *a = 0;
    *b = 1;
    if (m && m->pairs && m->n_pairs > 0) {
        *a = m->pairs[0].a;
        *b = m->pairs[0].b;
    } else if (cfg->n_peers > 0) {
        *a = cfg->peers[0].a;
        *b = cfg->peers[0].b;
    }
}

char *report_direction_key(const mob_config_t *cfg, bool forward, char *buf, size_t cap)
{
    int a, b;
    first_pair(cfg, NULL, &a, &b);
    return pair_key(cfg, forward ? a : b, forward ? b : a, buf, cap);
}

/* cJSON's Add* return NULL when out of memory; collect that in *ok. */
static void add_number(cJSON *obj, const char *key, double x, bool *ok)
{
    *ok = *ok && cJSON_AddNumberToObject(obj, key, x);
}

static void add_time_or_null(cJSON *obj, const char *key, bool has, sim_time_t t, bool *ok)
{
    if (has)
        add_number(obj, key, seconds(t), ok);
    else
        *ok = *ok && cJSON_AddNullToObject(obj, key);
}

static void add_string(cJSON *obj, const char *key, const char *s, bool *ok)
{
    *ok = *ok && cJSON_AddStringToObject(obj, key, s);
}

static void add_bool(cJSON *obj, const char *key, bool b, bool *ok)
{
    *ok = *ok && cJSON_AddBoolToObject(obj, key, b);
}

static cJSON *add_object(cJSON *obj, const char *key, bool *ok)
{
    cJSON *o = *ok ? cJSON_AddObjectToObject(obj, key) : NULL;
    *ok = o != NULL;
    return o;
}

/* Two values keyed by direction ("A_to_B", "B_to_A") of hosts a and b;
 * a NULL value is a direction that does not exist and is left out. */
static void add_dirs(cJSON *obj, const char *key, const mob_config_t *cfg, int a, int b, cJSON *ab,
                     cJSON *ba, bool has_ab, bool has_ba, bool *ok)
{
    char kab[2 * MOB_NAME_MAX + 8], kba[2 * MOB_NAME_MAX + 8];
    cJSON *o = add_object(obj, key, ok);
    if (*ok && (ab || !has_ab) && (ba || !has_ba)) {
        if (ab)
            cJSON_AddItemToObject(o, pair_key(cfg, a, b, kab, sizeof(kab)), ab);
        if (ba)
            cJSON_AddItemToObject(o, pair_key(cfg, b, a, kba, sizeof(kba)), ba);
        return;
    }
    cJSON_Delete(ab);
    cJSON_Delete(ba);
    *ok = false;
}

/* The top-level pair of values: both directions of the first pair. */
static void add_pair(cJSON *obj, const char *key, const mob_config_t *cfg, const mob_metrics_t *m,
                     cJSON *ab, cJSON *ba, bool *ok)
{
    int a, b;
    first_pair(cfg, m, &a, &b);
    add_dirs(obj, key, cfg, a, b, ab, ba, true, true, ok);
}

static cJSON *time_or_null(bool has, sim_time_t t)
{
    return has ? cJSON_CreateNumber(seconds(t)) : cJSON_CreateNull();
}

static cJSON *lost_entry(const mob_lost_t *l, bool *ok)
{
    cJSON *e = cJSON_CreateObject();
    if (!e) {
        *ok = false;
        return NULL;
    }
    FIELD(type, l->type);
    FIELD(from, l->from);
    FIELD(to, l->to);
    FIELD(where, l->where);
    FIELD(why, l->why);
    char addr[NET_ADDR_STRLEN];
    net_addr_format(&l->to_addr, addr, sizeof(addr));
    add_string(e, "type", type, ok);
    add_string(e, "from", from, ok);
    add_string(e, "to", to, ok);
    add_string(e, "to_addr", addr, ok);
    add_string(e, "where", where, ok);
    add_number(e, "sent_at", seconds(l->sent_at), ok);
    add_number(e, "died_at", seconds(l->died_at), ok);
    add_string(e, "why", why, ok);
    return e;
}

static void add_scenario(cJSON *root, const mob_config_t *cfg, bool *ok)
{
    cJSON *s = add_object(root, "scenario", ok);
    if (!*ok)
        return;
    FIELD(name, cfg->name);
    FIELD(description, cfg->description);
    add_string(s, "name", name, ok);
    add_string(s, "description", description, ok);
    add_string(s, "scheme", mob_scheme_name(cfg->scheme), ok);
    add_number(s, "seed", (double)cfg->seed, ok);
    add_number(s, "horizon", seconds(cfg->horizon), ok);
}

static void add_lost(cJSON *root, const mob_metrics_t *m, bool *ok)
{
    cJSON *arr = *ok ? cJSON_AddArrayToObject(root, "lost") : NULL;
    *ok = arr != NULL;
    size_t n = m->n_lost < MOB_LOST_MAX ? m->n_lost : MOB_LOST_MAX;
    for (size_t i = 0; *ok && i < n; i++) {
        cJSON *e = lost_entry(&m->lost[i], ok);
        if (e)
            cJSON_AddItemToArray(arr, e);
    }
    add_number(root, "lost_unlisted", m->sig_lost > n ? (double)(m->sig_lost - n) : 0, ok);
}

/* One entry of "pairs": the metrics of one pair of correspondents; a
 * direction the pair lacks (has_ab / has_ba false) is left out. */
static cJSON *pair_entry(const mob_config_t *cfg, const mob_pair_metrics_t *p, bool *ok)
{
    cJSON *e = cJSON_CreateObject();
    *ok = *ok && e != NULL;
    if (!e)
        return NULL;
    add_string(e, "a", host_name(cfg, p->a), ok);
    add_string(e, "b", host_name(cfg, p->b), ok);
    add_dirs(e, "restored", cfg, p->a, p->b, p->has_ab ? cJSON_CreateBool(p->restored_ab) : NULL,
             p->has_ba ? cJSON_CreateBool(p->restored_ba) : NULL, p->has_ab, p->has_ba, ok);
    add_dirs(e, "restored_at", cfg, p->a, p->b,
             p->has_ab ? time_or_null(p->restored_at_ab >= 0, p->restored_at_ab) : NULL,
             p->has_ba ? time_or_null(p->restored_at_ba >= 0, p->restored_at_ba) : NULL, p->has_ab,
             p->has_ba, ok);
    add_time_or_null(e, "restore_time", p->has_restore_time, p->restore_time, ok);
    cJSON *sig = add_object(e, "signaling", ok);
    add_number(sig, "sent", (double)p->sig_sent, ok);
    add_number(sig, "lost", (double)p->sig_lost, ok);
    cJSON *data = add_object(e, "data", ok);
    add_number(data, "sent", (double)p->data_sent, ok);
    add_number(data, "lost", (double)p->data_lost, ok);
    add_dirs(e, "disruption", cfg, p->a, p->b,
             p->has_ab ? cJSON_CreateNumber(seconds(p->disruption_ab)) : NULL,
             p->has_ba ? cJSON_CreateNumber(seconds(p->disruption_ba)) : NULL, p->has_ab, p->has_ba,
             ok);
    if (p->ro_fallback) { /* only then: outputs without one are as before */
        add_bool(e, "ro_fallback", true, ok);
        add_time_or_null(e, "ro_fallback_at", p->ro_fallback_at >= 0, p->ro_fallback_at, ok);
    }
    return e;
}

/* "pairs": only when the model filled them (a world of two hosts without
 * them prints exactly what it always did). */
static void add_pairs(cJSON *root, const mob_config_t *cfg, const mob_metrics_t *m, bool *ok)
{
    if (!m->pairs || m->n_pairs == 0)
        return;
    cJSON *arr = *ok ? cJSON_AddArrayToObject(root, "pairs") : NULL;
    *ok = arr != NULL;
    for (size_t i = 0; *ok && i < m->n_pairs; i++) {
        cJSON *e = pair_entry(cfg, &m->pairs[i], ok);
        if (e)
            cJSON_AddItemToArray(arr, e);
    }
}

/* The closed form beside the simulation (docs/theory.md "Populations"):
 * theory_class_pairs_windows() once per report, and the rows of each class
 * pair split by whether the peer's nearest handoff fell in the pair's
 * window (what the closed form predicts) or not (an episode inherited from
 * a pair left broken, or a consecutive handoff's). */
typedef struct theory_rows {
    uint64_t window;         /* rows with the peer's nearest detach in [-W_Y, W_X] */
    uint64_t episode_window; /* ... and an episode */
    uint64_t inherited;      /* episode rows outside the window, pair broken at the detach */
    uint64_t other;          /* episode rows outside the window, pair whole at the detach */
} theory_rows_t;

typedef struct theory_ctx {
    theory_class_pair_t *cp; /* NULL: no closed form for this world */
    theory_rows_t *rows;     /* per theory_class_pair_index */
    const char *why;         /* why not (the theory's message) */
} theory_ctx_t;

static bool add_theory_num(cJSON *o, const char *key, double v)
{
    return isfinite(v) ? cJSON_AddNumberToObject(o, key, v) != NULL
                       : cJSON_AddNullToObject(o, key) != NULL;
}

static bool add_class_pair_theory(void *ctx, const mob_config_t *cfg,
                                  const population_class_pair_t *cp, cJSON *entry)
{
    const theory_ctx_t *t = ctx;
    if (!t->cp)
        return add_theory_num(entry, "episode_frac_theory", NAN);
    int i = theory_class_pair_index(cfg, cp->x, cp->y);
    const theory_class_pair_t *c = &t->cp[i];
    const theory_rows_t *r = &t->rows[i];
    double lo, hi;
    stats_wilson(r->episode_window, cp->handoff_rows, &lo, &hi);
    return add_theory_num(entry, "episode_frac_theory", c->episode_frac) &&
           add_theory_num(entry, "window_frac", stats_fraction(r->window, cp->handoff_rows)) &&
           add_theory_num(entry, "episode_window_frac",
                          stats_fraction(r->episode_window, cp->handoff_rows)) &&
           add_theory_num(entry, "episode_window_lo", lo) &&
           add_theory_num(entry, "episode_window_hi", hi) &&
           cJSON_AddNumberToObject(entry, "inherited_episode_rows", (double)r->inherited) &&
           cJSON_AddNumberToObject(entry, "other_episode_rows", (double)r->other) &&
           cJSON_AddNumberToObject(entry, "theory_excluded", (double)c->excluded);
}

typedef struct peer_key {
    uint64_t key; /* smaller host << 32 | larger */
    int index;    /* in cfg.peers */
} peer_key_t;

static int cmp_peer_key(const void *a, const void *b)
{
    uint64_t x = ((const peer_key_t *)a)->key, y = ((const peer_key_t *)b)->key;
    return (x > y) - (x < y);
}

static uint64_t key_of(int a, int b)
{
    return a < b ? (uint64_t)a << 32 | (uint32_t)b : (uint64_t)b << 32 | (uint32_t)a;
}

/* t->rows from the handoff rows and the pairs' windows (win, n_win). */
static bool count_theory_rows(theory_ctx_t *t, const mob_config_t *cfg, const mob_metrics_t *m,
                              sim_time_t (*win)[2], int n_win)
{
    mob_peer_t two = {.a = 0, .b = 1};
    const mob_peer_t *peers = cfg->n_peers > 0 ? cfg->peers : &two;
    peer_key_t *keys = calloc((size_t)n_win + 1, sizeof(*keys));
    if (!keys)
        return false;
    for (int i = 0; i < n_win; i++)
        keys[i] = (peer_key_t){key_of(peers[i].a, peers[i].b), i};
    qsort(keys, (size_t)n_win, sizeof(*keys), cmp_peer_key);
    const mob_handoff_metrics_t *h = m->handoffs;
    for (size_t r = 0; r < h->n_rows; r++) {
        const mob_handoff_row_t *row = &h->rows[r];
        peer_key_t k = {key_of(row->host, row->peer), 0};
        const peer_key_t *f = bsearch(&k, keys, (size_t)n_win, sizeof(*keys), cmp_peer_key);
        int cx = cfg->hosts[row->host].cls, cy = cfg->hosts[row->peer].cls;
        theory_rows_t *tr = &t->rows[theory_class_pair_index(cfg, cx, cy)];
        bool in = false;
        if (f && row->has_peer_offset && win[f->index][0] >= 0) {
            const mob_peer_t *p = &peers[f->index];
            /* the host's own extent after it, the peer's before it */
            sim_time_t w_x = win[f->index][p->a == row->host ? 0 : 1];
            sim_time_t w_y = win[f->index][p->a == row->host ? 1 : 0];
            in = row->peer_offset >= -w_y && row->peer_offset <= w_x;
        }
        tr->window += in;
        tr->episode_window += in && row->episode;
        tr->inherited += !in && row->episode && row->broken_before;
        tr->other += !in && row->episode && !row->broken_before;
    }
    free(keys);
    return true;
}

/* The closed form and the split rows of cfg's world (t->cp NULL and t->why
 * set when there is none); false when out of memory. theory_ctx_free()
 * after, whatever it returned. */
typedef struct theory_all {
    theory_ctx_t t;
    sim_err_t err;
    double overall; /* theory_overall_episode_frac(), NaN without a closed form */
} theory_all_t;

static bool theory_build(theory_all_t *a, const mob_config_t *cfg, const mob_metrics_t *m)
{
    *a = (theory_all_t){.overall = NAN};
    int n = theory_class_pairs_count(cfg), n_win = theory_peer_count(cfg);
    a->t.cp = calloc((size_t)n, sizeof(*a->t.cp));
    a->t.rows = calloc((size_t)n, sizeof(*a->t.rows));
    sim_time_t(*win)[2] = calloc((size_t)n_win + 1, sizeof(*win));
    bool ok = a->t.cp && a->t.rows && win;
    int rc = ok ? theory_class_pairs_windows(cfg, a->t.cp, n, win, &a->err) : -SIM_ENOMEM;
    ok = rc != -SIM_ENOMEM;
    if (ok && rc < 0) { /* no closed form (random delays, ...): null beside the simulation */
        free(a->t.cp);
        a->t.cp = NULL;
        a->t.why = a->err.msg;
    } else if (ok) {
        a->overall = theory_overall_episode_frac(a->t.cp, n);
        ok = count_theory_rows(&a->t, cfg, m, win, n_win);
    }
    free(win);
    return ok;
}

static void theory_free(theory_all_t *a)
{
    free(a->t.cp);
    free(a->t.rows);
}

static bool add_population(cJSON *root, const mob_config_t *cfg, const mob_metrics_t *m)
{
    theory_all_t a;
    bool ok = theory_build(&a, cfg, m);
    cJSON *pop = ok ? population_json(cfg, m, add_class_pair_theory, &a.t) : NULL;
    ok = pop != NULL;
    ok = ok && add_theory_num(pop, "episode_frac_theory", a.overall);
    if (ok && a.t.why)
        ok = cJSON_AddStringToObject(pop, "theory_unavailable", a.t.why) != NULL;
    ok = ok && cJSON_AddItemToObject(root, "population", pop);
    if (!ok)
        cJSON_Delete(pop);
    theory_free(&a);
    return ok;
}

/* The summary's line of the closed form: over all rows. */
static void summary_theory(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m)
{
    theory_all_t a;
    if (!m->handoffs || m->handoffs->n_rows == 0)
        return;
    if (!theory_build(&a, cfg, m)) {
        theory_free(&a);
        return;
    }
    if (!a.t.cp) {
        fprintf(out, "%-12sno closed form for this world: %s\n", "theory", a.t.why);
    } else if (isfinite(a.overall)) {
        uint64_t window = 0, episode_window = 0, inherited = 0;
        for (int i = 0; i < theory_class_pairs_count(cfg); i++) {
            window += a.t.rows[i].window;
            episode_window += a.t.rows[i].episode_window;
            inherited += a.t.rows[i].inherited;
        }
        double n = (double)m->handoffs->n_rows;
        /* clang-format off */
        fprintf(out, "%-12sclosed form %.2f%% of handoff rows; simulated: %.2f%% with the peer's handoff in the window, %.2f%% in the window and in an episode; %" PRIu64 " episode rows inherited from a broken pair\n", "theory", 100 * a.overall, 100 * (double)window / n, 100 * (double)episode_window / n, inherited);
        /* clang-format on */
    }
    theory_free(&a);
}

cJSON *report_metrics_json(const mob_config_t *cfg, const mob_metrics_t *m)
{
    cJSON *root = cJSON_CreateObject();
    bool ok = root != NULL;
    add_scenario(root, cfg, &ok);
    add_pair(root, "restored", cfg, m, cJSON_CreateBool(m->restored_ab),
             cJSON_CreateBool(m->restored_ba), &ok);
    add_pair(root, "restored_at", cfg, m, time_or_null(m->restored_at_ab >= 0, m->restored_at_ab),
             time_or_null(m->restored_at_ba >= 0, m->restored_at_ba), &ok);
    add_time_or_null(root, "restore_time", m->has_restore_time, m->restore_time, &ok);
    add_time_or_null(root, "last_detach", m->last_detach >= 0, m->last_detach, &ok);

    cJSON *sig = add_object(root, "signaling", &ok);
    add_number(sig, "sent", (double)m->sig_sent, &ok);
    add_number(sig, "lost", (double)m->sig_lost, &ok);
    add_number(sig, "reforwarded", (double)m->sig_reforwarded, &ok);
    add_number(sig, "bytes", (double)m->sig_bytes, &ok);
    add_time_or_null(sig, "latency_mean", m->sig_sent > m->sig_lost, m->sig_latency_mean, &ok);

    cJSON *scheme = add_object(root, "scheme", &ok);
    add_number(scheme, "messages", (double)m->scheme_msgs, &ok);
    add_number(scheme, "ha_peak_copies", (double)m->ha_peak_copies, &ok);

    add_lost(root, m, &ok);

    cJSON *data = add_object(root, "data", &ok);
    add_number(data, "sent", (double)m->data_sent, &ok);
    add_number(data, "lost", (double)m->data_lost, &ok);
    add_number(data, "received", (double)m->data_received, &ok);
    add_time_or_null(data, "delay_mean", m->data_received > 0, m->data_delay_mean, &ok);
    add_time_or_null(data, "delay_p95", m->data_received > 0, m->data_delay_p95, &ok);

    add_pair(root, "disruption", cfg, m, cJSON_CreateNumber(seconds(m->disruption_ab)),
             cJSON_CreateNumber(seconds(m->disruption_ba)), &ok);
    add_bool(root, "consecutive_mobility", m->consecutive_mobility, &ok);
    if (m->ro_fallback) { /* RFC 6275 §5.2.9; absent when none happened */
        add_bool(root, "ro_fallback", true, &ok);
        add_time_or_null(root, "ro_fallback_at", m->ro_fallback_at >= 0, m->ro_fallback_at, &ok);
        add_number(root, "ro_fallbacks", (double)m->ro_fallbacks, &ok);
    }
    add_number(root, "events", (double)m->events, &ok);
    add_pairs(root, cfg, m, &ok);
    if (ok && cfg->has_population && m->handoffs) /* never otherwise: outputs stay as they were */
        ok = add_population(root, cfg, m);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

static int finish(FILE *out, sim_err_t *err)
{
    if (fflush(out) != 0 || ferror(out))
        return sim_err_set(err, SIM_EIO, "cannot write the report");
    return 0;
}

/* The provenance first, on one line of its own: removing that line gives
 * the metrics object exactly as it is printed without one. */
static bool add_provenance_first(cJSON *root, const prov_t *prov)
{
    cJSON *p = prov_json(prov);
    if (!p || !cJSON_AddItemToObject(root, "provenance", p)) {
        cJSON_Delete(p);
        return false;
    }
    cJSON_DetachItemViaPointer(root, p);
    return cJSON_InsertItemInArray(root, 0, p) || (cJSON_Delete(p), false);
}

int report_write_json(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m, sim_err_t *err)
{
    return report_write_json_prov(out, cfg, m, NULL, err);
}

int report_write_json_prov(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m,
                           const prov_t *prov, sim_err_t *err)
{
    cJSON *root = report_metrics_json(cfg, m);
    if (root && prov && !add_provenance_first(root, prov)) {
        cJSON_Delete(root);
        root = NULL;
    }
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    fputs(text, out);
    fputc('\n', out);
    cJSON_free(text);
    return finish(out, err);
}

/* ------------------------------------------------------------------------ */
/* Human summary                                                              */

/* "1.062s": milliseconds are what people compare handoffs in. */
static void fmt_s(char *buf, size_t cap, sim_time_t t)
{
    snprintf(buf, cap, "%.3fs", seconds(t));
}

static void fmt_ms(char *buf, size_t cap, sim_time_t t)
{
    snprintf(buf, cap, "%.1fms", (double)t / 1e6);
}

static void summary_direction(FILE *out, const char *label, const char *a, const char *b,
                              bool restored, sim_time_t at, const mob_config_t *cfg)
{
    char t[32];
    fprintf(out, "%-12s%s -> %s  ", label, a, b);
    if (restored && at >= 0) {
        fmt_s(t, sizeof(t), at);
        fprintf(out, "restored at t=%s\n", t);
    } else if (restored) {
        fprintf(out, "restored\n");
    } else {
        fmt_s(t, sizeof(t), cfg->horizon);
        fprintf(out, "not restored by the horizon (t=%s)\n", t);
    }
}

static void summary_lost(FILE *out, const mob_metrics_t *m)
{
    size_t n = m->n_lost < MOB_LOST_MAX ? m->n_lost : MOB_LOST_MAX;
    int wt = 4, wf = 1, wto = 1, ws = 1;
    for (size_t i = 0; i < n; i++) { /* align the columns */
        char sent[32];
        fmt_s(sent, sizeof(sent), m->lost[i].sent_at);
        ws = (int)strlen(sent) > ws ? (int)strlen(sent) : ws;
        int lt = (int)strnlen(m->lost[i].type, sizeof(m->lost[i].type));
        int lf = (int)strnlen(m->lost[i].from, sizeof(m->lost[i].from));
        int lto = (int)strnlen(m->lost[i].to, sizeof(m->lost[i].to));
        wt = lt > wt ? lt : wt;
        wf = lf > wf ? lf : wf;
        wto = lto > wto ? lto : wto;
    }
    for (size_t i = 0; i < n; i++) {
        const mob_lost_t *l = &m->lost[i];
        FIELD(type, l->type);
        FIELD(from, l->from);
        FIELD(to, l->to);
        FIELD(where, l->where);
        FIELD(why, l->why);
        char sent[32], died[32], addr[NET_ADDR_STRLEN], to_addr[NET_ADDR_STRLEN + 4];
        fmt_s(sent, sizeof(sent), l->sent_at);
        fmt_s(died, sizeof(died), l->died_at);
        net_addr_format(&l->to_addr, addr, sizeof(addr));
        snprintf(to_addr, sizeof(to_addr), "(%s)", addr);
        fprintf(out, "%-12st=%-*s  %-*s  %*s -> %-*s %s  died at %s t=%s: %s\n", i ? "" : "lost",
                ws, sent, wt, type, wf, from, wto, to, to_addr, where, died, why);
    }
    if (m->sig_lost > n)
        fprintf(out, "%-12s... and %" PRIu64 " more, not listed\n", n ? "" : "lost",
                m->sig_lost - n);
}

/* One block per pair of correspondents (worlds with more than one pair):
 *   pair        A - B: restored 0.250s after the later link break; signaling 14 sent, 3 lost
 *               A -> B  restored at t=1.280s, longest gap 0.300s
 *               B -> A  not restored by the horizon (t=60.000s), longest gap 2.100s */
static void summary_pairs(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m)
{
    char t[32];
    for (size_t i = 0; i < m->n_pairs; i++) {
        const mob_pair_metrics_t *p = &m->pairs[i];
        const char *a = host_name(cfg, p->a), *b = host_name(cfg, p->b);
        fprintf(out, "%-12s%s - %s: ", "pair", a, b);
        if (p->has_restore_time) {
            fmt_s(t, sizeof(t), p->restore_time);
            fprintf(out, "restored %s after the later link break", t);
        } else {
            fprintf(out, "not restored by the horizon");
        }
        fprintf(out, "; signaling %" PRIu64 " sent, %" PRIu64 " lost\n", p->sig_sent, p->sig_lost);
        for (int d = 0; d < 2; d++) {
            bool ab = d == 0;
            if (!(ab ? p->has_ab : p->has_ba))
                continue;
            bool restored = ab ? p->restored_ab : p->restored_ba;
            sim_time_t at = ab ? p->restored_at_ab : p->restored_at_ba;
            fprintf(out, "%-12s%s -> %s  ", "", ab ? a : b, ab ? b : a);
            if (restored && at >= 0) {
                fmt_s(t, sizeof(t), at);
                fprintf(out, "restored at t=%s", t);
            } else if (restored) {
                fprintf(out, "restored");
            } else {
                fmt_s(t, sizeof(t), cfg->horizon);
                fprintf(out, "not restored by the horizon (t=%s)", t);
            }
            fmt_s(t, sizeof(t), ab ? p->disruption_ab : p->disruption_ba);
            fprintf(out, ", longest gap %s\n", t);
        }
        if (p->ro_fallback) { /* RFC 6275 §5.2.9 */
            fmt_s(t, sizeof(t), p->ro_fallback_at);
            fprintf(out, "%-12sroute optimization given up at t=%s\n", "", t);
        }
    }
}

/* A world of one pair: each direction and the restore time. */
static void summary_restored(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m,
                             const char *a, const char *b)
{
    char t1[32], t2[32];
    summary_direction(out, "restored", a, b, m->restored_ab, m->restored_at_ab, cfg);
    summary_direction(out, "", b, a, m->restored_ba, m->restored_at_ba, cfg);
    if (m->has_restore_time) {
        fmt_s(t1, sizeof(t1), m->restore_time);
        fmt_s(t2, sizeof(t2), m->last_detach);
        if (m->last_detach >= 0)
            fprintf(out, "%-12s%s after the later link break (t=%s)\n", "restore", t1, t2);
        else
            fprintf(out, "%-12s%s\n", "restore", t1);
    } else {
        fprintf(out, "%-12snot both directions by the horizon\n", "restore");
    }
}

int report_write_summary(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m, sim_err_t *err)
{
    int ia, ib;
    first_pair(cfg, m, &ia, &ib);
    const char *a = host_name(cfg, ia), *b = host_name(cfg, ib);
    bool many = m->pairs && m->n_pairs > 1;
    char t1[32], t2[32];
    FIELD(name, cfg->name);
    FIELD(description, cfg->description);
    fprintf(out, "%-12s%s%s%s\n", "scenario", name, description[0] ? ": " : "", description);
    fprintf(out, "%-12s%s\n", "scheme", mob_scheme_name(cfg->scheme));
    if (many)
        summary_pairs(out, cfg, m);
    else
        summary_restored(out, cfg, m, a, b);
    fprintf(out,
            "%-12s%" PRIu64 " sent, %" PRIu64 " lost, %" PRIu64 " re-forwarded, %" PRIu64 " bytes",
            "signaling", m->sig_sent, m->sig_lost, m->sig_reforwarded, m->sig_bytes);
    if (m->sig_sent > m->sig_lost) {
        fmt_ms(t1, sizeof(t1), m->sig_latency_mean);
        fprintf(out, ", mean latency %s", t1);
    }
    if (m->scheme_msgs || m->ha_peak_copies)
        fprintf(out, "; scheme messages %" PRIu64 ", HA peak copies %" PRIu64, m->scheme_msgs,
                m->ha_peak_copies);
    fputc('\n', out);
    summary_lost(out, m);
    fprintf(out, "%-12s%" PRIu64 " sent, %" PRIu64 " lost", "data", m->data_sent, m->data_lost);
    if (m->data_sent)
        fprintf(out, " (%.1f%%)", 100.0 * (double)m->data_lost / (double)m->data_sent);
    fprintf(out, ", %" PRIu64 " received", m->data_received);
    if (m->data_received) {
        fmt_ms(t1, sizeof(t1), m->data_delay_mean);
        fmt_ms(t2, sizeof(t2), m->data_delay_p95);
        fprintf(out, "; delay mean %s, p95 %s", t1, t2);
    }
    fputc('\n', out);
    if (!many) {
        fmt_s(t1, sizeof(t1), m->disruption_ab);
        fmt_s(t2, sizeof(t2), m->disruption_ba);
        fprintf(out, "%-12s%s -> %s %s, %s -> %s %s (longest gap in data delivery)\n", "disruption",
                a, b, t1, b, a, t2);
    }
    if (m->consecutive_mobility)
        fprintf(out, "%-12sa host moved again before its signaling finished\n", "note");
    if (m->ro_fallback) {
        fmt_s(t1, sizeof(t1), m->ro_fallback_at);
        /* clang-format off */
        fprintf(out, "%-12sroute optimization given up %" PRIu64 " time(s), first at t=%s: bidirectional tunneling until the next move\n", "fallback", m->ro_fallbacks, t1);
        /* clang-format on */
    }
    if (cfg->has_population) {
        population_write_summary(out, cfg, m);
        summary_theory(out, cfg, m);
    }
    fprintf(out, "%-12s%" PRIu64 "\n", "events", m->events);
    return finish(out, err);
}
