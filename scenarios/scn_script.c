/* scenarios/scn_script.c - the scenario key "script" (docs/check.md): an
 * array of steps, each with a time and one action (drop, delay,
 * duplicate, inject, expect), read into cfg->steps. Nodes and addresses
 * are named as the rest of the file names them: hosts by name, home
 * agents by their name, access routers "AR_<network>"; addresses "A.hoa",
 * "A.coa", "A@B2", a router's name, or a literal IPv6 address. Read after
 * everything else, so every name is known. */
#include "scenarios/scn_int.h"

#include "models/mh.h"
#include "scenarios/strmap.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEPS_MAX 10000

/* Names are looked up in hashes built once (a population may define 10^5
 * hosts and networks; a script may name them 10^4 times). */
typedef struct sctx {
    jc_t *j;
    mob_config_t *c;
    scn_strmap_t hosts, nets, routers, pnodes; /* name -> index */
} sctx_t;

static const char *const type_names[] = {"BRR", "HoTI", "CoTI", "HoT", "CoT", "BU", "BA", "BE"};
static const char *const scheme_names[] = {"FWD-INSTALL", "PROXY-QUERY", "PROXY-ANSWER",
                                           "PROXY-UPDATE"};

#define TYPE_EXAMPLE                                                                               \
    "\"BRR\", \"HoTI\", \"CoTI\", \"HoT\", \"CoT\", \"BU\", \"BA\", \"BE\", \"data\", \"FWD-INSTALL\", \"PROXY-QUERY\", \"PROXY-ANSWER\" or \"PROXY-UPDATE\""

static int fail_got(sctx_t *s, const cJSON *item, const char *what)
{
    char got[96];
    jc_describe(got, sizeof(got), item);
    return jc_fail(s->j, "expected %s, got %s", what, got);
}

static int get_type(sctx_t *s, const cJSON *item, bool mh_only, int *out)
{
    if (cJSON_IsString(item)) {
        for (int i = 0; i < 8; i++)
            if (strcmp(item->valuestring, type_names[i]) == 0) {
                *out = i;
                return 0;
            }
        if (!mh_only && strcmp(item->valuestring, "data") == 0) {
            *out = MOB_MT_DATA;
            return 0;
        }
        for (int i = 0; !mh_only && i < 4; i++)
            if (strcmp(item->valuestring, scheme_names[i]) == 0) {
                *out = MOB_MT_SCHEME + i + 1;
                return 0;
            }
    }
    /* clang-format off */
    if (mh_only)
        return fail_got(s, item, "a Mobility Header type: \"BRR\", \"HoTI\", \"CoTI\", \"HoT\", \"CoT\", \"BU\", \"BA\" or \"BE\"");
    /* clang-format on */
    return fail_got(s, item, "a message type: " TYPE_EXAMPLE);
}

/* The node id name of network i's router, as the world names it. */
static void router_name(const mob_config_t *c, int i, char *buf, size_t cap)
{
    const mob_net_t *n = &c->nets[i];
    if (n->is_home && n->home_agent[0])
        snprintf(buf, cap, "%s", n->home_agent);
    else
        snprintf(buf, cap, "%s_%.*s", n->is_home ? "HA" : "AR", MOB_NAME_MAX - 1, n->name);
}

static int host_of(const sctx_t *s, const char *name)
{
    return scn_strmap_get(&s->hosts, name);
}

static int net_of(const sctx_t *s, const char *name)
{
    return scn_strmap_get(&s->nets, name);
}

static int router_of(const sctx_t *s, const char *name)
{
    return scn_strmap_get(&s->routers, name);
}

static int pnode_of(const sctx_t *s, const char *name)
{
    return scn_strmap_get(&s->pnodes, name);
}

/* The maps of the names the rest of the file defined: 0 or -1 (memory). */
static int build_maps(sctx_t *s)
{
    const mob_config_t *c = s->c;
    char r[MOB_NAME_MAX + 8];
    for (int i = 0; i < c->n_hosts; i++)
        if (scn_strmap_add(&s->hosts, c->hosts[i].name, i, NULL) < 0)
            return -1;
    for (int i = 0; i < c->n_nets; i++) {
        router_name(c, i, r, sizeof(r));
        if (scn_strmap_add(&s->nets, c->nets[i].name, i, NULL) < 0 ||
            scn_strmap_add(&s->routers, r, i, NULL) < 0)
            return -1;
    }
    return 0;
}

static void sctx_fini(sctx_t *s)
{
    scn_strmap_fini(&s->hosts);
    scn_strmap_fini(&s->nets);
    scn_strmap_fini(&s->routers);
    scn_strmap_fini(&s->pnodes);
}

/* A node: hosts, routers, home agents, passive nodes ("nodes"). */
enum { NODE_HOST = 1, NODE_ROUTER = 2, NODE_HA = 4, NODE_PASSIVE = 8 };

