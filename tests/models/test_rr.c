/* Return routability crypto (RFC 6275 §5.2): the PROTOCOL.md §2 test
 * vectors, the correspondent's nonce table with its 240 s / 210 s rules, and
 * the CN-side check of a BU (§9.5.1): right authenticator accepted; wrong
 * authenticator dropped; stale nonce indices answered 136/137/138; a
 * replayed sequence number answered 135. rr.c composes HMAC-SHA1 on the
 * SHA1 block functions: its bytes are checked against OpenSSL's EVP HMAC
 * and SHA1 on random keys and inputs of 0..299 message bytes. */
#include <openssl/evp.h>
#include <string.h>

#include "models/mh.h"
#include "models/pkt.h"
#include "models/rr.h"
#include "models/wire.h"
#include "sim/rng.h"
#include "tests/models/samples.h"
#include "tests/testing.h"

static void unhex(const char *hex, uint8_t *out)
{
    for (size_t i = 0; hex[2 * i]; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static bool equals_hex(const uint8_t *got, const char *hex)
{
    uint8_t want[64];
    unhex(hex, want);
    return memcmp(got, want, strlen(hex) / 2) == 0;
}

/* ---- PROTOCOL.md §2 vectors --------------------------------------------- */

static void test_home_keygen_token_matches_the_vector(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t t[RR_TOKEN_LEN];
    rr_keygen_token(sample_kcn, &a.hoa, sample_home_nonce, RR_HOME_TOKEN, t);
    CU_ASSERT_TRUE(equals_hex(t, "9a140a795c7c9053"));
}

static void test_careof_keygen_token_matches_the_vector(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t t[RR_TOKEN_LEN];
    rr_keygen_token(sample_kcn, &a.coa, sample_careof_nonce, RR_CAREOF_TOKEN, t);
    CU_ASSERT_TRUE(equals_hex(t, "621d8d9dde417891"));
    /* the final octet matters: the home form over the same input differs */
    rr_keygen_token(sample_kcn, &a.coa, sample_careof_nonce, RR_HOME_TOKEN, t);
    CU_ASSERT_FALSE(equals_hex(t, "621d8d9dde417891"));
}

static void test_kbm_matches_the_vector_in_both_forms(void)
{
    uint8_t home[8], careof[8], kbm[RR_KBM_LEN];
    unhex("9a140a795c7c9053", home);
    unhex("621d8d9dde417891", careof);
    rr_kbm(home, careof, kbm);
    CU_ASSERT_TRUE(equals_hex(kbm, "9f38c2b268b3f5748bb54835fa363de85201f284"));
    rr_kbm(home, NULL, kbm); /* de-registration: home token only */
    CU_ASSERT_TRUE(equals_hex(kbm, "239ad960dc0fd2760ccd442dca34208a95e4b0fd"));
}

/* The MH of a sample with checksum zeroed, up to the authenticator. */
static size_t mh_data_of(int id, uint8_t *mh, const uint8_t **auth)
{
    static const uint8_t none[1];
    uint8_t b[PKT_MAX_LEN];
    size_t len;
    pkt_view_t v;
    CU_ASSERT_EQUAL_FATAL(sample_build(id, b, sizeof(b), &len), 0);
    CU_ASSERT_EQUAL_FATAL(pkt_parse(b, len, &v, NULL, 0), 0);
    memcpy(mh, v.upper, v.upper_len);
    put_be16(mh + 4, 0);
    int off = mh_auth_offset(mh, v.upper_len);
    CU_ASSERT_FATAL(off > 0);
    *auth = off > 0 ? mh + off : none;
    return (size_t)off;
}

static void test_bu_and_ba_authenticators_match_the_vectors(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t kbm[RR_KBM_LEN], mh[MH_MAX_LEN], auth[RR_AUTH_LEN];
    const uint8_t *on_wire;
    unhex("9f38c2b268b3f5748bb54835fa363de85201f284", kbm);
    size_t n = mh_data_of(SAMPLE_BU_CN, mh, &on_wire);
    rr_authenticator(kbm, &a.coa, &a.cn, mh, n, auth);
    CU_ASSERT_TRUE(equals_hex(auth, "05df3d4c8b1dce57751bea56"));
    n = mh_data_of(SAMPLE_BA_CN, mh, &on_wire);
    rr_authenticator(kbm, &a.coa, &a.cn, mh, n, auth);
    CU_ASSERT_TRUE(equals_hex(auth, "4a293f27f28455c4ca049abe"));
}

static void test_cached_contexts_give_the_same_bytes_as_the_free_functions(void)
{
    sample_addrs_t a = sample_addrs();
    rr_crypto_t *c = rr_crypto_create();
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    uint8_t home[8], careof[8], kbm[RR_KBM_LEN], auth[RR_AUTH_LEN], mh[MH_MAX_LEN];
    const uint8_t *on_wire;
    /* twice: a reused context must not carry state from the last call */
    for (int round = 0; round < 2; round++) {
        CU_ASSERT_EQUAL(
            rr_crypto_keygen_token(c, sample_kcn, &a.hoa, sample_home_nonce, RR_HOME_TOKEN, home),
            0);
        CU_ASSERT_TRUE(equals_hex(home, "9a140a795c7c9053"));
        CU_ASSERT_EQUAL(rr_crypto_keygen_token(c, sample_kcn, &a.coa, sample_careof_nonce,
                                               RR_CAREOF_TOKEN, careof),
                        0);
        CU_ASSERT_TRUE(equals_hex(careof, "621d8d9dde417891"));
        CU_ASSERT_EQUAL(rr_crypto_kbm(c, home, NULL, kbm), 0);
        CU_ASSERT_TRUE(equals_hex(kbm, "239ad960dc0fd2760ccd442dca34208a95e4b0fd"));
        CU_ASSERT_EQUAL(rr_crypto_kbm(c, home, careof, kbm), 0);
        CU_ASSERT_TRUE(equals_hex(kbm, "9f38c2b268b3f5748bb54835fa363de85201f284"));
        size_t n = mh_data_of(SAMPLE_BU_CN, mh, &on_wire);
        CU_ASSERT_EQUAL(rr_crypto_authenticator(c, kbm, &a.coa, &a.cn, mh, n, auth), 0);
        CU_ASSERT_TRUE(equals_hex(auth, "05df3d4c8b1dce57751bea56"));
    }
    rr_crypto_destroy(c);
    rr_crypto_destroy(NULL);
}

static void test_check_auth_verifies_a_received_mh_with_its_checksum_in_place(void)
{
    sample_addrs_t a = sample_addrs();
    rr_crypto_t *c = rr_crypto_create();
    uint8_t kbm[RR_KBM_LEN], b[PKT_MAX_LEN];
    size_t len;
    pkt_view_t v;
    sample_kbm(kbm);
    CU_ASSERT_EQUAL(sample_build(SAMPLE_BA_CN, b, sizeof(b), &len), 0);
    CU_ASSERT_EQUAL(pkt_parse(b, len, &v, NULL, 0), 0);
    CU_ASSERT_NOT_EQUAL(get_be16(v.upper + 4), 0);
    CU_ASSERT_TRUE(rr_crypto_check_auth(c, kbm, &a.coa, &a.cn, v.upper, v.upper_len));
    /* the correspondent is part of the MAC: the BA's source, not the CoA */
    CU_ASSERT_FALSE(rr_crypto_check_auth(c, kbm, &a.coa, &a.coa, v.upper, v.upper_len));
    kbm[0] ^= 1;
    CU_ASSERT_FALSE(rr_crypto_check_auth(c, kbm, &a.coa, &a.cn, v.upper, v.upper_len));
    /* a BU without BAD has nothing to verify */
    CU_ASSERT_EQUAL(sample_build(SAMPLE_BU_HOME, b, sizeof(b), &len), 0);
    CU_ASSERT_EQUAL(pkt_parse(b, len, &v, NULL, 0), 0);
    CU_ASSERT_FALSE(rr_crypto_check_auth(c, kbm, &a.coa, &a.ha, v.upper, v.upper_len));
    rr_crypto_destroy(c);
}

static void test_auth_equal_compares_all_96_bits(void)
{
    uint8_t x[RR_AUTH_LEN] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, y[RR_AUTH_LEN];
    memcpy(y, x, sizeof(y));
    CU_ASSERT_TRUE(rr_auth_equal(x, y));
    y[11] ^= 0x80;
    CU_ASSERT_FALSE(rr_auth_equal(x, y));
}

/* ---- the correspondent's nonces ------------------------------------------ */

/* a CN with its own RNG stream (the rng is borrowed by the cn) */
typedef struct {
    gsl_rng *rng;
    rr_cn_t *cn;
} cn_fixture_t;

static cn_fixture_t fixture(uint64_t seed)
{
    cn_fixture_t f = {sim_rng_stream(seed, 0, 0, 7), NULL};
    CU_ASSERT_PTR_NOT_NULL_FATAL(f.rng);
    f.cn = rr_cn_create(f.rng);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f.cn);
    return f;
}

static void fixture_free(cn_fixture_t *f)
{
    rr_cn_destroy(f->cn);
    gsl_rng_free(f->rng);
}

static void test_kcn_comes_from_the_run_rng_so_runs_are_reproducible(void)
{
    cn_fixture_t a = fixture(42), b = fixture(42), c = fixture(43);
    CU_ASSERT_EQUAL(memcmp(rr_cn_kcn(a.cn), rr_cn_kcn(b.cn), RR_KCN_LEN), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(rr_cn_kcn(a.cn), rr_cn_kcn(c.cn), RR_KCN_LEN), 0);
    sample_addrs_t ad = sample_addrs();
    uint16_t ia, ib;
    uint8_t ta[8], tb[8];
    CU_ASSERT_EQUAL(rr_cn_issue_token(a.cn, 0, &ad.hoa, RR_HOME_TOKEN, &ia, ta), 0);
    CU_ASSERT_EQUAL(rr_cn_issue_token(b.cn, 0, &ad.hoa, RR_HOME_TOKEN, &ib, tb), 0);
    CU_ASSERT_EQUAL(ia, ib);
    CU_ASSERT_EQUAL(memcmp(ta, tb, 8), 0);
    fixture_free(&a);
    fixture_free(&b);
    fixture_free(&c);
    rr_cn_destroy(NULL);
}

static void test_tokens_share_a_nonce_for_30_s_then_take_the_next_index(void)
{
    cn_fixture_t f = fixture(1);
    sample_addrs_t a = sample_addrs();
    uint16_t i0, i1, i2, i3;
    uint8_t t[8];
    CU_ASSERT_EQUAL(rr_cn_issue_token(f.cn, SIM_S(100), &a.hoa, RR_HOME_TOKEN, &i0, t), 0);
    CU_ASSERT_EQUAL(rr_cn_issue_token(f.cn, SIM_S(110), &a.coa, RR_CAREOF_TOKEN, &i1, t), 0);
    /* at 130 s the nonce has exactly 210 s left: still used */
    CU_ASSERT_EQUAL(rr_cn_issue_token(f.cn, SIM_S(130), &a.hoa, RR_HOME_TOKEN, &i2, t), 0);
    /* 1 ns later it has less than MAX_TOKEN_LIFETIME left: a new nonce */
    CU_ASSERT_EQUAL(rr_cn_issue_token(f.cn, SIM_S(130) + 1, &a.hoa, RR_HOME_TOKEN, &i3, t), 0);
    CU_ASSERT_EQUAL(i0, i1);
    CU_ASSERT_EQUAL(i0, i2);
    CU_ASSERT_EQUAL(i3, (uint16_t)(i0 + 1));
    fixture_free(&f);
}

static void test_issued_token_is_recomputed_until_its_nonce_is_240_s_old(void)
{
    cn_fixture_t f = fixture(2);
    sample_addrs_t a = sample_addrs();
    uint16_t idx;
    uint8_t issued[8], again[8];
    CU_ASSERT_EQUAL(rr_cn_issue_token(f.cn, SIM_S(10), &a.coa, RR_CAREOF_TOKEN, &idx, issued), 0);
    CU_ASSERT_EQUAL(rr_cn_token_for(f.cn, SIM_S(10), &a.coa, RR_CAREOF_TOKEN, idx, again), 0);
    CU_ASSERT_EQUAL(memcmp(issued, again, 8), 0);
    CU_ASSERT_EQUAL(rr_cn_token_for(f.cn, SIM_S(250), &a.coa, RR_CAREOF_TOKEN, idx, again), 0);
    CU_ASSERT_EQUAL(memcmp(issued, again, 8), 0);
    /* stale after MAX_NONCE_LIFETIME */
    CU_ASSERT_EQUAL(rr_cn_token_for(f.cn, SIM_S(250) + 1, &a.coa, RR_CAREOF_TOKEN, idx, again), -1);
    /* unknown index */
    CU_ASSERT_EQUAL(
        rr_cn_token_for(f.cn, SIM_S(20), &a.coa, RR_CAREOF_TOKEN, (uint16_t)(idx + 9), again), -1);
    /* the token is bound to the address */
    CU_ASSERT_EQUAL(rr_cn_token_for(f.cn, SIM_S(20), &a.hoa, RR_CAREOF_TOKEN, idx, again), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(issued, again, 8), 0);
    fixture_free(&f);
}

static void test_a_token_issued_late_in_its_nonce_life_verifies_for_all_210_s(void)
{
    cn_fixture_t f = fixture(3);
    sample_addrs_t a = sample_addrs();
    uint16_t first, late;
    uint8_t t[8];
    CU_ASSERT_EQUAL(rr_cn_issue_token(f.cn, 0, &a.hoa, RR_HOME_TOKEN, &first, t), 0);
    CU_ASSERT_EQUAL(rr_cn_issue_token(f.cn, SIM_S(30), &a.hoa, RR_HOME_TOKEN, &late, t), 0);
    CU_ASSERT_EQUAL(first, late);
    CU_ASSERT_EQUAL(
        rr_cn_token_for(f.cn, SIM_S(30) + RR_MAX_TOKEN_LIFETIME, &a.hoa, RR_HOME_TOKEN, late, t),
        0);
    fixture_free(&f);
}

static void test_old_nonces_are_forgotten_while_new_ones_are_issued(void)
{
    cn_fixture_t f = fixture(4);
    sample_addrs_t a = sample_addrs();
    uint16_t idx[40];
    uint8_t t[8];
    for (int i = 0; i < 40; i++)
        CU_ASSERT_EQUAL(rr_cn_issue_token(f.cn, SIM_S(31) * i, &a.hoa, RR_HOME_TOKEN, &idx[i], t),
                        0);
    sim_time_t now = SIM_S(31) * 39;
    for (int i = 0; i < 40; i++) {
        bool valid = now - SIM_S(31) * i <= RR_MAX_NONCE_LIFETIME;
        CU_ASSERT_EQUAL(rr_cn_token_for(f.cn, now, &a.hoa, RR_HOME_TOKEN, idx[i], t),
                        valid ? 0 : -1);
    }
    fixture_free(&f);
}

/* ---- the CN's check of a BU ---------------------------------------------- */

/* A CN holding the §2 Kcn and nonces (indices 5 and 6, created at t0). */
static cn_fixture_t vector_cn(sim_time_t t0)
{
    cn_fixture_t f = fixture(5);
    rr_cn_set_kcn(f.cn, sample_kcn);
    CU_ASSERT_EQUAL(rr_cn_add_nonce(f.cn, SAMPLE_HOME_NONCE_INDEX, sample_home_nonce, t0), 0);
    CU_ASSERT_EQUAL(rr_cn_add_nonce(f.cn, SAMPLE_CAREOF_NONCE_INDEX, sample_careof_nonce, t0), 0);
    return f;
}

static int check_bu(const cn_fixture_t *f, sim_time_t now, const uint8_t *pkt, size_t len,
                    uint8_t kbm[RR_KBM_LEN])
{
    pkt_view_t v;
    CU_ASSERT_EQUAL_FATAL(pkt_parse(pkt, len, &v, NULL, 0), 0);
    const net_addr_t *careof = v.mh.has_alt_coa ? &v.mh.alt_coa : &v.src;
    return rr_cn_check_bu(f->cn, now, &v.hao, careof, &v.dst, v.mh.home_nonce_index,
                          v.mh.coa_nonce_index, v.upper, v.upper_len, kbm);
}

static void test_cn_accepts_the_reference_bu_and_derives_its_kbm(void)
{
    cn_fixture_t f = vector_cn(0);
    uint8_t b[PKT_MAX_LEN], kbm[RR_KBM_LEN];
    size_t len;
    CU_ASSERT_EQUAL(sample_build(SAMPLE_BU_CN, b, sizeof(b), &len), 0);
    CU_ASSERT_EQUAL(check_bu(&f, SIM_S(5), b, len, kbm), RR_BU_AUTHENTIC);
    CU_ASSERT_TRUE(equals_hex(kbm, "9f38c2b268b3f5748bb54835fa363de85201f284"));
    fixture_free(&f);
}

static void test_cn_drops_a_bu_whose_authenticator_is_wrong(void)
{
    cn_fixture_t f = vector_cn(0);
    uint8_t b[PKT_MAX_LEN];
    size_t len;
    sample_addrs_t a = sample_addrs();
    CU_ASSERT_EQUAL(sample_build(SAMPLE_BU_CN, b, sizeof(b), &len), 0);
    b[len - 1] ^= 0x01; /* last authenticator bit */
    put_be16(b + 64 + 4, 0);
    put_be16(b + 64 + 4, mh_checksum(b + 64, len - 64, &a.hoa, &a.cn)); /* still a valid packet */
    CU_ASSERT_EQUAL(check_bu(&f, SIM_S(5), b, len, NULL), RR_BU_BAD_AUTH);
    /* a BU from another CoA with the same BAD: the CoA is in the MAC */
    CU_ASSERT_EQUAL(sample_build(SAMPLE_BU_CN, b, sizeof(b), &len), 0);
    pkt_view_t v;
    CU_ASSERT_EQUAL(pkt_parse(b, len, &v, NULL, 0), 0);
    CU_ASSERT_EQUAL(
        rr_cn_check_bu(f.cn, SIM_S(5), &a.hoa, &a.ar, &a.cn, 5, 6, v.upper, v.upper_len, NULL),
        RR_BU_BAD_AUTH);
    /* the same BU with its seq changed (checksum fixed) fails too */
    b[64 + 7] = 8;
    put_be16(b + 64 + 4, 0);
    put_be16(b + 64 + 4, mh_checksum(b + 64, len - 64, &a.hoa, &a.cn));
    CU_ASSERT_EQUAL(check_bu(&f, SIM_S(5), b, len, NULL), RR_BU_BAD_AUTH);
    fixture_free(&f);
}

static void test_cn_answers_136_137_138_when_nonce_indices_are_stale(void)
{
    uint8_t b[PKT_MAX_LEN];
    size_t len;
    sample_addrs_t a = sample_addrs();
    CU_ASSERT_EQUAL(sample_build(SAMPLE_BU_CN, b, sizeof(b), &len), 0);
    pkt_view_t v;
    CU_ASSERT_EQUAL(pkt_parse(b, len, &v, NULL, 0), 0);
    /* both nonces created at 0: both stale after 240 s */
    cn_fixture_t f = vector_cn(0);
    CU_ASSERT_EQUAL(check_bu(&f, SIM_S(240), b, len, NULL), RR_BU_AUTHENTIC);
    CU_ASSERT_EQUAL(check_bu(&f, SIM_S(240) + 1, b, len, NULL), RR_BU_EXPIRED_BOTH);
    CU_ASSERT_EQUAL(RR_BU_EXPIRED_BOTH, MH_BA_EXPIRED_NONCES);
    fixture_free(&f);
    /* only the home nonce old */
    f = fixture(6);
    rr_cn_set_kcn(f.cn, sample_kcn);
    rr_cn_add_nonce(f.cn, SAMPLE_HOME_NONCE_INDEX, sample_home_nonce, 0);
    rr_cn_add_nonce(f.cn, SAMPLE_CAREOF_NONCE_INDEX, sample_careof_nonce, SIM_S(200));
    CU_ASSERT_EQUAL(check_bu(&f, SIM_S(300), b, len, NULL), RR_BU_EXPIRED_HOME);
    CU_ASSERT_EQUAL(RR_BU_EXPIRED_HOME, MH_BA_EXPIRED_HOME_NONCE);
    fixture_free(&f);
    /* only the care-of nonce unknown */
    f = fixture(7);
    rr_cn_set_kcn(f.cn, sample_kcn);
    rr_cn_add_nonce(f.cn, SAMPLE_HOME_NONCE_INDEX, sample_home_nonce, 0);
    CU_ASSERT_EQUAL(check_bu(&f, SIM_S(1), b, len, NULL), RR_BU_EXPIRED_CAREOF);
    CU_ASSERT_EQUAL(RR_BU_EXPIRED_CAREOF, MH_BA_EXPIRED_COA_NONCE);
    /* a de-registration needs the home nonce only (RFC 6275 §5.2.6) */
    CU_ASSERT_EQUAL(
        rr_cn_check_bu(f.cn, SIM_S(1), &a.hoa, &a.hoa, &a.cn, 5, 6, v.upper, v.upper_len, NULL),
        RR_BU_BAD_AUTH); /* nonces fine; this BAD was made for the CoA */
    fixture_free(&f);
}

static void test_cn_accepts_a_deregistration_bu_keyed_by_the_home_token_alone(void)
{
    sample_addrs_t a = sample_addrs();
    uint8_t home[8], kbm[RR_KBM_LEN], b[PKT_MAX_LEN];
    size_t len;
    rr_keygen_token(sample_kcn, &a.hoa, sample_home_nonce, RR_HOME_TOKEN, home);
    rr_kbm(home, NULL, kbm);
    /* BU from the home address, lifetime 0 (§6.1.7): no HAO needed */
    mh_msg_t m = {.type = MH_BU,
                  .seq = 8,
                  .bu_flags = MH_BU_A,
                  .has_nonce_indices = true,
                  .home_nonce_index = SAMPLE_HOME_NONCE_INDEX,
                  .coa_nonce_index = 0x9999,
                  .has_bad = true};
    pkt_desc_t d = {.src = a.hoa, .dst = a.cn};
    CU_ASSERT_EQUAL(sample_build_mh(&m, kbm, &a.hoa, &a.cn, &d, b, sizeof(b), &len), 0);
    cn_fixture_t f = vector_cn(0);
    pkt_view_t v;
    CU_ASSERT_EQUAL(pkt_parse(b, len, &v, NULL, 0), 0);
    uint8_t got[RR_KBM_LEN];
    CU_ASSERT_EQUAL(
        rr_cn_check_bu(f.cn, SIM_S(1), &a.hoa, &a.hoa, &a.cn, 5, 0x9999, v.upper, v.upper_len, got),
        RR_BU_AUTHENTIC);
    CU_ASSERT_EQUAL(memcmp(got, kbm, RR_KBM_LEN), 0);
    fixture_free(&f);
}

static void test_cn_rejects_a_replayed_sequence_number_with_status_135(void)
{
    /* The binding cache entry remembers seq 7 from the reference BU. The
     * same BU replayed is authentic (same bytes, nonces still valid) but
     * not newer: RFC 6275 §9.5.1 answers 135 with the last seq. */
    cn_fixture_t f = vector_cn(0);
    uint8_t b[PKT_MAX_LEN];
    size_t len;
    CU_ASSERT_EQUAL(sample_build(SAMPLE_BU_CN, b, sizeof(b), &len), 0);
    uint16_t last_accepted = SAMPLE_BU_SEQ;
    pkt_view_t v;
    CU_ASSERT_EQUAL(pkt_parse(b, len, &v, NULL, 0), 0);
    CU_ASSERT_EQUAL(check_bu(&f, SIM_S(60), b, len, NULL), RR_BU_AUTHENTIC);
    int status = mh_seq_newer(v.mh.seq, last_accepted) ? MH_BA_ACCEPTED : MH_BA_SEQ_OUT_OF_WINDOW;
    CU_ASSERT_EQUAL(status, 135);
    /* the MN's next BU (seq 8) is newer */
    CU_ASSERT_TRUE(mh_seq_newer((uint16_t)(v.mh.seq + 1), last_accepted));
    fixture_free(&f);
}

static void test_mn_and_cn_agree_end_to_end_through_issued_tokens(void)
{
    /* HoT/CoT tokens from the CN's own nonces, Kbm and BU at the MN, the
     * check at the CN 20 s later: the path cn.c and mn.c will take. */
    cn_fixture_t f = fixture(8);
    sample_addrs_t a = sample_addrs();
    uint16_t hi, ci;
    uint8_t ht[8], ct[8], kbm[RR_KBM_LEN], b[PKT_MAX_LEN], cn_kbm[RR_KBM_LEN];
    CU_ASSERT_EQUAL(rr_cn_issue_token(f.cn, SIM_S(1), &a.hoa, RR_HOME_TOKEN, &hi, ht), 0);
    CU_ASSERT_EQUAL(rr_cn_issue_token(f.cn, SIM_S(1), &a.coa, RR_CAREOF_TOKEN, &ci, ct), 0);
    rr_kbm(ht, ct, kbm);
    mh_msg_t m = {.type = MH_BU,
                  .seq = 100,
                  .bu_flags = MH_BU_A,
                  .lifetime = 105,
                  .has_nonce_indices = true,
                  .home_nonce_index = hi,
                  .coa_nonce_index = ci,
                  .has_bad = true};
    pkt_desc_t d = {.src = a.coa, .dst = a.cn, .has_hao = true, .hao = a.hoa};
    size_t len;
    CU_ASSERT_EQUAL(sample_build_mh(&m, kbm, &a.coa, &a.cn, &d, b, sizeof(b), &len), 0);
    CU_ASSERT_EQUAL(check_bu(&f, SIM_S(21), b, len, cn_kbm), RR_BU_AUTHENTIC);
    CU_ASSERT_EQUAL(memcmp(cn_kbm, kbm, RR_KBM_LEN), 0);
    fixture_free(&f);
}

/* EVP's HMAC-SHA1 of a concatenation, the reference for rr.c's own. */
static void evp_hmac_sha1(const uint8_t *key, size_t keylen, const uint8_t *msg, size_t n,
                          uint8_t out[20])
{
    size_t outlen = 0;
    CU_ASSERT_PTR_NOT_NULL(
        EVP_Q_mac(NULL, "HMAC", NULL, "SHA1", NULL, key, keylen, msg, n, out, 20, &outlen));
    CU_ASSERT_EQUAL(outlen, 20);
}

static void test_hmac_sha1_gives_evp_bytes_for_tokens_kbm_and_authenticators(void)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 18);
    rr_cn_t *cn = rr_cn_create(rng);
    rr_crypto_t *c = rr_crypto_create();
    CU_ASSERT_FATAL(cn != NULL && c != NULL);
    unsigned n_wrong = 0;
    for (int round = 0; round < 300; round++) {
        uint8_t kcn[RR_KCN_LEN], kbm[RR_KBM_LEN], nonce[RR_NONCE_LEN], mh[300], msg[400];
        net_addr_t a, b;
        for (size_t i = 0; i < sizeof(kcn); i++)
            kcn[i] = (uint8_t)gsl_rng_uniform_int(rng, 256);
        for (size_t i = 0; i < sizeof(kbm); i++)
            kbm[i] = (uint8_t)gsl_rng_uniform_int(rng, 256);
        for (size_t i = 0; i < sizeof(nonce); i++)
            nonce[i] = (uint8_t)gsl_rng_uniform_int(rng, 256);
        for (size_t i = 0; i < 16; i++) {
            a.b[i] = (uint8_t)gsl_rng_uniform_int(rng, 256);
            b.b[i] = (uint8_t)gsl_rng_uniform_int(rng, 256);
        }
        size_t mh_len = (size_t)round; /* 0..299: message lengths across SHA1 block edges */
        for (size_t i = 0; i < mh_len; i++)
            mh[i] = (uint8_t)gsl_rng_uniform_int(rng, 256);
        uint8_t which = (uint8_t)(round & 1), want[20], tok[RR_TOKEN_LEN], auth[RR_AUTH_LEN];
        /* keygen token: address | nonce | which, under Kcn */
        memcpy(msg, a.b, 16);
        memcpy(msg + 16, nonce, RR_NONCE_LEN);
        msg[24] = which;
        evp_hmac_sha1(kcn, sizeof(kcn), msg, 25, want);
        rr_keygen_token(kcn, &a, nonce, which, tok);
        n_wrong += memcmp(tok, want, RR_TOKEN_LEN) != 0;
        CU_ASSERT_EQUAL(rr_crypto_keygen_token(c, kcn, &a, nonce, which, tok), 0);
        n_wrong += memcmp(tok, want, RR_TOKEN_LEN) != 0;
        /* the same through a CN keyed once with Kcn */
        rr_cn_set_kcn(cn, kcn);
        uint16_t index = 0;
        CU_ASSERT_EQUAL(rr_cn_issue_token(cn, SIM_S(1), &a, which, &index, tok), 0);
        /* the CN's nonce is its own: rr_cn_token_for recomputes the token
         * (test_cn_tokens_give_evp_bytes_under_the_cn_kcn pins its bytes) */
        uint8_t again[RR_TOKEN_LEN];
        CU_ASSERT_EQUAL(rr_cn_token_for(cn, SIM_S(1), &a, which, index, again), 0);
        n_wrong += memcmp(tok, again, RR_TOKEN_LEN) != 0;
        /* authenticator: care-of | correspondent | MH data, under Kbm */
        memcpy(msg, a.b, 16);
        memcpy(msg + 16, b.b, 16);
        memcpy(msg + 32, mh, mh_len);
        evp_hmac_sha1(kbm, sizeof(kbm), msg, 32 + mh_len, want);
        rr_authenticator(kbm, &a, &b, mh, mh_len, auth);
        n_wrong += memcmp(auth, want, RR_AUTH_LEN) != 0;
        CU_ASSERT_EQUAL(rr_crypto_authenticator(c, kbm, &a, &b, mh, mh_len, auth), 0);
        n_wrong += memcmp(auth, want, RR_AUTH_LEN) != 0;
        /* Kbm: SHA1(home token | care-of token) */
        uint8_t k[RR_KBM_LEN], md[20];
        unsigned int mdlen = 0;
        CU_ASSERT_EQUAL(EVP_Digest(nonce, RR_NONCE_LEN, md, &mdlen, EVP_sha1(), NULL), 1);
        rr_kbm(nonce, NULL, k);
        n_wrong += memcmp(k, md, RR_KBM_LEN) != 0;
    }
    CU_ASSERT_EQUAL(n_wrong, 0);
    rr_crypto_destroy(c);
    rr_cn_destroy(cn);
    gsl_rng_free(rng);
}

