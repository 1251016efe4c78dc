/* models/handoff.h - the handoff log: one row per (handoff of a mobile host,
 * correspondent), the online state of each pair (broken from a detach or a
 * fallback until restored), delivery gaps, and the load of home agents and
 * access routers (docs/model.md, "Handoff records"). Internal to models/:
 * callers turn it on with mob_world_record_handoffs() and read
 * m->handoffs.
 *
 * The roles call the hooks below (one line each); every hook is one branch
 * when recording is off (w->hl NULL) and O(1) when on, except
 * mob_handoff_detach and mob_handoff_attached, O(correspondents of the
 * host), which happen once per handoff.
 */
#ifndef MOBSIM_MODELS_HANDOFF_H
#define MOBSIM_MODELS_HANDOFF_H

#include "models/state.h"

struct mob_mn;
struct mob_corr;

/* Creates the log (w->hl). 0 or -1 (memory). Idempotent. */
int mob_hl_create(mob_world_t *w);
void mob_hl_destroy(mob_world_t *w);
/* At the end of the run: closes what is open at `end`, fills the figures
 * and points w->m.handoffs at them. 0 or -1 (memory). */
int mob_hl_finish(mob_world_t *w, sim_time_t end);

/* world.c: direction from -> to is route-optimized now (*at: since when). */
bool mob_world_direction_restored(const mob_world_t *w, int from, int to, sim_time_t *at);

void mob_hl_detach(mob_world_t *w, struct mob_mn *h, int to);
void mob_hl_attached(mob_world_t *w, struct mob_mn *h);
void mob_hl_binding(mob_world_t *w, int node, int peer);
void mob_hl_data(mob_world_t *w, struct mob_corr *c);
void mob_hl_fallback(mob_world_t *w, struct mob_corr *c);
void mob_hl_lost(mob_world_t *w, int pair, const uint8_t *bytes, size_t len);
void mob_hl_ha_rx(mob_world_t *w, int net);
void mob_hl_held(mob_world_t *w, size_t idx, int node, size_t bytes);
void mob_hl_unheld(mob_world_t *w, size_t idx);
void mob_hl_fwd(mob_world_t *w, int net, int delta);

/* mobility.c, before the L2 detach: host h leaves for network `to`. */
static inline void mob_handoff_detach(mob_world_t *w, struct mob_mn *h, int to)
{
    if (w->hl)
        mob_hl_detach(w, h, to);
}

/* mn.c: h has a usable CoA again. */
static inline void mob_handoff_attached(mob_world_t *w, struct mob_mn *h)
{
    if (w->hl)
        mob_hl_attached(w, h);
}

/* packet.c (mob_binding_changed): node's binding cache entry for peer was
 * set, refreshed or deleted (node: a host; home agents' are ignored). */
static inline void mob_handoff_binding(mob_world_t *w, int node, int peer)
{
    if (w->hl)
        mob_hl_binding(w, node, peer);
}

/* flow.c: a data packet from c's peer reached c's host (c updated). */
static inline void mob_handoff_data(mob_world_t *w, struct mob_corr *c)
{
    if (w->hl)
        mob_hl_data(w, c);
}

/* mn.c: c's host gave up route optimization with c's peer (§5.2.9). */
static inline void mob_handoff_fallback(mob_world_t *w, struct mob_corr *c)
{
    if (w->hl)
        mob_hl_fallback(w, c);
}

/* packet.c (mob_metrics_lost): a control message of pair (w->pm index,
 * -1 none) died; bytes as it died (borrowed). */
static inline void mob_handoff_lost(mob_world_t *w, int pair, const uint8_t *bytes, size_t len)
{
    if (w->hl)
        mob_hl_lost(w, pair, bytes, len);
}

/* ha.c: the home agent of network net received a packet; control: it is a
 * control message (signaling or the scheme's). */
static inline void mob_handoff_ha_rx(mob_world_t *w, int net, bool control)
{
    if (w->hl && control)
        mob_hl_ha_rx(w, net);
}

/* scheme.c: held item idx, a copy of `bytes` bytes, is held by node now /
 * is released (an item never passed to mob_handoff_held is ignored). */
static inline void mob_handoff_held(mob_world_t *w, size_t idx, int node, size_t bytes)
{
    if (w->hl)
        mob_hl_held(w, idx, node, bytes);
}

static inline void mob_handoff_unheld(mob_world_t *w, size_t idx)
{
    if (w->hl)
        mob_hl_unheld(w, idx);
}

/* scheme_forwarding.c: the access router of net holds one forwarding entry
 * more (+1) or fewer (-1). */
static inline void mob_handoff_fwd(mob_world_t *w, int net, int delta)
{
    if (w->hl)
        mob_hl_fwd(w, net, delta);
}

#endif /* MOBSIM_MODELS_HANDOFF_H */
