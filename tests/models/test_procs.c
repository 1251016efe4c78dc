/* Mobility processes in the world (models/mobility.c), built from C
 * configs and run to the horizon: the mean dwell of each distribution, the
 * random walk on the cell graph, the sequence rule, the first handoff
 * time, vehicles (group mobility with jitter), reproducibility per seed,
 * and check_config's errors. Handoffs are read from the trace bus. */
#include "tests/testing.h"

#include <math.h>
#include <string.h>

#include "models/host.h"
#include "models/mobility.h"
#include "models/state.h"
#include "models/world.h"
#include "sim/rng.h"
#include "tests/models/fixture.h"

#define MAX_REC 8192

/* per host: the L2 detaches and, at each L2 attach, the network reached */
typedef struct obs {
    mob_world_t *w;
    int n_detach[2], n_attach[2];
    sim_time_t detach[2][MAX_REC];
    int moving_to[2][MAX_REC]; /* at each detach: the network of the handoff before */
    int attach_to[2][MAX_REC];
} obs_t;

static void on_handoff(void *ctx, const sim_trace_rec_t *rec)
{
    obs_t *o = ctx;
    if (rec->node < 0 || rec->node > 1)
        return;
    int h = rec->node;
    if (rec->code == 0 && o->n_detach[h] < MAX_REC) {
        o->moving_to[h][o->n_detach[h]] = o->w->hosts[h].moving_to;
        o->detach[h][o->n_detach[h]++] = rec->at;
    }
    if (rec->code == 1 && o->n_attach[h] < MAX_REC) /* moving_to: the handoff's network */
        o->attach_to[h][o->n_attach[h]++] = o->w->hosts[h].moving_to;
}

/* the two-host fixture without data, horizon h */
static void base(mob_config_t *c, sim_time_t horizon)
{
    fx_config(c);
    c->traffic_rate = 0;
    c->horizon = horizon;
}

static void dwell_process(mob_config_t *c, int host, mob_delay_t d)
{
    static const int nets[] = {NET_A1, NET_A2, NET_A3};
    mob_mobility_t *mo = &c->mobility[host];
    mo->enabled = true;
    mo->has_dwell = true;
    mo->dwell = d;
    CU_ASSERT_EQUAL_FATAL(mob_config_set_mobility_nets(c, host, nets, 3), 0);
}

/* runs c to its horizon, filling o (heap: it is large); the world is
 * destroyed unless keep, in which case o->w stays valid (caller destroys
 * it with its sim) */
static obs_t *run(const mob_config_t *c, sim_t **sim_out)
{
    obs_t *o = calloc(1, sizeof(*o));
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    sim_t *sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(mob_world_create(c, sim, &o->w, &err), 0);
    sim_trace_subscribe(sim_bus(sim), SIM_TR_MASK(SIM_TR_HANDOFF), on_handoff, o);
    CU_ASSERT_EQUAL(mob_world_run(o->w), 0);
    *sim_out = sim;
    return o;
}

static void done(obs_t *o, sim_t *sim)
{
    mob_world_destroy(o->w);
    sim_destroy(sim);
    free(o);
}

/* The mean interval between host A's detaches (the first from 0) is the
 * dwell distribution's mean within 4 standard errors. */
static void expect_mean_dwell(mob_delay_t d, double mean_s, double sd_s)
{
    mob_config_t c;
    base(&c, SIM_S(3000));
    dwell_process(&c, 0, d);
    sim_t *sim;
    obs_t *o = run(&c, &sim);
    int n = o->n_detach[0];
    CU_ASSERT(n > 1000);
    double sum = 0;
    sim_time_t prev = 0;
    for (int i = 0; i < n; i++) {
        sum += sim_time_to_s(o->detach[0][i] - prev);
        prev = o->detach[0][i];
    }
    double mean = sum / n, se = sd_s / sqrt(n);
    CU_ASSERT(fabs(mean - mean_s) < 4 * se);
    if (!(fabs(mean - mean_s) < 4 * se))
        fprintf(stderr, "\n  kind %d: mean %.4f s, want %.4f +- %.4f (n %d)\n", (int)d.kind, mean,
                mean_s, 4 * se, n);
    CU_ASSERT_EQUAL(o->n_detach[1], 0); /* B has no process */
    done(o, sim);
    mob_config_free(&c);
}

