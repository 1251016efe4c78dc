/* Mobility Header wire format (RFC 6275 §6.1, §6.2): layouts and option
 * alignment as sent, round trips of every message type and option, the
 * error each malformed header gets, and the §9.5.1 sequence-number window. */
#include <stdlib.h>
#include <string.h>

#include "models/mh.h"
#include "models/wire.h"
#include "tests/models/samples.h"
#include "tests/testing.h"

static size_t encode(const mh_msg_t *m, uint8_t *buf)
{
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(mh_encode(m, buf, MH_MAX_LEN, &len), 0);
    return len;
}

static mh_msg_t cn_bu(void)
{
    return (mh_msg_t){.type = MH_BU,
                      .seq = 7,
                      .bu_flags = MH_BU_A,
                      .lifetime = 105,
                      .has_nonce_indices = true,
                      .home_nonce_index = 5,
                      .coa_nonce_index = 6,
                      .has_bad = true};
}

/* ---- layouts ------------------------------------------------------------ */

static void test_cn_bu_is_32_bytes_with_nonce_indices_at_12_and_bad_at_18(void)
{
    mh_msg_t m = cn_bu();
    memset(m.authenticator, 0xab, MH_AUTH_LEN);
    uint8_t b[MH_MAX_LEN];
    CU_ASSERT_EQUAL(encode(&m, b), 32);
    CU_ASSERT_EQUAL(b[0], 59); /* Payload Proto */
    CU_ASSERT_EQUAL(b[1], 3);  /* Header Len: 32/8 - 1 */
    CU_ASSERT_EQUAL(b[2], MH_BU);
    CU_ASSERT_EQUAL(get_be16(b + 4), 0); /* checksum left to pkt_build */
    CU_ASSERT_EQUAL(get_be16(b + 6), 7);
    CU_ASSERT_EQUAL(get_be16(b + 8), 0x8000);
    CU_ASSERT_EQUAL(get_be16(b + 10), 105);
    CU_ASSERT_EQUAL(b[12], MH_OPT_NONCE_INDICES);
    CU_ASSERT_EQUAL(b[13], 4);
    CU_ASSERT_EQUAL(get_be16(b + 14), 5);
    CU_ASSERT_EQUAL(get_be16(b + 16), 6);
    CU_ASSERT_EQUAL(b[18], MH_OPT_BAD);
    CU_ASSERT_EQUAL(b[19], 12);
    CU_ASSERT_EQUAL(b[20], 0xab);
    CU_ASSERT_EQUAL(mh_auth_offset(b, 32), 20);
}

static void test_ba_with_only_bad_puts_padn_6_before_bad_at_8n_plus_2(void)
{
    mh_msg_t m = {.type = MH_BA, .seq = 7, .lifetime = 105, .has_bad = true};
    uint8_t b[MH_MAX_LEN];
    CU_ASSERT_EQUAL(encode(&m, b), 32);
    static const uint8_t padn6[] = {MH_OPT_PADN, 4, 0, 0, 0, 0};
    CU_ASSERT_EQUAL(memcmp(b + 12, padn6, 6), 0);
    CU_ASSERT_EQUAL(b[18], MH_OPT_BAD);
    CU_ASSERT_EQUAL(mh_auth_offset(b, 32), 20);
}

static void test_home_bu_puts_alternate_coa_at_8n_plus_6_after_padn_2(void)
{
    sample_addrs_t a = sample_addrs();
    mh_msg_t m = {
        .type = MH_BU, .bu_flags = MH_BU_A | MH_BU_H, .has_alt_coa = true, .alt_coa = a.coa};
    uint8_t b[MH_MAX_LEN];
    CU_ASSERT_EQUAL(encode(&m, b), 32);
    CU_ASSERT_EQUAL(b[12], MH_OPT_PADN);
    CU_ASSERT_EQUAL(b[13], 0);
    CU_ASSERT_EQUAL(b[14], MH_OPT_ALT_COA);
    CU_ASSERT_EQUAL(b[15], 16);
    CU_ASSERT_EQUAL(memcmp(b + 16, a.coa.b, 16), 0);
    CU_ASSERT_EQUAL(mh_auth_offset(b, 32), -1);
}

