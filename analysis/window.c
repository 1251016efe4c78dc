/* analysis/window.c - vulnerability windows: derivation and search.
 *
 * The derivation follows each control message of the two correspondent
 * registrations through the network with the scenario's constant delays
 * (docs/theory.md). Times are kept relative to a host's move: (host, offset)
 * means t_host + offset, with t_A fixed and t_B = t_A + Δ, so every
 * comparison between the two hosts' times flips at one Δ; the evaluation
 * records those critical offsets, and the window's ends are found among
 * them exactly. Tie rules are those of the event queue: at equal times the
 * event scheduled earlier fires first (moves are scheduled at the start, so
 * a packet arriving at an old CoA at the very instant of the detach dies).
 */
#include "analysis/window.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/episode.h"
#include "models/world.h"
#include "sim/sim.h"

/* ------------------------------------------------------------ checking */

static bool is_const(const mob_delay_t *d)
{
    return d->kind == MOB_DIST_CONST;
}

int window_check(const mob_config_t *c, int *a_move, int *b_move, sim_err_t *err)
{
    if (c->n_hosts != 2)
        return sim_err_set(err, SIM_EINVAL, "window: expected two hosts");
    int idx[2] = {-1, -1};
    for (int i = 0; i < c->n_moves; i++) {
        int h = c->moves[i].host;
        if (idx[h] >= 0)
            return sim_err_set(err, SIM_EINVAL,
                               "window: expected exactly one move per host (%s moves twice)",
                               c->hosts[h].name);
        idx[h] = i;
    }
    if (idx[0] < 0 || idx[1] < 0)
        return sim_err_set(err, SIM_EINVAL, "window: expected one move for each host");
    if (c->mobility[0].enabled || c->mobility[1].enabled)
        return sim_err_set(err, SIM_EINVAL,
                           "window: expected scripted moves, not a mobility process");
    if (c->initial_cold)
        return sim_err_set(err, SIM_EINVAL, "window: expected initial \"route-optimized\"");
    if (c->loss > 0)
        return sim_err_set(err, SIM_EINVAL,
                           "window: expected loss 0 (a window is a property of the timing)");
    if (!is_const(&c->access_default) || !is_const(&c->core_default) || !is_const(&c->l2) ||
        !is_const(&c->movement_detection) || !is_const(&c->dad))
        return sim_err_set(err, SIM_EINVAL, "window: expected constant delays and handoff phases");
    for (int i = 0; i < c->n_nets; i++)
        if (c->nets[i].has_access && !is_const(&c->nets[i].access))
            return sim_err_set(err, SIM_EINVAL, "window: expected constant delays (network %s)",
                               c->nets[i].name);
    for (int i = 0; i < c->n_pairs; i++)
        if (!is_const(&c->pairs[i].delay))
            return sim_err_set(err, SIM_EINVAL, "window: expected constant core delays");
    for (int h = 0; h < 2; h++)
        if (c->moves[idx[h]].to == c->hosts[h].start)
            return sim_err_set(err, SIM_EINVAL, "window: %s must move to another network",
                               c->hosts[h].name);
    *a_move = idx[0];
    *b_move = idx[1];
    return 0;
}

/* ------------------------------------------------------- relative times */

enum { T_A = 0, T_B = 1, T_ABS = 2 };

/* A time relative to a host's move: base(h) + off. */
typedef struct rt {
    int h; /* T_A, T_B or T_ABS (time 0) */
    sim_time_t off;
} rt_t;

/* An event: its time and the times of the events that scheduled it, newest
 * first. At equal times the event queue fires the event scheduled first,
 * i.e. the one whose chain of causes is earlier (compared lexicographically),
 * so this chain settles every tie the way the simulator does. */
#define EV_DEPTH 12
typedef struct ev {
    rt_t t[EV_DEPTH]; /* t[0]: when it fires; t[k]: its k-th cause */
    int n;
    int order; /* last resort for identical chains: the move's index */
} ev_t;

