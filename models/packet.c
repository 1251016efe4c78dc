/* models/packet.c - packet life: make, derive, trace, drop and the loss
 * accounting (lost[] entries for control messages). */
#include "models/packet.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/handoff.h"
#include "models/smsg.h"
#include "models/state.h"

static const char *node_name(const mob_world_t *w, int node)
{
    return node >= 0 && node < w->nodes.n ? w->nodes.node[node].name : "?";
}

#define PKT_POOL MOB_PKT_POOL

/* The room class of a packet of len bytes: 0 small, 1 PKT_MAX_LEN, -1 a
 * block of its own (longer than any packet mobsim builds). */
static inline int room_class(size_t len)
{
    return len <= MOB_PKT_ROOM_SMALL ? 0 : len <= PKT_MAX_LEN ? 1 : -1;
}

static const uint32_t class_room[2] = {MOB_PKT_ROOM_SMALL, PKT_MAX_LEN};

/* The free list links through the first bytes of each free block. */
static inline mob_pkt_t *pool_next(const mob_pkt_t *p)
{
    mob_pkt_t *n;
    memcpy(&n, p->bytes, sizeof(n));
    return n;
}

static inline __attribute__((always_inline)) mob_pkt_t *pkt_alloc(mob_world_t *w, size_t len)
{
    int c = room_class(len);
    mob_pkt_t *p;
    if (PKT_POOL && c >= 0 && w->pkt_pool[c]) {
        p = w->pkt_pool[c];
        w->pkt_pool[c] = pool_next(p);
        w->n_pkt_pool[c]--;
    } else {
        size_t room = c >= 0 && PKT_POOL ? class_room[c] : len;
        p = malloc(sizeof(*p) + room);
        if (!p) {
            w->oom = 1;
            return NULL;
        }
        p->room = (uint32_t)room;
    }
    p->len = len;
    p->id = ++w->next_pkt_id;
    return p;
}

void mob_pkt_pool_fini(mob_world_t *w)
{
    for (int c = 0; c < 2; c++) {
        while (w->pkt_pool[c]) {
            mob_pkt_t *p = w->pkt_pool[c];
            w->pkt_pool[c] = pool_next(p);
            free(p);
        }
        w->n_pkt_pool[c] = 0;
    }
}

static inline void forget_layout(mob_pkt_t *p)
{
    p->lay[0].ok = p->lay[1].ok = 0;
    p->csum_known = 0;
    p->inner_at = 0;
}

int mob_pkt_parse_slow_(mob_pkt_t *pkt, const uint8_t *at, size_t len, pkt_view_t *v, char *why,
                        size_t whycap)
{
    size_t off = (size_t)(at - pkt->bytes);
    pkt_layout_t *lay = NULL;
    if (off == 0)
        lay = &pkt->lay[0];
    else if (off <= UINT16_MAX && !pkt->lay[1].ok)
        lay = &pkt->lay[1];
    int rc = pkt_parse_layout(at, len, v, PKT_PARSE_NO_CSUM, why, whycap, lay);
    if (lay == &pkt->lay[1])
        pkt->inner_at = (uint16_t)off;
    return rc;
}

/* A new message's accounting fields (pkt_alloc set id and len). */
static void new_message(mob_world_t *w, mob_pkt_t *p, mob_pkt_kind_t kind, int origin, int intended)
{
    p->msg_id = ++w->next_msg_id;
    p->origin = origin;
    p->intended = intended;
    p->pair = -1; /* a host's packets for a correspondent: set by output.c */
    p->kind = (uint8_t)kind;
    p->mh_type = 0xff;
    p->subtype = 0;
    p->created = sim_now(w->sim);
    p->lost = false;
    p->script = 0;
    forget_layout(p);
}

mob_pkt_t *mob_pkt_new(mob_world_t *w, size_t len, mob_pkt_kind_t kind, int origin, int intended,
                       const net_addr_t *orig_dst)
{
    mob_pkt_t *p = pkt_alloc(w, len);
    if (!p)
        return NULL;
    new_message(w, p, kind, origin, intended);
    p->orig_dst = *orig_dst;
    return p;
}

