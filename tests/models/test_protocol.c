/* RFC 6275 behaviour of the roles beyond the paper's figures: binding
 * refresh, cold start with HA DAD, expedited RR, and the correspondent's BU
 * checks driven by replayed and tampered packets (which status each BA
 * carried, which BU was silently dropped). */
#include "models/mh.h"
#include "models/pkt.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

#include <string.h>

static void test_bindings_refreshed_by_brr_before_expiry(void)
{
    mob_config_t c;
    fx_config(&c);
    c.bu_lifetime = SIM_S(40);
    c.horizon = SIM_S(120);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    /* each correspondent asks at 7/8 of 40 s = 35 s, to the peer's HoA */
    const fx_rec_t *brr = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BRR", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(brr);
    CU_ASSERT_EQUAL(brr->at, SIM_S(35));
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_SENT, "A", "BRR", 0));
    /* A answers with a new registration: RR and a BU B accepts */
    CU_ASSERT_TRUE(fx_count(&r, SIM_TR_BINDING, "B", -1, "refreshed", SIM_S(35)) >= 1);
    CU_ASSERT_TRUE(fx_count(&r, SIM_TR_BINDING, "A", -1, "refreshed", SIM_S(35)) >= 1);
    /* no binding ever expired, no data lost, home bindings refreshed at 36 s */
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, NULL, -1, "expired", 0), 0);
    CU_ASSERT_EQUAL(r.m->data_lost, 0);
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_SENT, "A", "home BU seq 2", SIM_S(36)));
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    fx_free(&r);
    mob_config_free(&c);
}

static void test_cold_start_waits_for_home_agent_dad(void)
{
    mob_config_t c;
    fx_config(&c);
    c.initial_cold = true;
    c.horizon = SIM_S(10);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    /* home BU at 0 reaches HA_A at 30 ms; its first BA waits ha_dad (1 s) */
    const fx_rec_t *ba = fx_first_label(&r, SIM_TR_PKT_SENT, "HA_A", "BA seq 1 status 0", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    CU_ASSERT_EQUAL(ba->at, SIM_MS(1030));
    /* the home bindings are usable only after DAD (§10.3.1, tests in
     * test_ha_dad.c): A's HoTI, reverse-tunneled at 30 ms from a CoA HA_A
     * does not yet accept, and its CoTI to B's home address, for which HA_B
     * has no binding yet, die; their retransmissions at 1 s reach the HAs
     * as DAD ends (1.03 s), and the correspondent BUs follow the RR at
     * 1.22 s */
    const mob_lost_t *l = fx_lost(&r, "HoTI", "A", "HA_A");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "reverse-tunnel-unregistered-coa");
    CU_ASSERT_EQUAL(l->died_at, SIM_MS(30));
    l = fx_lost(&r, "CoTI", "A", "HA_B");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "no-home-binding");
    CU_ASSERT_EQUAL(l->died_at, SIM_MS(30));
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_SENT, "A", "CoTI", SIM_S(1)));
    const fx_rec_t *bu = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BU seq 1", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bu);
    CU_ASSERT_EQUAL(bu->at, SIM_MS(1220));
    /* the first home BU was not retransmitted: 1.5 s first timeout covers DAD */
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "A", "home BU seq 2", 0), 0);
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    fx_free(&r);
    mob_config_free(&c);
}

static void test_expedited_rr_reuses_home_token_and_fig1_still_fails(void)
{
    mob_config_t c;
    fx_config(&c);
    c.rr_expedited = true;
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_S(6), NET_B2);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    /* no HoTI at all: the home keygen token from t = 0 is re-used */
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "A", "HoTI", 0), 0);
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "B", "HoTI", 0), 0);
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    /* CoTI 30 ms + CoT 30 ms + BU 30 ms after B's CoA is usable at 6.1 s */
    CU_ASSERT_EQUAL(r.m->restore_time, SIM_MS(190));
    fx_free(&r);
    mob_config_free(&c);

    /* paper III.C: with the Figure 1 timing the CoTIs are lost all the same */
    mob_config_free(&c);
    fx_config(&c);
    c.rr_expedited = true;
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_MS(1030), NET_B2);
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_PTR_NOT_NULL(fx_lost(&r, "CoTI", "A", "AR_B1"));
    CU_ASSERT_PTR_NOT_NULL(fx_lost(&r, "CoTI", "B", "AR_A1"));
    CU_ASSERT_FALSE(r.m->restored_ab || r.m->restored_ba);
    fx_free(&r);
    mob_config_free(&c);
}

