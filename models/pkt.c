/* models/pkt.c - IPv6 packets as bytes (RFC 8200, RFC 6275 §6.3/§6.4,
 * RFC 2473 tunnels, RFC 768 UDP, RFC 4443 ICMPv6).
 *
 * Build writes the headers front to back into (buf, cap). Parse walks the
 * extension-header chain with a length check before every read; each header
 * it accepts is at least 8 bytes and appears at most once, so the walk is
 * bounded by the packet. The MH, UDP and ICMPv6 checksums are verified with
 * the pseudo-header RFC 6275 §6.1.1 prescribes (HAO address as source, RH2
 * home address as destination).
 */
#include "models/pkt.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "models/wire.h"

#define PKT_RH2_LEN         24 /* RFC 6275 §6.4: NH, len 2, type 2, segleft 1, reserved, HoA */
#define PKT_RH2_HDR_EXT_LEN 2
#define PKT_RH2_TYPE        2
#define PKT_DSTOPT_HAO_LEN  24   /* NH, len 2, PadN(2), HAO(18): HAO at 8n+6 (§6.3) */
#define PKT_HAO_DATA_LEN    16   /* §6.3: Option Length 16 */
#define PKT_UDP_HDR_LEN     8    /* RFC 768 */
#define PKT_ICMP_HDR_LEN    8    /* RFC 4443 §3.1: type, code, checksum, unused 32 */
#define PKT_IPV6_MIN_MTU    1280 /* RFC 8200 §5; RFC 4443 §2.4(c) caps error messages */
#define PKT_OPT_PAD1        0    /* RFC 8200 §4.2 */
#define PKT_OPT_PADN        1

const char *pkt_strerror(int err)
{
    switch (err) {
    case PKT_E_TRUNCATED:
        return "packet shorter than a header says";
    case PKT_E_VERSION:
        return "not an IPv6 packet";
    case PKT_E_LENGTH:
        return "IPv6 Payload Length disagrees with the packet";
    case PKT_E_EXTHDR:
        return "malformed extension header or option";
    case PKT_E_RH:
        return "routing header not a valid type 2 routing header";
    case PKT_E_CHECKSUM:
        return "UDP or ICMPv6 checksum wrong";
    case PKT_E_PROTO:
        return "upper-layer protocol not handled";
    case PKT_E_NOSPACE:
        return "buffer too small for the packet";
    default:
        return mh_strerror(err);
    }
}

/* ---- building ---------------------------------------------------------- */

/* Pseudo-header addresses of the upper layer: the HAO home address as
 * source, the RH2 home address (final destination) as destination. */
static void pseudo_addrs(const net_addr_t *src, const net_addr_t *dst, bool has_hao,
                         const net_addr_t *hao, bool has_rh2, const net_addr_t *rh2,
                         const net_addr_t **psrc, const net_addr_t **pdst)
{
    *psrc = has_hao ? hao : src;
    *pdst = has_rh2 ? rh2 : dst;
}

static size_t upper_len_for(const pkt_desc_t *d, size_t headers_len)
{
    switch (d->proto) {
    case PKT_PROTO_UDP:
        return PKT_UDP_HDR_LEN + d->payload_len;
    case PKT_PROTO_ICMPV6: {
        size_t room = PKT_IPV6_MIN_MTU - headers_len - PKT_ICMP_HDR_LEN;
        size_t body = d->payload_len < room ? d->payload_len : room;
        return PKT_ICMP_HDR_LEN + body;
    }
    default:
        return d->payload_len;
    }
}

static void put_ipv6(uint8_t *p, const pkt_desc_t *d, size_t payload_len, uint8_t next)
{
    put_be32(p, UINT32_C(6) << 28); /* version 6, traffic class 0, flow label 0 */
    put_be16(p + 4, (uint16_t)payload_len);
    p[6] = next;
    p[7] = d->hop_limit ? d->hop_limit : 64;
    memcpy(p + 8, d->src.b, 16);
    memcpy(p + 24, d->dst.b, 16);
}

