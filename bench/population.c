/* bench/population.c - a city on one core (issue 15): N mobile hosts in
 * N/2 pairs, 20 home agents (hosts spread over them), 200 foreign cells,
 * Poisson mobility with a 30 s mean dwell uniform over the cells, 1 h, and
 * data 1 packet/s each way per pair (0: signaling only).
 *
 * Usage: population [-n HOSTS] [-h HORIZON_S] [-d RATE] [-D DWELL_S]
 *                   [-c CELLS] [-a HAS] [-f FIG1_MIN_EVENTS] [-F FIG1_JSON]
 *   (defaults: -n 10000 -h 3600 -d 1 -D 30 -c 200 -a 20 -f 20000000
 *    -F scenarios/fig1.json)
 *
 * Builds the world in C (the shape of tests/models/pairs_world.h), runs it
 * once and prints wall time, CPU time, events, ns/event, the process's peak
 * RSS (getrusage), then, in the same process, the ns/event of fig1 episodes
 * (scenarios/fig1.json, as many fresh worlds as it takes to process
 * FIG1_MIN_EVENTS events) and the ratio, with the targets: at most
 * 60 s wall, at most 2 GB peak RSS, ns/event within 1.5x of fig1's. One
 * key=value line; the targets on lines of their own (PASS/FAIL). Never a
 * test: `make population-bench` only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "analysis/theory.h"
#include "models/world.h"
#include "scenarios/scn.h"
#include "sim/sim.h"

static double now_s(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

typedef struct pop_args {
    int hosts, cells, has;
    double horizon_s, rate, dwell_s;
} pop_args_t;

static int add_net(mob_config_t *c, int k, bool home)
{
    mob_net_t *n = mob_config_add_net(c);
    if (!n)
        return -1;
    char prefix[40];
    snprintf(n->name, sizeof(n->name), home ? "home%d" : "cell%d", k);
    snprintf(prefix, sizeof(prefix), "2001:db8:%x::", (home ? 0x8000 : 0x1000) + k);
    if (net_addr_parse(prefix, &n->prefix) < 0)
        return -1;
    n->is_home = home;
    if (home)
        snprintf(n->home_agent, sizeof(n->home_agent), "HA_%d", k);
    n->deploy = true;
    return 0;
}

/* The population: networks home0..home{H-1} (0..H-1), cell0.. (H..);
 * host i at home i % H, starting on a cell drawn uniformly (a fixed LCG:
 * the same world every run), moving uniformly over every cell; pairs
 * (2k, 2k + 1). */
static int population_config(mob_config_t *c, const pop_args_t *a)
{
    mob_config_defaults(c);
    snprintf(c->name, sizeof(c->name), "population-%d", a->hosts);
    c->horizon = (sim_time_t)(a->horizon_s * 1e9);
    c->traffic_rate = a->rate;
    for (int k = 0; k < a->has; k++)
        if (add_net(c, k, true) < 0)
            return -1;
    int *cells = malloc((size_t)a->cells * sizeof(*cells));
    if (!cells)
        return -1;
    for (int k = 0; k < a->cells; k++) {
        cells[k] = a->has + k;
        if (add_net(c, k, false) < 0) {
            free(cells);
            return -1;
        }
    }
    uint64_t lcg = 0x2545f4914f6cdd1dULL;
    for (int i = 0; i < a->hosts; i++) {
        mob_host_t *h = mob_config_add_host(c);
        if (!h) {
            free(cells);
            return -1;
        }
        lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
        int start = a->has + (int)((lcg >> 33) % (uint64_t)a->cells);
        *h = (mob_host_t){"", MOB_HOST_MOBILE, i % a->has, start, 0x100u * (uint64_t)(i + 1), -1};
        snprintf(h->name, sizeof(h->name), "M%d", i);
        mob_mobility_t *mo = &c->mobility[i];
        mo->enabled = true;
        mo->rate = 1 / a->dwell_s;
        mo->next = MOB_NEXT_UNIFORM;
        if (mob_config_set_mobility_nets(c, i, cells, a->cells) < 0) {
            free(cells);
            return -1;
        }
    }
    free(cells);
    for (int k = 0; k + 1 < a->hosts; k += 2) {
        mob_peer_t *p = mob_config_add_peer(c);
        if (!p)
            return -1;
        *p = (mob_peer_t){.a = k, .b = k + 1};
    }
    return 0;
}

typedef struct run_res {
    uint64_t events;
    double build_wall, run_wall, run_cpu;
} run_res_t;

static int run_world(const mob_config_t *c, run_res_t *r)
{
    double t0 = now_s(CLOCK_MONOTONIC);
    sim_t *sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    mob_world_t *w = NULL;
    sim_err_t err = {0};
    if (!sim || mob_world_create(c, sim, &w, &err) < 0) {
        fprintf(stderr, "population: cannot build the world: %s\n", err.msg);
        sim_destroy(sim);
        return -1;
    }
    double t1 = now_s(CLOCK_MONOTONIC), c1 = now_s(CLOCK_PROCESS_CPUTIME_ID);
    int rc = mob_world_run(w);
    double c2 = now_s(CLOCK_PROCESS_CPUTIME_ID), t2 = now_s(CLOCK_MONOTONIC);
    if (rc < 0)
        fprintf(stderr, "population: the run failed (%d)\n", rc);
    r->events += rc == 0 ? mob_world_metrics(w)->events : 0;
    mob_world_destroy(w);
    sim_destroy(sim);
    r->build_wall += t1 - t0;
    r->run_wall += t2 - t1;
    r->run_cpu += c2 - c1;
    return rc;
}

