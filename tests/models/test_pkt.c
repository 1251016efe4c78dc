/* IPv6 packets as bytes: the PROTOCOL.md §1.5 reference packets byte for
 * byte, the checksum pseudo-header rules of RFC 6275 §6.1.1 (HAO address as
 * source, RH2 home address as destination), round trips of every packet
 * kind, and the error each malformed packet gets. */
#include <stdlib.h>
#include <string.h>

#include "models/pkt.h"
#include "models/wire.h"
#include "tests/models/samples.h"
#include "tests/testing.h"

/* PROTOCOL.md §1.5 */
static const char ref_bu_hex[] =
    "6000000000383c4020010db800a20000000000000000010020010db8000b000000000000000002008702010200"
    "00c91020010db8000a000000000000000001003b030500db2f000780000069040400050006050c05df3d4c8b1d"
    "ce57751bea56";
static const char ref_ba_hex[] =
    "6000000000382b4020010db8000b0000000000000000020020010db800a200000000000000000100870202010000"
    "000020010db8000a000000000000000001003b03060022f1000000070069010400000000050c4a293f27f28455c4"
    "ca049abe";

static size_t unhex(const char *hex, uint8_t *out)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
    return n;
}

static size_t build(int id, uint8_t *buf)
{
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(sample_build(id, buf, PKT_MAX_LEN, &len), 0);
    return len;
}

static pkt_view_t parse_ok(const uint8_t *buf, size_t len)
{
    pkt_view_t v;
    char why[128];
    int rc = pkt_parse(buf, len, &v, why, sizeof(why));
    if (rc)
        fprintf(stderr, "\nunexpected: %s\n", why);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    return v;
}

/* ---- reference packets -------------------------------------------------- */

static void test_correspondent_bu_is_the_protocol_reference_packet_byte_for_byte(void)
{
    uint8_t want[128], got[PKT_MAX_LEN];
    size_t n = unhex(ref_bu_hex, want);
    CU_ASSERT_EQUAL(n, 96);
    CU_ASSERT_EQUAL(build(SAMPLE_BU_CN, got), n);
    CU_ASSERT_EQUAL(memcmp(got, want, n), 0);
}

static void test_correspondent_ba_is_the_protocol_reference_packet_byte_for_byte(void)
{
    uint8_t want[128], got[PKT_MAX_LEN];
    size_t n = unhex(ref_ba_hex, want);
    CU_ASSERT_EQUAL(n, 96);
    CU_ASSERT_EQUAL(build(SAMPLE_BA_CN, got), n);
    CU_ASSERT_EQUAL(memcmp(got, want, n), 0);
}

static void test_mh_checksums_match_the_protocol_reference_values(void)
{
    static const struct {
        int id;
        uint16_t csum;
    } refs[] = {
        {SAMPLE_BRR, 0x65e9}, {SAMPLE_COTI, 0x5031},  {SAMPLE_HOT, 0x3ede},   {SAMPLE_COT, 0x0794},
        {SAMPLE_BE, 0x2e7c},  {SAMPLE_BU_CN, 0xdb2f}, {SAMPLE_BA_CN, 0x22f1},
    };
    for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
        uint8_t b[PKT_MAX_LEN];
        pkt_view_t v = parse_ok(b, build(refs[i].id, b));
        CU_ASSERT_EQUAL(v.proto, PKT_PROTO_MH);
        CU_ASSERT_EQUAL(get_be16(v.upper + 4), refs[i].csum);
    }
    /* the HoTI inside the reverse tunnel: HoA -> CN */
    uint8_t b[PKT_MAX_LEN];
    pkt_view_t outer = parse_ok(b, build(SAMPLE_HOTI_TUNNELED, b));
    pkt_view_t inner = parse_ok(outer.upper, outer.upper_len);
    CU_ASSERT_EQUAL(get_be16(inner.upper + 4), 0xd249);
}

static void test_bu_checksum_takes_the_home_address_option_as_source(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t b[PKT_MAX_LEN];
    pkt_view_t v = parse_ok(b, build(SAMPLE_BU_CN, b));
    CU_ASSERT_TRUE(v.has_hao);
    CU_ASSERT(net_addr_eq(&v.src, &a.coa));
    CU_ASSERT_EQUAL(mh_checksum(v.upper, v.upper_len, &a.hoa, &a.cn), 0xdb2f);
    /* over the CoA (scapy's fallback, PROTOCOL.md §1.5) it would be 0xda97 */
    CU_ASSERT_EQUAL(mh_checksum(v.upper, v.upper_len, &a.coa, &a.cn), 0xda97);
}

