/* scenarios/scn_schema.c - the scenario schema: a cJSON tree -> mob_config_t.
 *
 * Validation walks the tree with a path buffer ("$.moves[1].at") so every
 * message names where the problem is. It stops at the first problem: one
 * precise line is more useful than a cascade of consequences. Checks run in
 * a fixed order (plain keys, networks, delays, hosts and their peers, flows,
 * deploy, moves, mobility) because later keys refer to names defined by
 * earlier ones. docs/scenarios.md lists every key, its range and why the
 * bounds are there.
 *
 * A file may define ~10^5 networks and hosts, so every name is looked up in
 * a hash (strmap.h; prefixes, iids and pairs in addrmap.h), repeats are
 * caught with per-index stamps, and nothing scales with the square of a
 * count. Messages that list the names a reference may take list the first
 * few (LIST_NAMES_MAX).
 */
#include "scenarios/scn_int.h"

#include "models/addrmap.h"
#include "scenarios/strmap.h"
#include "sim/rng.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_LEN_MAX      28 /* node names are built as "AR_" + network name in 32 bytes */
#define SEED_MAX          9007199254740992.0 /* 2^53: larger seeds go in a string */
#define HORIZON_MAX       SIM_S(86400)
#define BU_LIFETIME_UNIT  SIM_S(4) /* RFC 6275 §6.1.7: lifetime in 4 s units, 16 bits */
#define BU_LIFETIME_MAX   (BU_LIFETIME_UNIT * 65535)
#define TRAFFIC_RATE_MAX  10000.0
#define TRAFFIC_SIZE_MIN  0
#define TRAFFIC_SIZE_MAX  1400
#define MOBILITY_RATE_MAX 100.0
#define ICMP_RESOLVE_MAX  SIM_S(3600)
#define ICMP_QUEUE_MAX    100000
#define ICMP_RATE_MIN     0.001 /* or 0: no limit */
#define ICMP_RATE_MAX     1000000.0
#define ICMP_BURST_MAX    1000000
/* Floors so that whatever is accepted runs in time proportional to the
 * events it implies (docs/scenarios.md, "Bounds"): 1/rate stays far from
 * int64 overflow, a dwell process cannot move a host at one instant. */
#define TRAFFIC_RATE_MIN  0.001
#define MOBILITY_RATE_MIN 0.001
#define DWELL_MEAN_MIN    SIM_MS(1)
#define SIGMA_MAX         5.0
#define SHAPE_MIN         0.1 /* Pareto and Weibull shapes */
#define SHAPE_MAX         10.0
#define NETS_MAX          100000 /* loader bounds on the arrays */
#define PAIRS_MAX         100000
#define MOVES_MAX         100000
#define HOSTS_MIN         2
#define HOSTS_MAX         100000
#define LIST_NAMES_MAX    10 /* names listed in one message */
#define TIME_EXAMPLE      JC_TIME_EXAMPLE
#define DELAY_EXAMPLE                                                                              \
    "expected a delay: a time such as \"5ms\", or a distribution such as {\"dist\": \"uniform\", \"min\": \"5ms\", \"max\": \"15ms\"}"

/* ------------------------------------------------------------------------ */
/* Validation context: the JSON path and error (jcheck), the config filled   */

/* A stamp per network or host: "seen in the current list" is
 * mark[i].stamp == the list's stamp (v->stamp, never reused), so no list
 * needs its own array or a clearing pass. */
typedef struct mark {
    int stamp;
    int pos; /* where in that list */
} mark_t;

/* $.population, read before any network (see read_population) */
typedef enum pop_graph {
    POP_GRAPH_NONE = 0,
    POP_GRAPH_RING,
    POP_GRAPH_GRID,
    POP_GRAPH_GEOMETRIC
} pop_graph_t;

#define POP_CLASSES_MAX    64
#define POP_CLASS_NAME_MAX 16 /* vehicles are named "<class>.veh<i>" in 32 bytes */
#define POP_GROUP_SIZE_MAX 10000
#define EDGES_MAX          1000000
#define CELL_LISTS_MAX     20000000 /* network list entries of "uniform"/"sequence" hosts */

typedef struct pop_class {
    char name[MOB_NAME_MAX];
    double share;
    mob_mobility_t m; /* the process (no nets: the generated cells) */
    bool vehicles;    /* "group": its hosts ride vehicles of group_size */
    int group_size;
    mob_delay_t jitter;
    bool talk_within;
} pop_class_t;

typedef struct pop {
    bool on;
    int mobile, corr, homes, cells;
    pop_graph_t graph;
    int width;
    double radius;
    int k;
    double frac; /* mobile_fraction */
    double rate;
    int size;
    pop_class_t *classes; /* without "classes": one class "all" */
    int n_classes;
    int net0, cell0, host0; /* first generated home network, cell, host */
    gsl_rng *rng;
} pop_t;

typedef struct vctx {
    jc_t j; /* file, path, error */
    pop_t pop;
    mob_addrmap_t edge_of; /* (a, b), a < b -> index in cfg->edges */
    int n_pop_edges;       /* the population graph's edges come first in cfg->edges */
    bool groups_given;     /* $.groups: a member's start may come from its group */
    int *group_of;         /* n_hosts: the group of a host, -1 none */
    mob_config_t *cfg;
    int *move_of_host;       /* n_hosts: first scripted move per host, -1 none */
    scn_strmap_t net_names;  /* network name -> index */
    scn_strmap_t ha_names;   /* home agent name -> network index */
    scn_strmap_t host_names; /* host name -> index */
    mob_addrmap_t prefixes;  /* network prefix -> index */
    mob_addrmap_t iids;      /* host iid -> index */
    mob_addrmap_t net_pairs; /* (a, b), a < b -> index in cfg->pairs */
    mob_addrmap_t peer_of;   /* (a, b), a < b -> index in cfg->peers */
    mark_t *net_mark;        /* n_nets */
    mark_t *host_mark;       /* n_hosts */
    int stamp;               /* the last stamp handed out */
    bool implicit_pair;      /* two hosts, no "peers": they talk (n_peers stays 0) */
    int *flow_of_peer;       /* cfg->n_peers: $.flows index, -1 none */
    int *trace_line_of;      /* n_hosts: trace line of the host's last move, 0 none; or NULL */
} vctx_t;

static void vctx_fini(vctx_t *v)
{
    free(v->move_of_host);
    scn_strmap_fini(&v->net_names);
    scn_strmap_fini(&v->ha_names);
    scn_strmap_fini(&v->host_names);
    mob_addrmap_fini(&v->prefixes);
    mob_addrmap_fini(&v->iids);
    mob_addrmap_fini(&v->net_pairs);
    mob_addrmap_fini(&v->peer_of);
    free(v->net_mark);
    free(v->host_mark);
    free(v->flow_of_peer);
    free(v->trace_line_of);
    free(v->pop.classes);
    if (v->pop.rng)
        gsl_rng_free(v->pop.rng);
    mob_addrmap_fini(&v->edge_of);
    free(v->group_of);
}

/* Keys for the address maps: two indices, or one 64-bit number. */
net_addr_t scni_key_pair(int a, int b)
{
    net_addr_t k;
    memset(&k, 0, sizeof(k));
    uint64_t lo = (uint64_t)(uint32_t)(a < b ? a : b), hi = (uint64_t)(uint32_t)(a < b ? b : a);
    memcpy(k.b, &hi, 8);
    memcpy(k.b + 8, &lo, 8);
    return k;
}

static net_addr_t key_u64(uint64_t x)
{
    net_addr_t k;
    memset(&k, 0, sizeof(k));
    memcpy(k.b + 8, &x, 8);
    return k;
}

static bool valid_name(const char *s)
{
    if (!jc_is_plain_key(s) || strlen(s) > NAME_LEN_MAX)
        return false;
    return s[0] != '_' && s[0] != '-';
}

#define NAME_RULE                                                                                  \
    "a name of letters, digits, \"_\" and \"-\" (at most 28 characters, not starting with \"_\" or \"-\")"

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
                                         "normal",   "pareto",  "weibull"};

const char *scn_dist_name(mob_dist_kind_t kind)
{
    return (kind >= MOB_DIST_CONST && kind <= MOB_DIST_WEIBULL) ? dist_names[kind] : "?";
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

/* "shape" of a Pareto or Weibull delay, a number in [SHAPE_MIN, SHAPE_MAX]. */
static int dist_shape(vctx_t *v, const cJSON *obj, const char *what, double *out)
{
    const cJSON *item = jc_member(obj, "shape");
    if (!item)
        return jc_fail(&v->j, "expected a key \"shape\" for this distribution");
    size_t old = jc_push_key(&v->j, "shape");
    int rc = jc_get_number(&v->j, item, SHAPE_MIN, SHAPE_MAX, what, out);
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
        [MOB_DIST_PARETO] = {"dist", "min", "shape"},
        [MOB_DIST_WEIBULL] = {"dist", "scale", "shape"},
    };
    static const size_t n_keys[] = {2, 3, 2, 3, 3, 3, 3};
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
        rc = jc_get_number(&v->j, jc_member(obj, "sigma"), 0, SIGMA_MAX,
                           "a number from 0 to 5 (the standard deviation of the delay's logarithm)",
                           &x.sigma);
        jc_pop(&v->j, old);
        break;
    case MOB_DIST_NORMAL:
        if ((rc = dist_time(v, obj, "mean", &x.a)))
            break;
        rc = dist_time(v, obj, "sd", &x.b);
        break;
    case MOB_DIST_PARETO:
        if ((rc = dist_time(v, obj, "min", &x.a)))
            break;
        if (x.a <= 0) {
            old = jc_push_key(&v->j, "min");
            rc = jc_fail(&v->j, "expected a minimum above 0 (a Pareto delay is never below it)");
            jc_pop(&v->j, old);
            break;
        }
        rc = dist_shape(v, obj, "a number from 0.1 to 10 (the shape of a Pareto delay)", &x.sigma);
        break;
    case MOB_DIST_WEIBULL:
        if ((rc = dist_time(v, obj, "scale", &x.a)))
            break;
        if (x.a <= 0) {
            old = jc_push_key(&v->j, "scale");
            rc =
                jc_fail(&v->j, "expected a scale above 0 (a Weibull delay of scale 0 is always 0)");
            jc_pop(&v->j, old);
            break;
        }
        rc = dist_shape(v, obj, "a number from 0.1 to 10 (the shape of a Weibull delay)", &x.sigma);
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
        const cJSON *item_ = jc_member((obj), (key));                                              \
        if (item_) {                                                                               \
            size_t old_ = jc_push_key(&(v)->j, (key));                                             \
            int rc_ = call;                                                                        \
            if (rc_)                                                                               \
                return rc_;                                                                        \
            jc_pop(&(v)->j, old_);                                                                 \
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
static int opt_choice(vctx_t *v, const cJSON *obj, const char *key, const char *off, const char *on,
                      bool *out)
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

/* The names a reference may take, as a function of an index in [0, n):
 * NULL skips the index (a correspondent where only mobile hosts fit). */
typedef const char *(*name_at_fn)(const mob_config_t *c, int i);

static const char *net_name_at(const mob_config_t *c, int i)
{
    return c->nets[i].name;
}

static const char *host_name_at(const mob_config_t *c, int i)
{
    return c->hosts[i].name;
}

static const char *mobile_name_at(const mob_config_t *c, int i)
{
    return c->hosts[i].kind == MOB_HOST_MOBILE ? c->hosts[i].name : NULL;
}

/* deploy keys: a home network's HA, a foreign network's own name */
static const char *deploy_name_at(const mob_config_t *c, int i)
{
    return c->nets[i].is_home ? c->nets[i].home_agent : c->nets[i].name;
}

/* "\"a\", \"b\" or \"c\"", or past LIST_NAMES_MAX names
 * "\"a\", ..., \"j\" and 99990 more". */
static void list_names(const mob_config_t *c, name_at_fn at, int n, char *buf, size_t cap)
{
    const char *names[LIST_NAMES_MAX + 1];
    size_t k = 0, total = 0;
    for (int i = 0; i < n; i++) {
        const char *name = at(c, i);
        if (!name)
            continue;
        if (k < LIST_NAMES_MAX + 1)
            names[k++] = name;
        total++;
    }
    if (total <= LIST_NAMES_MAX) {
        jc_list_names(buf, cap, names, k);
        return;
    }
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < LIST_NAMES_MAX && o + 1 < cap; i++) {
        int w = snprintf(buf + o, cap - o, "%s\"%s\"", i ? ", " : "", names[i]);
        if (w < 0 || (size_t)w >= cap - o) {
            buf[o] = 0;
            return;
        }
        o += (size_t)w;
    }
    snprintf(buf + o, cap - o, " and %zu more", total - LIST_NAMES_MAX);
}

/* " (did you mean \"x\"?)" when one of the names is close to s, else "".
 * Runs only on the way to an error, so it may look at every name. */
static void closest_hint(const mob_config_t *c, name_at_fn at, int n, const char *s, char *buf,
                         size_t cap)
{
    buf[0] = 0;
    const char **names = n > 0 ? malloc((size_t)n * sizeof(*names)) : NULL;
    if (!names)
        return;
    size_t k = 0;
    for (int i = 0; i < n; i++)
        if (at(c, i))
            names[k++] = at(c, i);
    const char *near = jc_closest(s, names, k);
    if (near)
        snprintf(buf, cap, " (did you mean \"%s\"?)", near);
    free(names);
}

static int net_index(const vctx_t *v, const char *name)
{
    return scn_strmap_get(&v->net_names, name);
}

static int host_index(const vctx_t *v, const char *name)
{
    return scn_strmap_get(&v->host_names, name);
}

static int ha_net_index(const vctx_t *v, const char *ha)
{
    return scn_strmap_get(&v->ha_names, ha);
}

/* The network whose access router is called name ("AR_" + its name), or -1. */
static int ar_net_index(const vctx_t *v, const char *name)
{
    return strncmp(name, "AR_", 3) == 0 ? net_index(v, name + 3) : -1;
}

/* The smaller of two indices where -1 is none. */
static int first_of(int a, int b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}

/* A reference to a network by name. */
static int get_net_ref(vctx_t *v, const cJSON *item, int *out)
{
    const mob_config_t *c = v->cfg;
    if (cJSON_IsString(item)) {
        int i = net_index(v, item->valuestring);
        if (i >= 0) {
            *out = i;
            return 0;
        }
    }
    char list[512], got[96], hint[96] = "";
    list_names(c, net_name_at, c->n_nets, list, sizeof(list));
    if (cJSON_IsString(item))
        closest_hint(c, net_name_at, c->n_nets, item->valuestring, hint, sizeof(hint));
    jc_describe(got, sizeof(got), item);
    return jc_fail(&v->j, "expected the name of a network in $.networks (%s), got %s%s", list, got,
                   hint);
}

/* A reference to a host by name; with_hint adds "did you mean". */
static int get_host_ref(vctx_t *v, const cJSON *item, bool with_hint, int *out)
{
    const mob_config_t *c = v->cfg;
    if (cJSON_IsString(item)) {
        int i = host_index(v, item->valuestring);
        if (i >= 0) {
            *out = i;
            return 0;
        }
    }
    char list[512], got[96], hint[96] = "";
    list_names(c, host_name_at, c->n_hosts, list, sizeof(list));
    if (with_hint && cJSON_IsString(item))
        closest_hint(c, host_name_at, c->n_hosts, item->valuestring, hint, sizeof(hint));
    jc_describe(got, sizeof(got), item);
    return jc_fail(&v->j, "expected the name of a host in $.hosts (%s), got %s%s", list, got, hint);
}

/* A host that moves: a stationary correspondent has no moves or mobility. */
static int expect_mobile(vctx_t *v, int h)
{
    if (v->cfg->hosts[h].kind == MOB_HOST_MOBILE)
        return 0;
    return jc_fail(&v->j, "expected a mobile host, but %s is a stationary correspondent",
                   v->cfg->hosts[h].name);
}

/* A generated host whose class moves it takes no other moves. */
static int expect_unmoved(vctx_t *v, int h)
{
    const mob_mobility_t *m = &v->cfg->mobility[h];
    if (!v->pop.on || h < v->pop.host0 || (!m->enabled && !m->grouped))
        return 0;
    return jc_fail(
        &v->j,
        "expected either scripted moves or a mobility process for host %s, but $.population gives it one",
        v->cfg->hosts[h].name);
}

/* A fresh stamp for one list (see mark_t). */
static int next_stamp(vctx_t *v)
{
    return ++v->stamp;
}

/* jc_check_keys() for an object keyed by names the scenario defines: index()
 * gives a key's index in [0, n) or -1, mark (n entries) catches repeats;
 * the same messages, in O(1) per key. */
static int check_name_keys(vctx_t *v, const cJSON *obj, int (*index)(const vctx_t *, const char *),
                           name_at_fn at, int n, mark_t *mark)
{
    const mob_config_t *c = v->cfg;
    int stamp = next_stamp(v);
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (it->string[0] == '_')
            continue;
        int i = index(v, it->string);
        size_t old = jc_push_key(&v->j, it->string);
        if (i < 0) {
            char list[512], hint[96];
            list_names(c, at, n, list, sizeof(list));
            closest_hint(c, at, n, it->string, hint, sizeof(hint));
            return jc_fail(
                &v->j, "unknown key%s; expected one of %s (keys starting with \"_\" are comments)",
                hint, list);
        }
        if (mark[i].stamp == stamp)
            return jc_fail(&v->j, "expected each key once, but this key appears again");
        mark[i].stamp = stamp;
        jc_pop(&v->j, old);
    }
    return 0;
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
    return jc_fail(
        &v->j,
        "expected a whole number from 0 to 2^53 (or a string of digits up to 18446744073709551615), got %s",
        got);
}

