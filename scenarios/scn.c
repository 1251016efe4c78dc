/* scenarios/scn.c - the scenario loader: JSON text -> cJSON tree -> mob_config_t.
 *
 * Validation walks the tree with a path buffer ("$.moves[1].at") so every
 * message names where the problem is. It stops at the first problem: one
 * precise line is more useful than a cascade of consequences. Checks run in
 * a fixed order (plain keys, networks, delays, hosts, deploy, moves,
 * mobility) because later keys refer to names defined by earlier ones.
 */
#include "scenarios/scn.h"

#include "scenarios/jcheck.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_LEN 256
#define NAME_LEN_MAX 28 /* node names are built as "AR_" + network name in 32 bytes */
#define SEED_MAX 9007199254740992.0 /* 2^53: larger seeds go in a string */
#define HORIZON_MAX SIM_S(86400)
#define BU_LIFETIME_UNIT SIM_S(4) /* RFC 6275 §6.1.7: lifetime in 4 s units, 16 bits */
#define BU_LIFETIME_MAX (BU_LIFETIME_UNIT * 65535)
#define TRAFFIC_RATE_MAX 10000.0
#define TRAFFIC_SIZE_MIN 0
#define TRAFFIC_SIZE_MAX 1400
#define MOBILITY_RATE_MAX 100.0
#define TIME_EXAMPLE JC_TIME_EXAMPLE
#define DELAY_EXAMPLE                                                                              \
    "expected a delay: a time such as \"5ms\", or a distribution such as "                        \
    "{\"dist\": \"uniform\", \"min\": \"5ms\", \"max\": \"15ms\"}"

/* ------------------------------------------------------------------------ */
/* Validation context: the JSON path and error (jcheck), the config filled   */

typedef struct vctx {
    jc_t j; /* file, path, error */
    mob_config_t *cfg;
    char created[PATH_MAX_LEN];      /* set_apply: the first key it had to create, "" none */
    int move_of_host[MOB_MAX_HOSTS]; /* first scripted move per host, -1 none */
} vctx_t;

static bool valid_name(const char *s)
{
    if (!jc_is_plain_key(s) || strlen(s) > NAME_LEN_MAX)
        return false;
    return s[0] != '_' && s[0] != '-';
}

#define NAME_RULE                                                                                  \
    "a name of letters, digits, \"_\" and \"-\" (at most 28 characters, not starting with "        \
    "\"_\" or \"-\")"

static int get_name(vctx_t *v, const cJSON *item, char *buf, size_t cap)
{
    if (!cJSON_IsString(item) || !valid_name(item->valuestring)) {
        char got[96];
        jc_describe(got, sizeof(got), item);
        return jc_fail(&v->j, "expected " NAME_RULE ", got %s", got);
    }
    snprintf(buf, cap, "%s", item->valuestring);
    return 0;
}

/* A delay: a time, or {"dist": ..., parameters}. */
static const char *const dist_names[] = {"constant", "uniform", "exponential", "lognormal",
                                         "normal"};

const char *scn_dist_name(mob_dist_kind_t kind)
{
    return (kind >= MOB_DIST_CONST && kind <= MOB_DIST_NORMAL) ? dist_names[kind] : "?";
}

static int dist_time(vctx_t *v, const cJSON *obj, const char *key, sim_time_t *out)
{
    const cJSON *item = jc_member(obj, key);
    if (!item)
        return jc_fail(&v->j, "expected a key \"%s\" for this distribution", key);
    size_t old = jc_push_key(&v->j, key);
    int rc = jc_get_time(&v->j, item, out);
    jc_pop(&v->j, old);
    return rc;
}

static int get_dist(vctx_t *v, const cJSON *obj, mob_delay_t *out)
{
    static const char *const keys[][4] = {
        [MOB_DIST_CONST] = {"dist", "value"},
        [MOB_DIST_UNIFORM] = {"dist", "min", "max"},
        [MOB_DIST_EXP] = {"dist", "mean"},
        [MOB_DIST_LOGNORMAL] = {"dist", "median", "sigma"},
        [MOB_DIST_NORMAL] = {"dist", "mean", "sd"},
    };
    static const size_t n_keys[] = {2, 3, 2, 3, 3};
    const cJSON *d = jc_member(obj, "dist");
    if (!d)
        return jc_fail(&v->j, DELAY_EXAMPLE ", got an object without \"dist\"");
    int kind;
    size_t old = jc_push_key(&v->j, "dist");
    int rc = jc_get_enum(&v->j, d, dist_names, sizeof(dist_names) / sizeof(dist_names[0]), &kind);
    jc_pop(&v->j, old);
    if (rc)
        return rc;
    if ((rc = jc_check_keys(&v->j, obj, keys[kind], n_keys[kind])))
        return rc;
    mob_delay_t x;
    memset(&x, 0, sizeof(x)); /* padding too: configs compare with memcmp */
    x.kind = (mob_dist_kind_t)kind;
    switch ((mob_dist_kind_t)kind) {
    case MOB_DIST_CONST:
        rc = dist_time(v, obj, "value", &x.a);
        break;
    case MOB_DIST_UNIFORM:
        if ((rc = dist_time(v, obj, "min", &x.a)) || (rc = dist_time(v, obj, "max", &x.b)))
            break;
        if (x.b < x.a) {
            old = jc_push_key(&v->j, "max");
            rc = jc_fail(&v->j, "expected a maximum not below the minimum");
            jc_pop(&v->j, old);
        }
        break;
    case MOB_DIST_EXP:
        rc = dist_time(v, obj, "mean", &x.a);
        break;
    case MOB_DIST_LOGNORMAL:
        if ((rc = dist_time(v, obj, "median", &x.a)))
            break;
        if (x.a <= 0) {
            old = jc_push_key(&v->j, "median");
            rc = jc_fail(&v->j, "expected a median above 0 (a lognormal delay is never 0)");
            jc_pop(&v->j, old);
            break;
        }
        if (!jc_member(obj, "sigma")) {
            rc = jc_fail(&v->j, "expected a key \"sigma\" for this distribution");
            break;
        }
        old = jc_push_key(&v->j, "sigma");
        rc = jc_get_number(&v->j, jc_member(obj, "sigma"), 0, 10,
                        "a number from 0 to 10 (the standard deviation of the delay's logarithm)",
                        &x.sigma);
        jc_pop(&v->j, old);
        break;
    case MOB_DIST_NORMAL:
        if ((rc = dist_time(v, obj, "mean", &x.a)))
            break;
        rc = dist_time(v, obj, "sd", &x.b);
        break;
    }
    if (rc == 0)
        *out = x;
    return rc;
}

static int get_delay(vctx_t *v, const cJSON *item, mob_delay_t *out)
{
    if (cJSON_IsObject(item))
        return get_dist(v, item, out);
    if (cJSON_IsString(item) || cJSON_IsNumber(item)) {
        sim_time_t t;
        int rc = jc_get_time(&v->j, item, &t);
        if (rc == 0) {
            memset(out, 0, sizeof(*out));
            out->kind = MOB_DIST_CONST;
            out->a = t;
        }
        return rc;
    }
    char got[96];
    jc_describe(got, sizeof(got), item);
    return jc_fail(&v->j, DELAY_EXAMPLE ", got %s", got);
}

/* Optional members: absent keeps the default already in *out. */
#define OPTIONAL(v, obj, key, call)                                                                \
    do {                                                                                           \
        const cJSON *item_ = jc_member((obj), (key));                                                 \
        if (item_) {                                                                               \
            size_t old_ = jc_push_key(&(v)->j, (key));                                                    \
            int rc_ = call;                                                                        \
            if (rc_)                                                                               \
                return rc_;                                                                        \
            jc_pop(&(v)->j, old_);                                                                        \
        }                                                                                          \
    } while (0)
#define ITEM item_

static int opt_time(vctx_t *v, const cJSON *obj, const char *key, sim_time_t *out)
{
    OPTIONAL(v, obj, key, jc_get_time(&v->j, ITEM, out));
    return 0;
}

static int opt_delay(vctx_t *v, const cJSON *obj, const char *key, mob_delay_t *out)
{
    OPTIONAL(v, obj, key, get_delay(v, ITEM, out));
    return 0;
}

static int opt_bool(vctx_t *v, const cJSON *obj, const char *key, bool *out)
{
    OPTIONAL(v, obj, key, jc_get_bool(&v->j, ITEM, out));
    return 0;
}

