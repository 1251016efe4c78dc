/* analysis/population.c - the handoff records of a run as JSON, summary
 * and CSV (population.h). */
#include "analysis/population.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"

/* A class index as the config knows it: -1 unless in range. */
static int cls_of(const mob_config_t *cfg, int host)
{
    if (host < 0 || host >= cfg->n_hosts)
        return -1;
    int c = cfg->hosts[host].cls;
    return c >= 0 && c < cfg->n_classes ? c : -1;
}

const char *population_class_name(const mob_config_t *cfg, int cls)
{
    return cls >= 0 && cls < cfg->n_classes && cfg->classes[cls].name[0] ? cfg->classes[cls].name
                                                                         : "-";
}

static const char *host_name(const mob_config_t *cfg, int i)
{
    return i >= 0 && i < cfg->n_hosts ? cfg->hosts[i].name : "?";
}

static const char *net_name(const mob_config_t *cfg, int i)
{
    return i >= 0 && i < cfg->n_nets ? cfg->nets[i].name : "?";
}

int population_class_pairs(const mob_config_t *cfg, const mob_metrics_t *m,
                           population_class_pair_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const mob_handoff_metrics_t *h = m->handoffs;
    if (!h)
        return 0;
    size_t k = (size_t)cfg->n_classes + 1; /* slot 0: none */
    uint64_t *cnt = calloc(2 * k * k, sizeof(*cnt));
    if (!cnt)
        return -SIM_ENOMEM;
    for (size_t i = 0; i < h->n_rows; i++) {
        size_t x = (size_t)(cls_of(cfg, h->rows[i].host) + 1);
        size_t y = (size_t)(cls_of(cfg, h->rows[i].peer) + 1);
        cnt[2 * (x * k + y)]++;
        cnt[2 * (x * k + y) + 1] += h->rows[i].episode;
    }
    size_t used = 0;
    for (size_t i = 0; i < k * k; i++)
        used += cnt[2 * i] > 0;
    population_class_pair_t *cp = calloc(used ? used : 1, sizeof(*cp));
    if (!cp) {
        free(cnt);
        return -SIM_ENOMEM;
    }
    size_t j = 0;
    for (size_t i = 0; i < k * k; i++) {
        if (!cnt[2 * i])
            continue;
        population_class_pair_t *e = &cp[j++];
        e->x = (int)(i / k) - 1;
        e->y = (int)(i % k) - 1;
        e->handoff_rows = cnt[2 * i];
        e->episode_rows = cnt[2 * i + 1];
        e->episode_frac = stats_fraction(e->episode_rows, e->handoff_rows);
        stats_wilson(e->episode_rows, e->handoff_rows, &e->lo, &e->hi);
    }
    free(cnt);
    *out = cp;
    *n = used;
    return 0;
}

/* ------------------------------------------------------------------ JSON */

