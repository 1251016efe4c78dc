/* models/rr.c - return routability crypto (RFC 6275 §5.2) on OpenSSL 3.
 *
 * OpenSSL 3.0 fetches an algorithm implementation on every one-shot call
 * (HMAC(), SHA1(), EVP_Q_mac()): about 1.1 us for an HMAC-SHA1 of 64 bytes
 * on the project machine, against about 0.4 us when the EVP_MAC and EVP_MD
 * are fetched once and their contexts reused. rr_crypto_t holds those
 * fetched objects; the free functions build one for the call, so both paths
 * share one implementation and give the same bytes.
 *
 * The CN's nonce table is a short array, newest last: nonces are made at most
 * every 30 s (a nonce with >= 210 s of its 240 s left is reused) and pruned
 * after 240 s, so it holds a handful of entries and a linear scan is right.
 */
#include "models/rr.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <stdlib.h>
#include <string.h>

#include "models/mh.h"

struct rr_crypto {
    EVP_MAC *hmac;
    EVP_MAC_CTX *mac_ctx; /* HMAC with digest SHA1 set once */
    EVP_MD *sha1;
    EVP_MD_CTX *md_ctx;
};

rr_crypto_t *rr_crypto_create(void)
{
    rr_crypto_t *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    c->sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
    if (!c->hmac || !c->sha1)
        goto out_free;
    c->mac_ctx = EVP_MAC_CTX_new(c->hmac);
    c->md_ctx = EVP_MD_CTX_new();
    if (!c->mac_ctx || !c->md_ctx)
        goto out_free;
    char digest[] = "SHA1";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    if (!EVP_MAC_CTX_set_params(c->mac_ctx, params))
        goto out_free;
    return c;
out_free:
    rr_crypto_destroy(c);
    return NULL;
}

void rr_crypto_destroy(rr_crypto_t *c)
{
    if (!c)
        return;
    EVP_MAC_CTX_free(c->mac_ctx);
    EVP_MAC_free(c->hmac);
    EVP_MD_CTX_free(c->md_ctx);
    EVP_MD_free(c->sha1);
    free(c);
}

/* One span of an HMAC input. */
typedef struct {
    const uint8_t *p;
    size_t n;
} rr_span_t;

/* First(outlen, HMAC_SHA1(key, spans...)) on ctx. A NULL key reuses the key
 * ctx already holds: OpenSSL then skips the key schedule (~0.1 us). */
static int hmac_sha1_on(EVP_MAC_CTX *ctx, const uint8_t *key, size_t keylen, const rr_span_t *spans,
                        size_t n_spans, uint8_t *out, size_t outlen)
{
    uint8_t mac[EVP_MAX_MD_SIZE];
    size_t maclen = 0;
    if (!EVP_MAC_init(ctx, key, keylen, NULL))
        goto out_fail;
    for (size_t i = 0; i < n_spans; i++)
        if (spans[i].n && !EVP_MAC_update(ctx, spans[i].p, spans[i].n))
            goto out_fail;
    if (!EVP_MAC_final(ctx, mac, &maclen, sizeof(mac)) || maclen < outlen)
        goto out_fail;
    memcpy(out, mac, outlen);
    return 0;
out_fail:
    memset(out, 0, outlen);
    return -SIM_ENOMEM;
}

static int hmac_sha1(rr_crypto_t *c, const uint8_t *key, size_t keylen, const rr_span_t *spans,
                     size_t n_spans, uint8_t *out, size_t outlen)
{
    return hmac_sha1_on(c->mac_ctx, key, keylen, spans, n_spans, out, outlen);
}

int rr_crypto_keygen_token(rr_crypto_t *c, const uint8_t kcn[RR_KCN_LEN], const net_addr_t *addr,
                           const uint8_t nonce[RR_NONCE_LEN], uint8_t which,
                           uint8_t out[RR_TOKEN_LEN])
{
    /* §5.2.5: First(64, HMAC_SHA1(Kcn, address | nonce | 0 or 1)), one octet */
    rr_span_t in[] = {{addr->b, 16}, {nonce, RR_NONCE_LEN}, {&which, 1}};
    return hmac_sha1(c, kcn, RR_KCN_LEN, in, 3, out, RR_TOKEN_LEN);
}

int rr_crypto_kbm(rr_crypto_t *c, const uint8_t home_token[RR_TOKEN_LEN],
                  const uint8_t *careof_token, uint8_t out[RR_KBM_LEN])
{
    /* §5.2.5: SHA1(home token | care-of token); §5.2.6: SHA1(home token)
     * when de-registering */
    unsigned int n = 0;
    if (!EVP_DigestInit_ex(c->md_ctx, c->sha1, NULL) ||
        !EVP_DigestUpdate(c->md_ctx, home_token, RR_TOKEN_LEN) ||
        (careof_token && !EVP_DigestUpdate(c->md_ctx, careof_token, RR_TOKEN_LEN)) ||
        !EVP_DigestFinal_ex(c->md_ctx, out, &n) || n != RR_KBM_LEN) {
        memset(out, 0, RR_KBM_LEN);
        return -SIM_ENOMEM;
    }
    return 0;
}

