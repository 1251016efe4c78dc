/* analysis/theory.c - episode probabilities of a population from the
 * vulnerability window (docs/theory.md, "Populations").
 *
 * F_e(L) = (1/mu) integral_0^L S(x) dx is E[min(D, L)] / E[D] for the dwell
 * time D: closed forms for the constant, uniform, exponential, lognormal,
 * Pareto and Weibull dwell (GSL's normal cdf and incomplete gamma), a GSL
 * quadrature for the normal clamped at 0 (the models draw max(0, X)).
 * Times are seconds inside, nanoseconds at the interface.
 */
#include "analysis/theory.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/window.h"

/* -------------------------------------------------------- the processes */

const mob_mobility_t *theory_host_process(const mob_config_t *cfg, int h)
{
    if (!cfg || h < 0 || h >= cfg->n_hosts || cfg->hosts[h].kind != MOB_HOST_MOBILE)
        return NULL;
    const mob_mobility_t *mo = &cfg->mobility[h];
    if (mo->grouped)
        return mo->group >= 0 && mo->group < cfg->n_groups ? &cfg->groups[mo->group].mobility
                                                           : NULL;
    return mo->enabled ? mo : NULL;
}

/* the mean dwell in seconds (INFINITY for a Pareto of shape <= 1) */
static double dwell_mean_s(const mob_delay_t *d)
{
    double a = (double)d->a * 1e-9, b = (double)d->b * 1e-9, k = d->sigma;
    switch (d->kind) {
    case MOB_DIST_CONST:
        return a > 1e-9 ? a : 1e-9; /* the models move at least 1 ns apart */
    case MOB_DIST_UNIFORM:
        return (a + b) / 2;
    case MOB_DIST_EXP:
        return a;
    case MOB_DIST_LOGNORMAL:
        return a * exp(k * k / 2);
    case MOB_DIST_NORMAL: {
        if (!(b > 0))
            return a > 0 ? a : 0;
        double z = a / b; /* E[max(0, X)] */
        return a * gsl_cdf_ugaussian_P(z) + b * exp(-z * z / 2) / sqrt(2 * M_PI);
    }
    case MOB_DIST_PARETO:
        return k > 1 ? k * a / (k - 1) : INFINITY;
    case MOB_DIST_WEIBULL:
        return k > 0 ? a * tgamma(1 + 1 / k) : INFINITY;
    }
    return INFINITY;
}

double theory_rate(const mob_mobility_t *mo)
{
    if (!mo || !mo->enabled)
        return 0;
    if (!mo->has_dwell)
        return mo->rate > 0 ? mo->rate : 0;
    double mu = dwell_mean_s(&mo->dwell);
    return mu > 0 && isfinite(mu) ? 1 / mu : 0;
}

typedef struct normal_par {
    double m, s;
} normal_par_t;

static double normal_survival(double x, void *p)
{
    const normal_par_t *n = p;
    return gsl_cdf_gaussian_Q(x - n->m, n->s);
}

/* E[min(max(0, X), L)] for X ~ N(m, s^2): integral_0^L P(X > x) dx */
static double normal_integral(double m, double s, double L)
{
    normal_par_t par = {m, s};
    gsl_function f = {normal_survival, &par};
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(256);
    if (!ws)
        return NAN;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    double r = NAN, abserr;
    if (gsl_integration_qag(&f, 0, L, 0, 1e-10, 256, GSL_INTEG_GAUSS21, ws, &r, &abserr) != 0 &&
        !(abserr <= 1e-8 * (L > 0 ? L : 1)))
        r = NAN;
    gsl_set_error_handler(old);
    gsl_integration_workspace_free(ws);
    return r;
}