/* A number, or null when it is not one (a fraction of nothing). */
static void add_num(cJSON *o, const char *key, double x, bool *ok)
{
    if (!*ok)
        return;
    *ok = isfinite(x) ? cJSON_AddNumberToObject(o, key, x) != NULL
                      : cJSON_AddNullToObject(o, key) != NULL;
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

cJSON *population_json(const mob_config_t *cfg, const mob_metrics_t *m,
                       population_class_pair_fn *extra, void *ctx)
{
    const mob_handoff_metrics_t *h = m->handoffs;
    if (!h)
        return NULL;
    cJSON *pop = cJSON_CreateObject();
    bool ok = pop != NULL;
    int mobile = 0;
    for (int i = 0; i < cfg->n_hosts; i++)
        mobile += cfg->hosts[i].kind == MOB_HOST_MOBILE;
    cJSON *hosts = ok ? cJSON_AddObjectToObject(pop, "hosts") : NULL;
    ok = hosts != NULL;
    add_num(hosts, "mobile", mobile, &ok);
    add_num(hosts, "correspondents", cfg->n_hosts - mobile, &ok);
    add_num(pop, "pairs", (double)m->n_pairs, &ok);
    add_num(pop, "handoffs", (double)h->handoffs, &ok);
    add_num(pop, "handoff_rows", (double)h->n_rows, &ok);
    add_num(pop, "episode_rows", (double)h->episode_rows, &ok);
    double lo, hi;
    stats_wilson(h->episode_rows, h->n_rows, &lo, &hi);
    add_num(pop, "episode_frac", stats_fraction(h->episode_rows, h->n_rows), &ok);
    add_num(pop, "episode_frac_lo", lo, &ok);
    add_num(pop, "episode_frac_hi", hi, &ok);
    add_num(pop, "episodes", (double)h->episodes, &ok);
    double pair_hours = (double)m->n_pairs * sim_time_to_s(h->horizon) / 3600;
    add_num(pop, "episodes_per_pair_hour", ratio((double)h->episodes, pair_hours), &ok);
    add_num(pop, "broken_ro_frac", h->broken_ro_frac, &ok);
    add_num(pop, "no_delivery_frac", h->no_delivery_frac, &ok);
    add_num(pop, "outage_p50", h->outages ? sim_time_to_s(h->outage_p50) : NAN, &ok);
    add_num(pop, "outage_p95", h->outages ? sim_time_to_s(h->outage_p95) : NAN, &ok);
    add_num(pop, "outage_p99", h->outages ? sim_time_to_s(h->outage_p99) : NAN, &ok);
    add_num(pop, "signaling_per_handoff", ratio((double)m->sig_sent, (double)h->handoffs), &ok);
    add_num(pop, "signaling_bytes_per_handoff", ratio((double)m->sig_bytes, (double)h->handoffs),
            &ok);
    cJSON *has = ok ? cJSON_AddArrayToObject(pop, "home_agents") : NULL;
    ok = has != NULL;
    for (size_t i = 0; ok && i < h->n_ha; i++) {
        const mob_ha_load_t *a = &h->ha[i];
        cJSON *e = cJSON_CreateObject();
        ok = e && cJSON_AddItemToArray(has, e);
        const mob_net_t *net = &cfg->nets[a->net];
        char name[MOB_NAME_MAX + 4];
        if (net->home_agent[0])
            snprintf(name, sizeof(name), "%s", net->home_agent);
        else
            snprintf(name, sizeof(name), "HA_%.*s", MOB_NAME_MAX - 1, net->name);
        ok = ok && cJSON_AddStringToObject(e, "name", name);
        add_num(e, "msgs_per_s_mean", a->msgs_per_s_mean, &ok);
        add_num(e, "msgs_per_s_p99", a->msgs_per_s_p99, &ok);
        add_num(e, "peak_copies", (double)a->peak_copies, &ok);
        add_num(e, "peak_bytes", (double)a->peak_bytes, &ok);
    }
    add_num(pop, "ar_forwarding_entries_max", (double)h->ar_fwd_max, &ok);
    add_num(pop, "ar_forwarding_entries_mean", h->ar_fwd_mean, &ok);
    population_class_pair_t *cp = NULL;
    size_t n_cp = 0;
    if (ok && population_class_pairs(cfg, m, &cp, &n_cp) < 0)
        ok = false;
    cJSON *arr = ok ? cJSON_AddArrayToObject(pop, "class_pairs") : NULL;
    ok = arr != NULL;
    for (size_t i = 0; ok && i < n_cp; i++) {
        cJSON *e = cJSON_CreateObject();
        ok = e && cJSON_AddItemToArray(arr, e);
        ok = ok && cJSON_AddStringToObject(e, "x", population_class_name(cfg, cp[i].x));
        ok = ok && cJSON_AddStringToObject(e, "y", population_class_name(cfg, cp[i].y));
        add_num(e, "handoff_rows", (double)cp[i].handoff_rows, &ok);
        add_num(e, "episode_rows", (double)cp[i].episode_rows, &ok);
        add_num(e, "episode_frac", cp[i].episode_frac, &ok);
        add_num(e, "lo", cp[i].lo, &ok);
        add_num(e, "hi", cp[i].hi, &ok);
        /* per-class-pair figures of other modules (episode_frac_theory) */
        if (ok && extra)
            ok = extra(ctx, cfg, &cp[i], e);
    }
    free(cp);
    if (!ok) {
        cJSON_Delete(pop);
        return NULL;
    }
    return pop;
}

/* --------------------------------------------------------------- summary */

void population_write_summary(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m)
{
    const mob_handoff_metrics_t *h = m->handoffs;
    if (!h)
        return;
    int mobile = 0;
    for (int i = 0; i < cfg->n_hosts; i++)
        mobile += cfg->hosts[i].kind == MOB_HOST_MOBILE;
    fprintf(out, "%-12s%d mobile hosts, %d correspondents, %zu pairs; %" PRIu64 " handoffs\n",
            "population", mobile, cfg->n_hosts - mobile, m->n_pairs, h->handoffs);
    double lo, hi;
    stats_wilson(h->episode_rows, h->n_rows, &lo, &hi);
    if (h->n_rows > 0)
        /* clang-format off */
        fprintf(out, "%-12s%" PRIu64 " of %zu handoff rows (%.1f%%, 95%% CI %.1f-%.1f%%), %" PRIu64 " episodes\n", "episodes", h->episode_rows, h->n_rows, 100.0 * (double)h->episode_rows / (double)h->n_rows, 100 * lo, 100 * hi, h->episodes);
    /* clang-format on */
    if (isfinite(h->broken_ro_frac))
        fprintf(out, "%-12sroute optimization broken %.2f%% of pair-time", "pair state",
                100 * h->broken_ro_frac);
    if (isfinite(h->no_delivery_frac))
        fprintf(out, ", no delivery %.2f%% of direction-time", 100 * h->no_delivery_frac);
    if (h->outages)
        fprintf(out, "; outage p50 %.3fs, p95 %.3fs, p99 %.3fs", sim_time_to_s(h->outage_p50),
                sim_time_to_s(h->outage_p95), sim_time_to_s(h->outage_p99));
    if (isfinite(h->broken_ro_frac))
        fputc('\n', out);
    const mob_ha_load_t *busy = NULL;
    for (size_t i = 0; i < h->n_ha; i++)
        if (!busy || h->ha[i].msgs_per_s_p99 > busy->msgs_per_s_p99)
            busy = &h->ha[i];
    if (busy)
        /* clang-format off */
        fprintf(out, "%-12sbusiest HA at %s: %.2f msgs/s mean, %.0f p99 (1 s bins), peak %" PRIu64 " copies\n", "home agents", net_name(cfg, busy->net), busy->msgs_per_s_mean, busy->msgs_per_s_p99, busy->peak_copies);
    /* clang-format on */
}

/* ------------------------------------------------------------------- CSV */

/* Seconds with 9 decimals from ns, exactly (no floating point). */
static void put_time(FILE *out, sim_time_t t)
{
    uint64_t a = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
    fprintf(out, "%s%" PRIu64 ".%09" PRIu64, t < 0 ? "-" : "", a / 1000000000u, a % 1000000000u);
}

int population_write_handoffs_csv(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m,
                                  sim_err_t *err)
{
    fputs(POPULATION_CSV_HEADER "\n", out);
    const mob_handoff_metrics_t *h = m->handoffs;
    for (size_t i = 0; h && i < h->n_rows; i++) {
        const mob_handoff_row_t *r = &h->rows[i];
        put_time(out, r->time);
        fprintf(out, ",%s,%s,%s,%s,", host_name(cfg, r->host), net_name(cfg, r->from),
                net_name(cfg, r->to), host_name(cfg, r->peer));
        if (r->has_peer_offset)
            put_time(out, r->peer_offset);
        fprintf(out, ",%d,%" PRIu64 ",%d,", r->episode ? 1 : 0, r->lost, r->restored ? 1 : 0);
        if (r->restored)
            put_time(out, r->restore_time);
        fprintf(out, ",%d\n", r->fallback ? 1 : 0);
    }
    if (fflush(out) != 0 || ferror(out))
        return sim_err_set(err, SIM_EIO, "cannot write the handoff records");
    return 0;
}