mob_pkt_t *mob_pkt_make(mob_world_t *w, const pkt_desc_t *d, mob_pkt_kind_t kind, int origin,
                        int intended)
{
    /* built in place: the length first, then the bytes into the packet */
    size_t len = 0;
    if (pkt_build_len(d, &len) < 0 || len > PKT_MAX_LEN) {
        w->oom = 1; /* a packet mobsim cannot build is an internal failure */
        return NULL;
    }
    mob_pkt_t *p = pkt_alloc(w, len);
    if (!p)
        return NULL;
    if (pkt_build(d, p->bytes, len, &len) < 0) {
        mob_pkt_free(w, p);
        w->oom = 1;
        return NULL;
    }
    new_message(w, p, kind, origin, intended);
    if (d->proto == PKT_PROTO_MH && d->payload_len > 2)
        p->mh_type = d->payload[2];
    p->orig_dst = d->dst;
    if (kind == MOB_PK_SIGNALING || kind == MOB_PK_SCHEME) {
        w->m.sig_sent++;
        w->m.sig_bytes += len;
        if (kind == MOB_PK_SCHEME)
            w->m.scheme_msgs++;
    }
    return p;
}

/* A packet of len bytes whose header fields are from's (a derived
 * transmission) or all zero (from NULL), with its own id and block, and no
 * layout known. */
static mob_pkt_t *alloc_like(mob_world_t *w, const mob_pkt_t *from, size_t len)
{
    mob_pkt_t *p = pkt_alloc(w, len);
    if (!p)
        return NULL;
    uint64_t id = p->id;
    uint32_t room = p->room;
    if (from)
        memcpy(p, from, sizeof(*p));
    else
        memset(p, 0, sizeof(*p));
    p->id = id;
    p->room = room;
    p->len = len;
    forget_layout(p);
    return p;
}

mob_pkt_t *mob_pkt_raw(mob_world_t *w, int origin, const uint8_t *bytes, size_t len)
{
    mob_pkt_t *p = alloc_like(w, NULL, len);
    if (!p)
        return NULL;
    p->msg_id = ++w->next_msg_id;
    p->origin = origin;
    p->intended = -1;
    p->pair = -1;
    p->kind = MOB_PK_SIGNALING;
    /* what it claims to be: a Mobility Header (Next Header 135) is
     * signaling, so its loss is listed in lost[] even when it does not
     * parse; anything else counts as data */
    pkt_view_t v;
    if (pkt_parse(bytes, len, &v, NULL, 0) == 0)
        p->mh_type = v.proto == PKT_PROTO_MH ? v.mh.type : 0xff;
    else
        p->mh_type = bytes[6] == PKT_PROTO_MH && len > 42 ? bytes[42] : 0xff;
    if (p->mh_type == 0xff && bytes[6] != PKT_PROTO_MH)
        p->kind = MOB_PK_DATA;
    memcpy(p->orig_dst.b, bytes + 24, 16);
    p->created = sim_now(w->sim);
    p->len = len;
    memcpy(p->bytes, bytes, len);
    return p;
}

mob_pkt_t *mob_pkt_derive(mob_world_t *w, const mob_pkt_t *from, const uint8_t *bytes, size_t len)
{
    mob_pkt_t *p = alloc_like(w, from, len);
    if (!p)
        return NULL;
    p->lost = false;
    p->script = 0;
    memcpy(p->bytes, bytes, len);
    return p;
}

mob_pkt_t *mob_pkt_derive_build(mob_world_t *w, const mob_pkt_t *from, const pkt_desc_t *d,
                                size_t len)
{
    mob_pkt_t *p = alloc_like(w, from, len);
    if (!p)
        return NULL;
    p->lost = false;
    if (pkt_build(d, p->bytes, len, &p->len) < 0 || p->len != len) {
        mob_pkt_free(w, p);
        w->oom = 1;
        return NULL;
    }
    return p;
}