static int get_node(sctx_t *s, const cJSON *item, int kinds, char *out)
{
    /* clang-format off */
    const char *what = kinds == NODE_HOST ? "the name of a host"
                       : kinds == NODE_HA ? "the name of a home agent such as \"HA_A\""
                       : kinds & NODE_ROUTER ? "the name of a host, a home agent (\"HA_A\"), an access router (\"AR_B1\") or a node of \"nodes\""
                       : "the name of a host or a home agent";
    /* clang-format on */
    if (!cJSON_IsString(item))
        return fail_got(s, item, what);
    const char *n = item->valuestring;
    int r = router_of(s, n);
    bool ok = ((kinds & NODE_PASSIVE) && pnode_of(s, n) >= 0) ||
              ((kinds & NODE_HOST) && host_of(s, n) >= 0) || ((kinds & NODE_ROUTER) && r >= 0) ||
              ((kinds & NODE_HA) && r >= 0 && s->c->nets[r].is_home);
    if (!ok || strlen(n) > MOB_NAME_MAX + 3)
        return fail_got(s, item, what);
    snprintf(out, MOB_NAME_MAX + 4, "%s", n);
    return 0;
}

static int get_addr(sctx_t *s, const cJSON *item, mob_aref_t *out)
{
    static const char what[] =
        "an address: \"A.hoa\", \"A.coa\" (host A's current care-of address), \"A@B2\" (A's address on network B2), a router's name (\"HA_A\", \"AR_B1\") or an IPv6 address";
    if (!cJSON_IsString(item))
        return fail_got(s, item, what);
    const char *t = item->valuestring;
    char name[80];
    memset(out, 0, sizeof(*out));
    if (net_addr_parse(t, &out->addr) == 0) {
        out->kind = MOB_AREF_LITERAL;
        return 0;
    }
    const char *dot = strrchr(t, '.'), *at = strchr(t, '@');
    size_t n = strlen(t);
    if (n < sizeof(name) && dot && (strcmp(dot, ".hoa") == 0 || strcmp(dot, ".coa") == 0)) {
        memcpy(name, t, (size_t)(dot - t));
        name[dot - t] = 0;
        out->host = host_of(s, name);
        out->kind = dot[1] == 'h' ? MOB_AREF_HOA : MOB_AREF_COA;
        if (out->host >= 0)
            return 0;
    } else if (n < sizeof(name) && at) {
        memcpy(name, t, (size_t)(at - t));
        name[at - t] = 0;
        out->host = host_of(s, name);
        out->net = net_of(s, at + 1);
        out->kind = MOB_AREF_ON_NET;
        if (out->host >= 0 && out->net >= 0)
            return 0;
    } else if ((out->net = router_of(s, t)) >= 0) {
        out->kind = MOB_AREF_ROUTER;
        return 0;
    } else if ((out->host = pnode_of(s, t)) >= 0) {
        out->kind = MOB_AREF_PNODE;
        return 0;
    }
    return fail_got(s, item, what);
}

static int get_int(sctx_t *s, const cJSON *item, double lo, double hi, const char *what, int *out)
{
    double d;
    int rc = jc_get_number(s->j, item, lo, hi, what, &d);
    if (rc == 0 && d != (double)(long long)d)
        rc = fail_got(s, item, what);
    if (rc == 0)
        *out = (int)d;
    return rc;
}

/* Optional member `key` read by `call` (with ITEM the member). */
#define OPT(s, obj, key, call)                                                                     \
    do {                                                                                           \
        const cJSON *item_ = jc_member((obj), (key));                                              \
        if (item_) {                                                                               \
            size_t old_ = jc_push_key((s)->j, (key));                                              \
            int rc_ = call;                                                                        \
            if (rc_)                                                                               \
                return rc_;                                                                        \
            jc_pop((s)->j, old_);                                                                  \
        }                                                                                          \
    } while (0)
#define ITEM item_

static int get_why(sctx_t *s, const cJSON *item, char *out, size_t cap)
{
    return jc_get_text(s->j, item, out, cap);
}

/* type, from, to, status, seq, nth, why: whichever of them keys allows. */
static int read_match(sctx_t *s, const cJSON *obj, mob_match_t *m)
{
    m->type = MOB_MT_ANY;
    m->status = m->seq = -1;
    m->nth = 0;
    OPT(s, obj, "type", get_type(s, ITEM, false, &m->type));
    OPT(s, obj, "from", get_node(s, ITEM, NODE_HOST | NODE_ROUTER | NODE_PASSIVE, m->from));
    OPT(s, obj, "to", get_node(s, ITEM, NODE_HOST | NODE_ROUTER | NODE_PASSIVE, m->to));
    OPT(s, obj, "status", get_int(s, ITEM, 0, 255, "a status 0..255", &m->status));
    OPT(s, obj, "seq", get_int(s, ITEM, 0, 65535, "a sequence number 0..65535", &m->seq));
    OPT(s, obj, "nth", get_int(s, ITEM, 1, 1e6, "a whole number from 1 (the nth match)", &m->nth));
    OPT(s, obj, "why", get_why(s, ITEM, m->why, sizeof(m->why)));
    return 0;
}

