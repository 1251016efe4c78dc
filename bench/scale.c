/* bench/scale.c - how the model scales with the number of nodes (issue 13):
 * one world of P independent pairs on the paper's network (homeA, homeB,
 * A1, A2, B1, B2; access 5 ms, core 20 ms, homeA-homeB 40 ms), Figure 1's
 * timing for every pair (A_k moves A1 -> A2 at 1 s, B_k B1 -> B2 at 1.03 s),
 * data 1 packet/s each way, horizon 10 s.
 *
 * Usage: scale [-h HORIZON_S] [-r REPS] [-e MIN_EVENTS] [-s SCHEME] [P ...]
 *   (defaults: -h 10 -r 5 -e 2000000 -s baseline, P = 1 10 100 1000 10000)
 *
 * Each P runs in a fresh process (fork + exec of this program with --one),
 * so its peak RSS is that of one world of P pairs and nothing else. There it
 * builds and runs the world once to measure memory - the bytes the allocator
 * holds for the sim_t and the world, sampled every 100 ms of simulated time
 * (mallinfo2), and the process's peak RSS (getrusage) - and then REPS timed
 * repetitions. A repetition runs as many fresh worlds back to back as it
 * takes to process MIN_EVENTS events, so P = 1 (a few hundred events per
 * world) is timed over as many events as P = 10^4; only mob_world_run() is
 * timed, building and destroying are reported apart. ns_per_event is CPU
 * time of the thread (the time slices other processes take on a shared
 * machine are left out; what they do to the caches is not),
 * wall_ns_per_event the elapsed time. Prints one key=value line per P with
 * the medians.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "models/world.h"
#include "sim/sim.h"
#include "tests/models/pairs_world.h"

#define MAX_REPS 99

static double now_s(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Seconds spent: building (wall), running (CPU time of this thread, which
 * leaves out the time slices other processes take on a shared machine;
 * and wall). */
typedef struct times {
    double build, run_cpu, run_wall;
} times_t;

static size_t heap_bytes(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct mem_probe {
    size_t before, peak;
} mem_probe_t;

static bool sample_heap(void *ctx, sim_time_t now, sim_time_t horizon)
{
    (void)now;
    (void)horizon;
    mem_probe_t *m = ctx;
    size_t b = heap_bytes();
    if (b > m->peak)
        m->peak = b;
    return true;
}

/* One world: build, run (sliced when probe is given), destroy. Adds the
 * seconds spent building and running to *t; returns the events, 0 on
 * failure. */
static uint64_t one_world(const mob_config_t *c, times_t *t, mem_probe_t *probe,
                          size_t *built_bytes)
{
    double t0 = now_s(CLOCK_MONOTONIC);
    sim_t *sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    mob_world_t *w = NULL;
    sim_err_t err = {0};
    if (!sim || mob_world_create(c, sim, &w, &err) < 0) {
        fprintf(stderr, "scale: cannot build the world: %s\n", err.msg);
        sim_destroy(sim);
        return 0;
    }
    double t1 = now_s(CLOCK_MONOTONIC);
    if (built_bytes)
        *built_bytes = heap_bytes();
    double c1 = now_s(CLOCK_THREAD_CPUTIME_ID);
    int rc = probe ? mob_world_run_sliced(w, SIM_MS(100), sample_heap, probe) : mob_world_run(w);
    double c2 = now_s(CLOCK_THREAD_CPUTIME_ID);
    double t2 = now_s(CLOCK_MONOTONIC);
    uint64_t events = rc == 0 ? mob_world_metrics(w)->events : 0;
    if (rc < 0)
        fprintf(stderr, "scale: the run failed (%d)\n", rc);
    mob_world_destroy(w);
    sim_destroy(sim);
    t->build += t1 - t0;
    t->run_cpu += c2 - c1;
    t->run_wall += t2 - t1;
    return events;
}

static int run_one(int n_pairs, double horizon_s, int reps, double min_events, mob_scheme_t scheme)
{
    mob_config_t c;
    if (pairs_world_config(&c, n_pairs, (sim_time_t)(horizon_s * 1e9), scheme) < 0)
        abort();
    long rss_base = maxrss_kb();
    /* memory: one world, the allocator's bytes sampled during the run */
    mem_probe_t probe = {heap_bytes(), 0};
    size_t built = 0;
    times_t first = {0};
    uint64_t events = one_world(&c, &first, &probe, &built);
    long rss_peak = maxrss_kb();
    if (events == 0) {
        mob_config_free(&c);
        return 1;
    }
    if (built > probe.peak)
        probe.peak = built;
    int worlds = min_events > (double)events ? (int)(min_events / (double)events + 0.999) : 1;
    double nspe[MAX_REPS], wall[MAX_REPS], build[MAX_REPS], run[MAX_REPS];
    for (int r = 0; r < reps; r++) {
        times_t t = {0};
        uint64_t total = 0;
        for (int i = 0; i < worlds; i++) {
            uint64_t e = one_world(&c, &t, NULL, NULL);
            if (e != events) {
                fprintf(stderr, "scale: P=%d: %llu events, the first run had %llu\n", n_pairs,
                        (unsigned long long)e, (unsigned long long)events);
                mob_config_free(&c);
                return 1;
            }
            total += e;
        }
        nspe[r] = t.run_cpu * 1e9 / (double)total;
        wall[r] = t.run_wall * 1e9 / (double)total;
        build[r] = t.build / worlds;
        run[r] = t.run_cpu / worlds;
    }
    qsort(nspe, (size_t)reps, sizeof(double), cmp_double);
    qsort(wall, (size_t)reps, sizeof(double), cmp_double);
    qsort(build, (size_t)reps, sizeof(double), cmp_double);
    qsort(run, (size_t)reps, sizeof(double), cmp_double);
    int nodes = 2 * n_pairs + c.n_nets;
    size_t world_bytes = probe.peak - probe.before;
    size_t built_bytes = built - probe.before;
    printf(
        "scale scheme=%s pairs=%d nodes=%d events=%llu worlds_per_rep=%d reps=%d build_s=%.6f "
        "run_s=%.6f ns_per_event=%.1f ns_per_event_min=%.1f ns_per_event_max=%.1f "
        "wall_ns_per_event=%.1f built_bytes=%zu peak_bytes=%zu bytes_per_node=%.0f built_bytes_per_node=%.0f "
        "rss_base_kb=%ld rss_peak_kb=%ld rss_kb_per_node=%.3f\n",
        mob_scheme_name(scheme), n_pairs, nodes, (unsigned long long)events, worlds, reps,
        build[reps / 2], run[reps / 2], nspe[reps / 2], nspe[0], nspe[reps - 1], wall[reps / 2],
        built_bytes, world_bytes, (double)world_bytes / nodes, (double)built_bytes / nodes,
        rss_base, rss_peak, (double)(rss_peak - rss_base) / nodes);
    fflush(stdout);
    mob_config_free(&c);
    return 0;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: scale [-h HORIZON_S > 0] [-r REPS 1..%d] [-e MIN_EVENTS] [P >= 1 ...]\n",
            MAX_REPS);
    return 2;
}