static void test_cn_tokens_give_evp_bytes_under_the_cn_kcn(void)
{
    /* rr_cn_issue_token keys its HMAC once (rr_cn_set_kcn); the token for a
     * fixed Kcn and nonce must equal EVP's HMAC-SHA1 of address|nonce|which */
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    rr_cn_t *cn = rr_cn_create(rng);
    CU_ASSERT_FATAL(cn != NULL);
    uint8_t kcn[RR_KCN_LEN], nonce[RR_NONCE_LEN], msg[25], want[20], tok[RR_TOKEN_LEN];
    for (size_t i = 0; i < sizeof(kcn); i++)
        kcn[i] = (uint8_t)(0xa0 + i);
    for (size_t i = 0; i < sizeof(nonce); i++)
        nonce[i] = (uint8_t)(0x10 * i + 1);
    rr_cn_set_kcn(cn, kcn);
    CU_ASSERT_EQUAL(rr_cn_add_nonce(cn, 7, nonce, 0), 0);
    net_addr_t a;
    for (size_t i = 0; i < 16; i++)
        a.b[i] = (uint8_t)(0x20 + i);
    for (uint8_t which = 0; which < 2; which++) {
        memcpy(msg, a.b, 16);
        memcpy(msg + 16, nonce, RR_NONCE_LEN);
        msg[24] = which;
        evp_hmac_sha1(kcn, sizeof(kcn), msg, sizeof(msg), want);
        CU_ASSERT_EQUAL(rr_cn_token_for(cn, SIM_S(10), &a, which, 7, tok), 0);
        CU_ASSERT_EQUAL(memcmp(tok, want, RR_TOKEN_LEN), 0);
    }
    rr_cn_destroy(cn);
    gsl_rng_free(rng);
}