static void test_each_dwell_distribution_has_its_mean(void)
{
    /* exponential, mean 1.5 s */
    expect_mean_dwell((mob_delay_t){MOB_DIST_EXP, SIM_MS(1500), 0, 0}, 1.5, 1.5);
    /* lognormal, median 1 s, sigma 0.5: mean e^(s^2/2), var (e^(s^2) - 1) e^(s^2) */
    double s2 = 0.25;
    expect_mean_dwell((mob_delay_t){MOB_DIST_LOGNORMAL, SIM_S(1), 0, 0.5}, exp(s2 / 2),
                      sqrt((exp(s2) - 1) * exp(s2)));
    /* Pareto, x_m 1 s, shape 3: mean 1.5 s, var 3 / (4 * 1) */
    expect_mean_dwell((mob_delay_t){MOB_DIST_PARETO, SIM_S(1), 0, 3.0}, 1.5, sqrt(0.75));
    /* Weibull, scale 1.2 s, shape 1.5 */
    double g1 = tgamma(1 + 1 / 1.5), g2 = tgamma(1 + 2 / 1.5);
    expect_mean_dwell((mob_delay_t){MOB_DIST_WEIBULL, SIM_MS(1200), 0, 1.5}, 1.2 * g1,
                      1.2 * sqrt(g2 - g1 * g1));
}

static void test_a_poisson_process_has_mean_dwell_one_over_its_rate(void)
{
    mob_config_t c;
    base(&c, SIM_S(3000));
    dwell_process(&c, 0, MOB_DELAY_CONST(SIM_S(1)));
    c.mobility[0].has_dwell = false;
    c.mobility[0].rate = 0.8;
    sim_t *sim;
    obs_t *o = run(&c, &sim);
    int n = o->n_detach[0];
    double mean = sim_time_to_s(o->detach[0][n - 1]) / n, se = 1.25 / sqrt(n);
    CU_ASSERT(n > 2000);
    CU_ASSERT(fabs(mean - 1.25) < 4 * se);
    /* uniform without the current network: never a move to where it is
     * (or is moving to: a move may come before the last one attached) */
    for (int i = 2; i < n; i++)
        CU_ASSERT_NOT_EQUAL(o->moving_to[0][i], o->moving_to[0][i - 1]);
    CU_ASSERT_NOT_EQUAL(o->w->hosts[0].moving_to, o->moving_to[0][n - 1]);
    done(o, sim);
    mob_config_free(&c);
}

/* The uniform rule picks in O(1) what the scan always picked: a draw of
 * uniform_int(n') over the n' entries other than the current network, the
 * k-th of them; replayed here from the host's stream (a constant dwell
 * draws nothing), with the start on the list, off it, and a list holding
 * a network twice. */
static void expect_old_uniform_draws(const int *nets, int n_nets, int start)
{
    mob_config_t c;
    base(&c, SIM_MS(200500));
    c.seed = 5;
    c.hosts[0].start = start;
    dwell_process(&c, 0, MOB_DELAY_CONST(SIM_S(1)));
    CU_ASSERT_EQUAL_FATAL(mob_config_set_mobility_nets(&c, 0, nets, n_nets), 0);
    sim_t *sim;
    obs_t *o = run(&c, &sim);
    CU_ASSERT_EQUAL(o->n_attach[0], 200);
    gsl_rng *r = sim_rng_stream(c.seed, 0, 0, mob_mobility_stream(0));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int cur = start;
    for (int i = 0; i < o->n_attach[0]; i++) {
        int n = 0, to = -1;
        for (int j = 0; j < n_nets; j++)
            n += nets[j] != cur;
        int k = (int)gsl_rng_uniform_int(r, (unsigned long)n);
        for (int j = 0; j < n_nets && to < 0; j++)
            if (nets[j] != cur && k-- == 0)
                to = nets[j];
        CU_ASSERT_EQUAL(o->attach_to[0][i], to);
        cur = to;
    }
    gsl_rng_free(r);
    done(o, sim);
    mob_config_free(&c);
}

