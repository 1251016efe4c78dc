/* models/world.c - building an episode from its config, handoffs, data
 * traffic, and the metrics of the run. */
#include "models/world.h"

#include "models/ar.h"
#include "models/flow.h"
#include "models/ha.h"
#include "models/handoff.h"
#include "models/host_node.h"
#include "models/icmp.h"
#include "models/mn.h"
#include "models/mobility.h"
#include "models/net.h"
#include "models/packet.h"
#include "models/scheme.h"
#include "models/script.h"
#include "models/state.h"

#include <assert.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *mob_world_node_name(const mob_world_t *w, int node)
{
    if (node < 0 || node >= w->nodes.n)
        return "?";
    return w->nodes.node[node].name;
}

int mob_world_n_nodes(const mob_world_t *w)
{
    return w->nodes.n;
}

const mob_metrics_t *mob_world_metrics(const mob_world_t *w)
{
    return &w->m;
}

int mob_world_record_handoffs(mob_world_t *w)
{
    return mob_hl_create(w) < 0 ? -SIM_ENOMEM : 0;
}

const mob_config_t *mob_world_config(const mob_world_t *w)
{
    return &w->cfg;
}

/* ---------------------------------------------------------------- inject */

static void inject_fire(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_pkt_t *p = arg;
    int from = p->origin;
    int net = from < w->cfg.n_hosts ? w->hosts[from].net : from - w->cfg.n_hosts;
    p->created = sim_now(w->sim);
    if (from < w->cfg.n_hosts && !w->hosts[from].attached) {
        mob_pkt_drop(w, p, from, "no-link");
        return;
    }
    mob_net_send(w, from, net, p);
}

int mob_world_inject(mob_world_t *w, sim_time_t at, int from, const uint8_t *bytes, size_t len)
{
    if (from < 0 || from >= w->nodes.n || !bytes || len < PKT_IPV6_HDR_LEN || len > PKT_MAX_LEN)
        return -SIM_EINVAL;
    mob_pkt_t *p = mob_pkt_raw(w, from, bytes, len);
    if (!p)
        return -SIM_ENOMEM;
    if (sim_at_owned(w->sim, at, inject_fire, w, p, free, NULL) < 0) {
        free(p);
        return -SIM_ENOMEM;
    }
    return 0;
}

const mob_check_t *mob_world_checks(const mob_world_t *w, size_t *n)
{
    return mob_script_checks(w, n);
}

int mob_world_node_id(const mob_world_t *w, const char *name)
{
    return mob_nodes_find(&w->nodes, name);
}

/* ------------------------------------------------------------------ data */

/* ----------------------------------------------------------------- build */

/* The mean of a dwell distribution in ns (NORMAL is clamped at 0 by
 * mob_draw_delay: the mean of max(0, X)). A Pareto with shape <= 1 has an
 * infinite mean (the loader refuses it for dwell): its minimum x_m stands
 * in, every dwell being at least that, so horizon / x_m still bounds the
 * handoffs in check_event_bounds. */
static double dwell_mean_ns(const mob_delay_t *d)
{
    switch (d->kind) {
    case MOB_DIST_CONST:
    case MOB_DIST_EXP:
        return (double)d->a;
    case MOB_DIST_UNIFORM:
        return ((double)d->a + (double)d->b) / 2;
    case MOB_DIST_LOGNORMAL:
        return (double)d->a * exp(d->sigma * d->sigma / 2);
    case MOB_DIST_NORMAL: {
        double mu = (double)d->a, sd = (double)d->b;
        if (!(sd > 0))
            return mu > 0 ? mu : 0;
        double z = mu / sd;
        return mu * 0.5 * erfc(-z / sqrt(2)) + sd * exp(-z * z / 2) / sqrt(2 * M_PI);
    }
    case MOB_DIST_PARETO:
        return d->sigma > 1 ? d->sigma * (double)d->a / (d->sigma - 1) : (double)d->a;
    case MOB_DIST_WEIBULL:
        return d->sigma > 0 ? (double)d->a * tgamma(1 + 1 / d->sigma) : INFINITY;
    }
    return 0;
}

/* The mean time between two moves of a process, in ns (an enabled one has
 * a positive rate or a dwell mean, checked; a disabled vehicle: never). */
static double process_mean_ns(const mob_mobility_t *mo)
{
    if (!mo->enabled)
        return INFINITY;
    return mo->has_dwell ? dwell_mean_ns(&mo->dwell) : 1e9 / mo->rate;
}

/* Defence in depth behind the loader's floors (docs/model.md, "Bounds"):
 * every rate and dwell time the world can be given implies a number of
 * events, and configs implying an absurd number are refused here. */