typedef struct ctx {
    const mob_config_t *c;
    sim_time_t t_a, delta;
    int old_net[2], new_net[2], home[2], move_idx[2];
    sim_time_t hand[2]; /* L2 + movement detection + DAD */
    bool record;        /* collect critical offsets */
    sim_time_t *crit;
    size_t n_crit, cap_crit;
} ctx_t;

static sim_time_t val(const ctx_t *x, rt_t t)
{
    return t.off + (t.h == T_A ? x->t_a : t.h == T_B ? x->t_a + x->delta : 0);
}

static void note_crit(ctx_t *x, rt_t a, rt_t b)
{
    /* a == b  <=>  Δ = value where they meet (only when exactly one is T_B) */
    if ((a.h == T_B) == (b.h == T_B) || !x->record)
        return;
    if (a.h != T_B) {
        rt_t t = a;
        a = b;
        b = t;
    }
    sim_time_t base_b = b.h == T_A ? x->t_a : 0;
    sim_time_t d = base_b + b.off - x->t_a - a.off;
    if (x->n_crit == x->cap_crit) {
        size_t cap = x->cap_crit ? 2 * x->cap_crit : 64;
        sim_time_t *p = realloc(x->crit, cap * sizeof(*p));
        if (!p)
            return;
        x->crit = p;
        x->cap_crit = cap;
    }
    x->crit[x->n_crit++] = d;
}

/* <0 when a fires before b, >0 after; never 0 for distinct events */
static int ev_cmp(ctx_t *x, const ev_t *a, const ev_t *b)
{
    int n = a->n < b->n ? a->n : b->n;
    for (int k = 0; k < n; k++) {
        note_crit(x, a->t[k], b->t[k]);
        sim_time_t va = val(x, a->t[k]), vb = val(x, b->t[k]);
        if (va != vb)
            return va < vb ? -1 : 1;
    }
    if (a->order != b->order)
        return a->order < b->order ? -1 : 1;
    return a->n - b->n;
}

static bool before(ctx_t *x, const ev_t *a, const ev_t *b)
{
    return ev_cmp(x, a, b) < 0;
}

/* a new event `d` after `cause`, scheduled by it */
static ev_t after(const ev_t *cause, sim_time_t d)
{
    ev_t e;
    e.t[0] = cause->t[0];
    e.t[0].off += d;
    int n = cause->n < EV_DEPTH - 1 ? cause->n : EV_DEPTH - 1;
    memcpy(&e.t[1], cause->t, (size_t)n * sizeof(rt_t));
    e.n = n + 1;
    e.order = cause->order;
    return e;
}

/* the later of two events (the one that fires second) */
static ev_t later(ctx_t *x, const ev_t *a, const ev_t *b)
{
    return before(x, a, b) ? *b : *a;
}

static sim_time_t D(const ctx_t *x, int a, int b)
{
    const mob_config_t *c = x->c;
    sim_time_t acc_a = c->nets[a].has_access ? c->nets[a].access.a : c->access_default.a;
    sim_time_t acc_b = c->nets[b].has_access ? c->nets[b].access.a : c->access_default.a;
    sim_time_t core = 0;
    if (a != b) {
        core = c->core_default.a;
        for (int i = 0; i < c->n_pairs; i++)
            if ((c->pairs[i].a == a && c->pairs[i].b == b) ||
                (c->pairs[i].a == b && c->pairs[i].b == a))
                core = c->pairs[i].delay.a;
    }
    return acc_a + core + acc_b;
}

static void ctx_init(ctx_t *x, const mob_config_t *c, int am, int bm, sim_time_t delta)
{
    memset(x, 0, sizeof(*x));
    x->c = c;
    x->t_a = c->moves[am].at;
    x->delta = delta;
    int mv[2] = {am, bm};
    for (int h = 0; h < 2; h++) {
        x->old_net[h] = c->hosts[h].start;
        x->new_net[h] = c->moves[mv[h]].to;
        x->home[h] = c->hosts[h].home;
        x->move_idx[h] = mv[h];
        x->hand[h] = c->l2.a + c->movement_detection.a + c->dad.a;
    }
}

