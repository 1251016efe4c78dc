/* ICMP as it really comes (icmp_unreachable): the old access router answers
 * a packet for a departed address only when address resolution fails (RFC
 * 4861 §7.2.2, §7.3.3: 3 x 1 s), from a bounded queue, rate-limited (RFC
 * 4443 §2.4 (f)); a home agent relays an error about a packet it tunneled
 * to the original source (RFC 2473 §8). Fixture delays: access 5 ms, core
 * 20 ms, homeA-homeB 40 ms; A detaches from A1 at 1 s. */
#include "models/pkt.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

#include <string.h>

#define ADDR_A1_COA "2001:db8:a1::100" /* A's CoA on A1, left at 1 s */
#define ADDR_A_HOA  "2001:db8:a::100"
#define ADDR_B_COA  "2001:db8:b1::200"
#define ADDR_AR_A1  "2001:db8:a1::1"
#define ADDR_HA_A   "2001:db8:a::1"

static net_addr_t addr(const char *text)
{
    net_addr_t a;
    CU_ASSERT_EQUAL_FATAL(net_addr_parse(text, &a), 0);
    return a;
}

/* A UDP packet from B's CoA to dst, payload byte `tag`. */
static size_t udp_from_b(const char *dst, uint8_t tag, uint8_t *buf, size_t cap)
{
    uint8_t payload[16];
    memset(payload, tag, sizeof(payload));
    pkt_desc_t d = {.src = addr(ADDR_B_COA),
                    .dst = addr(dst),
                    .proto = PKT_PROTO_UDP,
                    .sport = 7000,
                    .dport = 7000,
                    .payload = payload,
                    .payload_len = sizeof(payload)};
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(pkt_build(&d, buf, cap, &len), 0);
    return len;
}

/* Only A moves (at 1 s to A2), no data: what reaches A1 is what a test
 * injects. */
static void quiet_config(mob_config_t *c)
{
    fx_config(c);
    c->icmp_unreachable = true;
    c->traffic_rate = 0;
    c->horizon = SIM_S(10);
    fx_move(c, 0, SIM_S(1), NET_A2);
}

/* The record's IPv6 header and ICMPv6 type/code. */
static void assert_icmp_unreach(const fx_rec_t *rec, const char *src, const char *dst)
{
    CU_ASSERT_TRUE_FATAL(rec->len >= 48);
    net_addr_t s = addr(src), d = addr(dst);
    CU_ASSERT_EQUAL(memcmp(rec->bytes + 8, s.b, 16), 0);
    CU_ASSERT_EQUAL(memcmp(rec->bytes + 24, d.b, 16), 0);
    CU_ASSERT_EQUAL(rec->bytes[6], PKT_PROTO_ICMPV6);
    CU_ASSERT_EQUAL(rec->bytes[40], PKT_ICMP_DEST_UNREACH);
    CU_ASSERT_EQUAL(rec->bytes[41], PKT_ICMP_CODE_ADDR_UNREACH);
}

/* A packet for A's old CoA reaches AR_A1 at 2.03 s; resolution fails 3 s
 * later and only then does the error go to B (AR_A1 -> B1: 30 ms). */
