/* models/label.c - readable labels of packets and views of protocol state,
 * for charts, logs and teaching demos (analysis/ and cli/ use them; nothing
 * here decides anything in the model). */
#include "models/world.h"

#include "models/ha.h"
#include "models/host.h"
#include "models/scheme.h"

#include <stdio.h>
#include <string.h>

static const char *mh_label(const pkt_view_t *v, char *buf, size_t cap)
{
    const mh_msg_t *m = &v->mh;
    switch (m->type) {
    case MH_BU:
        snprintf(buf, cap, "%sBU seq %u", (m->bu_flags & MH_BU_H) ? "home " : "", m->seq);
        break;
    case MH_BA:
        snprintf(buf, cap, "BA seq %u status %u", m->seq, m->ba_status);
        break;
    case MH_BE:
        snprintf(buf, cap, "BE status %u", m->be_status);
        break;
    case MH_EXPERIMENTAL:
        snprintf(buf, cap, "%s", m->exp_len > 0 ? mob_scheme_msg_name(m->exp_data[0]) : "MH-11");
        break;
    default:
        snprintf(buf, cap, "%s", mh_type_name(m->type));
        break;
    }
    return buf;
}

static const char *label_view(const pkt_view_t *v, int depth, char *buf, size_t cap)
{
    if (v->proto == PKT_PROTO_IPV6 && depth == 0) {
        pkt_view_t inner;
        if (pkt_parse(v->upper, v->upper_len, &inner, NULL, 0) < 0)
            return snprintf(buf, cap, "tunnel"), buf;
        return label_view(&inner, 1, buf, cap);
    }
    switch (v->proto) {
    case PKT_PROTO_MH:
        return mh_label(v, buf, cap);
    case PKT_PROTO_UDP:
        snprintf(buf, cap, "data");
        return buf;
    case PKT_PROTO_ICMPV6:
        snprintf(buf, cap, "ICMP unreachable");
        return buf;
    default:
        snprintf(buf, cap, "?");
        return buf;
    }
}

const char *mob_packet_label(const uint8_t *bytes, size_t len, char *buf, size_t cap)
{
    pkt_view_t v;
    if (!bytes || pkt_parse(bytes, len, &v, NULL, 0) < 0) {
        snprintf(buf, cap, "?");
        return buf;
    }
    return label_view(&v, 0, buf, cap);
}

bool mob_packet_is_data(const uint8_t *bytes, size_t len)
{
    pkt_view_t v;
    if (!bytes || pkt_parse(bytes, len, &v, NULL, 0) < 0)
        return false;
    if (v.proto == PKT_PROTO_IPV6) {
        pkt_view_t inner;
        if (pkt_parse(v.upper, v.upper_len, &inner, NULL, 0) < 0)
            return false;
        return inner.proto == PKT_PROTO_UDP;
    }
    return v.proto == PKT_PROTO_UDP;
}