/* integral_0^L S(x) dx / mu for one dwell distribution, L in seconds */
static double dwell_hit(const mob_delay_t *d, double L)
{
    double a = (double)d->a * 1e-9, b = (double)d->b * 1e-9, k = d->sigma;
    switch (d->kind) {
    case MOB_DIST_CONST: {
        double c = dwell_mean_s(d);
        return L >= c ? 1 : L / c;
    }
    case MOB_DIST_UNIFORM: {
        if (!(b > a)) {
            mob_delay_t c = MOB_DELAY_CONST(d->a);
            return dwell_hit(&c, L);
        }
        double mu = (a + b) / 2, I;
        if (L <= a)
            I = L;
        else if (L >= b)
            I = mu;
        else
            I = a + ((b - a) * (b - a) - (b - L) * (b - L)) / (2 * (b - a));
        return I / mu;
    }
    case MOB_DIST_EXP: /* in theory_hit_prob: exactly 1 - exp(-L / mean) */
        return 1 - exp(-L / a);
    case MOB_DIST_LOGNORMAL: {
        if (!(k > 0)) {
            mob_delay_t c = MOB_DELAY_CONST(d->a);
            return dwell_hit(&c, L);
        }
        /* E[min(D, L)] = L S(L) + mu Phi((ln L - ln m - sigma^2) / sigma) */
        double mu = dwell_mean_s(d), z = (log(L) - log(a)) / k;
        return (L * gsl_cdf_ugaussian_Q(z) + mu * gsl_cdf_ugaussian_P(z - k)) / mu;
    }
    case MOB_DIST_NORMAL: {
        if (!(b > 0)) {
            mob_delay_t c = MOB_DELAY_CONST(d->a > 0 ? d->a : 0);
            return dwell_hit(&c, L);
        }
        double mu = dwell_mean_s(d);
        return mu > 0 ? normal_integral(a, b, L) / mu : 1;
    }
    case MOB_DIST_PARETO: {
        if (!(k > 1))
            return 0; /* infinite mean: no stationary process (the loader refuses it) */
        double mu = dwell_mean_s(d);
        if (L <= a)
            return L / mu;
        /* x_m + integral_{x_m}^L (x_m / x)^k dx */
        double I = a + a * (1 - pow(a / L, k - 1)) / (k - 1);
        return I / mu;
    }
    case MOB_DIST_WEIBULL:
        if (!(k > 0) || !(a > 0))
            return 0;
        /* integral_0^L exp(-(x/l)^k) dx = l Gamma(1 + 1/k) P(1/k, (L/l)^k) */
        return gsl_sf_gamma_inc_P(1 / k, pow(L / a, k));
    }
    return NAN;
}