static void put_rh2(uint8_t *p, const net_addr_t *home, uint8_t next)
{
    p[0] = next;
    p[1] = PKT_RH2_HDR_EXT_LEN;
    p[2] = PKT_RH2_TYPE;
    p[3] = 1; /* §6.4: Segments Left 1 on the wire */
    memset(p + 4, 0, 4);
    memcpy(p + 8, home->b, 16);
}

static void put_dstopt_hao(uint8_t *p, const net_addr_t *hao, uint8_t next)
{
    p[0] = next;
    p[1] = 2; /* (24 / 8) - 1 */
    p[2] = PKT_OPT_PADN;
    p[3] = 2;
    p[4] = p[5] = 0;
    p[6] = PKT_HAO_OPT_TYPE; /* offset 6: the 8n+6 of §6.3 */
    p[7] = PKT_HAO_DATA_LEN;
    memcpy(p + 8, hao->b, 16);
}

/* Writes the upper layer at p (ulen bytes) and its checksum. */
static void put_upper(uint8_t *p, size_t ulen, const pkt_desc_t *d, const net_addr_t *psrc,
                      const net_addr_t *pdst)
{
    switch (d->proto) {
    case PKT_PROTO_MH:
        memcpy(p, d->payload, ulen);
        put_be16(p + 4, mh_checksum(p, ulen, psrc, pdst));
        break;
    case PKT_PROTO_UDP: {
        put_be16(p, d->sport);
        put_be16(p + 2, d->dport);
        put_be16(p + 4, (uint16_t)ulen);
        put_be16(p + 6, 0);
        if (d->payload_len)
            memcpy(p + PKT_UDP_HDR_LEN, d->payload, d->payload_len);
        uint16_t c = wire_csum_fold(
            wire_csum_add(wire_csum_pseudo(psrc, pdst, (uint32_t)ulen, PKT_PROTO_UDP), p, ulen));
        put_be16(p + 6, c ? c : 0xffff); /* RFC 8200 §8.1: 0 is sent as 0xffff */
        break;
    }
    case PKT_PROTO_ICMPV6: {
        p[0] = d->icmp_type;
        p[1] = d->icmp_code;
        memset(p + 2, 0, 6);
        if (ulen > PKT_ICMP_HDR_LEN)
            memcpy(p + PKT_ICMP_HDR_LEN, d->payload, ulen - PKT_ICMP_HDR_LEN);
        put_be16(p + 2,
                 wire_csum_fold(wire_csum_add(
                     wire_csum_pseudo(psrc, pdst, (uint32_t)ulen, PKT_PROTO_ICMPV6), p, ulen)));
        break;
    }
    default:
        if (ulen)
            memcpy(p, d->payload, ulen);
        break;
    }
}

/* The lengths pkt_build() writes: extension headers, upper layer (one
 * switch: this runs twice per packet built in place). */
static inline int build_lengths(const pkt_desc_t *d, size_t *ext, size_t *ulen)
{
    size_t e = (d->has_rh2 ? PKT_RH2_LEN : 0) + (d->has_hao ? PKT_DSTOPT_HAO_LEN : 0);
    switch (d->proto) {
    case PKT_PROTO_UDP:
        *ulen = PKT_UDP_HDR_LEN + d->payload_len;
        break;
    case PKT_PROTO_MH:
        if (d->payload_len < 8) /* the checksum field must exist */
            return PKT_E_PROTO;
        *ulen = d->payload_len;
        break;
    case PKT_PROTO_ICMPV6:
        *ulen = upper_len_for(d, PKT_IPV6_HDR_LEN + e);
        break;
    case PKT_PROTO_IPV6:
    case PKT_PROTO_NONE:
        *ulen = d->payload_len;
        break;
    default:
        return PKT_E_PROTO;
    }
    *ext = e;
    if (e + *ulen > UINT16_MAX)
        return PKT_E_LENGTH;
    return 0;
}