static void test_ba_checksum_takes_the_rh2_home_address_as_destination(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t b[PKT_MAX_LEN];
    pkt_view_t v = parse_ok(b, build(SAMPLE_BA_CN, b));
    CU_ASSERT_TRUE(v.has_rh2);
    CU_ASSERT(net_addr_eq(&v.dst, &a.coa));
    CU_ASSERT_EQUAL(mh_checksum(v.upper, v.upper_len, &a.cn, &a.hoa), 0x22f1);
    CU_ASSERT_NOT_EQUAL(mh_checksum(v.upper, v.upper_len, &a.cn, &a.coa), 0x22f1);
}

/* ---- round trips -------------------------------------------------------- */

static void test_bu_parses_back_with_hao_nonce_indices_and_authenticator(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t b[PKT_MAX_LEN];
    pkt_view_t v = parse_ok(b, build(SAMPLE_BU_CN, b));
    CU_ASSERT(net_addr_eq(&v.dst, &a.cn));
    CU_ASSERT(net_addr_eq(&v.hao, &a.hoa));
    CU_ASSERT_FALSE(v.has_rh2);
    CU_ASSERT_EQUAL(v.hop_limit, 64);
    CU_ASSERT_EQUAL(v.mh.type, MH_BU);
    CU_ASSERT_EQUAL(v.mh.seq, SAMPLE_BU_SEQ);
    CU_ASSERT_EQUAL(v.mh.bu_flags, MH_BU_A);
    CU_ASSERT_EQUAL(v.mh.lifetime, SAMPLE_BU_LIFETIME);
    CU_ASSERT_TRUE(v.mh.has_nonce_indices);
    CU_ASSERT_EQUAL(v.mh.home_nonce_index, SAMPLE_HOME_NONCE_INDEX);
    CU_ASSERT_EQUAL(v.mh.coa_nonce_index, SAMPLE_CAREOF_NONCE_INDEX);
    CU_ASSERT_TRUE(v.mh.has_bad);
    static const uint8_t auth[] = {0x05, 0xdf, 0x3d, 0x4c, 0x8b, 0x1d,
                                   0xce, 0x57, 0x75, 0x1b, 0xea, 0x56};
    CU_ASSERT_EQUAL(memcmp(v.mh.authenticator, auth, 12), 0);
}

static void test_ba_parses_back_with_rh2_segments_left_1(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t b[PKT_MAX_LEN];
    pkt_view_t v = parse_ok(b, build(SAMPLE_BA_CN, b));
    CU_ASSERT(net_addr_eq(&v.rh2_home, &a.hoa));
    CU_ASSERT_EQUAL(v.rh2_segments_left, 1);
    CU_ASSERT_FALSE(v.has_hao);
    CU_ASSERT_EQUAL(v.mh.type, MH_BA);
    CU_ASSERT_EQUAL(v.mh.ba_status, MH_BA_ACCEPTED);
    CU_ASSERT_EQUAL(v.mh.seq, SAMPLE_BU_SEQ);
}

static void test_tunneled_hoti_carries_inner_home_address_to_cn(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t b[PKT_MAX_LEN];
    pkt_view_t outer = parse_ok(b, build(SAMPLE_HOTI_TUNNELED, b));
    CU_ASSERT_EQUAL(outer.proto, PKT_PROTO_IPV6);
    CU_ASSERT(net_addr_eq(&outer.src, &a.coa));
    CU_ASSERT(net_addr_eq(&outer.dst, &a.ha));
    pkt_view_t inner = parse_ok(outer.upper, outer.upper_len);
    CU_ASSERT(net_addr_eq(&inner.src, &a.hoa));
    CU_ASSERT(net_addr_eq(&inner.dst, &a.cn));
    CU_ASSERT_EQUAL(inner.mh.type, MH_HOTI);
    CU_ASSERT_EQUAL(inner.mh.cookie, SAMPLE_HOME_COOKIE);
}

