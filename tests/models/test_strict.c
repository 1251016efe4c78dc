/* Strict RFC 6275 checks (issue 14): a home agent's BA 135 handled before
 * the sequence match (§11.7.3), a correspondent with no binding accepting
 * any sequence number and answering a home registration with 131 before
 * any nonce check (§9.5.1), an unknown MH Type reaching its receiver and
 * answered with a rate-limited Binding Error status 2 (§9.2, §9.3.1), and
 * under mh_routing rfc6275 the source checks of §11.6.2/§11.7.3/§11.7.4/
 * §11.3.6 and a mobile correspondent answering from its home address
 * through its reverse tunnel. Packets are crafted and injected; the trace
 * says what was sent where, with which status, when. */
#include <string.h>

#include "models/mh.h"
#include "models/pkt.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

static net_addr_t addr(const char *s)
{
    net_addr_t a;
    CU_ASSERT_EQUAL_FATAL(net_addr_parse(s, &a), 0);
    return a;
}

static bool is(const net_addr_t *a, const char *s)
{
    net_addr_t b = addr(s);
    return net_addr_eq(a, &b);
}

/* An MH message m (or raw MH bytes when raw != NULL) in an IPv6 packet. */
static size_t craft(uint8_t *out, const mh_msg_t *m, const uint8_t *raw, size_t raw_len,
                    pkt_desc_t d)
{
    uint8_t mh[MH_MAX_LEN];
    size_t len = raw_len;
    if (raw)
        memcpy(mh, raw, raw_len);
    else
        CU_ASSERT_EQUAL_FATAL(mh_encode(m, mh, sizeof(mh), &len), 0);
    d.proto = PKT_PROTO_MH;
    d.payload = mh;
    d.payload_len = len;
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(pkt_build(&d, out, PKT_MAX_LEN, &n), 0);
    return n;
}

/* A home BU from A (at A1) with sequence number seq, as a node that lost
 * track of its numbers would send: HA_A accepts it and now holds seq. */
static size_t home_bu_from_a(uint8_t *out, uint16_t seq)
{
    mh_msg_t m = {.type = MH_BU,
                  .seq = seq,
                  .bu_flags = MH_BU_A | MH_BU_H,
                  .lifetime = 105,
                  .has_alt_coa = true,
                  .alt_coa = addr("2001:db8:a1::100")};
    pkt_desc_t d = {.src = addr("2001:db8:a1::100"),
                    .dst = addr("2001:db8:a::1"),
                    .has_hao = true,
                    .hao = addr("2001:db8:a::100")};
    return craft(out, &m, NULL, 0, d);
}

static void quiet_config(mob_config_t *c, sim_time_t horizon)
{
    fx_config(c);
    c->horizon = horizon;
    c->traffic_rate = 0;
}

/* The HA is `ahead` numbers past what A sends at its move: A's home BU
 * seq 2 at 1.1 s gets BA 135 carrying the HA's number at 1.13 s; A adopts
 * it and its next BU, one past, is accepted at once (no 1 s timeout). */