int pkt_build_len(const pkt_desc_t *d, size_t *len)
{
    size_t ext, ulen;
    int rc = build_lengths(d, &ext, &ulen);
    if (rc)
        return rc;
    *len = PKT_IPV6_HDR_LEN + ext + ulen;
    return 0;
}

int pkt_build(const pkt_desc_t *d, uint8_t *buf, size_t cap, size_t *len)
{
    size_t ext, ulen;
    int rc = build_lengths(d, &ext, &ulen);
    if (rc)
        return rc;
    size_t payload_len = ext + ulen;
    if (cap < PKT_IPV6_HDR_LEN || payload_len > cap - PKT_IPV6_HDR_LEN)
        return PKT_E_NOSPACE;

    /* RFC 8200 §4.1 order: Routing, then Destination Options for the final
     * destination, then the upper layer. */
    uint8_t after_rh = d->has_hao ? PKT_PROTO_DSTOPTS : d->proto;
    uint8_t first = d->has_rh2 ? PKT_PROTO_ROUTING : after_rh;
    put_ipv6(buf, d, payload_len, first);
    uint8_t *p = buf + PKT_IPV6_HDR_LEN;
    if (d->has_rh2) {
        put_rh2(p, &d->rh2_home, after_rh);
        p += PKT_RH2_LEN;
    }
    if (d->has_hao) {
        put_dstopt_hao(p, &d->hao, d->proto);
        p += PKT_DSTOPT_HAO_LEN;
    }
    const net_addr_t *psrc, *pdst;
    pseudo_addrs(&d->src, &d->dst, d->has_hao, &d->hao, d->has_rh2, &d->rh2_home, &psrc, &pdst);
    put_upper(p, ulen, d, psrc, pdst);
    *len = PKT_IPV6_HDR_LEN + payload_len;
    return 0;
}

int pkt_udp_tpl_build(const pkt_desc_t *inner, const pkt_desc_t *outer, uint8_t *buf, size_t cap,
                      pkt_udp_tpl_t *t)
{
    if (inner->proto != PKT_PROTO_UDP)
        return PKT_E_PROTO;
    size_t seq_len = inner->payload_len < 4 ? inner->payload_len : 4;
    uint8_t payload[PKT_MAX_LEN];
    if (inner->payload_len > sizeof(payload))
        return PKT_E_NOSPACE;
    memset(payload, 0, seq_len);
    if (inner->payload_len > seq_len)
        memcpy(payload + seq_len, inner->payload + seq_len, inner->payload_len - seq_len);
    pkt_desc_t d = *inner;
    d.payload = payload;
    uint8_t in[PKT_MAX_LEN];
    size_t in_len, len;
    int rc = pkt_build(&d, in, sizeof(in), &in_len);
    if (rc)
        return rc;
    if (outer) {
        pkt_desc_t o = *outer;
        o.payload = in;
        o.payload_len = in_len;
        if ((rc = pkt_build_len(&o, &len)) != 0)
            return rc;
        if (len > PKT_MAX_LEN || len > cap)
            return PKT_E_NOSPACE;
        if ((rc = pkt_build(&o, buf, cap, &len)) != 0)
            return rc;
    } else {
        if (in_len > cap)
            return PKT_E_NOSPACE;
        memcpy(buf, in, in_len);
        len = in_len;
    }
    /* the inner packet ends the outer one (PKT_PROTO_IPV6 is the last
     * header); its UDP message ends it too */
    size_t udp_len = PKT_UDP_HDR_LEN + inner->payload_len;
    size_t udp_off = len - udp_len;
    t->len = len;
    /* a payload of zeros past the sequence number (a flow's) need not be
     * kept: the template ends there, the copies are zeroed past it */
    t->head_len = len;
    size_t past = udp_off + PKT_UDP_HDR_LEN + seq_len;
    while (t->head_len > past && buf[t->head_len - 1] == 0)
        t->head_len--;
    t->seq_off = udp_off + PKT_UDP_HDR_LEN;
    t->seq_len = seq_len;
    t->csum_off = udp_off + 6;
    put_be16(buf + t->csum_off, 0);
    const net_addr_t *psrc, *pdst;
    pseudo_addrs(&inner->src, &inner->dst, inner->has_hao, &inner->hao, inner->has_rh2,
                 &inner->rh2_home, &psrc, &pdst);
    t->sum0 = wire_csum_add(wire_csum_pseudo(psrc, pdst, (uint32_t)udp_len, PKT_PROTO_UDP),
                            buf + udp_off, udp_len);
    uint16_t c = wire_csum_fold(t->sum0); /* the packet of sequence number 0 */
    put_be16(buf + t->csum_off, c ? c : 0xffff);
    /* the layouts every copy has (the sequence bytes and checksum change no
     * header) */
    pkt_view_t v;
    t->inner_off = outer ? len - in_len : 0;
    memset(t->lay, 0, sizeof(t->lay));
    if ((rc = pkt_parse_layout(buf, len, &v, PKT_PARSE_NO_CSUM, NULL, 0, &t->lay[0])) != 0)
        return rc;
    if (outer && (rc = pkt_parse_layout(buf + t->inner_off, in_len, &v, PKT_PARSE_NO_CSUM, NULL, 0,
                                        &t->lay[1])) != 0)
        return rc;
    return 0;
}