static void test_udp_data_parses_back_with_ports_payload_and_checksum(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t b[PKT_MAX_LEN];
    pkt_view_t v = parse_ok(b, build(SAMPLE_UDP_RH2, b));
    CU_ASSERT_EQUAL(v.proto, PKT_PROTO_UDP);
    CU_ASSERT(net_addr_eq(&v.rh2_home, &a.hoa));
    CU_ASSERT_EQUAL(v.sport, SAMPLE_UDP_SPORT);
    CU_ASSERT_EQUAL(v.dport, SAMPLE_UDP_DPORT);
    CU_ASSERT_EQUAL(v.data_len, 24);
    CU_ASSERT_EQUAL(memcmp(v.data, "mobsim CBR packet 000042", 24), 0);
    v = parse_ok(b, build(SAMPLE_UDP_HAO, b));
    CU_ASSERT(net_addr_eq(&v.hao, &a.hoa));
    CU_ASSERT_EQUAL(v.sport, SAMPLE_UDP_DPORT);
}

static void test_icmp_destination_unreachable_carries_the_invoking_packet(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t b[PKT_MAX_LEN], invoking[PKT_MAX_LEN];
    size_t inv_len = build(SAMPLE_UDP_RH2, invoking);
    pkt_view_t v = parse_ok(b, build(SAMPLE_ICMP_UNREACH, b));
    CU_ASSERT_EQUAL(v.proto, PKT_PROTO_ICMPV6);
    CU_ASSERT(net_addr_eq(&v.src, &a.ar));
    CU_ASSERT_EQUAL(v.icmp_type, PKT_ICMP_DEST_UNREACH);
    CU_ASSERT_EQUAL(v.icmp_code, PKT_ICMP_CODE_ADDR_UNREACH);
    CU_ASSERT_EQUAL(v.icmp_body_len, inv_len);
    CU_ASSERT_EQUAL(memcmp(v.icmp_body, invoking, inv_len), 0);
    pkt_view_t inner = parse_ok(v.icmp_body, v.icmp_body_len);
    CU_ASSERT(net_addr_eq(&inner.rh2_home, &a.hoa));
}

static void test_icmp_error_is_cut_to_the_1280_byte_minimum_mtu(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t big[1500], b[PKT_MAX_LEN];
    memset(big, 0x5a, sizeof(big));
    pkt_desc_t d = {.src = a.ar,
                    .dst = a.cn,
                    .proto = PKT_PROTO_ICMPV6,
                    .icmp_type = PKT_ICMP_DEST_UNREACH,
                    .payload = big,
                    .payload_len = sizeof(big)};
    size_t len;
    CU_ASSERT_EQUAL(pkt_build(&d, b, sizeof(b), &len), 0);
    CU_ASSERT_EQUAL(len, 1280);
    pkt_view_t v = parse_ok(b, len);
    CU_ASSERT_EQUAL(v.icmp_body_len, 1280 - 48);
}

static void test_every_sample_rebuilds_from_its_parsed_view(void)
{
    for (int id = 0; id < SAMPLE_N; id++) {
        uint8_t b[PKT_MAX_LEN], again[PKT_MAX_LEN];
        size_t len = build(id, b);
        pkt_view_t v = parse_ok(b, len);
        pkt_desc_t d = {.src = v.src,
                        .dst = v.dst,
                        .has_hao = v.has_hao,
                        .hao = v.hao,
                        .has_rh2 = v.has_rh2,
                        .rh2_home = v.rh2_home,
                        .proto = v.proto,
                        .payload = v.upper,
                        .payload_len = v.upper_len,
                        .sport = v.sport,
                        .dport = v.dport,
                        .icmp_type = v.icmp_type,
                        .icmp_code = v.icmp_code};
        if (v.proto == PKT_PROTO_UDP) {
            d.payload = v.data;
            d.payload_len = v.data_len;
        } else if (v.proto == PKT_PROTO_ICMPV6) {
            d.payload = v.icmp_body;
            d.payload_len = v.icmp_body_len;
        }
        size_t len2;
        CU_ASSERT_EQUAL(pkt_build(&d, again, sizeof(again), &len2), 0);
        CU_ASSERT_EQUAL(len2, len);
        CU_ASSERT_EQUAL(memcmp(again, b, len), 0);
    }
}

static void test_build_reports_a_buffer_too_small_without_writing_past_it(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t need = build(SAMPLE_BU_CN, b);
    for (size_t cap = 0; cap < need; cap++) {
        uint8_t small[128];
        memset(small, 0xee, sizeof(small));
        size_t len;
        CU_ASSERT_EQUAL(sample_build(SAMPLE_BU_CN, small, cap, &len), PKT_E_NOSPACE);
        for (size_t i = cap; i < sizeof(small); i++)
            CU_ASSERT_EQUAL(small[i], 0xee);
    }
}