static int read_rule(sctx_t *s, const cJSON *obj, mob_step_t *st, const char *key)
{
    static const char *const drop_keys[] = {"type", "from", "to", "status", "seq", "nth"};
    static const char *const delay_keys[] = {"type", "from", "to", "status", "seq", "nth", "extra"};
    static const char *const dup_keys[] = {"type", "from", "to", "status", "seq", "nth", "lag"};
    int rc;
    if ((rc = jc_expect_object(s->j, obj, "a rule such as {\"type\": \"BA\", \"from\": \"B\"}")))
        return rc;
    if (st->kind == MOB_STEP_DROP)
        rc = jc_check_keys(s->j, obj, drop_keys, 6);
    else
        rc = jc_check_keys(s->j, obj, st->kind == MOB_STEP_DELAY ? delay_keys : dup_keys, 7);
    if (rc || (rc = read_match(s, obj, &st->match)))
        return rc;
    if (st->kind == MOB_STEP_DELAY) {
        const cJSON *e = jc_member(obj, "extra");
        if (!e)
            return jc_fail(s->j, "expected a key \"extra\" (the added delay, such as \"500ms\")");
        OPT(s, obj, "extra", jc_get_time(s->j, ITEM, &st->delay));
    }
    if (st->kind == MOB_STEP_DUPLICATE)
        OPT(s, obj, "lag", jc_get_time(s->j, ITEM, &st->delay));
    (void)key;
    return 0;
}

static int read_bce_expect(sctx_t *s, const cJSON *obj, mob_expect_t *e, bool bul)
{
    static const char *const keys[] = {"hoa", "coa", "seq", "present"};
    static const char *const bul_keys[] = {"peer", "state", "coa", "seq", "present"};
    static const char *const states[] = {"idle", "RR", "BU wait", "BU sent", "bound", "failed"};
    int rc;
    if ((rc = jc_expect_object(s->j, obj,
                               bul ? "an entry such as {\"peer\": \"B\", \"state\": \"bound\"}"
                                   : "an entry such as {\"hoa\": \"A.hoa\", \"coa\": \"A@A2\"}")) ||
        (rc = jc_check_keys(s->j, obj, bul ? bul_keys : keys, bul ? 5 : 4)))
        return rc;
    OPT(s, obj, "present", jc_get_bool(s->j, ITEM, &e->present));
    OPT(s, obj, "coa", get_addr(s, ITEM, &e->coa));
    OPT(s, obj, "seq", get_int(s, ITEM, 0, 65535, "a sequence number 0..65535", &e->seq));
    if (bul) {
        const cJSON *p = jc_member(obj, "peer");
        if (!p)
            return jc_fail(s->j, "expected a key \"peer\" (the correspondent or home agent)");
        OPT(s, obj, "peer", get_node(s, ITEM, NODE_HOST | NODE_HA, e->peer));
        int which = 0;
        OPT(s, obj, "state", jc_get_enum(s->j, ITEM, states, 6, &which));
        if (jc_member(obj, "state"))
            snprintf(e->state, sizeof(e->state), "%s", states[which]);
        return 0;
    }
    if (!jc_member(obj, "hoa"))
        return jc_fail(s->j, "expected a key \"hoa\" (the home address the entry is for)");
    OPT(s, obj, "hoa", get_addr(s, ITEM, &e->hoa));
    return 0;
}

static int read_count(sctx_t *s, const cJSON *obj, mob_expect_t *e, bool lost)
{
    static const char *const rx_keys[] = {"type", "from", "status", "seq", "count", "since"};
    static const char *const lost_keys[] = {"type", "from", "to", "why", "count", "since"};
    int rc;
    if ((rc = jc_expect_object(s->j, obj,
                               "an object such as {\"type\": \"BA\", \"from\": \"B\"}")) ||
        (rc = jc_check_keys(s->j, obj, lost ? lost_keys : rx_keys, 6)) ||
        (rc = read_match(s, obj, &e->match)))
        return rc;
    OPT(s, obj, "count", get_int(s, ITEM, 0, 1e6, "a whole number of messages", &e->count));
    OPT(s, obj, "since", jc_get_time(s->j, ITEM, &e->since));
    return 0;
}

static int read_ro(sctx_t *s, const cJSON *arr, mob_expect_t *e)
{
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != 2)
        return fail_got(s, arr, "two host names such as [\"A\", \"B\"]");
    size_t old = jc_push_index(s->j, 0);
    int rc = get_node(s, arr->child, NODE_HOST, e->a);
    if (rc)
        return rc;
    jc_pop(s->j, old);
    old = jc_push_index(s->j, 1);
    if ((rc = get_node(s, arr->child->next, NODE_HOST, e->b)))
        return rc;
    jc_pop(s->j, old);
    if (strcmp(e->a, e->b) == 0)
        return jc_fail(s->j, "expected two different hosts");
    return 0;
}