static int check_event_bounds(const mob_config_t *c, sim_err_t *err)
{
    double horizon_s = sim_time_to_s(c->horizon);
    /* each message stays on one source line (greppable) */
    /* clang-format off */
    if (c->traffic_rate > MOB_MAX_TRAFFIC_RATE)
        return sim_err_set(err, SIM_EINVAL, "traffic.rate: expected at most %g packets per second each way (the model's bound), got %g", MOB_MAX_TRAFFIC_RATE, c->traffic_rate);
    /* every flow of every pair: two hosts without peers talk at the
     * traffic rate each way; a pair listed twice is counted twice (the
     * bound is an upper one) */
    double flows = c->n_peers == 0 ? 2 * c->traffic_rate : 0;
    for (int i = 0; i < c->n_peers; i++) {
        const mob_peer_t *p = &c->peers[i];
        flows += p->has_flow ? p->rate_ab + p->rate_ba : 2 * c->traffic_rate;
    }
    double events = flows * horizon_s;
    for (int i = 0; i < c->n_hosts; i++) {
        const mob_mobility_t *mo = &c->mobility[i];
        const char *host = c->hosts[i].name;
        if (mo->grouped) /* one handoff per move of its vehicle */
            events += (double)c->horizon / process_mean_ns(&c->groups[mo->group].mobility);
        if (!mo->enabled)
            continue;
        if (!mo->has_dwell && !(mo->rate <= MOB_MAX_HANDOFF_RATE))
            return sim_err_set(err, SIM_EINVAL, "mobility.%s.rate: expected at most %g handoffs per second (the model's bound), got %g", host, MOB_MAX_HANDOFF_RATE, mo->rate);
        double mean = process_mean_ns(mo);
        if (mo->has_dwell && !(mean >= (double)MOB_MIN_DWELL_MEAN))
            return sim_err_set(err, SIM_EINVAL, "mobility.%s.dwell: expected a mean dwell time of at least 1us (the model's bound), got %.3gns", host, mean);
        events += (double)c->horizon / mean;
    }
    for (int g = 0; g < c->n_groups; g++) {
        const mob_mobility_t *mo = &c->groups[g].mobility;
        const char *name = c->groups[g].name;
        if (!mo->enabled)
            continue;
        if (!mo->has_dwell && !(mo->rate <= MOB_MAX_HANDOFF_RATE))
            return sim_err_set(err, SIM_EINVAL, "groups.%s.rate: expected at most %g moves per second (the model's bound), got %g", name, MOB_MAX_HANDOFF_RATE, mo->rate);
        double mean = process_mean_ns(mo);
        if (mo->has_dwell && !(mean >= (double)MOB_MIN_DWELL_MEAN))
            return sim_err_set(err, SIM_EINVAL, "groups.%s.dwell: expected a mean dwell time of at least 1us (the model's bound), got %.3gns", name, mean);
        events += (double)c->horizon / mean; /* the vehicle's moves; members above */
    }
    if (!(events <= MOB_MAX_PROCESS_EVENTS))
        return sim_err_set(err, SIM_EINVAL, "horizon: traffic and mobility imply %.3g packets and handoffs, expected at most %g (the model's bound)", events, MOB_MAX_PROCESS_EVENTS);
    /* clang-format on */
    return 0;
}

/* The home networks a set of networks holds, as the rule "foreign networks
 * or the host's own home network" needs them: the first (a) and another
 * one (b), -1 each when none. */
typedef struct homes2 {
    int a, b;
} homes2_t;

static void homes_add(const mob_config_t *c, homes2_t *h, int net)
{
    if (!c->nets[net].is_home || net == h->a || h->b >= 0)
        return;
    if (h->a < 0)
        h->a = net;
    else
        h->b = net;
}

/* The home network in h that `home` may not reach, or -1. */
static int homes_bad(const homes2_t *h, int home)
{
    return h->a >= 0 && h->a != home ? h->a : h->b;
}