static void test_build_refuses_protocols_and_mh_it_cannot_build(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t b[PKT_MAX_LEN], mh[4] = {59, 0, 0, 0};
    size_t len;
    pkt_desc_t tcp = {.src = a.cn, .dst = a.hoa, .proto = 6};
    CU_ASSERT_EQUAL(pkt_build(&tcp, b, sizeof(b), &len), PKT_E_PROTO);
    pkt_desc_t short_mh = {
        .src = a.cn, .dst = a.hoa, .proto = PKT_PROTO_MH, .payload = mh, .payload_len = sizeof(mh)};
    CU_ASSERT_EQUAL(pkt_build(&short_mh, b, sizeof(b), &len), PKT_E_PROTO);
}

/* ---- malformed packets -------------------------------------------------- */

static int parse_err(const uint8_t *b, size_t len)
{
    pkt_view_t v;
    char why[128] = "untouched";
    int rc = pkt_parse(b, len, &v, why, sizeof(why));
    CU_ASSERT(rc == 0 || strlen(why) > 0);
    return rc;
}

/* Recomputes the MH checksum after a test edited the header. */
static void fix_mh_checksum(uint8_t *b, size_t len, size_t mh_off)
{
    pkt_view_t v;
    pkt_parse(b, len, &v, NULL, 0); /* the view names the upper layer even on error */
    const net_addr_t *src = v.has_hao ? &v.hao : &v.src;
    const net_addr_t *dst = v.has_rh2 ? &v.rh2_home : &v.dst;
    put_be16(b + mh_off + 4, mh_checksum(b + mh_off, len - mh_off, src, dst));
}

static void test_packet_shorter_than_its_ipv6_header_is_truncated(void)
{
    uint8_t b[PKT_MAX_LEN];
    build(SAMPLE_BU_CN, b);
    for (size_t n = 0; n < 40; n++)
        CU_ASSERT_EQUAL(parse_err(b, n), PKT_E_TRUNCATED);
}

static void test_not_version_6_is_rejected(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_BU_CN, b);
    b[0] = 0x45;
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_VERSION);
}

static void test_payload_length_disagreeing_with_the_bytes_is_rejected(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_BU_CN, b);
    CU_ASSERT_EQUAL(parse_err(b, len - 1), PKT_E_TRUNCATED);
    CU_ASSERT_EQUAL(parse_err(b, len + 8), PKT_E_LENGTH);
}

static void test_rh2_with_segments_left_other_than_1_is_rejected(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_BA_CN, b);
    b[43] = 0;
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_RH);
    b[43] = 2;
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_RH);
}

static void test_routing_header_not_type_2_or_of_wrong_length_is_rejected(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_BA_CN, b);
    b[42] = 0; /* type 0 (deprecated, RFC 5095) */
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_RH);
    len = build(SAMPLE_BA_CN, b);
    b[41] = 1; /* Hdr Ext Len 1: 16 bytes, not a type 2 header */
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_RH);
    len = build(SAMPLE_BA_CN, b);
    b[41] = 9; /* 80 bytes: past the packet */
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_TRUNCATED);
}

static void test_home_address_option_misaligned_or_of_wrong_length_is_rejected(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_BU_CN, b);
    /* Pad1, PadN(0), Pad1 instead of PadN(2): the HAO is still at 8n+6 */
    b[42] = 0;
    b[43] = 1;
    b[44] = 0;
    b[45] = 0;
    CU_ASSERT_EQUAL(parse_err(b, len), 0);
    /* shift the HAO to offset 5: PadN(1) then HAO at 5 -> not 8n+6 */
    len = build(SAMPLE_BU_CN, b);
    memmove(b + 45, b + 46, 18);
    b[42] = 1;
    b[43] = 1;
    b[44] = 0;
    b[63] = 0; /* Pad1 fills the freed byte */
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_EXTHDR);
    len = build(SAMPLE_BU_CN, b);
    b[47] = 15; /* HAO length 15 */
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_EXTHDR);
}

static void test_unknown_destination_option_is_skipped_only_when_its_action_is_skip(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_BU_CN, b);
    b[42] = 0x1e; /* unknown, action 00: skip (RFC 8200 §4.2) */
    CU_ASSERT_EQUAL(parse_err(b, len), 0);
    b[42] = 0x9e; /* unknown, action 10: discard */
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_EXTHDR);
}

