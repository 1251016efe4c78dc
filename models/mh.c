/* models/mh.c - Mobility Header encode, parse, checksum (RFC 6275 §6.1, §6.2).
 *
 * The parser reads through (buf, len) with every access after a length
 * check, the shape of cJSON's parse buffer; the option rules (per-type
 * length, no repeats, BAD last, alignment written as the RFC writes it, 8n+6)
 * follow UMIP's mh_opt_parse. Unknown option types are skipped (§6.2.1).
 */
#include "models/mh.h"

#include <string.h>

#include "models/wire.h"

/* RFC 6275 §6.1.1: common part, Payload Proto .. Checksum */
#define MH_COMMON_LEN    6
#define MH_OFF_PROTO     0
#define MH_OFF_HLEN      1
#define MH_OFF_TYPE      2
#define MH_OFF_RESERVED  3
#define MH_OFF_CSUM      4
#define MH_PAYLOAD_PROTO 59 /* IPPROTO_NONE, §6.1.1 */

/* Option body lengths (RFC 6275 §6.2.4 - §6.2.7; BAD in its RR form) */
#define MH_OPT_REFRESH_LEN       2
#define MH_OPT_ALT_COA_LEN       16
#define MH_OPT_NONCE_INDICES_LEN 4
#define MH_OPT_BAD_LEN           MH_AUTH_LEN

/* Alignment xn+y of an option's Type byte, counted from the start of the MH
 * (RFC 6275 §6.2). */
typedef struct {
    uint8_t x, y;
} mh_align_t;

/* Body length and alignment of each known option (not Pad1/PadN). */
static const struct {
    uint8_t len;
    mh_align_t align;
} opt_rules[] = {
    [MH_OPT_REFRESH] = {MH_OPT_REFRESH_LEN, {2, 0}},             /* 2n, §6.2.4 */
    [MH_OPT_ALT_COA] = {MH_OPT_ALT_COA_LEN, {8, 6}},             /* 8n+6, §6.2.5 */
    [MH_OPT_NONCE_INDICES] = {MH_OPT_NONCE_INDICES_LEN, {2, 0}}, /* 2n, §6.2.6 */
    [MH_OPT_BAD] = {MH_OPT_BAD_LEN, {8, 2}},                     /* 8n+2, §6.2.7 */
};

/* Length of the fixed message data (common part included) of each known
 * type, which is also its minimum length rounded up to 8 by Header Len
 * (RFC 6275 §6.1.2 - §6.1.9); 0 for an unknown type. */
static size_t fixed_len(int type)
{
    switch (type) {
    case MH_BRR:
        return 8; /* §6.1.2: Reserved 16 */
    case MH_HOTI:
    case MH_COTI:
        return 16; /* §6.1.3, §6.1.4: Reserved 16, cookie 64 */
    case MH_HOT:
    case MH_COT:
        return 24; /* §6.1.5, §6.1.6: nonce index 16, cookie 64, token 64 */
    case MH_BU:
    case MH_BA:
        return 12; /* §6.1.7, §6.1.8: 3 x 16 bits */
    case MH_BE:
        return 24; /* §6.1.9: status, reserved, home address */
    case MH_EXPERIMENTAL:
        return MH_COMMON_LEN; /* RFC 5096 §3: opaque message data */
    default:
        return 0;
    }
}

const char *mh_strerror(int err)
{
    switch (err) {
    case 0:
        return "ok";
    case MH_E_TRUNCATED:
        return "Mobility Header truncated";
    case MH_E_HDRLEN:
        return "Mobility Header Len wrong for the message";
    case MH_E_PAYLOAD_PROTO:
        return "Mobility Header Payload Proto is not 59";
    case MH_E_UNKNOWN_TYPE:
        return "unknown MH Type";
    case MH_E_OPTION:
        return "mobility option length wrong or overruns the header";
    case MH_E_OPTION_ORDER:
        return "mobility option after Binding Authorization Data, or repeated";
    case MH_E_ALIGNMENT:
        return "mobility option not at its required alignment";
    case MH_E_NOSPACE:
        return "buffer too small for the Mobility Header";
    case MH_E_CHECKSUM:
        return "Mobility Header checksum wrong";
    default:
        return "unknown Mobility Header error";
    }
}

