/* models/cn.h - the CN role (RFC 6275 §9): the binding cache entry for the
 * peer's home address, Kcn/nonces/keygen tokens (rr.h), HoT/CoT replies, BU
 * verification, BA, BRR, BE, ICMP-driven deletion. Handlers get the parsed
 * view only: the caller keeps the packet. */
#ifndef MOBSIM_MODELS_CN_H
#define MOBSIM_MODELS_CN_H

#include "models/host.h"

void mob_cn_on_test_init(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel);
void mob_cn_on_bu(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel);
/* A Binding Error to v's source; peer: the node it is meant for. */
void mob_cn_send_be(mob_world_t *w, struct mob_mn *h, int peer, const pkt_view_t *v, uint8_t status,
                    const net_addr_t *home);
/* An ICMP unreachable quoting a packet (inner) we sent. */
void mob_cn_icmp_error(mob_world_t *w, struct mob_mn *h, const pkt_view_t *inner);
/* Route-optimized start: c's cache entry holds hoa -> coa from now on. */
void mob_cn_init_binding(mob_world_t *w, mob_corr_t *c, const net_addr_t *hoa,
                         const net_addr_t *coa);

#endif /* MOBSIM_MODELS_CN_H */