static int usage(void)
{
    fprintf(
        stderr,
        "usage: population [-n HOSTS >= 2] [-h HORIZON_S > 0] [-d RATE >= 0] [-D DWELL_S > 0] [-c CELLS >= 2] [-a HAS >= 1] [-f FIG1_MIN_EVENTS] [-F FIG1_JSON]\n");
    return 2;
}

int main(int argc, char **argv)
{
    pop_args_t a = {10000, 200, 20, 3600, 1, 30};
    double fig1_events = 2e7;
    const char *fig1 = "scenarios/fig1.json";
    int opt;
    while ((opt = getopt(argc, argv, "n:h:d:D:c:a:f:F:")) != -1) {
        switch (opt) {
        case 'n':
            a.hosts = atoi(optarg);
            break;
        case 'h':
            a.horizon_s = atof(optarg);
            break;
        case 'd':
            a.rate = atof(optarg);
            break;
        case 'D':
            a.dwell_s = atof(optarg);
            break;
        case 'c':
            a.cells = atoi(optarg);
            break;
        case 'a':
            a.has = atoi(optarg);
            break;
        case 'f':
            fig1_events = atof(optarg);
            break;
        case 'F':
            fig1 = optarg;
            break;
        default:
            return usage();
        }
    }
    if (a.hosts < 2 || !(a.horizon_s > 0) || !(a.rate >= 0) || !(a.dwell_s > 0) || a.cells < 2 ||
        a.has < 1 || !(fig1_events >= 0))
        return usage();

    double b0 = now_s(CLOCK_MONOTONIC);
    mob_config_t *c = malloc(sizeof(*c));
    if (!c || population_config(c, &a) < 0) {
        fprintf(stderr, "population: out of memory building the config\n");
        return 1;
    }
    double config_wall = now_s(CLOCK_MONOTONIC) - b0;
    /* the closed form for the same world: one class pair ("-", "-") */
    double t0 = now_s(CLOCK_MONOTONIC);
    theory_class_pair_t cp[1];
    sim_err_t terr = {0};
    int windows = theory_class_pairs(c, cp, 1, &terr);
    double theory_wall = now_s(CLOCK_MONOTONIC) - t0;
    if (windows < 0) {
        fprintf(stderr, "population: %s\n", terr.msg);
        return 1;
    }
    run_res_t pop = {0};
    if (run_world(c, &pop) < 0)
        return 1;
    long rss_kb = maxrss_kb();
    mob_config_free(c);

    /* fig1 episodes in the same process: fresh worlds back to back */
    mob_config_t *f = malloc(sizeof(*f));
    sim_err_t err = {0};
    if (!f || scn_load_file(fig1, NULL, 0, f, &err) < 0) {
        fprintf(stderr, "population: %s\n", err.msg);
        return 1;
    }
    run_res_t ep = {0};
    int worlds = 0;
    do {
        if (run_world(f, &ep) < 0)
            return 1;
        worlds++;
    } while ((double)ep.events < fig1_events);
    mob_config_free(f);

    double wall = pop.build_wall + pop.run_wall;
    double nspe = pop.run_cpu * 1e9 / (double)pop.events;
    double fig1_nspe = ep.run_cpu * 1e9 / (double)ep.events;
    double ratio = nspe / fig1_nspe;
    /* clang-format off */
    printf("population hosts=%d pairs=%d has=%d cells=%d dwell_s=%g horizon_s=%g rate=%g config_s=%.3f build_s=%.3f run_wall_s=%.3f run_cpu_s=%.3f wall_s=%.3f events=%llu ns_per_event=%.1f rss_peak_kb=%ld fig1_worlds=%d fig1_events=%llu fig1_ns_per_event=%.1f ratio=%.3f theory_s=%.4f theory_windows=%d episode_frac_theory=%.5f\n",
           a.hosts, a.hosts / 2, a.has, a.cells, a.dwell_s, a.horizon_s, a.rate, config_wall, pop.build_wall, pop.run_wall, pop.run_cpu, wall, (unsigned long long)pop.events, nspe, rss_kb, worlds, (unsigned long long)ep.events, fig1_nspe, ratio, theory_wall, windows, cp[0].episode_frac);
    printf("targets (issue 15: -n 10000 -d 1 -h 3600):\n");
    printf("target wall <= 60 s (build + run, one core): %.1f s %s\n", wall, wall <= 60 ? "PASS" : "FAIL");
    printf("target peak RSS <= 2 GB: %.0f MB %s\n", (double)rss_kb / 1024, rss_kb <= 2L * 1024 * 1024 ? "PASS" : "FAIL");
    printf("target ns/event within 1.5x of a fig1 episode's (%.1f ns): %.1f ns, %.2fx %s\n", fig1_nspe, nspe, ratio, ratio <= 1.5 ? "PASS" : "FAIL");
    /* clang-format on */
    free(c);
    free(f);
    return 0;
}
