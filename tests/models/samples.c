/* tests/models/samples.c - see samples.h. */
#include "tests/models/samples.h"

#include <string.h>

const uint8_t sample_kcn[RR_KCN_LEN] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
                                        11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
const uint8_t sample_home_nonce[RR_NONCE_LEN] = {1, 2, 3, 4, 5, 6, 7, 8};
const uint8_t sample_careof_nonce[RR_NONCE_LEN] = {0x11, 0x12, 0x13, 0x14,
                                                   0x15, 0x16, 0x17, 0x18};

static net_addr_t addr(const char *text)
{
    net_addr_t a = {{0}};
    net_addr_parse(text, &a);
    return a;
}

sample_addrs_t sample_addrs(void)
{
    return (sample_addrs_t){
        .hoa = addr("2001:db8:a::100"),
        .coa = addr("2001:db8:a2::100"),
        .ha = addr("2001:db8:a::1"),
        .cn = addr("2001:db8:b::200"),
        .ar = addr("2001:db8:a2::1"),
    };
}

static void tokens(uint8_t home[RR_TOKEN_LEN], uint8_t careof[RR_TOKEN_LEN])
{
    sample_addrs_t a = sample_addrs();
    rr_keygen_token(sample_kcn, &a.hoa, sample_home_nonce, RR_HOME_TOKEN, home);
    rr_keygen_token(sample_kcn, &a.coa, sample_careof_nonce, RR_CAREOF_TOKEN, careof);
}

void sample_kbm(uint8_t kbm[RR_KBM_LEN])
{
    uint8_t home[RR_TOKEN_LEN], careof[RR_TOKEN_LEN];
    tokens(home, careof);
    rr_kbm(home, careof, kbm);
}

int sample_build_mh(mh_msg_t *m, const uint8_t kbm[RR_KBM_LEN], const net_addr_t *careof,
                    const net_addr_t *correspondent, pkt_desc_t *d, uint8_t *buf, size_t cap,
                    size_t *len)
{
    uint8_t mh[MH_MAX_LEN];
    size_t mh_len;
    int rc = mh_encode(m, mh, sizeof(mh), &mh_len);
    if (rc)
        return rc;
    if (m->has_bad) {
        int off = mh_auth_offset(mh, mh_len);
        if (off < 0)
            return MH_E_OPTION;
        rr_authenticator(kbm, careof, correspondent, mh, (size_t)off, mh + off);
    }
    d->proto = PKT_PROTO_MH;
    d->payload = mh;
    d->payload_len = mh_len;
    return pkt_build(d, buf, cap, len);
}

/* A plain MH packet src -> dst without options that need crypto. */
static int plain_mh(mh_msg_t *m, const net_addr_t *src, const net_addr_t *dst, uint8_t *buf,
                    size_t cap, size_t *len)
{
    pkt_desc_t d = {.src = *src, .dst = *dst};
    return sample_build_mh(m, NULL, NULL, NULL, &d, buf, cap, len);
}

static int tunnel(const net_addr_t *src, const net_addr_t *dst, const uint8_t *inner,
                  size_t inner_len, uint8_t *buf, size_t cap, size_t *len)
{
    pkt_desc_t d = {.src = *src, .dst = *dst, .proto = PKT_PROTO_IPV6, .payload = inner,
                    .payload_len = inner_len};
    return pkt_build(&d, buf, cap, len);
}

