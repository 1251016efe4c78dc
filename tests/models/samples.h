/* tests/models/samples.h - the reference packets of PROTOCOL.md §1.5 and one
 * packet of every kind mobsim puts on a link, built through the real
 * encoders (mh_encode, rr_*, pkt_build). Shared by the wire-format suites,
 * the tshark integration test and the fuzz corpus generator.
 *
 * Addresses (PROTOCOL.md §1.5): MN HoA 2001:db8:a::100, CoA 2001:db8:a2::100,
 * HA 2001:db8:a::1, CN 2001:db8:b::200, the foreign AR 2001:db8:a2::1.
 * RR values (PROTOCOL.md §2): Kcn = 01..14, home nonce 0102..08 (index 5),
 * care-of nonce 1112..18 (index 6), cookies a1..a8 / c1..c8.
 */
#ifndef MOBSIM_TESTS_MODELS_SAMPLES_H
#define MOBSIM_TESTS_MODELS_SAMPLES_H

#include <stddef.h>
#include <stdint.h>

#include "models/addr.h"
#include "models/mh.h"
#include "models/pkt.h"
#include "models/rr.h"

typedef struct sample_addrs {
    net_addr_t hoa, coa, ha, cn, ar;
} sample_addrs_t;

/* The §1.5 addresses. */
sample_addrs_t sample_addrs(void);

extern const uint8_t sample_kcn[RR_KCN_LEN];
extern const uint8_t sample_home_nonce[RR_NONCE_LEN];
extern const uint8_t sample_careof_nonce[RR_NONCE_LEN];
#define SAMPLE_HOME_COOKIE UINT64_C(0xa1a2a3a4a5a6a7a8)
#define SAMPLE_CAREOF_COOKIE UINT64_C(0xc1c2c3c4c5c6c7c8)
#define SAMPLE_HOME_NONCE_INDEX 5
#define SAMPLE_CAREOF_NONCE_INDEX 6
#define SAMPLE_BU_SEQ 7
#define SAMPLE_BU_LIFETIME 105 /* 420 s */
#define SAMPLE_UDP_SPORT 40000 /* not 5000/5001: tshark would call it TAPA */
#define SAMPLE_UDP_DPORT 40001

/* Kbm of the §2 vectors (registration form). */
void sample_kbm(uint8_t kbm[RR_KBM_LEN]);

/* Encodes m, fills its authenticator over careof | correspondent when it has
 * BAD, and builds the packet described by d with it as payload. Returns 0 or
 * a PKT_E/MH_E code. */
int sample_build_mh(mh_msg_t *m, const uint8_t kbm[RR_KBM_LEN], const net_addr_t *careof,
                    const net_addr_t *correspondent, pkt_desc_t *d, uint8_t *buf, size_t cap,
                    size_t *len);

enum sample_id {
    SAMPLE_BRR,
    SAMPLE_HOTI_TUNNELED, /* outer CoA -> HA, inner HoA -> CN */
    SAMPLE_COTI,
    SAMPLE_HOT,
    SAMPLE_COT,
    SAMPLE_BU_CN,         /* §1.5 reference BU: HAO + Nonce Indices + BAD */
    SAMPLE_BA_CN,         /* §1.5 reference BA: RH2 + PadN + BAD */
    SAMPLE_BE,            /* status 1, CN -> CoA */
    SAMPLE_UDP_RH2,       /* CN -> CoA, RH2 HoA */
    SAMPLE_UDP_HAO,       /* CoA -> CN, HAO HoA */
    SAMPLE_ICMP_UNREACH,  /* AR -> CN, about SAMPLE_UDP_RH2 */
    SAMPLE_EXPERIMENTAL,  /* MH type 11, HoA -> CN */
    SAMPLE_BU_HOME,       /* CoA -> HA: H, A, HAO, Alternate CoA */
    SAMPLE_BA_HOME,       /* HA -> CoA: RH2, Binding Refresh Advice */
    SAMPLE_HOT_TUNNELED,  /* outer HA -> CoA, inner CN -> HoA */
    SAMPLE_N
};

/* Builds sample id into buf. Returns 0, or a PKT_E/MH_E code. */
int sample_build(int id, uint8_t *buf, size_t cap, size_t *len);

/* Short name of a sample ("BU-CN"). */
const char *sample_name(int id);

#endif