/* "noted": the text, or {"text": ..., "count": n, "since": t}. */
static int read_noted(sctx_t *s, const cJSON *item, mob_expect_t *e)
{
    static const char *const keys[] = {"text", "count", "since"};
    if (cJSON_IsString(item))
        return jc_get_text(s->j, item, e->note, sizeof(e->note));
    int rc;
    if ((rc = jc_expect_object(
             s->j, item,
             "a note's text such as \"BU with a wrong authenticator dropped\", or {\"text\": ..., \"count\": 0}")) ||
        (rc = jc_check_keys(s->j, item, keys, 3)))
        return rc;
    if (!jc_member(item, "text"))
        return jc_fail(s->j, "expected a key \"text\" (the note, as the trace log writes it)");
    OPT(s, item, "text", jc_get_text(s->j, ITEM, e->note, sizeof(e->note)));
    OPT(s, item, "count", get_int(s, ITEM, 0, 1e6, "a whole number of notes", &e->count));
    OPT(s, item, "since", jc_get_time(s->j, ITEM, &e->since));
    return 0;
}

static int read_expect(sctx_t *s, const cJSON *obj, mob_step_t *st)
{
    static const char *const keys[] = {"node",     "binding", "home_binding",    "bul",
                                       "received", "lost",    "route_optimized", "noted",
                                       "present"};
    static const char *const what_keys[] = {"binding", "home_binding",    "bul",  "received",
                                            "lost",    "route_optimized", "noted"};
    mob_expect_t *e = &st->exp;
    int rc;
    if ((rc = jc_expect_object(
             s->j, obj,
             "an expectation such as {\"node\": \"B\", \"binding\": {\"hoa\": \"A.hoa\", \"coa\": \"A@A2\"}}")) ||
        (rc = jc_check_keys(s->j, obj, keys, 9)))
        return rc;
    e->present = true;
    e->seq = -1;
    e->count = -1;
    int which = -1;
    for (int i = 0; i < 7; i++) {
        if (!jc_member(obj, what_keys[i]))
            continue;
        if (which >= 0)
            return jc_fail_at(s->j, what_keys[i],
                              "expected one expectation per step, but \"%s\" is here too",
                              what_keys[which]);
        which = i;
    }
    if (which < 0)
        return jc_fail(
            s->j,
            "expected one of \"binding\", \"home_binding\", \"bul\", \"received\", \"lost\", \"route_optimized\" or \"noted\"");
    static const uint8_t kinds[] = {MOB_EXP_BINDING,  MOB_EXP_HOME_BINDING, MOB_EXP_BUL,
                                    MOB_EXP_RECEIVED, MOB_EXP_LOST,         MOB_EXP_RO,
                                    MOB_EXP_NOTED};
    e->kind = kinds[which];
    bool needs_node = e->kind != MOB_EXP_LOST && e->kind != MOB_EXP_RO;
    const cJSON *node = jc_member(obj, "node");
    if (needs_node && !node)
        return jc_fail(s->j, "expected a key \"node\" (where the state is kept)");
    if (!needs_node && node)
        return jc_fail_at(s->j, "node", "expected no \"node\" with \"%s\"", what_keys[which]);
    if (jc_member(obj, "present") && e->kind != MOB_EXP_RO)
        return jc_fail_at(s->j, "present", "expected \"present\" inside \"%s\"", what_keys[which]);
    int node_kinds = e->kind == MOB_EXP_HOME_BINDING ? NODE_HA
                     : e->kind == MOB_EXP_RECEIVED || e->kind == MOB_EXP_NOTED
                         ? NODE_HOST | NODE_ROUTER | NODE_PASSIVE
                         : NODE_HOST;
    OPT(s, obj, "node", get_node(s, ITEM, node_kinds, e->node));
    OPT(s, obj, "present", jc_get_bool(s->j, ITEM, &e->present));
    const cJSON *body = jc_member(obj, what_keys[which]);
    size_t old = jc_push_key(s->j, what_keys[which]);
    switch (e->kind) {
    case MOB_EXP_BINDING:
    case MOB_EXP_HOME_BINDING:
        rc = read_bce_expect(s, body, e, false);
        break;
    case MOB_EXP_BUL:
        rc = read_bce_expect(s, body, e, true);
        break;
    case MOB_EXP_RECEIVED:
    case MOB_EXP_LOST:
        rc = read_count(s, body, e, e->kind == MOB_EXP_LOST);
        break;
    case MOB_EXP_NOTED:
        rc = read_noted(s, body, e);
        break;
    default:
        rc = read_ro(s, body, e);
        break;
    }
    if (rc == 0)
        jc_pop(s->j, old);
    return rc;
}