double theory_hit_prob(const mob_mobility_t *mo, sim_time_t L)
{
    if (!mo || !mo->enabled || L <= 0)
        return 0;
    double Ls = (double)L * 1e-9;
    if (!mo->has_dwell)
        return mo->rate > 0 ? 1 - exp(-mo->rate * Ls) : 0;
    if (mo->dwell.kind == MOB_DIST_EXP)
        return mo->dwell.a > 0 ? 1 - exp(-(double)L / (double)mo->dwell.a) : 1;
    double p = dwell_hit(&mo->dwell, Ls);
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

/* ------------------------------------------------------ the pair's world */

static sim_time_t core_lookup(const mob_config_t *c, int a, int b, const mob_delay_t **d)
{
    *d = &c->core_default;
    for (int i = 0; i < c->n_pairs; i++)
        if ((c->pairs[i].a == a && c->pairs[i].b == b) ||
            (c->pairs[i].a == b && c->pairs[i].b == a))
            *d = &c->pairs[i].delay;
    return (*d)->a;
}

/* is net n of cfg a foreign network (no home agent) */
static bool foreign(const mob_config_t *c, int n)
{
    return n >= 0 && n < c->n_nets && !c->nets[n].is_home;
}

static bool in_list(const int *l, int n, int v)
{
    for (int i = 0; i < n; i++)
        if (l[i] == v)
            return true;
    return false;
}

/* A network for h to move to from `from`: its first scripted move, else
 * its process's list (or a neighbour in the cell graph), else any foreign
 * network; never `from`, and none of avoid[0..n_avoid) (the peer's
 * networks) when there is another. */
static int target_net(const mob_config_t *c, int h, int from, const int *avoid, int n_avoid)
{
    for (int i = 0; i < c->n_moves; i++)
        if (c->moves[i].host == h && c->moves[i].to != from)
            return c->moves[i].to;
    const mob_mobility_t *mo = theory_host_process(c, h);
    for (int pass = 0; pass < 2; pass++) {
        int na = pass ? 0 : n_avoid;
        if (mo && mo->next != MOB_NEXT_WALK)
            for (int i = 0; i < mo->n_nets; i++) {
                int n = mo->nets[i];
                if (n != from && n >= 0 && n < c->n_nets && !in_list(avoid, na, n))
                    return n;
            }
        if (mo && mo->next == MOB_NEXT_WALK)
            for (int i = 0; i < c->n_edges; i++) {
                int n = c->edges[i].a == from   ? c->edges[i].b
                        : c->edges[i].b == from ? c->edges[i].a
                                                : -1;
                if (n >= 0 && n != from && n < c->n_nets && !in_list(avoid, na, n))
                    return n;
            }
        for (int n = 0; n < c->n_nets; n++)
            if (foreign(c, n) && n != from && !in_list(avoid, na, n))
                return n;
    }
    return -1;
}

/* The six networks of a pair: HX, X0, X1, HY, Y0, Y1. */
typedef struct pair_nets {
    int n[6];
} pair_nets_t;

static int pair_nets(const mob_config_t *c, int x, int y, pair_nets_t *p, sim_err_t *err)
{
    if (x < 0 || x >= c->n_hosts || y < 0 || y >= c->n_hosts || x == y)
        return sim_err_set(err, SIM_EINVAL, "theory: expected two distinct host indices");
    int hs[2] = {x, y};
    for (int k = 0; k < 2; k++) {
        const mob_host_t *h = &c->hosts[hs[k]];
        if (h->kind != MOB_HOST_MOBILE || h->home < 0 || h->start < 0)
            return sim_err_set(err, SIM_EINVAL, "theory: %s is not a mobile host", h->name);
    }
    p->n[0] = c->hosts[x].home;
    p->n[1] = c->hosts[x].start;
    p->n[3] = c->hosts[y].home;
    p->n[4] = c->hosts[y].start;
    int avoid_x[] = {p->n[3], p->n[4]};
    p->n[2] = target_net(c, x, p->n[1], avoid_x, 2);
    int avoid_y[] = {p->n[0], p->n[1], p->n[2]};
    p->n[5] = target_net(c, y, p->n[4], avoid_y, 3);
    for (int k = 0; k < 2; k++)
        if (p->n[3 * k + 2] < 0)
            return sim_err_set(err, SIM_EINVAL, "theory: %s has no other network to move to",
                               c->hosts[hs[k]].name);
    return 0;
}

static int add_net_copy(mob_config_t *t, const mob_net_t *src)
{
    mob_net_t *n = mob_config_add_net(t);
    if (!n)
        return -1;
    *n = *src;
    return 0;
}

/* the protocol switches, parameters and default delays of src */
static void copy_scalars(mob_config_t *t, const mob_config_t *s)
{
    snprintf(t->name, sizeof(t->name), "%s", s->name);
    t->seed = s->seed;
    t->scheme = s->scheme;
    t->T_b = s->T_b;
    t->T_h = s->T_h;
    t->T_p = s->T_p;
    t->fwd_lifetime = s->fwd_lifetime;
    t->fwd_buffer = s->fwd_buffer;
    t->rr_expedited = s->rr_expedited;
    t->bu_lifetime = s->bu_lifetime;
    t->icmp_unreachable = s->icmp_unreachable;
    t->access_default = s->access_default;
    t->core_default = s->core_default;
    t->loss = s->loss;
    t->l2 = s->l2;
    t->movement_detection = s->movement_detection;
    t->dad = s->dad;
    t->initial_cold = s->initial_cold;
    t->mh_routing = s->mh_routing;
    t->cn_bu_after_home_ba = s->cn_bu_after_home_ba;
    t->rr_after_home_ba = s->rr_after_home_ba;
    t->cn_bu_ack = s->cn_bu_ack;
    t->ha_dad = s->ha_dad;
    t->be_min_interval = s->be_min_interval;
    t->resend_on_peer_bu = s->resend_on_peer_bu;
    t->icmp_resolution_delay = s->icmp_resolution_delay;
    t->icmp_queue = s->icmp_queue;
    t->icmp_rate = s->icmp_rate;
    t->icmp_burst = s->icmp_burst;
    t->max_ro_failure = s->max_ro_failure;
}

#define T_MOVE SIM_S(10) /* both moves: offsets down to -10 s are analysed */

static int build_pair(const mob_config_t *c, int x, int y, const pair_nets_t *p, mob_config_t *t)
{
    mob_config_defaults(t);
    copy_scalars(t, c);
    t->traffic_rate = 0;
    t->horizon = T_MOVE + SIM_S(20);
    int map[6];
    for (int k = 0; k < 6; k++) {
        map[k] = -1;
        for (int j = 0; j < k; j++)
            if (p->n[j] == p->n[k])
                map[k] = map[j];
        if (map[k] < 0) {
            map[k] = t->n_nets;
            if (add_net_copy(t, &c->nets[p->n[k]]) < 0)
                return -1;
        }
    }
    int orig[6], n = 0; /* t's networks, as indices of c */
    for (int k = 0; k < 6; k++)
        if (map[k] == n)
            orig[n++] = p->n[k];
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            const mob_delay_t *d;
            core_lookup(c, orig[i], orig[j], &d);
            if (d == &c->core_default)
                continue;
            mob_core_pair_t *cp = mob_config_add_pair(t);
            if (!cp)
                return -1;
            *cp = (mob_core_pair_t){i, j, *d};
        }
    int hs[2] = {x, y};
    for (int k = 0; k < 2; k++) {
        mob_host_t *h = mob_config_add_host(t);
        mob_move_t *mv = mob_config_add_move(t);
        if (!h || !mv)
            return -1;
        *h = c->hosts[hs[k]];
        h->home = map[3 * k];
        h->start = map[3 * k + 1];
        *mv = (mob_move_t){k, T_MOVE, map[3 * k + 2]};
    }
    return 0;
}