/* Runs the control timing and captures A's correspondent BU (to B). */
static int capture_bu(uint8_t *buf, size_t *len, char *label, size_t cap)
{
    mob_config_t c;
    fx_config(&c);
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_run_t r;
    if (fx_run(&r, &c) != 0)
        return -1;
    int rc = -1;
    for (size_t i = 0; i < r.n; i++) {
        const fx_rec_t *f = &r.recs[i];
        if (f->kind == SIM_TR_PKT_SENT && strcmp(f->node, "A") == 0 &&
            strncmp(f->label, "BU seq", 6) == 0 && f->at > SIM_S(1)) {
            memcpy(buf, f->bytes, f->len);
            *len = f->len;
            snprintf(label, cap, "%s", f->label);
            rc = 0;
            break;
        }
    }
    fx_free(&r);
    mob_config_free(&c);
    return rc;
}

static void control_config(mob_config_t *c, sim_time_t horizon)
{
    fx_config(c);
    fx_move(c, 0, SIM_S(1), NET_A2);
    c->horizon = horizon;
    c->traffic_rate = 0;
}

static void test_replayed_bu_gets_ba_135_with_last_accepted_seq(void)
{
    uint8_t bu[256];
    size_t len;
    char label[48];
    CU_ASSERT_EQUAL_FATAL(capture_bu(bu, &len, label, sizeof(label)), 0);
    CU_ASSERT_STRING_EQUAL(label, "BU seq 2");
    mob_config_t c;
    control_config(&c, SIM_S(5));
    fx_inject_t inj = {SIM_S(3), "A", bu, len};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    /* the replay reaches B 30 ms later; seq 2 is not newer than 2 */
    const fx_rec_t *ba = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BA seq 2 status 135", SIM_S(3));
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    CU_ASSERT_EQUAL(ba->at, SIM_MS(3030));
    CU_ASSERT_PTR_NOT_NULL(
        fx_first_label(&r, SIM_TR_PKT_RECEIVED, "A", "BA seq 2 status 135", SIM_S(3)));
    /* B's binding was not touched by the replay */
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "B", -1, NULL, SIM_S(3)), 0);
    fx_free(&r);
    mob_config_free(&c);
}

static void test_bu_with_wrong_authenticator_is_dropped_silently(void)
{
    uint8_t bu[256];
    size_t len;
    char label[48];
    CU_ASSERT_EQUAL_FATAL(capture_bu(bu, &len, label, sizeof(label)), 0);
    /* flip a bit of the authenticator (the last 12 bytes) and fix the
     * checksum, so only the authenticator is wrong */
    pkt_view_t v;
    CU_ASSERT_EQUAL_FATAL(pkt_parse(bu, len, &v, NULL, 0), 0);
    size_t mh_off = (size_t)(v.upper - bu);
    bu[len - 1] ^= 0x01;
    bu[mh_off + 4] = bu[mh_off + 5] = 0;
    uint16_t csum = mh_checksum(bu + mh_off, v.upper_len, &v.hao, v.has_rh2 ? &v.rh2_home : &v.dst);
    bu[mh_off + 4] = (uint8_t)(csum >> 8);
    bu[mh_off + 5] = (uint8_t)csum;
    CU_ASSERT_EQUAL_FATAL(pkt_parse(bu, len, &v, NULL, 0), 0);
    /* also bump the sequence number so the seq check cannot be what rejects it */
    mob_config_t c;
    control_config(&c, SIM_S(5));
    fx_inject_t inj = {SIM_S(3), "A", bu, len};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    CU_ASSERT_PTR_NOT_NULL(
        fx_first(&r, SIM_TR_NOTE, "B", MH_BU, "BU with a wrong authenticator dropped", SIM_S(3)));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "B", MH_BA, NULL, SIM_S(3)), 0); /* no BA */
    fx_free(&r);
    mob_config_free(&c);
}