static void test_wrong_mh_checksum_is_rejected(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_BU_CN, b);
    b[len - 1] ^= 1; /* authenticator bit: the checksum no longer matches */
    CU_ASSERT_EQUAL(parse_err(b, len), MH_E_CHECKSUM);
    len = build(SAMPLE_BU_CN, b);
    b[8 + 15] ^= 1; /* source address (the CoA) is not in the pseudo-header: HAO is */
    CU_ASSERT_EQUAL(parse_err(b, len), 0);
    b[40 + 8 + 15] ^= 1; /* the HAO is */
    CU_ASSERT_EQUAL(parse_err(b, len), MH_E_CHECKSUM);
}

static void test_mh_errors_come_through_pkt_parse_after_the_checksum(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_COTI, b);
    b[40] = 17; /* Payload Proto */
    fix_mh_checksum(b, len, 40);
    CU_ASSERT_EQUAL(parse_err(b, len), MH_E_PAYLOAD_PROTO);
    len = build(SAMPLE_COTI, b);
    b[42] = 8; /* MH Type 8: unknown to RFC 6275 */
    fix_mh_checksum(b, len, 40);
    pkt_view_t v;
    /* not an error for the packet (RFC 6275 §9.2): it reaches the receiver,
     * which addresses its Binding Error status 2 from it */
    CU_ASSERT_EQUAL(pkt_parse(b, len, &v, NULL, 0), 0);
    sample_addrs_t a = sample_addrs();
    CU_ASSERT_EQUAL(v.mh.type, 8);
    CU_ASSERT(net_addr_eq(&v.src, &a.coa));
}

static void test_wrong_or_zero_udp_checksum_is_rejected(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_UDP_RH2, b);
    b[len - 1] ^= 0x20;
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_CHECKSUM);
    len = build(SAMPLE_UDP_RH2, b);
    size_t udp = 40 + 24;
    b[udp + 6] = b[udp + 7] = 0; /* RFC 8200 §8.1: zero is not allowed over IPv6 */
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_CHECKSUM);
    len = build(SAMPLE_UDP_RH2, b);
    put_be16(b + udp + 4, (uint16_t)(len - udp - 1)); /* UDP Length */
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_LENGTH);
}

static void test_wrong_icmp_checksum_is_rejected(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_ICMP_UNREACH, b);
    b[41] = 4; /* code changed, checksum not */
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_CHECKSUM);
}

static void test_unhandled_upper_layer_is_reported(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_COTI, b);
    b[6] = 6; /* TCP */
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_PROTO);
    b[6] = PKT_PROTO_HOPOPTS;
    CU_ASSERT_EQUAL(parse_err(b, len), PKT_E_PROTO);
}

static void test_second_routing_or_destination_options_header_is_rejected(void)
{
    uint8_t inner[PKT_MAX_LEN], b[PKT_MAX_LEN];
    size_t len = build(SAMPLE_BA_CN, inner);
    /* splice a copy of the RH2 in front of the first one */
    memcpy(b, inner, 40);
    memcpy(b + 40, inner + 40, 24);
    b[40] = PKT_PROTO_ROUTING;
    memcpy(b + 64, inner + 40, len - 40);
    put_be16(b + 4, (uint16_t)(len - 40 + 24));
    CU_ASSERT_EQUAL(parse_err(b, len + 24), PKT_E_RH);
    len = build(SAMPLE_BU_CN, inner);
    memcpy(b, inner, 40);
    memcpy(b + 40, inner + 40, 24);
    b[40] = PKT_PROTO_DSTOPTS;
    memcpy(b + 64, inner + 40, len - 40);
    put_be16(b + 4, (uint16_t)(len - 40 + 24));
    CU_ASSERT_EQUAL(parse_err(b, len + 24), PKT_E_EXTHDR);
}

static void test_every_prefix_and_bit_flip_of_every_sample_parses_or_fails_cleanly(void)
{
    for (int id = 0; id < SAMPLE_N; id++) {
        uint8_t b[PKT_MAX_LEN];
        size_t len = build(id, b);
        for (size_t cut = 0; cut < len; cut++) {
            uint8_t *exact = malloc(cut ? cut : 1);
            memcpy(exact, b, cut);
            CU_ASSERT(parse_err(exact, cut) < 0); /* Payload Length no longer fits */
            free(exact);
        }
        for (size_t bit = 0; bit < 8 * len; bit++) {
            b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            int rc = parse_err(b, len);
            CU_ASSERT(rc <= 0 && strcmp(pkt_strerror(rc), pkt_strerror(-1000)) != 0);
            b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        }
    }
}