static void test_unreachable_comes_when_address_resolution_fails(void)
{
    mob_config_t c;
    quiet_config(&c);
    uint8_t pkt[256];
    fx_inject_t inj = {SIM_S(2), "B", pkt, udp_from_b(ADDR_A1_COA, 1, pkt, sizeof(pkt))};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    const fx_rec_t *start = fx_first(&r, SIM_TR_NOTE, "AR_A1", -1, "address-resolution-started", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(start);
    CU_ASSERT_EQUAL(start->at, SIM_MS(2030));
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "AR_A1", "ICMP unreachable", 0), 1);
    const fx_rec_t *sent = fx_first_label(&r, SIM_TR_PKT_SENT, "AR_A1", "ICMP unreachable", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sent);
    CU_ASSERT_EQUAL(sent->at, SIM_MS(5030));
    assert_icmp_unreach(sent, ADDR_AR_A1, ADDR_B_COA);
    /* the invoking packet is quoted: its destination is A's old CoA */
    net_addr_t coa = addr(ADDR_A1_COA);
    CU_ASSERT_EQUAL(memcmp(sent->bytes + 48 + 24, coa.b, 16), 0);
    const fx_rec_t *got = fx_first_label(&r, SIM_TR_PKT_RECEIVED, "B", "ICMP unreachable", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_EQUAL(got->at, SIM_MS(5060));
    /* the packet waited for the resolution and died with it */
    const fx_rec_t *drop = fx_first(&r, SIM_TR_PKT_DROPPED, "AR_A1", -1, "stale-address", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(drop);
    CU_ASSERT_EQUAL(drop->at, SIM_MS(5030));
    fx_free(&r);
    mob_config_free(&c);
}

/* A resolution delay of 0 is the old model: the error leaves at once. */
static void test_zero_resolution_delay_answers_at_once(void)
{
    mob_config_t c;
    quiet_config(&c);
    c.icmp_resolution_delay = 0;
    uint8_t pkt[256];
    fx_inject_t inj = {SIM_S(2), "B", pkt, udp_from_b(ADDR_A1_COA, 1, pkt, sizeof(pkt))};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    const fx_rec_t *sent = fx_first_label(&r, SIM_TR_PKT_SENT, "AR_A1", "ICMP unreachable", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sent);
    CU_ASSERT_EQUAL(sent->at, SIM_MS(2030));
    fx_free(&r);
    mob_config_free(&c);
}

/* Five packets for the same address wait in one resolution; a bucket of 2
 * tokens refilled at 0.1/s lets two errors out, the other three are not
 * sent (RFC 4443 §2.4 (f)). */
static void test_rate_limited_errors_are_not_sent(void)
{
    mob_config_t c;
    quiet_config(&c);
    c.icmp_rate = 0.1;
    c.icmp_burst = 2;
    uint8_t pkt[5][256];
    fx_inject_t inj[5];
    for (int i = 0; i < 5; i++)
        inj[i] = (fx_inject_t){SIM_S(2) + SIM_MS(i), "B", pkt[i],
                               udp_from_b(ADDR_A1_COA, (uint8_t)i, pkt[i], sizeof(pkt[i]))};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, inj, 5), 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_NOTE, "AR_A1", -1, "address-resolution-started", 0), 1);
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "AR_A1", "ICMP unreachable", 0), 2);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_NOTE, "AR_A1", -1, "icmp-rate-limited", 0), 3);
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_RECEIVED, "B", "ICMP unreachable", 0), 2);
    /* both at the failure, for the two oldest packets */
    const fx_rec_t *sent = fx_first_label(&r, SIM_TR_PKT_SENT, "AR_A1", "ICMP unreachable", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sent);
    CU_ASSERT_EQUAL(sent->at, SIM_MS(5030));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_DROPPED, "AR_A1", -1, "stale-address", SIM_MS(5030)),
                    5);
    fx_free(&r);
    mob_config_free(&c);
}

/* A queue of 3: the fourth and fifth arrivals replace the two oldest,
 * which die at once without an error (RFC 4861 §7.2.2); the three left get
 * one each at the failure. */
static void test_full_queue_drops_the_oldest(void)
{
    mob_config_t c;
    quiet_config(&c);
    c.icmp_queue = 3;
    uint8_t pkt[5][256];
    fx_inject_t inj[5];
    for (int i = 0; i < 5; i++)
        inj[i] = (fx_inject_t){SIM_S(2) + SIM_MS(i), "B", pkt[i],
                               udp_from_b(ADDR_A1_COA, (uint8_t)i, pkt[i], sizeof(pkt[i]))};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, inj, 5), 0);
    const fx_rec_t *d1 = fx_first(&r, SIM_TR_PKT_DROPPED, "AR_A1", -1, "stale-address", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d1);
    CU_ASSERT_EQUAL(d1->at, SIM_MS(2033)); /* the fourth arrival pushes out the first */
    const fx_rec_t *d2 = fx_first(&r, SIM_TR_PKT_DROPPED, "AR_A1", -1, "stale-address", d1->at + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d2);
    CU_ASSERT_EQUAL(d2->at, SIM_MS(2034));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_DROPPED, "AR_A1", -1, "stale-address", SIM_MS(5030)),
                    3);
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "AR_A1", "ICMP unreachable", 0), 3);
    fx_free(&r);
    mob_config_free(&c);
}