static int build_rr(int id, const sample_addrs_t *a, uint8_t *buf, size_t cap, size_t *len)
{
    uint8_t home[RR_TOKEN_LEN], careof[RR_TOKEN_LEN], inner[PKT_MAX_LEN];
    size_t inner_len;
    tokens(home, careof);
    mh_msg_t m = {0};
    int rc;
    switch (id) {
    case SAMPLE_HOTI_TUNNELED:
        m.type = MH_HOTI;
        m.cookie = SAMPLE_HOME_COOKIE;
        rc = plain_mh(&m, &a->hoa, &a->cn, inner, sizeof(inner), &inner_len);
        return rc ? rc : tunnel(&a->coa, &a->ha, inner, inner_len, buf, cap, len);
    case SAMPLE_COTI:
        m.type = MH_COTI;
        m.cookie = SAMPLE_CAREOF_COOKIE;
        return plain_mh(&m, &a->coa, &a->cn, buf, cap, len);
    case SAMPLE_HOT:
    case SAMPLE_HOT_TUNNELED:
        m.type = MH_HOT;
        m.nonce_index = SAMPLE_HOME_NONCE_INDEX;
        m.cookie = SAMPLE_HOME_COOKIE;
        memcpy(m.keygen_token, home, RR_TOKEN_LEN);
        if (id == SAMPLE_HOT)
            return plain_mh(&m, &a->cn, &a->hoa, buf, cap, len);
        rc = plain_mh(&m, &a->cn, &a->hoa, inner, sizeof(inner), &inner_len);
        return rc ? rc : tunnel(&a->ha, &a->coa, inner, inner_len, buf, cap, len);
    default: /* SAMPLE_COT */
        m.type = MH_COT;
        m.nonce_index = SAMPLE_CAREOF_NONCE_INDEX;
        m.cookie = SAMPLE_CAREOF_COOKIE;
        memcpy(m.keygen_token, careof, RR_TOKEN_LEN);
        return plain_mh(&m, &a->cn, &a->coa, buf, cap, len);
    }
}

static int build_binding(int id, const sample_addrs_t *a, uint8_t *buf, size_t cap, size_t *len)
{
    uint8_t kbm[RR_KBM_LEN];
    sample_kbm(kbm);
    mh_msg_t m = {.seq = SAMPLE_BU_SEQ, .lifetime = SAMPLE_BU_LIFETIME};
    pkt_desc_t d = {0};
    switch (id) {
    case SAMPLE_BU_CN:
        m.type = MH_BU;
        m.bu_flags = MH_BU_A;
        m.has_nonce_indices = true;
        m.home_nonce_index = SAMPLE_HOME_NONCE_INDEX;
        m.coa_nonce_index = SAMPLE_CAREOF_NONCE_INDEX;
        m.has_bad = true;
        d = (pkt_desc_t){.src = a->coa, .dst = a->cn, .has_hao = true, .hao = a->hoa};
        return sample_build_mh(&m, kbm, &a->coa, &a->cn, &d, buf, cap, len);
    case SAMPLE_BA_CN:
        m.type = MH_BA;
        m.ba_status = MH_BA_ACCEPTED;
        m.has_bad = true;
        d = (pkt_desc_t){.src = a->cn, .dst = a->coa, .has_rh2 = true, .rh2_home = a->hoa};
        return sample_build_mh(&m, kbm, &a->coa, &a->cn, &d, buf, cap, len);
    case SAMPLE_BU_HOME:
        m.type = MH_BU;
        m.seq = 4242;
        m.bu_flags = MH_BU_A | MH_BU_H;
        m.lifetime = 0x3fff;
        m.has_alt_coa = true;
        m.alt_coa = a->coa;
        d = (pkt_desc_t){.src = a->coa, .dst = a->ha, .has_hao = true, .hao = a->hoa};
        return sample_build_mh(&m, NULL, NULL, NULL, &d, buf, cap, len);
    default: /* SAMPLE_BA_HOME */
        m.type = MH_BA;
        m.seq = 4242;
        m.ba_status = MH_BA_ACCEPTED;
        m.lifetime = 0x3fff;
        m.has_refresh = true;
        m.refresh = 0x3000;
        d = (pkt_desc_t){.src = a->ha, .dst = a->coa, .has_rh2 = true, .rh2_home = a->hoa};
        return sample_build_mh(&m, NULL, NULL, NULL, &d, buf, cap, len);
    }
}