static void home_135_recovers_at_once(uint16_t ahead)
{
    uint16_t ha_seq = (uint16_t)(2 + ahead);
    mob_config_t c;
    quiet_config(&c, SIM_S(5));
    fx_move(&c, 0, SIM_S(1), NET_A2);
    uint8_t bu[PKT_MAX_LEN];
    size_t len = home_bu_from_a(bu, ha_seq);
    fx_inject_t inj = {SIM_MS(500), "A", bu, len};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    char want[48];
    snprintf(want, sizeof(want), "BA seq %u status 0", ha_seq);
    const fx_rec_t *first = fx_first_label(&r, SIM_TR_PKT_SENT, "HA_A", want, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(first); /* the HA took the injected number */
    CU_ASSERT_EQUAL(first->at, SIM_MS(530));
    const fx_rec_t *home = fx_first_label(&r, SIM_TR_PKT_SENT, "A", "home BU seq 2", SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(home);
    CU_ASSERT_EQUAL(home->at, SIM_MS(1100));
    snprintf(want, sizeof(want), "BA seq %u status 135", ha_seq);
    const fx_rec_t *rej = fx_first_label(&r, SIM_TR_PKT_SENT, "HA_A", want, SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(rej);
    CU_ASSERT_EQUAL(rej->at, SIM_MS(1130));
    pkt_view_t v;
    CU_ASSERT_EQUAL_FATAL(pkt_parse(rej->bytes, rej->len, &v, NULL, 0), 0);
    CU_ASSERT(is(&v.src, "2001:db8:a::1"));
    CU_ASSERT(is(&v.dst, "2001:db8:a2::100"));
    /* §11.7.3: the status is handled before the sequence match */
    snprintf(want, sizeof(want), "home BU seq %u", (uint16_t)(ha_seq + 1));
    const fx_rec_t *again = fx_first_label(&r, SIM_TR_PKT_SENT, "A", want, SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(again);
    CU_ASSERT_EQUAL(again->at, SIM_MS(1160));
    snprintf(want, sizeof(want), "BA seq %u status 0", (uint16_t)(ha_seq + 1));
    const fx_rec_t *ok = fx_first_label(&r, SIM_TR_PKT_RECEIVED, "A", want, SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(ok);
    CU_ASSERT_EQUAL(ok->at, SIM_MS(1220));
    /* no retransmission of seq 3 was needed */
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "A", "home BU seq 3", 0), 0);
    /* registered: nothing more is sent to the HA before the horizon */
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "A", MH_BU, NULL, SIM_MS(1161)) -
                        fx_count_label(&r, SIM_TR_PKT_SENT, "A", "BU seq 2", SIM_MS(1161)),
                    0);
    fx_free(&r);
    mob_config_free(&c);
}

static void test_home_ba_135_with_ha_ahead_by_5_recovers_at_once(void)
{
    home_135_recovers_at_once(5);
}

static void test_home_ba_135_with_ha_ahead_by_30000_recovers_at_once(void)
{
    home_135_recovers_at_once(30000);
}

/* §9.5.1: B's binding for A expired (no data, so no BRR); A's old BU seq 2
 * replayed then is accepted (no entry, any number) where with the entry it
 * got 135 (test_protocol.c's replay test). */
static void test_cn_without_binding_accepts_any_sequence_number(void)
{
    mob_config_t c;
    quiet_config(&c, SIM_S(160));
    c.bu_lifetime = SIM_S(100);
    fx_move(&c, 0, SIM_S(1), NET_A2);
    /* first run: A's correspondent BU after the move */
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    uint8_t bu[256];
    size_t len = 0;
    for (size_t i = 0; i < r.n && !len; i++)
        if (r.recs[i].kind == SIM_TR_PKT_SENT && strcmp(r.recs[i].node, "A") == 0 &&
            strcmp(r.recs[i].label, "BU seq 2") == 0) {
            memcpy(bu, r.recs[i].bytes, r.recs[i].len);
            len = r.recs[i].len;
        }
    CU_ASSERT_FATAL(len > 0);
    const fx_rec_t *exp = fx_first(&r, SIM_TR_BINDING, "B", -1, "expired", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(exp);
    CU_ASSERT_TRUE(exp->at > SIM_S(100) && exp->at < SIM_S(102));
    fx_free(&r);
    /* second run: the same BU again at 150 s */
    fx_inject_t inj = {SIM_S(150), "A", bu, len};
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    const fx_rec_t *ba = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BA seq 2 status 0", SIM_S(150));
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    CU_ASSERT_EQUAL(ba->at, SIM_MS(150030));
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "B", "BA seq 2 status 135", SIM_S(150)), 0);
    const fx_rec_t *b = fx_first(&r, SIM_TR_BINDING, "B", -1, "updated", SIM_S(150));
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(b->at, SIM_MS(150030));
    fx_free(&r);
    mob_config_free(&c);
}

/* §9.5.1/§10.3.1: a BU with the H bit at a node that is no home agent gets
 * BA 131 before any return-routability check: this one has no Nonce
 * Indices and no BAD (as a home registration must not), yet is answered,
 * without a BAD, to its source with a type 2 routing header. */
