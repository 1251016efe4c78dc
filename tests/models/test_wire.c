/* The Internet checksum of models/wire.h (RFC 1071) against the
 * straightforward one: big-endian 16-bit words added one by one, an odd last
 * byte padded with zero, folded at the end. The fast sum adds native 64-bit
 * words with an end-around carry and swaps bytes once; it must give the same
 * checksum on every length, every alignment and every running sum, and on the
 * cases that break a careless fold (all zeros, all ones, carries out of
 * every word). */
#include <stdint.h>
#include <string.h>

#include "models/wire.h"
#include "tests/testing.h"

#define MAX_LEN 2000

/* RFC 1071 §4.1's loop, one 16-bit word at a time. */
static uint16_t reference_checksum(uint32_t sum, const uint8_t *p, size_t len)
{
    uint64_t s = sum;
    size_t i = 0;
    for (; i + 1 < len; i += 2)
        s += (uint32_t)p[i] << 8 | p[i + 1];
    if (i < len)
        s += (uint32_t)p[i] << 8;
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

/* xorshift64: a fixed sequence, so a failure reproduces. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

static void test_fast_checksum_equals_the_word_by_word_sum_at_every_length_and_offset(void)
{
    static uint8_t buf[MAX_LEN + 16];
    uint64_t rnd = 0x9e3779b97f4a7c15u;
    unsigned n_wrong = 0;
    for (size_t len = 0; len <= MAX_LEN; len++) {
        for (size_t off = 0; off < 8; off++) {
            for (size_t i = 0; i < len; i++)
                buf[off + i] = (uint8_t)next_random(&rnd);
            uint32_t start = (uint32_t)next_random(&rnd);
            if (off == 3)
                start = 0; /* the first call of every user */
            if (wire_csum_fold(wire_csum_add(start, buf + off, len)) !=
                reference_checksum(start, buf + off, len))
                n_wrong++;
        }
    }
    CU_ASSERT_EQUAL(n_wrong, 0);
}

static void test_fast_checksum_handles_all_zero_and_all_one_buffers(void)
{
    static uint8_t buf[MAX_LEN + 8];
    unsigned n_wrong = 0;
    for (int fill = 0; fill < 3; fill++) {
        memset(buf, fill == 0 ? 0x00 : fill == 1 ? 0xff : 0x80, sizeof(buf));
        for (size_t len = 0; len <= MAX_LEN; len += (len < 80 ? 1 : 37))
            for (size_t off = 0; off < 8; off++) {
                uint32_t starts[] = {0, 1, 0xffff, 0xfffe, 0xffffffffu};
                for (size_t k = 0; k < sizeof(starts) / sizeof(starts[0]); k++)
                    if (wire_csum_fold(wire_csum_add(starts[k], buf + off, len)) !=
                        reference_checksum(starts[k], buf + off, len))
                        n_wrong++;
            }
    }
    CU_ASSERT_EQUAL(n_wrong, 0);
    /* RFC 1071: zero bytes sum to 0, whose complement 0xffff is the field */
    memset(buf, 0, 64);
    CU_ASSERT_EQUAL(wire_csum_fold(wire_csum_add(0, buf, 64)), 0xffff);
}

static void test_chained_sums_and_the_pseudo_header_match_the_reference(void)
{
    /* mh_checksum's way: the bytes before the checksum field, then after it */
    static uint8_t buf[MAX_LEN];
    uint64_t rnd = 12345;
    unsigned n_wrong = 0;
    for (int round = 0; round < 2000; round++) {
        size_t len = 8 + (size_t)(next_random(&rnd) % (MAX_LEN - 8));
        for (size_t i = 0; i < len; i++)
            buf[i] = (uint8_t)next_random(&rnd);
        net_addr_t src, dst;
        for (int i = 0; i < 16; i++) {
            src.b[i] = (uint8_t)next_random(&rnd);
            dst.b[i] = (uint8_t)next_random(&rnd);
        }
        uint8_t nh = (uint8_t)next_random(&rnd);
        uint32_t fast = wire_csum_pseudo(&src, &dst, (uint32_t)len, nh);
        fast = wire_csum_add(fast, buf, 4);
        fast = wire_csum_add(fast, buf + 4, len - 4);
        /* the reference over one buffer: pseudo-header then the bytes */
        static uint8_t whole[40 + MAX_LEN];
        memcpy(whole, src.b, 16);
        memcpy(whole + 16, dst.b, 16);
        put_be32(whole + 32, (uint32_t)len);
        whole[36] = whole[37] = whole[38] = 0;
        whole[39] = nh;
        memcpy(whole + 40, buf, len);
        if (wire_csum_fold(fast) != reference_checksum(0, whole, 40 + len))
            n_wrong++;
    }
    CU_ASSERT_EQUAL(n_wrong, 0);
}

void suite_wire(void)
{
    ADD_SUITE("wire",
              TEST(test_fast_checksum_equals_the_word_by_word_sum_at_every_length_and_offset),
              TEST(test_fast_checksum_handles_all_zero_and_all_one_buffers),
              TEST(test_chained_sums_and_the_pseudo_header_match_the_reference));
}
