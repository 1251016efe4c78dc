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

/* s + w with the carry out of bit 63 added back in (end-around carry): a
 * one's complement sum of 64-bit words, which gcc makes add, adc. */
static inline uint64_t wire_csum_add64_(uint64_t s, uint64_t w)
{
    s += w;
    return s + (s < w);
}

/* A 64-bit one's complement sum folded to 16 bits (0 only when s is 0),
 * byte-swapped from host to network order. */
static inline uint16_t wire_csum_finish_(uint64_t s)
{
    s = (s & 0xffffffffu) + (s >> 32);
    s = (s & 0xffffffffu) + (s >> 32);
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (uint16_t)s;
#else
    return (uint16_t)((s >> 8 | s << 8) & 0xffff);
#endif
}

/* The one's complement sum of len bytes as 16-bit words in the host's byte
 * order, an odd last byte padded with 0, unfolded. RFC 1071 §2(B): the sum
 * is independent of byte order up to a swap of its two bytes, and §4.1-style:
 * native 64-bit words added with an end-around carry, since 2^16 = 1
 * (mod 2^16 - 1) lets wider words stand for their 16-bit parts; the caller
 * folds once (wire_csum_finish_). Unaligned loads go through memcpy (one mov
 * on x86). */
static inline uint64_t wire_csum_native_(const uint8_t *p, size_t len)
{
    uint64_t s = 0, w, t = 0;
    for (; len >= 16; p += 16, len -= 16) {
        uint64_t w2;
        memcpy(&w, p, 8);
        memcpy(&w2, p + 8, 8);
        s = wire_csum_add64_(s, w);
        s = wire_csum_add64_(s, w2);
    }
    if (len >= 8) {
        memcpy(&w, p, 8);
        s = wire_csum_add64_(s, w);
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
    return wire_csum_add64_(s, t);
}

/* Adds len bytes (big-endian 16-bit words, an odd last byte padded with 0)
 * to a running 32-bit sum. Any length is safe; a call that ends on an odd
 * byte pads it, so chain calls on even lengths but the last. The result is
 * congruent to the straightforward 16-bit-word sum modulo 2^16 - 1 and zero
 * only when it is: wire_csum_fold() of either gives the same checksum. */
static inline uint32_t wire_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
    uint64_t s = (uint64_t)sum + wire_csum_finish_(wire_csum_native_(p, len));
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
    /* five native words (source, destination, the 8-byte tail: 32-bit
     * length, three zeros, next header), folded once */
    uint8_t tail[8];
    put_be32(tail, upper_len);
    tail[4] = tail[5] = tail[6] = 0;
    tail[7] = next_header;
    uint64_t w[5];
    memcpy(w, src->b, 16);
    memcpy(w + 2, dst->b, 16);
    memcpy(w + 4, tail, 8);
    uint64_t s = wire_csum_add64_(w[0], w[1]);
    for (int i = 2; i < 5; i++)
        s = wire_csum_add64_(s, w[i]);
    return wire_csum_finish_(s);
}

#endif /* MOBSIM_MODELS_WIRE_H */