/* 2001:db8:net::iid */
static net_addr_t tpl_addr(uint16_t net, uint16_t iid)
{
    net_addr_t a = {{0x20, 0x01, 0x0d, 0xb8}};
    put_be16(a.b + 4, net);
    put_be16(a.b + 14, iid);
    return a;
}

/* A flow's template (pkt_udp_tpl_*) gives, for every sequence number, the
 * bytes pkt_build() writes for the whole packet: sizes below, at and past
 * the 4 sequence bytes (odd ones pad the last byte), every addressing a
 * flow uses (RH2, HAO, the reverse tunnel around it), and sequence numbers
 * whose words carry in the one's complement sum. */
static void test_udp_template_matches_a_full_build_for_every_sequence_number(void)
{
    static const size_t sizes[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 160, 161, 1200};
    static const uint32_t seqs[] = {0,          1,          2,          0xffff,     0x10000,
                                    0x10001,    0xfffe,     0xfffefffe, 0xffff0000, 0x0000ffff,
                                    0xffffffff, 0x12345678, 0x8000,     0x80008000, 0xedcba987};
    uint8_t payload[1200], want[PKT_MAX_LEN], inner[PKT_MAX_LEN], tpl[PKT_MAX_LEN],
        got[PKT_MAX_LEN];
    for (int shape = 0; shape < 16; shape++) {
        bool rh2 = shape & 1, hao = shape & 2, tunnel = shape & 4, zeros = shape & 8;
        /* past the sequence bytes: kept as given; a flow's zeros are not
         * kept in the template but written by the fill */
        for (size_t i = 0; i < sizeof(payload); i++)
            payload[i] = zeros ? 0 : (uint8_t)(i * 7 + 3);
        for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
            size_t size = sizes[si];
            pkt_desc_t d = {.proto = PKT_PROTO_UDP, .sport = 7001, .dport = 7002};
            d.src = tpl_addr(0xa1, 0x100);
            d.dst = tpl_addr(0xb1, 0x200);
            d.has_rh2 = rh2;
            d.rh2_home = tpl_addr(0xb, 0x200);
            d.has_hao = hao;
            d.hao = tpl_addr(0xa, 0x100);
            d.payload_len = size;
            pkt_desc_t outer = {
                .src = tpl_addr(0xa2, 0x100), .dst = tpl_addr(0xa, 1), .proto = PKT_PROTO_IPV6};
            d.payload = payload;
            pkt_udp_tpl_t t;
            CU_ASSERT_EQUAL_FATAL(
                pkt_udp_tpl_build(&d, tunnel ? &outer : NULL, tpl, sizeof(tpl), &t), 0);
            CU_ASSERT(t.head_len <= t.len);
            CU_ASSERT(t.head_len >= t.seq_off + t.seq_len);
            if (zeros)
                CU_ASSERT_EQUAL(t.head_len, t.seq_off + t.seq_len);
            memset(tpl + t.head_len, 0xcc, sizeof(tpl) - t.head_len); /* not read */
            for (size_t k = 0; k < sizeof(seqs) / sizeof(seqs[0]); k++) {
                uint8_t p[1200];
                memcpy(p, payload, size);
                uint8_t b[4] = {(uint8_t)(seqs[k] >> 24), (uint8_t)(seqs[k] >> 16),
                                (uint8_t)(seqs[k] >> 8), (uint8_t)seqs[k]};
                memcpy(p, b, size < 4 ? size : 4);
                d.payload = p;
                size_t len, ilen;
                CU_ASSERT_EQUAL_FATAL(pkt_build(&d, inner, sizeof(inner), &ilen), 0);
                if (tunnel) {
                    outer.payload = inner;
                    outer.payload_len = ilen;
                    CU_ASSERT_EQUAL_FATAL(pkt_build(&outer, want, sizeof(want), &len), 0);
                } else {
                    memcpy(want, inner, ilen);
                    len = ilen;
                }
                CU_ASSERT_EQUAL_FATAL(t.len, len);
                memset(got, 0xee, sizeof(got));
                pkt_udp_tpl_fill(&t, tpl, got, seqs[k]);
                CU_ASSERT(memcmp(got, want, len) == 0);
                CU_ASSERT_EQUAL(got[len], 0xee); /* nothing past the packet */
                pkt_view_t v;
                CU_ASSERT_EQUAL(pkt_parse(got + (tunnel ? len - ilen : 0), ilen, &v, NULL, 0), 0);
                d.payload = payload;
            }
        }
    }
}

