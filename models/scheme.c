/* models/scheme.c - the paper's three fixes (Section IV; DESIGN.md
 * "Schemes"), each switched on per run by cfg.scheme and per node by its
 * network's `deploy` flag:
 *
 *   forwarding (Fig. 4): the previous network's access router keeps an
 *     entry old CoA -> new CoA, installed by the MN from its new network
 *     with an Experimental MH message (FWD_INSTALL), and tunnels packets for
 *     the old CoA there for fwd_lifetime; packets that arrive before the
 *     entry are buffered for fwd_buffer (0: dropped).
 *   proxies (Fig. 5): the MN sends HoTI, CoTI and BU through its HA, which
 *     forwards them, keeps a copy for T_h and queries the peer's HA
 *     (PROXY_QUERY); the peer's HA answers with its binding (PROXY_ANSWER)
 *     and, for T_p, sends PROXY_UPDATE when its MN registers a new CoA. The
 *     sender's HA re-sends its copy to any newer address.
 *   hoa-signaling (Fig. 6): HoTI, CoTI and BU go to the peer's home address
 *     (host.c); the peer's HA keeps a copy of each it tunnels for T_b and
 *     re-forwards the copies to the new CoA when its MN's home BU arrives.
 *
 * Scheme messages (Experimental MH, RFC 5096, type 11), message data:
 *   0     subtype (enum mob_scheme_msg)   1  reserved (0)
 *   2-3   id (query id; 0 for FWD_INSTALL)
 *   4-7   lifetime in ms (FWD_INSTALL), else 0
 *   8-23  FWD_INSTALL: old CoA;  PROXY_*: the mobile host's home address
 *   24-39 FWD_INSTALL: new CoA;  ANSWER/UPDATE: its current CoA; QUERY: 0
 */
#include "models/internal.h"
#include "models/wire.h"

#include <stdlib.h>
#include <string.h>

const char *mob_scheme_msg_name(int subtype)
{
    switch (subtype) {
    case MOB_SMSG_FWD_INSTALL:
        return "FWD-INSTALL";
    case MOB_SMSG_PROXY_QUERY:
        return "PROXY-QUERY";
    case MOB_SMSG_PROXY_ANSWER:
        return "PROXY-ANSWER";
    case MOB_SMSG_PROXY_UPDATE:
        return "PROXY-UPDATE";
    default:
        return "scheme";
    }
}

static void scheme_note(mob_world_t *w, int node, int peer, int code, const char *what)
{
    mob_trace_note(w, SIM_TR_SCHEME, node, peer, code, what);
}

/* ------------------------------------------------------------ messages */

typedef struct smsg {
    uint8_t subtype;
    uint16_t id;
    uint32_t lifetime_ms;
    net_addr_t a1, a2;
} smsg_t;

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

static bool smsg_decode(const pkt_view_t *v, smsg_t *s)
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
static void smsg_send(mob_world_t *w, int from, int net, const net_addr_t *src,
                      const net_addr_t *dst, const smsg_t *s, int intended)
{
    mh_msg_t m;
    uint8_t mh[MH_MAX_LEN];
    size_t len;
    smsg_encode(s, &m);
    if (mh_encode(&m, mh, sizeof(mh), &len) < 0) {
        w->oom = 1;
        return;
    }
    pkt_desc_t d = {.src = *src, .dst = *dst, .proto = PKT_PROTO_MH, .payload = mh,
                    .payload_len = len};
    mob_pkt_t *pkt = mob_pkt_make(w, &d, MOB_PK_SCHEME, from, intended);
    if (!pkt)
        return;
    pkt->subtype = s->subtype; /* accounting: which scheme message */
    if (from < w->cfg.n_hosts && !w->hosts[from].attached) {
        mob_pkt_drop(w, pkt, from, "no-link");
        return;
    }
    mob_net_send(w, from, net, pkt);
}

