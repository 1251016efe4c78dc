/* bench/episodes.c - episode throughput of the full model on one core:
 * fig1 (60 s horizon, 50 packets/s each way, real bytes and crypto), run N
 * times with seeds 1..N, reported as episodes per second and ns per event.
 *
 * Usage: episodes [SCENARIO] [N] [REPEATS]   (defaults scenarios/fig1.json 300 5)
 * Prints one line per repetition and the median, key=value fields. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "models/world.h"
#include "scenarios/scn.h"
#include "sim/sim.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *file = argc > 1 ? argv[1] : "scenarios/fig1.json";
    int n = argc > 2 ? atoi(argv[2]) : 300;
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    if (n < 1 || reps < 1 || reps > 99) {
        fprintf(stderr, "usage: episodes [SCENARIO] [N >= 1] [REPEATS 1..99]\n");
        return 2;
    }
    static mob_config_t cfg;
    sim_err_t err = {0};
    if (scn_load_file(file, NULL, 0, &cfg, &err) < 0) {
        fprintf(stderr, "episodes: %s\n", err.msg);
        return 2;
    }
    double eps[99], nspe[99];
    for (int r = 0; r < reps; r++) {
        struct timespec a, b;
        unsigned long long events = 0;
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (int i = 0; i < n; i++) {
            sim_t *sim = sim_create((sim_stream_id_t){(uint64_t)i + 1, 0, 0});
            mob_world_t *w = NULL;
            if (!sim || mob_world_create(&cfg, sim, &w, &err) < 0 || mob_world_run(w) < 0) {
                fprintf(stderr, "episodes: run failed: %s\n", err.msg);
                return 1;
            }
            events += mob_world_metrics(w)->events;
            mob_world_destroy(w);
            sim_destroy(sim);
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
        eps[r] = n / s;
        nspe[r] = s * 1e9 / (double)events;
        printf("episodes scenario=%s n=%d seconds=%.3f episodes_per_s=%.1f ns_per_event=%.1f "
               "events_per_episode=%llu\n",
               cfg.name, n, s, eps[r], nspe[r], events / (unsigned long long)n);
    }
    qsort(eps, (size_t)reps, sizeof(double), cmp_double);
    qsort(nspe, (size_t)reps, sizeof(double), cmp_double);
    printf("median episodes_per_s=%.1f ns_per_event=%.1f (of %d repetitions)\n", eps[reps / 2],
           nspe[reps / 2], reps);
    return 0;
}