static void test_bu_without_options_is_padded_to_16_bytes(void)
{
    mh_msg_t m = {.type = MH_BU, .seq = 1};
    uint8_t b[MH_MAX_LEN];
    CU_ASSERT_EQUAL(encode(&m, b), 16);
    CU_ASSERT_EQUAL(b[1], 1);
    CU_ASSERT_EQUAL(b[12], MH_OPT_PADN);
    CU_ASSERT_EQUAL(b[13], 2);
}

static void test_minimum_sizes_per_type_match_rfc_6275(void)
{
    static const struct {
        uint8_t type;
        size_t len;
    } sizes[] = {{MH_BRR, 8},  {MH_HOTI, 16}, {MH_COTI, 16}, {MH_HOT, 24},
                 {MH_COT, 24}, {MH_BU, 16},   {MH_BA, 16},   {MH_BE, 24}};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        mh_msg_t m = {.type = sizes[i].type};
        uint8_t b[MH_MAX_LEN];
        CU_ASSERT_EQUAL(encode(&m, b), sizes[i].len);
        CU_ASSERT_EQUAL(b[1], sizes[i].len / 8 - 1);
    }
}

static void test_encode_never_writes_past_a_small_buffer(void)
{
    mh_msg_t m = cn_bu();
    m.has_refresh = true;
    m.has_alt_coa = true;
    for (size_t cap = 0; cap < 48; cap++) {
        uint8_t b[64];
        memset(b, 0xee, sizeof(b));
        size_t len = 0;
        int rc = mh_encode(&m, b, cap, &len);
        CU_ASSERT(rc == 0 || rc == MH_E_NOSPACE);
        CU_ASSERT(rc != 0 || len <= cap);
        for (size_t i = cap; i < sizeof(b); i++)
            CU_ASSERT_EQUAL(b[i], 0xee);
    }
}

/* ---- round trips -------------------------------------------------------- */

static void roundtrip(const mh_msg_t *m)
{
    uint8_t b[MH_MAX_LEN];
    size_t len = encode(m, b);
    CU_ASSERT_EQUAL(len % 8, 0);
    mh_msg_t back;
    CU_ASSERT_EQUAL_FATAL(mh_parse(b, len, &back), 0);
    CU_ASSERT_EQUAL(back.type, m->type);
    CU_ASSERT_EQUAL(back.cookie, m->cookie);
    CU_ASSERT_EQUAL(back.nonce_index, m->nonce_index);
    CU_ASSERT_EQUAL(memcmp(back.keygen_token, m->keygen_token, MH_TOKEN_LEN), 0);
    CU_ASSERT_EQUAL(back.seq, m->seq);
    CU_ASSERT_EQUAL(back.bu_flags, m->bu_flags);
    CU_ASSERT_EQUAL(back.ba_status, m->ba_status);
    CU_ASSERT_EQUAL(back.ba_flags, m->ba_flags);
    CU_ASSERT_EQUAL(back.lifetime, m->lifetime);
    CU_ASSERT_EQUAL(back.be_status, m->be_status);
    CU_ASSERT(net_addr_eq(&back.be_home, &m->be_home));
    CU_ASSERT_EQUAL(back.has_refresh, m->has_refresh);
    CU_ASSERT_EQUAL(back.refresh, m->refresh);
    CU_ASSERT_EQUAL(back.has_alt_coa, m->has_alt_coa);
    CU_ASSERT(net_addr_eq(&back.alt_coa, &m->alt_coa));
    CU_ASSERT_EQUAL(back.has_nonce_indices, m->has_nonce_indices);
    CU_ASSERT_EQUAL(back.home_nonce_index, m->home_nonce_index);
    CU_ASSERT_EQUAL(back.coa_nonce_index, m->coa_nonce_index);
    CU_ASSERT_EQUAL(back.has_bad, m->has_bad);
    CU_ASSERT_EQUAL(memcmp(back.authenticator, m->authenticator, MH_AUTH_LEN), 0);
}