/* A two-valued string key mapped to a bool. */
static int opt_choice(vctx_t *v, const cJSON *obj, const char *key, const char *off,
                      const char *on, bool *out)
{
    const char *const names[] = {off, on};
    int which = *out;
    OPTIONAL(v, obj, key, jc_get_enum(&v->j, ITEM, names, 2, &which));
    *out = which == 1;
    return 0;
}

/* Required members: absent is an error naming the key. */
static const cJSON *required(vctx_t *v, const cJSON *obj, const char *key, const char *what,
                             int *rc)
{
    const cJSON *item = jc_member(obj, key);
    *rc = item ? 0 : jc_fail(&v->j, "expected a key \"%s\" (%s)", key, what);
    return item;
}

/* ------------------------------------------------------------------------ */
/* Names defined by the scenario                                              */

static int net_index(const mob_config_t *c, const char *name)
{
    for (int i = 0; i < c->n_nets; i++)
        if (strcmp(c->nets[i].name, name) == 0)
            return i;
    return -1;
}

static int host_index(const mob_config_t *c, const char *name)
{
    for (int i = 0; i < c->n_hosts; i++)
        if (strcmp(c->hosts[i].name, name) == 0)
            return i;
    return -1;
}

static int ha_net_index(const mob_config_t *c, const char *ha)
{
    for (int i = 0; i < c->n_nets; i++)
        if (c->nets[i].is_home && strcmp(c->nets[i].home_agent, ha) == 0)
            return i;
    return -1;
}

/* A reference to a network by name. */
static int get_net_ref(vctx_t *v, const cJSON *item, int *out)
{
    const mob_config_t *c = v->cfg;
    const char *names[MOB_MAX_NETS];
    for (int i = 0; i < c->n_nets; i++)
        names[i] = c->nets[i].name;
    char list[512], got[96], hint[96] = "";
    jc_list_names(list, sizeof(list), names, (size_t)c->n_nets);
    if (cJSON_IsString(item)) {
        int i = net_index(c, item->valuestring);
        if (i >= 0) {
            *out = i;
            return 0;
        }
        const char *near = jc_closest(item->valuestring, names, (size_t)c->n_nets);
        if (near)
            snprintf(hint, sizeof(hint), " (did you mean \"%s\"?)", near);
    }
    jc_describe(got, sizeof(got), item);
    return jc_fail(&v->j, "expected the name of a network in $.networks (%s), got %s%s", list, got,
                hint);
}

static int get_host_ref(vctx_t *v, const cJSON *item, int *out)
{
    const mob_config_t *c = v->cfg;
    const char *names[MOB_MAX_HOSTS];
    for (int i = 0; i < c->n_hosts; i++)
        names[i] = c->hosts[i].name;
    char list[128], got[96];
    jc_list_names(list, sizeof(list), names, (size_t)c->n_hosts);
    if (cJSON_IsString(item)) {
        int i = host_index(c, item->valuestring);
        if (i >= 0) {
            *out = i;
            return 0;
        }
    }
    jc_describe(got, sizeof(got), item);
    return jc_fail(&v->j, "expected the name of a host in $.hosts (%s), got %s", list, got);
}

/* ------------------------------------------------------------------------ */
/* Sections                                                                   */

static int read_seed(vctx_t *v, const cJSON *item, uint64_t *out)
{
    if (cJSON_IsNumber(item) && isfinite(item->valuedouble) && item->valuedouble >= 0 &&
        item->valuedouble <= SEED_MAX && item->valuedouble == floor(item->valuedouble)) {
        *out = (uint64_t)item->valuedouble;
        return 0;
    }
    if (cJSON_IsString(item) && item->valuestring[0] >= '0' && item->valuestring[0] <= '9') {
        char *end;
        errno = 0;
        unsigned long long s = strtoull(item->valuestring, &end, 10);
        if (errno == 0 && *end == 0) {
            *out = (uint64_t)s;
            return 0;
        }
    }
    char got[96];
    jc_describe(got, sizeof(got), item);
    return jc_fail(&v->j,
                "expected a whole number from 0 to 2^53 (or a string of digits up to "
                "18446744073709551615), got %s",
                got);
}

