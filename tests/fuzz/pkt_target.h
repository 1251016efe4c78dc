/* tests/fuzz/pkt_target.h - the parse-everything routine shared by the
 * libFuzzer target (tests/fuzz/fuzz_pkt.c) and the corpus replay in
 * `make test` (tests/models/test_fuzz_corpus.c), so both run the same code.
 *
 * fuzz_pkt_target() feeds the bytes to every wire parser mobsim has and
 * checks what a crash-free parser can still get wrong:
 *   - pkt_parse(): an error comes with a known code and a reason; a success
 *     has its pointers inside the input, its MH checksum right, and it
 *     survives a rebuild (pkt_build of the parsed view parses back to the
 *     same addresses, headers and upper layer); tunnel inner packets and
 *     ICMPv6 invoking packets are parsed again, 4 levels deep at most;
 *   - mh_parse() on the raw bytes: a parsed message re-encodes with
 *     mh_encode() and parses back to the same mh_msg_t; mh_auth_offset()
 *     agrees with the parser about the BAD option.
 * Returns 0, or the number of the first broken property (the fuzzer turns
 * it into a crash; the replay test reports it).
 *
 * Defined static in this header because the two binaries are built by
 * different compilers from different source lists; each includes it once.
 */
#ifndef MOBSIM_TESTS_FUZZ_PKT_TARGET_H
#define MOBSIM_TESTS_FUZZ_PKT_TARGET_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/mh.h"
#include "models/pkt.h"
#include "models/wire.h"

#define FUZZ_MAX_DEPTH 4

static int fuzz_check_mh(const uint8_t *data, size_t size)
{
    mh_msg_t m, again;
    int rc = mh_parse(data, size, &m);
    int off = mh_auth_offset(data, size);
    if (rc != 0)
        return off == -1 ? 0 : 1;
    if (m.type != MH_EXPERIMENTAL && (off >= 0) != m.has_bad)
        return 2;
    if (off >= 0 && memcmp(data + off, m.authenticator, MH_AUTH_LEN) != 0)
        return 3;
    uint8_t buf[MH_MAX_LEN];
    size_t len;
    if (mh_encode(&m, buf, sizeof(buf), &len) != 0)
        return 4;
    if (mh_parse(buf, len, &again) != 0 || memcmp(&m, &again, sizeof(m)) != 0)
        return 5;
    return 0;
}

static bool fuzz_inside(const uint8_t *p, size_t n, const uint8_t *data, size_t size)
{
    return p >= data && n <= size && (size_t)(p - data) <= size - n;
}

static int fuzz_compare_views(const pkt_view_t *v, const pkt_view_t *w)
{
    if (!net_addr_eq(&w->src, &v->src) || !net_addr_eq(&w->dst, &v->dst) ||
        w->has_hao != v->has_hao || w->has_rh2 != v->has_rh2 || w->proto != v->proto)
        return 21;
    if ((v->has_hao && !net_addr_eq(&w->hao, &v->hao)) ||
        (v->has_rh2 && !net_addr_eq(&w->rh2_home, &v->rh2_home)))
        return 22;
    if (v->proto == PKT_PROTO_MH && memcmp(&w->mh, &v->mh, sizeof(w->mh)) != 0)
        return 23;
    if (v->proto == PKT_PROTO_UDP &&
        (w->data_len != v->data_len || w->sport != v->sport || w->dport != v->dport ||
         (w->data_len && memcmp(w->data, v->data, w->data_len) != 0)))
        return 24;
    if (v->proto == PKT_PROTO_ICMPV6 &&
        (w->icmp_type != v->icmp_type || w->icmp_code != v->icmp_code))
        return 25;
    return 0;
}

/* pkt_build of the parsed view must give a packet that parses to the same. */
static int fuzz_check_rebuild(const pkt_view_t *v)
{
    pkt_desc_t d = {
        .src = v->src,
        .dst = v->dst,
        .hop_limit = v->hop_limit,
        .has_hao = v->has_hao,
        .hao = v->hao,
        .has_rh2 = v->has_rh2,
        .rh2_home = v->rh2_home,
        .proto = v->proto,
        .payload = v->upper,
        .payload_len = v->upper_len,
        .sport = v->sport,
        .dport = v->dport,
        .icmp_type = v->icmp_type,
        .icmp_code = v->icmp_code,
    };
    if (v->proto == PKT_PROTO_UDP) {
        d.payload = v->data;
        d.payload_len = v->data_len;
    } else if (v->proto == PKT_PROTO_ICMPV6) {
        d.payload = v->icmp_body;
        d.payload_len = v->icmp_body_len;
    }
    size_t cap = PKT_IPV6_HDR_LEN + 64 + v->upper_len;
    uint8_t *buf = malloc(cap);
    if (!buf)
        return 0;
    size_t len;
    pkt_view_t w;
    int rc = pkt_build(&d, buf, cap, &len);
    if (rc == PKT_E_LENGTH) {
        free(buf); /* a 64 KiB packet grown past 16 bits by our headers */
        return 0;
    }
    rc = rc ? rc : pkt_parse(buf, len, &w, NULL, 0);
    int bad = rc ? 20 : fuzz_compare_views(v, &w);
    free(buf);
    return bad;
}

