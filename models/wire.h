/* models/wire.h - byte-order helpers and the Internet checksum, shared by the
 * wire-format modules (mh.c, pkt.c) and the roles that read packet fields.
 *
 * Every multi-byte field on the wire goes through put_be16()/get_be32() and
 * friends: never cast a struct onto a packet buffer (padding, alignment and
 * aliasing make that undefined). Callers check lengths before calling.
 *
 * The checksum is the RFC 1071 one's complement sum; wire_csum_pseudo() adds
 * the IPv6 pseudo-header of RFC 8200 §8.1 (source, destination, 32-bit
 * upper-layer length, three zero bytes, next header).
 */
#ifndef MOBSIM_MODELS_WIRE_H
#define MOBSIM_MODELS_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "models/addr.h"

static inline void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline uint16_t get_be16(const uint8_t *p)
{
    return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
    put_be16(p, (uint16_t)(v >> 16));
    put_be16(p + 2, (uint16_t)v);
}

static inline uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)get_be16(p) << 16 | get_be16(p + 2);
}

static inline void put_be64(uint8_t *p, uint64_t v)
{
    put_be32(p, (uint32_t)(v >> 32));
    put_be32(p + 4, (uint32_t)v);
}

static inline uint64_t get_be64(const uint8_t *p)
{
    return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

/* The one's complement sum of len bytes as 16-bit words in the host's byte
 * order, an odd last byte padded with 0, folded to 16 bits (0 only when every
 * byte is 0). RFC 1071 §2(B): the sum is independent of byte order up to a
 * swap of its two bytes, and §4.1-style: native 64-bit words added with an
 * end-around carry (add, adc), since 2^16 = 1 (mod 2^16 - 1) lets wider words
 * stand for their 16-bit parts; folded once at the end. Unaligned loads go
 * through memcpy (one mov on x86). */
static inline uint16_t wire_csum_native_(const uint8_t *p, size_t len)
{
    uint64_t s = 0, w, t = 0;
    for (; len >= 16; p += 16, len -= 16) {
        uint64_t w2;
        memcpy(&w, p, 8);
        memcpy(&w2, p + 8, 8);
        s += w;
        s += s < w;
        s += w2;
        s += s < w2;
    }
    if (len >= 8) {
        memcpy(&w, p, 8);
        s += w;
        s += s < w;
        p += 8;
        len -= 8;
    }
    /* the tail: 4, 2, 1 bytes, each at an even offset from the start */
    if (len & 4) {
        uint32_t x;
        memcpy(&x, p, 4);
        t += x;
        p += 4;
    }
    if (len & 2) {
        uint16_t x;
        memcpy(&x, p, 2);
        t += x;
        p += 2;
    }
    if (len & 1) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        t += (uint64_t)*p << 8;
#else
        t += *p; /* the first byte of a little-endian word is its low byte */
#endif
    }
    s += t;
    s += s < t;
    s = (s & 0xffffffffu) + (s >> 32);
    s = (s & 0xffffffffu) + (s >> 32);
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    return (uint16_t)s;
}

/* Adds len bytes (big-endian 16-bit words, an odd last byte padded with 0)
 * to a running 32-bit sum. Any length is safe; a call that ends on an odd
 * byte pads it, so chain calls on even lengths but the last. The result is
 * congruent to the straightforward 16-bit-word sum modulo 2^16 - 1 and zero
 * only when it is: wire_csum_fold() of either gives the same checksum. */
static inline uint32_t wire_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
    uint32_t v = wire_csum_native_(p, len);
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
    v = (v >> 8 | v << 8) & 0xffff; /* host order to network order, once */
#endif
    uint64_t s = (uint64_t)sum + v;
    return (uint32_t)((s & 0xffffffffu) + (s >> 32));
}

/* Folds a running sum to 16 bits and complements it: the value to put in a
 * checksum field (a received packet verifies when this gives 0). */
static inline uint16_t wire_csum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* The IPv6 pseudo-header of RFC 8200 §8.1 as a running sum. */
static inline uint32_t wire_csum_pseudo(const net_addr_t *src, const net_addr_t *dst,
                                        uint32_t upper_len, uint8_t next_header)
{
    /* the 8-byte tail as big-endian words: length high, length low, 0, next header */
    uint32_t sum = (upper_len >> 16) + (upper_len & 0xffff) + next_header;
    return wire_csum_add(wire_csum_add(sum, src->b, 16), dst->b, 16);
}

#endif /* MOBSIM_MODELS_WIRE_H */