/* host h's L2 detach: scheduled at the start of the run, in moves order */
static ev_t detach(const ctx_t *x, int h)
{
    ev_t e = {.t = {{h, 0}, {T_ABS, 0}}, .n = 2, .order = x->move_idx[h]};
    return e;
}

/* the CoA becomes usable: detach -> L2 attach -> movement detected -> DAD */
static ev_t coa_ready(const ctx_t *x, int h)
{
    ev_t e = detach(x, h);
    e = after(&e, x->c->l2.a);
    e = after(&e, x->c->movement_detection.a);
    return after(&e, x->c->dad.a);
}

static ev_t home_bu_at_ha(const ctx_t *x, int h)
{
    ev_t c = coa_ready(x, h);
    return after(&c, D(x, x->new_net[h], x->home[h]));
}

static ev_t home_ba_back(const ctx_t *x, int h)
{
    ev_t a = home_bu_at_ha(x, h);
    return after(&a, D(x, x->home[h], x->new_net[h]));
}

static ev_t rr_start(const ctx_t *x, int h)
{
    return x->c->rr_after_home_ba ? home_ba_back(x, h) : coa_ready(x, h);
}

/* Expedited RR re-uses the home token of t = 0 while it is < 210 s old. */
static bool reuse_home_token(ctx_t *x, int h)
{
    if (!x->c->rr_expedited)
        return false;
    ev_t s = rr_start(x, h);
    note_crit(x, s.t[0], (rt_t){T_ABS, SIM_S(210)});
    return val(x, s.t[0]) < SIM_S(210);
}

/* the event in which the BU leaves: tokens in hand (and the home BA) */
static ev_t bu_leaves(ctx_t *x, int m, const ev_t *tokens)
{
    if (!x->c->cn_bu_after_home_ba)
        return *tokens;
    ev_t ba = home_ba_back(x, m);
    return later(x, tokens, &ba);
}

/* ---------------------------------------------- binding-cache routing */

/* When the BU of mover m reaches the peer's old CoA (paper model: HoTI,
 * CoTI and BU follow the binding cache, still the peer's old CoA). */
static ev_t bc_bu_arrival(ctx_t *x, int m)
{
    int p = 1 - m, X1 = x->new_net[m], HX = x->home[m], Y0 = x->old_net[p];
    ev_t s = rr_start(x, m);
    ev_t coti = after(&s, D(x, X1, Y0));
    ev_t tok = after(&coti, D(x, Y0, X1));
    if (!reuse_home_token(x, m)) {
        ev_t e = after(&s, D(x, X1, HX));
        e = after(&e, D(x, HX, Y0));
        e = after(&e, D(x, Y0, HX));
        e = after(&e, D(x, HX, X1));
        tok = later(x, &tok, &e);
    }
    ev_t bu = bu_leaves(x, m, &tok);
    return after(&bu, D(x, X1, Y0));
}

static bool bc_vulnerable(ctx_t *x)
{
    /* the first mover's registration completes iff its BU reaches the peer
     * before the peer's detach; then the second mover's messages go to the
     * first mover's new CoA. Otherwise both lose messages. */
    ev_t da = detach(x, T_A), db = detach(x, T_B);
    int first = before(x, &da, &db) ? T_A : T_B;
    ev_t arr = bc_bu_arrival(x, first);
    ev_t d2 = first == T_A ? db : da;
    return before(x, &d2, &arr);
}

/* -------------------------------------------------- RFC 6275 routing */

typedef struct hop {
    bool lost;
    ev_t at; /* arrival at the peer */
    int loc; /* network where the peer got it */
} hop_t;

/* A message for peer p's home address reaches p's HA (event a): tunneled
 * to the CoA registered at that instant. */