static int fuzz_check_packet(const uint8_t *data, size_t size, int depth);

/* Random bytes rarely carry a right checksum, which would stop the fuzzer
 * at the checksum test: on a checksum error, put the right one into a copy
 * and check that again (the view names the upper layer after an error past
 * the extension headers). */
static int fuzz_fix_checksum(const uint8_t *data, size_t size, const pkt_view_t *v, int depth)
{
    size_t at = (size_t)(v->upper - data);
    size_t field = v->proto == PKT_PROTO_MH ? 4 : v->proto == PKT_PROTO_UDP ? 6 : 2;
    if (!fuzz_inside(v->upper, v->upper_len, data, size) || v->upper_len < field + 2)
        return 17;
    uint8_t *copy = malloc(size);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    uint8_t *up = copy + at;
    put_be16(up + field, 0);
    const net_addr_t *psrc = v->has_hao ? &v->hao : &v->src;
    const net_addr_t *pdst = v->has_rh2 ? &v->rh2_home : &v->dst;
    uint16_t c = wire_csum_fold(wire_csum_add(
        wire_csum_pseudo(psrc, pdst, (uint32_t)v->upper_len, v->proto), up, v->upper_len));
    put_be16(up + field, v->proto == PKT_PROTO_UDP && c == 0 ? 0xffff : c);
    pkt_view_t w;
    int bad = pkt_parse(copy, size, &w, NULL, 0) == PKT_E_CHECKSUM ? 18 : 0;
    if (!bad && depth < FUZZ_MAX_DEPTH)
        bad = fuzz_check_packet(copy, size, depth + 1);
    free(copy);
    return bad;
}

static int fuzz_check_packet(const uint8_t *data, size_t size, int depth)
{
    pkt_view_t v;
    char why[160];
    int rc = pkt_parse(data, size, &v, why, sizeof(why));
    if (rc != 0) {
        bool known = (rc <= PKT_E_TRUNCATED && rc >= PKT_E_NOSPACE) ||
                     (rc <= MH_E_TRUNCATED && rc >= MH_E_CHECKSUM);
        if (!why[0] || !known)
            return 10;
        if (rc == MH_E_CHECKSUM || rc == PKT_E_CHECKSUM)
            return fuzz_fix_checksum(data, size, &v, depth);
        return 0;
    }
    if (!fuzz_inside(v.upper, v.upper_len, data, size) || v.upper + v.upper_len != data + size)
        return 11;
    if (v.has_rh2 && v.rh2_segments_left != 1)
        return 12;
    const net_addr_t *psrc = v.has_hao ? &v.hao : &v.src;
    const net_addr_t *pdst = v.has_rh2 ? &v.rh2_home : &v.dst;
    /* 0x0000 and 0xffff are the same one's complement number: both verify */
    if (v.proto == PKT_PROTO_MH && (uint16_t)(mh_checksum(v.upper, v.upper_len, psrc, pdst) %
                                              0xffff) != (uint16_t)(get_be16(v.upper + 4) % 0xffff))
        return 13;
    if (v.proto == PKT_PROTO_UDP && !fuzz_inside(v.data, v.data_len, data, size))
        return 14;
    if (v.proto == PKT_PROTO_ICMPV6 && !fuzz_inside(v.icmp_body, v.icmp_body_len, data, size))
        return 15;
    int bad = fuzz_check_rebuild(&v);
    if (bad)
        return bad;
    if (v.proto == PKT_PROTO_MH)
        return fuzz_check_mh(v.upper, v.upper_len) ? 16 : 0;
    if (depth < FUZZ_MAX_DEPTH && v.proto == PKT_PROTO_IPV6)
        return fuzz_check_packet(v.upper, v.upper_len, depth + 1);
    if (depth < FUZZ_MAX_DEPTH && v.proto == PKT_PROTO_ICMPV6)
        return fuzz_check_packet(v.icmp_body, v.icmp_body_len, depth + 1);
    return 0;
}

static int fuzz_pkt_target(const uint8_t *data, size_t size)
{
    int bad = fuzz_check_packet(data, size, 0);
    return bad ? bad : fuzz_check_mh(data, size);
}

#endif /* MOBSIM_TESTS_FUZZ_PKT_TARGET_H */