const char *mh_type_name(int type)
{
    static const char *const names[] = {"BRR", "HoTI", "CoTI", "HoT", "CoT", "BU", "BA", "BE"};
    static const char *const others[] = {
        "MH-8",  "MH-9",  "MH-10", "MH-EXP", "MH-12", "MH-13", "MH-14",
        "MH-15", "MH-16", "MH-17", "MH-18",  "MH-19", "MH-20",
    };
    if (type >= 0 && type < (int)(sizeof(names) / sizeof(names[0])))
        return names[type];
    if (type >= 8 && type < 8 + (int)(sizeof(others) / sizeof(others[0])))
        return others[type - 8];
    return "MH-?";
}

bool mh_seq_newer(uint16_t seq, uint16_t last)
{
    /* RFC 6275 §9.5.1: seq is "less than or equal to" last when it lies in
     * last and the 32768 values before it (mod 2^16); newer otherwise. */
    uint16_t ahead = (uint16_t)(seq - last);
    return ahead >= 1 && ahead <= 32767;
}

/* ---- encoding ---------------------------------------------------------- */

typedef struct {
    uint8_t *buf;
    size_t cap, off;
    bool overflow;
} mh_writer_t;

static uint8_t *take(mh_writer_t *w, size_t n)
{
    if (w->overflow || n > w->cap - w->off) {
        w->overflow = true;
        return NULL;
    }
    uint8_t *p = w->buf + w->off;
    w->off += n;
    return p;
}

/* Pads with Pad1 or PadN (RFC 6275 §6.2.2, §6.2.3) up to n bytes. */
static void put_pad(mh_writer_t *w, size_t n)
{
    uint8_t *p = take(w, n);
    if (!p || n == 0)
        return;
    memset(p, 0, n);
    if (n >= 2) {
        p[0] = MH_OPT_PADN;
        p[1] = (uint8_t)(n - 2);
    } /* n == 1: a single zero byte is Pad1 */
}

static void pad_to(mh_writer_t *w, mh_align_t a)
{
    size_t r = w->off % a.x;
    put_pad(w, (a.y + a.x - r) % a.x);
}

/* Pads to the option's alignment, writes Type and Length; returns its body. */
static uint8_t *put_option(mh_writer_t *w, uint8_t type)
{
    pad_to(w, opt_rules[type].align);
    uint8_t *p = take(w, 2u + opt_rules[type].len);
    if (!p)
        return NULL;
    p[0] = type;
    p[1] = opt_rules[type].len;
    return p + 2;
}

static void put_fixed(const mh_msg_t *m, uint8_t *p)
{
    switch (m->type) {
    case MH_HOTI:
    case MH_COTI:
        put_be64(p + 8, m->cookie);
        break;
    case MH_HOT:
    case MH_COT:
        put_be16(p + 6, m->nonce_index);
        put_be64(p + 8, m->cookie);
        memcpy(p + 16, m->keygen_token, MH_TOKEN_LEN);
        break;
    case MH_BU:
        put_be16(p + 6, m->seq);
        put_be16(p + 8, m->bu_flags);
        put_be16(p + 10, m->lifetime);
        break;
    case MH_BA:
        p[6] = m->ba_status;
        p[7] = m->ba_flags;
        put_be16(p + 8, m->seq);
        put_be16(p + 10, m->lifetime);
        break;
    case MH_BE:
        p[6] = m->be_status;
        memcpy(p + 8, m->be_home.b, 16);
        break;
    default: /* BRR: reserved; experimental: copied by the caller */
        break;
    }
}

static void put_options(const mh_msg_t *m, mh_writer_t *w)
{
    uint8_t *p;
    if (m->has_alt_coa && (p = put_option(w, MH_OPT_ALT_COA)))
        memcpy(p, m->alt_coa.b, 16);
    if (m->has_nonce_indices && (p = put_option(w, MH_OPT_NONCE_INDICES))) {
        put_be16(p, m->home_nonce_index);
        put_be16(p + 2, m->coa_nonce_index);
    }
    if (m->has_refresh && (p = put_option(w, MH_OPT_REFRESH)))
        put_be16(p, m->refresh);
    if (m->has_bad && (p = put_option(w, MH_OPT_BAD))) /* §6.2.7: always last */
        memcpy(p, m->authenticator, MH_AUTH_LEN);
}