/* B's packet for A's home address at 1 s reaches HA_A at 1.03 s, before
 * A's home BU (1.13 s): HA_A tunnels it to A1 (1.06 s), where resolution
 * fails at 4.06 s; the error about the tunnel packet reaches HA_A at
 * 4.09 s and HA_A relays it to B's CoA, quoting B's packet (RFC 2473 §8). */
static void test_home_agent_relays_the_error_to_the_original_sender(void)
{
    mob_config_t c;
    quiet_config(&c);
    uint8_t pkt[256];
    fx_inject_t inj = {SIM_S(1), "B", pkt, udp_from_b(ADDR_A_HOA, 7, pkt, sizeof(pkt))};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    const fx_rec_t *ar = fx_first_label(&r, SIM_TR_PKT_SENT, "AR_A1", "ICMP unreachable", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ar);
    CU_ASSERT_EQUAL(ar->at, SIM_MS(4060));
    assert_icmp_unreach(ar, ADDR_AR_A1, ADDR_HA_A); /* to the tunnel's entry point */
    const fx_rec_t *in = fx_first_label(&r, SIM_TR_PKT_RECEIVED, "HA_A", "ICMP unreachable", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    CU_ASSERT_EQUAL(in->at, SIM_MS(4090));
    const fx_rec_t *relay = fx_first_label(&r, SIM_TR_PKT_SENT, "HA_A", "ICMP unreachable", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(relay);
    CU_ASSERT_EQUAL(relay->at, SIM_MS(4090));
    assert_icmp_unreach(relay, ADDR_HA_A, ADDR_B_COA);
    /* the quote is B's own packet: from B's CoA to A's home address */
    net_addr_t b = addr(ADDR_B_COA), hoa = addr(ADDR_A_HOA);
    CU_ASSERT_EQUAL(memcmp(relay->bytes + 48 + 8, b.b, 16), 0);
    CU_ASSERT_EQUAL(memcmp(relay->bytes + 48 + 24, hoa.b, 16), 0);
    CU_ASSERT_EQUAL(relay->bytes[48 + 6], PKT_PROTO_UDP);
    const fx_rec_t *got = fx_first_label(&r, SIM_TR_PKT_RECEIVED, "B", "ICMP unreachable", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_EQUAL(got->at, SIM_MS(4120));
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_RECEIVED, "B", "ICMP unreachable", 0), 1);
    fx_free(&r);
    mob_config_free(&c);
}

/* Without icmp_unreachable the same packet dies at AR_A1 on arrival and no
 * error is sent or relayed. */
static void test_no_error_without_icmp_unreachable(void)
{
    mob_config_t c;
    quiet_config(&c);
    c.icmp_unreachable = false;
    uint8_t pkt[256];
    fx_inject_t inj = {SIM_S(1), "B", pkt, udp_from_b(ADDR_A_HOA, 7, pkt, sizeof(pkt))};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    const fx_rec_t *drop = fx_first(&r, SIM_TR_PKT_DROPPED, "AR_A1", -1, "stale-address", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(drop);
    CU_ASSERT_EQUAL(drop->at, SIM_MS(1060));
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, NULL, "ICMP unreachable", 0), 0);
    fx_free(&r);
    mob_config_free(&c);
}

/* The run ends (3 s) while the packet still waits (until 5.03 s): no
 * error, no drop; the held packet dies with the world (make asan). */
static void test_run_ending_during_resolution_sends_nothing(void)
{
    mob_config_t c;
    quiet_config(&c);
    c.horizon = SIM_S(3);
    uint8_t pkt[256];
    fx_inject_t inj = {SIM_S(2), "B", pkt, udp_from_b(ADDR_A1_COA, 1, pkt, sizeof(pkt))};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_NOTE, "AR_A1", -1, "address-resolution-started", 0), 1);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_DROPPED, "AR_A1", -1, NULL, 0), 0);
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, NULL, "ICMP unreachable", 0), 0);
    fx_free(&r);
    mob_config_free(&c);
}