static int read_params(vctx_t *v, const cJSON *obj)
{
    static const char *const keys[] = {"T_b", "T_h", "T_p", "fwd_lifetime", "fwd_buffer"};
    mob_config_t *c = v->cfg;
    int rc;
    if ((rc = jc_expect_object(&v->j, obj, "an object such as {\"T_b\": \"300ms\"}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 5)) || (rc = opt_time(v, obj, "T_b", &c->T_b)) ||
        (rc = opt_time(v, obj, "T_h", &c->T_h)) || (rc = opt_time(v, obj, "T_p", &c->T_p)) ||
        (rc = opt_time(v, obj, "fwd_lifetime", &c->fwd_lifetime)) ||
        (rc = opt_time(v, obj, "fwd_buffer", &c->fwd_buffer)))
        return rc;
    return 0;
}

static int read_handoff(vctx_t *v, const cJSON *obj)
{
    static const char *const keys[] = {"l2", "movement_detection", "dad"};
    mob_config_t *c = v->cfg;
    int rc;
    if ((rc = jc_expect_object(&v->j, obj, "an object such as {\"l2\": \"50ms\"}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 3)) || (rc = opt_delay(v, obj, "l2", &c->l2)) ||
        (rc = opt_delay(v, obj, "movement_detection", &c->movement_detection)) ||
        (rc = opt_delay(v, obj, "dad", &c->dad)))
        return rc;
    return 0;
}

static int read_traffic(vctx_t *v, const cJSON *obj)
{
    static const char *const keys[] = {"rate", "size"};
    mob_config_t *c = v->cfg;
    int rc;
    if ((rc = jc_expect_object(&v->j, obj, "an object such as {\"rate\": 50, \"size\": 160}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 2)))
        return rc;
    OPTIONAL(v, obj, "rate",
             jc_get_number(&v->j, ITEM, 0, TRAFFIC_RATE_MAX,
                        "a rate in packets per second each way, from 0 (no data) to 10000",
                        &c->traffic_rate));
    double size = c->traffic_size;
    OPTIONAL(v, obj, "size",
             jc_get_number(&v->j, ITEM, TRAFFIC_SIZE_MIN, TRAFFIC_SIZE_MAX,
                        "a UDP payload size in bytes from 0 to 1400", &size));
    if (size != floor(size)) {
        size_t old = jc_push_key(&v->j, "size");
        rc = jc_fail(&v->j, "expected a whole number of bytes from 0 to 1400, got %g", size);
        jc_pop(&v->j, old);
        return rc;
    }
    c->traffic_size = (int)size;
    return 0;
}

static int read_bu_lifetime(vctx_t *v, const cJSON *item)
{
    sim_time_t t;
    int rc = jc_get_time(&v->j, item, &t);
    if (rc)
        return rc;
    if (t < BU_LIFETIME_UNIT || t > BU_LIFETIME_MAX || t % BU_LIFETIME_UNIT != 0) {
        char got[32];
        sim_time_format(t, got, sizeof(got));
        return jc_fail(&v->j,
                    "expected a multiple of 4s from 4s to 262140s (a BU carries its lifetime "
                    "in 4-second units), got %s",
                    got);
    }
    v->cfg->bu_lifetime = t;
    return 0;
}

static int read_horizon(vctx_t *v, const cJSON *item)
{
    sim_time_t t;
    int rc = jc_get_time(&v->j, item, &t);
    if (rc)
        return rc;
    if (t <= 0 || t > HORIZON_MAX) {
        char got[32];
        sim_time_format(t, got, sizeof(got));
        return jc_fail(&v->j, "expected a horizon above 0 and at most 86400s (one day), got %s", got);
    }
    v->cfg->horizon = t;
    return 0;
}

/* The keys that are plain values, read before any name is known. */
static int read_plain(vctx_t *v, const cJSON *root)
{
    static const char *const schemes[] = {"baseline", "forwarding", "proxies", "hoa-signaling"};
    static const char *const routing[] = {"binding-cache", "rfc6275"};
    mob_config_t *c = v->cfg;
    int scheme = (int)c->scheme, mh = (int)c->mh_routing;
    OPTIONAL(v, root, "name", jc_get_text(&v->j, ITEM, c->name, sizeof(c->name)));
    OPTIONAL(v, root, "description", jc_get_text(&v->j, ITEM, c->description, sizeof(c->description)));
    OPTIONAL(v, root, "seed", read_seed(v, ITEM, &c->seed));
    OPTIONAL(v, root, "horizon", read_horizon(v, ITEM));
    OPTIONAL(v, root, "scheme", jc_get_enum(&v->j, ITEM, schemes, 4, &scheme));
    c->scheme = (mob_scheme_t)scheme;
    OPTIONAL(v, root, "params", read_params(v, ITEM));
    int rc;
    if ((rc = opt_choice(v, root, "rr", "standard", "expedited", &c->rr_expedited)))
        return rc;
    OPTIONAL(v, root, "bu_lifetime", read_bu_lifetime(v, ITEM));
    if ((rc = opt_bool(v, root, "icmp_unreachable", &c->icmp_unreachable)))
        return rc;
    OPTIONAL(v, root, "loss",
             jc_get_number(&v->j, ITEM, 0, 1, "a loss probability from 0 to 1", &c->loss));
    OPTIONAL(v, root, "handoff", read_handoff(v, ITEM));
    OPTIONAL(v, root, "traffic", read_traffic(v, ITEM));
    if ((rc = opt_choice(v, root, "initial", "route-optimized", "cold", &c->initial_cold)))
        return rc;
    OPTIONAL(v, root, "mh_routing", jc_get_enum(&v->j, ITEM, routing, 2, &mh));
    c->mh_routing = (mob_mh_routing_t)mh;
    if ((rc = opt_bool(v, root, "cn_bu_after_home_ba", &c->cn_bu_after_home_ba)) ||
        (rc = opt_choice(v, root, "rr_start", "with-home-bu", "after-home-ba",
                         &c->rr_after_home_ba)) ||
        (rc = opt_bool(v, root, "cn_bu_ack", &c->cn_bu_ack)) ||
        (rc = opt_time(v, root, "ha_dad", &c->ha_dad)))
        return rc;
    return 0;
}

/* "2001:db8:a::/64" -> the first 64 bits; only /64 prefixes exist here. */
static int get_prefix(vctx_t *v, const cJSON *item, net_addr_t *out)
{
    char got[96];
    jc_describe(got, sizeof(got), item);
    if (cJSON_IsString(item)) {
        const char *s = item->valuestring;
        const char *slash = strchr(s, '/');
        char addr[64];
        size_t n = slash ? (size_t)(slash - s) : 0;
        net_addr_t a;
        if (slash && n < sizeof(addr)) {
            memcpy(addr, s, n);
            addr[n] = 0;
            if (net_addr_parse(addr, &a) == 0) {
                if (strcmp(slash + 1, "64") != 0)
                    return jc_fail(&v->j, "expected a /64 prefix (mobsim's networks are /64s), got %s",
                                got);
                static const uint8_t zero[8];
                if (memcmp(a.b + 8, zero, 8) != 0)
                    return jc_fail(&v->j,
                                "expected a /64 prefix whose last 64 bits are zero, such as "
                                "\"2001:db8:a::/64\", got %s",
                                got);
                *out = a;
                return 0;
            }
        }
    }
    return jc_fail(&v->j, "expected an IPv6 /64 prefix such as \"2001:db8:a::/64\", got %s", got);
}

static int read_network(vctx_t *v, const cJSON *obj, int idx)
{
    static const char *const keys[] = {"name", "prefix", "home_agent", "access"};
    mob_config_t *c = v->cfg;
    mob_net_t *n = &c->nets[idx];
    int rc;
    if ((rc = jc_expect_object(&v->j, obj,
                            "a network such as {\"name\": \"A1\", \"prefix\": "
                            "\"2001:db8:a1::/64\"}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 4)))
        return rc;
    const cJSON *name = required(v, obj, "name", "the network's name", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "name");
    if ((rc = get_name(v, name, n->name, sizeof(n->name))))
        return rc;
    for (int j = 0; j < idx; j++)
        if (strcmp(c->nets[j].name, n->name) == 0)
            return jc_fail(&v->j, "expected a name not used before, but $.networks[%d] is also \"%s\"",
                        j, n->name);
    jc_pop(&v->j, old);
    const cJSON *prefix = required(v, obj, "prefix", "such as \"2001:db8:a1::/64\"", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "prefix");
    if ((rc = get_prefix(v, prefix, &n->prefix)))
        return rc;
    for (int j = 0; j < idx; j++)
        if (net_addr_same_64(&c->nets[j].prefix, &n->prefix))
            return jc_fail(&v->j, "expected a prefix of its own, but $.networks[%d] (%s) has it too", j,
                        c->nets[j].name);
    jc_pop(&v->j, old);
    const cJSON *ha = jc_member(obj, "home_agent");
    if (ha) {
        old = jc_push_key(&v->j, "home_agent");
        if ((rc = get_name(v, ha, n->home_agent, sizeof(n->home_agent))))
            return rc;
        for (int j = 0; j < idx; j++)
            if (c->nets[j].is_home && strcmp(c->nets[j].home_agent, n->home_agent) == 0)
                return jc_fail(&v->j, "expected a home agent name not used before, but $.networks[%d] "
                               "has home agent \"%s\" too",
                            j, n->home_agent);
        n->is_home = true;
        jc_pop(&v->j, old);
    }
    const cJSON *access = jc_member(obj, "access");
    if (access) {
        old = jc_push_key(&v->j, "access");
        if ((rc = get_delay(v, access, &n->access)))
            return rc;
        n->has_access = true;
        jc_pop(&v->j, old);
    }
    n->deploy = true;
    return 0;
}

/* Home agents, access routers ("AR_" + network) and hosts share one name
 * space (trace records and messages name nodes), and deploy keys mix HA and
 * network names, so an HA may not be called like a network either. */
static int check_ha_names(vctx_t *v)
{
    const mob_config_t *c = v->cfg;
    for (int i = 0; i < c->n_nets; i++) {
        if (!c->nets[i].is_home)
            continue;
        const char *ha = c->nets[i].home_agent;
        for (int j = 0; j < c->n_nets; j++) {
            char ar[40];
            snprintf(ar, sizeof(ar), "AR_%s", c->nets[j].name);
            if (strcmp(ha, c->nets[j].name) == 0 || strcmp(ha, ar) == 0) {
                jc_push_index(&v->j, i);
                jc_push_key(&v->j, "home_agent");
                return jc_fail(&v->j, "expected a home agent name distinct from network \"%s\" and "
                               "its access router \"%s\"",
                            c->nets[j].name, ar);
            }
        }
    }
    return 0;
}

static int read_networks(vctx_t *v, const cJSON *root)
{
    int rc;
    const cJSON *arr = required(v, root, "networks", "the list of networks", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "networks");
    int n = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || n < 1 || n > MOB_MAX_NETS) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        if (cJSON_IsArray(arr))
            snprintf(got, sizeof(got), "%d networks", n);
        return jc_fail(&v->j, "expected an array of 1 to %d networks, got %s", MOB_MAX_NETS, got);
    }
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        v->cfg->n_nets = i;
        if ((rc = read_network(v, it, i)))
            return rc;
        jc_pop(&v->j, o);
    }
    v->cfg->n_nets = n;
    if ((rc = check_ha_names(v)))
        return rc;
    bool any_home = false;
    for (int j = 0; j < n; j++)
        any_home |= v->cfg->nets[j].is_home;
    if (!any_home)
        return jc_fail(&v->j, "expected at least one home network (a network with a \"home_agent\")");
    jc_pop(&v->j, old);
    return 0;
}

static int read_pair(vctx_t *v, const cJSON *obj, int idx)
{
    static const char *const keys[] = {"between", "delay"};
    mob_config_t *c = v->cfg;
    mob_core_pair_t *p = &c->pairs[idx];
    int rc;
    if ((rc = jc_expect_object(&v->j, obj,
                            "an object such as {\"between\": [\"homeA\", \"homeB\"], "
                            "\"delay\": \"40ms\"}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 2)))
        return rc;
    const cJSON *between = required(v, obj, "between", "two network names", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "between");
    if (!cJSON_IsArray(between) || cJSON_GetArraySize(between) != 2) {
        char got[96];
        jc_describe(got, sizeof(got), between);
        return jc_fail(&v->j, "expected two network names such as [\"homeA\", \"homeB\"], got %s", got);
    }
    for (int k = 0; k < 2; k++) {
        size_t o = jc_push_index(&v->j, k);
        if ((rc = get_net_ref(v, cJSON_GetArrayItem(between, k), k ? &p->b : &p->a)))
            return rc;
        jc_pop(&v->j, o);
    }
    if (p->a == p->b)
        return jc_fail(&v->j, "expected two different networks (the delay inside one network is its "
                       "access delay)");
    for (int j = 0; j < idx; j++) {
        const mob_core_pair_t *q = &c->pairs[j];
        if ((q->a == p->a && q->b == p->b) || (q->a == p->b && q->b == p->a))
            return jc_fail(&v->j, "expected each pair of networks once, but "
                           "$.delay.core.pairs[%d] is the same pair",
                        j);
    }
    jc_pop(&v->j, old);
    const cJSON *delay = required(v, obj, "delay", "such as \"40ms\"", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "delay");
    if ((rc = get_delay(v, delay, &p->delay)))
        return rc;
    jc_pop(&v->j, old);
    return 0;
}

static int read_core(vctx_t *v, const cJSON *obj)
{
    static const char *const keys[] = {"default", "pairs"};
    mob_config_t *c = v->cfg;
    int rc;
    if ((rc = jc_expect_object(&v->j, obj,
                            "an object such as {\"default\": \"20ms\", \"pairs\": [...]}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 2)) || (rc = opt_delay(v, obj, "default", &c->core_default)))
        return rc;
    const cJSON *pairs = jc_member(obj, "pairs");
    if (!pairs)
        return 0;
    size_t old = jc_push_key(&v->j, "pairs");
    int n = cJSON_GetArraySize(pairs);
    if (!cJSON_IsArray(pairs) || n > MOB_MAX_PAIRS) {
        char got[96];
        jc_describe(got, sizeof(got), pairs);
        if (cJSON_IsArray(pairs))
            snprintf(got, sizeof(got), "%d pairs", n);
        return jc_fail(&v->j, "expected an array of at most %d pairs, got %s", MOB_MAX_PAIRS, got);
    }
    int i = 0;
    for (const cJSON *it = pairs->child; it; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        if ((rc = read_pair(v, it, i)))
            return rc;
        c->n_pairs = i + 1;
        jc_pop(&v->j, o);
    }
    jc_pop(&v->j, old);
    return 0;
}

static int read_delay(vctx_t *v, const cJSON *root)
{
    static const char *const keys[] = {"access", "core"};
    const cJSON *obj = jc_member(root, "delay");
    if (!obj)
        return 0;
    size_t old = jc_push_key(&v->j, "delay");
    int rc;
    if ((rc = jc_expect_object(&v->j, obj,
                            "an object such as {\"access\": \"5ms\", \"core\": {\"default\": "
                            "\"20ms\"}}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 2)) ||
        (rc = opt_delay(v, obj, "access", &v->cfg->access_default)))
        return rc;
    OPTIONAL(v, obj, "core", read_core(v, ITEM));
    jc_pop(&v->j, old);
    return 0;
}

static int get_iid(vctx_t *v, const cJSON *item, uint64_t *out)
{
    uint64_t iid = 0;
    bool ok = false;
    if (cJSON_IsNumber(item) && isfinite(item->valuedouble) && item->valuedouble >= 1 &&
        item->valuedouble <= SEED_MAX && item->valuedouble == floor(item->valuedouble)) {
        iid = (uint64_t)item->valuedouble;
        ok = true;
    } else if (cJSON_IsString(item)) {
        const char *s = item->valuestring;
        net_addr_t a;
        if (strncmp(s, "0x", 2) == 0 && s[2]) {
            char *end;
            errno = 0;
            unsigned long long x = strtoull(s + 2, &end, 16);
            ok = errno == 0 && *end == 0 && s[2] != '-' && s[2] != '+' && s[2] != ' ';
            iid = (uint64_t)x;
        } else if (strncmp(s, "::", 2) == 0 && net_addr_parse(s, &a) == 0) {
            static const uint8_t zero[8];
            ok = memcmp(a.b, zero, 8) == 0;
            for (int k = 8; k < 16; k++)
                iid = (iid << 8) | a.b[k];
        }
        ok = ok && iid != 0;
    }
    if (!ok) {
        char got[96];
        jc_describe(got, sizeof(got), item);
        return jc_fail(&v->j,
                    "expected a non-zero interface identifier such as \"::200\", \"0x200\" or "
                    "512, got %s",
                    got);
    }
    *out = iid;
    return 0;
}

/* A host's name must not be taken by a home agent or an access router. */
static int check_node_name(vctx_t *v, const char *name, int idx)
{
    const mob_config_t *c = v->cfg;
    for (int j = 0; j < c->n_nets; j++) {
        char ar[40];
        snprintf(ar, sizeof(ar), "AR_%s", c->nets[j].name);
        if (c->nets[j].is_home && strcmp(name, c->nets[j].home_agent) == 0)
            return jc_fail(&v->j, "expected a name distinct from the home agent of $.networks[%d]", j);
        if (strcmp(name, ar) == 0)
            return jc_fail(&v->j, "expected a name distinct from the access router of $.networks[%d]",
                        j);
    }
    for (int j = 0; j < idx; j++)
        if (strcmp(name, c->hosts[j].name) == 0)
            return jc_fail(&v->j, "expected a name not used before, but $.hosts[%d] is also \"%s\"", j,
                        name);
    return 0;
}

static int read_host(vctx_t *v, const cJSON *obj, int idx)
{
    static const char *const keys[] = {"name", "home", "start", "iid"};
    mob_config_t *c = v->cfg;
    mob_host_t *h = &c->hosts[idx];
    int rc;
    if ((rc = jc_expect_object(&v->j, obj,
                            "a host such as {\"name\": \"A\", \"home\": \"homeA\", \"start\": "
                            "\"A1\"}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 4)))
        return rc;
    const cJSON *name = required(v, obj, "name", "the host's name", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "name");
    if ((rc = get_name(v, name, h->name, sizeof(h->name))) ||
        (rc = check_node_name(v, h->name, idx)))
        return rc;
    jc_pop(&v->j, old);
    const cJSON *home = required(v, obj, "home", "the name of its home network", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "home");
    if ((rc = get_net_ref(v, home, &h->home)))
        return rc;
    if (!c->nets[h->home].is_home)
        return jc_fail(&v->j, "expected a home network (one with a \"home_agent\"), but \"%s\" has no "
                       "home agent",
                    c->nets[h->home].name);
    for (int j = 0; j < idx; j++)
        if (c->hosts[j].home == h->home)
            return jc_fail(&v->j, "expected a home network of its own, but host %s's home is \"%s\" too",
                        c->hosts[j].name, c->nets[h->home].name);
    jc_pop(&v->j, old);
    const cJSON *start = required(v, obj, "start", "the network where it is at time 0", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "start");
    if ((rc = get_net_ref(v, start, &h->start)))
        return rc;
    if (c->nets[h->start].is_home)
        return jc_fail(&v->j, "expected a foreign network (a host at home is not modelled), but \"%s\" "
                       "is a home network",
                    c->nets[h->start].name);
    jc_pop(&v->j, old);
    h->iid = 0x100u * (uint64_t)(idx + 1);
    OPTIONAL(v, obj, "iid", get_iid(v, ITEM, &h->iid));
    return 0;
}

static int read_hosts(vctx_t *v, const cJSON *root)
{
    int rc;
    const cJSON *arr = required(v, root, "hosts", "the two mobile hosts", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "hosts");
    int n = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || n != MOB_MAX_HOSTS) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        if (cJSON_IsArray(arr))
            snprintf(got, sizeof(got), "%d", n);
        return jc_fail(&v->j, "expected exactly %d hosts (the paper's two mobile hosts), got %s",
                    MOB_MAX_HOSTS, got);
    }
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        v->cfg->n_hosts = i;
        if ((rc = read_host(v, it, i)))
            return rc;
        jc_pop(&v->j, o);
    }
    v->cfg->n_hosts = n;
    if (v->cfg->hosts[0].iid == v->cfg->hosts[1].iid) {
        size_t o = jc_push_index(&v->j, 1);
        jc_push_key(&v->j, "iid");
        rc = jc_fail(&v->j, "expected an interface identifier other than host %s's (0x%llx)",
                  v->cfg->hosts[0].name, (unsigned long long)v->cfg->hosts[0].iid);
        jc_pop(&v->j, o);
        return rc;
    }
    jc_pop(&v->j, old);
    return 0;
}

static int read_deploy(vctx_t *v, const cJSON *root)
{
    mob_config_t *c = v->cfg;
    const cJSON *obj = jc_member(root, "deploy");
    if (!obj)
        return 0;
    size_t old = jc_push_key(&v->j, "deploy");
    int rc = jc_expect_object(&v->j, obj, "an object such as {\"HA_A\": true, \"HA_B\": false}");
    if (rc)
        return rc;
    const char *names[2 * MOB_MAX_NETS];
    size_t n = 0;
    for (int i = 0; i < c->n_nets; i++)
        names[n++] = c->nets[i].is_home ? c->nets[i].home_agent : c->nets[i].name;
    if ((rc = jc_check_keys(&v->j, obj, names, n)))
        return rc;
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (it->string[0] == '_')
            continue;
        int i = ha_net_index(c, it->string);
        if (i < 0)
            i = net_index(c, it->string);
        size_t o = jc_push_key(&v->j, it->string);
        if ((rc = jc_get_bool(&v->j, it, &c->nets[i].deploy)))
            return rc;
        jc_pop(&v->j, o);
    }
    jc_pop(&v->j, old);
    return 0;
}

static int read_move(vctx_t *v, const cJSON *obj, int idx, int *where, sim_time_t *last,
                     int *last_idx)
{
    static const char *const keys[] = {"host", "at", "to"};
    mob_config_t *c = v->cfg;
    mob_move_t *m = &c->moves[idx];
    int rc;
    if ((rc = jc_expect_object(&v->j, obj,
                            "a move such as {\"host\": \"A\", \"at\": \"1s\", \"to\": "
                            "\"A2\"}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 3)))
        return rc;
    const cJSON *host = required(v, obj, "host", "the name of the host that moves", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "host");
    if ((rc = get_host_ref(v, host, &m->host)))
        return rc;
    jc_pop(&v->j, old);
    const cJSON *at = required(v, obj, "at", "when the host's link breaks, such as \"1s\"", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "at");
    if ((rc = jc_get_time(&v->j, at, &m->at)))
        return rc;
    char t1[32], t2[32];
    sim_time_format(m->at, t1, sizeof(t1));
    if (m->at >= c->horizon) {
        sim_time_format(c->horizon, t2, sizeof(t2));
        return jc_fail(&v->j, "expected a time before the horizon (%s), got %s", t2, t1);
    }
    if (last[m->host] >= 0 && m->at <= last[m->host]) {
        sim_time_format(last[m->host], t2, sizeof(t2));
        return jc_fail(&v->j,
                    "expected a time after %s, when host %s moves in $.moves[%d] (list each "
                    "host's moves in time order), got %s",
                    t2, c->hosts[m->host].name, last_idx[m->host], t1);
    }
    jc_pop(&v->j, old);
    const cJSON *to = required(v, obj, "to", "the network it moves to", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "to");
    if ((rc = get_net_ref(v, to, &m->to)))
        return rc;
    if (c->nets[m->to].is_home)
        return jc_fail(&v->j, "expected a foreign network (returning home is not modelled), but \"%s\" "
                       "is a home network",
                    c->nets[m->to].name);
    if (m->to == where[m->host]) {
        if (last_idx[m->host] < 0)
            return jc_fail(&v->j, "expected a network other than \"%s\", where host %s starts",
                        c->nets[m->to].name, c->hosts[m->host].name);
        return jc_fail(&v->j, "expected a network other than \"%s\", where host %s already is after "
                       "$.moves[%d]",
                    c->nets[m->to].name, c->hosts[m->host].name, last_idx[m->host]);
    }
    jc_pop(&v->j, old);
    where[m->host] = m->to;
    last[m->host] = m->at;
    if (last_idx[m->host] < 0)
        v->move_of_host[m->host] = idx;
    last_idx[m->host] = idx;
    return 0;
}

static int read_moves(vctx_t *v, const cJSON *root)
{
    mob_config_t *c = v->cfg;
    const cJSON *arr = jc_member(root, "moves");
    if (!arr)
        return 0;
    size_t old = jc_push_key(&v->j, "moves");
    int n = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || n > MOB_MAX_MOVES) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        if (cJSON_IsArray(arr))
            snprintf(got, sizeof(got), "%d moves", n);
        return jc_fail(&v->j, "expected an array of at most %d moves, got %s", MOB_MAX_MOVES, got);
    }
    int where[MOB_MAX_HOSTS], last_idx[MOB_MAX_HOSTS];
    sim_time_t last[MOB_MAX_HOSTS];
    for (int h = 0; h < c->n_hosts; h++) {
        where[h] = c->hosts[h].start;
        last[h] = -1;
        last_idx[h] = -1;
    }
    int i = 0, rc;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        if ((rc = read_move(v, it, i, where, last, last_idx)))
            return rc;
        c->n_moves = i + 1;
        jc_pop(&v->j, o);
    }
    jc_pop(&v->j, old);
    return 0;
}

static int read_mobility_nets(vctx_t *v, const cJSON *arr, mob_mobility_t *m)
{
    int n = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || n < 2 || n > MOB_MAX_NETS) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        if (cJSON_IsArray(arr))
            snprintf(got, sizeof(got), "%d networks", n);
        return jc_fail(&v->j, "expected an array of 2 to %d network names to move between, got %s",
                    MOB_MAX_NETS, got);
    }
    int i = 0, rc;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        if ((rc = get_net_ref(v, it, &m->nets[i])))
            return rc;
        if (v->cfg->nets[m->nets[i]].is_home)
            return jc_fail(&v->j, "expected a foreign network (returning home is not modelled), but "
                           "\"%s\" is a home network",
                        v->cfg->nets[m->nets[i]].name);
        for (int j = 0; j < i; j++)
            if (m->nets[j] == m->nets[i])
                return jc_fail(&v->j, "expected each network once, but \"%s\" is also item %d",
                            v->cfg->nets[m->nets[i]].name, j);
        jc_pop(&v->j, o);
    }
    m->n_nets = n;
    return 0;
}

/* "dwell": the time on a network before the next handoff, a delay whose
 * typical value is above 0 (a constant 0 would move forever at one instant). */
static int read_dwell(vctx_t *v, const cJSON *obj, mob_mobility_t *m)
{
    int rc;
    const cJSON *d = required(v, obj, "dwell",
                              "a dwell time, such as {\"dist\": \"uniform\", \"min\": \"2s\", "
                              "\"max\": \"8s\"}",
                              &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "dwell");
    if ((rc = get_delay(v, d, &m->dwell)))
        return rc;
    sim_time_t typical = m->dwell.kind == MOB_DIST_UNIFORM ? m->dwell.b : m->dwell.a;
    if (typical <= 0)
        return jc_fail(&v->j, "expected a dwell time above 0 (a %s one would move the host forever "
                       "at one instant)",
                    m->dwell.kind == MOB_DIST_CONST ? "zero" : "zero-mean");
    jc_pop(&v->j, old);
    m->has_dwell = true;
    return 0;
}

static int read_rate(vctx_t *v, const cJSON *obj, mob_mobility_t *m)
{
    int rc;
    const cJSON *rate = required(v, obj, "rate", "handoffs per second, such as 0.1", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "rate");
    if ((rc = jc_get_number(&v->j, rate, 0, MOBILITY_RATE_MAX,
                         "a rate in handoffs per second above 0 and at most 100", &m->rate)))
        return rc;
    if (m->rate == 0) /* no process at all: leave "mobility" out for this host instead */
        return jc_fail(&v->j, "expected a rate in handoffs per second above 0 and at most 100, got 0");
    jc_pop(&v->j, old);
    return 0;
}

/* {"process": "poisson", "rate": R} (exponential dwell times) or
 * {"process": "dwell", "dwell": DELAY} (any dwell-time distribution). */
static int read_process(vctx_t *v, const cJSON *obj, int host)
{
    static const char *const keys[] = {"process", "rate", "dwell", "networks"};
    static const char *const processes[] = {"poisson", "dwell"};
    mob_mobility_t *m = &v->cfg->mobility[host];
    int rc, kind = 0;
    if ((rc = jc_expect_object(&v->j, obj,
                            "a mobility process such as {\"process\": \"poisson\", \"rate\": "
                            "0.1, \"networks\": [\"A1\", \"A2\"]}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 4)))
        return rc;
    const cJSON *p = required(v, obj, "process", "\"poisson\" or \"dwell\"", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "process");
    if ((rc = jc_get_enum(&v->j, p, processes, 2, &kind)))
        return rc;
    jc_pop(&v->j, old);
    const char *other = kind == 0 ? "dwell" : "rate";
    if (jc_member(obj, other)) {
        jc_push_key(&v->j, other);
        return jc_fail(&v->j, "expected no \"%s\" for the %s process (%s)", other, processes[kind],
                    kind == 0 ? "use \"process\": \"dwell\" for other dwell-time distributions"
                              : "its dwell times come from \"dwell\"");
    }
    if ((rc = kind == 0 ? read_rate(v, obj, m) : read_dwell(v, obj, m)))
        return rc;
    const cJSON *nets = required(v, obj, "networks", "the networks to move between", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "networks");
    if ((rc = read_mobility_nets(v, nets, m)))
        return rc;
    jc_pop(&v->j, old);
    m->enabled = true;
    return 0;
}

static int read_mobility(vctx_t *v, const cJSON *root)
{
    mob_config_t *c = v->cfg;
    const cJSON *obj = jc_member(root, "mobility");
    if (!obj)
        return 0;
    size_t old = jc_push_key(&v->j, "mobility");
    int rc = jc_expect_object(&v->j, obj,
                           "an object with a process per host, such as {\"A\": {\"process\": "
                           "\"poisson\", \"rate\": 0.1, \"networks\": [\"A1\", \"A2\"]}}");
    if (rc)
        return rc;
    const char *names[MOB_MAX_HOSTS];
    for (int h = 0; h < c->n_hosts; h++)
        names[h] = c->hosts[h].name;
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (it->string[0] == '_' || host_index(c, it->string) >= 0)
            continue;
        static const char *const flat[] = {"process", "rate", "networks"};
        for (int k = 0; k < 3; k++)
            if (strcmp(it->string, flat[k]) == 0) {
                jc_push_key(&v->j, it->string);
                return jc_fail(&v->j, "expected a host name with its process: \"mobility\" is given "
                               "per host, such as {\"%s\": {\"process\": \"poisson\", ...}}",
                            names[0]);
            }
    }
    if ((rc = jc_check_keys(&v->j, obj, names, (size_t)c->n_hosts)))
        return rc;
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (it->string[0] == '_')
            continue;
        int h = host_index(c, it->string);
        size_t o = jc_push_key(&v->j, it->string);
        if (v->move_of_host[h] >= 0)
            return jc_fail(&v->j, "expected either scripted moves or a mobility process for host %s, "
                           "but $.moves[%d] moves it too",
                        it->string, v->move_of_host[h]);
        if ((rc = read_process(v, it, h)))
            return rc;
        jc_pop(&v->j, o);
    }
    jc_pop(&v->j, old);
    return 0;
}

/* The name when the file has none: its basename without ".json". */
static void default_name(const char *file, char *buf, size_t cap)
{
    const char *base = file ? strrchr(file, '/') : NULL;
    base = base ? base + 1 : file;
    if (!base || !*base || *base == '<') { /* none, or a pseudo-name such as "<stdin>" */
        snprintf(buf, cap, "scenario");
        return;
    }
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".json") == 0)
        n -= 5;
    if (n >= cap)
        n = cap - 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)base[i];
        buf[i] = (ch < 0x20 || ch >= 0x7f) ? '_' : (char)ch;
    }
    buf[n] = 0;
}

static const char *const top_keys[] = {
    "name",     "description", "seed",   "horizon",  "scheme",           "deploy",
    "params",   "rr",          "bu_lifetime", "icmp_unreachable", "networks", "delay",
    "loss",     "hosts",       "handoff", "moves",   "mobility",         "traffic",
    "initial",  "mh_routing",  "cn_bu_after_home_ba", "rr_start", "cn_bu_ack", "ha_dad",
};

static int validate(vctx_t *v, const cJSON *root)
{
    int rc;
    if ((rc = jc_expect_object(&v->j, root, "a scenario object such as {\"networks\": [...], "
                                     "\"hosts\": [...]}")) ||
        (rc = jc_check_keys(&v->j, root, top_keys, sizeof(top_keys) / sizeof(top_keys[0]))))
        return rc;
    /* "initial" decides whether a host may start at home: read it first */
    if ((rc = read_plain(v, root)) || (rc = read_networks(v, root)) || (rc = read_delay(v, root)) ||
        (rc = read_hosts(v, root)) || (rc = read_deploy(v, root)) || (rc = read_moves(v, root)) ||
        (rc = read_mobility(v, root)))
        return rc;
    return 0;
}

static int config_from_json(const cJSON *root, const char *file, mob_config_t *out,
                            sim_err_t *err, char *err_path, size_t err_path_cap)
{
    vctx_t v;
    memset(&v, 0, sizeof(v));
    v.j.file = file;
    v.j.err = err;
    v.cfg = out;
    v.j.path[0] = '$';
    v.j.plen = 1;
    for (int h = 0; h < MOB_MAX_HOSTS; h++)
        v.move_of_host[h] = -1;
    mob_config_defaults(out);
    default_name(file, out->name, sizeof(out->name));
    int rc = validate(&v, root);
    if (rc && err_path)
        snprintf(err_path, err_path_cap, "%s", v.j.err_path);
    return rc;
}

int scn_config_from_json(const cJSON *root, const char *file, mob_config_t *out, sim_err_t *err)
{
    return config_from_json(root, file, out, err, NULL, 0);
}

/* ------------------------------------------------------------------------ */
/* Parsing                                                                    */

/* Line and column (1-based, columns in bytes) of offset pos in text. */
static void line_col(const char *text, size_t pos, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < pos; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* cJSON only says where it stopped. Scan the text up to there for the
 * mistakes people make most (trailing commas, comments, single quotes) so
 * the message says what is wrong, and where it really is. */
static void syntax_hint(const char *text, size_t len, size_t stop, size_t *at, char *hint,
                        size_t cap)
{
    bool in_str = false;
    size_t limit = stop < len ? stop + 1 : len;
    for (size_t i = 0; i < limit; i++) {
        char ch = text[i];
        if (in_str) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_str = false;
            continue;
        }
        if (ch == '"') {
            in_str = true;
        } else if (ch == ',') {
            size_t j = i + 1;
            while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' ||
                               text[j] == '\r'))
                j++;
            if (j < len && (text[j] == '}' || text[j] == ']')) {
                *at = i;
                snprintf(hint, cap, "trailing comma before \"%c\"", text[j]);
                return;
            }
        } else if (ch == '/' && i + 1 < len && (text[i + 1] == '/' || text[i + 1] == '*')) {
            *at = i;
            snprintf(hint, cap, "comments are not JSON (use a key starting with \"_\", such as "
                                "\"_comment\")");
            return;
        } else if (ch == '\'') {
            *at = i;
            snprintf(hint, cap, "strings take double quotes, not single quotes");
            return;
        }
    }
    *at = stop;
    size_t rest = stop;
    while (rest < len && (text[rest] == ' ' || text[rest] == '\t' || text[rest] == '\n' ||
                          text[rest] == '\r'))
        rest++;
    if (rest >= len) {
        *at = len;
        snprintf(hint, cap, in_str ? "unexpected end of file inside a string (a \" is missing)"
                                   : "unexpected end of file (a \"}\" or \"]\" is missing?)");
        return;
    }
    char near[64];
    size_t n = 0;
    while (n < 20 && stop + n < len && text[stop + n] != '\n' && text[stop + n] != '\r')
        n++;
    char frag[32];
    memcpy(frag, text + stop, n);
    frag[n] = 0;
    jc_quote(near, sizeof(near), frag);
    snprintf(hint, cap, "unexpected text at %s", near);
}

/* cJSON decodes "\u0000" into a NUL that ends the C string: "a\u0000b"
 * would silently become "a". Returns the offset of such an escape inside a
 * string, or len when there is none. */
static size_t find_nul_escape(const char *text, size_t len)
{
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        if (!in_str) {
            in_str = text[i] == '"';
            continue;
        }
        if (text[i] == '"') {
            in_str = false;
        } else if (text[i] == '\\' && i + 1 < len) {
            if (text[i + 1] == 'u' && i + 5 < len && strncmp(text + i + 2, "0000", 4) == 0)
                return i;
            i++;
        }
    }
    return len;
}

/* Objects may not repeat a key: cJSON keeps both and lookups see the first,
 * so the second would be silently ignored. Sorting keeps big objects cheap. */
static int cmp_keys(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    int c = strcmp(x->string, y->string);
    return c ? c : (x < y ? -1 : x > y); /* equal keys in document order */
}

static int find_duplicate(const cJSON *item, vctx_t *v)
{
    if (cJSON_IsArray(item)) {
        int i = 0;
        for (const cJSON *c = item->child; c; c = c->next, i++) {
            size_t old = jc_push_index(&v->j, i);
            int rc = find_duplicate(c, v);
            if (rc)
                return rc;
            jc_pop(&v->j, old);
        }
        return 0;
    }
    if (!cJSON_IsObject(item))
        return 0;
    size_t n = 0;
    for (const cJSON *c = item->child; c; c = c->next)
        n++;
    if (n > 1) {
        const cJSON **keys = malloc(n * sizeof(*keys));
        if (!keys)
            return sim_err_set(v->j.err, SIM_ENOMEM, "out of memory");
        size_t k = 0;
        for (const cJSON *c = item->child; c; c = c->next)
            keys[k++] = c;
        qsort(keys, n, sizeof(*keys), cmp_keys);
        const cJSON *dup = NULL;
        for (size_t i = 1; i < n && !dup; i++)
            if (strcmp(keys[i - 1]->string, keys[i]->string) == 0)
                dup = keys[i];
        free(keys);
        if (dup) {
            jc_push_key(&v->j, dup->string);
            return jc_fail(&v->j, "expected each key once in an object, but this key appears again");
        }
    }
    for (const cJSON *c = item->child; c; c = c->next) {
        size_t old = jc_push_key(&v->j, c->string);
        int rc = find_duplicate(c, v);
        if (rc)
            return rc;
        jc_pop(&v->j, old);
    }
    return 0;
}

int scn_parse_text(const char *text, size_t len, const char *file, cJSON **out, sim_err_t *err)
{
    const char *name = file ? file : "<scenario>";
    size_t skip = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) /* a UTF-8 byte order mark */
        skip = 3;
    const char *nul = memchr(text, 0, len);
    if (nul) {
        int line, col;
        line_col(text, (size_t)(nul - text), &line, &col);
        return sim_err_set(err, SIM_EINVAL,
                           "%s: line %d, column %d: invalid JSON: a NUL byte (is this a text "
                           "file?)",
                           name, line, col);
    }
    size_t esc = find_nul_escape(text, len);
    if (esc < len) {
        int line, col;
        line_col(text, esc, &line, &col);
        return sim_err_set(err, SIM_EINVAL,
                           "%s: line %d, column %d: invalid JSON: \\u0000 (a NUL character) is "
                           "not allowed in strings",
                           name, line, col);
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text + skip, len - skip, &end, false);
    size_t stop = end ? (size_t)(end - text) : len;
    if (root) { /* only whitespace may follow the value */
        while (stop < len && (text[stop] == ' ' || text[stop] == '\t' || text[stop] == '\n' ||
                              text[stop] == '\r'))
            stop++;
        if (stop < len) {
            cJSON_Delete(root);
            root = NULL;
        }
    }
    if (!root) {
        if (stop > len)
            stop = len;
        char hint[160];
        size_t at;
        int line, col;
        syntax_hint(text, len, stop, &at, hint, sizeof(hint));
        line_col(text, at, &line, &col);
        return sim_err_set(err, SIM_EINVAL, "%s: line %d, column %d: invalid JSON: %s", name,
                           line, col, hint);
    }
    vctx_t v;
    memset(&v, 0, sizeof(v));
    v.j.file = name;
    v.j.err = err;
    v.j.path[0] = '$';
    v.j.plen = 1;
    int rc = find_duplicate(root, &v);
    if (rc) {
        cJSON_Delete(root);
        return rc;
    }
    *out = root;
    return 0;
}

int scn_read_file(const char *path, char **text, size_t *len, sim_err_t *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sim_err_set(err, SIM_EIO, "%s: cannot read: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    int rc = 0;
    if (!buf) {
        rc = sim_err_set(err, SIM_ENOMEM, "%s: out of memory", path);
        goto out_close;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= SCN_FILE_MAX) {
                rc = sim_err_set(err, SIM_EINVAL,
                                 "%s: expected a scenario file of at most %u bytes", path,
                                 SCN_FILE_MAX);
                goto out_free;
            }
            cap *= 2;
            char *bigger = realloc(buf, cap + 1);
            if (!bigger) {
                rc = sim_err_set(err, SIM_ENOMEM, "%s: out of memory", path);
                goto out_free;
            }
            buf = bigger;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                rc = sim_err_set(err, SIM_EIO, "%s: cannot read: %s", path, strerror(errno));
                goto out_free;
            }
            break;
        }
    }
    buf[n] = 0;
    *text = buf;
    *len = n;
    buf = NULL;
out_free:
    free(buf);
out_close:
    fclose(f);
    return rc;
}

int scn_parse_file(const char *path, cJSON **out, sim_err_t *err)
{
    char *text;
    size_t len;
    int rc = scn_read_file(path, &text, &len, err);
    if (rc)
        return rc;
    rc = scn_parse_text(text, len, path, out, err);
    free(text);
    return rc;
}

scn_kind_t scn_kind(const cJSON *root)
{
    if (cJSON_IsObject(root) && (jc_member(root, "base") || jc_member(root, "vary")))
        return SCN_KIND_SWEEP;
    return SCN_KIND_SCENARIO;
}

/* ------------------------------------------------------------------------ */
/* Overrides: paths such as "moves[1].at"                                     */

#define PATH_STEPS_MAX 32

typedef struct path_step {
    bool is_index;
    int index;
    char key[64];
} path_step_t;

#define PATH_RULE                                                                                  \
    "expected a path of keys separated by \".\" with [N] indices, such as \"params.T_b\" or "    \
    "\"moves[1].at\""

static int parse_path(const char *path, path_step_t *steps, int *n_steps, sim_err_t *err)
{
    const char *p = path;
    int n = 0;
    if (p[0] == '$')
        p += (p[1] == '.') ? 2 : 1;
    bool need_key = true; /* at the start and after "." */
    while (*p) {
        if (n == PATH_STEPS_MAX)
            return sim_err_set(err, SIM_EINVAL, "%s (at most %d steps)", PATH_RULE,
                               PATH_STEPS_MAX);
        path_step_t *s = &steps[n];
        if (*p == '[') {
            if (need_key && n > 0)
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            p++;
            if (*p < '0' || *p > '9')
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            long idx = 0;
            while (*p >= '0' && *p <= '9') {
                idx = idx * 10 + (*p - '0');
                if (idx > 1000000)
                    return sim_err_set(err, SIM_EINVAL, "%s (index too large)", PATH_RULE);
                p++;
            }
            if (*p != ']')
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            p++;
            s->is_index = true;
            s->index = (int)idx;
            need_key = false;
        } else if (*p == '.') {
            if (need_key)
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            p++;
            need_key = true;
            continue;
        } else {
            if (!need_key)
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            size_t k = 0;
            while (*p && *p != '.' && *p != '[' && *p != ']') {
                unsigned char ch = (unsigned char)*p;
                if (ch <= ' ' || ch == 0x7f || ch == '"' || k + 1 >= sizeof(s->key))
                    return sim_err_set(err, SIM_EINVAL, PATH_RULE);
                s->key[k++] = *p++;
            }
            if (k == 0)
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            s->key[k] = 0;
            s->is_index = false;
            need_key = false;
        }
        n++;
    }
    if (n == 0 || need_key)
        return sim_err_set(err, SIM_EINVAL, PATH_RULE);
    *n_steps = n;
    return 0;
}

static const char *type_name(const cJSON *item)
{
    if (cJSON_IsObject(item))
        return "an object";
    if (cJSON_IsArray(item))
        return "an array";
    if (cJSON_IsString(item))
        return "a string";
    if (cJSON_IsNumber(item))
        return "a number";
    if (cJSON_IsBool(item))
        return "true/false";
    return "null";
}

/* Applies value at path; on success the canonical path ("$.moves[1].at")
 * is left in v->j.path. Checks the whole walk before changing anything. */
static int set_apply(cJSON *root, const char *path, const cJSON *value, vctx_t *v)
{
    path_step_t steps[PATH_STEPS_MAX];
    int n = 0;
    int rc = parse_path(path, steps, &n, v->j.err);
    if (rc)
        return rc;
    if (!cJSON_IsObject(root))
        return jc_fail(&v->j, "expected a scenario object to set \"%s\" in", path);
    /* pass 1: walk as far as the tree goes, check the rest can be created */
    cJSON *cur = root;
    int i = 0;
    for (; i < n; i++) {
        const path_step_t *s = &steps[i];
        if (s->is_index) {
            if (!cJSON_IsArray(cur))
                return jc_fail(&v->j, "expected an array to index with [%d], but this is %s", s->index,
                            type_name(cur));
            int size = cJSON_GetArraySize(cur);
            jc_push_index(&v->j, s->index);
            if (s->index >= size)
                return jc_fail(&v->j, "expected an index below %d (the array has %d element%s)", size,
                            size, size == 1 ? "" : "s");
            if (i + 1 < n)
                cur = cJSON_GetArrayItem(cur, s->index);
        } else {
            if (!cJSON_IsObject(cur)) {
                if (cJSON_IsArray(cur))
                    return jc_fail(&v->j, "expected an index such as [0] here: this is an array, it "
                                   "has no key \"%s\"",
                                s->key);
                return jc_fail(&v->j, "expected an object to hold \"%s\", but this is %s", s->key,
                            type_name(cur));
            }
            cJSON *next = cJSON_GetObjectItemCaseSensitive(cur, s->key);
            jc_push_key(&v->j, s->key);
            if (!next) { /* created below, with every step after it */
                snprintf(v->created, sizeof(v->created), "%s", v->j.path);
                break;
            }
            if (i + 1 < n)
                cur = next;
        }
    }
    for (int j = i + 1; j < n; j++) { /* what is created must be objects */
        if (steps[j].is_index) {
            jc_push_index(&v->j, steps[j].index);
            return jc_fail(&v->j, "expected an index into an existing array, but the array does not "
                           "exist");
        }
        jc_push_key(&v->j, steps[j].key);
    }
    /* pass 2: build the new piece, then hook it in (one place can fail) */
    cJSON *piece = cJSON_Duplicate(value, true);
    if (!piece)
        return sim_err_set(v->j.err, SIM_ENOMEM, "out of memory");
    for (int j = n - 1; j > i && j >= 1; j--) {
        cJSON *obj = cJSON_CreateObject();
        if (!obj || !cJSON_AddItemToObject(obj, steps[j].key, piece)) {
            cJSON_Delete(obj);
            cJSON_Delete(piece);
            return sim_err_set(v->j.err, SIM_ENOMEM, "out of memory");
        }
        piece = obj;
    }
    const path_step_t *last = &steps[i < n ? i : n - 1];
    cJSON_bool ok;
    if (last->is_index)
        ok = cJSON_ReplaceItemInArray(cur, last->index, piece);
    else if (cJSON_GetObjectItemCaseSensitive(cur, last->key))
        ok = cJSON_ReplaceItemInObjectCaseSensitive(cur, last->key, piece);
    else
        ok = cJSON_AddItemToObject(cur, last->key, piece);
    if (!ok) {
        cJSON_Delete(piece);
        return sim_err_set(v->j.err, SIM_ENOMEM, "out of memory");
    }
    return 0;
}

int scn_set_apply(cJSON *root, const char *path, const cJSON *value, sim_err_t *err)
{
    vctx_t v;
    memset(&v, 0, sizeof(v));
    v.j.err = err;
    v.j.path[0] = '$';
    v.j.plen = 1;
    return set_apply(root, path, value, &v);
}

cJSON *scn_set_value(const char *text)
{
    const char *end = NULL;
    cJSON *val = cJSON_ParseWithOpts(text, &end, true);
    if (val && cJSON_IsNumber(val) && !isfinite(val->valuedouble)) {
        cJSON_Delete(val); /* "1e999": keep the text, validation will refuse it */
        val = NULL;
    }
    return val ? val : cJSON_CreateString(text);
}

/* Applies "K=V". For the "(from --set ...)" note, canon gets the path it
 * set ("$.params.T_b") and created the first key it had to add, if any. */
static int set_apply_text(cJSON *root, const char *assignment, char *canon, char *created,
                          size_t cap, sim_err_t *err)
{
    char shown[128];
    jc_show_arg(shown, sizeof(shown), assignment);
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        return sim_err_set(err, SIM_EINVAL,
                           "--set %s: expected KEY=VALUE such as params.T_b=120ms", shown);
    size_t klen = (size_t)(eq - assignment);
    char key[256];
    if (klen >= sizeof(key))
        return sim_err_set(err, SIM_EINVAL, "--set %s: %s", shown, PATH_RULE);
    memcpy(key, assignment, klen);
    key[klen] = 0;
    if (find_nul_escape(eq + 1, strlen(eq + 1)) < strlen(eq + 1))
        return sim_err_set(err, SIM_EINVAL,
                           "--set %s: expected a value without \\u0000 (a NUL character)",
                           shown);
    cJSON *value = scn_set_value(eq + 1);
    if (!value)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    vctx_t v;
    memset(&v, 0, sizeof(v));
    v.j.err = err;
    v.j.path[0] = '$';
    v.j.plen = 1;
    int rc = set_apply(root, key, value, &v);
    cJSON_Delete(value);
    if (rc) {
        char pre[160];
        snprintf(pre, sizeof(pre), "--set %s", shown);
        sim_err_prefix(err, pre);
        return rc;
    }
    if (canon)
        snprintf(canon, cap, "%s", v.j.path);
    if (created)
        snprintf(created, cap, "%s", v.created);
    return 0;
}

int scn_set_apply_text(cJSON *root, const char *assignment, sim_err_t *err)
{
    return set_apply_text(root, assignment, NULL, NULL, 0, err);
}

/* true when path is at or below prefix ("$.moves[1]" covers "$.moves[1].at"). */
static bool path_covers(const char *prefix, const char *path)
{
    size_t n = strlen(prefix);
    return strncmp(prefix, path, n) == 0 && (path[n] == 0 || path[n] == '.' || path[n] == '[');
}

int scn_path_canonical(const char *path, char *buf, size_t cap, sim_err_t *err)
{
    path_step_t steps[PATH_STEPS_MAX];
    int n = 0;
    int rc = parse_path(path, steps, &n, err);
    if (rc)
        return rc;
    size_t len = 0;
    int w = snprintf(buf, cap, "$");
    if (w < 0 || (size_t)w >= cap)
        return sim_err_set(err, SIM_EINVAL, "%s (path too long)", PATH_RULE);
    len = (size_t)w;
    for (int i = 0; i < n; i++) {
        w = steps[i].is_index ? snprintf(buf + len, cap - len, "[%d]", steps[i].index)
                              : snprintf(buf + len, cap - len, ".%s", steps[i].key);
        if (w < 0 || (size_t)w >= cap - len)
            return sim_err_set(err, SIM_EINVAL, "%s (path too long)", PATH_RULE);
        len += (size_t)w;
    }
    return 0;
}

bool scn_path_overlaps(const char *a, const char *b)
{
    return path_covers(a, b) || path_covers(b, a);
}

int scn_load_string(const char *text, size_t len, const char *file, const char *const *sets,
                    size_t n_sets, mob_config_t *out, sim_err_t *err)
{
    const char *name = file ? file : "<scenario>";
    cJSON *root;
    int rc = scn_parse_text(text, len, name, &root, err);
    if (rc)
        return rc;
    if (scn_kind(root) == SCN_KIND_SWEEP) {
        rc = sim_err_set(err, SIM_EINVAL,
                         "%s: this is a sweep file (it has \"base\" or \"vary\"), expected a "
                         "scenario; run it with `mobsim sweep`",
                         name);
        goto out;
    }
    char (*canon)[PATH_MAX_LEN] = NULL; /* per set: path, then created path */
    if (n_sets) {
        canon = calloc(2 * n_sets, sizeof(*canon));
        if (!canon) {
            rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
            goto out;
        }
    }
    for (size_t i = 0; i < n_sets; i++)
        if ((rc = set_apply_text(root, sets[i], canon[2 * i], canon[2 * i + 1],
                                 sizeof(canon[0]), err))) {
            sim_err_prefix(err, name);
            goto out_canon;
        }
    char err_path[PATH_MAX_LEN] = "";
    rc = config_from_json(root, name, out, err, err_path, sizeof(err_path));
    if (rc == -SIM_EINVAL && err && err_path[0]) {
        for (size_t i = n_sets; i-- > 0;) /* the last override of a path wins */
            if (path_covers(canon[2 * i], err_path) ||
                (canon[2 * i + 1][0] && path_covers(canon[2 * i + 1], err_path))) {
                char shown[128];
                jc_show_arg(shown, sizeof(shown), sets[i]);
                size_t m = strlen(err->msg);
                snprintf(err->msg + m, sizeof(err->msg) - m, " (from --set %s)", shown);
                break;
            }
    }
out_canon:
    free(canon);
out:
    cJSON_Delete(root);
    return rc;
}

int scn_load_file(const char *path, const char *const *sets, size_t n_sets, mob_config_t *out,
                  sim_err_t *err)
{
    char *text;
    size_t len;
    int rc = scn_read_file(path, &text, &len, err);
    if (rc)
        return rc;
    rc = scn_load_string(text, len, path, sets, n_sets, out, err);
    free(text);
    return rc;
}