/* ---- parsing ----------------------------------------------------------- */

static int fail(char *why, size_t whycap, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *why, size_t whycap, int code, const char *fmt, ...)
{
    if (why && whycap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, whycap, fmt, ap);
        va_end(ap);
    }
    return code;
}

typedef struct {
    const uint8_t *buf;
    size_t len;
    char *why;
    size_t whycap;
    unsigned flags;
    size_t *hao_at; /* where the HAO's address is (pkt_layout_t) */
} pkt_in_t;

/* Type 2 Routing Header at off (RFC 6275 §6.4). Sets *hlen. */
static int parse_rh2(const pkt_in_t *in, size_t off, pkt_view_t *v, size_t *hlen)
{
    const uint8_t *p = in->buf + off;
    if (in->len - off < 8)
        return fail(in->why, in->whycap, PKT_E_TRUNCATED, "routing header at %zu truncated", off);
    size_t n = ((size_t)p[1] + 1) * 8;
    if (n > in->len - off)
        return fail(in->why, in->whycap, PKT_E_TRUNCATED,
                    "routing header at %zu: %zu bytes, %zu left", off, n, in->len - off);
    if (v->has_rh2)
        return fail(in->why, in->whycap, PKT_E_RH, "second routing header at %zu", off);
    if (p[2] != PKT_RH2_TYPE)
        return fail(in->why, in->whycap, PKT_E_RH, "routing type %u, only type 2 is handled", p[2]);
    if (p[1] != PKT_RH2_HDR_EXT_LEN)
        return fail(in->why, in->whycap, PKT_E_RH, "type 2 routing header with Hdr Ext Len %u",
                    p[1]);
    if (p[3] != 1)
        return fail(in->why, in->whycap, PKT_E_RH, "type 2 routing header with Segments Left %u",
                    p[3]);
    v->has_rh2 = true;
    v->rh2_segments_left = p[3];
    memcpy(v->rh2_home.b, p + 8, 16);
    *hlen = n;
    return 0;
}

/* One option of a Destination Options header at p[i] (RFC 8200 §4.2,
 * RFC 6275 §6.3). Sets *step to the option's size. */
