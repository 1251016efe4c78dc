/* bench/wire_bench.c - ns per message for the correspondent BU path
 * (issue 4 speed goal: both under 1.5 us on the 2-core project machine).
 *
 *   build  mh_encode + rr_crypto_authenticator + pkt_build (MH checksum):
 *          what a MN does per correspondent BU once it holds Kbm
 *   verify pkt_parse + rr_crypto_check_auth (authenticator recomputed over
 *          the received MH, constant-time compare): what a CN does per BU
 *          once it holds Kbm
 *   cn-check  pkt_parse + rr_cn_check_bu: the CN's whole RR check, both
 *          keygen tokens and Kbm recomputed from its nonces (informative)
 *   build-oneshot  the build path through the free rr_authenticator(),
 *          which fetches OpenSSL's HMAC per call (informative)
 *
 * Each figure is the median over RUNS runs of ITERS messages each.
 * Usage: wire_bench [iters] [runs]   (make wire-bench)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/addr.h"
#include "models/mh.h"
#include "models/pkt.h"
#include "models/rr.h"
#include "sim/rng.h"

typedef struct {
    net_addr_t hoa, coa, cn;
    uint8_t kbm[RR_KBM_LEN];
    rr_crypto_t *crypto;
    rr_cn_t *cn_state;
    uint8_t pkt[PKT_MAX_LEN];
    size_t pkt_len;
    unsigned sink; /* keeps results observable */
} bench_t;

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int build_bu(bench_t *b, uint16_t seq, bool oneshot)
{
    mh_msg_t m = {.type = MH_BU,
                  .seq = seq,
                  .bu_flags = MH_BU_A,
                  .lifetime = 105,
                  .has_nonce_indices = true,
                  .home_nonce_index = 5,
                  .coa_nonce_index = 6,
                  .has_bad = true};
    uint8_t mh[MH_MAX_LEN];
    size_t mh_len;
    if (mh_encode(&m, mh, sizeof(mh), &mh_len))
        return -1;
    int off = mh_auth_offset(mh, mh_len);
    if (off < 0)
        return -1;
    if (oneshot)
        rr_authenticator(b->kbm, &b->coa, &b->cn, mh, (size_t)off, mh + off);
    else if (rr_crypto_authenticator(b->crypto, b->kbm, &b->coa, &b->cn, mh, (size_t)off, mh + off))
        return -1;
    pkt_desc_t d = {.src = b->coa,
                    .dst = b->cn,
                    .has_hao = true,
                    .hao = b->hoa,
                    .proto = PKT_PROTO_MH,
                    .payload = mh,
                    .payload_len = mh_len};
    return pkt_build(&d, b->pkt, sizeof(b->pkt), &b->pkt_len);
}

static int verify_bu(bench_t *b)
{
    pkt_view_t v;
    if (pkt_parse(b->pkt, b->pkt_len, &v, NULL, 0))
        return -1;
    return rr_crypto_check_auth(b->crypto, b->kbm, &v.src, &v.dst, v.upper, v.upper_len) ? 0 : -1;
}

static int cn_check_bu(bench_t *b)
{
    pkt_view_t v;
    if (pkt_parse(b->pkt, b->pkt_len, &v, NULL, 0))
        return -1;
    return rr_cn_check_bu(b->cn_state, SIM_S(1), &v.hao, &v.src, &v.dst, v.mh.home_nonce_index,
                          v.mh.coa_nonce_index, v.upper, v.upper_len, NULL);
}

enum { K_BUILD, K_VERIFY, K_CN_CHECK, K_BUILD_ONESHOT, K_N };
static const char *const kind_name[K_N] = {"build", "verify", "cn-check", "build-oneshot"};

static int one(bench_t *b, int kind, long i)
{
    switch (kind) {
    case K_BUILD:
        return build_bu(b, (uint16_t)i, false);
    case K_VERIFY:
        return verify_bu(b);
    case K_CN_CHECK:
        return cn_check_bu(b);
    default:
        return build_bu(b, (uint16_t)i, true);
    }
}

static double run_ns(bench_t *b, int kind, long iters)
{
    double t0 = now_ns();
    for (long i = 0; i < iters; i++) {
        if (one(b, kind, i) != 0) {
            fprintf(stderr, "wire_bench: %s failed\n", kind_name[kind]);
            exit(1);
        }
        b->sink += b->pkt[b->pkt_len - 1];
    }
    return (now_ns() - t0) / (double)iters;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, c = *(const double *)y;
    return (a > c) - (a < c);
}

/* The CN state of the §2 vectors, and Kbm derived from its tokens. */
static int setup(bench_t *b)
{
    static const uint8_t kcn[RR_KCN_LEN] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
                                            11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    static const uint8_t hn[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    static const uint8_t cn[8] = {0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18};
    net_addr_parse("2001:db8:a::100", &b->hoa);
    net_addr_parse("2001:db8:a2::100", &b->coa);
    net_addr_parse("2001:db8:b::200", &b->cn);
    gsl_rng *r = sim_rng_stream(1, 0, 0, 0);
    b->crypto = rr_crypto_create();
    b->cn_state = r ? rr_cn_create(r) : NULL;
    if (!b->crypto || !b->cn_state)
        return -1;
    rr_cn_set_kcn(b->cn_state, kcn);
    rr_cn_add_nonce(b->cn_state, 5, hn, 0);
    rr_cn_add_nonce(b->cn_state, 6, cn, 0);
    uint8_t ht[8], ct[8];
    rr_keygen_token(kcn, &b->hoa, hn, RR_HOME_TOKEN, ht);
    rr_keygen_token(kcn, &b->coa, cn, RR_CAREOF_TOKEN, ct);
    rr_kbm(ht, ct, b->kbm);
    return build_bu(b, 7, false);
}

int main(int argc, char **argv)
{
    long iters = argc > 1 ? atol(argv[1]) : 200000;
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    if (iters < 1 || runs < 1 || runs > 99) {
        fprintf(stderr, "usage: wire_bench [iters >= 1] [runs 1..99]\n");
        return 2;
    }
    bench_t b = {0};
    if (setup(&b)) {
        fprintf(stderr, "wire_bench: setup failed\n");
        return 1;
    }
    printf("wire_bench: %ld messages x %d runs, median ns/message (min..max)\n", iters, runs);
    for (int kind = 0; kind < K_N; kind++) {
        long n = kind == K_BUILD_ONESHOT ? iters / 4 + 1 : iters;
        double t[99];
        run_ns(&b, kind, n / 10 + 1); /* warm up */
        for (int r = 0; r < runs; r++)
            t[r] = run_ns(&b, kind, n);
        qsort(t, (size_t)runs, sizeof(t[0]), cmp_double);
        printf("  %-14s %8.1f ns  (%.1f..%.1f)\n", kind_name[kind], t[runs / 2], t[0], t[runs - 1]);
        if (kind == K_CN_CHECK)
            build_bu(&b, 7, false); /* verify paths leave the packet as built */
    }
    printf("  (checksum of outputs %u)\n", b.sink);
    rr_cn_destroy(b.cn_state);
    rr_crypto_destroy(b.crypto);
    return 0;
}
