/* models/rr.c - return routability crypto (RFC 6275 §5.2) on OpenSSL's SHA1.
 *
 * HMAC-SHA1 (RFC 2104) is built here on libcrypto's SHA1 block functions
 * (SHA1_Init/Update/Final), with the two padded key blocks absorbed once per
 * key: a key's HMAC state is two SHA_CTX (192 bytes), copied per MAC, so a
 * token or authenticator costs the message blocks and one outer block, no
 * key schedule. Why not EVP_MAC: OpenSSL 3.0's EVP layer loads and
 * initialises its providers on the first fetch, about 5 M instructions per
 * process (13 % of a whole `mobsim run fig1`), and every call goes through
 * the provider dispatch; the SHA1 block functions need no initialisation.
 * The bytes are those of EVP's HMAC-SHA1 (tests/models/test_rr.c checks them
 * against EVP_Q_mac and the PROTOCOL.md vectors). SHA1_Init and friends are
 * deprecated in OpenSSL 3.0 but present in every 3.x; the suppression below
 * is for this file only.
 *
 * The CN's nonce table is a short array, newest last: nonces are made at most
 * every 30 s (a nonce with >= 210 s of its 240 s left is reused) and pruned
 * after 240 s, so it holds a handful of entries and a linear scan is right.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "models/rr.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

#include "models/mh.h"

#define RR_SHA1_BLOCK 64 /* RFC 2104: B */
#define RR_SHA1_LEN   20 /* RFC 2104: L */

/* HMAC-SHA1 under one key: SHA1 after absorbing K ^ ipad, and K ^ opad. */
typedef struct {
    SHA_CTX inner, outer;
} rr_hmac_key_t;

/* rr_crypto_t remembers the last Kbm's HMAC state: a MN computes a BU's
 * authenticator and the CN of the same world checks it with the same Kbm. */
struct rr_crypto {
    bool has_kbm;
    uint8_t kbm[RR_KBM_LEN];
    rr_hmac_key_t kbm_key;
};

static void hmac_set_key(rr_hmac_key_t *k, const uint8_t *key, size_t keylen)
{
    uint8_t block[RR_SHA1_BLOCK] = {0}, pad[RR_SHA1_BLOCK];
    if (keylen > RR_SHA1_BLOCK) { /* RFC 2104 §2: a longer key is hashed first */
        SHA_CTX c;
        SHA1_Init(&c);
        SHA1_Update(&c, key, keylen);
        SHA1_Final(block, &c);
    } else if (keylen) {
        memcpy(block, key, keylen);
    }
    for (size_t i = 0; i < RR_SHA1_BLOCK; i++)
        pad[i] = block[i] ^ 0x36;
    SHA1_Init(&k->inner);
    SHA1_Update(&k->inner, pad, RR_SHA1_BLOCK);
    for (size_t i = 0; i < RR_SHA1_BLOCK; i++)
        pad[i] = block[i] ^ 0x5c;
    SHA1_Init(&k->outer);
    SHA1_Update(&k->outer, pad, RR_SHA1_BLOCK);
}

rr_crypto_t *rr_crypto_create(void)
{
    return calloc(1, sizeof(struct rr_crypto));
}

void rr_crypto_destroy(rr_crypto_t *c)
{
    free(c);
}

/* One span of an HMAC input. */
typedef struct {
    const uint8_t *p;
    size_t n;
} rr_span_t;

/* First(outlen, HMAC_SHA1(key, spans...)), outlen <= 20. */
static void hmac_sha1_on(const rr_hmac_key_t *k, const rr_span_t *spans, size_t n_spans,
                         uint8_t *out, size_t outlen)
{
    uint8_t md[RR_SHA1_LEN];
    SHA_CTX c = k->inner;
    for (size_t i = 0; i < n_spans; i++)
        if (spans[i].n)
            SHA1_Update(&c, spans[i].p, spans[i].n);
    SHA1_Final(md, &c);
    c = k->outer;
    SHA1_Update(&c, md, sizeof(md));
    SHA1_Final(md, &c);
    memcpy(out, md, outlen);
}

/* An HMAC under a Kbm, through c's one-key cache. */
static void hmac_sha1_kbm(rr_crypto_t *c, const uint8_t kbm[RR_KBM_LEN], const rr_span_t *spans,
                          size_t n_spans, uint8_t *out, size_t outlen)
{
    if (!c->has_kbm || memcmp(c->kbm, kbm, RR_KBM_LEN) != 0) {
        memcpy(c->kbm, kbm, RR_KBM_LEN);
        hmac_set_key(&c->kbm_key, kbm, RR_KBM_LEN);
        c->has_kbm = true;
    }
    hmac_sha1_on(&c->kbm_key, spans, n_spans, out, outlen);
}