/* The fields of a view a layout rebuilds must equal the parse's: all but
 * the Mobility Header part, which only mh.type and mh.exp_len of. */
static void assert_same_view(const pkt_view_t *a, const pkt_view_t *b)
{
    CU_ASSERT(net_addr_eq(&a->src, &b->src) && net_addr_eq(&a->dst, &b->dst));
    CU_ASSERT_EQUAL(a->hop_limit, b->hop_limit);
    CU_ASSERT_EQUAL(a->has_hao, b->has_hao);
    CU_ASSERT(net_addr_eq(&a->hao, &b->hao));
    CU_ASSERT_EQUAL(a->has_rh2, b->has_rh2);
    CU_ASSERT(net_addr_eq(&a->rh2_home, &b->rh2_home));
    CU_ASSERT_EQUAL(a->rh2_segments_left, b->rh2_segments_left);
    CU_ASSERT_EQUAL(a->proto, b->proto);
    CU_ASSERT_PTR_EQUAL(a->upper, b->upper);
    CU_ASSERT_EQUAL(a->upper_len, b->upper_len);
    CU_ASSERT_EQUAL(a->mh.type, b->mh.type);
    CU_ASSERT_EQUAL(a->mh.exp_len, b->mh.exp_len);
    CU_ASSERT_EQUAL(a->sport, b->sport);
    CU_ASSERT_EQUAL(a->dport, b->dport);
    CU_ASSERT_PTR_EQUAL(a->data, b->data);
    CU_ASSERT_EQUAL(a->data_len, b->data_len);
    CU_ASSERT_EQUAL(a->icmp_type, b->icmp_type);
    CU_ASSERT_EQUAL(a->icmp_code, b->icmp_code);
    CU_ASSERT_PTR_EQUAL(a->icmp_body, b->icmp_body);
    CU_ASSERT_EQUAL(a->icmp_body_len, b->icmp_body_len);
}

/* A layout is given for exactly the UDP and tunnel packets that parse, and
 * the view rebuilt from it is the parse's, for every sample and for data
 * packets with every header a flow puts on them; a packet that does not
 * parse gets none. */
static void test_a_layout_rebuilds_the_view_its_parse_gave(void)
{
    int with_layout = 0;
    for (int id = 0; id < SAMPLE_N; id++) {
        uint8_t b[PKT_MAX_LEN];
        size_t len = build(id, b);
        for (int level = 0; level < 2; level++) {
            pkt_view_t v, again;
            pkt_layout_t lay;
            memset(&lay, 0xff, sizeof(lay));
            CU_ASSERT_EQUAL_FATAL(pkt_parse_layout(b, len, &v, PKT_PARSE_NO_CSUM, NULL, 0, &lay),
                                  0);
            CU_ASSERT_EQUAL(lay.ok, v.proto == PKT_PROTO_UDP || v.proto == PKT_PROTO_IPV6);
            if (lay.ok) {
                with_layout++;
                memset(&again, 0x5a, sizeof(again));
                pkt_view_from_layout(b, len, &lay, &again);
                assert_same_view(&v, &again);
            }
            if (v.proto != PKT_PROTO_IPV6)
                break;
            memmove(b, v.upper, v.upper_len); /* the inner packet, as decapsulated */
            len = v.upper_len;
        }
    }
    CU_ASSERT(with_layout >= 2);
    for (int shape = 0; shape < 4; shape++) {
        uint8_t payload[20] = {1, 2, 3}, b[PKT_MAX_LEN];
        pkt_desc_t d = {.src = tpl_addr(0xa1, 0x100),
                        .dst = tpl_addr(0xb1, 0x200),
                        .has_rh2 = shape & 1,
                        .rh2_home = tpl_addr(0xb, 0x200),
                        .has_hao = shape & 2,
                        .hao = tpl_addr(0xa, 0x100),
                        .proto = PKT_PROTO_UDP,
                        .payload = payload,
                        .payload_len = sizeof(payload),
                        .sport = 7001,
                        .dport = 7002};
        size_t len;
        CU_ASSERT_EQUAL_FATAL(pkt_build(&d, b, sizeof(b), &len), 0);
        pkt_view_t v, again;
        pkt_layout_t lay;
        CU_ASSERT_EQUAL_FATAL(pkt_parse_layout(b, len, &v, 0, NULL, 0, &lay), 0);
        CU_ASSERT_FATAL(lay.ok);
        CU_ASSERT_EQUAL(lay.hao_off != 0, d.has_hao);
        CU_ASSERT_EQUAL(lay.rh2_off != 0, d.has_rh2);
        pkt_view_from_layout(b, len, &lay, &again);
        assert_same_view(&v, &again);
        b[0] = 0x50; /* not IPv6 */
        CU_ASSERT(pkt_parse_layout(b, len, &v, PKT_PARSE_NO_CSUM, NULL, 0, &lay) < 0);
        CU_ASSERT(!lay.ok);
    }
}

