/* models/mh.h - the Mobility Header (RFC 6275 §6.1, §6.2) as values and bytes.
 *
 * mh_msg_t is the parsed form of one Mobility Header message with its
 * mobility options. mh_encode() lays it out on the wire: common part,
 * message data, options with the alignment rules of §6.2 (Alternate CoA
 * 8n+6, Nonce Indices 2n, Binding Refresh Advice 2n, Binding Authorization
 * Data 8n+2 and always last), PadN/Pad1 as needed, total length a multiple
 * of 8, Header Len = len/8 - 1, Payload Proto 59. The checksum field is
 * written as 0: it needs the IPv6 pseudo-header, so pkt_build() fills it in
 * (see models/pkt.h). The authenticator inside a BAD option is copied from
 * the message: compute it with rr_authenticator() over the encoded bytes
 * (checksum 0, authenticator excluded), then write it at the offset
 * mh_auth_offset() returns.
 *
 * mh_parse() checks every length before reading a byte and never reads past
 * `len`: a malformed message gives a negative MH_E... code, never a crash.
 */
#ifndef MOBSIM_MODELS_MH_H
#define MOBSIM_MODELS_MH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/addr.h"

#define IPPROTO_MH_ 135 /* RFC 6275 §6.1.1: Next Header value of the MH */

/* MH Type (RFC 6275 §6.1.2 - §6.1.9; 11: Experimental, RFC 5096) */
enum mh_type {
    MH_BRR = 0,
    MH_HOTI = 1,
    MH_COTI = 2,
    MH_HOT = 3,
    MH_COT = 4,
    MH_BU = 5,
    MH_BA = 6,
    MH_BE = 7,
    MH_EXPERIMENTAL = 11,
};

/* BU flags (RFC 6275 §6.1.7) */
#define MH_BU_A 0x8000
#define MH_BU_H 0x4000
#define MH_BU_L 0x2000
#define MH_BU_K 0x1000
/* BA flags (§6.1.8) */
#define MH_BA_K 0x80

/* BA status (§6.1.8); < 128 accepted */
enum mh_ba_status {
    MH_BA_ACCEPTED = 0,
    MH_BA_ACCEPTED_PREFIX_DISCOVERY = 1,
    MH_BA_UNSPECIFIED = 128,
    MH_BA_PROHIBITED = 129,
    MH_BA_INSUFFICIENT_RESOURCES = 130,
    MH_BA_HOME_REG_NOT_SUPPORTED = 131,
    MH_BA_NOT_HOME_SUBNET = 132,
    MH_BA_NOT_HOME_AGENT = 133,
    MH_BA_DAD_FAILED = 134,
    MH_BA_SEQ_OUT_OF_WINDOW = 135,
    MH_BA_EXPIRED_HOME_NONCE = 136,
    MH_BA_EXPIRED_COA_NONCE = 137,
    MH_BA_EXPIRED_NONCES = 138,
    MH_BA_REG_TYPE_CHANGE = 139,
};

/* BE status (§6.1.9) */
enum mh_be_status {
    MH_BE_UNKNOWN_HAO = 1,
    MH_BE_UNKNOWN_MH_TYPE = 2,
};

/* Mobility option types (§6.2) */
enum mh_opt_type {
    MH_OPT_PAD1 = 0,
    MH_OPT_PADN = 1,
    MH_OPT_REFRESH = 2,
    MH_OPT_ALT_COA = 3,
    MH_OPT_NONCE_INDICES = 4,
    MH_OPT_BAD = 5,
};

#define MH_AUTH_LEN 12     /* BAD authenticator, 96 bits (§6.2.7) */
#define MH_TOKEN_LEN 8     /* keygen token, 64 bits (§5.2.5) */
#define MH_EXP_MAX 256     /* experimental message data kept at most */
#define MH_MAX_LEN 512     /* no message mobsim sends or accepts is longer */

