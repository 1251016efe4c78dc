/* models/mobility.c - how hosts move: scripted moves (cfg.moves), the
 * mobility processes of cfg.mobility (Poisson or any dwell-time
 * distribution) and the phases of one handoff (L2 detach, attach, movement
 * detection, CoA usable), which hand over to the MN role (mn.c). */
#include "models/mobility.h"

#include "models/handoff.h"
#include "models/host.h"
#include "models/mn.h"
#include "models/net.h"
#include "models/packet.h"

#include <assert.h>
#include <gsl/gsl_randist.h>
#include <stdlib.h>

enum handoff_phase {
    MOB_PHASE_DETACH = 0, /* L2 link breaks */
    MOB_PHASE_ATTACH,     /* L2 up on the new network */
    MOB_PHASE_MOVEMENT,   /* router advertisement seen: movement detected */
    MOB_PHASE_COA_READY,  /* address configured (after DAD): home BU leaves */
};

static const char *const phase_names[] = {"L2 detach", "L2 attach", "movement detected",
                                          "CoA usable"};

/* ---------------------------------------------------------------- handoff */

static void handoff_note(mob_world_t *w, struct mob_mn *h, int phase)
{
    mob_trace_note(w, SIM_TR_HANDOFF, h->index, -1, phase, phase_names[phase]);
}

static void phase_event(sim_t *sim, void *ctx, void *arg);

static void next_phase(mob_world_t *w, struct mob_mn *h, const mob_delay_t *d, int phase)
{
    sim_time_t t = mob_draw_delay(w, d, w->rng_handoff);
    if (sim_after(w->sim, t, phase_event, w, h, &h->phase) < 0)
        w->oom = 1;
    h->next_phase = phase;
}

static void phase_event(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    int phase = h->next_phase;
    h->phase = SIM_HANDLE_NONE;
    handoff_note(w, h, phase);
    switch (phase) {
    case MOB_PHASE_ATTACH:
        h->net = h->moving_to;
        next_phase(w, h, &w->cfg.movement_detection, MOB_PHASE_MOVEMENT);
        break;
    case MOB_PHASE_MOVEMENT:
        next_phase(w, h, &w->cfg.dad, MOB_PHASE_COA_READY);
        break;
    case MOB_PHASE_COA_READY:
        mob_mn_coa_ready(w, h);
        break;
    default:
        break;
    }
}

void mob_start_handoff(mob_world_t *w, struct mob_mn *h, int to)
{
    mob_handoff_detach(w, h, to);  /* the handoff log (handoff.h): before the detach */
    sim_cancel(w->sim, &h->phase); /* a move during a handoff replaces it */
    mob_mn_detached(w, h);
    handoff_note(w, h, MOB_PHASE_DETACH);
    h->moving_to = to;
    next_phase(w, h, &w->cfg.l2, MOB_PHASE_ATTACH);
}

static void scripted_move(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    const mob_move_t *mv = arg;
    mob_start_handoff(w, &w->hosts[mv->host], mv->to);
}

/* ---------------------------------------------------------- processes */

/* The state of one mobility process: a host's (w->procs[i] for host i) or
 * a vehicle's (w->procs[n_hosts + g]). A member of a vehicle has no process
 * of its own; its entry holds its pending jittered handoff. */
struct mob_proc {
    const mob_mobility_t *mo; /* NULL: no process */
    gsl_rng *rng;             /* its stream (mob_mobility_stream) */
    int host;                 /* host index, or -1: a vehicle */
    int group;                /* vehicle index, or -1: a host */
    int net;                  /* a vehicle: its current network */
    /* where the current network stands in mo->nets: pos_net's first (or
     * last moved-to) position pos, -1 when not in the list; pos_net -2:
     * not known yet */
    int pos, pos_net;
    bool distinct;          /* mo->nets has no network twice */
    sim_handle_t next_move; /* the process' next move */
    sim_handle_t jitter;    /* a member: its handoff after the vehicle's move */
    int jitter_to;          /* ... to this network */
};