static int get_flags(sctx_t *s, const cJSON *item, uint16_t *out)
{
    static const char what[] = "BU flags: an array of \"A\", \"H\", \"L\", \"K\"";
    if (!cJSON_IsArray(item))
        return fail_got(s, item, what);
    uint16_t f = 0;
    for (const cJSON *c = item->child; c; c = c->next) {
        const char *v = cJSON_IsString(c) ? c->valuestring : "";
        if (strcmp(v, "A") == 0)
            f |= MH_BU_A;
        else if (strcmp(v, "H") == 0)
            f |= MH_BU_H;
        else if (strcmp(v, "L") == 0)
            f |= MH_BU_L;
        else if (strcmp(v, "K") == 0)
            f |= MH_BU_K;
        else
            return fail_got(s, c, what);
    }
    *out = f;
    return 0;
}

/* A BU/BA lifetime as a time, a multiple of 4 s up to 65535 x 4 s. */
static int get_lifetime(sctx_t *s, const cJSON *item, uint16_t *out)
{
    sim_time_t t;
    int rc = jc_get_time(s->j, item, &t);
    if (rc)
        return rc;
    if (t % SIM_S(4) != 0 || t / SIM_S(4) > 65535)
        return fail_got(s, item,
                        "a lifetime in whole units of 4 s (RFC 6275 §6.1.7), such as \"420s\"");
    *out = (uint16_t)(t / SIM_S(4));
    return 0;
}

