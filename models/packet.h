/* models/packet.h - the life of a packet: made from a description, derived
 * (tunnel, forward), traced, and dropped with a reason that the loss
 * accounting records.
 *
 * Ownership: whoever holds a mob_pkt_t owns it and must free it
 * (mob_pkt_free(), or plain free(): every packet is one malloc'ed block),
 * drop it (mob_pkt_drop frees) or pass it on (mob_net_send, a receive
 * handler, an owned event: each of those takes it). make/derive return a
 * new packet owned by the caller.
 *
 * Packets come from a per-world free list of blocks of two sizes (room for
 * MOB_PKT_ROOM_SMALL or PKT_MAX_LEN bytes): mob_pkt_free() keeps up to
 * MOB_PKT_POOL_MAX of each for the next packet instead of a malloc/free
 * pair per packet. Built with AddressSanitizer, every packet is malloc'ed
 * and freed on its own, so a use after free is still caught.
 */
#ifndef MOBSIM_MODELS_PACKET_H
#define MOBSIM_MODELS_PACKET_H

#include <stdlib.h>
#include <string.h>

#include "models/addr.h"
#include "models/pkt.h"
#include "models/state.h"
#include "sim/sim.h"
#include "sim/time.h"
#include "sim/trace.h"

typedef struct mob_world mob_world_t; /* models/world.h */

typedef enum pkt_kind {
    MOB_PK_SIGNALING = 0, /* RFC 6275 control messages */
    MOB_PK_DATA,          /* CBR UDP */
    MOB_PK_SCHEME,        /* a scheme's own messages (counted as signaling too) */
    MOB_PK_ICMP,
} mob_pkt_kind_t;

/* A packet in flight: its bytes plus what the simulator knows about it for
 * accounting (never used for protocol decisions: receivers parse the bytes). */
typedef struct mob_pkt {
    uint64_t id;         /* this transmission */
    uint64_t msg_id;     /* the message, kept through tunnels and forwards */
    int origin;          /* node that created the message */
    int intended;        /* node it is meant for, -1 unknown */
    int pair;            /* pair of correspondents (w->pm) between origin and intended; -1 none */
    uint8_t kind;        /* mob_pkt_kind_t */
    uint8_t mh_type;     /* for signaling (11 for scheme messages) */
    uint8_t subtype;     /* scheme messages: enum mob_scheme_msg */
    net_addr_t orig_dst; /* address the originator sent it to */
    sim_time_t created;  /* when the originator sent it */
    bool lost;           /* lost on the link: dies on arrival with "link-loss" */
    uint8_t script;      /* MOB_PKT_SCRIPT_*: a scripted drop or copy (models/script.h) */
    /* MOB_PKT_CSUM_*: the upper-layer checksum is known to verify, the
     * bytes having been written with it (a flow's template) and not changed
     * since: the receiver need not sum them again. Reset with lay[]. */
    uint8_t csum_known;
    int to_net;    /* in flight: the network owning the destination (net.c) */
    uint32_t room; /* bytes[] can hold this many (packet.c's pool) */
    /* what parses of these bytes found (mob_pkt_parse): lay[0] for the
     * packet, lay[1] for the packet inside it at bytes + inner_at (a
     * tunnel's); reset whenever the bytes change */
    uint16_t inner_at;
    pkt_layout_t lay[2];
    size_t len;
    uint8_t bytes[];
} mob_pkt_t;

#define MOB_PKT_CSUM_OUTER 1u /* the packet's own (lay[0]) */
#define MOB_PKT_CSUM_INNER 2u /* the packet inside it at inner_at (lay[1]); decap shifts it down   \
                               */

#define MOB_PKT_SCRIPT_DROP 1u /* dies on arrival: "scripted" */
#define MOB_PKT_SCRIPT_COPY 2u /* a scripted duplicate: rules leave it alone */

/* Makes a packet from a description (bytes built by pkt_build); counts it
 * as sent signaling when it is. NULL on failure (w->oom set). */
mob_pkt_t *mob_pkt_make(mob_world_t *w, const pkt_desc_t *d, mob_pkt_kind_t kind, int origin,
                        int intended);
/* A new message of len bytes for the caller to write (a flow's data
 * packet from its template): what mob_pkt_make() gives but for the bytes
 * and mh_type (0xff); counts nothing. NULL when out of memory (w->oom set). */
mob_pkt_t *mob_pkt_new(mob_world_t *w, size_t len, mob_pkt_kind_t kind, int origin, int intended,
                       const net_addr_t *orig_dst);

/* A packet of raw bytes from node origin (len >= the IPv6 header), as
 * injected by a test or a script: a Mobility Header by its Next Header is
 * signaling (its loss listed in lost[] even when it does not parse),
 * anything else data; created now. NULL (w->oom set) when out of memory. */