static int pair_window_nets(const mob_config_t *cfg, int x, int y, const pair_nets_t *p,
                            sim_time_t *w_x, sim_time_t *w_y, sim_err_t *err)
{
    mob_config_t *t = malloc(sizeof(*t));
    if (!t)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    int rc;
    if (build_pair(cfg, x, y, p, t) < 0) {
        rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
    } else {
        window_t w;
        rc = window_analytic(t, &w, err);
        if (rc == 0) {
            *w_x = w.w_a;
            *w_y = w.w_b;
        } else {
            char pre[2 * MOB_NAME_MAX + 32];
            snprintf(pre, sizeof(pre), "theory: the window of %s and %s", cfg->hosts[x].name,
                     cfg->hosts[y].name);
            sim_err_prefix(err, pre);
        }
    }
    mob_config_free(t);
    free(t);
    return rc;
}

int theory_pair_window(const mob_config_t *cfg, int x, int y, sim_time_t *w_x, sim_time_t *w_y,
                       sim_err_t *err)
{
    pair_nets_t p;
    int rc = pair_nets(cfg, x, y, &p, err);
    if (rc < 0)
        return rc;
    return pair_window_nets(cfg, x, y, &p, w_x, w_y, err);
}

double theory_episode_frac(const mob_config_t *cfg, int x, int y, sim_err_t *err)
{
    const mob_mobility_t *my = theory_host_process(cfg, y);
    if (!my)
        return 0; /* y never hands off */
    sim_time_t wx, wy;
    if (theory_pair_window(cfg, x, y, &wx, &wy, err) < 0)
        return NAN;
    return theory_hit_prob(my, wx + wy);
}

double theory_pair_episode_rate(const mob_config_t *cfg, int x, int y, sim_err_t *err)
{
    double lx = theory_rate(theory_host_process(cfg, x)),
           ly = theory_rate(theory_host_process(cfg, y));
    if (lx == 0 || ly == 0)
        return 0;
    sim_time_t wx, wy;
    if (theory_pair_window(cfg, x, y, &wx, &wy, err) < 0)
        return NAN;
    return lx * ly * (double)(wx + wy) * 1e-9;
}

