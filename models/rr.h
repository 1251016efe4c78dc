/* models/rr.h - return routability crypto (RFC 6275 §5.2), on OpenSSL's
 * libcrypto SHA1 (HMAC-SHA1 of RFC 2104 composed on it in rr.c).
 *
 *   home keygen token    = First(64, HMAC_SHA1(Kcn, home address | nonce | 0))
 *   care-of keygen token = First(64, HMAC_SHA1(Kcn, care-of address | nonce | 1))
 *   Kbm                  = SHA1(home token | care-of token)     (registration)
 *                        = SHA1(home token)                     (de-registration)
 *   authenticator        = First(96, HMAC_SHA1(Kbm, care-of address |
 *                                   correspondent | MH Data))
 * where the final 0/1 of a token is one octet and MH Data is the MH with
 * checksum 0 up to, not including, the authenticator.
 *
 * The correspondent side keeps Kcn and a table of nonces with 16-bit
 * indices: a nonce is valid MAX_NONCE_LIFETIME (240 s) from its creation; a
 * token is issued only from a nonce with at least MAX_TOKEN_LIFETIME (210 s)
 * of life left, else a fresh nonce (next index) is made. Kcn and nonces are
 * drawn from the run's RNG stream, so runs are reproducible.
 */
#ifndef MOBSIM_MODELS_RR_H
#define MOBSIM_MODELS_RR_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/addr.h"
#include "sim/time.h"

#define RR_KCN_LEN            20
#define RR_NONCE_LEN          8
#define RR_TOKEN_LEN          8
#define RR_KBM_LEN            20
#define RR_AUTH_LEN           12
#define RR_MAX_NONCE_LIFETIME SIM_S(240) /* RFC 6275 §12 */
#define RR_MAX_TOKEN_LIFETIME SIM_S(210) /* RFC 6275 §12 */
#define RR_HOME_TOKEN         0
#define RR_CAREOF_TOKEN       1

/* HMAC-SHA1 and SHA1 on libcrypto's SHA1 block functions (no EVP provider
 * initialisation, rr.c says why); the bytes are EVP's. The free functions
 * below key their HMAC on every call (two SHA1 blocks); code on a hot path
 * (a CN issuing tokens, verifying BUs; a MN building them) goes through an
 * rr_cn_t, keyed once with Kcn, and an rr_crypto_t, which keeps the last
 * Kbm's keyed state. */
void rr_keygen_token(const uint8_t kcn[RR_KCN_LEN], const net_addr_t *addr,
                     const uint8_t nonce[RR_NONCE_LEN], uint8_t which, uint8_t out[RR_TOKEN_LEN]);

/* careof_token NULL gives the de-registration form SHA1(home token). */
void rr_kbm(const uint8_t home_token[RR_TOKEN_LEN], const uint8_t *careof_token,
            uint8_t out[RR_KBM_LEN]);

void rr_authenticator(const uint8_t kbm[RR_KBM_LEN], const net_addr_t *careof,
                      const net_addr_t *correspondent, const uint8_t *mh_data, size_t mh_data_len,
                      uint8_t out[RR_AUTH_LEN]);

/* Constant-time comparison of two authenticators (true when equal). */
bool rr_auth_equal(const uint8_t a[RR_AUTH_LEN], const uint8_t b[RR_AUTH_LEN]);

/* Scratch state for one thread, like a sim_t (the last Kbm's keyed HMAC,
 * about 220 bytes). Not shared between threads. */
typedef struct rr_crypto rr_crypto_t;

/* NULL when out of memory. */
rr_crypto_t *rr_crypto_create(void);
void rr_crypto_destroy(rr_crypto_t *c); /* NULL is a no-op */

/* As the free functions above, through c. Return 0 (the int return is
 * kept for callers that checked OpenSSL failures, which cannot occur now). */
int rr_crypto_keygen_token(rr_crypto_t *c, const uint8_t kcn[RR_KCN_LEN], const net_addr_t *addr,
                           const uint8_t nonce[RR_NONCE_LEN], uint8_t which,
                           uint8_t out[RR_TOKEN_LEN]);
int rr_crypto_kbm(rr_crypto_t *c, const uint8_t home_token[RR_TOKEN_LEN],
                  const uint8_t *careof_token, uint8_t out[RR_KBM_LEN]);
int rr_crypto_authenticator(rr_crypto_t *c, const uint8_t kbm[RR_KBM_LEN], const net_addr_t *careof,
                            const net_addr_t *correspondent, const uint8_t *mh_data,
                            size_t mh_data_len, uint8_t out[RR_AUTH_LEN]);

/* Checks the Binding Authorization Data of a received MH (mh, len: the
 * whole Mobility Header as on the wire, checksum as received): recomputes
 * the authenticator over bytes [0, mh_auth_offset()) with the checksum
 * taken as 0 and compares in constant time. false when the MH has no BAD
 * option, is malformed, or the authenticator differs. */