static void test_home_registration_at_a_correspondent_gets_131_before_nonce_checks(void)
{
    mob_config_t c;
    quiet_config(&c, SIM_S(2));
    uint8_t pkt[PKT_MAX_LEN];
    mh_msg_t m = {.type = MH_BU, .seq = 9, .bu_flags = MH_BU_A | MH_BU_H, .lifetime = 10};
    pkt_desc_t d = {.src = addr("2001:db8:a1::100"),
                    .dst = addr("2001:db8:b1::200"),
                    .has_hao = true,
                    .hao = addr("2001:db8:a::100")};
    size_t len = craft(pkt, &m, NULL, 0, d);
    fx_inject_t inj = {SIM_MS(500), "A", pkt, len};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    const fx_rec_t *ba = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BA seq 9 status 131", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    CU_ASSERT_EQUAL(ba->at, SIM_MS(530));
    pkt_view_t v;
    CU_ASSERT_EQUAL_FATAL(pkt_parse(ba->bytes, ba->len, &v, NULL, 0), 0);
    CU_ASSERT(is(&v.src, "2001:db8:b1::200"));
    CU_ASSERT(is(&v.dst, "2001:db8:a1::100"));
    CU_ASSERT_TRUE(v.has_rh2);
    CU_ASSERT(is(&v.rh2_home, "2001:db8:a::100"));
    CU_ASSERT_FALSE(v.mh.has_bad);
    CU_ASSERT_EQUAL(
        fx_count(&r, SIM_TR_NOTE, "B", MH_BU, "BU without nonce indices or BAD dropped", 0), 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "B", -1, NULL, SIM_MS(500)), 0);
    fx_free(&r);
    mob_config_free(&c);
}

/* An MH of type 8 (unknown to RFC 6275) from A's CoA to B's. */
static size_t unknown_type_from_a(uint8_t *out)
{
    uint8_t raw[16] = {59, 1, 8, 0}; /* Payload Proto, Header Len 1 (16 bytes), MH Type 8 */
    pkt_desc_t d = {.src = addr("2001:db8:a1::100"), .dst = addr("2001:db8:b1::200")};
    return craft(out, NULL, raw, sizeof(raw), d);
}

/* §9.2: it crosses the routers, reaches B, and B answers with BE status 2
 * to its source; §9.3.1: Binding Errors are rate-limited (be_min_interval,
 * 1 s by default): of three at 0.5, 0.6 and 1.7 s the second is not
 * answered. */
static void test_unknown_mh_type_gets_rate_limited_binding_error_status_2(void)
{
    mob_config_t c;
    quiet_config(&c, SIM_S(3));
    uint8_t pkt[PKT_MAX_LEN];
    size_t len = unknown_type_from_a(pkt);
    fx_inject_t inj[3] = {
        {SIM_MS(500), "A", pkt, len}, {SIM_MS(600), "A", pkt, len}, {SIM_MS(1700), "A", pkt, len}};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, inj, 3), 0);
    CU_ASSERT_PTR_NULL(fx_lost(&r, "MH-8", NULL, NULL)); /* no router dropped it */
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_RECEIVED, "B", "MH-8", 0), 3);
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "B", "BE status 2", 0), 2);
    const fx_rec_t *be = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BE status 2", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(be);
    CU_ASSERT_EQUAL(be->at, SIM_MS(530));
    pkt_view_t v;
    CU_ASSERT_EQUAL_FATAL(pkt_parse(be->bytes, be->len, &v, NULL, 0), 0);
    CU_ASSERT_EQUAL(v.mh.be_status, MH_BE_UNKNOWN_MH_TYPE);
    CU_ASSERT(is(&v.dst, "2001:db8:a1::100"));
    CU_ASSERT(is(&v.src, "2001:db8:b1::200"));
    CU_ASSERT_FALSE(v.has_rh2);
    be = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BE status 2", SIM_MS(531));
    CU_ASSERT_PTR_NOT_NULL_FATAL(be);
    CU_ASSERT_EQUAL(be->at, SIM_MS(1730));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_NOTE, "B", MH_BE, "binding error rate-limited", 0), 1);
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_RECEIVED, "A", "BE status 2", 0));
    fx_free(&r);
    /* be_min_interval 0: every one answered */
    c.be_min_interval = 0;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, inj, 3), 0);
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "B", "BE status 2", 0), 3);
    fx_free(&r);
    /* rfc6275: B, mobile, sends its BE from its home address through its
     * reverse tunnel (outer: B's CoA to HA_B) */
    c.mh_routing = MOB_MH_RFC6275;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, inj, 1), 0);
    be = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BE status 2", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(be);
    CU_ASSERT_EQUAL(be->at, SIM_MS(530));
    CU_ASSERT_EQUAL_FATAL(pkt_parse(be->bytes, be->len, &v, NULL, 0), 0);
    CU_ASSERT_EQUAL(v.proto, PKT_PROTO_IPV6);
    CU_ASSERT(is(&v.src, "2001:db8:b1::200"));
    CU_ASSERT(is(&v.dst, "2001:db8:b::1"));
    pkt_view_t in;
    CU_ASSERT_EQUAL_FATAL(pkt_parse(v.upper, v.upper_len, &in, NULL, 0), 0);
    CU_ASSERT(is(&in.src, "2001:db8:b::200"));
    CU_ASSERT(is(&in.dst, "2001:db8:a1::100"));
    CU_ASSERT_EQUAL(in.mh.be_status, MH_BE_UNKNOWN_MH_TYPE);
    /* HA_B sends it on; A gets it from B's home address */
    const fx_rec_t *got = fx_first_label(&r, SIM_TR_PKT_RECEIVED, "A", "BE status 2", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_EQUAL_FATAL(pkt_parse(got->bytes, got->len, &v, NULL, 0), 0);
    CU_ASSERT(is(&v.src, "2001:db8:b::200"));
    fx_free(&r);
    mob_config_free(&c);
}