static int parse_dstopt(const pkt_in_t *in, const uint8_t *p, size_t i, size_t n, pkt_view_t *v,
                        size_t *step)
{
    if (p[i] == PKT_OPT_PAD1) {
        *step = 1;
        return 0;
    }
    if (n - i < 2 || p[i + 1] > n - i - 2)
        return fail(in->why, in->whycap, PKT_E_EXTHDR, "destination option %#x overruns its header",
                    p[i]);
    uint8_t olen = p[i + 1];
    *step = 2u + olen;
    if (p[i] == PKT_OPT_PADN)
        return 0;
    if (p[i] == PKT_HAO_OPT_TYPE) {
        if (olen != PKT_HAO_DATA_LEN)
            return fail(in->why, in->whycap, PKT_E_EXTHDR, "Home Address option length %u", olen);
        if (i % 8 != 6)
            return fail(in->why, in->whycap, PKT_E_EXTHDR, "Home Address option at %zu, not 8n+6",
                        i);
        if (v->has_hao)
            return fail(in->why, in->whycap, PKT_E_EXTHDR, "second Home Address option");
        v->has_hao = true;
        memcpy(v->hao.b, p + i + 2, 16);
        *in->hao_at = (size_t)(p + i + 2 - in->buf);
        return 0;
    }
    /* RFC 8200 §4.2: action bits 00 = skip, anything else discards */
    if (p[i] >> 6)
        return fail(in->why, in->whycap, PKT_E_EXTHDR,
                    "unrecognised destination option %#x must be discarded", p[i]);
    return 0;
}

static int parse_dstopts(const pkt_in_t *in, size_t off, pkt_view_t *v, bool *seen, size_t *hlen)
{
    if (in->len - off < 8)
        return fail(in->why, in->whycap, PKT_E_TRUNCATED, "destination options at %zu truncated",
                    off);
    const uint8_t *p = in->buf + off;
    size_t n = ((size_t)p[1] + 1) * 8;
    if (n > in->len - off)
        return fail(in->why, in->whycap, PKT_E_TRUNCATED,
                    "destination options at %zu: %zu bytes, %zu left", off, n, in->len - off);
    if (*seen)
        return fail(in->why, in->whycap, PKT_E_EXTHDR, "second destination options header");
    *seen = true;
    for (size_t i = 2, step = 0; i < n; i += step) {
        int rc = parse_dstopt(in, p, i, n, v, &step);
        if (rc)
            return rc;
    }
    *hlen = n;
    return 0;
}

/* Verifies a transport checksum over the pseudo-header and the bytes as
 * received (checksum field included): the folded sum is 0 when right. */
static bool csum_ok(const pkt_view_t *v, const uint8_t *p, size_t n, uint8_t proto)
{
    const net_addr_t *psrc, *pdst;
    pseudo_addrs(&v->src, &v->dst, v->has_hao, &v->hao, v->has_rh2, &v->rh2_home, &psrc, &pdst);
    return wire_csum_fold(wire_csum_add(wire_csum_pseudo(psrc, pdst, (uint32_t)n, proto), p, n)) ==
           0;
}

static int parse_mh(const pkt_in_t *in, pkt_view_t *v)
{
    const uint8_t *p = v->upper;
    size_t n = v->upper_len;
    if (n < 8) {
        memset(&v->mh, 0, sizeof(v->mh)); /* mh_parse, which zeroes it, is not reached */
        return fail(in->why, in->whycap, MH_E_TRUNCATED, "Mobility Header of %zu bytes", n);
    }
    if (!(in->flags & PKT_PARSE_NO_CSUM) && !csum_ok(v, p, n, PKT_PROTO_MH)) {
        memset(&v->mh, 0, sizeof(v->mh));
        return fail(in->why, in->whycap, MH_E_CHECKSUM, "Mobility Header checksum %#06x wrong",
                    get_be16(p + 4));
    }
    int rc = mh_parse(p, n, &v->mh);
    /* RFC 6275 §9.2: an unknown MH Type is a well-formed packet (routers
     * forward it, nothing of it is read past the common part): it reaches
     * the receiver, which answers with Binding Error status 2; v->mh holds
     * only its type */
    if (rc == MH_E_UNKNOWN_TYPE)
        return 0;
    if (rc)
        return fail(in->why, in->whycap, rc, "%s (MH Type %u, %zu bytes)", mh_strerror(rc), p[2],
                    n);
    return 0;
}