bool rr_crypto_check_auth(rr_crypto_t *c, const uint8_t kbm[RR_KBM_LEN], const net_addr_t *careof,
                          const net_addr_t *correspondent, const uint8_t *mh, size_t len);

/* The correspondent's secret state. */
typedef struct rr_cn rr_cn_t;

/* Draws Kcn (20 bytes) from rng (borrowed, also used for later nonces; it
 * must outlive the object). NULL when out of memory. The object keeps Kcn's
 * keyed HMAC state (192 bytes), so issuing a token costs no key schedule,
 * and owns its rr_crypto_t. */
rr_cn_t *rr_cn_create(gsl_rng *rng);

/* rr_cn_create() on a borrowed rr_crypto_t (crypto must outlive the object,
 * and is shared by every correspondent of a world: one thread). Results are
 * the same bytes. NULL when crypto is NULL or out of memory. */
rr_cn_t *rr_cn_create_shared(gsl_rng *rng, rr_crypto_t *crypto);
void rr_cn_destroy(rr_cn_t *cn); /* NULL is a no-op */

/* Kcn itself (tests, traces). */
const uint8_t *rr_cn_kcn(const rr_cn_t *cn);

/* For tests and vectors: replace Kcn. */
void rr_cn_set_kcn(rr_cn_t *cn, const uint8_t kcn[RR_KCN_LEN]);

/* Issues a token for addr at time now: picks the current nonce if it has
 * >= 210 s left, else creates the next one; writes its index and the token.
 * Returns 0, or -SIM_ENOMEM. */
int rr_cn_issue_token(rr_cn_t *cn, sim_time_t now, const net_addr_t *addr, uint8_t which,
                      uint16_t *nonce_index, uint8_t token[RR_TOKEN_LEN]);

/* Recomputes the token of a BU's nonce index: 0 and the token when the index
 * names a nonce still valid at now (created <= 240 s ago), -1 otherwise
 * (unknown or expired: BA status 136/137/138). */
int rr_cn_token_for(const rr_cn_t *cn, sim_time_t now, const net_addr_t *addr, uint8_t which,
                    uint16_t nonce_index, uint8_t token[RR_TOKEN_LEN]);

/* For tests: installs a nonce with a given index, created at `created`; it
 * becomes the current nonce and later ones take the following indices.
 * Returns 0, or -SIM_ENOMEM. */
int rr_cn_add_nonce(rr_cn_t *cn, uint16_t index, const uint8_t nonce[RR_NONCE_LEN],
                    sim_time_t created);

/* The object's cached contexts (owned by cn, valid until rr_cn_destroy), so
 * the CN role computes Kbm and authenticators without fetching again. */
rr_crypto_t *rr_cn_crypto(const rr_cn_t *cn);

/* Outcome of rr_cn_check_bu() (the RR part of RFC 6275 §9.5.1). */
enum rr_bu_check {
    RR_BU_AUTHENTIC = 0,        /* nonces valid, authenticator right: go on (seq, flags) */
    RR_BU_BAD_AUTH = -1,        /* authenticator wrong or BAD missing: drop silently */
    RR_BU_EXPIRED_HOME = 136,   /* BA status 136 (MH_BA_EXPIRED_HOME_NONCE), no BAD */
    RR_BU_EXPIRED_CAREOF = 137, /* BA status 137 */
    RR_BU_EXPIRED_BOTH = 138,   /* BA status 138 */
};

/* Checks a correspondent BU at time now: the nonce indices name nonces still
 * valid (rr_cn_token_for), then Kbm from the recomputed tokens (the
 * de-registration form when careof equals hoa: home token only, care-of
 * nonce index ignored, RFC 6275 §5.2.6), then the authenticator over
 * careof | correspondent | MH (rr_crypto_check_auth). hoa is the home
 * address (HAO), careof the address to bind (IPv6 source or Alternate CoA;
 * the HoA for a de-registration), correspondent the CN address the BU was
 * sent to; mh/len the whole MH as received. On RR_BU_AUTHENTIC, kbm (may be
 * NULL) receives Kbm for authenticating the BA. Returns an enum rr_bu_check
 * value, or -SIM_ENOMEM (an OpenSSL failure; treat as a drop). */
int rr_cn_check_bu(const rr_cn_t *cn, sim_time_t now, const net_addr_t *hoa,
                   const net_addr_t *careof, const net_addr_t *correspondent,
                   uint16_t home_nonce_index, uint16_t careof_nonce_index, const uint8_t *mh,
                   size_t len, uint8_t kbm[RR_KBM_LEN]);

#endif /* MOBSIM_MODELS_RR_H */