static hop_t via_home(ctx_t *x, int p, const ev_t *a)
{
    int HY = x->home[p], Y0 = x->old_net[p], Y1 = x->new_net[p];
    ev_t reg = home_bu_at_ha(x, p), d = detach(x, p);
    hop_t r;
    if (before(x, a, &reg)) {
        r.at = after(a, D(x, HY, Y0));
        r.loc = Y0;
        r.lost = before(x, &d, &r.at);
    } else {
        r.at = after(a, D(x, HY, Y1));
        r.loc = Y1;
        r.lost = false;
    }
    return r;
}

/* Peer p answers a request it got through its HA: from its home address,
 * through its reverse tunnel from `loc`. false when the HA refuses it (that
 * CoA is no longer registered when it arrives). */
static bool reverse_ok(ctx_t *x, int p, int loc, const ev_t *sent, ev_t *at_ha)
{
    *at_ha = after(sent, D(x, loc, x->home[p]));
    if (loc == x->new_net[p])
        return true;
    ev_t reg = home_bu_at_ha(x, p);
    return before(x, at_ha, &reg);
}

static bool rfc_registration_loses(ctx_t *x, int m)
{
    int p = 1 - m, X1 = x->new_net[m], HX = x->home[m], HY = x->home[p];
    ev_t s = rr_start(x, m), at_ha;
    /* CoTI: X1 -> HY -> tunnel; CoT back through p's reverse tunnel, HY -> X1 */
    ev_t a = after(&s, D(x, X1, HY));
    hop_t co = via_home(x, p, &a);
    if (co.lost || !reverse_ok(x, p, co.loc, &co.at, &at_ha))
        return true;
    ev_t tok = after(&at_ha, D(x, HY, X1));
    if (!reuse_home_token(x, m)) {
        /* HoTI: reverse tunnel to HX, HX -> HY -> tunnel; HoT back through
         * p's reverse tunnel, HY -> HX -> tunnel to X1 */
        ev_t f = after(&s, D(x, X1, HX));
        a = after(&f, D(x, HX, HY));
        hop_t ho = via_home(x, p, &a);
        if (ho.lost || !reverse_ok(x, p, ho.loc, &ho.at, &at_ha))
            return true;
        ev_t e = after(&at_ha, D(x, HY, HX));
        e = after(&e, D(x, HX, X1));
        tok = later(x, &tok, &e);
    }
    ev_t bu = bu_leaves(x, m, &tok);
    a = after(&bu, D(x, X1, HY));
    hop_t b = via_home(x, p, &a);
    if (b.lost)
        return true;
    /* the BA goes back through p's reverse tunnel */
    return x->c->cn_bu_ack && !reverse_ok(x, p, b.loc, &b.at, &at_ha);
}

static bool evaluate(ctx_t *x)
{
    if (x->c->mh_routing == MOB_MH_BINDING_CACHE)
        return bc_vulnerable(x);
    bool a = rfc_registration_loses(x, T_A);
    bool b = rfc_registration_loses(x, T_B);
    return a || b;
}

const char *window_routing_label(const mob_config_t *cfg)
{
    /* the window is always the baseline's (window_simulate_at runs the
     * baseline); hoa-signaling sends HoTI, CoTI and BU to the peer's home
     * address (paper Fig. 6, RFC 6275 §6.1 routing), so its own signaling
     * does not follow the binding cache even when mh_routing does */
    if (cfg->scheme == MOB_SCHEME_HOA_SIGNALING)
        return cfg->mh_routing == MOB_MH_RFC6275
                   ? "RFC 6275 routing, as hoa-signaling's to the home address"
                   : "the baseline's, which follows the binding cache; hoa-signaling sends to the "
                     "home address";
    return cfg->mh_routing == MOB_MH_RFC6275 ? "RFC 6275 routing" : "binding-cache routing";
}