static bool is_control(const pkt_view_t *v)
{
    return v->proto == PKT_PROTO_MH &&
           (v->mh.type == MH_HOTI || v->mh.type == MH_COTI || v->mh.type == MH_BU);
}

/* --------------------------------------------------------- held items */

static void held_expired(sim_t *sim, void *ctx, void *arg);

static void copies_changed(mob_world_t *w, int node, int delta)
{
    w->copies_at[node] += delta;
    if (w->copies_at[node] > 0 && (uint64_t)w->copies_at[node] > w->m.ha_peak_copies)
        w->m.ha_peak_copies = (uint64_t)w->copies_at[node];
}

static bool counts_as_copy(uint8_t role)
{
    return role == MOB_HELD_HA_COPY || role == MOB_HELD_PROXY_COPY;
}

static mob_held_t *held_add(mob_world_t *w, mob_held_role_t role, int node, sim_time_t keep)
{
    size_t i;
    for (i = 0; i < w->n_held; i++)
        if (!w->held[i].used)
            break;
    if (i == w->n_held) {
        if (w->n_held == w->cap_held) {
            size_t cap = w->cap_held ? 2 * w->cap_held : 16;
            mob_held_t *h = realloc(w->held, cap * sizeof(*h));
            if (!h) {
                w->oom = 1;
                return NULL;
            }
            w->held = h;
            w->cap_held = cap;
        }
        w->n_held++;
    }
    mob_held_t *h = &w->held[i];
    memset(h, 0, sizeof(*h));
    h->used = true;
    h->role = (uint8_t)role;
    h->node = node;
    if (sim_after(w->sim, keep, held_expired, w, (void *)(uintptr_t)(i + 1), &h->timer) < 0)
        w->oom = 1;
    if (counts_as_copy(h->role))
        copies_changed(w, node, +1);
    return h;
}

/* Releases a held item; its packet (if still there) is freed. */
static void held_release(mob_world_t *w, mob_held_t *h)
{
    sim_cancel(w->sim, &h->timer);
    if (counts_as_copy(h->role))
        copies_changed(w, h->node, -1);
    free(h->pkt);
    h->pkt = NULL;
    h->used = false;
}

static void held_expired(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_held_t *h = &w->held[(uintptr_t)arg - 1];
    h->timer = SIM_HANDLE_NONE;
    switch (h->role) {
    case MOB_HELD_AR_BUFFER: /* nobody installed an entry in time */
        mob_pkt_drop(w, h->pkt, h->node, "stale-address");
        h->pkt = NULL;
        break;
    case MOB_HELD_HA_COPY:
        scheme_note(w, h->node, h->host, h->pkt->mh_type, "HA copy discarded (T_b)");
        break;
    case MOB_HELD_PROXY_COPY:
        scheme_note(w, h->node, h->host, h->pkt->mh_type, "proxy copy discarded (T_h)");
        break;
    case MOB_HELD_WATCH:
        scheme_note(w, h->node, h->host, MH_EXPERIMENTAL, "proxy watch ended (T_p)");
        break;
    }
    held_release(w, h);
}

void mob_scheme_fini(mob_world_t *w)
{
    for (size_t i = 0; i < w->n_held; i++)
        if (w->held[i].used)
            free(w->held[i].pkt);
    free(w->held);
    w->held = NULL;
    w->n_held = w->cap_held = 0;
}

/* Sends a copy of a held packet on as a new transmission of the same
 * message: tunneled from `from` (an HA or AR) to `to`. */
static void tunnel_copy(mob_world_t *w, int from, int net, const net_addr_t *src,
                        const mob_pkt_t *orig, const net_addr_t *to)
{
    uint8_t buf[PKT_MAX_LEN];
    size_t len;
    pkt_desc_t d = {.src = *src, .dst = *to, .proto = PKT_PROTO_IPV6, .payload = orig->bytes,
                    .payload_len = orig->len};
    if (pkt_build(&d, buf, sizeof(buf), &len) < 0)
        return;
    mob_pkt_t *p = mob_pkt_derive(w, orig, buf, len);
    if (p)
        mob_net_send(w, from, net, p);
}

