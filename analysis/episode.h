/* analysis/episode.h - one simulated run, written once: create the sim,
 * build the world, let the caller attach its writers, run (whole or in
 * slices), let the caller read what it needs, tear everything down.
 *
 *   episode_hooks_t h = {.attach = open_writers, .finish = read_metrics, .ctx = &mine};
 *   int rc = episode_run(&cfg, (sim_stream_id_t){cfg.seed, 0, 0}, &h, &err);
 *
 * Every caller (cli run, demo, figures, window search, and the sweep runner)
 * goes through here, so the order of creation and destruction, and what an
 * error means, is the same everywhere.
 */
#ifndef MOBSIM_ANALYSIS_EPISODE_H
#define MOBSIM_ANALYSIS_EPISODE_H

#include "models/config.h"
#include "models/world.h"
#include "sim/err.h"
#include "sim/sim.h"

typedef struct episode_hooks {
    /* After the world is built, before it runs: subscribe writers to
     * sim_bus(sim), keep w for node names. 0 or a negative SIM_E code (the
     * run does not happen; detach still runs). May be NULL. */
    int (*attach)(void *ctx, sim_t *sim, mob_world_t *w, sim_err_t *err);
    /* After a complete run, with the finished world: read metrics, finish
     * writers. 0 or a negative SIM_E code. May be NULL. */
    int (*finish)(void *ctx, mob_world_t *w, sim_err_t *err);
    /* Always last once the world was built (after a failed attach too),
     * before the world and the sim are destroyed: unsubscribe. May be NULL. */
    void (*detach)(void *ctx, sim_t *sim, mob_world_t *w);
    /* With tick set the world runs by mob_world_run_sliced(w, slice, tick,
     * ctx) (a progress line, a stop request); slice <= 0 picks 1/1000 of
     * the horizon, at least 1 ms. NULL: one mob_world_run(). */
    mob_world_tick_fn *tick;
    sim_time_t slice;
    void *ctx; /* borrowed, passed to every hook */
} episode_hooks_t;

/* Runs cfg (borrowed) in a new sim seeded by id. hooks may be NULL.
 * Returns 0, or:
 *   -SIM_EINVAL  the models refuse cfg (message in err, without a file name:
 *                the caller prefixes it)
 *   -SIM_ESTATE  tick stopped the run (finish was not called)
 *   -SIM_ENOMEM  out of memory ("out of memory in a run" in err)
 *   or whatever attach/finish returned (with their message). */
int episode_run(const mob_config_t *cfg, sim_stream_id_t id, const episode_hooks_t *hooks,
                sim_err_t *err);

/* Builds and destroys the world without running it: what `validate` asks.
 * 0, -SIM_EINVAL (message in err) or -SIM_ENOMEM. */
int episode_check(const mob_config_t *cfg, sim_err_t *err);

/* The slice episode_run uses for slice <= 0: horizon / 1000, >= 1 ms. */
sim_time_t episode_default_slice(sim_time_t horizon);

#endif /* MOBSIM_ANALYSIS_EPISODE_H */