int rr_crypto_keygen_token(rr_crypto_t *c, const uint8_t kcn[RR_KCN_LEN], const net_addr_t *addr,
                           const uint8_t nonce[RR_NONCE_LEN], uint8_t which,
                           uint8_t out[RR_TOKEN_LEN])
{
    (void)c;
    /* §5.2.5: First(64, HMAC_SHA1(Kcn, address | nonce | 0 or 1)), one octet */
    rr_span_t in[] = {{addr->b, 16}, {nonce, RR_NONCE_LEN}, {&which, 1}};
    rr_hmac_key_t k;
    hmac_set_key(&k, kcn, RR_KCN_LEN);
    hmac_sha1_on(&k, in, 3, out, RR_TOKEN_LEN);
    return 0;
}

int rr_crypto_kbm(rr_crypto_t *c, const uint8_t home_token[RR_TOKEN_LEN],
                  const uint8_t *careof_token, uint8_t out[RR_KBM_LEN])
{
    (void)c;
    /* §5.2.5: SHA1(home token | care-of token); §5.2.6: SHA1(home token)
     * when de-registering */
    SHA_CTX ctx;
    SHA1_Init(&ctx);
    SHA1_Update(&ctx, home_token, RR_TOKEN_LEN);
    if (careof_token)
        SHA1_Update(&ctx, careof_token, RR_TOKEN_LEN);
    SHA1_Final(out, &ctx);
    return 0;
}

int rr_crypto_authenticator(rr_crypto_t *c, const uint8_t kbm[RR_KBM_LEN], const net_addr_t *careof,
                            const net_addr_t *correspondent, const uint8_t *mh_data,
                            size_t mh_data_len, uint8_t out[RR_AUTH_LEN])
{
    /* §6.2.7: First(96, HMAC_SHA1(Kbm, care-of address | correspondent | MH Data)) */
    rr_span_t in[] = {{careof->b, 16}, {correspondent->b, 16}, {mh_data, mh_data_len}};
    hmac_sha1_kbm(c, kbm, in, 3, out, RR_AUTH_LEN);
    return 0;
}

bool rr_crypto_check_auth(rr_crypto_t *c, const uint8_t kbm[RR_KBM_LEN], const net_addr_t *careof,
                          const net_addr_t *correspondent, const uint8_t *mh, size_t len)
{
    int off = mh_auth_offset(mh, len);
    if (off < 8 || (size_t)off + RR_AUTH_LEN > len)
        return false;
    /* §6.2.7: MH Data as if the checksum (bytes 4-5) were zero, up to the
     * authenticator; fed in spans so the received packet is not copied */
    static const uint8_t zero_csum[2];
    rr_span_t in[] = {
        {careof->b, 16}, {correspondent->b, 16}, {mh, 4}, {zero_csum, 2}, {mh + 6, (size_t)off - 6},
    };
    uint8_t auth[RR_AUTH_LEN];
    hmac_sha1_kbm(c, kbm, in, 5, auth, RR_AUTH_LEN);
    return rr_auth_equal(auth, mh + off);
}

/* ---- free functions: a scratch rr_crypto_t on the stack ----------------- */

void rr_keygen_token(const uint8_t kcn[RR_KCN_LEN], const net_addr_t *addr,
                     const uint8_t nonce[RR_NONCE_LEN], uint8_t which, uint8_t out[RR_TOKEN_LEN])
{
    struct rr_crypto c = {0};
    rr_crypto_keygen_token(&c, kcn, addr, nonce, which, out);
}

void rr_kbm(const uint8_t home_token[RR_TOKEN_LEN], const uint8_t *careof_token,
            uint8_t out[RR_KBM_LEN])
{
    struct rr_crypto c = {0};
    rr_crypto_kbm(&c, home_token, careof_token, out);
}

void rr_authenticator(const uint8_t kbm[RR_KBM_LEN], const net_addr_t *careof,
                      const net_addr_t *correspondent, const uint8_t *mh_data, size_t mh_data_len,
                      uint8_t out[RR_AUTH_LEN])
{
    struct rr_crypto c = {0};
    rr_crypto_authenticator(&c, kbm, careof, correspondent, mh_data, mh_data_len, out);
}