void suite_rr(void)
{
    ADD_SUITE("rr", TEST(test_home_keygen_token_matches_the_vector),
              TEST(test_careof_keygen_token_matches_the_vector),
              TEST(test_kbm_matches_the_vector_in_both_forms),
              TEST(test_bu_and_ba_authenticators_match_the_vectors),
              TEST(test_cached_contexts_give_the_same_bytes_as_the_free_functions),
              TEST(test_check_auth_verifies_a_received_mh_with_its_checksum_in_place),
              TEST(test_auth_equal_compares_all_96_bits),
              TEST(test_kcn_comes_from_the_run_rng_so_runs_are_reproducible),
              TEST(test_tokens_share_a_nonce_for_30_s_then_take_the_next_index),
              TEST(test_issued_token_is_recomputed_until_its_nonce_is_240_s_old),
              TEST(test_a_token_issued_late_in_its_nonce_life_verifies_for_all_210_s),
              TEST(test_old_nonces_are_forgotten_while_new_ones_are_issued),
              TEST(test_cn_accepts_the_reference_bu_and_derives_its_kbm),
              TEST(test_cn_drops_a_bu_whose_authenticator_is_wrong),
              TEST(test_cn_answers_136_137_138_when_nonce_indices_are_stale),
              TEST(test_cn_accepts_a_deregistration_bu_keyed_by_the_home_token_alone),
              TEST(test_cn_rejects_a_replayed_sequence_number_with_status_135),
              TEST(test_mn_and_cn_agree_end_to_end_through_issued_tokens),
              TEST(test_hmac_sha1_gives_evp_bytes_for_tokens_kbm_and_authenticators),
              TEST(test_cn_tokens_give_evp_bytes_under_the_cn_kcn));
}