/* ------------------------------------------------------------ class pairs */

int theory_class_pairs_count(const mob_config_t *cfg)
{
    int n = cfg->n_classes + 1;
    return n * n;
}

int theory_class_pair_index(const mob_config_t *cfg, int cls_x, int cls_y)
{
    return (cls_x + 1) * (cfg->n_classes + 1) + (cls_y + 1);
}

/* The delays a pair's window depends on (besides cfg's scalars): the access
 * delays of HX, X0, X1, HY, Y0, Y1 and the core delays between them (-1:
 * the same network); a random delay gets a code no constant has, so it
 * reaches window_analytic (which refuses it). */
#define KEY_N (6 + 15)
typedef struct wkey {
    int64_t v[KEY_N];
} wkey_t;

typedef struct core_map {
    uint64_t *keys; /* (min << 32 | max) + 1; 0: empty */
    const mob_delay_t **vals;
    size_t cap;
} core_map_t;

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static uint64_t pair_key(int a, int b)
{
    uint32_t lo = (uint32_t)(a < b ? a : b), hi = (uint32_t)(a < b ? b : a);
    return (((uint64_t)lo << 32) | hi) + 1;
}

static int core_map_build(core_map_t *m, const mob_config_t *c)
{
    m->cap = 16;
    while (m->cap < 2 * (size_t)c->n_pairs + 2)
        m->cap *= 2;
    m->keys = calloc(m->cap, sizeof(*m->keys));
    m->vals = calloc(m->cap, sizeof(*m->vals));
    if (!m->keys || !m->vals)
        return -1;
    for (int i = 0; i < c->n_pairs; i++) {
        uint64_t k = pair_key(c->pairs[i].a, c->pairs[i].b);
        size_t s = mix(k) & (m->cap - 1);
        while (m->keys[s] && m->keys[s] != k)
            s = (s + 1) & (m->cap - 1);
        m->keys[s] = k;
        m->vals[s] = &c->pairs[i].delay; /* the last entry wins, as in the models */
    }
    return 0;
}

static const mob_delay_t *core_map_get(const core_map_t *m, const mob_config_t *c, int a, int b)
{
    uint64_t k = pair_key(a, b);
    for (size_t s = mix(k) & (m->cap - 1); m->keys[s]; s = (s + 1) & (m->cap - 1))
        if (m->keys[s] == k)
            return m->vals[s];
    return &c->core_default;
}

static int64_t delay_code(const mob_delay_t *d)
{
    return d->kind == MOB_DIST_CONST ? d->a : -1000 - (int64_t)d->kind;
}

static void make_key(const mob_config_t *c, const core_map_t *m, const pair_nets_t *p, wkey_t *k)
{
    int j = 0;
    for (int i = 0; i < 6; i++) {
        const mob_net_t *n = &c->nets[p->n[i]];
        k->v[j++] = delay_code(n->has_access ? &n->access : &c->access_default);
    }
    for (int a = 0; a < 6; a++)
        for (int b = a + 1; b < 6; b++)
            k->v[j++] = p->n[a] == p->n[b] ? -1 : delay_code(core_map_get(m, c, p->n[a], p->n[b]));
}

typedef struct wcache {
    wkey_t *keys;
    sim_time_t (*vals)[2];
    bool *used;
    size_t cap, n;
} wcache_t;

static uint64_t key_hash(const wkey_t *k)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < KEY_N; i++)
        h = mix(h ^ (uint64_t)k->v[i]);
    return h;
}