/* §9.2 at a home agent: an unknown MH Type sent to HA_B's own address is
 * answered from HA_B with BE status 2 to its source, no RH2, rate-limited
 * like a host's (of three at 0.5, 0.6 and 1.7 s the second is not). */
static void test_home_agent_answers_an_unknown_mh_type_with_be_status_2(void)
{
    mob_config_t c;
    quiet_config(&c, SIM_S(3));
    uint8_t raw[16] = {59, 1, 8, 0};
    pkt_desc_t d = {.src = addr("2001:db8:a1::100"), .dst = addr("2001:db8:b::1")};
    uint8_t pkt[PKT_MAX_LEN];
    size_t len = craft(pkt, NULL, raw, sizeof(raw), d);
    fx_inject_t inj[3] = {
        {SIM_MS(500), "A", pkt, len}, {SIM_MS(600), "A", pkt, len}, {SIM_MS(1700), "A", pkt, len}};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, inj, 3), 0);
    CU_ASSERT_PTR_NULL(fx_lost(&r, "MH-8", NULL, NULL));
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_RECEIVED, "HA_B", "MH-8", 0), 3);
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "HA_B", "BE status 2", 0), 2);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_NOTE, "HA_B", MH_BE, "binding error rate-limited", 0), 1);
    const fx_rec_t *be = fx_first_label(&r, SIM_TR_PKT_SENT, "HA_B", "BE status 2", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(be);
    CU_ASSERT_EQUAL(be->at, SIM_MS(530)); /* on arrival: A1 -> homeB takes 30 ms */
    pkt_view_t v;
    CU_ASSERT_EQUAL_FATAL(pkt_parse(be->bytes, be->len, &v, NULL, 0), 0);
    CU_ASSERT_EQUAL(v.mh.be_status, MH_BE_UNKNOWN_MH_TYPE);
    CU_ASSERT(is(&v.src, "2001:db8:b::1"));
    CU_ASSERT(is(&v.dst, "2001:db8:a1::100"));
    CU_ASSERT_FALSE(v.has_rh2);
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_RECEIVED, "A", "BE status 2", 0));
    fx_free(&r);
    mob_config_free(&c);
}