static int get_hex(sctx_t *s, const cJSON *item, mob_inject_t *in)
{
    static const char what[] = "packet bytes as hex digits (an IPv6 packet of 40 to 1024 bytes)";
    if (!cJSON_IsString(item))
        return fail_got(s, item, what);
    const char *t = item->valuestring;
    size_t n = 0;
    int hi = -1;
    for (; *t; t++) {
        char ch = *t;
        if (ch == ' ' || ch == ':')
            continue;
        int v = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (v < 0 || n >= MOB_STEP_RAW_MAX)
            return fail_got(s, item, what);
        if (hi < 0) {
            hi = v;
        } else {
            in->raw[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0 || n < 40)
        return fail_got(s, item, what);
    in->raw_len = n;
    return 0;
}

static int get_u16(sctx_t *s, const cJSON *item, uint16_t *out, bool *given)
{
    int v;
    int rc = get_int(s, item, 0, 65535, "a whole number 0..65535", &v);
    if (rc == 0) {
        *out = (uint16_t)v;
        if (given)
            *given = true;
    }
    return rc;
}

static int get_u8(sctx_t *s, const cJSON *item, uint8_t *out)
{
    int v;
    int rc = get_int(s, item, 0, 255, "a whole number 0..255", &v);
    if (rc == 0)
        *out = (uint8_t)v;
    return rc;
}

static int get_cookie(sctx_t *s, const cJSON *item, uint64_t *out)
{
    double d;
    int rc = jc_get_number(s->j, item, 0, 9007199254740992.0, "a cookie 0..2^53", &d);
    if (rc == 0)
        *out = (uint64_t)d;
    return rc;
}

static int read_inject(sctx_t *s, const cJSON *obj, mob_step_t *st)
{
    static const char *const keys[] = {"from",
                                       "type",
                                       "src",
                                       "dst",
                                       "hao",
                                       "rh2",
                                       "seq",
                                       "flags",
                                       "lifetime",
                                       "home_nonce_index",
                                       "coa_nonce_index",
                                       "nonce_indices",
                                       "cookie",
                                       "status",
                                       "alt_coa",
                                       "home",
                                       "refresh",
                                       "auth",
                                       "hex"};
    static const char *const auths[] = {"none", "wrong", "sniffed"};
    mob_inject_t *in = &st->inj;
    int rc;
    if ((rc = jc_expect_object(
             s->j, obj,
             "a message such as {\"from\": \"M\", \"type\": \"BU\", \"src\": \"M@B1\", \"dst\": \"B.hoa\"}")) ||
        (rc = jc_check_keys(s->j, obj, keys, sizeof(keys) / sizeof(keys[0]))))
        return rc;
    if (!jc_member(obj, "from"))
        return jc_fail(s->j, "expected a key \"from\" (the node that sends it)");
    OPT(s, obj, "from", get_node(s, ITEM, NODE_HOST | NODE_ROUTER | NODE_PASSIVE, in->from));
    if (jc_member(obj, "hex")) {
        for (size_t i = 1; i < sizeof(keys) / sizeof(keys[0]) - 1; i++)
            if (jc_member(obj, keys[i]))
                return jc_fail_at(s->j, keys[i],
                                  "expected only \"from\" beside \"hex\" (raw bytes)");
        OPT(s, obj, "hex", get_hex(s, ITEM, in));
        return 0;
    }
    static const char *const need[] = {"type", "src", "dst"};
    for (int i = 0; i < 3; i++)
        if (!jc_member(obj, need[i]))
            return jc_fail(s->j, "expected a key \"%s\" (or \"hex\" with the raw bytes)", need[i]);
    OPT(s, obj, "type", get_type(s, ITEM, true, &in->type));
    OPT(s, obj, "src", get_addr(s, ITEM, &in->src));
    OPT(s, obj, "dst", get_addr(s, ITEM, &in->dst));
    OPT(s, obj, "hao", get_addr(s, ITEM, &in->hao));
    OPT(s, obj, "rh2", get_addr(s, ITEM, &in->rh2));
    OPT(s, obj, "alt_coa", get_addr(s, ITEM, &in->alt_coa));
    OPT(s, obj, "home", get_addr(s, ITEM, &in->be_home));
    in->flags = in->type == MH_BU ? MH_BU_A : 0;
    in->lifetime = in->type == MH_BU ? 105 : 0; /* 420 s */
    OPT(s, obj, "seq", get_u16(s, ITEM, &in->seq, NULL));
    OPT(s, obj, "flags", get_flags(s, ITEM, &in->flags));
    OPT(s, obj, "lifetime", get_lifetime(s, ITEM, &in->lifetime));
    OPT(s, obj, "refresh", get_lifetime(s, ITEM, &in->refresh));
    in->has_refresh = jc_member(obj, "refresh") != NULL;
    OPT(s, obj, "home_nonce_index", get_u16(s, ITEM, &in->home_ni, &in->has_home_ni));
    OPT(s, obj, "coa_nonce_index", get_u16(s, ITEM, &in->coa_ni, &in->has_coa_ni));
    in->has_nonce_indices = in->has_home_ni || in->has_coa_ni;
    OPT(s, obj, "nonce_indices", jc_get_bool(s->j, ITEM, &in->has_nonce_indices));
    OPT(s, obj, "cookie", get_cookie(s, ITEM, &in->cookie));
    OPT(s, obj, "status", get_u8(s, ITEM, &in->status));
    int auth = MOB_AUTH_NONE;
    OPT(s, obj, "auth", jc_get_enum(s->j, ITEM, auths, 3, &auth));
    in->auth = (uint8_t)auth;
    return 0;
}

static const char *const actions[] = {"drop", "delay", "duplicate", "inject", "expect"};

static int read_time_in_run(sctx_t *s, const cJSON *obj, const char *key, sim_time_t *out)
{
    const cJSON *item = jc_member(obj, key);
    if (!item)
        return 0;
    size_t old = jc_push_key(s->j, key);
    int rc = jc_get_time(s->j, item, out);
    if (rc)
        return rc;
    if (*out > s->c->horizon) {
        char h[32], t[32];
        sim_time_format(s->c->horizon, h, sizeof(h));
        sim_time_format(*out, t, sizeof(t));
        return jc_fail(s->j, "expected a time up to the horizon (%s), got %s", h, t);
    }
    jc_pop(s->j, old);
    return 0;
}

static int read_step(sctx_t *s, const cJSON *obj, int idx)
{
    static const char *const keys[] = {"at",    "by",        "until",  "name",  "drop",
                                       "delay", "duplicate", "inject", "expect"};
    mob_step_t *st = mob_config_add_step(s->c);
    int rc;
    if (!st)
        return jc_nomem(s->j);
    if ((rc = jc_expect_object(
             s->j, obj, "a step such as {\"at\": \"2s\", \"expect\": {...}} (docs/check.md)")) ||
        (rc = jc_check_keys(s->j, obj, keys, sizeof(keys) / sizeof(keys[0]))))
        return rc;
    snprintf(st->path, sizeof(st->path), "$.script[%d]", idx);
    int which = -1;
    for (int i = 0; i < 5; i++) {
        if (!jc_member(obj, actions[i]))
            continue;
        if (which >= 0)
            return jc_fail_at(s->j, actions[i],
                              "expected one action per step, but \"%s\" is here too",
                              actions[which]);
        which = i;
    }
    if (which < 0)
        return jc_fail(
            s->j,
            "expected one action: \"drop\", \"delay\", \"duplicate\", \"inject\" or \"expect\"");
    st->kind = (uint8_t)which;
    st->until = s->c->horizon;
    if ((rc = read_time_in_run(s, obj, "at", &st->at)) ||
        (rc = read_time_in_run(s, obj, "by", &st->by)) ||
        (rc = read_time_in_run(s, obj, "until", &st->until)))
        return rc;
    st->has_by = jc_member(obj, "by") != NULL;
    bool has_at = jc_member(obj, "at") != NULL;
    if (!has_at && !(st->kind == MOB_STEP_EXPECT && st->has_by) && st->kind != MOB_STEP_DROP &&
        st->kind != MOB_STEP_DELAY && st->kind != MOB_STEP_DUPLICATE)
        return jc_fail(s->j, "expected a key \"at\" (when the step happens, such as \"2s\")");
    if (st->has_by && st->kind != MOB_STEP_EXPECT)
        return jc_fail_at(s->j, "by", "expected \"by\" only on an \"expect\" step");
    if (jc_member(obj, "until") && st->kind > MOB_STEP_DUPLICATE)
        return jc_fail_at(s->j, "until",
                          "expected \"until\" only on a drop, delay or duplicate rule");
    if (st->has_by && st->by < st->at)
        return jc_fail_at(s->j, "by", "expected a time not before \"at\"");
    if (st->until < st->at)
        return jc_fail_at(s->j, "until", "expected a time not before \"at\"");
    OPT(s, obj, "name", jc_get_text(s->j, ITEM, st->name, sizeof(st->name)));
    const cJSON *body = jc_member(obj, actions[which]);
    size_t old = jc_push_key(s->j, actions[which]);
    if (st->kind == MOB_STEP_INJECT)
        rc = read_inject(s, body, st);
    else if (st->kind == MOB_STEP_EXPECT)
        rc = read_expect(s, body, st);
    else
        rc = read_rule(s, body, st, actions[which]);
    if (rc == 0)
        jc_pop(s->j, old);
    return rc;
}

static int read_script(sctx_t *s, const cJSON *root);
static int read_array(sctx_t *s, const cJSON *root, const char *key, bool nodes);

int scni_read_script(jc_t *j, const cJSON *root, mob_config_t *c)
{
    if (!jc_member(root, "script") && !jc_member(root, "nodes") && !jc_member(root, "taps"))
        return 0;
    sctx_t s;
    memset(&s, 0, sizeof(s));
    s.j = j;
    s.c = c;
    int rc = build_maps(&s) < 0 ? jc_nomem(j) : 0;
    if (rc == 0)
        rc = read_array(&s, root, "nodes", true);
    if (rc == 0)
        rc = read_array(&s, root, "taps", false);
    if (rc == 0)
        rc = read_script(&s, root);
    sctx_fini(&s);
    return rc;
}

static int read_script(sctx_t *s, const cJSON *root)
{
    jc_t *j = s->j;
    const cJSON *arr = jc_member(root, "script");
    if (!arr)
        return 0;
    size_t old = jc_push_key(j, "script");
    int n = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || n > STEPS_MAX) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        if (cJSON_IsArray(arr))
            snprintf(got, sizeof(got), "%d steps", n);
        return jc_fail(j, "expected an array of at most %d steps, got %s", STEPS_MAX, got);
    }
    int i = 0, rc = 0;
    for (const cJSON *it = arr->child; it && rc == 0; it = it->next, i++) {
        size_t o = jc_push_index(j, i);
        if ((rc = read_step(s, it, i)) == 0)
            jc_pop(j, o);
    }
    if (rc == 0)
        jc_pop(j, old);
    return rc;
}

