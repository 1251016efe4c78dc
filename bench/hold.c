/* bench/hold.c - the classic hold model on mobsim's event core.
 *
 * The workload of ../shared/bench/ref/hold_ref.c and ../shared/bench/ns3/hold.cc:
 * N events are pending at all times. The queue is pre-filled with N events at
 * Exp(mean 1 s) delays; every event, when it fires, schedules exactly one new
 * event at now + Exp(1 s); the run stops after M events. The M-th event
 * schedules nothing, as in both yardsticks.
 *
 * Events go through the world a model uses: sim_after() to schedule, sim_run()
 * to pop and dispatch (one indirect call per event, with the world, ctx and
 * arg), sim_stop() at the end. So the time measured is what a model pays per
 * event: record from the pool, queue insert, remove-min, dispatch, clock.
 *
 * Same RNG as the yardsticks: xorshift64 with their fixed seed, u in (0,1) ->
 * -ln(u) seconds, truncated to integer ns. Both process the same events and
 * must print the same simtime_ns (bench/run-bench checks it).
 *
 * Usage: hold N M
 * Output (one line, the reference's fields):
 *   mobsim sim_run N=.. M=.. seconds=.. events_per_s=.. ns_per_event=..
 *          simtime_ns=.. fill_s=.. maxrss_kb=..
 * "seconds" covers sim_run() only (not the pre-fill).
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "sim/sim.h"

typedef struct hold {
    uint64_t rng;    /* xorshift64 state */
    uint64_t fired;  /* events run so far */
    uint64_t target; /* M */
    int err;         /* first failed schedule, if any */
} hold_t;

static inline uint64_t next_random(hold_t *h)
{
    h->rng ^= h->rng << 13;
    h->rng ^= h->rng >> 7;
    h->rng ^= h->rng << 17;
    return h->rng;
}

/* Exp(1) seconds in integer nanoseconds, exactly as the yardsticks round it. */
static inline sim_time_t exp_delay_ns(hold_t *h)
{
    double u = ((double)(next_random(h) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
    return (sim_time_t)(-log(u) * 1e9);
}

static void hold_fire(sim_t *sim, void *ctx, void *arg)
{
    (void)arg;
    hold_t *h = ctx;
    if (++h->fired >= h->target) {
        sim_stop(sim);
        return;
    }
    int rc = sim_after(sim, exp_delay_ns(h), hold_fire, h, NULL, NULL);
    if (rc < 0) {
        h->err = rc;
        sim_stop(sim);
    }
}

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s N M\n  N pending events (>= 1), M events to process\n", argv[0]);
        return 2;
    }
    long n = atol(argv[1]);
    hold_t h = {.rng = 88172645463325252ULL, .target = strtoull(argv[2], NULL, 10)};
    if (n < 1 || h.target < 1) {
        fprintf(stderr, "hold: N and M must be >= 1\n");
        return 2;
    }
    sim_t *sim = sim_create((sim_stream_id_t){1, 0, 0});
    if (!sim) {
        fprintf(stderr, "hold: out of memory\n");
        return 1;
    }

    struct timespec f0, a, b;
    clock_gettime(CLOCK_MONOTONIC, &f0);
    for (long i = 0; i < n; i++) {
        if (sim_after(sim, exp_delay_ns(&h), hold_fire, &h, NULL, NULL) < 0) {
            fprintf(stderr, "hold: out of memory while pre-filling %ld events\n", n);
            sim_destroy(sim);
            return 1;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &a);
    sim_run(sim, SIM_TIME_MAX);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (h.err) {
        fprintf(stderr, "hold: out of memory after %" PRIu64 " events\n", h.fired);
        sim_destroy(sim);
        return 1;
    }

    double fill = seconds_between(&f0, &a);
    double s = seconds_between(&a, &b);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("mobsim sim_run N=%ld M=%" PRIu64 " seconds=%.3f events_per_s=%.0f ns_per_event=%.1f "
           "simtime_ns=%" PRId64 " fill_s=%.3f maxrss_kb=%ld\n",
           n, h.fired, s, (double)h.fired / s, s * 1e9 / (double)h.fired, sim_now(sim), fill,
           ru.ru_maxrss);
    sim_destroy(sim);
    return 0;
}