static void test_uniform_picks_draw_as_the_scan_did(void)
{
    static const int five[] = {NET_A2, NET_A1, NET_B1, NET_A3, NET_B2};
    static const int twice[] = {NET_A2, NET_A3, NET_A2, NET_B1};
    expect_old_uniform_draws(five, 5, NET_A1);     /* on the list */
    expect_old_uniform_draws(five + 1, 4, NET_A2); /* off it */
    expect_old_uniform_draws(twice, 4, NET_A2);    /* a network twice: the scan */
}

/* the cell graph A1 - A2, A2 - A3, A2 - B1, A2 - B2, A3 - B2 */
static const int edges[][2] = {
    {NET_A1, NET_A2}, {NET_A2, NET_A3}, {NET_A2, NET_B1}, {NET_A2, NET_B2}, {NET_A3, NET_B2}};
#define N_EDGES 5

static void add_graph(mob_config_t *c)
{
    for (int e = 0; e < N_EDGES; e++)
        *mob_config_add_edge(c) = (mob_edge_t){edges[e][0], edges[e][1]};
}

static bool is_edge(int a, int b)
{
    for (int e = 0; e < N_EDGES; e++)
        if ((edges[e][0] == a && edges[e][1] == b) || (edges[e][0] == b && edges[e][1] == a))
            return true;
    return false;
}

static void test_a_walk_crosses_edges_to_uniform_neighbours(void)
{
    mob_config_t c;
    base(&c, SIM_MS(2500500)); /* the last move's attach at 2500.05 s */
    add_graph(&c);
    c.mobility[0] = (mob_mobility_t){.enabled = true,
                                     .has_dwell = true,
                                     .dwell = MOB_DELAY_CONST(SIM_S(1)),
                                     .next = MOB_NEXT_WALK};
    sim_t *sim;
    obs_t *o = run(&c, &sim);
    CU_ASSERT_EQUAL(o->n_attach[0], 2500); /* every second: every network has a neighbour */
    int prev = NET_A1, from_a2[8] = {0}, n_a2 = 0;
    for (int i = 0; i < o->n_attach[0]; i++) {
        int to = o->attach_to[0][i];
        CU_ASSERT_TRUE(is_edge(prev, to));
        if (prev == NET_A2) {
            from_a2[to]++;
            n_a2++;
        }
        prev = to;
    }
    /* A2's four neighbours, each a quarter: chi-square, 3 degrees of
     * freedom, below 16.27 (p = 0.001) */
    CU_ASSERT(n_a2 > 800); /* A2 holds 4/10 of the walk's time */
    double chi2 = 0, e = n_a2 / 4.0;
    const int nb[] = {NET_A1, NET_A3, NET_B1, NET_B2};
    for (int k = 0; k < 4; k++)
        chi2 += (from_a2[nb[k]] - e) * (from_a2[nb[k]] - e) / e;
    CU_ASSERT(chi2 < 16.27);
    CU_ASSERT_EQUAL(from_a2[NET_A2] + from_a2[NET_HOMEA] + from_a2[NET_HOMEB], 0);
    done(o, sim);
    mob_config_free(&c);
}

