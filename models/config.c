#include "models/config.h"

#include <stdlib.h>
#include <string.h>

static const char *const scheme_names[MOB_N_SCHEMES] = {
    [MOB_SCHEME_BASELINE] = "baseline",
    [MOB_SCHEME_FORWARDING] = "forwarding",
    [MOB_SCHEME_PROXIES] = "proxies",
    [MOB_SCHEME_HOA_SIGNALING] = "hoa-signaling",
};

void mob_config_defaults(mob_config_t *c)
{
    memset(c, 0, sizeof(*c));
    c->seed = 1;
    c->horizon = SIM_S(60);
    c->scheme = MOB_SCHEME_BASELINE;
    c->T_b = SIM_MS(300);
    c->T_h = SIM_MS(400);
    c->T_p = SIM_MS(200);
    c->fwd_lifetime = SIM_S(10);
    c->fwd_buffer = 0;
    c->rr_expedited = false;
    c->bu_lifetime = SIM_S(420); /* MAX_RR_BINDING_LIFETIME, RFC 6275 §12 */
    c->icmp_unreachable = false;
    c->access_default = MOB_DELAY_CONST(SIM_MS(5));
    c->core_default = MOB_DELAY_CONST(SIM_MS(20));
    c->loss = 0.0;
    c->l2 = MOB_DELAY_CONST(SIM_MS(50));
    c->movement_detection = MOB_DELAY_CONST(SIM_MS(50));
    c->dad = MOB_DELAY_CONST(0);
    c->traffic_rate = 50;
    c->traffic_size = 160;
    c->initial_cold = false;
    c->mh_routing = MOB_MH_BINDING_CACHE;
    c->cn_bu_after_home_ba = true;
    c->rr_after_home_ba = false;
    c->cn_bu_ack = true;
    c->ha_dad = SIM_S(1);
    c->resend_on_peer_bu = true;
    /* RFC 4861 §10: MAX_MULTICAST_SOLICIT (3) x RETRANS_TIMER (1 s) */
    c->icmp_resolution_delay = SIM_S(3);
    c->icmp_queue = 101; /* RFC 4861 §7.2.2: at least 1; Linux unres_qlen (3 before 3.3) */
    /* RFC 4443 §2.4 (f): "B=10, N=10/s" for a small/mid-size device */
    c->icmp_rate = 10;
    c->icmp_burst = 10;
    c->be_min_interval = SIM_S(1);
}

const char *mob_scheme_name(mob_scheme_t s)
{
    return (s >= 0 && s < MOB_N_SCHEMES) ? scheme_names[s] : "?";
}

int mob_scheme_from_name(const char *name)
{
    for (int i = 0; i < MOB_N_SCHEMES; i++)
        if (strcmp(scheme_names[i], name) == 0)
            return i;
    return -1;
}

/* Grows *arr (elements of size sz, *n used, *cap allocated) by one zeroed
 * element; returns it or NULL. */
static void *grow(void **arr, size_t sz, int *n, int *cap)
{
    if (*n >= MOB_CONFIG_MAX_ITEMS)
        return NULL;
    if (*n >= *cap) {
        int ncap = *cap ? *cap * 2 : 4;
        if (ncap > MOB_CONFIG_MAX_ITEMS)
            ncap = MOB_CONFIG_MAX_ITEMS;
        void *p = realloc(*arr, (size_t)ncap * sz);
        if (!p)
            return NULL;
        *arr = p;
        *cap = ncap;
    }
    char *e = (char *)*arr + (size_t)*n * sz;
    memset(e, 0, sz);
    (*n)++;
    return e;
}

mob_net_t *mob_config_add_net(mob_config_t *c)
{
    return grow((void **)&c->nets, sizeof(*c->nets), &c->n_nets, &c->cap_nets);
}

mob_move_t *mob_config_add_move(mob_config_t *c)
{
    return grow((void **)&c->moves, sizeof(*c->moves), &c->n_moves, &c->cap_moves);
}

mob_core_pair_t *mob_config_add_pair(mob_config_t *c)
{
    return grow((void **)&c->pairs, sizeof(*c->pairs), &c->n_pairs, &c->cap_pairs);
}

mob_peer_t *mob_config_add_peer(mob_config_t *c)
{
    return grow((void **)&c->peers, sizeof(*c->peers), &c->n_peers, &c->cap_peers);
}