/* A template of a packet that would not fit is refused, as pkt_build()
 * would refuse it; so is a protocol other than UDP. */
static void test_udp_template_refuses_what_pkt_build_refuses(void)
{
    static uint8_t payload[PKT_MAX_LEN];
    uint8_t buf[PKT_MAX_LEN];
    pkt_udp_tpl_t t;
    pkt_desc_t d = {.proto = PKT_PROTO_UDP, .payload = payload, .payload_len = PKT_MAX_LEN - 48};
    pkt_desc_t outer = {.proto = PKT_PROTO_IPV6};
    CU_ASSERT_EQUAL(pkt_udp_tpl_build(&d, NULL, buf, sizeof(buf), &t), 0);
    CU_ASSERT_EQUAL(t.len, PKT_MAX_LEN);
    CU_ASSERT_EQUAL(pkt_udp_tpl_build(&d, &outer, buf, sizeof(buf), &t), PKT_E_NOSPACE);
    CU_ASSERT_EQUAL(pkt_udp_tpl_build(&d, NULL, buf, PKT_MAX_LEN - 1, &t), PKT_E_NOSPACE);
    d.payload_len = PKT_MAX_LEN - 47;
    CU_ASSERT(pkt_udp_tpl_build(&d, NULL, buf, sizeof(buf), &t) < 0);
    d.payload_len = 8;
    d.proto = PKT_PROTO_MH;
    CU_ASSERT_EQUAL(pkt_udp_tpl_build(&d, NULL, buf, sizeof(buf), &t), PKT_E_PROTO);
}

void suite_pkt(void)
{
    ADD_SUITE("pkt", TEST(test_correspondent_bu_is_the_protocol_reference_packet_byte_for_byte),
              TEST(test_correspondent_ba_is_the_protocol_reference_packet_byte_for_byte),
              TEST(test_mh_checksums_match_the_protocol_reference_values),
              TEST(test_bu_checksum_takes_the_home_address_option_as_source),
              TEST(test_ba_checksum_takes_the_rh2_home_address_as_destination),
              TEST(test_bu_parses_back_with_hao_nonce_indices_and_authenticator),
              TEST(test_ba_parses_back_with_rh2_segments_left_1),
              TEST(test_tunneled_hoti_carries_inner_home_address_to_cn),
              TEST(test_udp_data_parses_back_with_ports_payload_and_checksum),
              TEST(test_icmp_destination_unreachable_carries_the_invoking_packet),
              TEST(test_icmp_error_is_cut_to_the_1280_byte_minimum_mtu),
              TEST(test_every_sample_rebuilds_from_its_parsed_view),
              TEST(test_build_reports_a_buffer_too_small_without_writing_past_it),
              TEST(test_build_refuses_protocols_and_mh_it_cannot_build),
              TEST(test_packet_shorter_than_its_ipv6_header_is_truncated),
              TEST(test_not_version_6_is_rejected),
              TEST(test_payload_length_disagreeing_with_the_bytes_is_rejected),
              TEST(test_rh2_with_segments_left_other_than_1_is_rejected),
              TEST(test_routing_header_not_type_2_or_of_wrong_length_is_rejected),
              TEST(test_home_address_option_misaligned_or_of_wrong_length_is_rejected),
              TEST(test_unknown_destination_option_is_skipped_only_when_its_action_is_skip),
              TEST(test_wrong_mh_checksum_is_rejected),
              TEST(test_mh_errors_come_through_pkt_parse_after_the_checksum),
              TEST(test_wrong_or_zero_udp_checksum_is_rejected),
              TEST(test_wrong_icmp_checksum_is_rejected),
              TEST(test_unhandled_upper_layer_is_reported),
              TEST(test_second_routing_or_destination_options_header_is_rejected),
              TEST(test_every_prefix_and_bit_flip_of_every_sample_parses_or_fails_cleanly),
              TEST(test_udp_template_matches_a_full_build_for_every_sequence_number),
              TEST(test_udp_template_refuses_what_pkt_build_refuses),
              TEST(test_a_layout_rebuilds_the_view_its_parse_gave));
}