/* ------------------------------------------------------------ nodes, taps */

#define PNODES_MAX 1000

static uint64_t host_iid(const mob_config_t *c, int i)
{
    return c->hosts[i].iid ? c->hosts[i].iid : 0x100u * (uint64_t)(i + 1);
}

static int get_pnode_iid(sctx_t *s, const cJSON *item, uint64_t *out)
{
    static const char what[] =
        "an interface identifier: a number 1..2^53, or a string such as \"::666\" or \"0x666\"";
    if (cJSON_IsNumber(item)) {
        double d = item->valuedouble;
        if (!(d >= 1 && d <= 9007199254740992.0) || d != (double)(uint64_t)d)
            return fail_got(s, item, what);
        *out = (uint64_t)d;
        return 0;
    }
    if (!cJSON_IsString(item))
        return fail_got(s, item, what);
    const char *t = item->valuestring;
    char *end = NULL;
    if (strncmp(t, "::", 2) == 0) {
        net_addr_t a;
        if (net_addr_parse(t, &a) != 0)
            return fail_got(s, item, what);
        uint64_t v = 0;
        for (int b = 8; b < 16; b++)
            v = v << 8 | a.b[b];
        *out = v;
    } else if (strncmp(t, "0x", 2) == 0) {
        *out = strtoull(t + 2, &end, 16);
        if (!end || *end || end == t + 2)
            return fail_got(s, item, what);
    } else {
        return fail_got(s, item, what);
    }
    if (*out == 0)
        return fail_got(s, item, what);
    return 0;
}