static void test_a_walk_off_the_graph_waits_until_it_is_back(void)
{
    mob_config_t c;
    base(&c, SIM_MS(10500));
    *mob_config_add_edge(&c) = (mob_edge_t){NET_A1, NET_A2};
    *mob_config_add_edge(&c) = (mob_edge_t){NET_B1, NET_B2};
    mob_mobility_t walk = {.enabled = true,
                           .has_dwell = true,
                           .dwell = MOB_DELAY_CONST(SIM_S(1)),
                           .next = MOB_NEXT_WALK};
    c.mobility[0] = c.mobility[1] = walk;
    /* scripted moves take A off the graph (A3: no neighbour, no handoff at
     * 1, 2 and 3 s) and back (A1 at 3.5 s: the walk goes on at 4 s) */
    fx_move(&c, 0, SIM_MS(500), NET_A3);
    fx_move(&c, 0, SIM_MS(3500), NET_A1);
    sim_t *sim;
    obs_t *o = run(&c, &sim);
    CU_ASSERT_EQUAL(o->n_detach[0], 9); /* 0.5, 3.5, then 4, 5, ..., 10 s */
    CU_ASSERT_EQUAL(o->detach[0][0], SIM_MS(500));
    CU_ASSERT_EQUAL(o->detach[0][1], SIM_MS(3500));
    for (int i = 2; i < o->n_detach[0]; i++)
        CU_ASSERT_EQUAL(o->detach[0][i], SIM_S(i + 2));
    CU_ASSERT_EQUAL(o->attach_to[0][0], NET_A3);
    CU_ASSERT_EQUAL(o->attach_to[0][1], NET_A1);
    for (int i = 2; i < o->n_attach[0]; i++)
        CU_ASSERT_EQUAL(o->attach_to[0][i], i % 2 == 0 ? NET_A2 : NET_A1);
    /* B on B1 - B2: a walk on a two-network graph alternates each second */
    CU_ASSERT_EQUAL(o->n_attach[1], 10);
    for (int i = 0; i < o->n_attach[1]; i++)
        CU_ASSERT_EQUAL(o->attach_to[1][i], i % 2 == 0 ? NET_B2 : NET_B1);
    done(o, sim);
    mob_config_free(&c);
}

static void test_a_sequence_follows_its_list_from_the_first_time(void)
{
    mob_config_t c;
    base(&c, SIM_S(10));
    static const int line[] = {NET_A3, NET_A1, NET_A2, NET_B1};
    c.hosts[0].start = NET_B2; /* not on the line: the first move goes to line[0] */
    dwell_process(&c, 0, MOB_DELAY_CONST(SIM_S(1)));
    CU_ASSERT_EQUAL_FATAL(mob_config_set_mobility_nets(&c, 0, line, 4), 0);
    c.mobility[0].next = MOB_NEXT_SEQUENCE;
    c.mobility[0].has_first = true;
    c.mobility[0].first = SIM_MS(2500);
    sim_t *sim;
    obs_t *o = run(&c, &sim);
    CU_ASSERT_EQUAL(o->n_detach[0], 8); /* 2.5, 3.5, ..., 9.5 s */
    for (int i = 0; i < o->n_detach[0]; i++)
        CU_ASSERT_EQUAL(o->detach[0][i], SIM_MS(2500) + SIM_S(i));
    CU_ASSERT_EQUAL(o->n_attach[0], 8);
    for (int i = 0; i < o->n_attach[0]; i++)
        CU_ASSERT_EQUAL(o->attach_to[0][i], line[i % 4]);
    done(o, sim);
    mob_config_free(&c);
}

static void test_a_first_time_past_the_horizon_is_never_and_0_is_at_once(void)
{
    mob_config_t c;
    base(&c, SIM_S(5));
    dwell_process(&c, 0, MOB_DELAY_CONST(SIM_S(1)));
    c.mobility[0].has_first = true;
    c.mobility[0].first = SIM_S(5) + 1;
    dwell_process(&c, 1, MOB_DELAY_CONST(SIM_MS(2000)));
    c.mobility[1].has_first = true;
    c.mobility[1].first = 0;
    c.hosts[1].start = NET_A2;
    sim_t *sim;
    obs_t *o = run(&c, &sim);
    CU_ASSERT_EQUAL(o->n_detach[0], 0);
    CU_ASSERT_EQUAL(o->n_detach[1], 3); /* 0, 2, 4 s */
    CU_ASSERT_EQUAL(o->detach[1][0], 0);
    CU_ASSERT_EQUAL(o->detach[1][1], SIM_S(2));
    CU_ASSERT_EQUAL(o->detach[1][2], SIM_S(4));
    done(o, sim);
    mob_config_free(&c);
}

