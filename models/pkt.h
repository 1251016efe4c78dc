/* models/pkt.h - IPv6 packets as bytes: build and parse.
 *
 * What mobsim puts on its simulated links is the real packet: IPv6 header
 * (RFC 8200), optionally a Destination Options header with the Home Address
 * option (RFC 6275 §6.3: type 0xC9, PadN so it sits at 8n+6), optionally a
 * Type 2 Routing Header (§6.4: one home address, Segments Left 1), then one
 * upper layer: a Mobility Header (135), UDP (17) with a correct checksum,
 * ICMPv6 (58) Destination Unreachable with the invoking packet, or an inner
 * IPv6 packet (41, RFC 2473 tunnel).
 *
 * Header order on the wire: IPv6, Routing (RH2), Destination Options (HAO),
 * upper layer - the order of RFC 8200 §4.1 (Destination Options for the final
 * destination after the Routing header).
 *
 * Checksums (MH, UDP, ICMPv6) use the pseudo-header with the HAO home address
 * as source and the RH2 home address as destination when present (RFC 6275
 * §6.1.1, RFC 8200 §8.1).
 *
 * pkt_parse() never reads past len and rejects malformed input with a
 * negative PKT_E code (or an MH_E code for a bad Mobility Header) and a one-
 * line reason in *why; the caller drops the packet with a trace record.
 */
#ifndef MOBSIM_MODELS_PKT_H
#define MOBSIM_MODELS_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "models/addr.h"
#include "models/mh.h"
#include "models/wire.h"

#define PKT_PROTO_HOPOPTS 0
#define PKT_PROTO_IPV6    41 /* IPv6-in-IPv6 tunnel (RFC 2473) */
#define PKT_PROTO_ROUTING 43
#define PKT_PROTO_UDP     17
#define PKT_PROTO_ICMPV6  58
#define PKT_PROTO_NONE    59
#define PKT_PROTO_DSTOPTS 60
#define PKT_PROTO_MH      IPPROTO_MH_

#define PKT_HAO_OPT_TYPE           0xC9 /* RFC 6275 §6.3 */
#define PKT_IPV6_HDR_LEN           40
#define PKT_MAX_LEN                2048 /* largest packet mobsim builds (tunnel of a full data packet) */
#define PKT_ICMP_DEST_UNREACH      1
#define PKT_ICMP_CODE_ADDR_UNREACH 3

/* What to build. For PKT_PROTO_MH, payload is an encoded MH (mh_encode) whose
 * checksum pkt_build() fills in; for UDP, payload is the application data and
 * sport/dport the ports; for ICMPv6, payload is the invoking packet (cut so
 * the result fits 1280 bytes); for PKT_PROTO_IPV6, payload is the whole inner
 * packet. */
typedef struct pkt_desc {
    net_addr_t src, dst;
    uint8_t hop_limit; /* 0 means 64 */
    bool has_hao;
    net_addr_t hao;
    bool has_rh2;
    net_addr_t rh2_home;
    uint8_t proto;
    const uint8_t *payload;
    size_t payload_len;
    uint16_t sport, dport;
    uint8_t icmp_type, icmp_code;
} pkt_desc_t;

/* A parsed packet. Pointers point into the parsed buffer (borrowed: valid as
 * long as it is). */
typedef struct pkt_view {
    net_addr_t src, dst; /* as on the wire */
    uint8_t hop_limit;
    bool has_hao;
    net_addr_t hao;
    bool has_rh2;
    net_addr_t rh2_home;
    uint8_t rh2_segments_left;
    uint8_t proto;        /* the upper-layer protocol after extension headers */
    const uint8_t *upper; /* the upper-layer bytes (for 41: the inner packet) */
    size_t upper_len;
    /* proto == PKT_PROTO_MH. On any other view only mh.type and mh.exp_len
     * are set (0); the rest of mh is left as it was (pkt_parse does not
     * spend 400 bytes of stores per hop on fields a data packet never has). */
    mh_msg_t mh;
    /* proto == PKT_PROTO_UDP */
    uint16_t sport, dport;
    const uint8_t *data;
    size_t data_len;
    /* proto == PKT_PROTO_ICMPV6 */
    uint8_t icmp_type, icmp_code;
    const uint8_t *icmp_body; /* after the 8-byte ICMPv6 header: the invoking packet */
    size_t icmp_body_len;
} pkt_view_t;

