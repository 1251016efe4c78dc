/* models/script.h - a scenario's script at work (docs/check.md): rules that
 * drop, delay or duplicate chosen messages, messages a node injects, and
 * expectations checked against the protocol state at given instants.
 *
 * The steps are data in cfg.steps (models/config.h); this module schedules
 * them when the run starts, watches the trace bus for what expectations
 * count (messages received, bindings changed) and records one result per
 * expectation, which mob_world_checks() (world.h) hands out. A world
 * without steps never calls in here beyond one branch per packet sent.
 *
 * A rule takes a message at its first transmission that matches (the
 * sender's hop; a tunneled message is matched on the hop that carries it
 * first): "drop" marks it to die on arrival with reason "scripted" (it is
 * then in lost[], the chart and the drop records like any other loss),
 * "delay" adds to its path delay, "duplicate" sends a copy after a lag.
 */
#ifndef MOBSIM_MODELS_SCRIPT_H
#define MOBSIM_MODELS_SCRIPT_H

#include "models/check.h"
#include "models/packet.h"
#include "sim/time.h"

/* Schedules the steps of w->cfg (at the start of the run). 0, or -1 when
 * out of memory. */
int mob_script_start(mob_world_t *w);

/* Frees the script state; NULL script is a no-op. */
void mob_script_fini(mob_world_t *w);

/* The receive handler of a passive node (MOB_NODE_PASSIVE): it keeps the
 * keygen tokens of a HoT or CoT addressed to it and frees the packet. */
void mob_script_passive_receive(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v);

/* The outcome of each step (n_steps of them), NULL without a script. */
const mob_check_t *mob_script_checks(const mob_world_t *w, size_t *n);

/* net.c, through w->script_on_send (net.c includes no role or module
 * above it), for every transmission while a script runs: applies the rules
 * to pkt (borrowed; may be marked MOB_PKT_SCRIPT_DROP) sent by node `from`
 * on network from_net, and returns the delay d it travels, lengthened by a
 * delay rule. A duplicate rule schedules a copy itself. */
sim_time_t mob_script_on_send(mob_world_t *w, int from, int from_net, mob_pkt_t *pkt, sim_time_t d);

#endif /* MOBSIM_MODELS_SCRIPT_H */