static void test_same_seed_same_handoffs_other_seed_others(void)
{
    sim_time_t first[3][64];
    int n[3];
    for (int r = 0; r < 3; r++) {
        mob_config_t c;
        base(&c, SIM_S(60));
        c.seed = r == 2 ? 99 : 7;
        dwell_process(&c, 0, (mob_delay_t){MOB_DIST_EXP, SIM_S(1), 0, 0});
        dwell_process(&c, 1, (mob_delay_t){MOB_DIST_EXP, SIM_S(1), 0, 0});
        c.hosts[1].start = NET_A2;
        sim_t *sim;
        obs_t *o = run(&c, &sim);
        n[r] = o->n_detach[1] < 64 ? o->n_detach[1] : 64;
        memcpy(first[r], o->detach[1], sizeof(first[r]));
        /* host 0's and host 1's processes draw from streams of their own */
        CU_ASSERT(o->n_detach[0] != o->n_detach[1] ||
                  memcmp(o->detach[0], o->detach[1], sizeof(sim_time_t) * 16) != 0);
        done(o, sim);
        mob_config_free(&c);
    }
    CU_ASSERT(n[0] > 20);
    CU_ASSERT_EQUAL(n[0], n[1]);
    CU_ASSERT_EQUAL(memcmp(first[0], first[1], sizeof(sim_time_t) * (size_t)n[0]), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(first[0], first[2], sizeof(sim_time_t) * 16), 0);
}

/* Host 1's process has a stream of its own: its handoff times are the
 * same whether the handoff phases draw their delays or not (with
 * MOB_RNG_MOBILITY + index, host 1 shared MOB_RNG_HANDOFF's stream). */
static void test_host_1s_moves_do_not_share_the_handoff_stream(void)
{
    sim_time_t at[2][64];
    int n[2];
    for (int r = 0; r < 2; r++) {
        mob_config_t c;
        base(&c, SIM_S(60));
        dwell_process(&c, 1, (mob_delay_t){MOB_DIST_EXP, SIM_S(1), 0, 0});
        if (r == 1)
            c.l2 = c.movement_detection = (mob_delay_t){MOB_DIST_EXP, SIM_MS(50), 0, 0};
        sim_t *sim;
        obs_t *o = run(&c, &sim);
        n[r] = o->n_detach[1] < 64 ? o->n_detach[1] : 64;
        memcpy(at[r], o->detach[1], sizeof(at[r]));
        done(o, sim);
        mob_config_free(&c);
    }
    CU_ASSERT(n[0] > 20);
    CU_ASSERT_EQUAL(n[0], n[1]);
    CU_ASSERT_EQUAL(memcmp(at[0], at[1], sizeof(sim_time_t) * (size_t)n[0]), 0);
    /* the streams are apart from every MOB_RNG_* purpose and each other */
    CU_ASSERT(mob_mobility_stream(0) > MOB_RNG_HANDOFF);
    CU_ASSERT(mob_vehicle_stream(0) > mob_mobility_stream(1 << 30));
}

/* A train: A and B ride vehicle 0, moving every 10 s along line, members
 * detaching uniform 0..200 ms after each move. */