/* ----------------------------------------------------------- forwarding */

static bool deployed_here(const mob_world_t *w, int net, mob_scheme_t scheme)
{
    return w->cfg.scheme == scheme && w->cfg.nets[net].deploy;
}

static mob_fwd_t *fwd_lookup(mob_world_t *w, int net, const net_addr_t *old)
{
    for (int i = 0; i < MOB_MAX_FWD; i++)
        if (w->fwd[i].used && w->fwd[i].net == net && net_addr_eq(&w->fwd[i].old_coa, old))
            return &w->fwd[i];
    return NULL;
}

static void fwd_expired(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_fwd_t *f = &w->fwd[(uintptr_t)arg - 1];
    f->timer = SIM_HANDLE_NONE;
    f->used = false;
    scheme_note(w, mob_router_node(w, f->net), -1, MOB_SMSG_FWD_INSTALL,
                "forwarding entry expired");
}

static void fwd_forward(mob_world_t *w, int net, const mob_fwd_t *f, mob_pkt_t *pkt)
{
    int ar = mob_router_node(w, net);
    scheme_note(w, ar, pkt->intended, pkt->kind == MOB_PK_DATA ? -1 : pkt->mh_type,
                "AR forwarded");
    if (pkt->kind != MOB_PK_DATA)
        w->m.sig_reforwarded++;
    mob_trace_received(w, pkt, ar);
    tunnel_copy(w, ar, net, &w->router_addr[net], pkt, &f->new_coa);
    free(pkt);
}

void mob_scheme_coa_ready(mob_world_t *w, struct mob_mn *h)
{
    if (w->cfg.scheme != MOB_SCHEME_FORWARDING || h->prev_net < 0)
        return;
    sim_time_t life = w->cfg.fwd_lifetime;
    smsg_t s = {.subtype = MOB_SMSG_FWD_INSTALL,
                .lifetime_ms = (uint32_t)(life / SIM_MS(1) > UINT32_MAX ? UINT32_MAX
                                                                        : life / SIM_MS(1)),
                .a1 = h->prev_coa,
                .a2 = h->coa};
    smsg_send(w, h->index, h->net, &h->coa, &w->router_addr[h->prev_net], &s,
              mob_router_node(w, h->prev_net));
}

void mob_scheme_ar_receive(mob_world_t *w, int net, mob_pkt_t *pkt, const pkt_view_t *v)
{
    int ar = mob_router_node(w, net);
    smsg_t s;
    if (!smsg_decode(v, &s) || s.subtype != MOB_SMSG_FWD_INSTALL) {
        mob_pkt_drop(w, pkt, ar, "unexpected-at-router");
        return;
    }
    if (!deployed_here(w, net, MOB_SCHEME_FORWARDING)) {
        mob_pkt_drop(w, pkt, ar, "scheme-not-deployed");
        return;
    }
    /* the old CoA must be one of this network's addresses, and the request
     * must come from the new one (a real deployment would authenticate it) */
    if (mob_net_of_addr(w, &s.a1) != net || !net_addr_eq(&s.a2, &v->src)) {
        mob_pkt_drop(w, pkt, ar, "bad-forwarding-request");
        return;
    }
    mob_trace_received(w, pkt, ar);
    free(pkt);
    mob_fwd_t *f = fwd_lookup(w, net, &s.a1);
    for (int i = 0; !f && i < MOB_MAX_FWD; i++)
        if (!w->fwd[i].used)
            f = &w->fwd[i];
    if (!f)
        return; /* table full: the request is ignored */
    sim_cancel(w->sim, &f->timer);
    *f = (mob_fwd_t){.used = true, .net = net, .old_coa = s.a1, .new_coa = s.a2};
    sim_time_t life = (sim_time_t)s.lifetime_ms * SIM_MS(1);
    if (sim_after(w->sim, life, fwd_expired, w, (void *)(uintptr_t)(f - w->fwd + 1), &f->timer) < 0)
        w->oom = 1;
    scheme_note(w, ar, -1, MOB_SMSG_FWD_INSTALL, "forwarding entry installed");
    /* flush what was buffered for the old CoA */
    for (size_t i = 0; i < w->n_held; i++) {
        mob_held_t *h = &w->held[i];
        if (h->used && h->role == MOB_HELD_AR_BUFFER && h->node == ar &&
            net_addr_eq(&h->addr, &s.a1)) {
            mob_pkt_t *p = h->pkt;
            h->pkt = NULL;
            held_release(w, h);
            fwd_forward(w, net, f, p);
        }
    }
}