int mh_encode(const mh_msg_t *m, uint8_t *buf, size_t cap, size_t *len)
{
    size_t fixed = fixed_len(m->type);
    if (fixed == 0 || (m->type == MH_EXPERIMENTAL && m->exp_len > MH_EXP_MAX))
        return MH_E_UNKNOWN_TYPE;
    mh_writer_t w = {buf, cap, 0, false};
    uint8_t *p = take(&w, fixed);
    if (!p)
        return MH_E_NOSPACE;
    memset(p, 0, fixed);
    p[MH_OFF_PROTO] = MH_PAYLOAD_PROTO;
    p[MH_OFF_TYPE] = m->type;
    put_fixed(m, p);
    if (m->type == MH_EXPERIMENTAL) {
        /* RFC 5096: message data is opaque; no options */
        uint8_t *d = take(&w, m->exp_len);
        if (d)
            memcpy(d, m->exp_data, m->exp_len);
    } else {
        put_options(m, &w);
    }
    pad_to(&w, (mh_align_t){8, 0}); /* §6.1.1: a multiple of 8 octets */
    if (w.overflow)
        return MH_E_NOSPACE;
    buf[MH_OFF_HLEN] = (uint8_t)(w.off / 8 - 1);
    *len = w.off;
    return 0;
}

/* ---- parsing ----------------------------------------------------------- */

static void get_fixed(const uint8_t *p, size_t len, mh_msg_t *m)
{
    switch (m->type) {
    case MH_HOTI:
    case MH_COTI:
        m->cookie = get_be64(p + 8);
        break;
    case MH_HOT:
    case MH_COT:
        m->nonce_index = get_be16(p + 6);
        m->cookie = get_be64(p + 8);
        memcpy(m->keygen_token, p + 16, MH_TOKEN_LEN);
        break;
    case MH_BU:
        m->seq = get_be16(p + 6);
        m->bu_flags = get_be16(p + 8);
        m->lifetime = get_be16(p + 10);
        break;
    case MH_BA:
        m->ba_status = p[6];
        m->ba_flags = p[7];
        m->seq = get_be16(p + 8);
        m->lifetime = get_be16(p + 10);
        break;
    case MH_BE:
        m->be_status = p[6];
        memcpy(m->be_home.b, p + 8, 16);
        break;
    case MH_EXPERIMENTAL:
        m->exp_len = (uint16_t)(len - MH_COMMON_LEN);
        memcpy(m->exp_data, p + MH_COMMON_LEN, m->exp_len);
        break;
    default:
        break;
    }
}

static bool aligned(size_t off, mh_align_t a)
{
    return off % a.x == a.y;
}

/* Checks one known option's length, alignment and repetition; *seen gets
 * its bit. Returns 0 or an MH_E_ code. */
static int check_option(uint8_t type, uint8_t olen, size_t off, unsigned *seen)
{
    if (olen != opt_rules[type].len)
        return MH_E_OPTION;
    if (!aligned(off, opt_rules[type].align))
        return MH_E_ALIGNMENT;
    if (*seen & (1u << type))
        return MH_E_OPTION_ORDER;
    *seen |= 1u << type;
    return 0;
}

static void get_option(uint8_t type, const uint8_t *body, mh_msg_t *m)
{
    switch (type) {
    case MH_OPT_REFRESH:
        m->has_refresh = true;
        m->refresh = get_be16(body);
        break;
    case MH_OPT_ALT_COA:
        m->has_alt_coa = true;
        memcpy(m->alt_coa.b, body, 16);
        break;
    case MH_OPT_NONCE_INDICES:
        m->has_nonce_indices = true;
        m->home_nonce_index = get_be16(body);
        m->coa_nonce_index = get_be16(body + 2);
        break;
    case MH_OPT_BAD:
        m->has_bad = true;
        memcpy(m->authenticator, body, MH_AUTH_LEN);
        break;
    default:
        break;
    }
}