uint64_t mob_mobility_stream(int host)
{
    return MOB_RNG_HOST_MOBILITY + (uint64_t)host;
}

uint64_t mob_vehicle_stream(int group)
{
    return MOB_RNG_VEHICLE + (uint64_t)group;
}

int mob_mobility_init(mob_world_t *w)
{
    const mob_config_t *c = &w->cfg;
    int n_procs = c->n_hosts + c->n_groups;
    w->procs = calloc((size_t)(n_procs > 0 ? n_procs : 1), sizeof(*w->procs));
    w->adj_off = calloc((size_t)c->n_nets + 1, sizeof(*w->adj_off));
    w->adj = malloc(sizeof(*w->adj) * (size_t)(2 * c->n_edges > 0 ? 2 * c->n_edges : 1));
    w->member_off = calloc((size_t)c->n_groups + 1, sizeof(*w->member_off));
    w->members = malloc(sizeof(*w->members) * (size_t)(c->n_hosts > 0 ? c->n_hosts : 1));
    unsigned char *seen = calloc((size_t)(c->n_nets > 0 ? c->n_nets : 1), 1);
    if (!w->procs || !w->adj_off || !w->adj || !w->member_off || !w->members || !seen) {
        free(seen);
        return -1;
    }
    /* the cell graph in CSR form, each edge both ways, in edge order */
    for (int e = 0; e < c->n_edges; e++) {
        w->adj_off[c->edges[e].a + 1]++;
        w->adj_off[c->edges[e].b + 1]++;
    }
    for (int n = 0; n < c->n_nets; n++)
        w->adj_off[n + 1] += w->adj_off[n];
    {
        int *cur = calloc((size_t)(c->n_nets > 0 ? c->n_nets : 1), sizeof(int));
        if (!cur) {
            free(seen);
            return -1;
        }
        for (int e = 0; e < c->n_edges; e++) {
            int a = c->edges[e].a, b = c->edges[e].b;
            w->adj[w->adj_off[a] + cur[a]++] = b;
            w->adj[w->adj_off[b] + cur[b]++] = a;
        }
        free(cur);
    }
    /* the members of each vehicle, in host order */
    for (int i = 0; i < c->n_hosts; i++)
        if (c->mobility[i].grouped)
            w->member_off[c->mobility[i].group + 1]++;
    for (int g = 0; g < c->n_groups; g++)
        w->member_off[g + 1] += w->member_off[g];
    int *next_slot = calloc((size_t)(c->n_groups > 0 ? c->n_groups : 1), sizeof(int));
    if (!next_slot) {
        free(seen);
        return -1;
    }
    for (int i = 0; i < c->n_hosts; i++)
        if (c->mobility[i].grouped) {
            int g = c->mobility[i].group;
            w->members[w->member_off[g] + next_slot[g]++] = i;
        }
    free(next_slot);
    /* the processes and their streams */
    for (int k = 0; k < n_procs; k++) {
        struct mob_proc *p = &w->procs[k];
        bool vehicle = k >= c->n_hosts;
        const mob_mobility_t *mo = vehicle ? &c->groups[k - c->n_hosts].mobility : &c->mobility[k];
        p->host = vehicle ? -1 : k;
        p->group = vehicle ? k - c->n_hosts : -1;
        p->net = vehicle ? c->groups[p->group].start : -1;
        p->pos = -1;
        p->pos_net = -2;
        p->next_move = p->jitter = SIM_HANDLE_NONE;
        p->jitter_to = -1;
        bool member = !vehicle && mo->grouped;
        if (!mo->enabled && !member)
            continue;
        p->rng = sim_rng(w->sim, vehicle ? mob_vehicle_stream(p->group) : mob_mobility_stream(k));
        if (!p->rng) {
            free(seen);
            return -1;
        }
        if (member || !mo->enabled)
            continue;
        p->mo = mo;
        p->distinct = true;
        for (int i = 0; i < mo->n_nets; i++) {
            if (seen[mo->nets[i]])
                p->distinct = false;
            seen[mo->nets[i]] = 1;
        }
        for (int i = 0; i < mo->n_nets; i++)
            seen[mo->nets[i]] = 0;
    }
    free(seen);
    return 0;
}

