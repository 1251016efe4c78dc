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

static void poisson_move(sim_t *sim, void *ctx, void *arg);

static void schedule_poisson(mob_world_t *w, struct mob_mn *h)
{
    const mob_mobility_t *mo = &w->cfg.mobility[h->index];
    gsl_rng *r = sim_rng(w->sim, MOB_RNG_MOBILITY + (uint64_t)h->index);
    if (!r) {
        w->oom = 1;
        return;
    }
    sim_time_t dwell;
    if (mo->has_dwell) {
        dwell = mob_draw_delay(w, &mo->dwell, r);
    } else {
        double s = gsl_ran_exponential(r, 1.0 / mo->rate);
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
    if (sim_after(w->sim, dwell, poisson_move, w, h, &h->next_move) < 0)
        w->oom = 1;
}

static void poisson_move(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    const mob_mobility_t *mo = &w->cfg.mobility[h->index];
    gsl_rng *r = sim_rng(w->sim, MOB_RNG_MOBILITY + (uint64_t)h->index);
    int cur = h->attached ? h->net : h->moving_to;
    /* uniform over the list without the current network: draw among n - 1
     * (or n) and skip it; the same draws as picking from a filtered copy */
    int n = 0;
    for (int i = 0; i < mo->n_nets; i++)
        n += mo->nets[i] != cur;
    if (n > 0 && r) {
        int k = (int)gsl_rng_uniform_int(r, (unsigned long)n);
        for (int i = 0; i < mo->n_nets; i++)
            if (mo->nets[i] != cur && k-- == 0) {
                mob_start_handoff(w, h, mo->nets[i]);
                break;
            }
    }
    schedule_poisson(w, h);
}

void mob_mobility_start(mob_world_t *w)
{
    const mob_config_t *c = &w->cfg;
    for (int i = 0; i < c->n_moves; i++)
        if (c->moves[i].at <= c->horizon &&
            sim_at(w->sim, c->moves[i].at, scripted_move, w, (void *)&c->moves[i], NULL) < 0)
            w->oom = 1;
    for (int i = 0; i < c->n_hosts; i++)
        if (c->mobility[i].enabled)
            schedule_poisson(w, &w->hosts[i]);
}