mob_pkt_t *mob_pkt_decap(mob_world_t *w, mob_pkt_t *pkt, const uint8_t *inner, size_t len)
{
    assert(inner >= pkt->bytes && inner + len <= pkt->bytes + pkt->len);
    memmove(pkt->bytes, inner, len);
    /* the inner packet's layout is now the packet's */
    size_t off = (size_t)(inner - pkt->bytes);
    if (pkt->lay[1].ok && pkt->inner_at == off && off > 0) {
        pkt->lay[0] = pkt->lay[1];
        pkt->lay[1].ok = 0;
        pkt->csum_known >>= 1; /* MOB_PKT_CSUM_INNER becomes MOB_PKT_CSUM_OUTER */
        pkt->inner_at = 0;
    } else {
        forget_layout(pkt);
    }
    pkt->id = ++w->next_pkt_id;
    pkt->len = len;
    pkt->lost = false;
    return pkt;
}

void mob_trace_pkt_emit(mob_world_t *w, sim_trace_kind_t kind, const mob_pkt_t *pkt, int node,
                        const char *what)
{
    sim_trace_rec_t rec = {
        .kind = kind,
        .node = node,
        .peer = pkt->intended,
        .code = pkt->kind == MOB_PK_DATA ? -1 : pkt->mh_type,
        .id = pkt->id,
        .what = what,
        .bytes = pkt->bytes,
        .len = pkt->len,
        .detail = pkt,
    };
    sim_emit(w->sim, &rec);
}

void mob_trace_note(mob_world_t *w, sim_trace_kind_t kind, int node, int peer, int code,
                    const char *what)
{
    if (!sim_trace_on(w->sim, kind))
        return;
    sim_trace_rec_t rec = {.kind = kind, .node = node, .peer = peer, .code = code, .what = what};
    sim_emit(w->sim, &rec);
}

static inline void count_data_lost(mob_world_t *w, const mob_pkt_t *pkt)
{
    w->m.data_lost++;
    if (pkt->pair >= 0 && pkt->pair < w->n_pm)
        w->pm[pkt->pair].data_lost++;
}

void mob_pkt_drop(mob_world_t *w, mob_pkt_t *pkt, int where, const char *why)
{
    mob_trace_pkt(w, SIM_TR_PKT_DROPPED, pkt, where, why);
    if (pkt->kind == MOB_PK_DATA) /* mob_metrics_lost()'s first case, the common one */
        count_data_lost(w, pkt);
    else
        mob_metrics_lost(w, pkt, where, why);
    mob_pkt_free(w, pkt);
}

void mob_binding_changed(mob_world_t *w, int node, int peer_host, const char *what)
{
    mob_trace_note(w, SIM_TR_BINDING, node, peer_host, 0, what);
    mob_handoff_binding(w, node, peer_host);
}

static const char *msg_type_name(const mob_pkt_t *pkt)
{
    if (pkt->kind == MOB_PK_SCHEME)
        return mob_scheme_msg_name(pkt->subtype);
    return mh_type_name(pkt->mh_type);
}

void mob_metrics_lost(mob_world_t *w, const mob_pkt_t *pkt, int where, const char *why)
{
    mob_pair_metrics_t *pm = pkt->pair >= 0 && pkt->pair < w->n_pm ? &w->pm[pkt->pair] : NULL;
    if (pkt->kind == MOB_PK_DATA) {
        count_data_lost(w, pkt);
        return;
    }
    if (pkt->kind == MOB_PK_ICMP)
        return;
    w->m.sig_lost++;
    if (pm)
        pm->sig_lost++;
    mob_handoff_lost(w, pkt->pair, pkt->bytes, pkt->len);
    if (w->m.n_lost >= MOB_LOST_MAX)
        return;
    mob_lost_t *l = &w->m.lost[w->m.n_lost++];
    snprintf(l->type, sizeof(l->type), "%s", msg_type_name(pkt));
    snprintf(l->from, sizeof(l->from), "%.31s", node_name(w, pkt->origin));
    snprintf(l->to, sizeof(l->to), "%.31s", node_name(w, pkt->intended));
    l->to_addr = pkt->orig_dst;
    snprintf(l->where, sizeof(l->where), "%.31s", node_name(w, where));
    l->sent_at = pkt->created;
    l->died_at = sim_now(w->sim);
    snprintf(l->why, sizeof(l->why), "%s", why);
}
