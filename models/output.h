/* models/output.h - how a mobile host's packets leave: directly from its
 * CoA or reverse-tunneled to its home agent, Mobility Header encoding and
 * the Binding Authorization Data. Shared by the MN and CN roles. */
#ifndef MOBSIM_MODELS_OUTPUT_H
#define MOBSIM_MODELS_OUTPUT_H

#include "models/host.h"
#include "models/mh.h"
#include "models/packet.h"

/* Sends bytes from the host: directly from its CoA, or reverse-tunneled to
 * its HA when `tunnel` is true (inner source = HoA). A host without a link
 * drops the packet ("no-link"). */
void mob_host_output(mob_world_t *w, struct mob_mn *h, const pkt_desc_t *d, mob_pkt_kind_t kind,
                     int intended, bool tunnel);

/* The second half of mob_host_output(): the per-pair accounting of pkt
 * (made by h, for host `intended`) and its way out ("no-link" when h has
 * none). Takes pkt. */
void mob_host_output_pkt(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, mob_pkt_kind_t kind,
                         int intended);

/* Encodes m (with a BAD computed from kbm over auth_coa, auth_cn when kbm
 * is given) into d's payload and sends it with mob_host_output(). */
void mob_host_send_mh(mob_world_t *w, struct mob_mn *h, mh_msg_t *m, pkt_desc_t *d, int intended,
                      bool tunnel, const uint8_t *kbm, const net_addr_t *auth_coa,
                      const net_addr_t *auth_cn);

/* Where HoTI, CoTI and BU to the peer go (sets d->dst and the RH2). */
void mob_host_peer_target(mob_world_t *w, const mob_corr_t *c, pkt_desc_t *d);

uint64_t mob_host_random64(mob_world_t *w);
net_addr_t mob_host_ha_addr(mob_world_t *w, const struct mob_mn *h);

#endif /* MOBSIM_MODELS_OUTPUT_H */
