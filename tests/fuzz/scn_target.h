/* tests/fuzz/scn_target.h - the scenario loader under arbitrary input,
 * shared by the libFuzzer target (tests/fuzz/fuzz_scn.c) and the corpus
 * replay in `make test` (tests/scenarios/test_scn_fuzz.c).
 *
 * Input: JSON text, then up to 4 `--set` assignments, each after a NUL byte
 *   {"networks": [...], ...}\0params.T_b=120ms\0moves[0].at=1s
 * fuzz_scn_target() loads it with scn_load_string() and checks what a
 * crash-free loader can still get wrong:
 *   - an error is -SIM_EINVAL (or -SIM_ENOMEM) with one non-empty line that
 *     starts with the file name;
 *   - an accepted config keeps every promise validation makes (indices in
 *     range, moves before the horizon and in time order per host and only
 *     for mobile hosts, ranges of loss, traffic, delays, names terminated;
 *     any number of hosts of either kind with distinct iids, peer pairs
 *     distinct with a mobile host each and every host in one, flows in
 *     range);
 *   - loading is deterministic (the same input gives the same bytes);
 *   - the world model accepts what the loader accepts (mob_world_create),
 *     and the report writers handle the config.
 * Returns 0, or the number of the first broken property.
 *
 * Static in a header because the two binaries are built by different
 * compilers from different source lists; each includes it once.
 */
#ifndef MOBSIM_TESTS_FUZZ_SCN_TARGET_H
#define MOBSIM_TESTS_FUZZ_SCN_TARGET_H

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report.h"
#include "models/world.h"
#include "scenarios/scn.h"
#include "tests/fuzz/split_input.h"

#define FUZZ_SCN_FILE     "fuzz.json"
#define FUZZ_SCN_MAX_SETS 4

static int fuzz_scn_delay_ok(const mob_delay_t *d)
{
    if (d->a < 0 || d->b < 0 || d->kind < MOB_DIST_CONST || d->kind > MOB_DIST_WEIBULL)
        return 0;
    if ((d->kind == MOB_DIST_PARETO || d->kind == MOB_DIST_WEIBULL) &&
        (d->a <= 0 || !(d->sigma >= 0.1 && d->sigma <= 10)))
        return 0;
    if (d->kind == MOB_DIST_UNIFORM && d->b < d->a)
        return 0;
    if (d->kind == MOB_DIST_LOGNORMAL && (d->a <= 0 || !(d->sigma >= 0 && d->sigma <= 10)))
        return 0;
    return 1;
}

static int fuzz_scn_name_ok(const char *s, size_t cap)
{
    return memchr(s, 0, cap) != NULL;
}

static int fuzz_scn_cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* true when a traffic rate is 0 or within the loader's range */
static int fuzz_scn_rate_ok(double r)
{
    return r == 0 || (r >= 0.001 && r <= 10000);
}

/* The hosts, their peers and flows: kinds, indices in range, iids and
 * pairs distinct, every host in a pair. 0 when all hold. */
static int fuzz_scn_check_hosts(const mob_config_t *c)
{
    for (int h = 0; h < c->n_hosts; h++) {
        const mob_host_t *x = &c->hosts[h];
        if (x->iid == 0 || !x->name[0] || !fuzz_scn_name_ok(x->name, MOB_NAME_MAX) ||
            x->start < 0 || x->start >= c->n_nets || c->nets[x->start].is_home)
            return 20;
        if (x->kind == MOB_HOST_MOBILE) {
            if (x->home < 0 || x->home >= c->n_nets || !c->nets[x->home].is_home)
                return 20;
        } else if (x->kind != MOB_HOST_CORRESPONDENT || x->home != -1) {
            return 20;
        }
        const mob_mobility_t *mo = &c->mobility[h];
        if (mo->enabled &&
            (x->kind != MOB_HOST_MOBILE || (!mo->has_dwell && !(mo->rate > 0 && mo->rate <= 100)) ||
             mo->n_nets < 2 || mo->n_nets > c->n_nets))
            return 21;
        for (int k = 0; mo->enabled && k < mo->n_nets; k++)
            if (mo->nets[k] < 0 || mo->nets[k] >= c->n_nets || c->nets[mo->nets[k]].is_home)
                return 22;
    }
    /* iids distinct: sorted, no two neighbours equal */
    uint64_t *keys = malloc(((size_t)c->n_hosts + (size_t)c->n_peers + 1) * sizeof(*keys));
    if (!keys)
        return 0; /* out of memory is not a finding */
    int bad = 0;
    for (int h = 0; h < c->n_hosts; h++)
        keys[h] = c->hosts[h].iid;
    qsort(keys, (size_t)c->n_hosts, sizeof(*keys), fuzz_scn_cmp_u64);
    for (int h = 1; h < c->n_hosts && !bad; h++)
        if (keys[h] == keys[h - 1])
            bad = 23;
    /* peers: none means exactly two hosts, one of them mobile */
    if (!bad && c->n_peers == 0 &&
        (c->n_hosts != 2 ||
         (c->hosts[0].kind != MOB_HOST_MOBILE && c->hosts[1].kind != MOB_HOST_MOBILE)))
        bad = 28;
    char *in_pair = calloc((size_t)c->n_hosts, 1);
    for (int i = 0; !bad && i < c->n_peers; i++) {
        const mob_peer_t *p = &c->peers[i];
        if (p->a < 0 || p->a >= c->n_hosts || p->b < 0 || p->b >= c->n_hosts || p->a == p->b ||
            (c->hosts[p->a].kind != MOB_HOST_MOBILE && c->hosts[p->b].kind != MOB_HOST_MOBILE)) {
            bad = 28;
            break;
        }
        if (p->has_flow && (!fuzz_scn_rate_ok(p->rate_ab) || !fuzz_scn_rate_ok(p->rate_ba) ||
                            p->size < 0 || p->size > 1400))
            bad = 29;
        int lo = p->a < p->b ? p->a : p->b, hi = p->a < p->b ? p->b : p->a;
        keys[i] = (uint64_t)lo << 32 | (uint64_t)hi;
        if (in_pair) {
            in_pair[p->a] = 1;
            in_pair[p->b] = 1;
        }
    }
    if (!bad) {
        qsort(keys, (size_t)c->n_peers, sizeof(*keys), fuzz_scn_cmp_u64);
        for (int i = 1; i < c->n_peers && !bad; i++)
            if (keys[i] == keys[i - 1])
                bad = 28;
    }
    for (int h = 0; !bad && in_pair && c->n_peers > 0 && h < c->n_hosts; h++)
        if (!in_pair[h])
            bad = 28;
    free(in_pair);
    free(keys);
    return bad;
}