bool window_analytic_at(const mob_config_t *cfg, sim_time_t delta)
{
    int am, bm;
    if (window_check(cfg, &am, &bm, NULL) < 0)
        return false;
    ctx_t x;
    ctx_init(&x, cfg, am, bm, delta);
    return evaluate(&x);
}

/* ------------------------------------------------------- interval sets */

typedef bool probe_fn(void *ctx, sim_time_t delta, int *rc);

static int cmp_time(const void *a, const void *b)
{
    sim_time_t x = *(const sim_time_t *)a, y = *(const sim_time_t *)b;
    return (x > y) - (x < y);
}

static void add_interval(window_t *w, sim_time_t lo, sim_time_t hi)
{
    if (w->n < WINDOW_MAX_INTERVALS)
        w->iv[w->n++] = (window_interval_t){lo, hi};
}

/* Builds the intervals from probes sorted by Δ, bisecting between any two
 * neighbours that disagree and are more than 1 ns apart. */
static int intervals_from_probes(const sim_time_t *pts, size_t n, probe_fn *probe, void *pctx,
                                 window_t *w)
{
    int rc = 0;
    bool in = false;
    sim_time_t lo = 0;
    bool prev_v = false;
    for (size_t i = 0; i < n; i++) {
        bool v = probe(pctx, pts[i], &rc);
        if (rc < 0)
            return rc;
        if (i > 0 && v != prev_v) {
            /* last point with prev_v, first with v, between pts[i-1] and pts[i] */
            sim_time_t a = pts[i - 1], b = pts[i];
            while (b - a > 1) {
                sim_time_t mid = a + (b - a) / 2;
                bool mv = probe(pctx, mid, &rc);
                if (rc < 0)
                    return rc;
                if (mv == prev_v)
                    a = mid;
                else
                    b = mid;
            }
            if (v) {
                in = true;
                lo = b;
            } else if (in) {
                add_interval(w, lo, a);
                in = false;
            }
        } else if (i == 0 && v) {
            in = true;
            lo = pts[0];
        }
        prev_v = v;
    }
    if (in)
        add_interval(w, lo, pts[n - 1]);
    return 0;
}

typedef struct an_probe {
    const mob_config_t *c;
    int am, bm;
} an_probe_t;

static bool analytic_probe(void *vctx, sim_time_t delta, int *rc)
{
    (void)rc;
    an_probe_t *p = vctx;
    ctx_t x;
    ctx_init(&x, p->c, p->am, p->bm, delta);
    return evaluate(&x);
}

/* ------------------------------------------------------------- bounds */

/* Offset Δ = t_B - t_A that makes a message leave `from` net at ev time
 * `leave_off` after the mover's detach and reach the peer's old CoA after
 * `path` at the very instant of the peer's detach: for mover A, Δ = off;
 * for mover B, Δ = -off. */
static sim_time_t tight_delta(int mover, sim_time_t off)
{
    return mover == T_A ? off : -off;
}

static void keep_max(sim_time_t v, sim_time_t d, sim_time_t *best, sim_time_t *best_d)
{
    if (v > *best) {
        *best = v;
        *best_d = d;
    }
}