static int read_pnode(sctx_t *s, const cJSON *obj, int idx)
{
    static const char *const keys[] = {"name", "kind", "network", "iid"};
    static const char *const kinds[] = {"node"};
    mob_config_t *c = s->c;
    int rc;
    if ((rc = jc_expect_object(
             s->j, obj,
             "a node such as {\"name\": \"M\", \"kind\": \"node\", \"network\": \"A2\"}")) ||
        (rc = jc_check_keys(s->j, obj, keys, 4)))
        return rc;
    mob_pnode_t *p = mob_config_add_pnode(c);
    if (!p)
        return jc_nomem(s->j);
    p->iid = 0x6660 + (uint64_t)idx;
    static const char *const need[] = {"name", "network"};
    for (int i = 0; i < 2; i++)
        if (!jc_member(obj, need[i]))
            return jc_fail(s->j, "expected a key \"%s\"", need[i]);
    int kind = 0;
    OPT(s, obj, "kind", jc_get_enum(s->j, ITEM, kinds, 1, &kind));
    const cJSON *name = jc_member(obj, "name");
    size_t old = jc_push_key(s->j, "name");
    char r[MOB_NAME_MAX];
    if (!cJSON_IsString(name) || !jc_is_plain_key(name->valuestring) ||
        strlen(name->valuestring) > 28)
        return fail_got(s, name, "a name of letters, digits, \"_\" and \"-\", at most 28 bytes");
    if (host_of(s, name->valuestring) >= 0 || router_of(s, name->valuestring) >= 0 ||
        pnode_of(s, name->valuestring) >= 0 || net_of(s, name->valuestring) >= 0)
        return fail_got(s, name, "a name no host, network, router or other node has");
    snprintf(r, sizeof(r), "%.28s", name->valuestring);
    jc_pop(s->j, old);
    const cJSON *net = jc_member(obj, "network");
    old = jc_push_key(s->j, "network");
    if (!cJSON_IsString(net) || (p->net = net_of(s, net->valuestring)) < 0)
        return fail_got(s, net, "the name of a network");
    jc_pop(s->j, old);
    OPT(s, obj, "iid", get_pnode_iid(s, ITEM, &p->iid));
    for (int i = 0; i < c->n_hosts; i++)
        if (host_iid(c, i) == p->iid)
            return jc_fail_at(s->j, "iid",
                              "expected an interface identifier other than host %s's (0x%llx)",
                              c->hosts[i].name, (unsigned long long)p->iid);
    for (int i = 0; i < c->n_pnodes - 1; i++)
        if (c->pnodes[i].iid == p->iid && c->pnodes[i].net == p->net)
            return jc_fail_at(s->j, "iid",
                              "expected an interface identifier other than node %s's (0x%llx)",
                              c->pnodes[i].name, (unsigned long long)p->iid);
    if (p->iid == 1)
        return jc_fail_at(s->j, "iid",
                          "expected an interface identifier other than 1 (the router's)");
    memcpy(p->name, r, sizeof(p->name));
    if (scn_strmap_add(&s->pnodes, p->name, c->n_pnodes - 1, NULL) < 0)
        return jc_nomem(s->j);
    return 0;
}

static int read_tap(sctx_t *s, const cJSON *obj)
{
    static const char *const keys[] = {"network", "to"};
    mob_config_t *c = s->c;
    int rc;
    if ((rc = jc_expect_object(s->j, obj, "a tap such as {\"network\": \"A2\", \"to\": \"M\"}")) ||
        (rc = jc_check_keys(s->j, obj, keys, 2)))
        return rc;
    mob_tap_t *t = mob_config_add_tap(c);
    if (!t)
        return jc_nomem(s->j);
    const cJSON *net = jc_member(obj, "network"), *to = jc_member(obj, "to");
    if (!net || !to)
        return jc_fail(s->j, "expected the keys \"network\" and \"to\"");
    size_t old = jc_push_key(s->j, "network");
    if (!cJSON_IsString(net) || (t->net = net_of(s, net->valuestring)) < 0)
        return fail_got(s, net, "the name of a network");
    jc_pop(s->j, old);
    old = jc_push_key(s->j, "to");
    if (!cJSON_IsString(to) || (t->node = pnode_of(s, to->valuestring)) < 0)
        return fail_got(s, to, "the name of a node of \"nodes\" (the eavesdropper)");
    jc_pop(s->j, old);
    return 0;
}

static int read_array(sctx_t *s, const cJSON *root, const char *key, bool nodes)
{
    const cJSON *arr = jc_member(root, key);
    if (!arr)
        return 0;
    size_t old = jc_push_key(s->j, key);
    int n = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || n > PNODES_MAX)
        return fail_got(s, arr,
                        nodes ? "an array of at most 1000 nodes" : "an array of at most 1000 taps");
    int i = 0, rc = 0;
    for (const cJSON *it = arr->child; it && rc == 0; it = it->next, i++) {
        size_t o = jc_push_index(s->j, i);
        if ((rc = nodes ? read_pnode(s, it, i) : read_tap(s, it)) == 0)
            jc_pop(s->j, o);
    }
    if (rc == 0)
        jc_pop(s->j, old);
    return rc;
}
