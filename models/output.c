/* models/output.c - a mobile host's way out: direct or reverse-tunneled,
 * Mobility Header encoding with the BAD, and where RR and BUs to the peer
 * are addressed. */
#include "models/output.h"

#include "models/net.h"
#include "models/scheme.h"

uint64_t mob_host_random64(mob_world_t *w)
{
    uint64_t hi = gsl_rng_get(w->rng_crypto), lo = gsl_rng_get(w->rng_crypto);
    return (hi << 32) | lo;
}

net_addr_t mob_host_ha_addr(mob_world_t *w, const struct mob_mn *h)
{
    return w->router_addr[h->home_net];
}

void mob_host_output(mob_world_t *w, struct mob_mn *h, const pkt_desc_t *d, mob_pkt_kind_t kind,
                     int intended, bool tunnel)
{
    uint8_t mh_type = d->proto == PKT_PROTO_MH && d->payload_len > 2 ? d->payload[2] : 0xff;
    mob_pkt_t *pkt;
    if (h->stationary)
        tunnel = false; /* no home agent: a stationary correspondent sends directly */
    if (mob_host_at_home(h))
        tunnel = false; /* RFC 6275 §11.5.5: at home the home address is on the link */
    if (!tunnel) {
        pkt = mob_pkt_make(w, d, kind, h->index, intended);
    } else {
        /* reverse tunnel (RFC 6275 §11.3.1): inner from the home address,
         * outer from the CoA to the home agent */
        uint8_t inner[PKT_MAX_LEN];
        size_t inner_len;
        if (pkt_build(d, inner, sizeof(inner), &inner_len) < 0) {
            w->oom = 1;
            return;
        }
        pkt_desc_t outer = {
            .src = h->coa,
            .dst = mob_host_ha_addr(w, h),
            .proto = PKT_PROTO_IPV6,
            .payload = inner,
            .payload_len = inner_len,
        };
        pkt = mob_pkt_make(w, &outer, kind, h->index, intended);
        if (pkt) {
            pkt->mh_type = mh_type;
            pkt->orig_dst = d->dst;
        }
    }
    if (pkt)
        mob_host_output_pkt(w, h, pkt, kind, intended);
}

void mob_host_output_pkt(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, mob_pkt_kind_t kind,
                         int intended)
{
    /* per-pair accounting, decided once here (derived copies keep it): a
     * message from h for one of its correspondents */
    const mob_corr_t *c =
        intended >= 0 && intended < w->cfg.n_hosts ? mob_corr_for(w, h, intended) : NULL;
    if (c) {
        pkt->pair = c->pair;
        if (kind == MOB_PK_DATA)
            w->pm[c->pair].data_sent++;
        else
            w->pm[c->pair].sig_sent++;
    }
    if (!h->attached) {
        mob_pkt_drop(w, pkt, h->index, "no-link");
        return;
    }
    mob_net_send(w, h->index, h->net, pkt);
}

/* Sends a Mobility Header message m (encoded here) with the given
 * addressing. Returns the encoded length or 0. */
void mob_host_send_mh(mob_world_t *w, struct mob_mn *h, mh_msg_t *m, pkt_desc_t *d, int intended,
                      bool tunnel, const uint8_t *kbm, const net_addr_t *auth_coa,
                      const net_addr_t *auth_cn)
{
    uint8_t mh[MH_MAX_LEN];
    size_t len;
    if (mh_encode(m, mh, sizeof(mh), &len) < 0) {
        w->oom = 1;
        return;
    }
    if (kbm && m->has_bad) {
        int off = mh_auth_offset(mh, len);
        if (off < 0) {
            w->oom = 1;
            return;
        }
        rr_crypto_authenticator(rr_cn_crypto(h->rr), kbm, auth_coa, auth_cn, mh, (size_t)off,
                                mh + off);
    }
    d->proto = PKT_PROTO_MH;
    d->payload = mh;
    d->payload_len = len;
    mob_host_output(w, h, d, MOB_PK_SIGNALING, intended, tunnel);
}

/* Where HoTI, CoTI and BU to the peer go: the peer's cached CoA (with a
 * type 2 routing header) in the paper's model when a binding exists,
 * otherwise (or under strict RFC 6275 §6.1, or hoa-signaling) its home
 * address. */
void mob_host_peer_target(mob_world_t *w, const mob_corr_t *c, pkt_desc_t *d)
{
    bool to_home = w->cfg.mh_routing == MOB_MH_RFC6275 || !c->bce.valid || w->ops->signal_to_home;
    if (to_home) {
        d->dst = c->peer_hoa;
    } else {
        d->dst = c->bce.coa;
        d->has_rh2 = true;
        d->rh2_home = c->peer_hoa;
    }
}