enum pkt_err {
    PKT_E_TRUNCATED = -20, /* shorter than a header says */
    PKT_E_VERSION = -21,   /* not IPv6 */
    PKT_E_LENGTH = -22,    /* Payload Length disagrees with the buffer */
    PKT_E_EXTHDR = -23,    /* malformed extension header / option */
    PKT_E_RH = -24,        /* routing header not type 2, or bad segments left / length */
    PKT_E_CHECKSUM = -25,  /* UDP or ICMPv6 checksum wrong (MH: MH_E_CHECKSUM) */
    PKT_E_PROTO = -26,     /* upper-layer protocol mobsim does not handle */
    PKT_E_NOSPACE = -27,   /* build: buffer too small */
};

/* Builds the packet into buf; sets *len. Returns 0 or PKT_E_NOSPACE; also
 * PKT_E_PROTO for a proto it cannot build (only MH, UDP, ICMPv6, IPv6 and
 * 59 are) or an MH payload shorter than 8 bytes, PKT_E_LENGTH when the
 * payload would exceed the 16-bit Payload Length. An ICMPv6 payload is cut
 * so the packet fits 1280 bytes (RFC 4443 §2.4(c)). */
int pkt_build(const pkt_desc_t *d, uint8_t *buf, size_t cap, size_t *len);

/* The length pkt_build(d) writes, so a caller can build into a buffer of
 * exactly that size: 0, or the PKT_E_PROTO / PKT_E_LENGTH pkt_build would
 * return. */
int pkt_build_len(const pkt_desc_t *d, size_t *len);

/* Parses and checks one packet (one level: a tunnel's inner packet is in
 * upper/upper_len; parse it again). Returns 0, or a PKT_E/MH_E code with a
 * reason in why (why may be NULL; whycap >= 128 is plenty).
 * An MH of an unknown MH Type (mh_parse's MH_E_UNKNOWN_TYPE) is not an
 * error here: it returns 0 with v->mh zero but for its type, so it travels
 * to its destination, which answers with Binding Error status 2 (§9.2).
 * On an error in the upper layer (its checksum, or an MH_E code from
 * mh_parse), *v still holds the addresses, HAO, RH2, proto and upper bytes,
 * and v->mh.type the MH Type: enough to answer an unknown MH Type with a
 * Binding Error status 2 (RFC 6275 §9.2) to the right address. After any
 * other error *v is unspecified. */
int pkt_parse(const uint8_t *buf, size_t len, pkt_view_t *v, char *why, size_t whycap);

/* pkt_parse_flags(): PKT_PARSE_NO_CSUM skips the upper-layer checksum (a
 * router forwarding a packet does not verify it; the end node does, with
 * pkt_checksum_ok() on the same view). */
#define PKT_PARSE_NO_CSUM 1u
int pkt_parse_flags(const uint8_t *buf, size_t len, pkt_view_t *v, unsigned flags, char *why,
                    size_t whycap);

/* Where a parse found the headers of a packet: what a later parse of the
 * same bytes needs to rebuild its view without walking and checking them
 * again (pkt_view_from_layout). Offsets from the packet's first byte; 0
 * for a header it does not have. */
typedef struct pkt_layout {
    uint8_t ok;         /* 1: the parse succeeded and pkt_view_from_layout() may be used */
    uint8_t proto;      /* the upper layer: only UDP and IPv6 (a tunnel) get ok */
    uint16_t upper_off; /* the upper-layer bytes */
    uint16_t hao_off;   /* the Home Address option's address */
    uint16_t rh2_off;   /* the type 2 routing header's home address */
} pkt_layout_t;

/* pkt_parse_flags() that also fills *lay (may be NULL): lay->ok is set when
 * the parse returned 0, flags is 0 or PKT_PARSE_NO_CSUM and the upper layer
 * is UDP or an inner IPv6 packet. */
int pkt_parse_layout(const uint8_t *buf, size_t len, pkt_view_t *v, unsigned flags, char *why,
                     size_t whycap, pkt_layout_t *lay);

/* The view pkt_parse_flags(buf, len, v, PKT_PARSE_NO_CSUM, ...) gives,
 * rebuilt from the layout (lay->ok) a parse of the same bytes left: no
 * check is repeated. The bytes must be those that were parsed. */