/* Runs `self --one P ...` in a fresh process and waits for it. */
static int spawn(const char *self, const char *p, const char *h, const char *r, const char *e,
                 const char *scheme)
{
    pid_t pid = fork();
    if (pid < 0) {
        perror("scale: fork");
        return 1;
    }
    if (pid == 0) {
        execl(self, self, "--one", p, h, r, e, scheme, (char *)NULL);
        fprintf(stderr, "scale: cannot run %s: %s\n", self, strerror(errno));
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "scale: P=%s failed\n", p);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 7 && strcmp(argv[1], "--one") == 0)
        return run_one(atoi(argv[2]), atof(argv[3]), atoi(argv[4]), atof(argv[5]),
                       (mob_scheme_t)mob_scheme_from_name(argv[6]));
    const char *h = "10", *r = "5", *e = "2000000", *scheme = "baseline";
    int opt;
    while ((opt = getopt(argc, argv, "h:r:e:s:")) != -1) {
        if (opt == 'h')
            h = optarg;
        else if (opt == 's')
            scheme = optarg;
        else if (opt == 'r')
            r = optarg;
        else if (opt == 'e')
            e = optarg;
        else
            return usage();
    }
    if (!(atof(h) > 0) || atoi(r) < 1 || atoi(r) > MAX_REPS || !(atof(e) >= 0) ||
        mob_scheme_from_name(scheme) < 0)
        return usage();
    static const char *const defaults[] = {"1", "10", "100", "1000", "10000"};
    int n = argc - optind;
    const char *const *ps = n > 0 ? (const char *const *)argv + optind : defaults;
    if (n == 0)
        n = (int)(sizeof(defaults) / sizeof(defaults[0]));
    for (int i = 0; i < n; i++)
        if (atoi(ps[i]) < 1)
            return usage();
    printf("# scale: scheme=%s horizon=%ss reps=%s min_events=%s (medians; one process per P)\n",
           scheme, h, r, e);
    fflush(stdout);
    for (int i = 0; i < n; i++)
        if (spawn("/proc/self/exe", ps[i], h, r, e, scheme))
            return 1;
    return 0;
}