/* The inner packet of a tunnel record, or the packet itself. */
static void inner_of(const fx_rec_t *f, pkt_view_t *outer, pkt_view_t *inner)
{
    CU_ASSERT_EQUAL_FATAL(pkt_parse(f->bytes, f->len, outer, NULL, 0), 0);
    *inner = *outer;
    if (outer->proto == PKT_PROTO_IPV6)
        CU_ASSERT_EQUAL_FATAL(pkt_parse(outer->upper, outer->upper_len, inner, NULL, 0), 0);
}

/* mh_routing rfc6275: B, a mobile correspondent, answers A's HoTI, CoTI and
 * BU from its home address through its reverse tunnel (outer: B's CoA to
 * HA_B); its BRR before the binding expires too. In the paper's mode the
 * BRR leaves from its CoA directly (a listed deviation). */
static void brr_of_b(bool strict, pkt_view_t *outer, pkt_view_t *inner, sim_time_t *at)
{
    mob_config_t c;
    fx_config(&c);
    c.mh_routing = strict ? MOB_MH_RFC6275 : MOB_MH_BINDING_CACHE;
    c.bu_lifetime = SIM_S(40);
    c.horizon = SIM_S(45);
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    if (strict) {
        const char *replies[] = {"HoT", "CoT", "BA seq 2 status 0"};
        for (int i = 0; i < 3; i++) {
            const fx_rec_t *f = fx_first_label(&r, SIM_TR_PKT_SENT, "B", replies[i], SIM_S(1));
            CU_ASSERT_PTR_NOT_NULL_FATAL(f);
            pkt_view_t o, in;
            inner_of(f, &o, &in);
            CU_ASSERT_EQUAL(o.proto, PKT_PROTO_IPV6);
            CU_ASSERT(is(&o.src, "2001:db8:b1::200"));
            CU_ASSERT(is(&o.dst, "2001:db8:b::1"));
            CU_ASSERT(is(&in.src, "2001:db8:b::200"));
        }
    }
    const fx_rec_t *brr = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BRR", SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(brr);
    *at = brr->at;
    inner_of(brr, outer, inner);
    /* A answers it with a new registration that B accepts */
    CU_ASSERT_TRUE(fx_count(&r, SIM_TR_BINDING, "B", -1, "refreshed", brr->at) >= 1);
    fx_free(&r);
    mob_config_free(&c);
}

static void test_strict_mobile_correspondent_answers_from_its_home_address(void)
{
    pkt_view_t o, in;
    sim_time_t at;
    brr_of_b(true, &o, &in, &at);
    CU_ASSERT_EQUAL(o.proto, PKT_PROTO_IPV6); /* reverse tunnel to HA_B */
    CU_ASSERT(is(&o.dst, "2001:db8:b::1"));
    CU_ASSERT(is(&in.src, "2001:db8:b::200"));
    CU_ASSERT(is(&in.dst, "2001:db8:a::100"));
    CU_ASSERT_EQUAL(in.mh.type, MH_BRR);
    brr_of_b(false, &o, &in, &at);
    CU_ASSERT_EQUAL(o.proto, PKT_PROTO_MH); /* paper mode: from the CoA, directly */
    CU_ASSERT(is(&o.src, "2001:db8:b1::200"));
}

/* §11.7.4/§11.3.6/§11.7.3: under rfc6275 a BRR, BE status 1 or BA must
 * come from the address A's BUs go to (B's home address); from B's CoA all
 * are ignored. The paper's mode acts on them (a listed deviation). */
static void brr_and_be_from_b_coa(bool strict, fx_run_t *r, mob_config_t *c)
{
    fx_config(c);
    c->mh_routing = strict ? MOB_MH_RFC6275 : MOB_MH_BINDING_CACHE;
    c->horizon = SIM_S(3);
    c->traffic_rate = 0;
    static uint8_t brr[PKT_MAX_LEN], be[PKT_MAX_LEN], ba[PKT_MAX_LEN];
    mh_msg_t m = {.type = MH_BRR};
    pkt_desc_t d = {.src = addr("2001:db8:b1::200"), .dst = addr("2001:db8:a1::100")};
    size_t brr_len = craft(brr, &m, NULL, 0, d);
    mh_msg_t e = {
        .type = MH_BE, .be_status = MH_BE_UNKNOWN_HAO, .be_home = addr("2001:db8:a::100")};
    size_t be_len = craft(be, &e, NULL, 0, d);
    mh_msg_t a = {.type = MH_BA, .seq = 1};
    d.has_rh2 = true;
    d.rh2_home = addr("2001:db8:a::100");
    size_t ba_len = craft(ba, &a, NULL, 0, d);
    fx_inject_t inj[3] = {{SIM_MS(500), "B", brr, brr_len},
                          {SIM_MS(1500), "B", be, be_len},
                          {SIM_MS(2500), "B", ba, ba_len}};
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(r, c, inj, 3), 0);
}

