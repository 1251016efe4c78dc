/* models/handoff.c - the handoff log (handoff.h; docs/model.md, "Handoff
 * records"). */
#include "models/handoff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/host.h"
#include "models/pkt.h"

/* A growing array of T: n, cap and the pointer; -1 when out of memory. */
#define GROW(arr, n, cap) ((n) < (cap) ? 0 : grow_array((void **)&(arr), &(cap), sizeof(*(arr))))

static int grow_array(void **arr, size_t *cap, size_t elem)
{
    size_t c = *cap ? 2 * *cap : 16;
    void *p = realloc(*arr, c * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = c;
    return 0;
}

/* The online state of one pair (w->pm index). Side 0 is host a, side 1
 * host b; direction 0 is a -> b (received at b), 1 is b -> a. */
typedef struct hl_pair {
    bool broken;            /* from a detach of a or b (or a fallback) until restored */
    bool episode;           /* a departed-address loss in the current broken interval */
    sim_time_t since;       /* start of the current broken interval */
    sim_time_t broken_time; /* closed broken intervals, summed */
    long open[2];           /* row open for side's handoff, -1 none */
    sim_time_t last_rx[2];  /* last data delivery in each direction (0: none yet) */
    sim_time_t gap_time[2]; /* gaps above thr, summed */
    sim_time_t thr[2];      /* 2 / rate (ns); 0: no data that way */
} hl_pair_t;

typedef struct hl_times {
    sim_time_t *t;
    size_t n, cap;
} hl_times_t;

/* Per network: its home agent's control messages by 1 s bin (the non-empty
 * bins only: memory follows the messages, not the horizon) and its access
 * router's forwarding entries. */
typedef struct hl_net {
    uint64_t total;
    int64_t bin;       /* current bin, -1 none */
    uint64_t bin_msgs; /* messages in it */
    uint64_t *bins;    /* counts of the closed non-empty bins */
    size_t n_bins, cap_bins;
    int64_t fwd, fwd_peak;
} hl_net_t;

/* Per node: scheme copies held now and at most. */
typedef struct hl_node {
    int64_t copies, peak_copies;
    int64_t bytes, peak_bytes;
} hl_node_t;

struct mob_handoff_log {
    mob_handoff_metrics_t out;
    mob_handoff_row_t *rows;
    size_t n_rows, cap_rows;
    hl_pair_t *pairs;   /* w->n_pm */
    hl_times_t *detach; /* per host: its detach times, in order */
    hl_net_t *nets;     /* cfg.n_nets */
    hl_node_t *nodes;   /* nodes.n */
    int *held_node;     /* per held item index: holder, -1 none */
    size_t *held_bytes; /* its bytes */
    size_t cap_held;
    mob_q_t outages;
    mob_ha_load_t *ha; /* out.ha */
};

static void oom(mob_world_t *w)
{
    w->oom = 1;
}

int mob_hl_create(mob_world_t *w)
{
    if (w->hl)
        return 0;
    const mob_config_t *c = &w->cfg;
    struct mob_handoff_log *hl = calloc(1, sizeof(*hl));
    if (!hl)
        return -1;
    w->hl = hl;
    size_t np = w->n_pm > 0 ? (size_t)w->n_pm : 1;
    size_t nn = c->n_nets > 0 ? (size_t)c->n_nets : 1;
    hl->pairs = calloc(np, sizeof(*hl->pairs));
    hl->detach = calloc((size_t)c->n_hosts, sizeof(*hl->detach));
    hl->nets = calloc(nn, sizeof(*hl->nets));
    hl->nodes = calloc((size_t)(w->nodes.n > 0 ? w->nodes.n : 1), sizeof(*hl->nodes));
    hl->ha = calloc(nn, sizeof(*hl->ha));
    mob_q_init(&hl->outages);
    if (!hl->pairs || !hl->detach || !hl->nets || !hl->nodes || !hl->ha) {
        mob_hl_destroy(w);
        return -1;
    }
    for (int n = 0; n < c->n_nets; n++)
        hl->nets[n].bin = -1;
    for (int k = 0; k < w->n_pm; k++) {
        hl_pair_t *p = &hl->pairs[k];
        const mob_pair_metrics_t *pm = &w->pm[k];
        p->open[0] = p->open[1] = -1;
        /* a pair is whole at t = 0 unless the run starts cold */
        p->broken = c->initial_cold;
        const mob_corr_t *ab = mob_corr_for(w, &w->hosts[pm->a], pm->b);
        const mob_corr_t *ba = mob_corr_for(w, &w->hosts[pm->b], pm->a);
        double r[2] = {ab ? ab->rate : 0, ba ? ba->rate : 0};
        for (int d = 0; d < 2; d++)
            p->thr[d] = r[d] > 0 && 2e9 / r[d] < 9e18 ? (sim_time_t)(2e9 / r[d]) : 0;
    }
    return 0;
}

void mob_hl_destroy(mob_world_t *w)
{
    struct mob_handoff_log *hl = w->hl;
    if (!hl)
        return;
    for (int i = 0; hl->detach && i < w->cfg.n_hosts; i++)
        free(hl->detach[i].t);
    for (int n = 0; hl->nets && n < w->cfg.n_nets; n++)
        free(hl->nets[n].bins);
    free(hl->detach);
    free(hl->nets);
    free(hl->nodes);
    free(hl->pairs);
    free(hl->rows);
    free(hl->held_node);
    free(hl->held_bytes);
    free(hl->ha);
    mob_q_fini(&hl->outages);
    free(hl);
    w->hl = NULL;
    w->m.handoffs = NULL;
}

static int side_of(const mob_world_t *w, int k, int host)
{
    return w->pm[k].a == host ? 0 : 1;
}

/* Ends the broken interval of pair p at t. */
static void close_interval(mob_world_t *w, hl_pair_t *p, sim_time_t t)
{
    struct mob_handoff_log *hl = w->hl;
    sim_time_t len = t > p->since ? t - p->since : 0;
    p->broken_time += len;
    if (mob_q_add(&hl->outages, len) < 0)
        oom(w);
    hl->out.outages++;
    if (p->episode)
        hl->out.episodes++;
    p->broken = false;
    p->episode = false;
}

/* Pair k restored now? Every direction that applies (toward a mobile host)
 * route-optimized: the interval ends at the later of the directions' since
 * (not before it began), and the open rows close restored. */
static void check_pair(mob_world_t *w, int k)
{
    struct mob_handoff_log *hl = w->hl;
    hl_pair_t *p = &hl->pairs[k];
    if (!p->broken)
        return;
    const mob_pair_metrics_t *pm = &w->pm[k];
    sim_time_t at_ab = -1, at_ba = -1;
    if (!w->hosts[pm->b].stationary && !mob_world_direction_restored(w, pm->a, pm->b, &at_ab))
        return;
    if (!w->hosts[pm->a].stationary && !mob_world_direction_restored(w, pm->b, pm->a, &at_ba))
        return;
    sim_time_t t = at_ab > at_ba ? at_ab : at_ba;
    if (t < p->since)
        t = p->since;
    for (int s = 0; s < 2; s++) {
        if (p->open[s] < 0)
            continue;
        mob_handoff_row_t *r = &hl->rows[p->open[s]];
        r->restored = true;
        r->restore_time = t > r->time ? t - r->time : 0;
        p->open[s] = -1;
    }
    close_interval(w, p, t);
}

static void break_pair(mob_world_t *w, hl_pair_t *p)
{
    if (p->broken)
        return;
    p->broken = true;
    p->episode = false;
    p->since = sim_now(w->sim);
}

void mob_hl_detach(mob_world_t *w, struct mob_mn *h, int to)
{
    struct mob_handoff_log *hl = w->hl;
    sim_time_t now = sim_now(w->sim);
    hl_times_t *d = &hl->detach[h->index];
    if (GROW(d->t, d->n, d->cap) < 0) {
        oom(w);
        return;
    }
    d->t[d->n++] = now;
    hl->out.handoffs++;
    for (int i = 0; i < h->n_corr; i++) {
        int k = h->corr[i].pair;
        hl_pair_t *p = &hl->pairs[k];
        int s = side_of(w, k, h->index);
        if (GROW(hl->rows, hl->n_rows, hl->cap_rows) < 0) {
            oom(w);
            return;
        }
        hl->rows[hl->n_rows] = (mob_handoff_row_t){.time = now,
                                                   .host = h->index,
                                                   .from = h->net,
                                                   .to = to,
                                                   .peer = h->corr[i].peer,
                                                   .broken_before = p->broken};
        p->open[s] = (long)hl->n_rows++; /* the previous one closes unrestored */
        break_pair(w, p);
    }
}

void mob_hl_attached(mob_world_t *w, struct mob_mn *h)
{
    for (int i = 0; i < h->n_corr; i++)
        check_pair(w, h->corr[i].pair);
}

void mob_hl_binding(mob_world_t *w, int node, int peer)
{
    if (node < 0 || node >= w->cfg.n_hosts || peer < 0 || peer >= w->cfg.n_hosts)
        return; /* a home agent's binding */
    mob_corr_t *c = mob_corr_for(w, &w->hosts[node], peer);
    if (c)
        check_pair(w, c->pair);
}

void mob_hl_data(mob_world_t *w, struct mob_corr *c)
{
    struct mob_handoff_log *hl = w->hl;
    int k = c->pair;
    hl_pair_t *p = &hl->pairs[k];
    int d = w->pm[k].b == c->host->index ? 0 : 1;
    sim_time_t now = sim_now(w->sim);
    if (p->thr[d] > 0 && now - p->last_rx[d] > p->thr[d])
        p->gap_time[d] += now - p->last_rx[d];
    p->last_rx[d] = now;
    check_pair(w, k);
}

void mob_hl_fallback(mob_world_t *w, struct mob_corr *c)
{
    struct mob_handoff_log *hl = w->hl;
    hl_pair_t *p = &hl->pairs[c->pair];
    for (int s = 0; s < 2; s++)
        if (p->open[s] >= 0)
            hl->rows[p->open[s]].fallback = true;
    break_pair(w, p);
}

/* The host whose departed CoA addr is (w->departed), or -1. */
static int departed_host(const mob_world_t *w, const uint8_t *addr)
{
    net_addr_t a;
    memcpy(a.b, addr, 16);
    return mob_addrmap_get(&w->departed, &a);
}

void mob_hl_lost(mob_world_t *w, int k, const uint8_t *bytes, size_t len)
{
    struct mob_handoff_log *hl = w->hl;
    if (k < 0 || k >= w->n_pm)
        return;
    hl_pair_t *p = &hl->pairs[k];
    const mob_pair_metrics_t *pm = &w->pm[k];
    /* its destination as it died: outer, and inner for a tunnelled one */
    int x = -1, y = -1;
    if (len >= PKT_IPV6_HDR_LEN) {
        x = departed_host(w, bytes + 24);
        if (bytes[6] == PKT_PROTO_IPV6 && len >= 2 * PKT_IPV6_HDR_LEN)
            y = departed_host(w, bytes + PKT_IPV6_HDR_LEN + 24);
    }
    bool episode = x == pm->a || x == pm->b || y == pm->a || y == pm->b;
    for (int s = 0; s < 2; s++) {
        if (p->open[s] < 0)
            continue;
        mob_handoff_row_t *r = &hl->rows[p->open[s]];
        r->lost++;
        r->episode = r->episode || episode;
    }
    if (episode && p->broken)
        p->episode = true;
}

void mob_hl_ha_rx(mob_world_t *w, int net)
{
    hl_net_t *n = &w->hl->nets[net];
    sim_time_t t = sim_now(w->sim);
    if (t >= w->cfg.horizon)
        t = w->cfg.horizon - 1; /* the last bin ends at the horizon */
    int64_t bin = t / SIM_S(1);
    if (bin != n->bin) {
        if (n->bin_msgs > 0) {
            if (GROW(n->bins, n->n_bins, n->cap_bins) < 0) {
                oom(w);
                return;
            }
            n->bins[n->n_bins++] = n->bin_msgs;
        }
        n->bin = bin;
        n->bin_msgs = 0;
    }
    n->bin_msgs++;
    n->total++;
}

void mob_hl_held(mob_world_t *w, size_t idx, int node, size_t bytes)
{
    struct mob_handoff_log *hl = w->hl;
    if (node < 0 || node >= w->nodes.n)
        return;
    while (idx >= hl->cap_held) {
        size_t cap = hl->cap_held ? 2 * hl->cap_held : 16;
        int *hn = realloc(hl->held_node, cap * sizeof(*hn));
        if (hn)
            hl->held_node = hn;
        size_t *hb = hn ? realloc(hl->held_bytes, cap * sizeof(*hb)) : NULL;
        if (!hb) {
            oom(w);
            return;
        }
        hl->held_bytes = hb;
        for (size_t i = hl->cap_held; i < cap; i++)
            hl->held_node[i] = -1;
        hl->cap_held = cap;
    }
    if (hl->held_node[idx] >= 0)
        mob_hl_unheld(w, idx);
    hl->held_node[idx] = node;
    hl->held_bytes[idx] = bytes;
    hl_node_t *n = &hl->nodes[node];
    n->copies++;
    n->bytes += (int64_t)bytes;
    if (n->copies > n->peak_copies)
        n->peak_copies = n->copies;
    if (n->bytes > n->peak_bytes)
        n->peak_bytes = n->bytes;
}

void mob_hl_unheld(mob_world_t *w, size_t idx)
{
    struct mob_handoff_log *hl = w->hl;
    if (idx >= hl->cap_held || hl->held_node[idx] < 0)
        return;
    hl_node_t *n = &hl->nodes[hl->held_node[idx]];
    n->copies--;
    n->bytes -= (int64_t)hl->held_bytes[idx];
    hl->held_node[idx] = -1;
}

void mob_hl_fwd(mob_world_t *w, int net, int delta)
{
    hl_net_t *n = &w->hl->nets[net];
    n->fwd += delta;
    if (n->fwd > n->fwd_peak)
        n->fwd_peak = n->fwd;
}

/* ---------------------------------------------------------------- finish */

/* The detach of list d nearest to t (ties: the earlier); false when none. */
static bool nearest(const hl_times_t *d, sim_time_t t, sim_time_t *out)
{
    if (d->n == 0)
        return false;
    size_t lo = 0, hi = d->n; /* first index with d->t[i] >= t */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->t[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == d->n)
        *out = d->t[d->n - 1];
    else if (lo == 0)
        *out = d->t[0];
    else
        *out = t - d->t[lo - 1] <= d->t[lo] - t ? d->t[lo - 1] : d->t[lo];
    return true;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void finish_ha(mob_world_t *w, int net, sim_time_t end, mob_ha_load_t *o)
{
    struct mob_handoff_log *hl = w->hl;
    hl_net_t *n = &hl->nets[net];
    if (n->bin_msgs > 0) {
        if (GROW(n->bins, n->n_bins, n->cap_bins) < 0) {
            oom(w);
            return;
        }
        n->bins[n->n_bins++] = n->bin_msgs;
        n->bin_msgs = 0;
        n->bin = -1;
    }
    int node = w->cfg.n_hosts + net;
    o->net = net;
    o->node = node;
    o->msgs = n->total;
    o->msgs_per_s_mean = end > 0 ? (double)n->total / sim_time_to_s(end) : NAN;
    size_t n_bins = (size_t)((end + SIM_S(1) - 1) / SIM_S(1));
    if (n_bins < n->n_bins)
        n_bins = n->n_bins;
    o->msgs_per_s_p99 = 0;
    if (n_bins > 0 && n->n_bins > 0) {
        qsort(n->bins, n->n_bins, sizeof(*n->bins), cmp_u64);
        size_t r = (size_t)(0.99 * (double)(n_bins - 1) + 0.5), zeros = n_bins - n->n_bins;
        o->msgs_per_s_p99 = r < zeros ? 0 : (double)n->bins[r - zeros];
    }
    if (node < w->nodes.n) {
        o->peak_copies = (uint64_t)hl->nodes[node].peak_copies;
        o->peak_bytes = (uint64_t)hl->nodes[node].peak_bytes;
    }
}

int mob_hl_finish(mob_world_t *w, sim_time_t end)
{
    struct mob_handoff_log *hl = w->hl;
    if (!hl)
        return 0;
    mob_handoff_metrics_t *o = &hl->out;
    sim_time_t broken = 0, gaps = 0;
    int dirs = 0;
    for (int k = 0; k < w->n_pm; k++) {
        hl_pair_t *p = &hl->pairs[k];
        if (p->broken) {
            close_interval(w, p, end); /* open at the horizon: counted up to it */
            p->open[0] = p->open[1] = -1;
        }
        broken += p->broken_time;
        for (int d = 0; d < 2; d++) {
            if (p->thr[d] <= 0)
                continue;
            dirs++;
            gaps += p->gap_time[d];
            if (end - p->last_rx[d] > p->thr[d]) /* the tail to the horizon */
                gaps += end - p->last_rx[d];
        }
    }
    double span = sim_time_to_s(end);
    o->broken_ro_frac =
        w->n_pm > 0 && end > 0 ? sim_time_to_s(broken) / ((double)w->n_pm * span) : NAN;
    o->no_delivery_frac = dirs > 0 && end > 0 ? sim_time_to_s(gaps) / ((double)dirs * span) : NAN;
    o->episode_rows = 0;
    for (size_t i = 0; i < hl->n_rows; i++) {
        mob_handoff_row_t *r = &hl->rows[i];
        sim_time_t t;
        r->has_peer_offset = nearest(&hl->detach[r->peer], r->time, &t);
        r->peer_offset = r->has_peer_offset ? t - r->time : 0;
        o->episode_rows += r->episode;
    }
    o->rows = hl->rows;
    o->n_rows = hl->n_rows;
    o->outage_p50 = mob_q_quantile(&hl->outages, 0.50);
    o->outage_p95 = mob_q_quantile(&hl->outages, 0.95);
    o->outage_p99 = mob_q_quantile(&hl->outages, 0.99);
    o->n_ha = 0;
    int n_ar = 0;
    double ar_sum = 0;
    o->ar_fwd_max = 0;
    for (int n = 0; n < w->cfg.n_nets; n++) {
        if (w->cfg.nets[n].is_home) {
            finish_ha(w, n, end, &hl->ha[o->n_ha++]);
        } else {
            n_ar++;
            ar_sum += (double)hl->nets[n].fwd_peak;
            if ((uint64_t)hl->nets[n].fwd_peak > o->ar_fwd_max)
                o->ar_fwd_max = (uint64_t)hl->nets[n].fwd_peak;
        }
    }
    o->ha = hl->ha;
    o->ar_fwd_mean = n_ar > 0 ? ar_sum / n_ar : NAN;
    o->horizon = end;
    w->m.handoffs = o;
    return w->oom ? -1 : 0;
}