static void bounds(const mob_config_t *c, int am, int bm, window_t *w)
{
    ctx_t x;
    ctx_init(&x, c, am, bm, 0);
    w->t_b_min = w->t_h_min = w->t_p_min = w->fwd_buffer_min = -1;
    for (int m = 0; m < 2; m++) {
        int y = 1 - m, X1 = x.new_net[m], HX = x.home[m], HY = x.home[y], Y0 = x.old_net[y],
            Y1 = x.new_net[y];
        sim_time_t reg = x.hand[y] + D(&x, Y1, HY); /* detach -> new home BU at HY */
        /* hoa-signaling: the mover's CoTI goes X1 -> HY and is tunneled so
         * that it reaches Y0 at the detach; the copy must live until the new
         * home BU arrives, and its expiry (scheduled first) wins a tie */
        keep_max(D(&x, HY, Y0) + reg + 1, tight_delta(m, x.hand[m] + D(&x, X1, HY) + D(&x, HY, Y0)),
                 &w->t_b_min, &w->t_b_delta);
        /* proxies: HX forwards the relayed CoTI at f (reaching Y0 at the
         * detach) and asks HY (query at f + d(HX,HY)); HY must still watch
         * at the registration, HX must still hold the copy when the update
         * is back */
        sim_time_t d_px = tight_delta(m, x.hand[m] + D(&x, X1, HX) + D(&x, HX, Y0));
        sim_time_t tp = D(&x, HX, Y0) + reg - D(&x, HX, HY) + 1;
        keep_max(tp < 0 ? 0 : tp, d_px, &w->t_p_min, &w->t_p_delta);
        sim_time_t th = D(&x, HX, Y0) + reg + D(&x, HY, HX) + 1;
        sim_time_t th_answer = D(&x, HX, HY) + D(&x, HY, HX) + 1;
        keep_max(th > th_answer ? th : th_answer, d_px, &w->t_h_min, &w->t_h_delta);
        /* forwarding: the mover's CoTI reaches Y0's AR at the detach and
         * waits for the entry, installed from Y1 once the CoA is usable */
        keep_max(x.hand[y] + D(&x, Y1, Y0) + 1, tight_delta(m, x.hand[m] + D(&x, X1, Y0)),
                 &w->fwd_buffer_min, &w->fwd_buffer_delta);
    }
    if (c->mh_routing != MOB_MH_BINDING_CACHE) {
        /* proxies and forwarding act on messages that follow the binding
         * cache (the paper's model); under strict RFC 6275 routing their
         * bounds are not derived here */
        w->t_h_min = w->t_p_min = w->fwd_buffer_min = -1;
    }
    ev_t e = bc_bu_arrival(&x, T_A);
    w->w_a = val(&x, e.t[0]) - x.t_a;
    e = bc_bu_arrival(&x, T_B);
    w->w_b = val(&x, e.t[0]) - x.t_a; /* Δ = 0: t_B = t_A */
}

static sim_time_t delta_min(const mob_config_t *c, int am)
{
    return -c->moves[am].at; /* t_B must not be negative */
}