static void test_strict_mn_ignores_brr_and_be_not_from_the_peer_home_address(void)
{
    mob_config_t c;
    fx_run_t r;
    brr_and_be_from_b_coa(true, &r, &c);
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_RECEIVED, "A", "BRR", 0));
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_RECEIVED, "A", "BE status 1", 0));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_NOTE, "A", MH_BRR,
                             "ignored: not from a correspondent's home address", 0),
                    1);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_NOTE, "A", MH_BE,
                             "ignored: not from a correspondent's home address", 0),
                    1);
    /* §11.7.3: a BA must come from where the BU went (B's home address) */
    const fx_rec_t *n = fx_first(&r, SIM_TR_NOTE, "A", MH_BA,
                                 "ignored: not from a correspondent's home address", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_EQUAL(n->at, SIM_MS(2530));
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "A", "HoTI", 0), 0);
    fx_free(&r);
    mob_config_free(&c);
    brr_and_be_from_b_coa(false, &r, &c);
    const fx_rec_t *hoti = fx_first_label(&r, SIM_TR_PKT_SENT, "A", "HoTI", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(hoti);
    CU_ASSERT_EQUAL(hoti->at, SIM_MS(530)); /* the BRR reached A at 0.53 s */
    fx_free(&r);
    mob_config_free(&c);
}

/* §11.6.2: under rfc6275 a HoT must come from the address the HoTI went
 * to (B's home address) through the home tunnel; A's own RR after its
 * move completes, and a HoT crafted from B's CoA at the same time is
 * ignored with a note. */
static void test_strict_mn_ignores_hot_from_a_care_of_address(void)
{
    mob_config_t c;
    fx_config(&c);
    c.mh_routing = MOB_MH_RFC6275;
    c.horizon = SIM_S(3);
    c.traffic_rate = 0;
    fx_move(&c, 0, SIM_S(1), NET_A2);
    uint8_t hot[PKT_MAX_LEN];
    mh_msg_t m = {.type = MH_HOT, .cookie = 1, .nonce_index = 1};
    pkt_desc_t d = {.src = addr("2001:db8:b1::200"), .dst = addr("2001:db8:a2::100")};
    size_t len = craft(hot, &m, NULL, 0, d);
    fx_inject_t inj = {SIM_MS(1120), "B", hot, len};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    const fx_rec_t *n = fx_first(&r, SIM_TR_NOTE, "A", MH_HOT,
                                 "ignored: not from a correspondent's home address", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_EQUAL(n->at, SIM_MS(1150));
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_SENT, "A", "BU seq 2", SIM_S(1)));
    CU_ASSERT_TRUE(r.m->restored_ab);
    fx_free(&r);
    mob_config_free(&c);
}

void suite_models_strict(void)
{
    ADD_SUITE("models/strict", TEST(test_home_ba_135_with_ha_ahead_by_5_recovers_at_once),
              TEST(test_home_ba_135_with_ha_ahead_by_30000_recovers_at_once),
              TEST(test_cn_without_binding_accepts_any_sequence_number),
              TEST(test_home_registration_at_a_correspondent_gets_131_before_nonce_checks),
              TEST(test_unknown_mh_type_gets_rate_limited_binding_error_status_2),
              TEST(test_home_agent_answers_an_unknown_mh_type_with_be_status_2),
              TEST(test_strict_mobile_correspondent_answers_from_its_home_address),
              TEST(test_strict_mn_ignores_brr_and_be_not_from_the_peer_home_address),
              TEST(test_strict_mn_ignores_hot_from_a_care_of_address));
}