static int wcache_grow(wcache_t *w)
{
    size_t cap = w->cap ? 2 * w->cap : 64;
    wkey_t *keys = calloc(cap, sizeof(*keys));
    sim_time_t(*vals)[2] = calloc(cap, sizeof(*vals));
    bool *used = calloc(cap, sizeof(*used));
    if (!keys || !vals || !used) {
        free(keys);
        free(vals);
        free(used);
        return -1;
    }
    for (size_t i = 0; i < w->cap; i++)
        if (w->used[i]) {
            size_t s = key_hash(&w->keys[i]) & (cap - 1);
            while (used[s])
                s = (s + 1) & (cap - 1);
            used[s] = true;
            keys[s] = w->keys[i];
            vals[s][0] = w->vals[i][0];
            vals[s][1] = w->vals[i][1];
        }
    free(w->keys);
    free(w->vals);
    free(w->used);
    w->keys = keys;
    w->vals = vals;
    w->used = used;
    w->cap = cap;
    return 0;
}

/* the slot of k: its entry, or the empty slot where it goes */
static size_t wcache_slot(const wcache_t *w, const wkey_t *k)
{
    size_t s = key_hash(k) & (w->cap - 1);
    while (w->used[s] && memcmp(&w->keys[s], k, sizeof(*k)) != 0)
        s = (s + 1) & (w->cap - 1);
    return s;
}

static void wcache_free(wcache_t *w)
{
    free(w->keys);
    free(w->vals);
    free(w->used);
}

/* F_e is cheap but for the normal dwell (a quadrature): a population's
 * rows repeat few (process, L) values, so a direct-mapped memo */
#define MEMO_N 64
typedef struct hit_memo {
    bool used[MEMO_N];
    bool has_dwell[MEMO_N];
    double rate[MEMO_N];
    mob_delay_t dwell[MEMO_N];
    sim_time_t L[MEMO_N];
    double p[MEMO_N];
} hit_memo_t;

static double memo_hit(hit_memo_t *m, const mob_mobility_t *mo, sim_time_t L)
{
    mob_delay_t d = mo->has_dwell ? mo->dwell : (mob_delay_t){0};
    double rate = mo->has_dwell ? 0 : mo->rate;
    uint64_t rbits;
    memcpy(&rbits, &rate, sizeof(rbits));
    uint64_t h = mix((uint64_t)L ^
                     mix(rbits ^ mix((uint64_t)d.kind ^ mix((uint64_t)d.a ^ mix((uint64_t)d.b)))));
    size_t s = h % MEMO_N;
    if (m->used[s] && m->has_dwell[s] == mo->has_dwell && m->rate[s] == rate && m->L[s] == L &&
        m->dwell[s].kind == d.kind && m->dwell[s].a == d.a && m->dwell[s].b == d.b &&
        m->dwell[s].sigma == d.sigma)
        return m->p[s];
    m->used[s] = true;
    m->has_dwell[s] = mo->has_dwell;
    m->rate[s] = rate;
    m->dwell[s] = d;
    m->L[s] = L;
    m->p[s] = theory_hit_prob(mo, L);
    return m->p[s];
}

static void add_row(theory_class_pair_t *e, double rate, double frac)
{
    e->rows++;
    if (!(rate > 0))
        return;
    e->weight += rate;
    e->episode_rate += rate * frac;
}