bool mob_scheme_ar_unclaimed(mob_world_t *w, int net, mob_pkt_t *pkt, const pkt_view_t *v)
{
    if (!deployed_here(w, net, MOB_SCHEME_FORWARDING))
        return false;
    mob_fwd_t *f = fwd_lookup(w, net, &v->dst);
    if (f) {
        fwd_forward(w, net, f, pkt);
        return true;
    }
    if (w->cfg.fwd_buffer <= 0)
        return false;
    /* buffer only for addresses a host held here (a departed address) */
    bool departed = false;
    for (int i = 0; i < w->cfg.n_hosts; i++)
        if (w->hosts[i].prev_net == net && net_addr_eq(&w->hosts[i].prev_coa, &v->dst))
            departed = true;
    if (!departed)
        return false;
    int ar = mob_router_node(w, net);
    mob_held_t *h = held_add(w, MOB_HELD_AR_BUFFER, ar, w->cfg.fwd_buffer);
    if (!h)
        return false;
    h->addr = v->dst;
    h->host = pkt->intended;
    h->pkt = pkt;
    scheme_note(w, ar, pkt->intended, pkt->kind == MOB_PK_DATA ? -1 : pkt->mh_type,
                "AR buffered");
    return true;
}

/* -------------------------------------------------------- hoa-signaling */

void mob_scheme_ha_tunneled(mob_world_t *w, mob_ha_t *ha, int host, const mob_pkt_t *pkt,
                            const pkt_view_t *v, const net_addr_t *to)
{
    if (w->cfg.scheme != MOB_SCHEME_HOA_SIGNALING || !ha->deployed || !is_control(v))
        return;
    mob_pkt_t *copy = mob_pkt_derive(w, pkt, pkt->bytes, pkt->len);
    if (!copy)
        return;
    copy->id = pkt->id;
    mob_held_t *h = held_add(w, MOB_HELD_HA_COPY, ha->node, w->cfg.T_b);
    if (!h) {
        free(copy);
        return;
    }
    h->host = host;
    h->addr = *to;
    h->hoa = v->dst;
    h->pkt = copy;
    scheme_note(w, ha->node, host, v->mh.type, "HA buffered");
}

static void hoa_reforward(mob_world_t *w, mob_ha_t *ha, int host, const net_addr_t *coa)
{
    for (size_t i = 0; i < w->n_held; i++) {
        mob_held_t *h = &w->held[i];
        if (!h->used || h->role != MOB_HELD_HA_COPY || h->node != ha->node || h->host != host ||
            net_addr_eq(&h->addr, coa))
            continue;
        scheme_note(w, ha->node, host, h->pkt->mh_type, "HA re-forwarded");
        w->m.sig_reforwarded++;
        tunnel_copy(w, ha->node, ha->net, &ha->addr, h->pkt, coa);
        held_release(w, h);
    }
}

/* ------------------------------------------------------------- proxies */