/* Walks the options in [off, len). With m NULL only validates. When
 * auth_off is not NULL it receives the authenticator's offset (or -1). */
static int walk_options(const uint8_t *buf, size_t off, size_t len, mh_msg_t *m, int *auth_off)
{
    unsigned seen = 0;
    if (auth_off)
        *auth_off = -1;
    while (off < len) {
        uint8_t type = buf[off];
        if (seen & (1u << MH_OPT_BAD))
            return MH_E_OPTION_ORDER; /* §6.2.7: BAD is the last option */
        if (type == MH_OPT_PAD1) {
            off++;
            continue;
        }
        if (len - off < 2)
            return MH_E_OPTION;
        uint8_t olen = buf[off + 1];
        if (olen > len - off - 2)
            return MH_E_OPTION;
        if (type >= MH_OPT_REFRESH && type <= MH_OPT_BAD) {
            int rc = check_option(type, olen, off, &seen);
            if (rc)
                return rc;
            if (m)
                get_option(type, buf + off + 2, m);
            if (type == MH_OPT_BAD && auth_off)
                *auth_off = (int)(off + 2);
        } /* PadN and unknown types (§6.2.1: skipped) */
        off += 2u + olen;
    }
    return 0;
}

/* Checks the common part; on success *type_fixed is the type's fixed
 * length. Sets m->type (when m) even for an unknown type. */
static int check_common(const uint8_t *buf, size_t len, mh_msg_t *m, size_t *type_fixed)
{
    if (len < 8)
        return MH_E_TRUNCATED;
    size_t hdr_len = ((size_t)buf[MH_OFF_HLEN] + 1) * 8; /* §6.1.1: excluding the first 8 */
    if (hdr_len > len)
        return MH_E_TRUNCATED;
    if (hdr_len != len || len > MH_MAX_LEN)
        return MH_E_HDRLEN;
    if (buf[MH_OFF_PROTO] != MH_PAYLOAD_PROTO)
        return MH_E_PAYLOAD_PROTO;
    if (m)
        m->type = buf[MH_OFF_TYPE];
    size_t fixed = fixed_len(buf[MH_OFF_TYPE]);
    if (fixed == 0)
        return MH_E_UNKNOWN_TYPE; /* §9.2: Binding Error status 2 */
    if (len < fixed)
        return MH_E_HDRLEN;
    if (buf[MH_OFF_TYPE] == MH_EXPERIMENTAL && len - MH_COMMON_LEN > MH_EXP_MAX)
        return MH_E_HDRLEN;
    *type_fixed = fixed;
    return 0;
}

int mh_parse(const uint8_t *buf, size_t len, mh_msg_t *m)
{
    memset(m, 0, sizeof(*m));
    size_t fixed;
    int rc = check_common(buf, len, m, &fixed);
    if (rc)
        return rc;
    get_fixed(buf, len, m);
    if (m->type == MH_EXPERIMENTAL)
        return 0;
    return walk_options(buf, fixed, len, m, NULL);
}

int mh_auth_offset(const uint8_t *mh, size_t len)
{
    size_t fixed;
    int auth_off;
    if (check_common(mh, len, NULL, &fixed) || mh[MH_OFF_TYPE] == MH_EXPERIMENTAL)
        return -1;
    if (walk_options(mh, fixed, len, NULL, &auth_off))
        return -1;
    return auth_off;
}

uint16_t mh_checksum(const uint8_t *mh, size_t len, const net_addr_t *src, const net_addr_t *dst)
{
    /* §6.1.1: pseudo-header with next header 135, then the MH with the
     * checksum field taken as zero (it is skipped). */
    uint32_t sum = wire_csum_pseudo(src, dst, (uint32_t)len, IPPROTO_MH_);
    if (len <= MH_OFF_CSUM)
        return wire_csum_fold(wire_csum_add(sum, mh, len));
    sum = wire_csum_add(sum, mh, MH_OFF_CSUM);
    if (len > MH_OFF_CSUM + 2)
        sum = wire_csum_add(sum, mh + MH_OFF_CSUM + 2, len - MH_OFF_CSUM - 2);
    return wire_csum_fold(sum);
}
