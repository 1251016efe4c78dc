/* analysis/episode.c - one simulated run (see episode.h). */
#include "analysis/episode.h"

#include <stddef.h>

sim_time_t episode_default_slice(sim_time_t horizon)
{
    sim_time_t s = horizon / 1000;
    return s < SIM_MS(1) ? SIM_MS(1) : s;
}

static int run_world(mob_world_t *w, const mob_config_t *cfg, const episode_hooks_t *h,
                     sim_err_t *err)
{
    int rc;
    if (h && h->tick)
        rc = mob_world_run_sliced(w, h->slice > 0 ? h->slice : episode_default_slice(cfg->horizon),
                                  h->tick, h->ctx);
    else
        rc = mob_world_run(w);
    if (rc == -SIM_ESTATE)
        return sim_err_set(err, SIM_ESTATE, "the run was stopped");
    if (rc)
        return sim_err_set(err, -rc, "out of memory in a run");
    return 0;
}

int episode_run(const mob_config_t *cfg, sim_stream_id_t id, const episode_hooks_t *h,
                sim_err_t *err)
{
    sim_t *sim = sim_create(id);
    if (!sim)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    mob_world_t *w = NULL;
    int rc = mob_world_create(cfg, sim, &w, err);
    if (rc)
        goto out_sim;
    if (h && h->attach && (rc = h->attach(h->ctx, sim, w, err)) != 0)
        goto out_detach;
    rc = run_world(w, cfg, h, err);
    if (rc == 0 && h && h->finish)
        rc = h->finish(h->ctx, w, err);
out_detach:
    if (h && h->detach)
        h->detach(h->ctx, sim, w);
    mob_world_destroy(w);
out_sim:
    sim_destroy(sim);
    return rc;
}

int episode_check(const mob_config_t *cfg, sim_err_t *err)
{
    sim_t *sim = sim_create((sim_stream_id_t){cfg->seed, 0, 0});
    if (!sim)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    mob_world_t *w = NULL;
    int rc = mob_world_create(cfg, sim, &w, err);
    mob_world_destroy(w);
    sim_destroy(sim);
    return rc;
}
