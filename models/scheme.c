/* models/scheme.c - what the schemes share: their messages (Experimental
 * MH), held items (buffers, copies, watches) with their timers, tunneled
 * copies, and the choice of the ops table (scheme.h). The schemes
 * themselves: scheme_forwarding.c, scheme_proxies.c, scheme_hoa.c.
 */
#include "models/scheme_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "models/handoff.h"
#include "models/net.h"
#include "models/wire.h"

static void held_expired(sim_t *sim, void *ctx, void *arg);

const mob_scheme_ops_t mob_scheme_baseline_ops = {0};

const mob_scheme_ops_t *mob_scheme_ops_for(mob_scheme_t scheme)
{
    switch (scheme) {
    case MOB_SCHEME_FORWARDING:
        return &mob_scheme_forwarding_ops;
    case MOB_SCHEME_PROXIES:
        return &mob_scheme_proxies_ops;
    case MOB_SCHEME_HOA_SIGNALING:
        return &mob_scheme_hoa_ops;
    default:
        return &mob_scheme_baseline_ops;
    }
}

void mob_scheme_note(mob_world_t *w, int node, int peer, int code, const char *what)
{
    mob_trace_note(w, SIM_TR_SCHEME, node, peer, code, what);
}

static void smsg_encode(const smsg_t *s, mh_msg_t *m)
{
    memset(m, 0, sizeof(*m));
    m->type = MH_EXPERIMENTAL;
    m->exp_len = MOB_SMSG_LEN;
    m->exp_data[0] = s->subtype;
    put_be16(m->exp_data + 2, s->id);
    put_be32(m->exp_data + 4, s->lifetime_ms);
    memcpy(m->exp_data + 8, s->a1.b, 16);
    memcpy(m->exp_data + 24, s->a2.b, 16);
}

bool mob_smsg_decode(const pkt_view_t *v, smsg_t *s)
{
    if (v->proto != PKT_PROTO_MH || v->mh.type != MH_EXPERIMENTAL || v->mh.exp_len < MOB_SMSG_LEN)
        return false;
    const uint8_t *d = v->mh.exp_data;
    s->subtype = d[0];
    s->id = get_be16(d + 2);
    s->lifetime_ms = get_be32(d + 4);
    memcpy(s->a1.b, d + 8, 16);
    memcpy(s->a2.b, d + 24, 16);
    return s->subtype >= MOB_SMSG_FWD_INSTALL && s->subtype <= MOB_SMSG_PROXY_UPDATE;
}

/* Sends a scheme message from node `from` on network `net`. */
void mob_smsg_send(mob_world_t *w, int from, int net, const net_addr_t *src, const net_addr_t *dst,
                   const smsg_t *s, int intended, bool linked)
{
    mh_msg_t m;
    uint8_t mh[MH_MAX_LEN];
    size_t len;
    smsg_encode(s, &m);
    if (mh_encode(&m, mh, sizeof(mh), &len) < 0) {
        w->oom = 1;
        return;
    }
    pkt_desc_t d = {
        .src = *src, .dst = *dst, .proto = PKT_PROTO_MH, .payload = mh, .payload_len = len};
    mob_pkt_t *pkt = mob_pkt_make(w, &d, MOB_PK_SCHEME, from, intended);
    if (!pkt)
        return;
    pkt->subtype = s->subtype; /* accounting: which scheme message */
    if (!linked) {
        mob_pkt_drop(w, pkt, from, "no-link");
        return;
    }
    mob_net_send(w, from, net, pkt);
}

bool mob_scheme_is_control(const pkt_view_t *v)
{
    return v->proto == PKT_PROTO_MH &&
           (v->mh.type == MH_HOTI || v->mh.type == MH_COTI || v->mh.type == MH_BU);
}

static void copies_changed(mob_world_t *w, int node, int delta)
{
    w->ss->copies_at[node] += delta;
    if (w->ss->copies_at[node] > 0 && (uint64_t)w->ss->copies_at[node] > w->m.ha_peak_copies)
        w->m.ha_peak_copies = (uint64_t)w->ss->copies_at[node];
}

static bool counts_as_copy(uint8_t role)
{
    return role == MOB_HELD_HA_COPY || role == MOB_HELD_PROXY_COPY;
}

/* ---- freed entries, lowest first ------------------------------------------ */

