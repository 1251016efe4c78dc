/* models/rr.h - return routability crypto (RFC 6275 §5.2), on OpenSSL's
 * libcrypto (HMAC-SHA1, SHA1); nothing hand-written.
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
#include <stdint.h>

#include "models/addr.h"
#include "sim/time.h"

#define RR_KCN_LEN 20
#define RR_NONCE_LEN 8
#define RR_TOKEN_LEN 8
#define RR_KBM_LEN 20
#define RR_AUTH_LEN 12
#define RR_MAX_NONCE_LIFETIME SIM_S(240) /* RFC 6275 §12 */
#define RR_MAX_TOKEN_LIFETIME SIM_S(210) /* RFC 6275 §12 */
#define RR_HOME_TOKEN 0
#define RR_CAREOF_TOKEN 1

void rr_keygen_token(const uint8_t kcn[RR_KCN_LEN], const net_addr_t *addr,
                     const uint8_t nonce[RR_NONCE_LEN], uint8_t which,
                     uint8_t out[RR_TOKEN_LEN]);

/* careof_token NULL gives the de-registration form SHA1(home token). */
void rr_kbm(const uint8_t home_token[RR_TOKEN_LEN], const uint8_t *careof_token,
            uint8_t out[RR_KBM_LEN]);

void rr_authenticator(const uint8_t kbm[RR_KBM_LEN], const net_addr_t *careof,
                      const net_addr_t *correspondent, const uint8_t *mh_data, size_t mh_data_len,
                      uint8_t out[RR_AUTH_LEN]);

/* Constant-time comparison of two authenticators (true when equal). */
bool rr_auth_equal(const uint8_t a[RR_AUTH_LEN], const uint8_t b[RR_AUTH_LEN]);

/* The correspondent's secret state. */
typedef struct rr_cn rr_cn_t;

/* Draws Kcn (20 bytes) from rng (borrowed, also used for later nonces; it
 * must outlive the object). NULL when out of memory. */
rr_cn_t *rr_cn_create(gsl_rng *rng);
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

/* For tests: installs a nonce with a given index, created at `created`. */
int rr_cn_add_nonce(rr_cn_t *cn, uint16_t index, const uint8_t nonce[RR_NONCE_LEN],
                    sim_time_t created);

#endif /* MOBSIM_MODELS_RR_H */