static const char *cr_state_name(mob_cr_state_t s)
{
    static const char *const names[] = {"idle", "RR", "BU wait", "BU sent", "bound", "failed"};
    return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

static void corr_view(const mob_world_t *w, const mob_corr_t *c, bool stationary,
                      mob_corr_view_t *cv)
{
    if (c->peer >= 0 && c->peer < w->cfg.n_hosts) {
        snprintf(cv->peer, sizeof(cv->peer), "%s", w->cfg.hosts[c->peer].name);
        cv->peer_stationary = w->cfg.hosts[c->peer].kind == MOB_HOST_CORRESPONDENT;
    }
    cv->peer_hoa = c->peer_hoa;
    cv->bce_valid = c->bce.valid;
    cv->bce_coa = c->bce.coa;
    cv->bce_expires = c->bce.expires;
    cv->bce_seq = c->bce.seq;
    if (!stationary) {
        cv->cr_state = cr_state_name(c->cr.state);
        cv->have_home_token = c->cr.have_home_token;
        cv->have_coa_token = c->cr.have_coa_token;
        cv->bu_seq = c->cr.bu_seq;
        cv->bul_coa = c->cr.for_coa;
        cv->bu_acked = c->cr.bu_acked;
        cv->ro_fallback = c->cr.ro_fallback;
    }
}

static void host_view(const mob_world_t *w, int i, mob_host_view_t *hv)
{
    const struct mob_mn *h = &w->hosts[i];
    snprintf(hv->name, sizeof(hv->name), "%s", w->cfg.hosts[i].name);
    hv->attached = h->attached;
    int net = h->attached ? h->net : h->moving_to;
    if (net >= 0 && net < w->cfg.n_nets)
        snprintf(hv->net, sizeof(hv->net), "%s", w->cfg.nets[net].name);
    hv->hoa = h->hoa;
    hv->coa = h->coa;
    hv->stationary = w->cfg.hosts[i].kind == MOB_HOST_CORRESPONDENT;
    hv->n_corr_total = h->n_corr;
    hv->n_corr = h->n_corr < MOB_VIEW_MAX ? h->n_corr : MOB_VIEW_MAX;
    for (int k = 0; k < hv->n_corr; k++)
        corr_view(w, &h->corr[k], hv->stationary, &hv->corr[k]);
    if (!hv->stationary) { /* no home agent, no home registration */
        hv->home_registered = h->home_registered;
        hv->home_seq = h->home_seq;
    }
    if (!hv->stationary && h->home_net >= 0 && h->home_net < w->cfg.n_nets) {
        snprintf(hv->home_agent, sizeof(hv->home_agent), "%s",
                 mob_world_node_name(w, w->ha[h->home_net].node));
        hv->home_bce_valid = h->home_bce.valid;
        hv->home_bce_coa = h->home_bce.coa;
        hv->home_bce_seq = h->home_bce.seq;
        hv->home_bce_expires = h->home_bce.expires;
    }
}

int mob_world_n_hosts(const mob_world_t *w)
{
    return w->cfg.n_hosts;
}

void mob_world_host_view(const mob_world_t *w, int host, mob_host_view_t *hv)
{
    memset(hv, 0, sizeof(*hv));
    if (host < 0 || host >= w->cfg.n_hosts) {
        snprintf(hv->name, sizeof(hv->name), "?");
        return;
    }
    host_view(w, host, hv);
}

void mob_world_corr_view(const mob_world_t *w, int host, int k, mob_corr_view_t *cv)
{
    memset(cv, 0, sizeof(*cv));
    if (host < 0 || host >= w->cfg.n_hosts || k < 0 || k >= w->hosts[host].n_corr) {
        snprintf(cv->peer, sizeof(cv->peer), "?");
        return;
    }
    corr_view(w, &w->hosts[host].corr[k], w->cfg.hosts[host].kind == MOB_HOST_CORRESPONDENT, cv);
}

int mob_world_n_home_agents(const mob_world_t *w)
{
    int n = 0;
    for (int i = 0; i < w->cfg.n_nets; i++)
        n += w->cfg.nets[i].is_home;
    return n;
}

const char *mob_world_home_agent_name(const mob_world_t *w, int k)
{
    for (int i = 0; i < w->cfg.n_nets; i++)
        if (w->cfg.nets[i].is_home && k-- == 0)
            return mob_world_node_name(w, w->ha[i].node);
    return "?";
}

int mob_world_home_agent_copies(const mob_world_t *w, int k)
{
    for (int i = 0; i < w->cfg.n_nets; i++)
        if (w->cfg.nets[i].is_home && k-- == 0)
            return mob_scheme_copies_at(w, w->ha[i].node);
    return 0;
}

void mob_world_view(const mob_world_t *w, mob_world_view_t *v)
{
    memset(v, 0, sizeof(*v));
    v->now = sim_now(w->sim);
    v->n_hosts_total = w->cfg.n_hosts;
    v->n_hosts = w->cfg.n_hosts < MOB_VIEW_MAX ? w->cfg.n_hosts : MOB_VIEW_MAX;
    for (int i = 0; i < v->n_hosts; i++)
        host_view(w, i, &v->host[i]);
    for (int n = 0; n < w->cfg.n_nets; n++) {
        if (!w->cfg.nets[n].is_home)
            continue;
        if (v->n_has_total++ >= MOB_VIEW_MAX)
            continue;
        const mob_ha_t *ha = &w->ha[n];
        mob_ha_view_t *av = &v->ha[v->n_has++];
        snprintf(av->name, sizeof(av->name), "%s", mob_world_node_name(w, ha->node));
        /* the first MOB_VIEW_MAX bound hosts: stop there, not at the last of
         * 10^5 hosts (an MSC with views calls this at every step) */
        for (int i = 0; i < w->cfg.n_hosts && av->n_bindings < MOB_VIEW_MAX; i++) {
            const mob_bce_t *b = &w->hosts[i].home_bce;
            if (w->hosts[i].home_net != n || !b->valid)
                continue;
            int k = av->n_bindings++;
            snprintf(av->bind[k].host, sizeof(av->bind[k].host), "%s", w->cfg.hosts[i].name);
            av->bind[k].hoa = b->hoa;
            av->bind[k].coa = b->coa;
            av->bind[k].seq = b->seq;
        }
        av->copies_held = mob_scheme_copies_at(w, ha->node);
    }
}