void mob_mobility_fini(mob_world_t *w)
{
    free(w->procs);
    free(w->adj_off);
    free(w->adj);
    free(w->member_off);
    free(w->members);
    w->procs = NULL;
    w->adj_off = w->adj = w->member_off = w->members = NULL;
}

int mob_vehicle_net(const mob_world_t *w, int group)
{
    if (group < 0 || group >= w->cfg.n_groups || !w->procs)
        return -1;
    return w->procs[w->cfg.n_hosts + group].net;
}

/* The network the process is on: a host's (the one it is on, or moving
 * to), a vehicle's. */
static int proc_net(const mob_world_t *w, const struct mob_proc *p)
{
    if (p->host < 0)
        return p->net;
    const struct mob_mn *h = &w->hosts[p->host];
    return h->attached ? h->net : h->moving_to;
}

/* The position of network cur in the process' list (-1: not in it): known
 * after the process' own moves, a scan after a move it did not make
 * (scripted, or the first). Amortized O(1). */
static int position(struct mob_proc *p, int cur)
{
    if (cur != p->pos_net) {
        p->pos_net = cur;
        p->pos = -1;
        for (int i = 0; i < p->mo->n_nets; i++)
            if (p->mo->nets[i] == cur) {
                p->pos = i;
                break;
            }
    }
    return p->pos;
}

static int moved_to(struct mob_proc *p, int idx)
{
    p->pos = idx;
    p->pos_net = p->mo->nets[idx];
    return p->pos_net;
}

/* The network of the process' next move from cur, or -1: none (no other
 * network in the list, no neighbour in the graph, the next entry of the
 * sequence is cur itself). Draws from the process' stream as it always
 * did: uniform_int(n') over the n' entries other than cur, the k-th of
 * them. O(1) (O(n) over a list with a network twice), a walk O(1) besides
 * the CSR row. */
static int pick_next(mob_world_t *w, struct mob_proc *p, int cur)
{
    const mob_mobility_t *mo = p->mo;
    switch (mo->next) {
    case MOB_NEXT_WALK: {
        if (cur < 0 || cur >= w->cfg.n_nets)
            return -1;
        int lo = w->adj_off[cur], deg = w->adj_off[cur + 1] - lo;
        if (deg <= 0)
            return -1;
        return w->adj[lo + (int)gsl_rng_uniform_int(p->rng, (unsigned long)deg)];
    }
    case MOB_NEXT_SEQUENCE: {
        if (mo->n_nets <= 0)
            return -1;
        int pos = position(p, cur);
        int idx = pos < 0 ? 0 : (pos + 1) % mo->n_nets;
        int to = moved_to(p, idx);
        return to == cur ? -1 : to;
    }
    case MOB_NEXT_UNIFORM:
    default:
        break;
    }
    if (!p->distinct) { /* the scan over a list with a network twice */
        int n = 0;
        for (int i = 0; i < mo->n_nets; i++)
            n += mo->nets[i] != cur;
        if (n <= 0)
            return -1;
        int k = (int)gsl_rng_uniform_int(p->rng, (unsigned long)n);
        for (int i = 0; i < mo->n_nets; i++)
            if (mo->nets[i] != cur && k-- == 0)
                return moved_to(p, i);
        return -1;
    }
    int pos = position(p, cur);
    int n = mo->n_nets - (pos >= 0);
    if (n <= 0)
        return -1;
    int k = (int)gsl_rng_uniform_int(p->rng, (unsigned long)n);
    return moved_to(p, pos >= 0 && k >= pos ? k + 1 : k);
}