static int get_whole(vctx_t *v, const cJSON *item, double lo, double hi, const char *what,
                     int *out);

#define MAX_RO_FAILURE_MAX 1000

static int pop_networks(vctx_t *v, int n_explicit);
static int pop_hosts(vctx_t *v);

static int read_params(vctx_t *v, const cJSON *obj)
{
    static const char *const keys[] = {
        "T_b", "T_h", "T_p", "fwd_lifetime", "fwd_buffer", "resend_on_peer_bu", "max_ro_failure"};
    mob_config_t *c = v->cfg;
    int rc;
    if ((rc = jc_expect_object(&v->j, obj, "an object such as {\"T_b\": \"300ms\"}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 7)) || (rc = opt_time(v, obj, "T_b", &c->T_b)) ||
        (rc = opt_time(v, obj, "T_h", &c->T_h)) || (rc = opt_time(v, obj, "T_p", &c->T_p)) ||
        (rc = opt_time(v, obj, "fwd_lifetime", &c->fwd_lifetime)) ||
        (rc = opt_time(v, obj, "fwd_buffer", &c->fwd_buffer)) ||
        (rc = opt_bool(v, obj, "resend_on_peer_bu", &c->resend_on_peer_bu)))
        return rc;
    /* RFC 6275 §5.2.9: failed RR/BU attempts before bidirectional tunneling */
    OPTIONAL(v, obj, "max_ro_failure",
             get_whole(v, ITEM, 0, MAX_RO_FAILURE_MAX,
                       "a whole number of failed attempts from 0 (never give up) to 1000",
                       &c->max_ro_failure));
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

/* "size": a whole number of UDP payload bytes (traffic, flows). */
static int opt_size(vctx_t *v, const cJSON *obj, int *out)
{
    double size = *out;
    OPTIONAL(v, obj, "size",
             jc_get_number(&v->j, ITEM, TRAFFIC_SIZE_MIN, TRAFFIC_SIZE_MAX,
                           "a UDP payload size in bytes from 0 to 1400", &size));
    if (size != floor(size)) {
        size_t old = jc_push_key(&v->j, "size");
        int rc = jc_fail(&v->j, "expected a whole number of bytes from 0 to 1400, got %g", size);
        jc_pop(&v->j, old);
        return rc;
    }
    *out = (int)size;
    return 0;
}

/* 0 (no data) or [TRAFFIC_RATE_MIN, TRAFFIC_RATE_MAX]: below the floor the
 * period 1/rate would not fit in simulated time. */
static bool traffic_rate_ok(const cJSON *item, double *out)
{
    double r = -1;
    if (cJSON_IsNumber(item) && isfinite(item->valuedouble))
        r = item->valuedouble;
    if (r == 0 || (r >= TRAFFIC_RATE_MIN && r <= TRAFFIC_RATE_MAX)) {
        *out = r;
        return true;
    }
    return false;
}

static int get_traffic_rate(vctx_t *v, const cJSON *item, double *out)
{
    if (traffic_rate_ok(item, out))
        return 0;
    char got[96];
    jc_describe(got, sizeof(got), item);
    return jc_fail(
        &v->j,
        "expected a rate in packets per second each way: 0 (no data) or from 0.001 to 10000, got %s",
        got);
}

static int read_traffic(vctx_t *v, const cJSON *obj)
{
    static const char *const keys[] = {"rate", "size"};
    mob_config_t *c = v->cfg;
    int rc;
    if ((rc = jc_expect_object(&v->j, obj, "an object such as {\"rate\": 50, \"size\": 160}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 2)))
        return rc;
    OPTIONAL(v, obj, "rate", get_traffic_rate(v, ITEM, &c->traffic_rate));
    return opt_size(v, obj, &c->traffic_size);
}

static int read_resolution_delay(vctx_t *v, const cJSON *item)
{
    sim_time_t t;
    int rc = jc_get_time(&v->j, item, &t);
    if (rc)
        return rc;
    if (t > ICMP_RESOLVE_MAX) {
        char got[32];
        sim_time_format(t, got, sizeof(got));
        return jc_fail(&v->j, "expected a resolution delay from 0 to 3600s, got %s", got);
    }
    v->cfg->icmp_resolution_delay = t;
    return 0;
}

/* A whole number in [lo, hi] ("what" names the range). */
static int get_whole(vctx_t *v, const cJSON *item, double lo, double hi, const char *what, int *out)
{
    double x;
    int rc = jc_get_number(&v->j, item, lo, hi, what, &x);
    if (rc)
        return rc;
    if (x != floor(x))
        return jc_fail(&v->j, "expected %s, got %g", what, x);
    *out = (int)x;
    return 0;
}

/* 0 (no limit) or [ICMP_RATE_MIN, ICMP_RATE_MAX] */
static int get_icmp_rate(vctx_t *v, const cJSON *item, double *out)
{
    double r = -1;
    if (cJSON_IsNumber(item) && isfinite(item->valuedouble))
        r = item->valuedouble;
    if (r == 0 || (r >= ICMP_RATE_MIN && r <= ICMP_RATE_MAX)) {
        *out = r;
        return 0;
    }
    char got[96];
    jc_describe(got, sizeof(got), item);
    return jc_fail(
        &v->j, "expected errors per second: 0 (no limit) or from 0.001 to 1000000, got %s", got);
}

/* "icmp": how routers send the errors of icmp_unreachable (models/icmp.h). */
static int read_icmp(vctx_t *v, const cJSON *obj)
{
    static const char *const keys[] = {"resolution_delay", "queue", "rate", "burst"};
    mob_config_t *c = v->cfg;
    int rc;
    if ((rc = jc_expect_object(
             &v->j, obj,
             "an object such as {\"resolution_delay\": \"3s\", \"queue\": 101, \"rate\": 10, \"burst\": 10}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 4)))
        return rc;
    OPTIONAL(v, obj, "resolution_delay", read_resolution_delay(v, ITEM));
    OPTIONAL(v, obj, "queue",
             get_whole(v, ITEM, 1, ICMP_QUEUE_MAX, "a whole number of packets from 1 to 100000",
                       &c->icmp_queue));
    OPTIONAL(v, obj, "rate", get_icmp_rate(v, ITEM, &c->icmp_rate));
    OPTIONAL(v, obj, "burst",
             get_whole(v, ITEM, 1, ICMP_BURST_MAX, "a whole number of errors from 1 to 1000000",
                       &c->icmp_burst));
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
        return jc_fail(
            &v->j,
            "expected a multiple of 4s from 4s to 262140s (a BU carries its lifetime in 4-second units), got %s",
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
        return jc_fail(&v->j, "expected a horizon above 0 and at most 86400s (one day), got %s",
                       got);
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
    int rc = jc_check_schema_ref(&v->j, root); /* for editors: otherwise ignored */
    if (rc)
        return rc;
    OPTIONAL(v, root, "name", jc_get_text(&v->j, ITEM, c->name, sizeof(c->name)));
    OPTIONAL(v, root, "description",
             jc_get_text(&v->j, ITEM, c->description, sizeof(c->description)));
    OPTIONAL(v, root, "seed", read_seed(v, ITEM, &c->seed));
    OPTIONAL(v, root, "horizon", read_horizon(v, ITEM));
    OPTIONAL(v, root, "scheme", jc_get_enum(&v->j, ITEM, schemes, 4, &scheme));
    c->scheme = (mob_scheme_t)scheme;
    OPTIONAL(v, root, "params", read_params(v, ITEM));
    if ((rc = opt_choice(v, root, "rr", "standard", "expedited", &c->rr_expedited)))
        return rc;
    OPTIONAL(v, root, "bu_lifetime", read_bu_lifetime(v, ITEM));
    if ((rc = opt_bool(v, root, "icmp_unreachable", &c->icmp_unreachable)))
        return rc;
    OPTIONAL(v, root, "icmp", read_icmp(v, ITEM));
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
        (rc = opt_time(v, root, "ha_dad", &c->ha_dad)) ||
        (rc = opt_time(v, root, "be_min_interval", &c->be_min_interval)))
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
                    return jc_fail(
                        &v->j, "expected a /64 prefix (mobsim's networks are /64s), got %s", got);
                static const uint8_t zero[8];
                if (memcmp(a.b + 8, zero, 8) != 0)
                    return jc_fail(
                        &v->j,
                        "expected a /64 prefix whose last 64 bits are zero, such as \"2001:db8:a::/64\", got %s",
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
    if ((rc = jc_expect_object(
             &v->j, obj,
             "a network such as {\"name\": \"A1\", \"prefix\": \"2001:db8:a1::/64\"}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 4)))
        return rc;
    const cJSON *name = required(v, obj, "name", "the network's name", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "name");
    if ((rc = get_name(v, name, n->name, sizeof(n->name))))
        return rc;
    int j;
    if ((rc = scn_strmap_add(&v->net_names, n->name, idx, &j)) < 0)
        return jc_nomem(&v->j);
    if (rc == 1)
        return jc_fail(&v->j, "expected a name not used before, but $.networks[%d] is also \"%s\"",
                       j, n->name);
    jc_pop(&v->j, old);
    const cJSON *prefix = required(v, obj, "prefix", "such as \"2001:db8:a1::/64\"", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "prefix");
    if ((rc = get_prefix(v, prefix, &n->prefix)))
        return rc;
    /* the last 64 bits are zero (get_prefix): the whole address is the key */
    if ((j = mob_addrmap_get(&v->prefixes, &n->prefix)) >= 0)
        return jc_fail(&v->j, "expected a prefix of its own, but $.networks[%d] (%s) has it too", j,
                       c->nets[j].name);
    if (mob_addrmap_put(&v->prefixes, &n->prefix, idx) < 0)
        return jc_nomem(&v->j);
    jc_pop(&v->j, old);
    const cJSON *ha = jc_member(obj, "home_agent");
    if (ha) {
        old = jc_push_key(&v->j, "home_agent");
        if ((rc = get_name(v, ha, n->home_agent, sizeof(n->home_agent))))
            return rc;
        if ((rc = scn_strmap_add(&v->ha_names, n->home_agent, idx, &j)) < 0)
            return jc_nomem(&v->j);
        if (rc == 1)
            return jc_fail(
                &v->j,
                "expected a home agent name not used before, but $.networks[%d] has home agent \"%s\" too",
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
        /* the first network whose name or router name it takes */
        int j = first_of(net_index(v, ha), ar_net_index(v, ha));
        if (j >= 0) {
            char ar[40];
            snprintf(ar, sizeof(ar), "AR_%s", c->nets[j].name);
            if (v->pop.on && i >= v->pop.net0) {
                jc_pop(&v->j, 1); /* "$" */
                jc_push_key(&v->j, "population");
                return jc_fail(
                    &v->j,
                    "expected names free for the generated home agent \"%s\", but network \"%s\" or its access router \"%s\" has it",
                    ha, c->nets[j].name, ar);
            }
            jc_push_index(&v->j, i);
            jc_push_key(&v->j, "home_agent");
            return jc_fail(
                &v->j,
                "expected a home agent name distinct from network \"%s\" and its access router \"%s\"",
                c->nets[j].name, ar);
        }
    }
    return 0;
}

static int read_networks(vctx_t *v, const cJSON *root)
{
    int rc = 0;
    const cJSON *arr = v->pop.on ? jc_member(root, "networks")
                                 : required(v, root, "networks", "the list of networks", &rc);
    if (!arr && !v->pop.on)
        return rc;
    if (arr) {
        size_t old = jc_push_key(&v->j, "networks");
        int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
        if (!cJSON_IsArray(arr) || n < 1 || n > NETS_MAX) {
            char got[96];
            jc_describe(got, sizeof(got), arr);
            if (cJSON_IsArray(arr))
                snprintf(got, sizeof(got), "%d networks", n);
            return jc_fail(&v->j, "expected an array of 1 to %d networks, got %s", NETS_MAX, got);
        }
        int i = 0;
        for (const cJSON *it = arr->child; it; it = it->next, i++) {
            size_t o = jc_push_index(&v->j, i);
            if (!mob_config_add_net(v->cfg))
                return jc_nomem(&v->j);
            if ((rc = read_network(v, it, i)))
                return rc;
            jc_pop(&v->j, o);
        }
        jc_pop(&v->j, old);
    }
    if (v->pop.on && (rc = pop_networks(v, v->cfg->n_nets)))
        return rc;
    size_t old = jc_push_key(&v->j, "networks");
    if ((rc = check_ha_names(v)))
        return rc;
    int n = v->cfg->n_nets;
    v->net_mark = calloc((size_t)(n > 0 ? n : 1), sizeof(*v->net_mark));
    if (!v->net_mark)
        return jc_nomem(&v->j);
    bool any_home = false;
    for (int j = 0; j < n; j++)
        any_home |= v->cfg->nets[j].is_home;
    if (!any_home)
        return jc_fail(&v->j,
                       "expected at least one home network (a network with a \"home_agent\")");
    jc_pop(&v->j, old);
    return 0;
}

static int read_pair(vctx_t *v, const cJSON *obj, int idx)
{
    static const char *const keys[] = {"between", "delay"};
    mob_config_t *c = v->cfg;
    mob_core_pair_t *p = mob_config_add_pair(c);
    int rc;
    if (!p)
        return jc_nomem(&v->j);
    if ((rc = jc_expect_object(
             &v->j, obj,
             "an object such as {\"between\": [\"homeA\", \"homeB\"], \"delay\": \"40ms\"}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 2)))
        return rc;
    const cJSON *between = required(v, obj, "between", "two network names", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "between");
    if (!cJSON_IsArray(between) || cJSON_GetArraySize(between) != 2) {
        char got[96];
        jc_describe(got, sizeof(got), between);
        return jc_fail(&v->j, "expected two network names such as [\"homeA\", \"homeB\"], got %s",
                       got);
    }
    for (int k = 0; k < 2; k++) {
        size_t o = jc_push_index(&v->j, k);
        if ((rc = get_net_ref(v, cJSON_GetArrayItem(between, k), k ? &p->b : &p->a)))
            return rc;
        jc_pop(&v->j, o);
    }
    if (p->a == p->b)
        return jc_fail(
            &v->j,
            "expected two different networks (the delay inside one network is its access delay)");
    net_addr_t key = scni_key_pair(p->a, p->b);
    int j = mob_addrmap_get(&v->net_pairs, &key);
    if (j >= 0)
        return jc_fail(
            &v->j,
            "expected each pair of networks once, but $.delay.core.pairs[%d] is the same pair", j);
    if (mob_addrmap_put(&v->net_pairs, &key, idx) < 0)
        return jc_nomem(&v->j);
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
        (rc = jc_check_keys(&v->j, obj, keys, 2)) ||
        (rc = opt_delay(v, obj, "default", &c->core_default)))
        return rc;
    const cJSON *pairs = jc_member(obj, "pairs");
    if (!pairs)
        return 0;
    size_t old = jc_push_key(&v->j, "pairs");
    int n = cJSON_GetArraySize(pairs);
    if (!cJSON_IsArray(pairs) || n > PAIRS_MAX) {
        char got[96];
        jc_describe(got, sizeof(got), pairs);
        if (cJSON_IsArray(pairs))
            snprintf(got, sizeof(got), "%d pairs", n);
        return jc_fail(&v->j, "expected an array of at most %d pairs, got %s", PAIRS_MAX, got);
    }
    int i = 0;
    for (const cJSON *it = pairs->child; it; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        if ((rc = read_pair(v, it, i)))
            return rc;
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
    if ((rc = jc_expect_object(
             &v->j, obj,
             "an object such as {\"access\": \"5ms\", \"core\": {\"default\": \"20ms\"}}")) ||
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
        return jc_fail(
            &v->j,
            "expected a non-zero interface identifier such as \"::200\", \"0x200\" or 512, got %s",
            got);
    }
    *out = iid;
    return 0;
}

/* A host's name must not be taken by a home agent or an access router. */
static int check_node_name(vctx_t *v, const char *name, int idx)
{
    /* the first network whose HA or router has the name (the HA first) */
    int ha = ha_net_index(v, name), j = first_of(ha, ar_net_index(v, name));
    if (j >= 0 && j == ha)
        return jc_fail(&v->j, "expected a name distinct from the home agent of $.networks[%d]", j);
    if (j >= 0)
        return jc_fail(&v->j, "expected a name distinct from the access router of $.networks[%d]",
                       j);
    int rc = scn_strmap_add(&v->host_names, name, idx, &j);
    if (rc < 0)
        return jc_nomem(&v->j);
    if (rc == 1)
        return jc_fail(&v->j, "expected a name not used before, but $.hosts[%d] is also \"%s\"", j,
                       name);
    return 0;
}

/* A mobile host: a home network with a home agent, a foreign start. */
static int read_mobile_place(vctx_t *v, const cJSON *obj, mob_host_t *h)
{
    mob_config_t *c = v->cfg;
    int rc;
    if (jc_member(obj, "network"))
        return jc_fail_at(
            &v->j, "network",
            "expected no \"network\" for a mobile host (it has a \"home\" and a \"start\"; \"kind\": \"correspondent\" makes a stationary host)");
    const cJSON *home = required(v, obj, "home", "the name of its home network", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "home");
    if ((rc = get_net_ref(v, home, &h->home)))
        return rc;
    if (!c->nets[h->home].is_home)
        return jc_fail(
            &v->j,
            "expected a home network (one with a \"home_agent\"), but \"%s\" has no home agent",
            c->nets[h->home].name);
    jc_pop(&v->j, old);
    if (!jc_member(obj, "start") && v->groups_given)
        return 0; /* its group's start, or an error at check_starts() */
    const cJSON *start = required(v, obj, "start", "the network where it is at time 0", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "start");
    if ((rc = get_net_ref(v, start, &h->start)))
        return rc;
    /* RFC 6275 §11.5.5: a host may start at its own home; not at another's */
    if (c->nets[h->start].is_home && h->start != h->home)
        return jc_fail(
            &v->j,
            "expected a foreign network or the host's own home network, but \"%s\" is another home network",
            c->nets[h->start].name);
    jc_pop(&v->j, old);
    return 0;
}

/* A stationary correspondent: one network without a home agent, no home. */
static int read_corr_place(vctx_t *v, const cJSON *obj, mob_host_t *h)
{
    static const char *const mobile_keys[] = {"home", "start"};
    mob_config_t *c = v->cfg;
    int rc;
    for (int k = 0; k < 2; k++)
        if (jc_member(obj, mobile_keys[k]))
            return jc_fail_at(
                &v->j, mobile_keys[k],
                "expected no \"%s\" for a stationary correspondent (it has no home agent and stays on its \"network\")",
                mobile_keys[k]);
    const cJSON *net =
        required(v, obj, "network", "the network where the correspondent stays", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "network");
    int i;
    if ((rc = get_net_ref(v, net, &i)))
        return rc;
    if (c->nets[i].is_home)
        return jc_fail(
            &v->j,
            "expected a network without a home agent (a stationary correspondent is not modelled on a home network), but \"%s\" has home agent \"%s\"",
            c->nets[i].name, c->nets[i].home_agent);
    jc_pop(&v->j, old);
    h->home = -1;
    h->start = i;
    return 0;
}

static const char *const host_kinds[] = {"mobile", "correspondent"};

static int read_host(vctx_t *v, const cJSON *obj, int idx)
{
    static const char *const keys[] = {"name",
                                       "kind",
                                       "home",
                                       "start",
                                       "network",
                                       "iid",
                                       "peers",
                                       "route_optimization",
                                       "no_route_optimization_with"};
    mob_config_t *c = v->cfg;
    mob_host_t *h = &c->hosts[idx];
    int rc;
    if ((rc = jc_expect_object(
             &v->j, obj,
             "a host such as {\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, sizeof(keys) / sizeof(keys[0]))))
        return rc;
    const cJSON *name = required(v, obj, "name", "the host's name", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "name");
    if ((rc = get_name(v, name, h->name, sizeof(h->name))) ||
        (rc = check_node_name(v, h->name, idx)))
        return rc;
    jc_pop(&v->j, old);
    int kind = MOB_HOST_MOBILE;
    OPTIONAL(v, obj, "kind", jc_get_enum(&v->j, ITEM, host_kinds, 2, &kind));
    h->kind = kind == 1 ? MOB_HOST_CORRESPONDENT : MOB_HOST_MOBILE;
    if ((rc = h->kind == MOB_HOST_MOBILE ? read_mobile_place(v, obj, h)
                                         : read_corr_place(v, obj, h)))
        return rc;
    h->iid = 0x100u * (uint64_t)(idx + 1);
    OPTIONAL(v, obj, "iid", get_iid(v, ITEM, &h->iid));
    net_addr_t key = key_u64(h->iid);
    int j = mob_addrmap_get(&v->iids, &key);
    if (j >= 0)
        return jc_fail_at(&v->j, "iid",
                          "expected an interface identifier other than host %s's (0x%llx)",
                          c->hosts[j].name, (unsigned long long)c->hosts[j].iid);
    if (mob_addrmap_put(&v->iids, &key, idx) < 0)
        return jc_nomem(&v->j);
    /* location privacy (RFC 6275 §5.2.9; the paper's step 4 exception) */
    bool ro = true;
    if ((rc = opt_bool(v, obj, "route_optimization", &ro)))
        return rc;
    mob_no_ro_t *e = ro ? NULL : mob_config_add_no_ro(c);
    if (!ro && !e)
        return jc_nomem(&v->j);
    if (e)
        *e = (mob_no_ro_t){.host = idx, .peer = -1};
    static const char *const ro_keys[] = {"route_optimization", "no_route_optimization_with"};
    for (int k = 0; k < 2 && h->kind == MOB_HOST_CORRESPONDENT; k++)
        if (jc_member(obj, ro_keys[k]))
            return jc_fail_at(
                &v->j, ro_keys[k],
                "expected no \"%s\" for a stationary correspondent (it has no care-of address to keep private and sends no BUs)",
                ro_keys[k]);
    return 0;
}

/* The peer entry of hosts a and b, added (a, b) when new: its index, or -1
 * when out of memory. */
static int add_peer(vctx_t *v, int a, int b)
{
    net_addr_t key = scni_key_pair(a, b);
    int p = mob_addrmap_get(&v->peer_of, &key);
    if (p >= 0)
        return p;
    mob_peer_t *e = mob_config_add_peer(v->cfg);
    if (!e)
        return -1;
    e->a = a;
    e->b = b;
    p = v->cfg->n_peers - 1;
    return mob_addrmap_put(&v->peer_of, &key, p) < 0 ? -1 : p;
}

static int fail_two_correspondents(vctx_t *v, int a, int b)
{
    return jc_fail(
        &v->j,
        "expected a mobile host: two stationary correspondents (%s and %s) cannot be peers, a pair needs a host that moves",
        v->cfg->hosts[a].name, v->cfg->hosts[b].name);
}

static bool both_correspondents(const mob_config_t *c, int a, int b)
{
    return c->hosts[a].kind == MOB_HOST_CORRESPONDENT && c->hosts[b].kind == MOB_HOST_CORRESPONDENT;
}

/* hosts[a].peers: the hosts a talks to; each pair once in cfg->peers. */
static int read_peer_list(vctx_t *v, const cJSON *list, int a, bool *in_pair)
{
    mob_config_t *c = v->cfg;
    int rc;
    if (!cJSON_IsArray(list)) {
        char got[96];
        jc_describe(got, sizeof(got), list);
        return jc_fail(
            &v->j,
            "expected an array of host names such as [\"%s\"] (the hosts %s talks to), got %s",
            c->hosts[a == 0 ? 1 : 0].name, c->hosts[a].name, got);
    }
    int stamp = next_stamp(v), k = 0;
    for (const cJSON *it = list->child; it; it = it->next, k++) {
        size_t o = jc_push_index(&v->j, k);
        int b;
        if ((rc = get_host_ref(v, it, true, &b)))
            return rc;
        if (b == a)
            return jc_fail(&v->j, "expected a host other than %s itself", c->hosts[a].name);
        if (v->host_mark[b].stamp == stamp)
            return jc_fail(&v->j, "expected each host once, but \"%s\" is also item %d",
                           c->hosts[b].name, v->host_mark[b].pos);
        v->host_mark[b] = (mark_t){stamp, k};
        if (both_correspondents(c, a, b))
            return fail_two_correspondents(v, a, b);
        if (add_peer(v, a, b) < 0)
            return jc_nomem(&v->j);
        in_pair[a] = in_pair[b] = true;
        jc_pop(&v->j, o);
    }
    return 0;
}

/* Who talks to whom, at $.hosts once every host is known (a list may name
 * a later host). Without any "peers", two hosts talk to each other (the
 * paper's case: n_peers stays 0, which the world reads as "the two"); with
 * "peers" or more hosts, every host must be in a pair. */
static int read_peers(vctx_t *v, const cJSON *arr)
{
    mob_config_t *c = v->cfg;
    bool *in_pair = calloc((size_t)c->n_hosts, sizeof(*in_pair));
    if (!in_pair)
        return jc_nomem(&v->j);
    /* generated hosts are in their pairs (or idle: k = 0, or a
     * correspondent no one drew) */
    bool any = v->pop.on;
    int n_check = v->pop.on ? v->pop.host0 : c->n_hosts;
    int i = 0, rc = 0;
    for (const cJSON *it = arr ? arr->child : NULL; it && rc == 0; it = it->next, i++) {
        const cJSON *list = jc_member(it, "peers");
        if (!list)
            continue;
        any = true;
        size_t o = jc_push_index(&v->j, i);
        jc_push_key(&v->j, "peers");
        if ((rc = read_peer_list(v, list, i, in_pair)) == 0)
            jc_pop(&v->j, o);
    }
    if (rc == 0 && !any && c->n_hosts == 2) {
        if (both_correspondents(c, 0, 1))
            rc = fail_two_correspondents(v, 0, 1);
        else
            v->implicit_pair = true;
    } else {
        for (int h = 0; rc == 0 && h < n_check; h++)
            if (!in_pair[h]) {
                jc_push_index(&v->j, h);
                rc = jc_fail(
                    &v->j,
                    "expected every host in a pair, but %s talks to no one: list it in \"peers\" (its own or another host's)",
                    c->hosts[h].name);
            }
    }
    free(in_pair);
    return rc;
}

static int read_no_ro(vctx_t *v, const cJSON *arr);

static int read_hosts(vctx_t *v, const cJSON *root)
{
    int rc = 0;
    const pop_t *pop = &v->pop;
    const cJSON *arr =
        pop->on ? jc_member(root, "hosts") : required(v, root, "hosts", "the list of hosts", &rc);
    if (!arr && !pop->on)
        return rc;
    size_t old = jc_push_key(&v->j, "hosts");
    int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (arr && (!cJSON_IsArray(arr) || n < (pop->on ? 0 : HOSTS_MIN) || n > HOSTS_MAX)) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        if (cJSON_IsArray(arr))
            snprintf(got, sizeof(got), "%d host%s", n, n == 1 ? "" : "s");
        return jc_fail(&v->j, "expected an array of %d to %d hosts, got %s", HOSTS_MIN, HOSTS_MAX,
                       got);
    }
    long total = (long)n + (pop->on ? (long)pop->mobile + pop->corr : 0);
    if (pop->on && (total > HOSTS_MAX || total < HOSTS_MIN)) {
        jc_pop(&v->j, 1); /* "$" */
        jc_push_key(&v->j, "population");
        return jc_fail(
            &v->j,
            "expected %d to %d hosts in all, got %ld (%d in $.hosts, %d mobile hosts and %d correspondents generated)",
            HOSTS_MIN, HOSTS_MAX, total, n, pop->mobile, pop->corr);
    }
    v->move_of_host = malloc((size_t)total * sizeof(*v->move_of_host));
    v->group_of = malloc((size_t)total * sizeof(*v->group_of));
    v->host_mark = calloc((size_t)total, sizeof(*v->host_mark));
    if (!v->move_of_host || !v->host_mark || !v->group_of)
        return jc_nomem(&v->j);
    for (long h = 0; h < total; h++)
        v->move_of_host[h] = v->group_of[h] = -1;
    int i = 0;
    for (const cJSON *it = arr ? arr->child : NULL; it; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        if (!mob_config_add_host(v->cfg))
            return jc_nomem(&v->j);
        if ((rc = read_host(v, it, i)))
            return rc;
        jc_pop(&v->j, o);
    }
    if (pop->on) {
        jc_pop(&v->j, 1);
        if ((rc = pop_hosts(v)))
            return rc;
        old = jc_push_key(&v->j, "hosts");
    }
    if ((rc = read_peers(v, arr)) || (arr && (rc = read_no_ro(v, arr))))
        return rc;
    jc_pop(&v->j, old);
    return 0;
}

/* The peer entry of a and b, or -1 when they do not talk (-2: out of
 * memory). The implicit pair of two hosts gets its entry here, to carry
 * the flow. */
static int find_peer(vctx_t *v, int a, int b)
{
    net_addr_t key = scni_key_pair(a, b);
    int p = mob_addrmap_get(&v->peer_of, &key);
    if (p >= 0 || !v->implicit_pair)
        return p;
    v->implicit_pair = false;
    p = add_peer(v, 0, 1);
    return p < 0 ? -2 : p;
}

/* hosts[a].no_route_optimization_with: peers of a with which a does no
 * RR/BU (location privacy per correspondent); at $.hosts once the pairs
 * are known (find_peer gives two hosts' implicit pair its entry). */
static int read_no_ro_list(vctx_t *v, const cJSON *list, int a)
{
    mob_config_t *c = v->cfg;
    int rc;
    if (!cJSON_IsArray(list)) {
        char got[96];
        jc_describe(got, sizeof(got), list);
        return jc_fail(
            &v->j,
            "expected an array of host names such as [\"%s\"] (peers %s does no route optimization with), got %s",
            c->hosts[a == 0 ? 1 : 0].name, c->hosts[a].name, got);
    }
    int k = 0;
    for (const cJSON *it = list->child; it; it = it->next, k++) {
        size_t o = jc_push_index(&v->j, k);
        int b;
        if ((rc = get_host_ref(v, it, true, &b)))
            return rc;
        int p = b == a ? -1 : find_peer(v, a, b);
        if (p == -2)
            return jc_nomem(&v->j);
        if (p < 0)
            return jc_fail(&v->j, "expected a peer of %s, but %s does not talk to %s",
                           c->hosts[a].name, c->hosts[b].name, c->hosts[a].name);
        mob_no_ro_t *e = mob_config_add_no_ro(c);
        if (!e)
            return jc_nomem(&v->j);
        *e = (mob_no_ro_t){.host = a, .peer = b};
        jc_pop(&v->j, o);
    }
    return 0;
}

static int read_no_ro(vctx_t *v, const cJSON *arr)
{
    int i = 0, rc;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        const cJSON *list = jc_member(it, "no_route_optimization_with");
        if (!list)
            continue;
        size_t o = jc_push_index(&v->j, i);
        jc_push_key(&v->j, "no_route_optimization_with");
        if ((rc = read_no_ro_list(v, list, i)))
            return rc;
        jc_pop(&v->j, o);
    }
    return 0;
}

/* flows[].rate: one rate each way, or each sender's {"A": 10, "C": 0}. */
static int read_flow_rate(vctx_t *v, const cJSON *item, const mob_peer_t *e, double *ab, double *ba)
{
    const mob_config_t *c = v->cfg;
    const char *names[2] = {c->hosts[e->a].name, c->hosts[e->b].name};
    char got[96];
    double r;
    if (!cJSON_IsObject(item)) {
        if (traffic_rate_ok(item, &r)) {
            *ab = *ba = r;
            return 0;
        }
        jc_describe(got, sizeof(got), item);
        return jc_fail(
            &v->j,
            "expected a rate in packets per second each way: 0 (no data) or from 0.001 to 10000, or each sender's rate such as {\"%s\": 10, \"%s\": 0}, got %s",
            names[0], names[1], got);
    }
    int rc = jc_check_keys(&v->j, item, names, 2);
    if (rc)
        return rc;
    double *out[2] = {ab, ba};
    for (int k = 0; k < 2; k++) {
        const cJSON *x = jc_member(item, names[k]);
        if (!x)
            return jc_fail(&v->j, "expected a key \"%s\" (packets per second from %s to %s)",
                           names[k], names[k], names[1 - k]);
        size_t old = jc_push_key(&v->j, names[k]);
        if (!traffic_rate_ok(x, out[k])) {
            jc_describe(got, sizeof(got), x);
            return jc_fail(
                &v->j,
                "expected a rate in packets per second from %s to %s: 0 (no data) or from 0.001 to 10000, got %s",
                names[k], names[1 - k], got);
        }
        jc_pop(&v->j, old);
    }
    return 0;
}

/* One flow: the data of one peer pair instead of "traffic"'s. */
static int read_flow(vctx_t *v, const cJSON *obj, int idx)
{
    static const char *const keys[] = {"between", "rate", "size"};
    mob_config_t *c = v->cfg;
    int rc;
    if ((rc = jc_expect_object(
             &v->j, obj,
             "a flow such as {\"between\": [\"A\", \"C\"], \"rate\": 10, \"size\": 200}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 3)))
        return rc;
    const cJSON *between =
        required(v, obj, "between", "the two hosts of a peer pair, such as [\"A\", \"C\"]", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "between");
    if (!cJSON_IsArray(between) || cJSON_GetArraySize(between) != 2) {
        char got[96];
        jc_describe(got, sizeof(got), between);
        return jc_fail(&v->j, "expected two host names such as [\"A\", \"C\"], got %s", got);
    }
    int h[2];
    for (int k = 0; k < 2; k++) {
        size_t o = jc_push_index(&v->j, k);
        if ((rc = get_host_ref(v, cJSON_GetArrayItem(between, k), true, &h[k])))
            return rc;
        jc_pop(&v->j, o);
    }
    if (h[0] == h[1])
        return jc_fail(&v->j, "expected two different hosts, got %s twice", c->hosts[h[0]].name);
    int p = find_peer(v, h[0], h[1]);
    if (p == -2)
        return jc_nomem(&v->j);
    if (p < 0 && both_correspondents(c, h[0], h[1]))
        return fail_two_correspondents(v, h[0], h[1]);
    if (p < 0)
        return jc_fail(
            &v->j,
            "expected a pair of peers, but %s and %s do not talk: add \"%s\" to %s's \"peers\"",
            c->hosts[h[0]].name, c->hosts[h[1]].name, c->hosts[h[1]].name, c->hosts[h[0]].name);
    if (v->flow_of_peer[p] >= 0)
        return jc_fail(&v->j, "expected each pair of hosts once, but $.flows[%d] is the same pair",
                       v->flow_of_peer[p]);
    v->flow_of_peer[p] = idx;
    jc_pop(&v->j, old);
    double ab = c->traffic_rate, ba = c->traffic_rate;
    OPTIONAL(v, obj, "rate", read_flow_rate(v, ITEM, &c->peers[p], &ab, &ba));
    int size = c->traffic_size;
    if ((rc = opt_size(v, obj, &size)))
        return rc;
    mob_peer_t *e = &c->peers[p];
    e->has_flow = true;
    e->rate_ab = ab;
    e->rate_ba = ba;
    e->size = size;
    return 0;
}

static int read_flows(vctx_t *v, const cJSON *root)
{
    const cJSON *arr = jc_member(root, "flows");
    if (!arr)
        return 0;
    size_t old = jc_push_key(&v->j, "flows");
    if (!cJSON_IsArray(arr)) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        return jc_fail(
            &v->j,
            "expected an array of flows such as [{\"between\": [\"A\", \"C\"], \"rate\": 10}], got %s",
            got);
    }
    /* one more entry: the implicit pair of two hosts may get one */
    int n = v->cfg->n_peers + 1;
    v->flow_of_peer = malloc((size_t)n * sizeof(*v->flow_of_peer));
    if (!v->flow_of_peer)
        return jc_nomem(&v->j);
    for (int p = 0; p < n; p++)
        v->flow_of_peer[p] = -1;
    int i = 0, rc;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        if ((rc = read_flow(v, it, i)))
            return rc;
        jc_pop(&v->j, o);
    }
    jc_pop(&v->j, old);
    return 0;
}

static int deploy_index(const vctx_t *v, const char *key)
{
    int i = ha_net_index(v, key);
    if (i >= 0)
        return i;
    i = net_index(v, key);
    return i >= 0 && !v->cfg->nets[i].is_home ? i : -1;
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
    if ((rc = check_name_keys(v, obj, deploy_index, deploy_name_at, c->n_nets, v->net_mark)))
        return rc;
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (it->string[0] == '_')
            continue;
        int i = deploy_index(v, it->string);
        size_t o = jc_push_key(&v->j, it->string);
        if ((rc = jc_get_bool(&v->j, it, &c->nets[i].deploy)))
            return rc;
        jc_pop(&v->j, o);
    }
    jc_pop(&v->j, old);
    return 0;
}

/* Where each host is along the scripted moves read so far. */
typedef struct host_walk {
    int where;     /* network index */
    sim_time_t at; /* its last move, -1 none */
    int last_idx;  /* $.moves index of that move, -1 none */
} host_walk_t;

/* Where each host is after the moves read so far (its start when none):
 * the walk moves[] and the trace continue. NULL when out of memory. */
static host_walk_t *walk_after_moves(const mob_config_t *c)
{
    host_walk_t *walk = malloc((size_t)(c->n_hosts ? c->n_hosts : 1) * sizeof(*walk));
    if (!walk)
        return NULL;
    for (int h = 0; h < c->n_hosts; h++)
        walk[h] = (host_walk_t){c->hosts[h].start, -1, -1};
    for (int i = 0; i < c->n_moves; i++)
        walk[c->moves[i].host] = (host_walk_t){c->moves[i].to, c->moves[i].at, i};
    return walk;
}

static int read_move(vctx_t *v, const cJSON *obj, int idx, host_walk_t *walk)
{
    static const char *const keys[] = {"host", "at", "to"};
    mob_config_t *c = v->cfg;
    mob_move_t *m = mob_config_add_move(c);
    int rc;
    if (!m)
        return jc_nomem(&v->j);
    if ((rc = jc_expect_object(
             &v->j, obj, "a move such as {\"host\": \"A\", \"at\": \"1s\", \"to\": \"A2\"}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 3)))
        return rc;
    const cJSON *host = required(v, obj, "host", "the name of the host that moves", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "host");
    if ((rc = get_host_ref(v, host, false, &m->host)) || (rc = expect_mobile(v, m->host)) ||
        (rc = expect_unmoved(v, m->host)))
        return rc;
    jc_pop(&v->j, old);
    host_walk_t *w = &walk[m->host];
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
    if (w->at >= 0 && m->at <= w->at) {
        sim_time_format(w->at, t2, sizeof(t2));
        return jc_fail(
            &v->j,
            "expected a time after %s, when host %s moves in $.moves[%d] (list each host's moves in time order), got %s",
            t2, c->hosts[m->host].name, w->last_idx, t1);
    }
    jc_pop(&v->j, old);
    const cJSON *to = required(v, obj, "to", "the network it moves to", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "to");
    if ((rc = get_net_ref(v, to, &m->to)))
        return rc;
    /* RFC 6275 §11.5.5: a host may return to its own home */
    if (c->nets[m->to].is_home && m->to != c->hosts[m->host].home)
        return jc_fail(
            &v->j,
            "expected a foreign network or the host's own home network, but \"%s\" is another home network",
            c->nets[m->to].name);
    if (m->to == w->where) {
        if (w->last_idx < 0)
            return jc_fail(&v->j, "expected a network other than \"%s\", where host %s starts",
                           c->nets[m->to].name, c->hosts[m->host].name);
        return jc_fail(
            &v->j,
            "expected a network other than \"%s\", where host %s already is after $.moves[%d]",
            c->nets[m->to].name, c->hosts[m->host].name, w->last_idx);
    }
    jc_pop(&v->j, old);
    w->where = m->to;
    w->at = m->at;
    if (w->last_idx < 0)
        v->move_of_host[m->host] = idx;
    w->last_idx = idx;
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
    if (!cJSON_IsArray(arr) || n > MOVES_MAX) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        if (cJSON_IsArray(arr))
            snprintf(got, sizeof(got), "%d moves", n);
        return jc_fail(&v->j, "expected an array of at most %d moves, got %s", MOVES_MAX, got);
    }
    host_walk_t *walk = walk_after_moves(c);
    if (!walk)
        return jc_nomem(&v->j);
    int i = 0, rc = 0;
    for (const cJSON *it = arr->child; it && rc == 0; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        if ((rc = read_move(v, it, i, walk)) == 0)
            jc_pop(&v->j, o);
    }
    free(walk);
    if (rc == 0)
        jc_pop(&v->j, old);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* "trace": scripted moves from a CSV of time,host,network                    */

/* The trace file's path: absolute as is, else beside the scenario file (the
 * working directory for a scenario without a file, such as "<stdin>"). */
static void trace_path(const char *file, const char *trace, char *buf, size_t cap)
{
    const char *slash = file && file[0] != '<' ? strrchr(file, '/') : NULL;
    if (trace[0] == '/' || !slash)
        snprintf(buf, cap, "%s", trace);
    else
        snprintf(buf, cap, "%.*s/%s", (int)(slash - file), file, trace);
}

/* One CSV field, spaces around it trimmed, as a quoted string for "got". */
static void trace_got(char *buf, size_t cap, const char *s)
{
    jc_quote(buf, cap, s);
}

static char *trace_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

static int trace_time(const char *s, sim_time_t *out)
{
    sim_err_t inner = {0};
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (*s && end != s && *end == 0 && errno == 0)
        return sim_time_from_seconds(x, out, &inner);
    return sim_time_parse(s, out, &inner);
}

typedef struct trace_ctx {
    vctx_t *v;
    const char *name; /* the file as the scenario names it */
    int line;
    host_walk_t *walk;
    int *line_of; /* per host: the trace line of its last move, 0 none */
} trace_ctx_t;

static int trace_fail(trace_ctx_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int trace_fail(trace_ctx_t *t, const char *fmt, ...)
{
    char msg[SIM_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(t->v->j.err_path, sizeof(t->v->j.err_path), "$.trace");
    return sim_err_set(t->v->j.err, SIM_EINVAL, "%s:%d: %s", t->name, t->line, msg);
}

/* Where a host's previous move was, for messages. */
static void trace_prev(trace_ctx_t *t, int h, char *buf, size_t cap)
{
    if (t->line_of[h])
        snprintf(buf, cap, "line %d", t->line_of[h]);
    else
        snprintf(buf, cap, "$.moves[%d]", t->walk[h].last_idx);
}

static int trace_row(trace_ctx_t *t, char *row)
{
    mob_config_t *c = t->v->cfg;
    char *f[3];
    int n = 0;
    for (char *p = row;; p++) {
        if (n == 3)
            return trace_fail(t, "expected 3 fields time,host,network, got more");
        f[n++] = p;
        p = strchr(p, ',');
        if (!p)
            break;
        *p = 0;
    }
    if (n != 3)
        return trace_fail(t, "expected 3 fields time,host,network, got %d", n);
    for (int i = 0; i < 3; i++)
        f[i] = trace_trim(f[i]);
    char got[64], list[512], t1[32], t2[32], prev[32];
    sim_time_t at;
    if (trace_time(f[0], &at)) {
        trace_got(got, sizeof(got), f[0]);
        return trace_fail(t, "expected a time such as \"1.5s\" or a number of seconds, got %s",
                          got);
    }
    int h = host_index(t->v, f[1]);
    if (h < 0) {
        list_names(c, host_name_at, c->n_hosts, list, sizeof(list));
        trace_got(got, sizeof(got), f[1]);
        return trace_fail(t, "expected a host of $.hosts (%s), got %s", list, got);
    }
    if (c->hosts[h].kind != MOB_HOST_MOBILE)
        return trace_fail(t, "expected a mobile host, but %s is a stationary correspondent",
                          c->hosts[h].name);
    if (t->v->pop.on && h >= t->v->pop.host0 && (c->mobility[h].enabled || c->mobility[h].grouped))
        return trace_fail(
            t,
            "expected either scripted moves or a mobility process for host %s, but $.population gives it one",
            c->hosts[h].name);
    int to = net_index(t->v, f[2]);
    if (to < 0) {
        list_names(c, net_name_at, c->n_nets, list, sizeof(list));
        trace_got(got, sizeof(got), f[2]);
        return trace_fail(t, "expected a network of $.networks (%s), got %s", list, got);
    }
    host_walk_t *w = &t->walk[h];
    sim_time_format(at, t1, sizeof(t1));
    if (at >= c->horizon) {
        sim_time_format(c->horizon, t2, sizeof(t2));
        return trace_fail(t, "expected a time before the horizon (%s), got %s", t2, t1);
    }
    if (w->at >= 0 && at <= w->at) {
        sim_time_format(w->at, t2, sizeof(t2));
        trace_prev(t, h, prev, sizeof(prev));
        return trace_fail(t, "expected a time after %s, when host %s moves in %s, got %s", t2,
                          c->hosts[h].name, prev, t1);
    }
    if (c->nets[to].is_home && to != c->hosts[h].home)
        return trace_fail(
            t,
            "expected a foreign network or the host's own home network, but \"%s\" is another home network",
            c->nets[to].name);
    if (to == w->where) {
        if (w->at < 0)
            return trace_fail(t, "expected a network other than \"%s\", where host %s starts",
                              c->nets[to].name, c->hosts[h].name);
        trace_prev(t, h, prev, sizeof(prev));
        return trace_fail(t,
                          "expected a network other than \"%s\", where host %s already is after %s",
                          c->nets[to].name, c->hosts[h].name, prev);
    }
    if (c->n_moves >= MOVES_MAX)
        return trace_fail(t, "expected at most %d moves in all (with $.moves), got more",
                          MOVES_MAX);
    mob_move_t *m = mob_config_add_move(c);
    if (!m)
        return jc_nomem(&t->v->j);
    *m = (mob_move_t){h, at, to};
    *w = (host_walk_t){to, at, w->last_idx};
    t->line_of[h] = t->line;
    return 0;
}

static int move_cmp(const void *a, const void *b)
{
    const mob_move_t *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return 0;
}

/* Stable: equal times keep their order (moves[] first, then the trace). */
static int sort_moves(vctx_t *v)
{
    mob_config_t *c = v->cfg;
    int n = c->n_moves;
    mob_move_t *tmp = malloc((size_t)(n ? n : 1) * sizeof(*tmp));
    if (!tmp)
        return jc_nomem(&v->j);
    /* merge sort by (at, index): insertion order breaks ties */
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = move_cmp(&c->moves[j], &c->moves[i]) < 0 ? c->moves[j++] : c->moves[i++];
            while (i < mid)
                tmp[k++] = c->moves[i++];
            while (j < hi)
                tmp[k++] = c->moves[j++];
        }
        memcpy(c->moves, tmp, (size_t)n * sizeof(*tmp));
    }
    free(tmp);
    return 0;
}

static int read_trace(vctx_t *v, const cJSON *root)
{
    mob_config_t *c = v->cfg;
    const cJSON *item = jc_member(root, "trace");
    if (!item)
        return 0;
    size_t old = jc_push_key(&v->j, "trace");
    if (!cJSON_IsString(item) || !item->valuestring[0]) {
        char got[96];
        jc_describe(got, sizeof(got), item);
        return jc_fail(
            &v->j,
            "expected the path of a CSV file of time,host,network, such as \"moves.csv\", got %s",
            got);
    }
    char path[4096];
    trace_path(v->j.file, item->valuestring, path, sizeof(path));
    char *text;
    size_t len;
    sim_err_t inner = {0};
    int rc = scn_read_file(path, &text, &len, &inner);
    if (rc) {
        if (rc == -SIM_EINVAL)
            return jc_fail(&v->j, "expected a trace file of at most %u bytes, but %s is larger",
                           SCN_FILE_MAX, path);
        if (rc == -SIM_ENOMEM)
            return jc_nomem(&v->j);
        const char *why = strstr(inner.msg, "cannot read: ");
        return jc_fail(&v->j, "cannot read the trace %s: %s", path, why ? why + 13 : inner.msg);
    }
    if (memchr(text, 0, len)) {
        free(text);
        return jc_fail(&v->j, "expected a text file of time,host,network, but %s has a NUL byte",
                       path);
    }
    host_walk_t *walk = walk_after_moves(c);
    int *line_of = calloc((size_t)(c->n_hosts ? c->n_hosts : 1), sizeof(*line_of));
    if (!walk || !line_of) {
        free(walk);
        free(line_of);
        free(text);
        return jc_nomem(&v->j);
    }
    trace_ctx_t t = {v, item->valuestring, 0, walk, line_of};
    bool header = false;
    char *p = text;
    while (rc == 0 && *p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        t.line++;
        char *row = trace_trim(p);
        if (!header) {
            header = true;
            if (strcmp(row, "time,host,network") != 0) {
                char got[64];
                trace_got(got, sizeof(got), row);
                rc = trace_fail(&t, "expected the header line time,host,network, got %s", got);
            }
        } else if (*row) {
            rc = trace_row(&t, row);
        }
        p = nl ? nl + 1 : p + strlen(p);
    }
    if (rc == 0 && !header) {
        t.line = 1;
        rc = trace_fail(&t, "expected the header line time,host,network, got an empty file");
    }
    if (rc == 0) {
        v->trace_line_of = line_of;
        line_of = NULL;
        rc = sort_moves(v);
    }
    free(line_of);
    free(walk);
    free(text);
    if (rc == 0)
        jc_pop(&v->j, old);
    return rc;
}

static int read_mobility_nets(vctx_t *v, const cJSON *arr, mob_mobility_t *m, int home)
{
    int n = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || n < 2 || n > NETS_MAX) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        if (cJSON_IsArray(arr))
            snprintf(got, sizeof(got), "%d networks", n);
        return jc_fail(&v->j, "expected an array of 2 to %d network names to move between, got %s",
                       NETS_MAX, got);
    }
    free(m->nets);
    m->n_nets = 0;
    m->nets = malloc((size_t)n * sizeof(*m->nets));
    if (!m->nets)
        return jc_nomem(&v->j);
    int i = 0, rc, stamp = next_stamp(v);
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        if ((rc = get_net_ref(v, it, &m->nets[i])))
            return rc;
        if (v->cfg->nets[m->nets[i]].is_home && m->nets[i] != home)
            return jc_fail(
                &v->j,
                "expected a foreign network or the host's own home network, but \"%s\" is another home network",
                v->cfg->nets[m->nets[i]].name);
        mark_t *seen = &v->net_mark[m->nets[i]];
        if (seen->stamp == stamp)
            return jc_fail(&v->j, "expected each network once, but \"%s\" is also item %d",
                           v->cfg->nets[m->nets[i]].name, seen->pos);
        *seen = (mark_t){stamp, i};
        jc_pop(&v->j, o);
        m->n_nets = i + 1;
    }
    m->n_nets = n;
    return 0;
}

/* The mean of a delay in ns, as a double (a lognormal's can be huge). A
 * normal delay is drawn clamped at 0, so its mean is at least a. A Pareto
 * delay of shape <= 1 has an infinite mean. */
static double delay_mean_ns(const mob_delay_t *d)
{
    switch (d->kind) {
    case MOB_DIST_UNIFORM:
        return ((double)d->a + (double)d->b) / 2;
    case MOB_DIST_LOGNORMAL:
        return (double)d->a * exp(d->sigma * d->sigma / 2);
    case MOB_DIST_PARETO:
        return d->sigma > 1 ? d->sigma * (double)d->a / (d->sigma - 1) : INFINITY;
    case MOB_DIST_WEIBULL:
        return (double)d->a * tgamma(1 + 1 / d->sigma);
    case MOB_DIST_CONST:
    case MOB_DIST_EXP:
    case MOB_DIST_NORMAL:
        break;
    }
    return (double)d->a;
}

/* "dwell": the time on a network before the next handoff, a delay whose
 * mean is at least DWELL_MEAN_MIN: a smaller one would move the host
 * millions of times per simulated second (or forever at one instant). */
static int read_dwell(vctx_t *v, const cJSON *obj, mob_mobility_t *m)
{
    int rc;
    const cJSON *d = required(
        v, obj, "dwell",
        "a dwell time, such as {\"dist\": \"uniform\", \"min\": \"2s\", \"max\": \"8s\"}", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "dwell");
    if ((rc = get_delay(v, d, &m->dwell)))
        return rc;
    if (m->dwell.kind == MOB_DIST_PARETO && !(m->dwell.sigma > 1)) {
        jc_push_key(&v->j, "shape");
        return jc_fail(
            &v->j,
            "expected a shape above 1 for a Pareto dwell time (with a shape of at most 1 its mean is infinite), got %g",
            m->dwell.sigma);
    }
    double mean = delay_mean_ns(&m->dwell);
    if (mean < (double)DWELL_MEAN_MIN) {
        char got[96], t[32];
        if (cJSON_IsObject(d)) {
            if (mean < 1000)
                snprintf(t, sizeof(t), "%.3gns", mean);
            else
                sim_time_format((sim_time_t)mean, t, sizeof(t));
            const char *name = scn_dist_name(m->dwell.kind);
            snprintf(got, sizeof(got), "%s %s distribution with a mean of %s",
                     name[0] == 'e' ? "an" : "a", name, t);
        } else {
            jc_describe(got, sizeof(got), d);
        }
        return jc_fail(&v->j, "expected a dwell time with a mean of at least 1ms, got %s", got);
    }
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
    if ((rc = jc_get_number(
             &v->j, rate, MOBILITY_RATE_MIN, MOBILITY_RATE_MAX,
             "a rate in handoffs per second from 0.001 to 100 (leave the host out of \"mobility\" for no handoffs)",
             &m->rate)))
        return rc;
    jc_pop(&v->j, old);
    return 0;
}

/* Where a process is read: a host's ($.mobility.X), a vehicle's
 * ($.groups.X) or a population's ($.population.mobility, classes[i]). */
typedef enum proc_use { PROC_HOST, PROC_GROUP, PROC_POP } proc_use_t;

#define PROC_KEYS_MAX 12

/* {"process": "poisson", "rate": R} (exponential dwell times) or
 * {"process": "dwell", "dwell": DELAY} (any dwell-time distribution), with
 * "next" (how the next network is picked), "first" (the first handoff) and
 * "networks" (none for a walk or a population); a population's process may
 * also be "none". extra: the keys of the enclosing object, read by the
 * caller. home: the network a host may return to (-1: none). pop_graph: the
 * population has a cell graph (its default next is then "walk"). */
static int read_process_into(vctx_t *v, const cJSON *obj, mob_mobility_t *m, int home,
                             proc_use_t use, const char *const *extra, size_t n_extra,
                             bool pop_graph)
{
    static const char *const base[] = {"process", "rate", "dwell", "networks", "next", "first"};
    static const char *const processes[] = {"poisson", "dwell", "none"};
    static const char *const nexts[] = {"uniform", "walk", "sequence"};
    static const char *const examples[] = {
        [PROC_HOST] =
            "a mobility process such as {\"process\": \"poisson\", \"rate\": 0.1, \"networks\": [\"A1\", \"A2\"]}",
        [PROC_GROUP] =
            "a vehicle such as {\"members\": [\"A\", \"B\"], \"start\": \"C0\", \"process\": \"dwell\", \"dwell\": \"60s\", \"networks\": [\"C0\", \"C1\"]}",
        [PROC_POP] = "a mobility process such as {\"process\": \"poisson\", \"rate\": 0.0333}",
    };
    const char *keys[PROC_KEYS_MAX];
    size_t nk = 0;
    for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
        keys[nk++] = base[i];
    for (size_t i = 0; i < n_extra && nk < PROC_KEYS_MAX; i++)
        keys[nk++] = extra[i];
    int rc, kind = 0;
    if ((rc = jc_expect_object(&v->j, obj, examples[use])) ||
        (rc = jc_check_keys(&v->j, obj, keys, nk)))
        return rc;
    size_t n_proc = use == PROC_POP ? 3 : 2;
    const cJSON *p = required(
        v, obj, "process",
        use == PROC_POP ? "\"poisson\", \"dwell\" or \"none\"" : "\"poisson\" or \"dwell\"", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "process");
    if ((rc = jc_get_enum(&v->j, p, processes, n_proc, &kind)))
        return rc;
    jc_pop(&v->j, old);
    if (kind == 2) {
        static const char *const moving[] = {"rate", "dwell", "next", "first"};
        for (int k = 0; k < 4; k++)
            if (jc_member(obj, moving[k]))
                return jc_fail_at(&v->j, moving[k],
                                  "expected no \"%s\" for the none process (its hosts do not move)",
                                  moving[k]);
    } else {
        const char *other = kind == 0 ? "dwell" : "rate";
        if (jc_member(obj, other)) {
            jc_push_key(&v->j, other);
            return jc_fail(
                &v->j, "expected no \"%s\" for the %s process (%s)", other, processes[kind],
                kind == 0 ? "use \"process\": \"dwell\" for other dwell-time distributions"
                          : "its dwell times come from \"dwell\"");
        }
        if ((rc = kind == 0 ? read_rate(v, obj, m) : read_dwell(v, obj, m)))
            return rc;
    }
    int next = use == PROC_POP && pop_graph ? MOB_NEXT_WALK : MOB_NEXT_UNIFORM;
    OPTIONAL(v, obj, "next", jc_get_enum(&v->j, ITEM, nexts, 3, &next));
    m->next = (mob_next_t)next;
    bool graph = use == PROC_POP ? pop_graph : v->cfg->n_edges > 0;
    if (next == MOB_NEXT_WALK && !graph)
        return jc_fail_at(
            &v->j, "next",
            "expected a cell graph for \"next\": \"walk\" (%s), but the scenario has none",
            use == PROC_POP ? "a \"graph\" of the population" : "$.edges or a population graph");
    const cJSON *nets = jc_member(obj, "networks");
    if (use == PROC_POP && nets)
        return jc_fail_at(
            &v->j, "networks",
            "expected no \"networks\" in a population (its hosts move among the generated cells)");
    if (use != PROC_POP && next == MOB_NEXT_WALK && nets)
        return jc_fail_at(
            &v->j, "networks",
            "expected no \"networks\" with \"next\": \"walk\" (the walk follows the edges of the cell graph)");
    if (use != PROC_POP && next != MOB_NEXT_WALK) {
        nets = required(v, obj, "networks", "the networks to move between", &rc);
        if (rc)
            return rc;
        old = jc_push_key(&v->j, "networks");
        if ((rc = read_mobility_nets(v, nets, m, home)))
            return rc;
        jc_pop(&v->j, old);
    }
    const cJSON *first = jc_member(obj, "first");
    if (first) {
        old = jc_push_key(&v->j, "first");
        if ((rc = jc_get_time(&v->j, first, &m->first)))
            return rc;
        m->has_first = true;
        jc_pop(&v->j, old);
    }
    m->enabled = kind != 2;
    return 0;
}

static int read_process(vctx_t *v, const cJSON *obj, int host)
{
    return read_process_into(v, obj, &v->cfg->mobility[host], v->cfg->hosts[host].home, PROC_HOST,
                             NULL, 0, false);
}

static int read_mobility(vctx_t *v, const cJSON *root)
{
    mob_config_t *c = v->cfg;
    const cJSON *obj = jc_member(root, "mobility");
    if (!obj)
        return 0;
    size_t old = jc_push_key(&v->j, "mobility");
    int rc = jc_expect_object(
        &v->j, obj,
        "an object with a process per host, such as {\"A\": {\"process\": \"poisson\", \"rate\": 0.1, \"networks\": [\"A1\", \"A2\"]}}");
    if (rc)
        return rc;
    const char *first = NULL; /* the first mobile host, for the example */
    for (int h = 0; h < c->n_hosts && !first; h++)
        first = mobile_name_at(c, h);
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (it->string[0] == '_' || host_index(v, it->string) >= 0)
            continue;
        static const char *const flat[] = {"process", "rate", "networks"};
        for (int k = 0; k < 3; k++)
            if (strcmp(it->string, flat[k]) == 0) {
                jc_push_key(&v->j, it->string);
                return jc_fail(
                    &v->j,
                    "expected a host name with its process: \"mobility\" is given per host, such as {\"%s\": {\"process\": \"poisson\", ...}}",
                    first ? first : "A");
            }
    }
    if ((rc = check_name_keys(v, obj, host_index, mobile_name_at, c->n_hosts, v->host_mark)))
        return rc;
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (it->string[0] == '_')
            continue;
        int h = host_index(v, it->string);
        size_t o = jc_push_key(&v->j, it->string);
        if ((rc = expect_mobile(v, h)))
            return rc;
        if (v->pop.on && h >= v->pop.host0)
            return jc_fail(
                &v->j,
                "expected a host of $.hosts, but %s is generated by $.population (its class gives its process)",
                it->string);
        if (v->move_of_host[h] >= 0)
            return jc_fail(
                &v->j,
                "expected either scripted moves or a mobility process for host %s, but $.moves[%d] moves it too",
                it->string, v->move_of_host[h]);
        if (v->trace_line_of && v->trace_line_of[h])
            return jc_fail(
                &v->j,
                "expected either scripted moves or a mobility process for host %s, but %s:%d moves it too",
                it->string, jc_member(root, "trace")->valuestring, v->trace_line_of[h]);
        if ((rc = read_process(v, it, h)))
            return rc;
        jc_pop(&v->j, o);
    }
    jc_pop(&v->j, old);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* "population": a generator of networks, hosts, pairs and classes           */

static const char *const pop_graph_kinds[] = {"none", "ring", "grid", "random-geometric"};

static int read_pop_graph(vctx_t *v, const cJSON *obj)
{
    static const char *const keys[][2] = {
        {"kind"}, {"kind"}, {"kind", "width"}, {"kind", "radius"}};
    static const size_t n_keys[] = {1, 1, 2, 2};
    pop_t *pop = &v->pop;
    int rc, kind = 0;
    if ((rc = jc_expect_object(&v->j, obj,
                               "a cell graph such as {\"kind\": \"grid\", \"width\": 20}")))
        return rc;
    const cJSON *k =
        required(v, obj, "kind", "\"none\", \"ring\", \"grid\" or \"random-geometric\"", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "kind");
    if ((rc = jc_get_enum(&v->j, k, pop_graph_kinds, 4, &kind)))
        return rc;
    jc_pop(&v->j, old);
    if ((rc = jc_check_keys(&v->j, obj, keys[kind], n_keys[kind])))
        return rc;
    pop->graph = (pop_graph_t)kind;
    if (kind == POP_GRAPH_GRID) {
        const cJSON *w = required(v, obj, "width", "the cells per row of the grid", &rc);
        if (rc)
            return rc;
        old = jc_push_key(&v->j, "width");
        if ((rc = get_whole(v, w, 1, NETS_MAX, "a whole number of cells per row from 1 to 100000",
                            &pop->width)))
            return rc;
        if (pop->cells % pop->width != 0)
            return jc_fail(&v->j, "expected a width that divides the %d cells, got %d", pop->cells,
                           pop->width);
        jc_pop(&v->j, old);
    } else if (kind == POP_GRAPH_GEOMETRIC) {
        const cJSON *r =
            required(v, obj, "radius", "the distance within which cells are joined", &rc);
        if (rc)
            return rc;
        old = jc_push_key(&v->j, "radius");
        /* clang-format off */
        const char *what = "a radius above 0 and at most 1.5 (cells lie in the unit square)";
        /* clang-format on */
        if ((rc = jc_get_number(&v->j, r, 0, 1.5, what, &pop->radius)))
            return rc;
        if (!(pop->radius > 0))
            return jc_fail(&v->j, "expected %s, got %g", what, pop->radius);
        jc_pop(&v->j, old);
    }
    return 0;
}

static int read_pop_peers(vctx_t *v, const cJSON *obj)
{
    static const char *const keys[] = {"k", "mobile_fraction"};
    pop_t *pop = &v->pop;
    int rc;
    if ((rc = jc_expect_object(&v->j, obj,
                               "an object such as {\"k\": 2, \"mobile_fraction\": 0.5}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 2)))
        return rc;
    OPTIONAL(v, obj, "k",
             get_whole(v, ITEM, 0, SCNI_PEERS_K_MAX,
                       "a whole number of peers per mobile host from 0 to 16", &pop->k));
    OPTIONAL(v, obj, "mobile_fraction",
             jc_get_number(&v->j, ITEM, 0, 1,
                           "a fraction from 0 to 1 (the share of a host's peers that are mobile)",
                           &pop->frac));
    if (pop->corr > 0 && pop->k > pop->corr)
        return jc_fail_at(
            &v->j, "k",
            "expected at most %d peers per host (the number of correspondents: a host has each at most once), got %d",
            pop->corr, pop->k);
    return 0;
}

static int read_pop_vehicles(vctx_t *v, const cJSON *obj, pop_class_t *cl)
{
    static const char *const keys[] = {"size", "jitter", "talk_within"};
    int rc;
    if ((rc = jc_expect_object(
             &v->j, obj,
             "vehicles such as {\"size\": 2, \"jitter\": {\"dist\": \"uniform\", \"min\": \"0ms\", \"max\": \"200ms\"}}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, 3)))
        return rc;
    if (!cl->m.enabled)
        return jc_fail(
            &v->j, "expected a moving process for a class in vehicles, got \"process\": \"none\"");
    const cJSON *size = required(v, obj, "size", "the hosts per vehicle", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "size");
    if ((rc = get_whole(v, size, 1, POP_GROUP_SIZE_MAX,
                        "a whole number of hosts per vehicle from 1 to 10000", &cl->group_size)))
        return rc;
    jc_pop(&v->j, old);
    memset(&cl->jitter, 0, sizeof(cl->jitter)); /* a constant 0 */
    if ((rc = opt_delay(v, obj, "jitter", &cl->jitter)) ||
        (rc = opt_bool(v, obj, "talk_within", &cl->talk_within)))
        return rc;
    cl->vehicles = true;
    return 0;
}

static int read_pop_class(vctx_t *v, const cJSON *obj, int idx)
{
    static const char *const extra[] = {"name", "share", "group"};
    pop_t *pop = &v->pop;
    pop_class_t *cl = &pop->classes[idx];
    int rc;
    if ((rc = jc_expect_object(
             &v->j, obj,
             "a class such as {\"name\": \"pedestrian\", \"share\": 0.6, \"process\": \"dwell\", \"dwell\": \"30s\"}")))
        return rc;
    const cJSON *name = required(v, obj, "name", "the class's name", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "name");
    if (!cJSON_IsString(name) || !valid_name(name->valuestring) ||
        strlen(name->valuestring) > POP_CLASS_NAME_MAX) {
        char got[96];
        jc_describe(got, sizeof(got), name);
        return jc_fail(
            &v->j,
            "expected a class name of letters, digits, \"_\" and \"-\" (at most 16 characters, not starting with \"_\" or \"-\"), got %s",
            got);
    }
    snprintf(cl->name, sizeof(cl->name), "%s", name->valuestring);
    for (int j = 0; j < idx; j++)
        if (strcmp(pop->classes[j].name, cl->name) == 0)
            return jc_fail(
                &v->j,
                "expected a class name not used before, but $.population.classes[%d] is also \"%s\"",
                j, cl->name);
    jc_pop(&v->j, old);
    const cJSON *share = required(v, obj, "share", "the class's share of the mobile hosts", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "share");
    if ((rc = jc_get_number(&v->j, share, 0, 1, "a number from 0 to 1", &cl->share)))
        return rc;
    jc_pop(&v->j, old);
    if ((rc = read_process_into(v, obj, &cl->m, -1, PROC_POP, extra, 3,
                                pop->graph != POP_GRAPH_NONE)))
        return rc;
    OPTIONAL(v, obj, "group", read_pop_vehicles(v, ITEM, cl));
    return 0;
}

static int read_pop_classes(vctx_t *v, const cJSON *arr)
{
    pop_t *pop = &v->pop;
    int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (!cJSON_IsArray(arr) || n < 1 || n > POP_CLASSES_MAX) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        if (cJSON_IsArray(arr))
            snprintf(got, sizeof(got), "%d classes", n);
        return jc_fail(&v->j, "expected an array of 1 to %d classes, got %s", POP_CLASSES_MAX, got);
    }
    pop->classes = calloc((size_t)n, sizeof(*pop->classes));
    if (!pop->classes)
        return jc_nomem(&v->j);
    pop->n_classes = n;
    int i = 0, rc;
    double sum = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        if ((rc = read_pop_class(v, it, i)))
            return rc;
        sum += pop->classes[i].share;
        jc_pop(&v->j, o);
    }
    if (fabs(sum - 1) > 1e-9)
        return jc_fail(&v->j, "expected shares summing to 1, got %.12g", sum);
    return 0;
}

static int read_population(vctx_t *v, const cJSON *root)
{
    static const char *const keys[] = {"mobile_hosts", "correspondents", "home_agents", "cells",
                                       "graph",        "peers",          "rate",        "size",
                                       "mobility",     "classes"};
    mob_config_t *c = v->cfg;
    pop_t *pop = &v->pop;
    const cJSON *obj = jc_member(root, "population");
    if (!obj)
        return 0;
    size_t old = jc_push_key(&v->j, "population");
    int rc;
    if ((rc = jc_expect_object(
             &v->j, obj,
             "a population such as {\"mobile_hosts\": 2000, \"cells\": 200, \"mobility\": {\"process\": \"poisson\", \"rate\": 0.0333}}")) ||
        (rc = jc_check_keys(&v->j, obj, keys, sizeof(keys) / sizeof(keys[0]))))
        return rc;
    pop->on = true;
    pop->homes = 1;
    pop->k = 1;
    pop->frac = 1;
    pop->rate = c->traffic_rate;
    pop->size = c->traffic_size;
    const cJSON *mh = required(v, obj, "mobile_hosts", "how many mobile hosts to generate", &rc);
    if (rc)
        return rc;
    size_t o = jc_push_key(&v->j, "mobile_hosts");
    if ((rc = get_whole(v, mh, 0, HOSTS_MAX, "a whole number of mobile hosts from 0 to 100000",
                        &pop->mobile)))
        return rc;
    jc_pop(&v->j, o);
    OPTIONAL(v, obj, "correspondents",
             get_whole(v, ITEM, 0, HOSTS_MAX,
                       "a whole number of stationary correspondents from 0 to 100000", &pop->corr));
    OPTIONAL(v, obj, "home_agents",
             get_whole(v, ITEM, 1, NETS_MAX,
                       "a whole number of home agents (home networks) from 1 to 100000",
                       &pop->homes));
    const cJSON *cells = required(v, obj, "cells", "how many foreign cells to generate", &rc);
    if (rc)
        return rc;
    o = jc_push_key(&v->j, "cells");
    if ((rc = get_whole(v, cells, 2, NETS_MAX, "a whole number of cells from 2 to 100000",
                        &pop->cells)))
        return rc;
    jc_pop(&v->j, o);
    OPTIONAL(v, obj, "graph", read_pop_graph(v, ITEM));
    OPTIONAL(v, obj, "peers", read_pop_peers(v, ITEM));
    OPTIONAL(v, obj, "rate", get_traffic_rate(v, ITEM, &pop->rate));
    if ((rc = opt_size(v, obj, &pop->size)))
        return rc;
    const cJSON *mob = jc_member(obj, "mobility"), *classes = jc_member(obj, "classes");
    if (mob && classes)
        return jc_fail_at(
            &v->j, "mobility",
            "expected either \"mobility\" or \"classes\" (each class has its process)");
    if (!mob && !classes)
        return jc_fail(
            &v->j,
            "expected a key \"mobility\" (the hosts' process, such as {\"process\": \"poisson\", \"rate\": 0.0333}) or \"classes\"");
    if (mob) {
        pop->classes = calloc(1, sizeof(*pop->classes));
        if (!pop->classes)
            return jc_nomem(&v->j);
        pop->n_classes = 1;
        snprintf(pop->classes[0].name, sizeof(pop->classes[0].name), "all");
        pop->classes[0].share = 1;
        o = jc_push_key(&v->j, "mobility");
        if ((rc = read_process_into(v, mob, &pop->classes[0].m, -1, PROC_POP, NULL, 0,
                                    pop->graph != POP_GRAPH_NONE)))
            return rc;
        jc_pop(&v->j, o);
    } else {
        o = jc_push_key(&v->j, "classes");
        if ((rc = read_pop_classes(v, classes)))
            return rc;
        jc_pop(&v->j, o);
    }
    pop->rng = sim_rng_stream(c->seed, 0, 0, SCNI_RNG_POPULATION);
    if (!pop->rng)
        return jc_nomem(&v->j);
    jc_pop(&v->j, old);
    return 0;
}

/* The generated networks: home0.. (HA0.., fd00:i::/64 as fd00:<hi>:<lo>),
 * then cell0.. (fd01:<hi>:<lo>::/64), after the explicit ones. */
static int pop_networks(vctx_t *v, int n_explicit)
{
    mob_config_t *c = v->cfg;
    pop_t *pop = &v->pop;
    size_t old = jc_push_key(&v->j, "population");
    long total = (long)n_explicit + pop->homes + pop->cells;
    if (total > NETS_MAX)
        return jc_fail(
            &v->j,
            "expected at most %d networks in all, got %ld (%d in $.networks, %d home networks and %d cells generated)",
            NETS_MAX, total, n_explicit, pop->homes, pop->cells);
    pop->net0 = c->n_nets;
    pop->cell0 = pop->net0 + pop->homes;
    for (int i = 0; i < pop->homes + pop->cells; i++) {
        bool home = i < pop->homes;
        int num = home ? i : i - pop->homes, idx = c->n_nets, j;
        mob_net_t *n = mob_config_add_net(c);
        if (!n)
            return jc_nomem(&v->j);
        snprintf(n->name, sizeof(n->name), "%s%d", home ? "home" : "cell", num);
        n->prefix.b[0] = 0xfd;
        n->prefix.b[1] = home ? 0x00 : 0x01;
        for (int b = 0; b < 4; b++)
            n->prefix.b[2 + b] = (uint8_t)((uint32_t)num >> (24 - 8 * b));
        n->deploy = true;
        int added = scn_strmap_add(&v->net_names, n->name, idx, &j);
        if (added < 0)
            return jc_nomem(&v->j);
        if (added == 1)
            return jc_fail(
                &v->j,
                "expected network names free for the generated networks, but $.networks[%d] is called \"%s\"",
                j, n->name);
        if ((j = mob_addrmap_get(&v->prefixes, &n->prefix)) >= 0) {
            char pfx[64];
            net_addr_format(&n->prefix, pfx, sizeof(pfx));
            return jc_fail(
                &v->j,
                "expected prefixes free for the generated networks (fd00::/16 for homes, fd01::/16 for cells), but $.networks[%d] (%s) has %s/64",
                j, c->nets[j].name, pfx);
        }
        if (mob_addrmap_put(&v->prefixes, &n->prefix, idx) < 0)
            return jc_nomem(&v->j);
        if (home) {
            n->is_home = true;
            snprintf(n->home_agent, sizeof(n->home_agent), "HA%d", num);
            int rc = scn_strmap_add(&v->ha_names, n->home_agent, idx, &j);
            if (rc < 0)
                return jc_nomem(&v->j);
            if (rc == 1)
                return jc_fail(
                    &v->j,
                    "expected home agent names free for the generated home agents, but $.networks[%d] has home agent \"%s\"",
                    j, n->home_agent);
        }
    }
    jc_pop(&v->j, old);
    return 0;
}

/* An edge of the cell graph, refused when it repeats one. */
static int add_edge(vctx_t *v, int a, int b, int *dup)
{
    net_addr_t key = scni_key_pair(a, b);
    *dup = mob_addrmap_get(&v->edge_of, &key);
    if (*dup >= 0)
        return 0;
    mob_edge_t *e = mob_config_add_edge(v->cfg);
    if (!e || mob_addrmap_put(&v->edge_of, &key, v->cfg->n_edges - 1) < 0)
        return jc_nomem(&v->j);
    e->a = a < b ? a : b;
    e->b = a < b ? b : a;
    return 0;
}

/* The population's cell graph, then $.edges. */
static int read_edges(vctx_t *v, const cJSON *root)
{
    mob_config_t *c = v->cfg;
    pop_t *pop = &v->pop;
    int rc, dup;
    if (pop->on && pop->graph != POP_GRAPH_NONE) {
        scni_pairs_t g = {0};
        int gen = pop->graph == POP_GRAPH_RING ? scni_pop_ring(pop->cells, &g)
                  : pop->graph == POP_GRAPH_GRID
                      ? scni_pop_grid(pop->cells, pop->width, &g)
                      : scni_pop_geometric(pop->cells, pop->radius, EDGES_MAX, pop->rng, &g);
        rc = 0;
        for (int i = 0; gen == 0 && rc == 0 && i < g.n; i++)
            rc = add_edge(v, pop->cell0 + g.p[i][0], pop->cell0 + g.p[i][1], &dup);
        scni_pairs_fini(&g);
        if (gen == 1) {
            jc_push_key(&v->j, "population");
            jc_push_key(&v->j, "graph");
            jc_push_key(&v->j, "radius");
            return jc_fail(
                &v->j,
                "expected a radius giving at most %d edges, but %g joins more among %d cells",
                EDGES_MAX, pop->radius, pop->cells);
        }
        if (gen)
            return jc_nomem(&v->j);
        if (rc)
            return rc;
        v->n_pop_edges = c->n_edges;
    }
    const cJSON *arr = jc_member(root, "edges");
    if (!arr)
        return 0;
    size_t old = jc_push_key(&v->j, "edges");
    int n = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || n + c->n_edges > EDGES_MAX) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        if (cJSON_IsArray(arr))
            snprintf(got, sizeof(got), "%d edges (with %d of the population graph)", n, c->n_edges);
        return jc_fail(
            &v->j,
            "expected an array of at most %d edges such as [[\"A1\", \"A2\"], [\"A2\", \"A3\"]], got %s",
            EDGES_MAX, got);
    }
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        size_t o = jc_push_index(&v->j, i);
        if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 2) {
            char got[96];
            jc_describe(got, sizeof(got), it);
            return jc_fail(&v->j, "expected two network names such as [\"A1\", \"A2\"], got %s",
                           got);
        }
        int ab[2];
        for (int k = 0; k < 2; k++) {
            size_t o2 = jc_push_index(&v->j, k);
            if ((rc = get_net_ref(v, cJSON_GetArrayItem(it, k), &ab[k])))
                return rc;
            if (c->nets[ab[k]].is_home)
                return jc_fail(
                    &v->j,
                    "expected a foreign network (walks move hosts of every home along edges), but \"%s\" is a home network",
                    c->nets[ab[k]].name);
            jc_pop(&v->j, o2);
        }
        if (ab[0] == ab[1])
            return jc_fail(&v->j, "expected two different networks (no edge from \"%s\" to itself)",
                           c->nets[ab[0]].name);
        if ((rc = add_edge(v, ab[0], ab[1], &dup)))
            return rc;
        if (dup >= v->n_pop_edges)
            return jc_fail(&v->j, "expected each edge once, but $.edges[%d] is the same edge",
                           dup - v->n_pop_edges);
        if (dup >= 0)
            return jc_fail(&v->j, "expected each edge once, but the population graph has it too");
        jc_pop(&v->j, o);
    }
    jc_pop(&v->j, old);
    return 0;
}

/* A copy of the generated cells (0..cells-1 in order) as m's networks. */
static int pop_cell_nets(vctx_t *v, mob_mobility_t *m)
{
    const pop_t *pop = &v->pop;
    free(m->nets);
    m->n_nets = 0;
    m->nets = NULL;
    if (!m->enabled || m->next == MOB_NEXT_WALK)
        return 0;
    m->nets = malloc((size_t)pop->cells * sizeof(*m->nets));
    if (!m->nets)
        return jc_nomem(&v->j);
    for (int i = 0; i < pop->cells; i++)
        m->nets[i] = pop->cell0 + i;
    m->n_nets = pop->cells;
    return 0;
}

/* Classes, vehicles and mobility of the generated mobile hosts. */
static int pop_classes(vctx_t *v, int *veh_members, int *veh_off, int *n_talk)
{
    mob_config_t *c = v->cfg;
    pop_t *pop = &v->pop;
    int M = pop->mobile;
    int *order = malloc((size_t)(M ? M : 1) * sizeof(*order));
    int *count = malloc((size_t)pop->n_classes * sizeof(*count));
    double *share = malloc((size_t)pop->n_classes * sizeof(*share));
    if (!order || !count || !share) {
        free(order);
        free(count);
        free(share);
        return jc_nomem(&v->j);
    }
    for (int i = 0; i < pop->n_classes; i++)
        share[i] = pop->classes[i].share;
    scni_pop_apportion(share, pop->n_classes, M, count);
    free(share);
    /* the entries of cell lists: one per cell per "uniform"/"sequence" mover */
    long lists = 0;
    for (int i = 0; i < pop->n_classes; i++) {
        const pop_class_t *cl = &pop->classes[i];
        if (!cl->m.enabled || cl->m.next == MOB_NEXT_WALK)
            continue;
        long movers = cl->vehicles ? (count[i] + cl->group_size - 1) / cl->group_size : count[i];
        lists += movers * pop->cells;
    }
    if (lists > CELL_LISTS_MAX) {
        free(order);
        free(count);
        return jc_fail(
            &v->j,
            "expected at most %d entries in the hosts' lists of cells, got %ld (\"next\": \"uniform\" or \"sequence\" lists all %d cells per moving host or vehicle): use a \"graph\" and \"next\": \"walk\"",
            CELL_LISTS_MAX, lists, pop->cells);
    }
    for (int i = 0; i < M; i++)
        order[i] = i;
    if (M > 1)
        gsl_ran_shuffle(pop->rng, order, (size_t)M, sizeof(*order));
    int rc = 0, at = 0, nv = 0, nm = 0;
    veh_off[0] = 0;
    for (int ci = 0; ci < pop->n_classes && rc == 0; ci++) {
        const pop_class_t *cl = &pop->classes[ci];
        mob_class_t *mc = mob_config_add_class(c);
        if (!mc) {
            rc = jc_nomem(&v->j);
            break;
        }
        snprintf(mc->name, sizeof(mc->name), "%s", cl->name);
        int end = at + count[ci], veh = 0;
        for (int q = at; q < end && rc == 0; q++) {
            int h = pop->host0 + order[q];
            c->hosts[h].cls = ci;
            mob_mobility_t *m = &c->mobility[h];
            if (!cl->vehicles) {
                *m = cl->m;
                m->nets = NULL;
                rc = pop_cell_nets(v, m);
                continue;
            }
            if ((q - at) % cl->group_size == 0) { /* a new vehicle */
                mob_group_t *grp = mob_config_add_group(c);
                if (!grp) {
                    rc = jc_nomem(&v->j);
                    break;
                }
                /* class names have at most 16 characters */
                snprintf(grp->name, sizeof(grp->name), "%.16s.veh%d", cl->name, veh++ & 0xfffffff);
                grp->mobility = cl->m;
                grp->mobility.nets = NULL;
                grp->start =
                    pop->cell0 + (int)gsl_rng_uniform_int(pop->rng, (unsigned long)pop->cells);
                grp->jitter = cl->jitter;
                if ((rc = pop_cell_nets(v, &grp->mobility)))
                    break;
                if (cl->talk_within)
                    veh_off[nv++] = nm;
            }
            int g = c->n_groups - 1;
            m->grouped = true;
            m->group = g;
            c->hosts[h].start = c->groups[g].start;
            if (cl->talk_within)
                veh_members[nm++] = order[q];
        }
        at = end;
    }
    veh_off[nv] = nm;
    *n_talk = nv;
    free(order);
    free(count);
    return rc;
}

/* A generated host's name and iid, checked against the explicit ones. */
static int pop_host_name(vctx_t *v, int idx)
{
    mob_config_t *c = v->cfg;
    mob_host_t *h = &c->hosts[idx];
    int j = ha_net_index(v, h->name);
    if (j >= 0)
        return jc_fail(
            &v->j,
            "expected names free for the generated hosts, but $.networks[%d] has home agent \"%s\"",
            j, h->name);
    int rc = scn_strmap_add(&v->host_names, h->name, idx, &j);
    if (rc < 0)
        return jc_nomem(&v->j);
    if (rc == 1)
        return jc_fail(
            &v->j, "expected names free for the generated hosts, but $.hosts[%d] is called \"%s\"",
            j, h->name);
    h->iid = 0x100u * (uint64_t)(idx + 1);
    net_addr_t key = key_u64(h->iid);
    if ((j = mob_addrmap_get(&v->iids, &key)) >= 0)
        return jc_fail(
            &v->j,
            "expected interface identifiers free for the generated hosts, but host %s ($.hosts[%d]) has %s's 0x%llx",
            c->hosts[j].name, j, h->name, (unsigned long long)h->iid);
    if (mob_addrmap_put(&v->iids, &key, idx) < 0)
        return jc_nomem(&v->j);
    return 0;
}

/* The generated hosts m0.. and c0.., their classes, vehicles, processes and
 * pairs, after the explicit hosts. Draws, in order: each mobile host's
 * start cell, each correspondent's cell, the class shuffle, each vehicle's
 * start, the peers. */
static int pop_hosts(vctx_t *v)
{
    mob_config_t *c = v->cfg;
    pop_t *pop = &v->pop;
    size_t old = jc_push_key(&v->j, "population");
    int rc;
    pop->host0 = c->n_hosts;
    for (int i = 0; i < pop->mobile + pop->corr; i++) {
        bool mobile = i < pop->mobile;
        int idx = c->n_hosts;
        mob_host_t *h = mob_config_add_host(c);
        if (!h)
            return jc_nomem(&v->j);
        snprintf(h->name, sizeof(h->name), "%s%d", mobile ? "m" : "c",
                 mobile ? i : i - pop->mobile);
        h->kind = mobile ? MOB_HOST_MOBILE : MOB_HOST_CORRESPONDENT;
        h->home = mobile ? pop->net0 + i % pop->homes : -1;
        h->start = pop->cell0 + (int)gsl_rng_uniform_int(pop->rng, (unsigned long)pop->cells);
        if ((rc = pop_host_name(v, idx)))
            return rc;
    }
    int M = pop->mobile;
    int *members = malloc((size_t)(M ? M : 1) * sizeof(*members));
    int *off = malloc((size_t)(M + 2) * sizeof(*off));
    int n_talk = 0;
    if (!members || !off) {
        free(members);
        free(off);
        return jc_nomem(&v->j);
    }
    rc = pop_classes(v, members, off, &n_talk);
    scni_pairs_t pairs = {0};
    scni_peer_spec_t spec = {
        .n_mobile = M,
        .n_corr = pop->corr,
        .k = pop->k,
        .m_mobile = pop->corr == 0 ? pop->k : (int)lround(pop->k * pop->frac),
        .members = members,
        .vehicle_off = off,
        .n_vehicles = n_talk,
    };
    if (rc == 0 && scni_pop_peers(&spec, pop->rng, &pairs))
        rc = jc_nomem(&v->j);
    for (int i = 0; rc == 0 && i < pairs.n; i++) {
        int p = add_peer(v, pop->host0 + pairs.p[i][0], pop->host0 + pairs.p[i][1]);
        if (p < 0) {
            rc = jc_nomem(&v->j);
            break;
        }
        mob_peer_t *e = &c->peers[p];
        e->has_flow = true;
        e->rate_ab = e->rate_ba = pop->rate;
        e->size = pop->size;
    }
    scni_pairs_fini(&pairs);
    free(members);
    free(off);
    if (rc == 0)
        jc_pop(&v->j, old);
    c->has_population = true;
    return rc;
}

/* ------------------------------------------------------------------------ */
/* "groups": vehicles whose members hand off together                        */

static int read_group_members(vctx_t *v, const cJSON *root, const cJSON *arr, int g)
{
    mob_config_t *c = v->cfg;
    int rc;
    int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (!cJSON_IsArray(arr) || n < 1) {
        char got[96];
        jc_describe(got, sizeof(got), arr);
        if (cJSON_IsArray(arr))
            snprintf(got, sizeof(got), "an empty array");
        return jc_fail(
            &v->j, "expected an array of mobile host names such as [\"A\", \"B\"], got %s", got);
    }
    int stamp = next_stamp(v), k = 0;
    for (const cJSON *it = arr->child; it; it = it->next, k++) {
        size_t o = jc_push_index(&v->j, k);
        int h;
        if ((rc = get_host_ref(v, it, true, &h)) || (rc = expect_mobile(v, h)))
            return rc;
        const char *name = c->hosts[h].name;
        if (v->host_mark[h].stamp == stamp)
            return jc_fail(&v->j, "expected each host once, but \"%s\" is also item %d", name,
                           v->host_mark[h].pos);
        v->host_mark[h] = (mark_t){stamp, k};
        if (v->pop.on && h >= v->pop.host0)
            return jc_fail(
                &v->j,
                "expected a host of $.hosts, but %s is generated by $.population (a class with \"group\" puts generated hosts in vehicles)",
                name);
        if (v->group_of[h] >= 0)
            return jc_fail(&v->j,
                           "expected a host in one group only, but %s is also in $.groups.%s", name,
                           c->groups[v->group_of[h]].name);
        if (c->mobility[h].enabled)
            return jc_fail(
                &v->j,
                "expected either a group or a mobility process for host %s, but $.mobility.%s moves it too",
                name, name);
        if (v->move_of_host[h] >= 0)
            return jc_fail(
                &v->j,
                "expected either a group or scripted moves for host %s, but $.moves[%d] moves it too",
                name, v->move_of_host[h]);
        if (v->trace_line_of && v->trace_line_of[h])
            return jc_fail(
                &v->j,
                "expected either a group or scripted moves for host %s, but %s:%d moves it too",
                name, jc_member(root, "trace")->valuestring, v->trace_line_of[h]);
        int start = c->groups[g].start;
        if (c->hosts[h].start >= 0 && c->hosts[h].start != start)
            return jc_fail(
                &v->j,
                "expected a host that starts where its group does (\"%s\"), but %s starts on \"%s\" ($.hosts[%d].start)",
                c->nets[start].name, name, c->nets[c->hosts[h].start].name, h);
        c->hosts[h].start = start;
        v->group_of[h] = g;
        c->mobility[h].grouped = true;
        c->mobility[h].group = g;
        jc_pop(&v->j, o);
    }
    return 0;
}

static int read_group(vctx_t *v, const cJSON *root, const cJSON *obj, int g)
{
    static const char *const extra[] = {"members", "start", "jitter"};
    mob_config_t *c = v->cfg;
    mob_group_t *grp = &c->groups[g];
    int rc;
    if (!valid_name(obj->string))
        return jc_fail(&v->j, "expected a group name: " NAME_RULE);
    snprintf(grp->name, sizeof(grp->name), "%s", obj->string);
    if ((rc = jc_expect_object(
             &v->j, obj,
             "a vehicle such as {\"members\": [\"A\", \"B\"], \"start\": \"C0\", \"process\": \"dwell\", \"dwell\": \"60s\", \"networks\": [\"C0\", \"C1\"]}")))
        return rc;
    const cJSON *start =
        required(v, obj, "start", "the network where the vehicle is at time 0", &rc);
    if (rc)
        return rc;
    size_t old = jc_push_key(&v->j, "start");
    if ((rc = get_net_ref(v, start, &grp->start)))
        return rc;
    if (c->nets[grp->start].is_home)
        return jc_fail(
            &v->j,
            "expected a foreign network (a vehicle carries hosts of any home), but \"%s\" is a home network",
            c->nets[grp->start].name);
    jc_pop(&v->j, old);
    if ((rc = read_process_into(v, obj, &grp->mobility, -1, PROC_GROUP, extra, 3, false)))
        return rc;
    memset(&grp->jitter, 0, sizeof(grp->jitter)); /* a constant 0 */
    if ((rc = opt_delay(v, obj, "jitter", &grp->jitter)))
        return rc;
    const cJSON *members = required(v, obj, "members", "the hosts on the vehicle", &rc);
    if (rc)
        return rc;
    old = jc_push_key(&v->j, "members");
    if ((rc = read_group_members(v, root, members, g)))
        return rc;
    jc_pop(&v->j, old);
    return 0;
}

static int read_groups(vctx_t *v, const cJSON *root)
{
    mob_config_t *c = v->cfg;
    const cJSON *obj = jc_member(root, "groups");
    if (!obj)
        return 0;
    size_t old = jc_push_key(&v->j, "groups");
    int rc = jc_expect_object(
        &v->j, obj,
        "an object with a vehicle per name, such as {\"train1\": {\"members\": [\"A\", \"B\"], \"start\": \"C0\", ...}}");
    if (rc)
        return rc;
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (it->string[0] == '_')
            continue;
        size_t o = jc_push_key(&v->j, it->string);
        int g = c->n_groups;
        if (!mob_config_add_group(c))
            return jc_nomem(&v->j);
        if ((rc = read_group(v, root, it, g)))
            return rc;
        jc_pop(&v->j, o);
    }
    jc_pop(&v->j, old);
    return 0;
}

/* Mobile hosts of $.hosts without "start" (allowed with "groups"): each
 * must have got its group's. */
static int check_starts(vctx_t *v)
{
    const mob_config_t *c = v->cfg;
    for (int h = 0; h < c->n_hosts; h++)
        if (c->hosts[h].kind == MOB_HOST_MOBILE && c->hosts[h].start < 0) {
            jc_push_key(&v->j, "hosts");
            jc_push_index(&v->j, h);
            return jc_fail(&v->j, "expected a key \"start\" (the network where it is at time 0)");
        }
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
    "name",
    "description",
    "seed",
    "horizon",
    "scheme",
    "deploy",
    "params",
    "rr",
    "bu_lifetime",
    "icmp_unreachable",
    "networks",
    "delay",
    "loss",
    "hosts",
    "handoff",
    "moves",
    "mobility",
    "trace",
    "flows",
    "traffic",
    "initial",
    "mh_routing",
    "cn_bu_after_home_ba",
    "rr_start",
    "cn_bu_ack",
    "ha_dad",
    "icmp",
    "be_min_interval",
    "edges",
    "groups",
    "population",
    "script",
    "nodes",
    "taps",
    "$schema", /* for editors (schemas/), otherwise ignored */
};

static int validate(vctx_t *v, const cJSON *root)
{
    int rc;
    if ((rc = jc_expect_object(
             &v->j, root, "a scenario object such as {\"networks\": [...], \"hosts\": [...]}")) ||
        (rc = jc_check_keys(&v->j, root, top_keys, sizeof(top_keys) / sizeof(top_keys[0]))))
        return rc;
    /* "initial" decides whether a host may start at home: read it first;
     * the population's networks follow $.networks, its graph comes before
     * $.edges, its hosts after $.hosts' (explicit ones may name generated
     * networks and hosts) */
    v->groups_given = jc_member(root, "groups") != NULL;
    if ((rc = read_plain(v, root)) || (rc = read_population(v, root)) ||
        (rc = read_networks(v, root)) || (rc = read_delay(v, root)) || (rc = read_edges(v, root)) ||
        (rc = read_hosts(v, root)) || (rc = read_flows(v, root)) || (rc = read_deploy(v, root)) ||
        (rc = read_moves(v, root)) || (rc = read_trace(v, root)) || (rc = read_mobility(v, root)) ||
        (rc = read_groups(v, root)) || (rc = check_starts(v)) ||
        (rc = scni_read_script(&v->j, root, v->cfg)))
        return rc;
    return 0;
}

int scn_config_from_json_at(const cJSON *root, const char *file, mob_config_t *out, sim_err_t *err,
                            char *err_path, size_t err_path_cap)
{
    vctx_t v;
    memset(&v, 0, sizeof(v));
    jc_init(&v.j, file, err);
    v.cfg = out;
    mob_config_defaults(out);
    default_name(file, out->name, sizeof(out->name));
    int rc = validate(&v, root);
    vctx_fini(&v);
    if (rc && err_path)
        snprintf(err_path, err_path_cap, "%s", v.j.err_path);
    if (rc)
        mob_config_free(out); /* no half-filled arrays reach the caller */
    return rc;
}

int scn_config_from_json(const cJSON *root, const char *file, mob_config_t *out, sim_err_t *err)
{
    return scn_config_from_json_at(root, file, out, err, NULL, 0);
}