int rr_crypto_authenticator(rr_crypto_t *c, const uint8_t kbm[RR_KBM_LEN], const net_addr_t *careof,
                            const net_addr_t *correspondent, const uint8_t *mh_data,
                            size_t mh_data_len, uint8_t out[RR_AUTH_LEN])
{
    /* §6.2.7: First(96, HMAC_SHA1(Kbm, care-of address | correspondent | MH Data)) */
    rr_span_t in[] = {{careof->b, 16}, {correspondent->b, 16}, {mh_data, mh_data_len}};
    return hmac_sha1(c, kbm, RR_KBM_LEN, in, 3, out, RR_AUTH_LEN);
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
    if (hmac_sha1(c, kbm, RR_KBM_LEN, in, 5, auth, RR_AUTH_LEN))
        return false;
    return rr_auth_equal(auth, mh + off);
}

/* ---- free functions: one rr_crypto_t per call ---------------------------- */

void rr_keygen_token(const uint8_t kcn[RR_KCN_LEN], const net_addr_t *addr,
                     const uint8_t nonce[RR_NONCE_LEN], uint8_t which, uint8_t out[RR_TOKEN_LEN])
{
    rr_crypto_t *c = rr_crypto_create();
    if (!c || rr_crypto_keygen_token(c, kcn, addr, nonce, which, out))
        memset(out, 0, RR_TOKEN_LEN);
    rr_crypto_destroy(c);
}

void rr_kbm(const uint8_t home_token[RR_TOKEN_LEN], const uint8_t *careof_token,
            uint8_t out[RR_KBM_LEN])
{
    rr_crypto_t *c = rr_crypto_create();
    if (!c || rr_crypto_kbm(c, home_token, careof_token, out))
        memset(out, 0, RR_KBM_LEN);
    rr_crypto_destroy(c);
}

void rr_authenticator(const uint8_t kbm[RR_KBM_LEN], const net_addr_t *careof,
                      const net_addr_t *correspondent, const uint8_t *mh_data, size_t mh_data_len,
                      uint8_t out[RR_AUTH_LEN])
{
    rr_crypto_t *c = rr_crypto_create();
    if (!c || rr_crypto_authenticator(c, kbm, careof, correspondent, mh_data, mh_data_len, out))
        memset(out, 0, RR_AUTH_LEN);
    rr_crypto_destroy(c);
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
    bool owns_crypto;     /* else borrowed (rr_cn_create_shared) */
    EVP_MAC_CTX *kcn_mac; /* HMAC-SHA1 keyed with kcn: tokens skip the key schedule; NULL
                           * with shared contexts */
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

static int set_kcn(rr_cn_t *cn, const uint8_t kcn[RR_KCN_LEN])
{
    memcpy(cn->kcn, kcn, RR_KCN_LEN);
    if (!cn->kcn_mac)
        return 0;
    return EVP_MAC_init(cn->kcn_mac, cn->kcn, RR_KCN_LEN, NULL) ? 0 : -SIM_ENOMEM;
}

/* A keygen token under this CN's Kcn, on its pre-keyed context. */
static int cn_token(const rr_cn_t *cn, const net_addr_t *addr, const uint8_t nonce[RR_NONCE_LEN],
                    uint8_t which, uint8_t out[RR_TOKEN_LEN])
{
    rr_span_t in[] = {{addr->b, 16}, {nonce, RR_NONCE_LEN}, {&which, 1}};
    if (!cn->kcn_mac)
        return hmac_sha1(cn->crypto, cn->kcn, RR_KCN_LEN, in, 3, out, RR_TOKEN_LEN);
    return hmac_sha1_on(cn->kcn_mac, NULL, 0, in, 3, out, RR_TOKEN_LEN);
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
    if (!shared) {
        cn->kcn_mac = EVP_MAC_CTX_dup(cn->crypto->mac_ctx);
        if (!cn->kcn_mac)
            goto out_free;
    }
    uint8_t kcn[RR_KCN_LEN];
    draw_bytes(rng, kcn, RR_KCN_LEN); /* §5.2.1: Kcn, 20 random octets */
    if (set_kcn(cn, kcn))
        goto out_free;
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
    EVP_MAC_CTX_free(cn->kcn_mac);
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
    if (set_kcn(cn, kcn))
        memset(cn->kcn, 0, RR_KCN_LEN); /* OpenSSL failed: tokens will not verify */
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
    return cn_token(cn, addr, e->nonce, which, token);
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
        return cn_token(cn, addr, e->nonce, which, token) ? -1 : 0;
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
