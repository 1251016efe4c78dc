/* models/icmp.h - ICMPv6 errors as routers really send them (only with
 * cfg.icmp_unreachable; without it no router sends one).
 *
 * An access router learns that an address of its link is unreachable only
 * when address resolution fails (RFC 4861 §7.2.2, §7.3.3): a packet for an
 * address nobody holds starts a resolution that fails after
 * cfg.icmp_resolution_delay (MAX_MULTICAST_SOLICIT 3 x RETRANS_TIMER 1 s);
 * meanwhile the packets for that address wait in a queue of
 * cfg.icmp_queue (the new arrival replaces the oldest, §7.2.2), and at the
 * failure each queued packet gets a Destination Unreachable, code 3. The
 * entry is then deleted (§7.3.3): the next packet starts a new resolution.
 *
 * Every router (access router or home agent) rate-limits the errors it
 * originates (RFC 4443 §2.4 (f)) with a token bucket of cfg.icmp_burst
 * tokens refilled at cfg.icmp_rate per second (0: no limit); an error the
 * bucket refuses is not sent (a "icmp-rate-limited" note at the router).
 *
 * State per router, in w->icmp (indexed by network); the held packets
 * belong to the resolution's event and die with the world.
 */
#ifndef MOBSIM_MODELS_ICMP_H
#define MOBSIM_MODELS_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/addr.h"

typedef struct mob_world mob_world_t; /* models/world.h */
typedef struct mob_pkt mob_pkt_t;     /* models/packet.h */

/* w->icmp for every network when cfg.icmp_unreachable (else NULL). 0, or
 * -1 when out of memory. mob_icmp_fini after the world's events are gone. */
int mob_icmp_init(mob_world_t *w);
void mob_icmp_fini(mob_world_t *w);

/* A packet for dst, an address of network net's prefix that nobody holds:
 * held while the router resolves dst (takes pkt). */
void mob_icmp_await_resolution(mob_world_t *w, int net, mob_pkt_t *pkt, const net_addr_t *dst);

/* A Destination Unreachable code 3 from the router of net to dst, quoting
 * invoking[0..len) (cut to the minimum MTU), when the router's token bucket
 * allows it. Returns whether it was sent. */
bool mob_icmp_send_unreach(mob_world_t *w, int net, const net_addr_t *dst, const uint8_t *invoking,
                           size_t len);

#endif /* MOBSIM_MODELS_ICMP_H */