/* The promises of an accepted config; 0 when all hold. */
static int fuzz_scn_check_config(const mob_config_t *c)
{
    if (c->n_hosts < 2 || c->n_nets < 1)
        return 10;
    if (c->horizon <= 0 || c->horizon > SIM_S(86400))
        return 11;
    if (!(c->loss >= 0 && c->loss <= 1) || !(c->traffic_rate >= 0 && c->traffic_rate <= 10000) ||
        c->traffic_size < 0 || c->traffic_size > 1400)
        return 12;
    if (!fuzz_scn_name_ok(c->name, sizeof(c->name)) ||
        !fuzz_scn_name_ok(c->description, sizeof(c->description)))
        return 13;
    for (int i = 0; i < c->n_nets; i++) {
        if (!c->nets[i].name[0] || !fuzz_scn_name_ok(c->nets[i].name, MOB_NAME_MAX) ||
            !fuzz_scn_name_ok(c->nets[i].home_agent, MOB_NAME_MAX))
            return 14;
        if (c->nets[i].is_home != (c->nets[i].home_agent[0] != 0))
            return 15;
        if (c->nets[i].has_access && !fuzz_scn_delay_ok(&c->nets[i].access))
            return 16;
    }
    if (!fuzz_scn_delay_ok(&c->access_default) || !fuzz_scn_delay_ok(&c->core_default) ||
        !fuzz_scn_delay_ok(&c->l2) || !fuzz_scn_delay_ok(&c->movement_detection) ||
        !fuzz_scn_delay_ok(&c->dad))
        return 17;
    if (c->n_pairs < 0)
        return 18;
    for (int i = 0; i < c->n_pairs; i++) {
        const mob_core_pair_t *p = &c->pairs[i];
        if (p->a < 0 || p->a >= c->n_nets || p->b < 0 || p->b >= c->n_nets || p->a == p->b ||
            !fuzz_scn_delay_ok(&p->delay))
            return 19;
    }
    int bad = fuzz_scn_check_hosts(c);
    if (bad)
        return bad;
    if (c->n_moves < 0)
        return 24;
    /* moves: only mobile hosts, in time order per host, never to where it is */
    sim_time_t *last = malloc((size_t)c->n_hosts * sizeof(*last));
    int *where = malloc((size_t)c->n_hosts * sizeof(*where));
    for (int h = 0; last && where && h < c->n_hosts; h++) {
        last[h] = -1;
        where[h] = c->hosts[h].start;
    }
    for (int i = 0; last && where && !bad && i < c->n_moves; i++) {
        const mob_move_t *m = &c->moves[i];
        if (m->host < 0 || m->host >= c->n_hosts || m->to < 0 || m->to >= c->n_nets ||
            c->hosts[m->host].kind != MOB_HOST_MOBILE)
            bad = 25;
        else if (m->at < 0 || m->at >= c->horizon || m->at <= last[m->host])
            bad = 26;
        else if (m->to == where[m->host] || c->nets[m->to].is_home || c->mobility[m->host].enabled)
            bad = 27;
        else {
            last[m->host] = m->at;
            where[m->host] = m->to;
        }
    }
    free(last);
    free(where);
    return bad;
}