static int build_udp(int id, const sample_addrs_t *a, uint8_t *buf, size_t cap, size_t *len)
{
    static const uint8_t data[] = "mobsim CBR packet 000042";
    pkt_desc_t d = {.proto = PKT_PROTO_UDP, .payload = data, .payload_len = sizeof(data) - 1};
    if (id == SAMPLE_UDP_RH2) {
        d.src = a->cn;
        d.dst = a->coa;
        d.has_rh2 = true;
        d.rh2_home = a->hoa;
        d.sport = SAMPLE_UDP_SPORT;
        d.dport = SAMPLE_UDP_DPORT;
    } else {
        d.src = a->coa;
        d.dst = a->cn;
        d.has_hao = true;
        d.hao = a->hoa;
        d.sport = SAMPLE_UDP_DPORT;
        d.dport = SAMPLE_UDP_SPORT;
    }
    return pkt_build(&d, buf, cap, len);
}

static int build_other(int id, const sample_addrs_t *a, uint8_t *buf, size_t cap, size_t *len)
{
    mh_msg_t m = {0};
    switch (id) {
    case SAMPLE_BRR:
        m.type = MH_BRR;
        return plain_mh(&m, &a->cn, &a->hoa, buf, cap, len);
    case SAMPLE_BE:
        m.type = MH_BE;
        m.be_status = MH_BE_UNKNOWN_HAO;
        m.be_home = a->hoa;
        return plain_mh(&m, &a->cn, &a->coa, buf, cap, len);
    case SAMPLE_ICMP_UNREACH: {
        uint8_t inner[PKT_MAX_LEN];
        size_t inner_len;
        int rc = build_udp(SAMPLE_UDP_RH2, a, inner, sizeof(inner), &inner_len);
        if (rc)
            return rc;
        pkt_desc_t d = {.src = a->ar, .dst = a->cn, .proto = PKT_PROTO_ICMPV6,
                        .icmp_type = PKT_ICMP_DEST_UNREACH,
                        .icmp_code = PKT_ICMP_CODE_ADDR_UNREACH, .payload = inner,
                        .payload_len = inner_len};
        return pkt_build(&d, buf, cap, len);
    }
    default: /* SAMPLE_EXPERIMENTAL */
        m.type = MH_EXPERIMENTAL;
        memcpy(m.exp_data, "mobsim-exp", 10);
        m.exp_len = 10;
        return plain_mh(&m, &a->hoa, &a->cn, buf, cap, len);
    }
}

int sample_build(int id, uint8_t *buf, size_t cap, size_t *len)
{
    sample_addrs_t a = sample_addrs();
    switch (id) {
    case SAMPLE_HOTI_TUNNELED:
    case SAMPLE_COTI:
    case SAMPLE_HOT:
    case SAMPLE_COT:
    case SAMPLE_HOT_TUNNELED:
        return build_rr(id, &a, buf, cap, len);
    case SAMPLE_BU_CN:
    case SAMPLE_BA_CN:
    case SAMPLE_BU_HOME:
    case SAMPLE_BA_HOME:
        return build_binding(id, &a, buf, cap, len);
    case SAMPLE_UDP_RH2:
    case SAMPLE_UDP_HAO:
        return build_udp(id, &a, buf, cap, len);
    default:
        return build_other(id, &a, buf, cap, len);
    }
}

const char *sample_name(int id)
{
    static const char *const names[SAMPLE_N] = {
        [SAMPLE_BRR] = "BRR",
        [SAMPLE_HOTI_TUNNELED] = "HoTI-tunneled",
        [SAMPLE_COTI] = "CoTI",
        [SAMPLE_HOT] = "HoT",
        [SAMPLE_COT] = "CoT",
        [SAMPLE_BU_CN] = "BU-CN",
        [SAMPLE_BA_CN] = "BA-CN",
        [SAMPLE_BE] = "BE",
        [SAMPLE_UDP_RH2] = "UDP-RH2",
        [SAMPLE_UDP_HAO] = "UDP-HAO",
        [SAMPLE_ICMP_UNREACH] = "ICMP-unreach",
        [SAMPLE_EXPERIMENTAL] = "MH-experimental",
        [SAMPLE_BU_HOME] = "BU-home",
        [SAMPLE_BA_HOME] = "BA-home",
        [SAMPLE_HOT_TUNNELED] = "HoT-tunneled",
    };
    return id >= 0 && id < SAMPLE_N ? names[id] : "?";
}