static void test_bu_with_expired_nonces_gets_ba_138_without_bad(void)
{
    uint8_t bu[256];
    size_t len;
    char label[48];
    CU_ASSERT_EQUAL_FATAL(capture_bu(bu, &len, label, sizeof(label)), 0);
    mob_config_t c;
    control_config(&c, SIM_S(250));
    /* both nonces were made at t = 0 and live 240 s */
    fx_inject_t inj = {SIM_S(245), "A", bu, len};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    const fx_rec_t *ba =
        fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BA seq 2 status 138", SIM_S(245));
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    pkt_view_t v;
    CU_ASSERT_EQUAL_FATAL(pkt_parse(ba->bytes, ba->len, &v, NULL, 0), 0);
    CU_ASSERT_FALSE(v.mh.has_bad); /* RFC 6275 §6.1.8: no BAD with 136-138 */
    fx_free(&r);
    mob_config_free(&c);
}

static void test_data_with_unknown_home_address_gets_binding_error(void)
{
    /* a UDP packet from A's CoA claiming a home address B has no binding for */
    mob_config_t c;
    control_config(&c, SIM_S(5));
    uint8_t pkt[PKT_MAX_LEN];
    size_t len;
    uint8_t data[8] = {0};
    pkt_desc_t d = {.proto = PKT_PROTO_UDP,
                    .payload = data,
                    .payload_len = sizeof(data),
                    .sport = 7001,
                    .dport = 7002,
                    .has_hao = true};
    net_addr_parse("2001:db8:a2::100", &d.src);
    net_addr_parse("2001:db8:a::999", &d.hao);
    net_addr_parse("2001:db8:b1::200", &d.dst);
    d.has_rh2 = true;
    net_addr_parse("2001:db8:b::200", &d.rh2_home);
    CU_ASSERT_EQUAL_FATAL(pkt_build(&d, pkt, sizeof(pkt), &len), 0);
    fx_inject_t inj = {SIM_S(3), "A", pkt, len};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    const fx_rec_t *be = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BE status 1", SIM_S(3));
    CU_ASSERT_PTR_NOT_NULL_FATAL(be);
    CU_ASSERT_EQUAL(be->at, SIM_MS(3030));
    /* A takes the error as "peer lost our binding" and registers again */
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_RECEIVED, "A", "BE status 1", SIM_S(3)));
    const fx_rec_t *hoti = fx_first_label(&r, SIM_TR_PKT_SENT, "A", "HoTI", SIM_MS(3060));
    CU_ASSERT_PTR_NOT_NULL_FATAL(hoti);
    CU_ASSERT_EQUAL(hoti->at, SIM_MS(3060));
    fx_free(&r);
    mob_config_free(&c);
}

/* Path delays drawn from each distribution: with no moves every data
 * packet goes A1 -> B1 directly, access + core + access, so the mean data
 * delay is 2 x E[access] + 20 ms (about 6000 packets: standard error well
 * under 0.2 ms). */
static sim_time_t mean_delay_with_access(mob_delay_t access)
{
    mob_config_t c;
    fx_config(&c);
    c.horizon = SIM_S(60);
    c.access_default = access;
    c.pairs[0].delay = c.core_default; /* only A1 <-> B1 matters */
    fx_run_t r;
    CU_ASSERT_EQUAL(fx_run(&r, &c), 0);
    CU_ASSERT_EQUAL(r.m->data_lost, 0);
    CU_ASSERT_TRUE(r.m->data_received > 5900);
    sim_time_t mean = r.m->data_delay_mean;
    fx_free(&r);
    mob_config_free(&c);
    return mean;
}

static void assert_near_ms(sim_time_t got, double want_ms, double tol_ms)
{
    double g = (double)got / 1e6;
    CU_ASSERT_TRUE(g > want_ms - tol_ms && g < want_ms + tol_ms);
    if (!(g > want_ms - tol_ms && g < want_ms + tol_ms))
        fprintf(stderr, "mean delay %.3f ms, expected %.3f +- %.3f\n", g, want_ms, tol_ms);
}