mob_no_ro_t *mob_config_add_no_ro(mob_config_t *c)
{
    return grow((void **)&c->no_ro, sizeof(*c->no_ro), &c->n_no_ro, &c->cap_no_ro);
}

mob_edge_t *mob_config_add_edge(mob_config_t *c)
{
    return grow((void **)&c->edges, sizeof(*c->edges), &c->n_edges, &c->cap_edges);
}

mob_group_t *mob_config_add_group(mob_config_t *c)
{
    mob_group_t *g = grow((void **)&c->groups, sizeof(*c->groups), &c->n_groups, &c->cap_groups);
    if (g) {
        g->start = -1;
        g->mobility.enabled = true;
    }
    return g;
}

mob_class_t *mob_config_add_class(mob_config_t *c)
{
    return grow((void **)&c->classes, sizeof(*c->classes), &c->n_classes, &c->cap_classes);
}

mob_step_t *mob_config_add_step(mob_config_t *c)
{
    return grow((void **)&c->steps, sizeof(*c->steps), &c->n_steps, &c->cap_steps);
}

mob_pnode_t *mob_config_add_pnode(mob_config_t *c)
{
    return grow((void **)&c->pnodes, sizeof(*c->pnodes), &c->n_pnodes, &c->cap_pnodes);
}

mob_tap_t *mob_config_add_tap(mob_config_t *c)
{
    return grow((void **)&c->taps, sizeof(*c->taps), &c->n_taps, &c->cap_taps);
}

mob_host_t *mob_config_add_host(mob_config_t *c)
{
    if (c->n_hosts >= c->cap_hosts) {
        /* mobility grows with hosts, to the same capacity */
        int ncap = c->cap_hosts ? c->cap_hosts * 2 : 4;
        if (c->n_hosts >= MOB_CONFIG_MAX_ITEMS)
            return NULL;
        if (ncap > MOB_CONFIG_MAX_ITEMS)
            ncap = MOB_CONFIG_MAX_ITEMS;
        mob_mobility_t *mo = realloc(c->mobility, (size_t)ncap * sizeof(*mo));
        if (!mo)
            return NULL;
        c->mobility = mo;
        mob_host_t *h = realloc(c->hosts, (size_t)ncap * sizeof(*h));
        if (!h)
            return NULL;
        c->hosts = h;
        c->cap_hosts = ncap;
    }
    memset(&c->mobility[c->n_hosts], 0, sizeof(*c->mobility));
    mob_host_t *h = &c->hosts[c->n_hosts++];
    memset(h, 0, sizeof(*h));
    h->home = h->start = -1;
    h->cls = -1;
    return h;
}

static int set_nets(mob_mobility_t *mo, const int *nets, int n)
{
    int *p = NULL;
    if (n > 0) {
        p = malloc((size_t)n * sizeof(*p));
        if (!p)
            return -1;
        memcpy(p, nets, (size_t)n * sizeof(*p));
    }
    free(mo->nets);
    mo->nets = p;
    mo->n_nets = n;
    return 0;
}

int mob_config_set_mobility_nets(mob_config_t *c, int host, const int *nets, int n)
{
    if (host < 0 || host >= c->n_hosts || n < 0)
        return -1;
    return set_nets(&c->mobility[host], nets, n);
}

int mob_config_set_group_nets(mob_config_t *c, int group, const int *nets, int n)
{
    if (group < 0 || group >= c->n_groups || n < 0)
        return -1;
    return set_nets(&c->groups[group].mobility, nets, n);
}

void mob_config_free(mob_config_t *c)
{
    if (!c)
        return;
    for (int i = 0; c->mobility && i < c->n_hosts; i++)
        free(c->mobility[i].nets);
    free(c->nets);
    free(c->pairs);
    free(c->hosts);
    free(c->mobility);
    free(c->peers);
    free(c->moves);
    free(c->no_ro);
    for (int i = 0; c->groups && i < c->n_groups; i++)
        free(c->groups[i].mobility.nets);
    free(c->edges);
    free(c->groups);
    free(c->classes);
    free(c->steps);
    c->steps = NULL;
    c->n_steps = c->cap_steps = 0;
    free(c->pnodes);
    c->pnodes = NULL;
    c->n_pnodes = c->cap_pnodes = 0;
    free(c->taps);
    c->taps = NULL;
    c->n_taps = c->cap_taps = 0;
    c->edges = NULL;
    c->groups = NULL;
    c->classes = NULL;
    c->n_edges = c->cap_edges = c->n_groups = c->cap_groups = c->n_classes = c->cap_classes = 0;
    c->no_ro = NULL;
    c->n_no_ro = c->cap_no_ro = 0;
    c->nets = NULL;
    c->pairs = NULL;
    c->hosts = NULL;
    c->mobility = NULL;
    c->peers = NULL;
    c->moves = NULL;
    c->n_nets = c->n_pairs = c->n_hosts = c->n_peers = c->n_moves = 0;
    c->cap_nets = c->cap_pairs = c->cap_hosts = c->cap_peers = c->cap_moves = 0;
}