mob_pkt_t *mob_pkt_raw(mob_world_t *w, int origin, const uint8_t *bytes, size_t len);
/* A new transmission of the same message with other bytes (tunnel, forward). */
mob_pkt_t *mob_pkt_derive(mob_world_t *w, const mob_pkt_t *from, const uint8_t *bytes, size_t len);
/* mob_pkt_derive() with the bytes pkt_build(d) writes, built in place; len
 * is pkt_build_len(d)'s (the caller checked it). d->payload may point into
 * from. NULL when out of memory (w->oom set). */
mob_pkt_t *mob_pkt_derive_build(mob_world_t *w, const mob_pkt_t *from, const pkt_desc_t *d,
                                size_t len);
/* What mob_pkt_derive(w, pkt, inner, len) followed by free(pkt) gives, in
 * place: inner[0..len) lies inside pkt's bytes (a tunnel's inner packet) and
 * moves to their front; pkt becomes the new transmission (next id). Never
 * fails; returns pkt. */
mob_pkt_t *mob_pkt_decap(mob_world_t *w, mob_pkt_t *pkt, const uint8_t *inner, size_t len);

/* 1 when packets come from the pool, 0 under AddressSanitizer */
#if defined(__SANITIZE_ADDRESS__)
#define MOB_PKT_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MOB_PKT_POOL 0
#endif
#endif
#ifndef MOB_PKT_POOL
#define MOB_PKT_POOL 1
#endif
#define MOB_PKT_ROOM_SMALL 512  /* a data packet of up to ~400 payload bytes, any signaling */
#define MOB_PKT_POOL_MAX   1024 /* blocks of each room a world keeps for reuse */

/* Frees pkt (NULL: no-op) into w's pool, or to the allocator. */
static inline void mob_pkt_free(mob_world_t *w, mob_pkt_t *pkt)
{
    if (!pkt)
        return;
    int c = pkt->room == MOB_PKT_ROOM_SMALL ? 0 : pkt->room == PKT_MAX_LEN ? 1 : -1;
    if (MOB_PKT_POOL && c >= 0 && w->n_pkt_pool[c] < MOB_PKT_POOL_MAX) {
        memcpy(pkt->bytes, &w->pkt_pool[c], sizeof(w->pkt_pool[c])); /* the list's link */
        w->pkt_pool[c] = pkt;
        w->n_pkt_pool[c]++;
        return;
    }
    free(pkt);
}
/* Frees the pool (mob_world_destroy). */
void mob_pkt_pool_fini(mob_world_t *w);

/* pkt_parse_flags(at, len, v, PKT_PARSE_NO_CSUM, why, whycap) of pkt's
 * bytes (at == pkt->bytes) or of the packet inside them (a tunnel's inner
 * packet, at > pkt->bytes): done once per packet and level, later calls
 * rebuild the view from the layout the first one left in pkt (a router, a
 * home agent and the host each parse the packet they hold). */
int mob_pkt_parse_slow_(mob_pkt_t *pkt, const uint8_t *at, size_t len, pkt_view_t *v, char *why,
                        size_t whycap);
static inline int mob_pkt_parse(mob_pkt_t *pkt, const uint8_t *at, size_t len, pkt_view_t *v,
                                char *why, size_t whycap)
{
    size_t off = (size_t)(at - pkt->bytes);
    const pkt_layout_t *lay = off == 0                                 ? &pkt->lay[0]
                              : pkt->lay[1].ok && pkt->inner_at == off ? &pkt->lay[1]
                                                                       : NULL;
    if (!lay || !lay->ok)
        return mob_pkt_parse_slow_(pkt, at, len, v, why, whycap);
    if (why && whycap)
        why[0] = 0;
    pkt_view_from_layout(at, len, lay, v);
    return 0;
}

/* Records the death of pkt at node `where` for reason `why`, and frees it. */
void mob_pkt_drop(mob_world_t *w, mob_pkt_t *pkt, int where, const char *why);

/* Trace records: a packet event at node (pkt borrowed), a note. The check
 * whether anyone listens is inline: a packet is traced three or four times
 * on its way and nobody listens in a sweep. */
void mob_trace_pkt_emit(mob_world_t *w, sim_trace_kind_t kind, const mob_pkt_t *pkt, int node,
                        const char *what);
static inline void mob_trace_pkt(mob_world_t *w, sim_trace_kind_t kind, const mob_pkt_t *pkt,
                                 int node, const char *what)
{
    if (sim_trace_on(w->sim, kind))
        mob_trace_pkt_emit(w, kind, pkt, node, what);
}
static inline void mob_trace_received(mob_world_t *w, const mob_pkt_t *pkt, int node)
{
    mob_trace_pkt(w, SIM_TR_PKT_RECEIVED, pkt, node, NULL);
}
void mob_trace_note(mob_world_t *w, sim_trace_kind_t kind, int node, int peer, int code,
                    const char *what);
void mob_binding_changed(mob_world_t *w, int node, int peer_host, const char *what);

/* Counts a lost packet (lost[] entry for control messages). */
void mob_metrics_lost(mob_world_t *w, const mob_pkt_t *pkt, int where, const char *why);

#endif /* MOBSIM_MODELS_PACKET_H */