static void test_every_message_type_survives_encode_and_parse(void)
{
    sample_addrs_t a = sample_addrs();
    mh_msg_t msgs[] = {
        {.type = MH_BRR},
        {.type = MH_HOTI, .cookie = SAMPLE_HOME_COOKIE},
        {.type = MH_COTI, .cookie = SAMPLE_CAREOF_COOKIE},
        {.type = MH_HOT,
         .nonce_index = 0xfffe,
         .cookie = 1,
         .keygen_token = {1, 2, 3, 4, 5, 6, 7, 8}},
        {.type = MH_COT,
         .nonce_index = 6,
         .cookie = UINT64_MAX,
         .keygen_token = {8, 7, 6, 5, 4, 3, 2, 1}},
        {.type = MH_BU, .seq = 65535, .bu_flags = 0xffff, .lifetime = 0xffff},
        {.type = MH_BA,
         .ba_status = MH_BA_EXPIRED_NONCES,
         .ba_flags = MH_BA_K,
         .seq = 9,
         .lifetime = 3},
        {.type = MH_BE, .be_status = MH_BE_UNKNOWN_MH_TYPE, .be_home = a.hoa},
    };
    for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
        roundtrip(&msgs[i]);
}

static void test_every_option_survives_encode_and_parse_alone_and_together(void)
{
    sample_addrs_t a = sample_addrs();
    for (unsigned mask = 1; mask < 16; mask++) {
        for (int type = MH_BRR; type <= MH_BE; type++) {
            mh_msg_t m = {.type = (uint8_t)type, .seq = 3};
            /* a value is only on the wire when its option is */
            if ((m.has_refresh = mask & 1))
                m.refresh = 0x1234;
            if ((m.has_alt_coa = mask & 2))
                m.alt_coa = a.coa;
            if ((m.has_nonce_indices = mask & 4)) {
                m.home_nonce_index = 0x0102;
                m.coa_nonce_index = 0x0304;
            }
            if ((m.has_bad = mask & 8))
                for (int k = 0; k < MH_AUTH_LEN; k++)
                    m.authenticator[k] = (uint8_t)(0x40 + k);
            if (type != MH_BU && type != MH_BA)
                m.seq = 0;
            roundtrip(&m);
        }
    }
}

static void test_experimental_type_11_keeps_its_message_data(void)
{
    mh_msg_t m = {.type = MH_EXPERIMENTAL, .exp_len = 10};
    memcpy(m.exp_data, "0123456789", 10);
    uint8_t b[MH_MAX_LEN];
    size_t len = encode(&m, b);
    CU_ASSERT_EQUAL(len, 16);
    mh_msg_t back;
    CU_ASSERT_EQUAL(mh_parse(b, len, &back), 0);
    CU_ASSERT_EQUAL(back.type, MH_EXPERIMENTAL);
    CU_ASSERT_EQUAL(back.exp_len, 10); /* 16 - 6: the zero padding is data */
    CU_ASSERT_EQUAL(memcmp(back.exp_data, "0123456789", 10), 0);
    CU_ASSERT_STRING_EQUAL(mh_type_name(MH_EXPERIMENTAL), "MH-EXP");
}

static void test_pad1_padn_and_unknown_options_are_skipped(void)
{
    /* BU fixed part, Pad1, PadN(1), unknown option 200 len 2, Pad1 x2 -> 24 */
    uint8_t b[24] = {59, 2, MH_BU, 0, 0, 0, 0, 9, 0x80, 0, 0, 1};
    uint8_t opts[] = {MH_OPT_PAD1, MH_OPT_PADN, 1, 0, 200, 2, 0xaa, 0xbb, 0, 0, 0, 0};
    memcpy(b + 12, opts, sizeof(opts));
    mh_msg_t m;
    CU_ASSERT_EQUAL(mh_parse(b, sizeof(b), &m), 0);
    CU_ASSERT_EQUAL(m.seq, 9);
    CU_ASSERT_FALSE(m.has_bad || m.has_refresh || m.has_alt_coa || m.has_nonce_indices);
}

/* ---- malformed input ---------------------------------------------------- */

static size_t ref_bu(uint8_t *b)
{
    mh_msg_t m = cn_bu();
    return encode(&m, b);
}