bool rr_auth_equal(const uint8_t a[RR_AUTH_LEN], const uint8_t b[RR_AUTH_LEN])
{
    return CRYPTO_memcmp(a, b, RR_AUTH_LEN) == 0;
}

/* ---- the correspondent's state ------------------------------------------ */

typedef struct {
    uint16_t index;
    uint8_t nonce[RR_NONCE_LEN];
    sim_time_t created;
} rr_nonce_t;

struct rr_cn {
    gsl_rng *rng; /* borrowed */
    rr_crypto_t *crypto;
    bool owns_crypto;      /* else borrowed (rr_cn_create_shared) */
    rr_hmac_key_t kcn_key; /* HMAC-SHA1 keyed with kcn: tokens skip the key schedule */
    uint8_t kcn[RR_KCN_LEN];
    rr_nonce_t *nonces; /* oldest first */
    size_t n_nonces, cap_nonces;
};

#define RR_FIRST_NONCE_INDEX 1

static void draw_bytes(gsl_rng *rng, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)gsl_rng_uniform_int(rng, 256);
}

static void set_kcn(rr_cn_t *cn, const uint8_t kcn[RR_KCN_LEN])
{
    memcpy(cn->kcn, kcn, RR_KCN_LEN);
    hmac_set_key(&cn->kcn_key, cn->kcn, RR_KCN_LEN);
}

/* A keygen token under this CN's Kcn, on its pre-keyed state. */
static void cn_token(const rr_cn_t *cn, const net_addr_t *addr, const uint8_t nonce[RR_NONCE_LEN],
                     uint8_t which, uint8_t out[RR_TOKEN_LEN])
{
    rr_span_t in[] = {{addr->b, 16}, {nonce, RR_NONCE_LEN}, {&which, 1}};
    hmac_sha1_on(&cn->kcn_key, in, 3, out, RR_TOKEN_LEN);
}

static rr_cn_t *cn_create(gsl_rng *rng, rr_crypto_t *shared)
{
    rr_cn_t *cn = calloc(1, sizeof(*cn));
    if (!cn)
        return NULL;
    cn->rng = rng;
    cn->crypto = shared ? shared : rr_crypto_create();
    cn->owns_crypto = !shared;
    if (!cn->crypto)
        goto out_free;
    uint8_t kcn[RR_KCN_LEN];
    draw_bytes(rng, kcn, RR_KCN_LEN); /* §5.2.1: Kcn, 20 random octets */
    set_kcn(cn, kcn);
    return cn;
out_free:
    rr_cn_destroy(cn);
    return NULL;
}

rr_cn_t *rr_cn_create(gsl_rng *rng)
{
    return cn_create(rng, NULL);
}

rr_cn_t *rr_cn_create_shared(gsl_rng *rng, rr_crypto_t *crypto)
{
    return crypto ? cn_create(rng, crypto) : NULL;
}

void rr_cn_destroy(rr_cn_t *cn)
{
    if (!cn)
        return;
    if (cn->owns_crypto)
        rr_crypto_destroy(cn->crypto);
    free(cn->nonces);
    free(cn);
}

const uint8_t *rr_cn_kcn(const rr_cn_t *cn)
{
    return cn->kcn;
}

void rr_cn_set_kcn(rr_cn_t *cn, const uint8_t kcn[RR_KCN_LEN])
{
    set_kcn(cn, kcn);
}

rr_crypto_t *rr_cn_crypto(const rr_cn_t *cn)
{
    return cn->crypto;
}

/* A nonce is valid from its creation for MAX_NONCE_LIFETIME, inclusive. */
static bool nonce_valid(const rr_nonce_t *e, sim_time_t now)
{
    return now >= e->created && now - e->created <= RR_MAX_NONCE_LIFETIME;
}

/* Drops nonces that expired by now (they are oldest first). */
static void prune(rr_cn_t *cn, sim_time_t now)
{
    size_t k = 0;
    while (k < cn->n_nonces && now - cn->nonces[k].created > RR_MAX_NONCE_LIFETIME)
        k++;
    if (k) {
        memmove(cn->nonces, cn->nonces + k, (cn->n_nonces - k) * sizeof(*cn->nonces));
        cn->n_nonces -= k;
    }
}

