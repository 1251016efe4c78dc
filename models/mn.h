/* models/mn.h - the MN role (RFC 6275 §11): home registration, the Binding
 * Update List entry toward the peer, return routability as initiator,
 * correspondent BUs, retransmission with back-off, and what a handoff does
 * to them. Handlers get the parsed view only: the caller keeps the packet. */
#ifndef MOBSIM_MODELS_MN_H
#define MOBSIM_MODELS_MN_H

#include "models/host.h"

void mob_mn_detached(mob_world_t *w, struct mob_mn *h);
void mob_mn_coa_ready(mob_world_t *w, struct mob_mn *h); /* after DAD: register */
void mob_mn_on_test(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel);
void mob_mn_on_home_ba(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel);
void mob_mn_on_cn_ba(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v);
/* BE status 1 or BRR (v): register again unless under way. */
void mob_mn_reregister(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, const char *why);
/* hoa-signaling: the peer moved, send what registration still waits for. */
void mob_mn_resend_pending_now(mob_world_t *w, mob_corr_t *c);
/* Route-optimized start: arms the home re-registration timer. */
void mob_mn_arm_home_refresh(mob_world_t *w, struct mob_mn *h, sim_time_t after);
/* §11.7.2: a new RR and BU toward c's peer at 15/16 of the binding's
 * lifetime `life` (re-armed by each acknowledged BU). */
void mob_mn_arm_cn_refresh(mob_world_t *w, mob_corr_t *c, sim_time_t life);

#endif /* MOBSIM_MODELS_MN_H */