static void test_header_shorter_than_8_bytes_is_truncated(void)
{
    uint8_t b[MH_MAX_LEN];
    size_t len = ref_bu(b);
    mh_msg_t m;
    for (size_t n = 0; n < 8; n++)
        CU_ASSERT_EQUAL(mh_parse(b, n, &m), MH_E_TRUNCATED);
    CU_ASSERT_EQUAL(mh_parse(b, len - 8, &m), MH_E_TRUNCATED); /* Header Len says 32 */
}

static void test_header_len_not_matching_the_bytes_is_rejected(void)
{
    uint8_t b[MH_MAX_LEN];
    size_t len = ref_bu(b);
    mh_msg_t m;
    b[1] = 2; /* says 24, 32 present */
    CU_ASSERT_EQUAL(mh_parse(b, len, &m), MH_E_HDRLEN);
    b[1] = 4; /* says 40 */
    CU_ASSERT_EQUAL(mh_parse(b, len, &m), MH_E_TRUNCATED);
}

static void test_header_len_below_the_type_minimum_is_rejected(void)
{
    /* a HoT needs 24 bytes (Header Len 2); 16 with Header Len 1 */
    uint8_t b[16] = {59, 1, MH_HOT};
    mh_msg_t m;
    CU_ASSERT_EQUAL(mh_parse(b, 16, &m), MH_E_HDRLEN);
    uint8_t bu[8] = {59, 0, MH_BU};
    CU_ASSERT_EQUAL(mh_parse(bu, 8, &m), MH_E_HDRLEN);
    uint8_t brr[8] = {59, 0, MH_BRR};
    CU_ASSERT_EQUAL(mh_parse(brr, 8, &m), 0);
}

static void test_payload_proto_other_than_59_is_rejected(void)
{
    uint8_t b[MH_MAX_LEN];
    size_t len = ref_bu(b);
    mh_msg_t m;
    b[0] = 6;
    CU_ASSERT_EQUAL(mh_parse(b, len, &m), MH_E_PAYLOAD_PROTO);
}

static void test_unknown_mh_type_is_reported_for_binding_error_status_2(void)
{
    uint8_t b[16] = {59, 1, 8};
    mh_msg_t m;
    CU_ASSERT_EQUAL(mh_parse(b, 16, &m), MH_E_UNKNOWN_TYPE);
    CU_ASSERT_EQUAL(m.type, 8); /* the receiver answers BE status 2 */
    b[2] = 255;
    CU_ASSERT_EQUAL(mh_parse(b, 16, &m), MH_E_UNKNOWN_TYPE);
    mh_msg_t bad = {.type = 9};
    size_t len;
    CU_ASSERT_EQUAL(mh_encode(&bad, b, sizeof(b), &len), MH_E_UNKNOWN_TYPE);
}

static void test_option_running_past_the_header_is_rejected(void)
{
    uint8_t b[MH_MAX_LEN];
    size_t len = ref_bu(b);
    mh_msg_t m;
    b[19] = 13; /* BAD length 13: one byte past the end */
    CU_ASSERT_EQUAL(mh_parse(b, len, &m), MH_E_OPTION);
    len = ref_bu(b);
    b[13] = 200; /* Nonce Indices claiming 200 bytes */
    CU_ASSERT_EQUAL(mh_parse(b, len, &m), MH_E_OPTION);
    /* a lone option type byte at the very end: no room for its length */
    uint8_t t[16] = {59, 1, MH_BU};
    t[15] = MH_OPT_PADN;
    CU_ASSERT_EQUAL(mh_parse(t, 16, &m), MH_E_OPTION);
}

static void test_option_with_wrong_length_for_its_type_is_rejected(void)
{
    uint8_t b[MH_MAX_LEN];
    size_t len = ref_bu(b);
    mh_msg_t m;
    /* Nonce Indices length 2 followed by PadN covering the rest up to BAD */
    b[13] = 2;
    b[16] = MH_OPT_PADN;
    b[17] = 0;
    CU_ASSERT_EQUAL(mh_parse(b, len, &m), MH_E_OPTION);
}