static int uf_find(int *parent, int x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

/* The cell graph's components (union-find, O(edges)), each with the home
 * networks it holds: what a random walk from a network can reach. */
typedef struct walk_graph {
    int *deg, *parent;
    homes2_t *homes; /* by component root */
} walk_graph_t;

static int walk_graph_build(const mob_config_t *c, walk_graph_t *g)
{
    size_t n = (size_t)(c->n_nets > 0 ? c->n_nets : 1);
    g->deg = calloc(n, sizeof(*g->deg));
    g->parent = malloc(n * sizeof(*g->parent));
    g->homes = malloc(n * sizeof(*g->homes));
    if (!g->deg || !g->parent || !g->homes)
        return -1;
    for (int i = 0; i < c->n_nets; i++) {
        g->parent[i] = i;
        g->homes[i] = (homes2_t){-1, -1};
    }
    for (int e = 0; e < c->n_edges; e++) {
        int a = c->edges[e].a, b = c->edges[e].b;
        g->deg[a]++;
        g->deg[b]++;
        g->parent[uf_find(g->parent, a)] = uf_find(g->parent, b);
    }
    for (int i = 0; i < c->n_nets; i++)
        homes_add(c, &g->homes[uf_find(g->parent, i)], i);
    return 0;
}

static void walk_graph_free(walk_graph_t *g)
{
    free(g->deg);
    free(g->parent);
    free(g->homes);
}

/* The checks a process has beside its rate or dwell (host processes keep
 * their own messages in check_config): its next rule, first time, list
 * indices and, for a walk, a start on the cell graph. `what` is the path
 * ("mobility.A", "groups.train1"), start the network it starts on. */
static int check_next(const mob_config_t *c, const mob_mobility_t *mo, const char *what, int start,
                      const walk_graph_t *g, sim_err_t *err)
{
    /* clang-format off */
    if (mo->next != MOB_NEXT_UNIFORM && mo->next != MOB_NEXT_WALK && mo->next != MOB_NEXT_SEQUENCE)
        return sim_err_set(err, SIM_EINVAL, "%s.next: expected uniform, walk or sequence, got %d", what, (int)mo->next);
    if (mo->has_first && mo->first < 0)
        return sim_err_set(err, SIM_EINVAL, "%s.first: expected a time of 0 or more, got %lldns", what, (long long)mo->first);
    for (int k = 0; k < mo->n_nets; k++)
        if (mo->nets[k] < 0 || mo->nets[k] >= c->n_nets)
            return sim_err_set(err, SIM_EINVAL, "%s.networks: expected networks (0..%d), got %d", what, c->n_nets - 1, mo->nets[k]);
    if (mo->next == MOB_NEXT_WALK && g->deg[start] == 0)
        return sim_err_set(err, SIM_EINVAL, "%s.next: expected a walk from a network of the cell graph (edges), %s has no edge", what, c->nets[start].name);
    /* clang-format on */
    return 0;
}

/* The cell graph, the next rules and first times of the processes, the
 * vehicles and their members. */
static int check_processes(const mob_config_t *c, sim_err_t *err)
{
    char what[MOB_NAME_MAX + 16];
    /* clang-format off */
    for (int e = 0; e < c->n_edges; e++) {
        const mob_edge_t *ed = &c->edges[e];
        if (ed->a < 0 || ed->a >= c->n_nets || ed->b < 0 || ed->b >= c->n_nets)
            return sim_err_set(err, SIM_EINVAL, "edges[%d]: expected two networks (0..%d), got %d and %d", e, c->n_nets - 1, ed->a, ed->b);
        if (ed->a == ed->b)
            return sim_err_set(err, SIM_EINVAL, "edges[%d]: expected two different networks, got %s twice", e, c->nets[ed->a].name);
    }
    /* clang-format on */
    walk_graph_t g = {0};
    int rc = 0;
    if (walk_graph_build(c, &g) < 0) {
        rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
        goto out;
    }
    for (int k = 0; k < c->n_groups && rc == 0; k++) {
        const mob_group_t *gr = &c->groups[k];
        const mob_mobility_t *mo = &gr->mobility;
        const mob_delay_t *j = &gr->jitter;
        snprintf(what, sizeof(what), "groups.%s", gr->name);
        /* clang-format off */
        if (gr->start < 0 || gr->start >= c->n_nets) {
            rc = sim_err_set(err, SIM_EINVAL, "%s.start: expected a network (0..%d), got %d", what, c->n_nets - 1, gr->start);
            break;
        }
        if (j->a < 0 || (j->kind == MOB_DIST_UNIFORM && j->b < j->a)) {
            rc = sim_err_set(err, SIM_EINVAL, "%s.jitter: expected a delay of 0 or more", what);
            break;
        }
        if (!mo->enabled)
            continue;
        if (!mo->has_dwell && !(mo->rate > 0))
            rc = sim_err_set(err, SIM_EINVAL, "%s: expected a positive rate", what);
        else if (mo->has_dwell && mo->dwell.kind == MOB_DIST_CONST && mo->dwell.a <= 0)
            rc = sim_err_set(err, SIM_EINVAL, "%s: expected a dwell time above 0", what);
        /* clang-format on */
        else
            rc = check_next(c, mo, what, gr->start, &g, err);
    }
    for (int i = 0; i < c->n_hosts && rc == 0; i++) {
        const mob_mobility_t *mo = &c->mobility[i];
        const mob_host_t *h = &c->hosts[i];
        snprintf(what, sizeof(what), "mobility.%s", h->name);
        if (mo->enabled && (rc = check_next(c, mo, what, h->start, &g, err)) < 0)
            break;
        if (mo->enabled && mo->next == MOB_NEXT_WALK) {
            int bad = homes_bad(&g.homes[uf_find(g.parent, h->start)], h->home);
            if (bad >= 0)
                /* clang-format off */
                rc = sim_err_set(err, SIM_EINVAL, "%s.next: expected a walk on foreign networks or the host's own home network, the cell graph reaches %s from %s", what, c->nets[bad].name, c->nets[h->start].name);
            /* clang-format on */
        }
        if (rc < 0 || !mo->grouped)
            continue;
        /* clang-format off */
        if (mo->group < 0 || mo->group >= c->n_groups)
            rc = sim_err_set(err, SIM_EINVAL, "%s.group: expected one of the %d groups, got %d", what, c->n_groups, mo->group);
        else if (h->kind != MOB_HOST_MOBILE)
            rc = sim_err_set(err, SIM_EINVAL, "%s.group: expected a mobile host, %s is a stationary correspondent", what, h->name);
        else if (mo->enabled)
            rc = sim_err_set(err, SIM_EINVAL, "%s: expected a process or a group, %s has both", what, h->name);
        else if (h->start != c->groups[mo->group].start)
            rc = sim_err_set(err, SIM_EINVAL, "hosts[%d].start: expected %s, the start of group %s that %s rides", i, c->groups[mo->group].start >= 0 && c->groups[mo->group].start < c->n_nets ? c->nets[c->groups[mo->group].start].name : "?", c->groups[mo->group].name, h->name);
        /* clang-format on */
    }
    for (int i = 0; i < c->n_moves && rc == 0; i++) {
        const mob_mobility_t *mo = &c->mobility[c->moves[i].host];
        if (mo->grouped)
            /* clang-format off */
            rc = sim_err_set(err, SIM_EINVAL, "moves[%d].host: expected a host without a group, %s rides %s", i, c->hosts[c->moves[i].host].name, c->groups[mo->group].name);
        /* clang-format on */
    }
    /* members ride only to foreign networks or their own home: the homes
     * a vehicle can reach (its list, or its walk's component) */
    for (int i = 0; i < c->n_hosts && rc == 0; i++) {
        const mob_mobility_t *mo = &c->mobility[i];
        if (!mo->grouped)
            continue;
        const mob_group_t *gr = &c->groups[mo->group];
        homes2_t hs = {-1, -1};
        if (gr->mobility.next == MOB_NEXT_WALK)
            hs = g.homes[uf_find(g.parent, gr->start)];
        else
            for (int k = 0; k < gr->mobility.n_nets; k++)
                homes_add(c, &hs, gr->mobility.nets[k]);
        int bad = gr->mobility.enabled ? homes_bad(&hs, c->hosts[i].home) : -1;
        if (bad >= 0)
            /* clang-format off */
            rc = sim_err_set(err, SIM_EINVAL, "groups.%s.networks: expected foreign networks or the home network of every member, %s is not %s's home", gr->name, c->nets[bad].name, c->hosts[i].name);
        /* clang-format on */
    }
out:
    walk_graph_free(&g);
    return rc;
}

static int check_config(const mob_config_t *c, sim_err_t *err)
{
    if (c->n_hosts < 2)
        return sim_err_set(err, SIM_EINVAL, "hosts: expected at least two hosts, got %d",
                           c->n_hosts);
    if (c->n_peers == 0 && c->n_hosts > 2)
        return sim_err_set(err, SIM_EINVAL,
                           "peers: expected the pairs that talk (only two hosts imply theirs)");
    int n_mobile = 0;
    for (int i = 0; i < c->n_hosts; i++) {
        const mob_host_t *h = &c->hosts[i];
        if (h->kind == MOB_HOST_CORRESPONDENT) {
            /* clang-format off */
            if (h->home != -1)
                return sim_err_set(err, SIM_EINVAL, "hosts[%d].home: expected none for correspondent %s (a stationary correspondent has no home agent)", i, h->name);
            if (h->start < 0 || h->start >= c->n_nets || c->nets[h->start].is_home)
                return sim_err_set(err, SIM_EINVAL, "hosts[%d].network: expected a network without a home agent for correspondent %s", i, h->name);
            /* clang-format on */
            continue;
        }
        if (h->kind != MOB_HOST_MOBILE)
            return sim_err_set(err, SIM_EINVAL,
                               "hosts[%d].kind: expected a mobile host or a correspondent", i);
        n_mobile++;
        if (h->home < 0 || h->home >= c->n_nets || !c->nets[h->home].is_home)
            return sim_err_set(err, SIM_EINVAL,
                               "hosts[%d].home: expected a network with a home_agent", i);
        /* a host may start at home (RFC 6275 §11.5.5), not on another
         * host's home network */
        if (h->start < 0 || h->start >= c->n_nets ||
            (c->nets[h->start].is_home && h->start != h->home))
            /* clang-format off */
            return sim_err_set(err, SIM_EINVAL, "hosts[%d].start: expected a foreign network or the host's own home network", i);
        /* clang-format on */
    }
    for (int i = 0; i < c->n_peers; i++) {
        const mob_peer_t *p = &c->peers[i];
        if (p->a < 0 || p->a >= c->n_hosts || p->b < 0 || p->b >= c->n_hosts || p->a == p->b)
            return sim_err_set(err, SIM_EINVAL, "peers[%d]: expected two different hosts", i);
        if (p->has_flow &&
            (!(p->rate_ab >= 0) || !(p->rate_ba >= 0) || p->size < 0 || p->size > 1400 ||
             p->rate_ab > MOB_MAX_TRAFFIC_RATE || p->rate_ba > MOB_MAX_TRAFFIC_RATE))
            /* clang-format off */
            return sim_err_set(err, SIM_EINVAL, "peers[%d]: expected rates from 0 to %g packets per second and a size of 0..1400", i, MOB_MAX_TRAFFIC_RATE);
        if (c->hosts[p->a].kind == MOB_HOST_CORRESPONDENT && c->hosts[p->b].kind == MOB_HOST_CORRESPONDENT)
            return sim_err_set(err, SIM_EINVAL, "peers[%d]: expected a mobile host in the pair, %s and %s are both correspondents (two stationary hosts need no Mobile IPv6)", i, c->hosts[p->a].name, c->hosts[p->b].name);
        /* clang-format on */
    }
    for (int i = 0; i < c->n_no_ro; i++) {
        const mob_no_ro_t *e = &c->no_ro[i];
        if (e->host < 0 || e->host >= c->n_hosts || e->peer < -1 || e->peer >= c->n_hosts)
            /* clang-format off */
            return sim_err_set(err, SIM_EINVAL, "no_ro[%d]: expected a host and a peer host (or -1: every correspondent)", i);
        /* clang-format on */
    }
    if (c->max_ro_failure < 0)
        return sim_err_set(err, SIM_EINVAL, "max_ro_failure: expected 0 or more, got %d",
                           c->max_ro_failure);
    if (c->n_peers == 0 && n_mobile == 0)
        /* clang-format off */
        return sim_err_set(err, SIM_EINVAL, "hosts: expected a mobile host, %s and %s are both correspondents", c->hosts[0].name, c->hosts[1].name);
    /* clang-format on */
    for (int i = 0; i < c->n_moves; i++) {
        const mob_move_t *m = &c->moves[i];
        if (m->host < 0 || m->host >= c->n_hosts || m->to < 0 || m->to >= c->n_nets)
            return sim_err_set(err, SIM_EINVAL, "moves[%d]: unknown host or network", i);
        if (c->hosts[m->host].kind == MOB_HOST_CORRESPONDENT)
            /* clang-format off */
            return sim_err_set(err, SIM_EINVAL, "moves[%d].host: expected a mobile host, %s is a stationary correspondent", i, c->hosts[m->host].name);
        /* clang-format on */
        if (c->nets[m->to].is_home && m->to != c->hosts[m->host].home)
            /* clang-format off */
            return sim_err_set(err, SIM_EINVAL, "moves[%d].to: expected a foreign network or the host's own home network", i);
        /* clang-format on */
    }
    for (int i = 0; i < c->n_hosts; i++) {
        const mob_mobility_t *mo = &c->mobility[i];
        if (!mo->enabled)
            continue;
        if (c->hosts[i].kind == MOB_HOST_CORRESPONDENT)
            /* clang-format off */
            return sim_err_set(err, SIM_EINVAL, "mobility.%s: expected a mobile host, %s is a stationary correspondent", c->hosts[i].name, c->hosts[i].name);
        /* clang-format on */
        if (!mo->has_dwell && !(mo->rate > 0))
            return sim_err_set(err, SIM_EINVAL, "mobility: expected a positive rate");
        if (mo->has_dwell && mo->dwell.kind == MOB_DIST_CONST && mo->dwell.a <= 0)
            return sim_err_set(err, SIM_EINVAL, "mobility: expected a dwell time above 0");
        for (int k = 0; k < mo->n_nets; k++)
            if (mo->nets[k] < 0 || mo->nets[k] >= c->n_nets ||
                (c->nets[mo->nets[k]].is_home && mo->nets[k] != c->hosts[i].home))
                /* clang-format off */
                return sim_err_set(err, SIM_EINVAL, "mobility.networks: expected foreign networks or the host's own home network");
        /* clang-format on */
    }
    int rc = check_processes(c, err);
    if (rc < 0)
        return rc;
    if (!(c->traffic_rate >= 0) || c->traffic_size < 0 || c->traffic_size > 1400)
        return sim_err_set(err, SIM_EINVAL, "traffic: expected rate >= 0 and size 0..1400");
    if (c->horizon <= 0)
        return sim_err_set(err, SIM_EINVAL, "horizon: expected a positive time");
    return check_event_bounds(c, err);
}

/* The node table: hosts by their names, then the router of each network,
 * "HA_A" (the home agent's name) or "AR_<network>", with the handlers of
 * its kind; routers hold their address from the start, hosts their CoA once
 * attached (host.c, mn.c). Also the prefix -> network and home address ->
 * host maps. 0 or -1 (memory). */
static int build_nodes(mob_world_t *w)
{
    const mob_config_t *c = &w->cfg;
    char tmp[MOB_NAME_MAX + 4];
    for (int i = 0; i < c->n_hosts; i++)
        if (mob_nodes_add(&w->nodes, c->hosts[i].name, MOB_NODE_HOST, -1, mob_host_receive, NULL,
                          &w->hosts[i]) < 0)
            return -1;
    for (int n = 0; n < c->n_nets; n++) {
        const mob_net_t *net = &c->nets[n];
        int id;
        if (net->is_home) {
            if (net->home_agent[0])
                snprintf(tmp, sizeof(tmp), "%s", net->home_agent);
            else
                snprintf(tmp, sizeof(tmp), "HA_%.*s", MOB_NAME_MAX - 1, net->name);
            id = mob_nodes_add(&w->nodes, tmp, MOB_NODE_HA, n, mob_ha_receive, mob_ha_gateway,
                               &w->ha[n]);
        } else {
            snprintf(tmp, sizeof(tmp), "AR_%.*s", MOB_NAME_MAX - 1, net->name);
            id =
                mob_nodes_add(&w->nodes, tmp, MOB_NODE_AR, n, mob_ar_receive, mob_ar_gateway, NULL);
        }
        w->router_addr[n] = net_addr_make(&net->prefix, 1);
        net_addr_t prefix = net->prefix;
        memset(prefix.b + 8, 0, 8);
        if (id < 0 || mob_nodes_bind(&w->nodes, &w->router_addr[n], id) < 0 ||
            (mob_addrmap_get(&w->prefixes, &prefix) < 0 &&
             mob_addrmap_put(&w->prefixes, &prefix, n) < 0))
            return -1;
    }
    /* passive nodes after the routers: node ids of hosts and routers stay */
    for (int k = 0; k < c->n_pnodes; k++) {
        const mob_pnode_t *p = &c->pnodes[k];
        net_addr_t a = net_addr_make(&c->nets[p->net].prefix, p->iid);
        int id = mob_nodes_add(&w->nodes, p->name, MOB_NODE_PASSIVE, p->net,
                               mob_script_passive_receive, NULL, NULL);
        if (id < 0 || mob_nodes_bind(&w->nodes, &a, id) < 0)
            return -1;
    }
    return 0;
}

/* Adds the two correspondent entries of pair (a, b) with their flows
 * (a -> b at rate_ab, b -> a at rate_ba) and its metrics slot. A pair
 * already there (listed twice, in either order) keeps its first listing.
 * 0 or -1 (memory). */
static int add_pair(mob_world_t *w, int a, int b, double rate_ab, double rate_ba, int size)
{
    if (mob_corr_for(w, &w->hosts[a], b))
        return 0;
    if (mob_corr_add(w, &w->hosts[a], b) < 0 || mob_corr_add(w, &w->hosts[b], a) < 0)
        return -1;
    int k = w->n_pm++;
    mob_corr_t *ab = mob_corr_for(w, &w->hosts[a], b), *ba = mob_corr_for(w, &w->hosts[b], a);
    /* mob_corr_add zeroed the entries and set host, peer and peer_hoa */
    ab->pair = ba->pair = k;
    ab->rate = rate_ab;
    ba->rate = rate_ba;
    ab->size = ba->size = size;
    w->pm[k] = (mob_pair_metrics_t){
        .a = a, .b = b, .restored_at_ab = -1, .restored_at_ba = -1, .ro_fallback_at = -1};
    return 0;
}

/* Location privacy (the paper's step 4 exception; RFC 6275 §5.2.9 leaves
 * route optimization to the MN): an entry whose host has
 * route_optimization false, or lists the peer in no_route_optimization_with,
 * never does RR/BU toward it (mn.c) and sends its data through the tunnel
 * (flow.c). */
static void set_route_optimization(mob_world_t *w)
{
    const mob_config_t *c = &w->cfg;
    for (int i = 0; i < c->n_no_ro; i++) {
        const mob_no_ro_t *e = &c->no_ro[i];
        if (e->host < 0 || e->host >= c->n_hosts)
            continue;
        struct mob_mn *h = &w->hosts[e->host];
        for (int k = 0; k < h->n_corr; k++)
            if (e->peer < 0 || h->corr[k].peer == e->peer)
                h->corr[k].no_ro = true;
    }
}

/* The correspondents: the listed pairs; two hosts and none listed: A <-> B
 * at the scenario's traffic. 0 or -1 (memory). */
static int add_pairs(mob_world_t *w)
{
    const mob_config_t *c = &w->cfg;
    int n = c->n_peers == 0 ? 1 : c->n_peers;
    w->pm = calloc((size_t)n, sizeof(*w->pm));
    if (!w->pm)
        return -1;
    if (c->n_peers == 0 && c->n_hosts == 2) {
        if (add_pair(w, 0, 1, c->traffic_rate, c->traffic_rate, c->traffic_size) < 0)
            return -1;
    }
    for (int i = 0; i < c->n_peers; i++) {
        const mob_peer_t *p = &c->peers[i];
        if (add_pair(w, p->a, p->b, p->has_flow ? p->rate_ab : c->traffic_rate,
                     p->has_flow ? p->rate_ba : c->traffic_rate,
                     p->has_flow ? p->size : c->traffic_size) < 0)
            return -1;
    }
    set_route_optimization(w);
    return 0;
}

int mob_world_create(const mob_config_t *cfg, sim_t *sim, mob_world_t **out, sim_err_t *err)
{
    int rc = check_config(cfg, err);
    if (rc < 0)
        return rc;
    mob_world_t *w = calloc(1, sizeof(*w));
    if (!w)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    if (mob_config_copy(&w->cfg, cfg) < 0) {
        free(w);
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    w->sim = sim;
    w->ops = mob_scheme_ops_for(cfg->scheme);
    w->hosts = calloc((size_t)(cfg->n_hosts > 0 ? cfg->n_hosts : 1), sizeof(*w->hosts));
    w->ha = calloc((size_t)(cfg->n_nets > 0 ? cfg->n_nets : 1), sizeof(*w->ha));
    w->router_addr = calloc((size_t)(cfg->n_nets > 0 ? cfg->n_nets : 1), sizeof(*w->router_addr));
    if (!w->hosts || !w->ha || !w->router_addr)
        goto out_nomem;
    mob_q_init(&w->delays);
    for (int i = 0; i < w->cfg.n_hosts; i++)
        if (w->cfg.hosts[i].iid == 0)
            w->cfg.hosts[i].iid = 0x100u * (uint64_t)(i + 1);
    /* every address unique: a host's iid is its own on every network */
    mob_addrmap_t iids = {0};
    for (int i = 0; i < w->cfg.n_hosts; i++) {
        net_addr_t k = {{0}};
        uint64_t iid = w->cfg.hosts[i].iid;
        for (int b = 0; b < 8; b++)
            k.b[8 + b] = (uint8_t)(iid >> (56 - 8 * b));
        int other = mob_addrmap_get(&iids, &k);
        if (other >= 0 || mob_addrmap_put(&iids, &k, i) < 0) {
            mob_addrmap_fini(&iids);
            char name[MOB_NAME_MAX];
            snprintf(name, sizeof(name), "%s", other >= 0 ? cfg->hosts[other].name : "");
            mob_world_destroy(w);
            if (other < 0)
                return sim_err_set(err, SIM_ENOMEM, "out of memory");
            /* clang-format off */
            return sim_err_set(err, SIM_EINVAL, "hosts[%d].iid: expected an interface identifier other than host %s's (0x%llx)", i, name, (unsigned long long)iid);
            /* clang-format on */
        }
    }
    mob_addrmap_fini(&iids);
    w->rng_delay = sim_rng(sim, MOB_RNG_DELAY);
    w->rng_loss = sim_rng(sim, MOB_RNG_LOSS);
    w->rng_crypto = sim_rng(sim, MOB_RNG_CRYPTO);
    w->rng_handoff = sim_rng(sim, MOB_RNG_HANDOFF);
    w->crypto = rr_crypto_create(); /* one per world, not 1.5 KB per host */
    if (!w->rng_delay || !w->rng_loss || !w->rng_crypto || !w->rng_handoff || !w->crypto)
        goto out_nomem;
    const mob_config_t *c = &w->cfg;
    if (build_nodes(w) < 0 || mob_scheme_init(w) < 0 || mob_net_index_core_pairs(w) < 0 ||
        mob_icmp_init(w) < 0)
        goto out_nomem;
    for (int n = 0; n < c->n_nets; n++) {
        if (c->nets[n].is_home) {
            mob_ha_t *ha = &w->ha[n];
            ha->net = n;
            ha->node = c->n_hosts + n;
            ha->addr = w->router_addr[n];
            ha->deployed = c->nets[n].deploy;
        }
    }
    for (int i = 0; i < c->n_hosts; i++) {
        struct mob_mn *h = &w->hosts[i];
        h->index = i;
        h->stationary = c->hosts[i].kind == MOB_HOST_CORRESPONDENT;
        h->home_net = h->stationary ? -1 : c->hosts[i].home;
        h->net = c->hosts[i].start;
        /* a stationary correspondent's one address: its network's prefix
         * and its iid, held from creation (it receives directly) */
        h->hoa =
            net_addr_make(&c->nets[h->stationary ? h->net : h->home_net].prefix, c->hosts[i].iid);
        h->prev_net = -1;
        h->rr = rr_cn_create_shared(w->rng_crypto, w->crypto);
        if (!h->rr)
            goto out_nomem;
        if (mob_addrmap_put(&w->homes, &h->hoa, i) < 0)
            goto out_nomem;
        if (h->stationary && mob_nodes_bind(&w->nodes, &h->hoa, i) < 0)
            goto out_nomem;
    }
    if (add_pairs(w) < 0 || mob_mobility_init(w) < 0)
        goto out_nomem;
    w->m.restored_at_ab = w->m.restored_at_ba = -1;
    w->m.last_detach = -1;
    w->m.pairs = w->pm;
    w->m.n_pairs = (size_t)w->n_pm;
    if (c->has_population && mob_hl_create(w) < 0)
        goto out_nomem;
    *out = w;
    return 0;
out_nomem:
    mob_world_destroy(w);
    return sim_err_set(err, SIM_ENOMEM, "out of memory");
}

static void start(mob_world_t *w)
{
    const mob_config_t *c = &w->cfg;
    for (int i = 0; i < c->n_hosts; i++) {
        struct mob_mn *h = &w->hosts[i];
        mob_host_init_state(w, h, c->initial_cold);
        if (h->stationary)
            continue; /* no home agent */
        /* home binding at the HA */
        mob_ha_t *ha = &w->ha[h->home_net];
        if (!c->initial_cold && !mob_host_at_home(h)) {
            mob_bce_t *b = mob_ha_binding(w, i);
            if (mob_ha_set_coa(ha, i, b, &h->coa) < 0)
                w->oom = 1;
            *b = (mob_bce_t){
                .valid = true, .hoa = h->hoa, .coa = h->coa, .seq = 1, .expires = c->bu_lifetime};
        }
    }
    if (c->initial_cold)
        for (int i = 0; i < c->n_hosts; i++)
            if (!w->hosts[i].stationary && !mob_host_at_home(&w->hosts[i]))
                mob_mn_coa_ready(w, &w->hosts[i]); /* at home: nothing to register */
    mob_mobility_start(w);
    mob_flow_start(w);
    if ((c->n_steps > 0 || c->n_taps > 0) && mob_script_start(w) < 0)
        w->oom = 1;
    if (w->script)
        w->script_on_send = mob_script_on_send;
}

/* Direction from -> to is restored when from's binding cache holds to's
 * current CoA and (when from sends data to it) route-optimized data
 * reached `to` after that binding was set. */
bool mob_world_direction_restored(const mob_world_t *w, int from, int to, sim_time_t *at)
{
    const struct mob_mn *t = &w->hosts[to];
    const mob_corr_t *f = mob_corr_for((mob_world_t *)w, &w->hosts[from], to);
    const mob_corr_t *back = mob_corr_for((mob_world_t *)w, t, from);
    *at = -1;
    if (f && back && t->attached && mob_host_at_home(t)) {
        /* `to` is at home (RFC 6275 §11.5.5): restored once from holds no
         * binding for it (deleted at set_at, or never held) and, when from
         * sends data, data reached `to` directly after that */
        if (f->bce.valid || (f->rate > 0 && back->last_rx < f->bce.set_at))
            return false;
        *at = f->bce.set_at;
        return true;
    }
    if (!f || !back || !f->bce.valid || !t->attached || !net_addr_eq(&f->bce.coa, &t->coa))
        return false;
    if (f->rate > 0 && back->first_ro_rx_after_restore < f->bce.set_at)
        return false;
    *at = f->bce.set_at;
    return true;
}

/* The longest gap in delivery from -> to, counting the time from the last
 * delivery to the end when from sends data. */
static sim_time_t direction_disruption(mob_world_t *w, int from, int to, sim_time_t end)
{
    const mob_corr_t *f = mob_corr_for(w, &w->hosts[from], to);
    const mob_corr_t *c = mob_corr_for(w, &w->hosts[to], from);
    if (!f || !c)
        return 0;
    sim_time_t gap = c->max_gap;
    if (f->rate > 0 && end - c->last_rx > gap)
        gap = end - c->last_rx;
    return gap;
}

/* Fills the outcome of pair (a, b) into pm (its counters are kept): a
 * direction x -> y applies when x can hold a binding for y, i.e. y is a
 * mobile host (a stationary correspondent never sends BUs). *last_detach:
 * the later of the two hosts' last L2 detach, -1 none. */
static void finish_pair(mob_world_t *w, int a, int b, mob_pair_metrics_t *pm,
                        sim_time_t *last_detach)
{
    sim_time_t end = sim_now(w->sim);
    pm->a = a;
    pm->b = b;
    pm->has_ab = !w->hosts[b].stationary;
    pm->has_ba = !w->hosts[a].stationary;
    pm->restored_at_ab = pm->restored_at_ba = -1;
    pm->restored_ab = pm->has_ab && mob_world_direction_restored(w, a, b, &pm->restored_at_ab);
    pm->restored_ba = pm->has_ba && mob_world_direction_restored(w, b, a, &pm->restored_at_ba);
    sim_time_t ld = w->hosts[a].last_detach > w->hosts[b].last_detach ? w->hosts[a].last_detach
                                                                      : w->hosts[b].last_detach;
    *last_detach = ld;
    pm->has_restore_time = false;
    pm->restore_time = 0;
    if ((pm->restored_ab || !pm->has_ab) && (pm->restored_ba || !pm->has_ba) && ld >= 0) {
        sim_time_t both =
            pm->restored_at_ab > pm->restored_at_ba ? pm->restored_at_ab : pm->restored_at_ba;
        pm->has_restore_time = true;
        pm->restore_time = both > ld ? both - ld : 0;
    }
    pm->disruption_ab = direction_disruption(w, a, b, end);
    pm->disruption_ba = direction_disruption(w, b, a, end);
}

static void finish_metrics(mob_world_t *w)
{
    mob_metrics_t *m = &w->m;
    sim_time_t ld;
    for (int k = 0; k < w->n_pm; k++)
        finish_pair(w, w->pm[k].a, w->pm[k].b, &w->pm[k], &ld);
    m->pairs = w->pm;
    m->n_pairs = (size_t)w->n_pm;
    m->ro_fallback = false;
    m->ro_fallback_at = -1;
    m->ro_fallbacks = 0;
    for (int k = 0; k < w->n_pm; k++) /* §5.2.9 fallbacks over the world */
        if (w->pm[k].ro_fallback) {
            if (!m->ro_fallback || w->pm[k].ro_fallback_at < m->ro_fallback_at)
                m->ro_fallback_at = w->pm[k].ro_fallback_at;
            m->ro_fallback = true;
            m->ro_fallbacks += w->pm[k].ro_fallbacks;
        }
    /* the top-level outcome: the first pair's; in a two-host world always
     * A -> B as ab (whichever order peers lists them in) */
    if (w->n_pm > 0) {
        mob_pair_metrics_t first = w->pm[0];
        if (w->cfg.n_hosts == 2)
            finish_pair(w, 0, 1, &first, &ld);
        else
            finish_pair(w, first.a, first.b, &first, &ld);
        m->restored_ab = first.restored_ab;
        m->restored_ba = first.restored_ba;
        m->restored_at_ab = first.restored_at_ab;
        m->restored_at_ba = first.restored_at_ba;
        m->has_restore_time = first.has_restore_time;
        m->restore_time = first.restore_time;
        m->last_detach = ld;
        m->disruption_ab = first.disruption_ab;
        m->disruption_ba = first.disruption_ba;
    }
    if (w->n_sig_delivered)
        m->sig_latency_mean = w->sig_latency_sum / (sim_time_t)w->n_sig_delivered;
    uint64_t n_delays = mob_q_count(&w->delays);
    if (n_delays) {
        m->data_delay_mean = w->delay_sum / (sim_time_t)n_delays;
        m->data_delay_p95 = mob_q_quantile(&w->delays, 0.95);
    }
    if (w->hl && mob_hl_finish(w, sim_now(w->sim)) < 0)
        w->oom = 1;
}

int mob_world_run(mob_world_t *w)
{
    return mob_world_run_sliced(w, w->cfg.horizon > 0 ? w->cfg.horizon : 1, NULL, NULL);
}

int mob_world_run_sliced(mob_world_t *w, sim_time_t slice, mob_world_tick_fn *tick, void *ctx)
{
    assert(slice > 0);
    start(w);
    sim_time_t horizon = w->cfg.horizon, until = 0;
    bool stopped = false;
    w->m.events = 0;
    do {
        until = (horizon - until > slice) ? until + slice : horizon;
        w->m.events += sim_run(w->sim, until);
        if (tick && !tick(ctx, until, horizon) && until < horizon)
            stopped = true;
    } while (!stopped && until < horizon && !w->oom);
    finish_metrics(w);
    if (w->oom)
        return -SIM_ENOMEM;
    return stopped ? -SIM_ESTATE : 0;
}

void mob_world_destroy(mob_world_t *w)
{
    if (!w)
        return;
    /* the world's events die with it; those that own their arg (packets in
     * flight, a delayed BA) free it through their finalizer */
    sim_queue_clear(sim_queue(w->sim));
    for (int i = 0; w->hosts && i < w->cfg.n_hosts; i++)
        mob_host_fini(&w->hosts[i]);
    mob_scheme_fini(w);
    mob_script_fini(w);
    mob_icmp_fini(w); /* after the queue: the held packets went with their events */
    mob_mobility_fini(w);
    mob_hl_destroy(w);
    mob_pkt_pool_fini(w);
    for (int n = 0; w->ha && n < w->cfg.n_nets; n++)
        mob_addrmap_fini(&w->ha[n].by_coa);
    mob_nodes_fini(&w->nodes);
    mob_addrmap_fini(&w->prefixes);
    mob_addrmap_fini(&w->homes);
    mob_addrmap_fini(&w->departed);
    mob_addrmap_fini(&w->core_pairs);
    free(w->path_const);
    free(w->hosts);
    free(w->ha);
    free(w->router_addr);
    free(w->pm);
    mob_q_fini(&w->delays);
    rr_crypto_destroy(w->crypto); /* after the hosts' rr_cn_t, which borrow it */
    mob_config_free(&w->cfg);
    free(w);
}