static inline void pkt_view_from_layout(const uint8_t *buf, size_t len, const pkt_layout_t *lay,
                                        pkt_view_t *v)
{
    /* every field pkt_parse_flags() sets, each written once */
    memcpy(v->src.b, buf + 8, 16);
    memcpy(v->dst.b, buf + 24, 16);
    v->hop_limit = buf[7];
    v->has_hao = lay->hao_off != 0;
    if (lay->hao_off)
        memcpy(v->hao.b, buf + lay->hao_off, 16);
    else
        memset(v->hao.b, 0, 16);
    v->has_rh2 = lay->rh2_off != 0;
    v->rh2_segments_left = lay->rh2_off != 0; /* the parse accepted 1 only */
    if (lay->rh2_off)
        memcpy(v->rh2_home.b, buf + lay->rh2_off, 16);
    else
        memset(v->rh2_home.b, 0, 16);
    v->proto = lay->proto;
    v->upper = buf + lay->upper_off;
    v->upper_len = len - lay->upper_off;
    v->mh.type = 0;
    v->mh.exp_len = 0;
    memset((char *)v + offsetof(pkt_view_t, sport), 0, sizeof(*v) - offsetof(pkt_view_t, sport));
    if (lay->proto == PKT_PROTO_UDP) {
        v->sport = get_be16(v->upper);
        v->dport = get_be16(v->upper + 2);
        v->data = v->upper + 8; /* after the UDP header */
        v->data_len = v->upper_len - 8;
    }
}

/* The upper-layer checksum (MH, UDP, ICMPv6) of a parsed view; true for
 * other protocols. */
bool pkt_checksum_ok(const pkt_view_t *v);

/* A UDP packet built once and copied per packet with only the first
 * min(payload_len, 4) payload bytes (a flow's big-endian sequence number,
 * models/flow.c) and the UDP checksum patched: a flow's data packets differ
 * in nothing else while the addressing stays. The checksum is the running
 * sum of the template (sequence bytes 0, checksum 0) plus the sequence
 * bytes, folded (RFC 1624 §3's incremental update, done from the stored sum
 * instead of the old checksum): the same 16 bits a full pkt_build() gives.
 * The sequence bytes start at an even offset from the UDP header and end
 * either on a word or at the packet's end, so they add as whole words (or
 * the padded last byte) exactly as in the full sum. */
typedef struct pkt_udp_tpl {
    size_t len;          /* bytes of the packet */
    size_t head_len;     /* bytes of the template: past them the packet is zeros */
    size_t seq_off;      /* first payload byte */
    size_t seq_len;      /* min(payload_len, 4) */
    size_t csum_off;     /* the UDP checksum field */
    uint32_t sum0;       /* running sum of pseudo-header and UDP message, seq and checksum 0 */
    size_t inner_off;    /* a tunnel: where the inner packet starts; else 0 */
    pkt_layout_t lay[2]; /* the packet's layout, and a tunnel's inner packet's */
} pkt_udp_tpl_t;

/* Builds into buf the packet pkt_build(inner) gives - or, with outer (its
 * proto PKT_PROTO_IPV6, its payload ignored), the tunnel pkt_build(outer)
 * gives around it - with the first min(inner->payload_len, 4) payload bytes
 * zero (inner->payload is read past them only), and fills *t. inner->proto
 * must be PKT_PROTO_UDP. Returns 0, PKT_E_NOSPACE when either packet is
 * longer than PKT_MAX_LEN or cap, or pkt_build's error. */
int pkt_udp_tpl_build(const pkt_desc_t *inner, const pkt_desc_t *outer, uint8_t *buf, size_t cap,
                      pkt_udp_tpl_t *t);

/* Writes into out (t->len bytes; the template tpl holds t->head_len of
 * them, the rest are zeros) the template's packet with sequence number
 * seq: the bytes pkt_build() writes for a payload that starts with
 * min(payload_len, 4) bytes of seq, big-endian. */
static inline void pkt_udp_tpl_fill(const pkt_udp_tpl_t *t, const uint8_t *tpl, uint8_t *out,
                                    uint32_t seq)
{
    memcpy(out, tpl, t->head_len);
    memset(out + t->head_len, 0, t->len - t->head_len);
    uint32_t sum;
    uint8_t *q = out + t->seq_off;
    if (t->seq_len == 4) {
        put_be32(q, seq);
        sum = t->sum0 + (seq >> 16) + (seq & 0xffff);
    } else {
        uint8_t b[4];
        put_be32(b, seq);
        memcpy(q, b, t->seq_len);
        sum = wire_csum_add(t->sum0, b, t->seq_len);
    }
    uint16_t c = wire_csum_fold(sum);
    put_be16(out + t->csum_off, c ? c : 0xffff); /* RFC 8200 §8.1: 0 is sent as 0xffff */
}

/* Name of a pkt/mh error code. */
const char *pkt_strerror(int err);

#endif /* MOBSIM_MODELS_PKT_H */