static void test_bad_that_is_not_the_last_option_is_rejected(void)
{
    /* BA: BAD at 18 (8n+2) then a PadN(6) to 40 */
    uint8_t b[40] = {59, 4, MH_BA};
    uint8_t opts[] = {MH_OPT_PADN, 4, 0, 0, 0, 0, MH_OPT_BAD, 12};
    memcpy(b + 12, opts, sizeof(opts));
    b[32] = MH_OPT_PADN;
    b[33] = 6;
    mh_msg_t m;
    CU_ASSERT_EQUAL(mh_parse(b, sizeof(b), &m), MH_E_OPTION_ORDER);
    CU_ASSERT_EQUAL(mh_auth_offset(b, sizeof(b)), -1);
    b[32] = MH_OPT_PAD1; /* even Pad1 after BAD */
    b[33] = 0;
    CU_ASSERT_EQUAL(mh_parse(b, sizeof(b), &m), MH_E_OPTION_ORDER);
}

static void test_repeated_nonce_indices_option_is_rejected(void)
{
    uint8_t b[24] = {59, 2, MH_BU};
    uint8_t opts[] = {MH_OPT_NONCE_INDICES, 4, 0, 1, 0, 2, MH_OPT_NONCE_INDICES, 4, 0, 3, 0, 4};
    memcpy(b + 12, opts, sizeof(opts));
    mh_msg_t m;
    CU_ASSERT_EQUAL(mh_parse(b, sizeof(b), &m), MH_E_OPTION_ORDER);
}

static void test_misaligned_options_are_rejected(void)
{
    mh_msg_t m;
    /* Nonce Indices at 13 (not 2n) after a Pad1 */
    uint8_t ni[24] = {59, 2, MH_BU};
    uint8_t o1[] = {MH_OPT_PAD1, MH_OPT_NONCE_INDICES, 4, 0, 1, 0, 2};
    memcpy(ni + 12, o1, sizeof(o1));
    CU_ASSERT_EQUAL(mh_parse(ni, sizeof(ni), &m), MH_E_ALIGNMENT);
    /* Alternate CoA at 12 (needs 8n+6) */
    uint8_t acoa[32] = {59, 3, MH_BU};
    acoa[12] = MH_OPT_ALT_COA;
    acoa[13] = 16;
    CU_ASSERT_EQUAL(mh_parse(acoa, sizeof(acoa), &m), MH_E_ALIGNMENT);
    /* BAD at 16 (needs 8n+2) */
    uint8_t bad[32] = {59, 3, MH_BA};
    uint8_t o2[] = {MH_OPT_PADN, 2, 0, 0, MH_OPT_BAD, 12};
    memcpy(bad + 12, o2, sizeof(o2));
    CU_ASSERT_EQUAL(mh_parse(bad, sizeof(bad), &m), MH_E_ALIGNMENT);
}