/* Figure 1 with icmp_unreachable and the defaults: AR_A1 starts resolving
 * A's old CoA at the first packet after A left, AR_B1 B's; each failure
 * (3 s later) sends the queued packets' errors (10, the bucket), which
 * reach the senders' home addresses and are tunneled on by their home
 * agents (60 ms in all): then each host deletes its stale binding (more
 * than 3 errors). Recovery waits for the next RR retransmission after the
 * deletion: B's at 4.13 s (deleted at 4.06 s) reaches A, whose binding
 * for B is restored at 4.41 s (A -> B); A deleted at 4.19 s, after its own
 * retransmission at 4.1 s, so B -> A waits for the next one at 8.1 s and
 * is restored at 8.25 s. Without the resolution delay all of it happened
 * before 4 s (models/baseline). */
static void test_fig1_recovers_after_the_resolution_delay(void)
{
    mob_config_t c;
    fx_config(&c);
    c.icmp_unreachable = true;
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_MS(1030), NET_B2);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    const fx_rec_t *res_a1 =
        fx_first(&r, SIM_TR_NOTE, "AR_A1", -1, "address-resolution-started", 0);
    const fx_rec_t *res_b1 =
        fx_first(&r, SIM_TR_NOTE, "AR_B1", -1, "address-resolution-started", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res_a1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res_b1);
    CU_ASSERT_EQUAL(res_a1->at, SIM_S(1));
    CU_ASSERT_EQUAL(res_b1->at, SIM_MS(1130));
    /* the first failure: 101 packets queued (B's data, 50/s for 3 s, is
     * more than the queue holds), 10 errors let out by the bucket, 91 not
     * sent; the second resolution (from 4.01 s) holds the 6 B sent before
     * its deletion, all answered at 7.01 s by a refilled bucket */
    const fx_rec_t *first = fx_first_label(&r, SIM_TR_PKT_SENT, "AR_A1", "ICMP unreachable", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(first);
    CU_ASSERT_EQUAL(first->at, res_a1->at + SIM_S(3));
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "AR_A1", "ICMP unreachable", 0), 16);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_NOTE, "AR_A1", -1, "icmp-rate-limited", 0), 91);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_NOTE, "AR_A1", -1, "icmp-rate-limited", SIM_S(4) + 1), 0);
    const fx_rec_t *del_a = fx_first(&r, SIM_TR_BINDING, "A", -1, "deleted-icmp", 0);
    const fx_rec_t *del_b = fx_first(&r, SIM_TR_BINDING, "B", -1, "deleted-icmp", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(del_a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(del_b);
    CU_ASSERT_EQUAL(del_b->at, res_a1->at + SIM_S(3) + SIM_MS(60));
    CU_ASSERT_EQUAL(del_a->at, res_b1->at + SIM_S(3) + SIM_MS(60));
    CU_ASSERT_TRUE(r.m->restored_ab);
    CU_ASSERT_TRUE(r.m->restored_ba);
    CU_ASSERT_EQUAL(r.m->restored_at_ab, SIM_MS(4410));
    CU_ASSERT_EQUAL(r.m->restored_at_ba, SIM_MS(8250));
    CU_ASSERT_TRUE_FATAL(r.m->has_restore_time);
    CU_ASSERT_EQUAL(r.m->restore_time, SIM_MS(8250) - SIM_MS(1030));
    fx_free(&r);
    mob_config_free(&c);
}

void suite_models_icmp(void)
{
    ADD_SUITE("models/icmp", TEST(test_unreachable_comes_when_address_resolution_fails),
              TEST(test_zero_resolution_delay_answers_at_once),
              TEST(test_rate_limited_errors_are_not_sent), TEST(test_full_queue_drops_the_oldest),
              TEST(test_home_agent_relays_the_error_to_the_original_sender),
              TEST(test_no_error_without_icmp_unreachable),
              TEST(test_run_ending_during_resolution_sends_nothing),
              TEST(test_fig1_recovers_after_the_resolution_delay));
}
