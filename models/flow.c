/* models/flow.c - the CBR data flows between the hosts: sending (route-
 * optimized when the bindings allow, else through the home agents) and
 * what the receiver measures. */
#include "models/flow.h"

#include <assert.h>
#include <string.h>

#include "models/cn.h"
#include "models/output.h"
#include "models/packet.h"

#define DATA_PORT_BASE 7000 /* UDP ports 7001, 7002 (5000/5001 look like TAPA to Wireshark) */

void mob_flow_receive(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, const pkt_view_t *v,
                      bool via_tunnel)
{
    if (v->has_hao) {
        /* §9.3.1: a HAO must match a binding: home address and this CoA */
        if (!h->bce.valid || !net_addr_eq(&h->bce.hoa, &v->hao) ||
            !net_addr_eq(&h->bce.coa, &v->src)) {
            mob_cn_send_be(w, h, v, MH_BE_UNKNOWN_HAO, &v->hao);
            mob_pkt_drop(w, pkt, h->index, "no-binding-for-hao");
            return;
        }
    }
    sim_time_t now = sim_now(w->sim);
    sim_time_t gap = now - h->last_rx;
    if (gap > h->max_gap)
        h->max_gap = gap;
    h->last_rx = now;
    h->last_rx_ro = !via_tunnel && v->has_rh2;
    if (h->last_rx_ro)
        h->first_ro_rx_after_restore = now;
    w->m.data_received++;
    sim_time_t delay = now - pkt->created;
    w->delay_sum += delay;
    if (mob_q_add(&w->delays, delay) < 0) {
        w->oom = 1;
        free(pkt);
        return;
    }
    mob_trace_received(w, pkt, h->index);
    free(pkt);
}

static void flow_send(mob_world_t *w, struct mob_mn *h)
{
    struct mob_mn *p = mob_peer_of(w, h);
    uint8_t payload[2048];
    size_t size = (size_t)w->cfg.traffic_size;
    if (size > sizeof(payload))
        size = sizeof(payload);
    memset(payload, 0, size);
    uint32_t seq = ++h->data_seq;
    for (size_t i = 0; i < 4 && i < size; i++)
        payload[i] = (uint8_t)(seq >> (24 - 8 * i));
    uint16_t port = (uint16_t)(DATA_PORT_BASE + 1 + h->index);
    pkt_desc_t d = {.proto = PKT_PROTO_UDP,
                    .payload = payload,
                    .payload_len = size,
                    .sport = port,
                    .dport = port};
    /* to the peer's CoA when we hold a binding (RH2), else its home address */
    if (h->bce.valid) {
        d.dst = h->bce.coa;
        d.has_rh2 = true;
        d.rh2_home = p->hoa;
    } else {
        d.dst = p->hoa;
    }
    /* from our CoA with a HAO once the peer holds our binding; otherwise
     * through the reverse tunnel */
    bool ro_out = h->cr.bu_acked && net_addr_eq(&h->cr.for_coa, &h->coa);
    if (ro_out) {
        d.src = h->coa;
        d.has_hao = true;
        d.hao = h->hoa;
    } else {
        d.src = h->hoa;
    }
    w->m.data_sent++;
    mob_host_output(w, h, &d, MOB_PK_DATA, h->peer, !ro_out);
}

/* The CBR interval for `rate` packets per second (> 0): 1e9 / rate ns,
 * truncated, at least 1 ns, and SIM_TIME_MAX (never again) when it does not
 * fit in sim_time_t. A cast of 1e9 / 1e-10 = 1e19 to int64 is undefined (on
 * x86 it gave INT64_MIN: every tick at t = 0, forever). */
static sim_time_t traffic_period(double rate)
{
    assert(rate > 0);
    double ns = 1e9 / rate;
    if (!(ns < 9.2e18))
        return SIM_TIME_MAX;
    if (ns < 1)
        return 1;
    return (sim_time_t)ns;
}

static void data_tick(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    h->data_timer = SIM_HANDLE_NONE;
    flow_send(w, h);
    sim_time_t period = traffic_period(w->cfg.traffic_rate);
    assert(period >= 1);
    if (period <= w->cfg.horizon - sim_now(w->sim) &&
        sim_after(w->sim, period, data_tick, w, h, &h->data_timer) < 0)
        w->oom = 1;
}

void mob_flow_start(mob_world_t *w)
{
    const mob_config_t *c = &w->cfg;
    if (c->traffic_rate <= 0)
        return;
    /* A at 0, B half a period later; a first packet past the horizon
     * is never sent (period * i cannot overflow: i < n_hosts == 2) */
    sim_time_t period = traffic_period(c->traffic_rate);
    assert(c->n_hosts == 2);
    for (int i = 0; i < c->n_hosts; i++) {
        sim_time_t first = period * i / c->n_hosts;
        if (first <= c->horizon &&
            sim_after(w->sim, first, data_tick, w, &w->hosts[i], &w->hosts[i].data_timer) < 0)
            w->oom = 1;
    }
}