static int push_nonce(rr_cn_t *cn, uint16_t index, const uint8_t nonce[RR_NONCE_LEN],
                      sim_time_t created)
{
    if (cn->n_nonces == cn->cap_nonces) {
        /* 2 first: a run of minutes holds one or two (at most 9 over 240 s) */
        size_t cap = cn->cap_nonces ? 2 * cn->cap_nonces : 2;
        rr_nonce_t *p = realloc(cn->nonces, cap * sizeof(*p));
        if (!p)
            return -SIM_ENOMEM;
        cn->nonces = p;
        cn->cap_nonces = cap;
    }
    rr_nonce_t *e = &cn->nonces[cn->n_nonces++];
    e->index = index;
    memcpy(e->nonce, nonce, RR_NONCE_LEN);
    e->created = created;
    return 0;
}

int rr_cn_add_nonce(rr_cn_t *cn, uint16_t index, const uint8_t nonce[RR_NONCE_LEN],
                    sim_time_t created)
{
    return push_nonce(cn, index, nonce, created);
}

/* The nonce to issue tokens from at now: the newest if it still has
 * MAX_TOKEN_LIFETIME of its MAX_NONCE_LIFETIME left (UMIP keygen.c), so a
 * token is verifiable for all of its 210 s; else a new one. */
static const rr_nonce_t *current_nonce(rr_cn_t *cn, sim_time_t now, int *rc)
{
    *rc = 0;
    prune(cn, now);
    if (cn->n_nonces) {
        const rr_nonce_t *e = &cn->nonces[cn->n_nonces - 1];
        if (now >= e->created && now - e->created <= RR_MAX_NONCE_LIFETIME - RR_MAX_TOKEN_LIFETIME)
            return e;
    }
    uint16_t index =
        cn->n_nonces ? (uint16_t)(cn->nonces[cn->n_nonces - 1].index + 1) : RR_FIRST_NONCE_INDEX;
    uint8_t nonce[RR_NONCE_LEN];
    draw_bytes(cn->rng, nonce, RR_NONCE_LEN); /* §5.2.2: 64-bit nonce */
    *rc = push_nonce(cn, index, nonce, now);
    return *rc ? NULL : &cn->nonces[cn->n_nonces - 1];
}

int rr_cn_issue_token(rr_cn_t *cn, sim_time_t now, const net_addr_t *addr, uint8_t which,
                      uint16_t *nonce_index, uint8_t token[RR_TOKEN_LEN])
{
    int rc;
    const rr_nonce_t *e = current_nonce(cn, now, &rc);
    if (!e)
        return rc;
    *nonce_index = e->index;
    cn_token(cn, addr, e->nonce, which, token);
    return 0;
}

int rr_cn_token_for(const rr_cn_t *cn, sim_time_t now, const net_addr_t *addr, uint8_t which,
                    uint16_t nonce_index, uint8_t token[RR_TOKEN_LEN])
{
    for (size_t i = cn->n_nonces; i-- > 0;) {
        const rr_nonce_t *e = &cn->nonces[i];
        if (e->index != nonce_index)
            continue;
        if (!nonce_valid(e, now))
            return -1;
        cn_token(cn, addr, e->nonce, which, token);
        return 0;
    }
    return -1;
}

int rr_cn_check_bu(const rr_cn_t *cn, sim_time_t now, const net_addr_t *hoa,
                   const net_addr_t *careof, const net_addr_t *correspondent,
                   uint16_t home_nonce_index, uint16_t careof_nonce_index, const uint8_t *mh,
                   size_t len, uint8_t kbm[RR_KBM_LEN])
{
    bool dereg = net_addr_eq(careof, hoa); /* §5.2.6: home token only */
    uint8_t home_token[RR_TOKEN_LEN], careof_token[RR_TOKEN_LEN], k[RR_KBM_LEN];
    bool home_ok = rr_cn_token_for(cn, now, hoa, RR_HOME_TOKEN, home_nonce_index, home_token) == 0;
    bool careof_ok = dereg || rr_cn_token_for(cn, now, careof, RR_CAREOF_TOKEN, careof_nonce_index,
                                              careof_token) == 0;
    /* §9.5.1: expired nonce indices answer with status 136/137/138 */
    if (!home_ok && !careof_ok)
        return RR_BU_EXPIRED_BOTH;
    if (!home_ok)
        return RR_BU_EXPIRED_HOME;
    if (!careof_ok)
        return RR_BU_EXPIRED_CAREOF;
    if (rr_crypto_kbm(cn->crypto, home_token, dereg ? NULL : careof_token, k))
        return -SIM_ENOMEM;
    if (!rr_crypto_check_auth(cn->crypto, k, careof, correspondent, mh, len))
        return RR_BU_BAD_AUTH;
    if (kbm)
        memcpy(kbm, k, RR_KBM_LEN);
    return RR_BU_AUTHENTIC;
}