int mob_free_heap_push(mob_free_heap_t *f, size_t i)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        size_t *a = realloc(f->idx, cap * sizeof(*a));
        if (!a)
            return -1;
        f->idx = a;
        f->cap = cap;
    }
    size_t k = f->n++;
    for (; k > 0 && f->idx[(k - 1) / 2] > i; k = (k - 1) / 2)
        f->idx[k] = f->idx[(k - 1) / 2];
    f->idx[k] = i;
    return 0;
}

bool mob_free_heap_pop(mob_free_heap_t *f, size_t *i)
{
    if (f->n == 0)
        return false;
    *i = f->idx[0];
    size_t last = f->idx[--f->n], k = 0;
    for (;;) {
        size_t c = 2 * k + 1;
        if (c >= f->n)
            break;
        if (c + 1 < f->n && f->idx[c + 1] < f->idx[c])
            c++;
        if (f->idx[c] >= last)
            break;
        f->idx[k] = f->idx[c];
        k = c;
    }
    if (f->n)
        f->idx[k] = last;
    return true;
}

void mob_free_heap_fini(mob_free_heap_t *f)
{
    free(f->idx);
    *f = (mob_free_heap_t){0};
}

/* ---- held items and their chains ----------------------------------------- */

net_addr_t mob_held_key_of(mob_held_role_t role, int node, int who)
{
    /* ff00::/8 is multicast, never the departed unicast address that keys an
     * AR buffer; a clash would only lengthen a chain (walks check every field) */
    net_addr_t k = {{0xff, (uint8_t)role}};
    uint32_t n = (uint32_t)node, h = (uint32_t)who;
    memcpy(k.b + 4, &n, 4);
    memcpy(k.b + 8, &h, 4);
    return k;
}

net_addr_t mob_held_key(const mob_held_t *h)
{
    switch (h->role) {
    case MOB_HELD_AR_BUFFER:
        return h->addr;
    case MOB_HELD_PROXY_COPY:
        return mob_held_key_of(MOB_HELD_PROXY_COPY, h->node, h->id);
    default:
        return mob_held_key_of((mob_held_role_t)h->role, h->node, h->host);
    }
}

int mob_held_chain(const mob_world_t *w, const net_addr_t *key)
{
    return mob_addrmap_get(&w->ss->held_chains, key);
}

void mob_held_link(mob_world_t *w, mob_held_t *h)
{
    mob_held_t *held = w->ss->held;
    int i = (int)(h - held);
    assert(h->used && !h->linked);
    if (counts_as_copy(h->role)) /* the handoff log's per-HA bytes (handoff.h) */
        mob_handoff_held(w, (size_t)i, h->node, h->pkt ? h->pkt->len : 0);
    h->key = mob_held_key(h);
    int head = mob_addrmap_get(&w->ss->held_chains, &h->key);
    if (head < 0 || head > i) {
        if (mob_addrmap_put(&w->ss->held_chains, &h->key, i) < 0) {
            w->oom = 1; /* the map is unchanged: h stays out of every chain */
            return;
        }
        h->next = head;
    } else {
        mob_held_t *p = &held[head];
        while (p->next >= 0 && p->next < i)
            p = &held[p->next];
        h->next = p->next;
        p->next = i;
    }
    h->linked = true;
}

static void held_unlink(mob_world_t *w, mob_held_t *h)
{
    if (!h->linked)
        return;
    mob_held_t *held = w->ss->held;
    int i = (int)(h - held);
    int head = mob_addrmap_get(&w->ss->held_chains, &h->key);
    assert(head >= 0);
    if (head == i) {
        /* after the delete the map has room for the put: it never grows */
        mob_addrmap_del(&w->ss->held_chains, &h->key);
        if (h->next >= 0) {
            int rc = mob_addrmap_put(&w->ss->held_chains, &h->key, h->next);
            assert(rc == 0);
            (void)rc;
        }
    } else {
        mob_held_t *p = &held[head];
        while (p->next != i)
            p = &held[p->next];
        p->next = h->next;
    }
    h->linked = false;
    h->next = -1;
}