static void process_move(sim_t *sim, void *ctx, void *arg);

/* The next move one dwell from now (drawn from the process' stream), or
 * none when that is past the horizon. */
static void schedule_next(mob_world_t *w, struct mob_proc *p)
{
    const mob_mobility_t *mo = p->mo;
    sim_time_t dwell;
    if (mo->has_dwell) {
        dwell = mob_draw_delay(w, &mo->dwell, p->rng);
    } else {
        double s = gsl_ran_exponential(p->rng, 1.0 / mo->rate);
        if (!(s * 1e9 <= (double)(w->cfg.horizon - sim_now(w->sim))))
            return; /* past the horizon (or not a number): never */
        dwell = (sim_time_t)(s * 1e9);
    }
    /* a draw of 0 ns would move the host again at the same instant, and
     * again: the renewal process advances time by at least 1 ns per move */
    if (dwell < 1)
        dwell = 1;
    if (dwell > w->cfg.horizon - sim_now(w->sim))
        return;
    assert(dwell >= 1 && sim_now(w->sim) + dwell <= w->cfg.horizon);
    if (sim_after(w->sim, dwell, process_move, w, p, &p->next_move) < 0)
        w->oom = 1;
}

static void member_handoff(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_proc *m = arg;
    m->jitter = SIM_HANDLE_NONE;
    mob_start_handoff(w, &w->hosts[m->host], m->jitter_to);
}

/* The vehicle is on `to` from now; each member detaches after its own
 * jitter, drawn from the member's stream (mob_mobility_stream: a member has
 * no process of its own), so the vehicle's route does not depend on who
 * rides it and a member's jitters not on the other members. A member
 * whose previous jittered handoff is still pending has it replaced. */
static void vehicle_moved(mob_world_t *w, struct mob_proc *v, int to)
{
    const mob_group_t *g = &w->cfg.groups[v->group];
    v->net = to;
    for (int k = w->member_off[v->group]; k < w->member_off[v->group + 1]; k++) {
        struct mob_proc *m = &w->procs[w->members[k]];
        sim_time_t j = mob_draw_delay(w, &g->jitter, m->rng);
        if (j < 0)
            j = 0;
        sim_cancel(w->sim, &m->jitter);
        m->jitter_to = to;
        if (sim_after(w->sim, j, member_handoff, w, m, &m->jitter) < 0)
            w->oom = 1;
    }
}

static void process_move(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_proc *p = arg;
    p->next_move = SIM_HANDLE_NONE;
    int to = pick_next(w, p, proc_net(w, p));
    if (to >= 0) {
        if (p->host >= 0)
            mob_start_handoff(w, &w->hosts[p->host], to);
        else
            vehicle_moved(w, p, to);
    }
    schedule_next(w, p);
}

/* The first move: at `first` when given (never when past the horizon),
 * else one dwell after 0. */
static void schedule_first(mob_world_t *w, struct mob_proc *p)
{
    if (!p->mo->has_first) {
        schedule_next(w, p);
        return;
    }
    if (p->mo->first > w->cfg.horizon)
        return;
    if (sim_at(w->sim, p->mo->first, process_move, w, p, &p->next_move) < 0)
        w->oom = 1;
}

void mob_mobility_start(mob_world_t *w)
{
    const mob_config_t *c = &w->cfg;
    for (int i = 0; i < c->n_moves; i++)
        if (c->moves[i].at <= c->horizon &&
            sim_at(w->sim, c->moves[i].at, scripted_move, w, (void *)&c->moves[i], NULL) < 0)
            w->oom = 1;
    for (int k = 0; k < c->n_hosts + c->n_groups; k++)
        if (w->procs[k].mo)
            schedule_first(w, &w->procs[k]);
}
