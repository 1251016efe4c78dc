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

/* Adds len bytes (big-endian 16-bit words, an odd last byte padded with 0)
 * to a running 32-bit sum. Folds as it goes, so any length is safe. */
static inline uint32_t wire_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
    /* 32-bit big-endian words: 2^16 = 1 (mod 2^16 - 1), so a sum of 32-bit
     * words folds to the same one's complement sum as the 16-bit words
     * (RFC 1071 §2 (B)), at half the additions; the compiler makes each
     * word one load and a byte swap. */
    uint64_t s = sum;
    size_t i = 0;
    for (; i + 4 <= len; i += 4)
        s += (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 | (uint32_t)p[i + 2] << 8 | p[i + 3];
    for (; i + 1 < len; i += 2)
        s += (uint32_t)p[i] << 8 | p[i + 1];
    if (i < len)
        s += (uint32_t)p[i] << 8;
    while (s >> 32)
        s = (s & 0xffffffffu) + (s >> 32);
    return (uint32_t)s;
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
    uint32_t sum = wire_csum_add(0, src->b, 16);
    sum = wire_csum_add(sum, dst->b, 16);
    uint8_t tail[8];
    put_be32(tail, upper_len);
    tail[4] = tail[5] = tail[6] = 0;
    tail[7] = next_header;
    return wire_csum_add(sum, tail, sizeof(tail));
}

#endif /* MOBSIM_MODELS_WIRE_H */