mob_held_t *mob_held_add(mob_world_t *w, mob_held_role_t role, int node, sim_time_t keep)
{
    size_t i;
    if (!mob_free_heap_pop(&w->ss->free_held, &i)) {
        i = w->ss->n_held;
        if (w->ss->n_held == w->ss->cap_held) {
            size_t cap = w->ss->cap_held ? 2 * w->ss->cap_held : 16;
            mob_held_t *h = realloc(w->ss->held, cap * sizeof(*h));
            if (!h) {
                w->oom = 1;
                return NULL;
            }
            w->ss->held = h;
            w->ss->cap_held = cap;
        }
        w->ss->n_held++;
    }
    mob_held_t *h = &w->ss->held[i];
    memset(h, 0, sizeof(*h));
    h->used = true;
    h->role = (uint8_t)role;
    h->node = node;
    h->next = -1;
    if (sim_after(w->sim, keep, held_expired, w, (void *)(uintptr_t)(i + 1), &h->timer) < 0)
        w->oom = 1;
    if (counts_as_copy(h->role))
        copies_changed(w, node, +1);
    return h;
}

/* Releases a held item; its packet (if still there) is freed. */
void mob_held_release(mob_world_t *w, mob_held_t *h)
{
    assert(h->used);
    held_unlink(w, h);
    if (mob_free_heap_push(&w->ss->free_held, (size_t)(h - w->ss->held)) < 0)
        w->oom = 1; /* the entry is never reused */
    sim_cancel(w->sim, &h->timer);
    if (counts_as_copy(h->role))
        copies_changed(w, h->node, -1);
    mob_handoff_unheld(w, (size_t)(h - w->ss->held));
    free(h->pkt);
    h->pkt = NULL;
    h->used = false;
}

static void held_expired(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_held_t *h = &w->ss->held[(uintptr_t)arg - 1];
    h->timer = SIM_HANDLE_NONE;
    switch (h->role) {
    case MOB_HELD_AR_BUFFER: /* nobody installed an entry in time */
        mob_pkt_drop(w, h->pkt, h->node, "stale-address");
        h->pkt = NULL;
        break;
    case MOB_HELD_HA_COPY:
        mob_scheme_note(w, h->node, h->host, h->pkt->mh_type, "HA copy discarded (T_b)");
        break;
    case MOB_HELD_PROXY_COPY:
        mob_scheme_note(w, h->node, h->host, h->pkt->mh_type, "proxy copy discarded (T_h)");
        break;
    case MOB_HELD_WATCH:
        mob_scheme_note(w, h->node, h->host, MH_EXPERIMENTAL, "proxy watch ended (T_p)");
        break;
    }
    mob_held_release(w, h);
}

int mob_scheme_init(mob_world_t *w)
{
    w->ss = calloc(1, sizeof(*w->ss));
    if (!w->ss)
        return -1;
    w->ss->copies_at = calloc((size_t)(w->nodes.n > 0 ? w->nodes.n : 1), sizeof(int));
    return w->ss->copies_at ? 0 : -1;
}

void mob_scheme_fini(mob_world_t *w)
{
    if (!w->ss)
        return;
    for (size_t i = 0; i < w->ss->n_held; i++)
        if (w->ss->held[i].used)
            free(w->ss->held[i].pkt);
    free(w->ss->held);
    mob_free_heap_fini(&w->ss->free_held);
    mob_addrmap_fini(&w->ss->held_chains);
    free(w->ss->copies_at);
    free(w->ss->fwd);
    mob_free_heap_fini(&w->ss->free_fwd);
    mob_addrmap_fini(&w->ss->fwd_by_old);
    free(w->ss);
    w->ss = NULL;
}

int mob_scheme_copies_at(const mob_world_t *w, int node)
{
    return w->ss && node >= 0 && node < w->nodes.n ? w->ss->copies_at[node] : 0;
}

int mob_scheme_msg_subtype(const pkt_view_t *v)
{
    smsg_t s;
    return mob_smsg_decode(v, &s) ? s.subtype : -1;
}

/* Sends a copy of a held packet on as a new transmission of the same
 * message: tunneled from `from` (an HA or AR) to `to`. */
void mob_scheme_tunnel_copy(mob_world_t *w, int from, int net, const net_addr_t *src,
                            const mob_pkt_t *orig, const net_addr_t *to)
{
    uint8_t buf[PKT_MAX_LEN];
    size_t len;
    pkt_desc_t d = {.src = *src,
                    .dst = *to,
                    .proto = PKT_PROTO_IPV6,
                    .payload = orig->bytes,
                    .payload_len = orig->len};
    if (pkt_build(&d, buf, sizeof(buf), &len) < 0)
        return;
    mob_pkt_t *p = mob_pkt_derive(w, orig, buf, len);
    if (p)
        mob_net_send(w, from, net, p);
}
