/* analysis/window.h - the vulnerability window of baseline MIPv6 route
 * optimization under simultaneous mobility, by derivation and by search.
 *
 * A scenario with one move per host (A from A0 to A1 at t_A, B from B0 to
 * B1 at t_B) is vulnerable at offset Δ = t_B - t_A when some control
 * message (HoTI, CoTI, HoT, CoT, BU, BA) of the two hosts' correspondent
 * registrations is lost. window_analytic() derives the set of such Δ from
 * the scenario's constant delays, handoff phases and protocol switches
 * (docs/theory.md gives the derivation); window_search() finds it by
 * simulating the baseline at chosen offsets and bisecting every transition
 * to 1 ns (event resolution). For constant delays the two agree exactly.
 *
 * Both also give the smallest scheme timers that cover the window:
 * T_b (hoa-signaling), T_h and T_p (proxies), fwd_buffer (forwarding).
 */
#ifndef MOBSIM_ANALYSIS_WINDOW_H
#define MOBSIM_ANALYSIS_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include "models/config.h"
#include "sim/err.h"

#define WINDOW_MAX_INTERVALS 32

typedef struct window_interval {
    sim_time_t lo, hi; /* closed: every Δ in [lo, hi] is vulnerable */
} window_interval_t;

typedef struct window {
    int n;
    window_interval_t iv[WINDOW_MAX_INTERVALS];
    /* analytic only: the extents of the binding-cache window and the timer
     * bounds (smallest values that cover the window; -1 where not derived:
     * T_h, T_p and fwd_buffer under mh_routing "rfc6275") */
    sim_time_t w_a, w_b;
    sim_time_t t_b_min, t_h_min, t_p_min, fwd_buffer_min;
    /* the offsets where each bound is tight (a message reaches the peer's
     * old CoA at the very instant of its detach) */
    sim_time_t t_b_delta, t_h_delta, t_p_delta, fwd_buffer_delta;
    uint64_t runs; /* search only: episodes simulated */
} window_t;

/* Checks that the scenario can be analysed: two hosts, exactly one move
 * each (to another foreign network), constant delays and handoff phases,
 * no loss. Fills *a_move, *b_move with the indices into cfg->moves. */
int window_check(const mob_config_t *cfg, int *a_move, int *b_move, sim_err_t *err);

/* The derived window and bounds for cfg's baseline. */
int window_analytic(const mob_config_t *cfg, window_t *out, sim_err_t *err);

/* What the window of cfg is, for the header of `mobsim window` (static
 * text): the baseline's window under cfg's mh_routing, said so when cfg's
 * scheme routes its signaling otherwise (hoa-signaling: to the home
 * address, whatever mh_routing says). */
const char *window_routing_label(const mob_config_t *cfg);

/* Is offset delta vulnerable under the derivation? (exposed for tests) */
bool window_analytic_at(const mob_config_t *cfg, sim_time_t delta);

/* Is offset delta vulnerable in simulation (any control message lost)? */
int window_simulate_at(const mob_config_t *cfg, sim_time_t delta, bool *vulnerable, sim_err_t *err);

typedef void window_progress_fn(void *ctx, uint64_t done, uint64_t total);

/* Scans Δ over [-range, range] in steps of `step`, then bisects every
 * change between neighbours to 1 ns. progress may be NULL. */
int window_search(const mob_config_t *cfg, sim_time_t range, sim_time_t step, window_t *out,
                  window_progress_fn *progress, void *ctx, sim_err_t *err);

typedef enum window_timer {
    WINDOW_T_B = 0,    /* hoa-signaling */
    WINDOW_T_H,        /* proxies (T_p held large) */
    WINDOW_T_P,        /* proxies (T_h held large) */
    WINDOW_FWD_BUFFER, /* forwarding */
} window_timer_t;

/* Finds by simulation the smallest value of `timer` (to 1 ns, in [0, 10 s])
 * with which its scheme saves every message lost at the offset where the
 * derived bound is tight: every lost control message is re-sent by the
 * scheme (T_b, T_h, T_p), or none is lost (fwd_buffer). *delta is that
 * offset. */
int window_timer_threshold(const mob_config_t *cfg, window_timer_t timer, sim_time_t *threshold,
                           sim_time_t *delta, sim_err_t *err);

#endif /* MOBSIM_ANALYSIS_WINDOW_H */