typedef struct mh_msg {
    uint8_t type; /* enum mh_type */

    /* HoTI, CoTI, HoT, CoT */
    uint64_t cookie; /* init cookie, host order */
    uint16_t nonce_index;
    uint8_t keygen_token[MH_TOKEN_LEN];

    /* BU, BA */
    uint16_t seq;
    uint16_t bu_flags;   /* MH_BU_* */
    uint8_t ba_status;   /* enum mh_ba_status */
    uint8_t ba_flags;    /* MH_BA_K */
    uint16_t lifetime;   /* units of 4 s (§6.1.7, §6.1.8) */

    /* BE */
    uint8_t be_status;
    net_addr_t be_home;

    /* mobility options present in the message */
    bool has_refresh;
    uint16_t refresh; /* units of 4 s */
    bool has_alt_coa;
    net_addr_t alt_coa;
    bool has_nonce_indices;
    uint16_t home_nonce_index, coa_nonce_index;
    bool has_bad;
    uint8_t authenticator[MH_AUTH_LEN];

    /* Experimental Mobility Header (RFC 5096): message data after the
     * 6-byte common part, opaque here (the schemes define it) */
    uint8_t exp_data[MH_EXP_MAX];
    uint16_t exp_len;
} mh_msg_t;

/* Errors of mh_parse()/mh_encode() (negative return values). */
enum mh_err {
    MH_E_TRUNCATED = -1,     /* shorter than its fixed part or than Header Len says */
    MH_E_HDRLEN = -2,        /* Header Len below the type's minimum / not matching */
    MH_E_PAYLOAD_PROTO = -3, /* Payload Proto not 59 */
    MH_E_UNKNOWN_TYPE = -4,  /* MH Type unknown: answer with BE status 2 */
    MH_E_OPTION = -5,        /* option length wrong for its type, or overruns */
    MH_E_OPTION_ORDER = -6,  /* BAD not last, or a non-repeatable option repeated */
    MH_E_ALIGNMENT = -7,     /* option not at its required alignment */
    MH_E_NOSPACE = -8,       /* encode: buffer too small */
    MH_E_CHECKSUM = -9,      /* checksum mismatch (reported by pkt_parse) */
};

/* One line naming the error ("option BAD is not the last option"). */
const char *mh_strerror(int err);

/* Short name of a type ("BU", "HoTI", "MH-11" for unknown). */
const char *mh_type_name(int type);

/* Encodes m into buf (cap bytes) with checksum 0; sets *len. Returns 0 or
 * MH_E_NOSPACE. Options are emitted in the order ALT_COA, NONCE_INDICES,
 * REFRESH, BAD (BAD last), each padded to its alignment. */
int mh_encode(const mh_msg_t *m, uint8_t *buf, size_t cap, size_t *len);

/* Parses one MH of exactly len bytes into *m (zeroed first). Checks Payload
 * Proto, Header Len (minimum per type, and (hlen+1)*8 == len), every option's
 * length and alignment, BAD last. Does not check the checksum (that needs the
 * pseudo-header: pkt_parse() does it). Returns 0 or an MH_E_ code. */
int mh_parse(const uint8_t *buf, size_t len, mh_msg_t *m);

/* Offset of the authenticator inside an encoded MH with a BAD option, or -1.
 * The "MH Data" of §6.2.7 is bytes [0, offset) with checksum 0. */
int mh_auth_offset(const uint8_t *mh, size_t len);

/* RFC 6275 §6.1.1 checksum over the pseudo-header (src, dst, length, next
 * header 135) and the MH with its checksum field taken as 0. src is the home
 * address when a Home Address option is present, dst the RH2 home address
 * when a type 2 routing header is present. */
uint16_t mh_checksum(const uint8_t *mh, size_t len, const net_addr_t *src, const net_addr_t *dst);

/* RFC 6275 §9.5.1 sequence number window: true when seq is newer than last.
 * seq is "less than or equal to" last when it lies in last and the 32768
 * values before it, modulo 2^16 (so seq - last in 1..32767 is newer; equal
 * is not newer: a replay). A CN answers a BU that is not newer with BA
 * status 135 carrying last. */
bool mh_seq_newer(uint16_t seq, uint16_t last);

#endif /* MOBSIM_MODELS_MH_H */