static int class_pairs(const mob_config_t *cfg, theory_class_pair_t *out, int n_out,
                       sim_time_t (*win)[2], sim_err_t *err)
{
    int nc = cfg->n_classes;
    if (n_out != theory_class_pairs_count(cfg))
        return sim_err_set(err, SIM_EINVAL, "theory: expected %d class pairs, got %d",
                           theory_class_pairs_count(cfg), n_out);
    for (int cx = -1; cx < nc; cx++)
        for (int cy = -1; cy < nc; cy++)
            out[theory_class_pair_index(cfg, cx, cy)] =
                (theory_class_pair_t){cx, cy, NAN, 0, 0, 0, 0};
    core_map_t cm = {0};
    wcache_t wc = {0};
    hit_memo_t *memo = calloc(1, sizeof(*memo));
    int rc = 0, windows = 0;
    if (!memo || core_map_build(&cm, cfg) < 0 || wcache_grow(&wc) < 0) {
        rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
        goto done;
    }
    /* no peers listed with exactly two hosts: the two talk */
    mob_peer_t two = {.a = 0, .b = 1};
    const mob_peer_t *peers = cfg->n_peers > 0 ? cfg->peers : &two;
    int n_peers = cfg->n_peers > 0 ? cfg->n_peers : cfg->n_hosts == 2 ? 1 : 0;
    for (int i = 0; win && i < n_peers; i++)
        win[i][0] = win[i][1] = -1;
    for (int i = 0; i < n_peers; i++) {
        int a = peers[i].a, b = peers[i].b;
        if (a < 0 || a >= cfg->n_hosts || b < 0 || b >= cfg->n_hosts || a == b)
            continue;
        const mob_mobility_t *pa = theory_host_process(cfg, a), *pb = theory_host_process(cfg, b);
        double la = theory_rate(pa), lb = theory_rate(pb);
        int ca = cfg->hosts[a].cls, cb = cfg->hosts[b].cls;
        if (ca < -1 || ca >= nc)
            ca = -1;
        if (cb < -1 || cb >= nc)
            cb = -1;
        theory_class_pair_t *ab = &out[theory_class_pair_index(cfg, ca, cb)];
        theory_class_pair_t *ba = &out[theory_class_pair_index(cfg, cb, ca)];
        if (!pa && !pb)
            continue; /* no rows with a process */
        if (cfg->mobility[a].grouped && cfg->mobility[b].grouped &&
            cfg->mobility[a].group == cfg->mobility[b].group) {
            ab->rows++;
            ab->excluded++;
            ba->rows++;
            ba->excluded++;
            continue;
        }
        if (!pa || !pb) {
            /* the peer never hands off: no episode by this window */
            if (pa)
                add_row(ab, la, 0);
            if (pb)
                add_row(ba, lb, 0);
            continue;
        }
        pair_nets_t p;
        if ((rc = pair_nets(cfg, a, b, &p, err)) < 0)
            goto done;
        wkey_t k;
        make_key(cfg, &cm, &p, &k);
        size_t s = wcache_slot(&wc, &k);
        if (!wc.used[s]) {
            sim_time_t wa, wb;
            if ((rc = pair_window_nets(cfg, a, b, &p, &wa, &wb, err)) < 0)
                goto done;
            windows++;
            if (2 * (wc.n + 1) > wc.cap) {
                if (wcache_grow(&wc) < 0) {
                    rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
                    goto done;
                }
                s = wcache_slot(&wc, &k);
            }
            wc.used[s] = true;
            wc.keys[s] = k;
            wc.vals[s][0] = wa;
            wc.vals[s][1] = wb;
            wc.n++;
        }
        sim_time_t L = wc.vals[s][0] + wc.vals[s][1];
        if (win) {
            win[i][0] = wc.vals[s][0];
            win[i][1] = wc.vals[s][1];
        }
        add_row(ab, la, memo_hit(memo, pb, L));
        add_row(ba, lb, memo_hit(memo, pa, L));
    }
    for (int i = 0; i < n_out; i++)
        if (out[i].weight > 0)
            out[i].episode_frac = out[i].episode_rate / out[i].weight;
    rc = windows;
done:
    free(memo);
    free(cm.keys);
    free(cm.vals);
    wcache_free(&wc);
    return rc;
}

int theory_class_pairs(const mob_config_t *cfg, theory_class_pair_t *out, int n_out, sim_err_t *err)
{
    return class_pairs(cfg, out, n_out, NULL, err);
}

int theory_peer_count(const mob_config_t *cfg)
{
    return cfg->n_peers > 0 ? cfg->n_peers : cfg->n_hosts == 2 ? 1 : 0;
}

int theory_class_pairs_windows(const mob_config_t *cfg, theory_class_pair_t *out, int n_out,
                               sim_time_t (*win)[2], sim_err_t *err)
{
    return class_pairs(cfg, out, n_out, win, err);
}

double theory_overall_episode_frac(const theory_class_pair_t *cp, int n)
{
    double rate = 0, weight = 0;
    for (int i = 0; i < n; i++) {
        rate += cp[i].episode_rate;
        weight += cp[i].weight;
    }
    return weight > 0 ? rate / weight : NAN;
}