static int fuzz_scn_check_error(int rc, const sim_err_t *err)
{
    if (rc != -SIM_EINVAL && rc != -SIM_ENOMEM)
        return 1;
    if (err->code != -rc || !err->msg[0] || strchr(err->msg, '\n'))
        return 2;
    if (rc == -SIM_EINVAL && strncmp(err->msg, FUZZ_SCN_FILE ":", strlen(FUZZ_SCN_FILE) + 1) != 0)
        return 3;
    return 0;
}

/* The world and the writers take whatever the loader accepts. */
static int fuzz_scn_check_consumers(const mob_config_t *c)
{
    sim_t *sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    if (!sim)
        return 0; /* out of memory is not a finding */
    mob_world_t *w = NULL;
    sim_err_t err = {0};
    int rc = mob_world_create(c, sim, &w, &err);
    mob_world_destroy(w);
    sim_destroy(sim);
    /* stationary correspondents load before the world models them: until it
     * does, its refusal of their kind is expected */
    bool corr = false;
    for (int h = 0; h < c->n_hosts; h++)
        corr |= c->hosts[h].kind == MOB_HOST_CORRESPONDENT;
    if (rc == -SIM_EINVAL && corr && strstr(err.msg, ".kind: expected a mobile host"))
        rc = 0;
    if (rc == -SIM_EINVAL) {
        fprintf(stderr, "fuzz_scn: loader accepted, world refused: %s\n", err.msg);
        return 30;
    }
    mob_metrics_t *m = calloc(1, sizeof(*m));
    if (!m)
        return 0;
    m->restored_at_ab = m->restored_at_ba = m->last_detach = -1;
    cJSON *j = report_metrics_json(c, m);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int bad = 0;
    if (f) {
        report_write_summary(f, c, m, NULL);
        fclose(f);
        if (!buf || !strstr(buf, "scenario"))
            bad = 31;
    }
    free(buf);
    cJSON_Delete(j);
    free(m);
    return bad;
}

/* The same config, arrays compared by content (both loads fill every byte
 * the same way: memset first). */
static bool fuzz_scn_same(const mob_config_t *a, const mob_config_t *b)
{
    mob_config_t x = *a, y = *b;
    x.nets = y.nets = NULL;
    x.pairs = y.pairs = NULL;
    x.hosts = y.hosts = NULL;
    x.mobility = y.mobility = NULL;
    x.peers = y.peers = NULL;
    x.moves = y.moves = NULL;
    x.cap_nets = y.cap_nets = x.cap_pairs = y.cap_pairs = x.cap_hosts = y.cap_hosts = 0;
    x.cap_peers = y.cap_peers = x.cap_moves = y.cap_moves = 0;
    if (memcmp(&x, &y, sizeof(x)) != 0)
        return false;
#define SAME_ARRAY(f, n) (!(n) || memcmp(a->f, b->f, (size_t)(n) * sizeof(*a->f)) == 0)
    if (!SAME_ARRAY(nets, a->n_nets) || !SAME_ARRAY(pairs, a->n_pairs) ||
        !SAME_ARRAY(hosts, a->n_hosts) || !SAME_ARRAY(peers, a->n_peers) ||
        !SAME_ARRAY(moves, a->n_moves))
        return false;
    for (int i = 0; i < a->n_hosts; i++) {
        mob_mobility_t p = a->mobility[i], q = b->mobility[i];
        p.nets = q.nets = NULL;
        if (memcmp(&p, &q, sizeof(p)) != 0 || !SAME_ARRAY(mobility[i].nets, p.n_nets))
            return false;
    }
#undef SAME_ARRAY
    return true;
}

static int fuzz_scn_target(const uint8_t *data, size_t size)
{
    const char *sets[FUZZ_SCN_MAX_SETS];
    size_t text_len, n_sets;
    char *copy = fuzz_split(data, size, &text_len, sets, FUZZ_SCN_MAX_SETS, &n_sets);
    if (!copy)
        return 0;
    mob_config_t *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
    int bad = 0;
    if (!a || !b)
        goto out;
    sim_err_t err = {0};
    int rc = scn_load_string(copy, text_len, FUZZ_SCN_FILE, sets, n_sets, a, &err);
    if (rc) {
        bad = fuzz_scn_check_error(rc, &err);
        if (bad)
            fprintf(stderr, "fuzz_scn: bad error (rc %d): %s\n", rc, err.msg);
        goto out;
    }
    if ((bad = fuzz_scn_check_config(a)))
        goto out;
    if (scn_load_string(copy, text_len, FUZZ_SCN_FILE, sets, n_sets, b, &err) != 0 ||
        !fuzz_scn_same(a, b)) {
        mob_config_free(b);
        bad = 40;
        goto out;
    }
    mob_config_free(b);
    bad = fuzz_scn_check_consumers(a);
out:
    if (a)
        mob_config_free(a);
    free(a);
    free(b);
    free(copy);
    return bad;
}

#endif /* MOBSIM_TESTS_FUZZ_SCN_TARGET_H */