static int parse_udp(const pkt_in_t *in, pkt_view_t *v)
{
    const uint8_t *p = v->upper;
    size_t n = v->upper_len;
    if (n < PKT_UDP_HDR_LEN)
        return fail(in->why, in->whycap, PKT_E_TRUNCATED, "UDP header truncated (%zu bytes)", n);
    if (get_be16(p + 4) != n)
        return fail(in->why, in->whycap, PKT_E_LENGTH, "UDP Length %u, payload %zu bytes",
                    get_be16(p + 4), n);
    /* RFC 8200 §8.1: a zero UDP checksum is invalid over IPv6 */
    if (!(in->flags & PKT_PARSE_NO_CSUM) &&
        (get_be16(p + 6) == 0 || !csum_ok(v, p, n, PKT_PROTO_UDP)))
        return fail(in->why, in->whycap, PKT_E_CHECKSUM, "UDP checksum %#06x wrong",
                    get_be16(p + 6));
    v->sport = get_be16(p);
    v->dport = get_be16(p + 2);
    v->data = p + PKT_UDP_HDR_LEN;
    v->data_len = n - PKT_UDP_HDR_LEN;
    return 0;
}

static int parse_icmp(const pkt_in_t *in, pkt_view_t *v)
{
    const uint8_t *p = v->upper;
    size_t n = v->upper_len;
    if (n < PKT_ICMP_HDR_LEN)
        return fail(in->why, in->whycap, PKT_E_TRUNCATED, "ICMPv6 message of %zu bytes", n);
    if (!(in->flags & PKT_PARSE_NO_CSUM) && !csum_ok(v, p, n, PKT_PROTO_ICMPV6))
        return fail(in->why, in->whycap, PKT_E_CHECKSUM, "ICMPv6 checksum %#06x wrong",
                    get_be16(p + 2));
    v->icmp_type = p[0];
    v->icmp_code = p[1];
    v->icmp_body = p + PKT_ICMP_HDR_LEN;
    v->icmp_body_len = n - PKT_ICMP_HDR_LEN;
    return 0;
}

static int parse_upper(const pkt_in_t *in, pkt_view_t *v)
{
    switch (v->proto) {
    case PKT_PROTO_MH:
        return parse_mh(in, v);
    case PKT_PROTO_UDP:
        return parse_udp(in, v);
    case PKT_PROTO_ICMPV6:
        return parse_icmp(in, v);
    case PKT_PROTO_IPV6: /* the inner packet: the caller parses it again */
    case PKT_PROTO_NONE:
        return 0;
    default:
        return fail(in->why, in->whycap, PKT_E_PROTO, "next header %u not handled", v->proto);
    }
}

static int parse_ipv6(const pkt_in_t *in, pkt_view_t *v, uint8_t *next)
{
    const uint8_t *p = in->buf;
    if (in->len < PKT_IPV6_HDR_LEN)
        return fail(in->why, in->whycap, PKT_E_TRUNCATED, "%zu bytes, shorter than an IPv6 header",
                    in->len);
    if (p[0] >> 4 != 6)
        return fail(in->why, in->whycap, PKT_E_VERSION, "IP version %u", p[0] >> 4);
    size_t plen = get_be16(p + 4);
    if (PKT_IPV6_HDR_LEN + plen > in->len)
        return fail(in->why, in->whycap, PKT_E_TRUNCATED, "Payload Length %zu, %zu bytes follow",
                    plen, in->len - PKT_IPV6_HDR_LEN);
    if (PKT_IPV6_HDR_LEN + plen < in->len)
        return fail(in->why, in->whycap, PKT_E_LENGTH, "Payload Length %zu, %zu bytes follow", plen,
                    in->len - PKT_IPV6_HDR_LEN);
    *next = p[6];
    v->hop_limit = p[7];
    memcpy(v->src.b, p + 8, 16);
    memcpy(v->dst.b, p + 24, 16);
    return 0;
}