static void test_every_prefix_and_bit_flip_of_every_sample_parses_or_fails_cleanly(void)
{
    /* run under make asan: no read past the bytes given */
    for (int id = 0; id < SAMPLE_N; id++) {
        uint8_t pkt[PKT_MAX_LEN];
        size_t len;
        pkt_view_t v;
        CU_ASSERT_EQUAL_FATAL(sample_build(id, pkt, sizeof(pkt), &len), 0);
        CU_ASSERT_EQUAL_FATAL(pkt_parse(pkt, len, &v, NULL, 0), 0);
        if (v.proto != PKT_PROTO_MH)
            continue;
        uint8_t mh[MH_MAX_LEN];
        size_t n = v.upper_len;
        memcpy(mh, v.upper, n);
        mh_msg_t m;
        for (size_t cut = 0; cut < n; cut++) {
            uint8_t *exact = malloc(cut ? cut : 1);
            memcpy(exact, mh, cut);
            CU_ASSERT(mh_parse(exact, cut, &m) < 0);
            CU_ASSERT_EQUAL(mh_auth_offset(exact, cut), -1);
            free(exact);
        }
        for (size_t bit = 0; bit < 8 * n; bit++) {
            mh[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            int rc = mh_parse(mh, n, &m);
            CU_ASSERT(rc <= 0 && rc >= MH_E_CHECKSUM);
            mh[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        }
    }
}

static void test_every_error_code_has_a_message(void)
{
    for (int e = MH_E_CHECKSUM; e <= MH_E_TRUNCATED; e++)
        CU_ASSERT_NOT_EQUAL(strcmp(mh_strerror(e), mh_strerror(-100)), 0);
    CU_ASSERT_STRING_EQUAL(mh_type_name(MH_BU), "BU");
    CU_ASSERT_STRING_EQUAL(mh_type_name(MH_HOTI), "HoTI");
}

/* ---- checksum and sequence numbers -------------------------------------- */

static void test_checksum_ignores_the_checksum_field_and_uses_the_given_addresses(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t b[MH_MAX_LEN];
    mh_msg_t m = {.type = MH_BRR};
    size_t len = encode(&m, b);
    /* PROTOCOL.md §1.5: BRR CN HoA -> MN HoA */
    CU_ASSERT_EQUAL(mh_checksum(b, len, &a.cn, &a.hoa), 0x65e9);
    put_be16(b + 4, 0x1234);
    CU_ASSERT_EQUAL(mh_checksum(b, len, &a.cn, &a.hoa), 0x65e9);
    CU_ASSERT_NOT_EQUAL(mh_checksum(b, len, &a.cn, &a.coa), 0x65e9);
}

static void test_sequence_number_newer_follows_the_rfc_6275_window(void)
{
    CU_ASSERT_TRUE(mh_seq_newer(8, 7));
    CU_ASSERT_FALSE(mh_seq_newer(7, 7)); /* a replay is not newer */
    CU_ASSERT_FALSE(mh_seq_newer(6, 7));
    CU_ASSERT_TRUE(mh_seq_newer(0, 65535)); /* wraps modulo 2^16 */
    CU_ASSERT_TRUE(mh_seq_newer(2, 65530));
    CU_ASSERT_FALSE(mh_seq_newer(65530, 2));
    /* last and the 32768 values before it are "less than or equal" */
    CU_ASSERT_TRUE(mh_seq_newer((uint16_t)(7 + 32767), 7));
    CU_ASSERT_FALSE(mh_seq_newer((uint16_t)(7 + 32768), 7)); /* = 7 - 32768 */
    CU_ASSERT_FALSE(mh_seq_newer((uint16_t)(7 - 32767), 7));
    for (unsigned last = 0; last < 65536; last += 4097)
        for (unsigned d = 0; d < 65536; d += 257) {
            uint16_t seq = (uint16_t)(last + d);
            CU_ASSERT_EQUAL(mh_seq_newer(seq, (uint16_t)last), d >= 1 && d <= 32767);
        }
}

void suite_mh(void)
{
    ADD_SUITE("mh", TEST(test_cn_bu_is_32_bytes_with_nonce_indices_at_12_and_bad_at_18),
              TEST(test_ba_with_only_bad_puts_padn_6_before_bad_at_8n_plus_2),
              TEST(test_home_bu_puts_alternate_coa_at_8n_plus_6_after_padn_2),
              TEST(test_bu_without_options_is_padded_to_16_bytes),
              TEST(test_minimum_sizes_per_type_match_rfc_6275),
              TEST(test_encode_never_writes_past_a_small_buffer),
              TEST(test_every_message_type_survives_encode_and_parse),
              TEST(test_every_option_survives_encode_and_parse_alone_and_together),
              TEST(test_experimental_type_11_keeps_its_message_data),
              TEST(test_pad1_padn_and_unknown_options_are_skipped),
              TEST(test_header_shorter_than_8_bytes_is_truncated),
              TEST(test_header_len_not_matching_the_bytes_is_rejected),
              TEST(test_header_len_below_the_type_minimum_is_rejected),
              TEST(test_payload_proto_other_than_59_is_rejected),
              TEST(test_unknown_mh_type_is_reported_for_binding_error_status_2),
              TEST(test_option_running_past_the_header_is_rejected),
              TEST(test_option_with_wrong_length_for_its_type_is_rejected),
              TEST(test_bad_that_is_not_the_last_option_is_rejected),
              TEST(test_repeated_nonce_indices_option_is_rejected),
              TEST(test_misaligned_options_are_rejected),
              TEST(test_every_prefix_and_bit_flip_of_every_sample_parses_or_fails_cleanly),
              TEST(test_every_error_code_has_a_message),
              TEST(test_checksum_ignores_the_checksum_field_and_uses_the_given_addresses),
              TEST(test_sequence_number_newer_follows_the_rfc_6275_window));
}