bool mob_scheme_relay_via_ha(const mob_world_t *w, const struct mob_mn *h)
{
    return w->cfg.scheme == MOB_SCHEME_PROXIES && w->ha[h->home_net].deployed;
}

/* The home address a control message is meant for. */
static net_addr_t target_hoa(const pkt_view_t *v)
{
    return v->has_rh2 ? v->rh2_home : v->dst;
}

/* Sends the kept copy of a relayed control message to `to` (the peer's
 * newer CoA) with a type 2 routing header for the peer's home address: the
 * MH bytes, and so the BU's authenticator, are unchanged; pkt_build()
 * recomputes the checksum for the new header. */
static void proxy_resend(mob_world_t *w, mob_ha_t *ha, mob_held_t *h, const net_addr_t *to)
{
    pkt_view_t v;
    if (pkt_parse(h->pkt->bytes, h->pkt->len, &v, NULL, 0) < 0)
        return;
    uint8_t buf[PKT_MAX_LEN];
    size_t len;
    pkt_desc_t d = {.src = v.src, .dst = *to, .has_hao = v.has_hao, .hao = v.hao,
                    .has_rh2 = true, .rh2_home = h->hoa, .proto = PKT_PROTO_MH,
                    .payload = v.upper, .payload_len = v.upper_len};
    if (pkt_build(&d, buf, sizeof(buf), &len) < 0)
        return;
    mob_pkt_t *p = mob_pkt_derive(w, h->pkt, buf, len);
    if (!p)
        return;
    p->orig_dst = *to;
    h->addr = *to;
    w->m.sig_reforwarded++;
    scheme_note(w, ha->node, h->host, h->pkt->mh_type, "proxy re-sent");
    mob_net_send(w, ha->node, ha->net, p);
}

bool mob_scheme_ha_relay(mob_world_t *w, mob_ha_t *ha, mob_pkt_t *pkt, const uint8_t *inner_bytes,
                         size_t inner_len, const pkt_view_t *inner)
{
    if (w->cfg.scheme != MOB_SCHEME_PROXIES || !ha->deployed || !is_control(inner))
        return false;
    net_addr_t peer_hoa = target_hoa(inner);
    int peer_net = mob_net_of_addr(w, &peer_hoa);
    if (peer_net < 0 || !w->cfg.nets[peer_net].is_home)
        return false;
    mob_trace_received(w, pkt, ha->node);
    /* step 2: forward the message as addressed */
    mob_pkt_t *fwd = mob_pkt_derive(w, pkt, inner_bytes, inner_len);
    mob_pkt_t *copy = mob_pkt_derive(w, pkt, inner_bytes, inner_len);
    free(pkt);
    if (!fwd || !copy) {
        free(fwd);
        free(copy);
        return true;
    }
    mob_net_send(w, ha->node, ha->net, fwd);
    /* keep a copy for T_h and ask the peer's HA (B's stationary location
     * proxy) where the peer is */
    mob_held_t *h = held_add(w, MOB_HELD_PROXY_COPY, ha->node, w->cfg.T_h);
    if (!h) {
        free(copy);
        return true;
    }
    h->pkt = copy;
    h->host = copy->intended;
    h->hoa = peer_hoa;
    h->addr = inner->dst;
    h->id = ++w->next_query_id;
    scheme_note(w, ha->node, h->host, inner->mh.type, "proxy kept a copy");
    smsg_t q = {.subtype = MOB_SMSG_PROXY_QUERY, .id = h->id, .a1 = peer_hoa};
    smsg_send(w, ha->node, ha->net, &ha->addr, &w->router_addr[peer_net], &q,
              mob_router_node(w, peer_net));
    return true;
}

static int served_by(mob_world_t *w, const mob_ha_t *ha, const net_addr_t *hoa)
{
    for (int i = 0; i < w->cfg.n_hosts; i++)
        if (w->hosts[i].home_net == ha->net && net_addr_eq(&w->hosts[i].hoa, hoa))
            return i;
    return -1;
}