static void train(mob_config_t *c, sim_time_t horizon, mob_delay_t jitter)
{
    static const int line[] = {NET_A2, NET_A3, NET_B1, NET_B2, NET_A1};
    base(c, horizon);
    mob_group_t *g = mob_config_add_group(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    snprintf(g->name, sizeof(g->name), "train");
    g->start = NET_A1;
    g->jitter = jitter;
    g->mobility.has_dwell = true;
    g->mobility.dwell = MOB_DELAY_CONST(SIM_S(10));
    g->mobility.next = MOB_NEXT_SEQUENCE;
    CU_ASSERT_EQUAL_FATAL(mob_config_set_group_nets(c, 0, line, 5), 0);
    for (int i = 0; i < 2; i++) {
        c->hosts[i].start = NET_A1;
        c->mobility[i].grouped = true;
        c->mobility[i].group = 0;
    }
}

static void test_a_vehicles_members_hand_off_within_its_jitter(void)
{
    mob_config_t c;
    train(&c, SIM_S(1005), (mob_delay_t){MOB_DIST_UNIFORM, 0, SIM_MS(200), 0});
    sim_t *sim;
    obs_t *o = run(&c, &sim);
    double sum = 0;
    int n = 0;
    for (int h = 0; h < 2; h++) {
        CU_ASSERT_EQUAL(o->n_detach[h], 100); /* the train moves at 10, 20, ..., 1000 s */
        for (int i = 0; i < o->n_detach[h]; i++) {
            sim_time_t move = SIM_S(10) * (i + 1), j = o->detach[h][i] - move;
            CU_ASSERT(j >= 0 && j <= SIM_MS(200));
            sum += sim_time_to_s(j);
            n++;
        }
    }
    /* uniform 0..200 ms: mean 100 ms, sd 57.7 ms */
    double se = 0.2 / sqrt(12) / sqrt(n);
    CU_ASSERT(fabs(sum / n - 0.1) < 4 * se);
    /* the two members' jitters are their own draws */
    CU_ASSERT_NOT_EQUAL(o->detach[0][0], o->detach[1][0]);
    /* the line: A2, A3, B1, B2, A1, A2, ...: 1000 s is move 100, on A1 */
    CU_ASSERT_EQUAL(mob_vehicle_net(o->w, 0), NET_A1);
    CU_ASSERT_EQUAL(o->w->hosts[0].net, NET_A1);
    CU_ASSERT_EQUAL(o->w->hosts[1].net, NET_A1);
    CU_ASSERT_TRUE(o->w->hosts[0].attached && o->w->hosts[1].attached);
    for (int i = 0; i < o->n_attach[0]; i++)
        CU_ASSERT_EQUAL(o->attach_to[0][i], o->attach_to[1][i]);
    done(o, sim);
    mob_config_free(&c);
}

static void test_a_members_pending_handoff_is_replaced_by_the_next_move(void)
{
    mob_config_t c;
    /* the train moves every 100 ms, members follow 150 ms later: each
     * move replaces the pending one, the last is past the horizon */
    train(&c, SIM_MS(1220), MOB_DELAY_CONST(SIM_MS(150)));
    c.groups[0].mobility.dwell = MOB_DELAY_CONST(SIM_MS(100));
    sim_t *sim;
    obs_t *o = run(&c, &sim);
    CU_ASSERT_EQUAL(o->n_detach[0], 0);
    CU_ASSERT_EQUAL(o->n_detach[1], 0);
    /* 12 moves along the five-network line from A1 (its last entry): on
     * line[11 % 5] = A3 */
    CU_ASSERT_EQUAL(mob_vehicle_net(o->w, 0), NET_A3);
    CU_ASSERT_EQUAL(o->w->hosts[0].net, NET_A1);
    done(o, sim);
    mob_config_free(&c);
}

static void expect_create_error(const mob_config_t *c, const char *want)
{
    sim_t *sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    mob_world_t *w = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(mob_world_create(c, sim, &w, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    if (strcmp(err.msg, want) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    CU_ASSERT_PTR_NULL(w);
    sim_destroy(sim);
}

static void test_check_config_names_each_process_error(void)
{
    mob_config_t c;
    sim_time_t h = SIM_S(10);
    mob_delay_t sec = MOB_DELAY_CONST(SIM_S(1));
    base(&c, h);
    *mob_config_add_edge(&c) = (mob_edge_t){NET_A1, 9};
    expect_create_error(&c, "edges[0]: expected two networks (0..6), got 2 and 9");
    c.edges[0].b = NET_A1;
    expect_create_error(&c, "edges[0]: expected two different networks, got A1 twice");
    mob_config_free(&c);

    base(&c, h);
    dwell_process(&c, 0, sec);
    c.mobility[0].next = 7;
    expect_create_error(&c, "mobility.A.next: expected uniform, walk or sequence, got 7");
    c.mobility[0].next = MOB_NEXT_SEQUENCE;
    c.mobility[0].has_first = true;
    c.mobility[0].first = -1;
    expect_create_error(&c, "mobility.A.first: expected a time of 0 or more, got -1ns");
    c.mobility[0].has_first = false;
    c.mobility[0].next = MOB_NEXT_WALK;
    *mob_config_add_edge(&c) = (mob_edge_t){NET_A2, NET_A3};
    /* clang-format off */
    expect_create_error(&c, "mobility.A.next: expected a walk from a network of the cell graph (edges), A1 has no edge");
    *mob_config_add_edge(&c) = (mob_edge_t){NET_A1, NET_A2};
    *mob_config_add_edge(&c) = (mob_edge_t){NET_A3, NET_HOMEB};
    expect_create_error(&c, "mobility.A.next: expected a walk on foreign networks or the host's own home network, the cell graph reaches homeB from A1");
    c.edges[2].b = NET_HOMEA; /* its own home: allowed */
    /* clang-format on */
    sim_t *sim = sim_create((sim_stream_id_t){1, 0, 0});
    mob_world_t *w = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(mob_world_create(&c, sim, &w, &err), 0);
    mob_world_destroy(w);
    sim_destroy(sim);
    mob_config_free(&c);

    train(&c, h, MOB_DELAY_CONST(0));
    c.mobility[0].group = 3;
    expect_create_error(&c, "mobility.A.group: expected one of the 1 groups, got 3");
    c.mobility[0].group = 0;
    dwell_process(&c, 0, sec);
    expect_create_error(&c, "mobility.A: expected a process or a group, A has both");
    c.mobility[0].enabled = false;
    c.hosts[1].start = NET_B1;
    expect_create_error(&c, "hosts[1].start: expected A1, the start of group train that B rides");
    c.hosts[1].start = NET_A1;
    fx_move(&c, 0, SIM_S(1), NET_A2);
    expect_create_error(&c, "moves[0].host: expected a host without a group, A rides train");
    c.n_moves = 0;
    c.groups[0].jitter = (mob_delay_t){MOB_DIST_UNIFORM, SIM_MS(10), SIM_MS(5), 0};
    expect_create_error(&c, "groups.train.jitter: expected a delay of 0 or more");
    c.groups[0].jitter = MOB_DELAY_CONST(0);
    c.groups[0].mobility.has_dwell = false;
    expect_create_error(&c, "groups.train: expected a positive rate");
    c.groups[0].mobility.has_dwell = true;
    static const int with_home[] = {NET_A2, NET_HOMEA};
    CU_ASSERT_EQUAL_FATAL(mob_config_set_group_nets(&c, 0, with_home, 2), 0);
    /* clang-format off */
    expect_create_error(&c, "groups.train.networks: expected foreign networks or the home network of every member, homeA is not B's home");
    /* clang-format on */
    c.groups[0].mobility.nets[1] = NET_A3;
    /* the vehicle's moves and every member's handoff count toward the
     * bound: 5e9 moves of a 1 us vehicle alone pass, with two members not */
    c.horizon = SIM_S(5000);
    c.groups[0].mobility.dwell = MOB_DELAY_CONST(SIM_US(1));
    /* clang-format off */
    expect_create_error(&c, "horizon: traffic and mobility imply 1.5e+10 packets and handoffs, expected at most 1e+10 (the model's bound)");
    /* clang-format on */
    c.groups[0].start = -1;
    expect_create_error(&c, "groups.train.start: expected a network (0..6), got -1");
    mob_config_free(&c);

    fx_corr_config(&c);
    c.traffic_rate = 0;
    mob_group_t *g = mob_config_add_group(&c);
    snprintf(g->name, sizeof(g->name), "bus");
    g->start = CX_CNET;
    g->mobility.rate = 1;
    c.mobility[1].grouped = true;
    /* clang-format off */
    expect_create_error(&c, "mobility.C.group: expected a mobile host, C is a stationary correspondent");
    /* clang-format on */
    mob_config_free(&c);
}

void suite_procs(void)
{
    ADD_SUITE("procs", TEST(test_each_dwell_distribution_has_its_mean),
              TEST(test_a_poisson_process_has_mean_dwell_one_over_its_rate),
              TEST(test_uniform_picks_draw_as_the_scan_did),
              TEST(test_a_walk_crosses_edges_to_uniform_neighbours),
              TEST(test_a_walk_off_the_graph_waits_until_it_is_back),
              TEST(test_a_sequence_follows_its_list_from_the_first_time),
              TEST(test_a_first_time_past_the_horizon_is_never_and_0_is_at_once),
              TEST(test_same_seed_same_handoffs_other_seed_others),
              TEST(test_host_1s_moves_do_not_share_the_handoff_stream),
              TEST(test_a_vehicles_members_hand_off_within_its_jitter),
              TEST(test_a_members_pending_handoff_is_replaced_by_the_next_move),
              TEST(test_check_config_names_each_process_error));
}