static void test_delay_distributions_have_their_means(void)
{
    assert_near_ms(mean_delay_with_access(MOB_DELAY_CONST(SIM_MS(5))), 30.0, 1e-9);
    assert_near_ms(mean_delay_with_access((mob_delay_t){MOB_DIST_UNIFORM, SIM_MS(2), SIM_MS(8), 0}),
                   30.0, 0.3);
    assert_near_ms(mean_delay_with_access((mob_delay_t){MOB_DIST_EXP, SIM_MS(5), 0, 0}), 30.0, 0.5);
    /* lognormal: mean = median * exp(sigma^2 / 2) = 5 * e^0.125 = 5.6657 ms */
    assert_near_ms(mean_delay_with_access((mob_delay_t){MOB_DIST_LOGNORMAL, SIM_MS(5), 0, 0.5}),
                   20.0 + 2 * 5.6657, 0.5);
    assert_near_ms(mean_delay_with_access((mob_delay_t){MOB_DIST_NORMAL, SIM_MS(5), SIM_MS(1), 0}),
                   30.0, 0.3);
}

/* A home agent forwards a reverse-tunnelled packet as a router: it reads
 * the inner headers (source check, RFC 6275 §10.4.5) but not the inner
 * transport checksum; the final receiver verifies it. An inner UDP packet
 * from A's home address to B's with a wrong checksum leaves HA_A and dies
 * at B, after HA_B's tunnel: 30 + 50 + 30 ms after it was sent. */
static void test_ha_forwards_reverse_tunnelled_packet_and_receiver_checks_inner_checksum(void)
{
    mob_config_t c;
    control_config(&c, SIM_S(5));
    uint8_t data[8] = {1, 2, 3, 4}, inner[PKT_MAX_LEN], outer[PKT_MAX_LEN];
    size_t inner_len, outer_len;
    pkt_desc_t d = {.proto = PKT_PROTO_UDP,
                    .payload = data,
                    .payload_len = sizeof(data),
                    .sport = 7001,
                    .dport = 7002};
    net_addr_parse("2001:db8:a::100", &d.src);
    net_addr_parse("2001:db8:b::200", &d.dst);
    CU_ASSERT_EQUAL_FATAL(pkt_build(&d, inner, sizeof(inner), &inner_len), 0);
    inner[inner_len - 1] ^= 0x40; /* a payload bit flipped after the checksum was made */
    pkt_desc_t t = {.proto = PKT_PROTO_IPV6, .payload = inner, .payload_len = inner_len};
    net_addr_parse("2001:db8:a2::100", &t.src); /* A's CoA after its move at 1 s */
    net_addr_parse("2001:db8:a::1", &t.dst);    /* HA_A */
    CU_ASSERT_EQUAL_FATAL(pkt_build(&t, outer, sizeof(outer), &outer_len), 0);
    fx_inject_t inj = {SIM_S(3), "A", outer, outer_len};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_DROPPED, "HA_A", -1, NULL, SIM_S(3)), 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_DROPPED, "HA_B", -1, NULL, SIM_S(3)), 0);
    const fx_rec_t *drop = fx_first(&r, SIM_TR_PKT_DROPPED, "B", -1, "malformed", SIM_S(3));
    CU_ASSERT_PTR_NOT_NULL_FATAL(drop);
    CU_ASSERT_EQUAL(drop->at, SIM_MS(3110));
    fx_free(&r);
    mob_config_free(&c);
}

void suite_models_protocol(void)
{
    ADD_SUITE("models/protocol", TEST(test_bindings_refreshed_by_brr_before_expiry),
              TEST(test_ha_forwards_reverse_tunnelled_packet_and_receiver_checks_inner_checksum),
              TEST(test_cold_start_waits_for_home_agent_dad),
              TEST(test_expedited_rr_reuses_home_token_and_fig1_still_fails),
              TEST(test_replayed_bu_gets_ba_135_with_last_accepted_seq),
              TEST(test_bu_with_wrong_authenticator_is_dropped_silently),
              TEST(test_bu_with_expired_nonces_gets_ba_138_without_bad),
              TEST(test_data_with_unknown_home_address_gets_binding_error),
              TEST(test_delay_distributions_have_their_means));
}