static void on_query(mob_world_t *w, mob_ha_t *ha, const smsg_t *s, const net_addr_t *querier)
{
    int host = served_by(w, ha, &s->a1);
    if (host < 0)
        return;
    smsg_t a = {.subtype = MOB_SMSG_PROXY_ANSWER, .id = s->id, .a1 = s->a1};
    if (ha->bind[host].valid)
        a.a2 = ha->bind[host].coa;
    int qnet = mob_net_of_addr(w, querier);
    smsg_send(w, ha->node, ha->net, &ha->addr, querier, &a,
              qnet >= 0 ? mob_router_node(w, qnet) : -1);
    /* watch for T_p: a new registration in that time is passed on */
    mob_held_t *h = held_add(w, MOB_HELD_WATCH, ha->node, w->cfg.T_p);
    if (!h)
        return;
    h->host = host;
    h->id = s->id;
    h->addr = *querier;
    h->hoa = s->a1;
}

static void on_location(mob_world_t *w, mob_ha_t *ha, const smsg_t *s)
{
    for (size_t i = 0; i < w->n_held; i++) {
        mob_held_t *h = &w->held[i];
        if (!h->used || h->role != MOB_HELD_PROXY_COPY || h->node != ha->node || h->id != s->id)
            continue;
        if (!net_addr_is_zero(&s->a2) && !net_addr_eq(&s->a2, &h->addr))
            proxy_resend(w, ha, h, &s->a2);
        return;
    }
    /* T_h <= T_p: the copy is gone when the news arrives (paper, IV.B) */
    scheme_note(w, ha->node, -1, s->subtype,
                s->subtype == MOB_SMSG_PROXY_UPDATE ? "proxy update too late: copy gone"
                                                    : "proxy answer too late: copy gone");
}

void mob_scheme_ha_message(mob_world_t *w, mob_ha_t *ha, mob_pkt_t *pkt, const pkt_view_t *v)
{
    smsg_t s;
    if (!smsg_decode(v, &s) || s.subtype == MOB_SMSG_FWD_INSTALL) {
        mob_pkt_drop(w, pkt, ha->node, "unexpected-at-home-agent");
        return;
    }
    if (w->cfg.scheme != MOB_SCHEME_PROXIES || !ha->deployed) {
        mob_pkt_drop(w, pkt, ha->node, "scheme-not-deployed");
        return;
    }
    mob_trace_received(w, pkt, ha->node);
    net_addr_t from = v->src;
    free(pkt);
    if (s.subtype == MOB_SMSG_PROXY_QUERY)
        on_query(w, ha, &s, &from);
    else
        on_location(w, ha, &s);
}

static void proxy_registered(mob_world_t *w, mob_ha_t *ha, int host, const net_addr_t *coa)
{
    for (size_t i = 0; i < w->n_held; i++) {
        mob_held_t *h = &w->held[i];
        if (!h->used || h->role != MOB_HELD_WATCH || h->node != ha->node || h->host != host)
            continue;
        smsg_t u = {.subtype = MOB_SMSG_PROXY_UPDATE, .id = h->id, .a1 = h->hoa, .a2 = *coa};
        int qnet = mob_net_of_addr(w, &h->addr);
        net_addr_t to = h->addr;
        smsg_send(w, ha->node, ha->net, &ha->addr, &to, &u,
                  qnet >= 0 ? mob_router_node(w, qnet) : -1);
    }
}

void mob_scheme_home_registered(mob_world_t *w, mob_ha_t *ha, int host, const net_addr_t *coa)
{
    if (w->cfg.scheme == MOB_SCHEME_HOA_SIGNALING && ha->deployed)
        hoa_reforward(w, ha, host, coa);
    if (w->cfg.scheme == MOB_SCHEME_PROXIES && ha->deployed)
        proxy_registered(w, ha, host, coa);
}