bool pkt_checksum_ok(const pkt_view_t *v)
{
    switch (v->proto) {
    case PKT_PROTO_MH:
        return v->upper_len >= 8 && csum_ok(v, v->upper, v->upper_len, PKT_PROTO_MH);
    case PKT_PROTO_UDP:
        return v->upper_len >= PKT_UDP_HDR_LEN && get_be16(v->upper + 6) != 0 &&
               csum_ok(v, v->upper, v->upper_len, PKT_PROTO_UDP);
    case PKT_PROTO_ICMPV6:
        return csum_ok(v, v->upper, v->upper_len, PKT_PROTO_ICMPV6);
    default:
        return true;
    }
}

/* Clears the view but for the addresses parse_ipv6 writes first and the
 * Mobility Header part, most of its 488 bytes
 * (the 256-byte experimental data, tokens, the authenticator): a data
 * packet is parsed at every hop and never reads them. mh.type and
 * mh.exp_len read 0 on any view; the rest of mh is zeroed (by parse_mh or
 * mh_parse) when the upper layer is a Mobility Header, as pkt.h says. */
static void clear_view(pkt_view_t *v)
{
    /* field by field: a memset of the 88-byte head became `rep stos`; src,
     * dst and hop_limit are written by parse_ipv6 before any use */
    static const net_addr_t zero_addr;
    v->has_hao = false;
    v->hao = zero_addr;
    v->has_rh2 = false;
    v->rh2_home = zero_addr;
    v->rh2_segments_left = 0;
    v->proto = 0;
    v->upper = NULL;
    v->upper_len = 0;
    char *after = (char *)v + offsetof(pkt_view_t, sport);
    memset(after, 0, sizeof(*v) - offsetof(pkt_view_t, sport));
    v->mh.type = 0;
    v->mh.exp_len = 0;
}

int pkt_parse(const uint8_t *buf, size_t len, pkt_view_t *v, char *why, size_t whycap)
{
    return pkt_parse_flags(buf, len, v, 0, why, whycap);
}

int pkt_parse_flags(const uint8_t *buf, size_t len, pkt_view_t *v, unsigned flags, char *why,
                    size_t whycap)
{
    return pkt_parse_layout(buf, len, v, flags, why, whycap, NULL);
}

int pkt_parse_layout(const uint8_t *buf, size_t len, pkt_view_t *v, unsigned flags, char *why,
                     size_t whycap, pkt_layout_t *lay)
{
    clear_view(v);
    if (why && whycap)
        why[0] = 0;
    size_t hao_at = 0, rh2_at = 0;
    if (lay)
        lay->ok = 0;
    pkt_in_t in = {buf, len, why, whycap, flags, &hao_at};
    uint8_t next = PKT_PROTO_NONE;
    int rc = parse_ipv6(&in, v, &next);
    if (rc)
        return rc;
    size_t off = PKT_IPV6_HDR_LEN;
    bool seen_dstopts = false;
    for (;;) {
        size_t hlen = 0;
        if (next == PKT_PROTO_ROUTING) {
            rc = parse_rh2(&in, off, v, &hlen);
            rh2_at = off + 8;
        } else if (next == PKT_PROTO_DSTOPTS) {
            rc = parse_dstopts(&in, off, v, &seen_dstopts, &hlen);
        } else {
            break;
        }
        if (rc)
            return rc;
        next = buf[off];
        off += hlen;
    }
    v->proto = next;
    v->upper = buf + off;
    v->upper_len = len - off;
    rc = parse_upper(&in, v);
    if (lay) {
        /* a layout for what pkt_view_from_layout() rebuilds: the headers a
         * router and a home agent read on every data packet */
        lay->ok = rc == 0 && (next == PKT_PROTO_UDP || next == PKT_PROTO_IPV6) &&
                  len <= UINT16_MAX && !(flags & ~PKT_PARSE_NO_CSUM);
        lay->proto = next;
        lay->upper_off = (uint16_t)off;
        lay->hao_off = (uint16_t)hao_at;
        lay->rh2_off = (uint16_t)rh2_at;
    }
    return rc;
}