/* A copy of n elements of size sz, or NULL (also for n == 0). */
static void *dup_array(const void *src, int n, size_t sz, bool *fail)
{
    if (n <= 0 || !src)
        return NULL;
    void *p = malloc((size_t)n * sz);
    if (!p)
        *fail = true;
    else
        memcpy(p, src, (size_t)n * sz);
    return p;
}

int mob_config_copy(mob_config_t *dst, const mob_config_t *src)
{
    *dst = *src;
    bool fail = false;
    dst->nets = dup_array(src->nets, src->n_nets, sizeof(*src->nets), &fail);
    dst->pairs = dup_array(src->pairs, src->n_pairs, sizeof(*src->pairs), &fail);
    dst->hosts = dup_array(src->hosts, src->n_hosts, sizeof(*src->hosts), &fail);
    dst->mobility = dup_array(src->mobility, src->n_hosts, sizeof(*src->mobility), &fail);
    dst->peers = dup_array(src->peers, src->n_peers, sizeof(*src->peers), &fail);
    dst->moves = dup_array(src->moves, src->n_moves, sizeof(*src->moves), &fail);
    dst->cap_nets = dst->nets ? src->n_nets : 0;
    dst->cap_pairs = dst->pairs ? src->n_pairs : 0;
    dst->cap_hosts = dst->hosts && dst->mobility ? src->n_hosts : 0;
    dst->cap_peers = dst->peers ? src->n_peers : 0;
    dst->cap_moves = dst->moves ? src->n_moves : 0;
    dst->no_ro = dup_array(src->no_ro, src->n_no_ro, sizeof(*src->no_ro), &fail);
    dst->cap_no_ro = dst->no_ro ? src->n_no_ro : 0;
    dst->edges = dup_array(src->edges, src->n_edges, sizeof(*src->edges), &fail);
    dst->cap_edges = dst->edges ? src->n_edges : 0;
    dst->classes = dup_array(src->classes, src->n_classes, sizeof(*src->classes), &fail);
    dst->cap_classes = dst->classes ? src->n_classes : 0;
    dst->steps = dup_array(src->steps, src->n_steps, sizeof(*src->steps), &fail);
    dst->cap_steps = dst->steps ? src->n_steps : 0;
    dst->pnodes = dup_array(src->pnodes, src->n_pnodes, sizeof(*src->pnodes), &fail);
    dst->cap_pnodes = dst->pnodes ? src->n_pnodes : 0;
    dst->taps = dup_array(src->taps, src->n_taps, sizeof(*src->taps), &fail);
    dst->cap_taps = dst->taps ? src->n_taps : 0;
    dst->groups = dup_array(src->groups, src->n_groups, sizeof(*src->groups), &fail);
    dst->cap_groups = dst->groups ? src->n_groups : 0;
    if (dst->groups) {
        for (int i = 0; i < src->n_groups; i++)
            dst->groups[i].mobility.nets = NULL;
        for (int i = 0; i < src->n_groups && !fail; i++)
            dst->groups[i].mobility.nets = dup_array(
                src->groups[i].mobility.nets, src->groups[i].mobility.n_nets, sizeof(int), &fail);
    } else {
        dst->n_groups = 0;
    }
    if (dst->mobility) {
        for (int i = 0; i < src->n_hosts; i++)
            dst->mobility[i].nets = NULL;
        for (int i = 0; i < src->n_hosts && !fail; i++)
            dst->mobility[i].nets =
                dup_array(src->mobility[i].nets, src->mobility[i].n_nets, sizeof(int), &fail);
    }
    if (fail) {
        mob_config_free(dst); /* frees what was copied (NULL entries are skipped) */
        return -1;
    }
    return 0;
}
