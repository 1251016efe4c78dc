/* models/world.h - one episode: the network, the two mobile hosts, their
 * home agents, the scheme, the data flows, built from a mob_config_t inside
 * one sim_t.
 *
 *   sim_t *sim = sim_create((sim_stream_id_t){cfg.seed, point, rep});
 *   mob_world_t *w;
 *   if (mob_world_create(&cfg, sim, &w, &err) == 0) {
 *       mob_world_run(w);                    // to cfg.horizon
 *       const mob_metrics_t *m = mob_world_metrics(w);
 *       ...
 *       mob_world_destroy(w);
 *   }
 *   sim_destroy(sim);
 *
 * Trace records (packets with their bytes, drops with reasons, bindings,
 * handoff phases, scheme actions) go to sim's bus: subscribe before
 * mob_world_run(). Node ids in records are indices for mob_world_node_name().
 */
#ifndef MOBSIM_MODELS_WORLD_H
#define MOBSIM_MODELS_WORLD_H

#include "models/config.h"
#include "models/metrics.h"
#include "sim/err.h"
#include "sim/sim.h"

typedef struct mob_world mob_world_t;

/* Builds the world in sim (borrowed; must outlive the world). cfg is copied.
 * Returns 0 and *out, or -SIM_EINVAL with a message in err when the config
 * is inconsistent, -SIM_ENOMEM. */
int mob_world_create(const mob_config_t *cfg, sim_t *sim, mob_world_t **out, sim_err_t *err);
void mob_world_destroy(mob_world_t *w); /* NULL is a no-op */

/* Runs to the horizon and finalises the metrics. Returns 0, or a negative
 * SIM_E code on an internal failure (out of memory). */
int mob_world_run(mob_world_t *w);

const mob_metrics_t *mob_world_metrics(const mob_world_t *w);
const mob_config_t *mob_world_config(const mob_world_t *w);

/* Name of a node id used in trace records ("A", "HA_A", "AR_B1"); "?" when
 * out of range. */
const char *mob_world_node_name(const mob_world_t *w, int node);
int mob_world_n_nodes(const mob_world_t *w);

#endif /* MOBSIM_MODELS_WORLD_H */