int window_analytic(const mob_config_t *cfg, window_t *out, sim_err_t *err)
{
    int am, bm;
    int rc = window_check(cfg, &am, &bm, err);
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    bounds(cfg, am, bm, out);
    /* collect critical offsets from a coarse pass, then probe each of them
     * and its neighbours: between two critical offsets nothing can change */
    ctx_t x;
    sim_time_t range = SIM_S(10), step = SIM_MS(1);
    sim_time_t lo = -range, hi = range;
    if (lo < delta_min(cfg, am))
        lo = delta_min(cfg, am);
    sim_time_t *crit = NULL;
    size_t n_crit = 0, cap_crit = 0;
    for (sim_time_t d = lo; d <= hi; d += step) {
        ctx_init(&x, cfg, am, bm, d);
        x.record = true;
        x.crit = crit;
        x.n_crit = n_crit;
        x.cap_crit = cap_crit;
        evaluate(&x);
        crit = x.crit;
        n_crit = x.n_crit;
        cap_crit = x.cap_crit;
        /* keep the list small: sort and unique every so often */
        if (n_crit > 4096) {
            qsort(crit, n_crit, sizeof(*crit), cmp_time);
            size_t k = 0;
            for (size_t i = 0; i < n_crit; i++)
                if (k == 0 || crit[i] != crit[k - 1])
                    crit[k++] = crit[i];
            n_crit = k;
        }
    }
    size_t n_pts = 0, cap = n_crit * 3 + 4;
    sim_time_t *pts = malloc(cap * sizeof(*pts));
    if (!pts) {
        free(crit);
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    pts[n_pts++] = lo;
    pts[n_pts++] = hi;
    for (size_t i = 0; i < n_crit; i++)
        for (int k = -1; k <= 1; k++) {
            sim_time_t d = crit[i] + k;
            if (d >= lo && d <= hi)
                pts[n_pts++] = d;
        }
    free(crit);
    qsort(pts, n_pts, sizeof(*pts), cmp_time);
    size_t k = 0;
    for (size_t i = 0; i < n_pts; i++)
        if (k == 0 || pts[i] != pts[k - 1])
            pts[k++] = pts[i];
    an_probe_t p = {cfg, am, bm};
    rc = intervals_from_probes(pts, k, analytic_probe, &p, out);
    free(pts);
    return rc;
}

/* ------------------------------------------------------------ search */

/* Prepares c (a copy of a checked scenario) for a signaling-only run at
 * offset delta: B's move at t_A + delta, no data, no ICMP, a horizon 10 s
 * after the later move. */
static void at_offset(mob_config_t *c, int am, int bm, sim_time_t delta)
{
    c->traffic_rate = 0; /* data never changes what signaling loses here */
    c->icmp_unreachable = false;
    c->moves[bm].at = c->moves[am].at + delta;
    sim_time_t last = c->moves[am].at > c->moves[bm].at ? c->moves[am].at : c->moves[bm].at;
    c->horizon = last + SIM_S(10);
}

static int copy_metrics(void *ctx, mob_world_t *w, sim_err_t *err)
{
    (void)err;
    *(mob_metrics_t *)ctx = *mob_world_metrics(w);
    return 0;
}

/* Runs c to its horizon and copies out the metrics. */
static int run_metrics(const mob_config_t *c, mob_metrics_t *out, sim_err_t *err)
{
    episode_hooks_t h = {.finish = copy_metrics, .ctx = out};
    return episode_run(c, (sim_stream_id_t){c->seed, 0, 0}, &h, err);
}

int window_simulate_at(const mob_config_t *cfg, sim_time_t delta, bool *vulnerable, sim_err_t *err)
{
    int am, bm;
    int rc = window_check(cfg, &am, &bm, err);
    if (rc < 0)
        return rc;
    mob_config_t *c = malloc(sizeof(*c));
    mob_metrics_t *m = malloc(sizeof(*m));
    if (!c || !m) {
        free(c);
        free(m);
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    if (mob_config_copy(c, cfg) < 0) {
        free(c);
        free(m);
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    c->scheme = MOB_SCHEME_BASELINE;
    at_offset(c, am, bm, delta);
    rc = run_metrics(c, m, err);
    if (rc == 0)
        *vulnerable = m->sig_lost > 0;
    free(m);
    mob_config_free(c);
    free(c);
    return rc;
}

typedef struct sim_probe {
    const mob_config_t *c;
    sim_err_t *err;
    uint64_t runs, total;
    window_progress_fn *progress;
    void *pctx;
} sim_probe_t;

static bool simulate_probe(void *vctx, sim_time_t delta, int *rc)
{
    sim_probe_t *p = vctx;
    bool v = false;
    *rc = window_simulate_at(p->c, delta, &v, p->err);
    p->runs++;
    if (p->progress && (p->runs % 64 == 0))
        p->progress(p->pctx, p->runs, p->total);
    return v;
}

int window_search(const mob_config_t *cfg, sim_time_t range, sim_time_t step, window_t *out,
                  window_progress_fn *progress, void *pctx, sim_err_t *err)
{
    int am, bm;
    int rc = window_check(cfg, &am, &bm, err);
    if (rc < 0)
        return rc;
    if (range <= 0 || step <= 0)
        return sim_err_set(err, SIM_EINVAL, "window: expected a positive range and step");
    memset(out, 0, sizeof(*out));
    sim_time_t lo = -range, hi = range;
    if (lo < delta_min(cfg, am))
        lo = delta_min(cfg, am);
    size_t n = (size_t)((hi - lo) / step) + 2;
    sim_time_t *pts = malloc(n * sizeof(*pts));
    if (!pts)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    size_t k = 0;
    for (sim_time_t d = lo; d < hi && k < n - 1; d += step)
        pts[k++] = d;
    pts[k++] = hi;
    sim_probe_t p = {cfg, err, 0, k, progress, pctx};
    rc = intervals_from_probes(pts, k, simulate_probe, &p, out);
    out->runs = p.runs;
    free(pts);
    return rc;
}

/* ------------------------------------------------- scheme thresholds */

typedef struct thr {
    const mob_config_t *base;
    window_timer_t timer;
    sim_time_t delta;
    int am, bm;
} thr_t;

static int scheme_saves(const thr_t *t, sim_time_t value, bool *saves, sim_err_t *err)
{
    mob_config_t *c = malloc(sizeof(*c));
    mob_metrics_t *m = malloc(sizeof(*m));
    if (!c || !m) {
        free(c);
        free(m);
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    *c = *t->base;
    at_offset(c, t->am, t->bm, t->delta);
    for (int i = 0; i < c->n_nets; i++)
        c->nets[i].deploy = true;
    switch (t->timer) {
    case WINDOW_T_B:
        c->scheme = MOB_SCHEME_HOA_SIGNALING;
        c->T_b = value;
        break;
    case WINDOW_T_H:
        c->scheme = MOB_SCHEME_PROXIES;
        c->T_h = value;
        c->T_p = SIM_S(100);
        break;
    case WINDOW_T_P:
        c->scheme = MOB_SCHEME_PROXIES;
        c->T_p = value;
        c->T_h = SIM_S(100);
        break;
    case WINDOW_FWD_BUFFER:
        c->scheme = MOB_SCHEME_FORWARDING;
        c->fwd_buffer = value;
        c->fwd_lifetime = SIM_S(100);
        break;
    }
    int rc = run_metrics(c, m, err);
    if (rc == 0)
        *saves = t->timer == WINDOW_FWD_BUFFER
                     ? m->sig_lost == 0
                     : m->sig_lost > 0 && m->sig_reforwarded >= m->sig_lost;
    free(m);
    free(c);
    return rc;
}

int window_timer_threshold(const mob_config_t *cfg, window_timer_t timer, sim_time_t *threshold,
                           sim_time_t *delta, sim_err_t *err)
{
    window_t w;
    int rc = window_analytic(cfg, &w, err);
    if (rc < 0)
        return rc;
    if (timer != WINDOW_T_B && cfg->mh_routing != MOB_MH_BINDING_CACHE)
        return sim_err_set(
            err, SIM_EINVAL,
            "window: T_h, T_p and fwd_buffer bounds assume mh_routing \"binding-cache\"");
    thr_t t = {.base = cfg, .timer = timer};
    window_check(cfg, &t.am, &t.bm, NULL);
    t.delta = timer == WINDOW_T_B   ? w.t_b_delta
              : timer == WINDOW_T_H ? w.t_h_delta
              : timer == WINDOW_T_P ? w.t_p_delta
                                    : w.fwd_buffer_delta;
    *delta = t.delta;
    sim_time_t lo = 0, hi = SIM_S(10); /* saves(hi) must hold, saves(lo) must not */
    bool ok;
    if ((rc = scheme_saves(&t, hi, &ok, err)) < 0)
        return rc;
    if (!ok)
        return sim_err_set(err, SIM_EINVAL,
                           "window: the scheme does not save the message even with a 10 s timer");
    if ((rc = scheme_saves(&t, lo, &ok, err)) < 0)
        return rc;
    if (ok) {
        *threshold = 0;
        return 0;
    }
    while (hi - lo > 1) {
        sim_time_t mid = lo + (hi - lo) / 2;
        if ((rc = scheme_saves(&t, mid, &ok, err)) < 0)
            return rc;
        if (ok)
            hi = mid;
        else
            lo = mid;
    }
    *threshold = hi;
    return 0;
}
