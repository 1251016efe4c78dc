/* Event queue lanes (sim/queue.c): events scheduled with the same delay
 * after now go to a FIFO lane of that delay, in front of the heap or radix
 * heap. Each test drives a queue the way a model does (pop, then schedule
 * relative to the popped time) and checks every pop against a sorted
 * reference: lanes of interleaved delays, equal times across lanes and the
 * heap or radix heap, cancels inside a lane, a lane that grows and compacts,
 * idle lanes flushed back into the rest, clear. */
#include "sim/queue.h"
#include "sim/rng.h"
#include "tests/sim/queue_ref.h"
#include "tests/testing.h"

#include <gsl/gsl_rng.h>
#include <string.h>

static void nop_fn(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    (void)ctx;
    (void)arg;
}

static int n_finalized;

static void count_fin(void *arg)
{
    (void)arg;
    n_finalized++;
}

typedef struct {
    sim_queue_t *q;
    ref_t ref;
    sim_handle_t *h; /* none (zero) for every fourth event: scheduled without */
    int next_id, mismatches, first_bad;
    int owned_cancelled; /* cancels that must have run a finalizer */
    bool all_handles;    /* else every fourth event is scheduled without one */
    sim_time_t now;
} drive_t;

static void drive_init(drive_t *d, int max_ids)
{
    *d = (drive_t){.q = sim_queue_create(4),
                   .ref = {malloc(sizeof(ref_ev_t) * (size_t)max_ids), 0},
                   .h = calloc((size_t)max_ids, sizeof(sim_handle_t)),
                   .first_bad = -1};
}

static void drive_free(drive_t *d)
{
    free(d->ref.ev);
    free(d->h);
    sim_queue_destroy(d->q);
}

static void expect(drive_t *d, bool ok)
{
    if (!ok && d->mismatches++ == 0)
        d->first_bad = d->next_id;
}

/* Without a handle: the queue may keep such an event without a slot. */
static bool no_handle(const drive_t *d, int id)
{
    return !d->all_handles && id % 4 == 1;
}

/* Schedules an event `delay` after the last popped time; every third one
 * owns an arg with a counting finalizer, every fourth has no handle. */
static int sched(drive_t *d, sim_time_t delay)
{
    int id = d->next_id++;
    sim_time_t at = d->now + delay;
    sim_handle_t *out = no_handle(d, id) ? NULL : &d->h[id];
    int rc = id % 3 ? sim_queue_schedule(d->q, at, nop_fn, (void *)(intptr_t)id, NULL, out)
                    : sim_queue_schedule_owned(d->q, at, nop_fn, (void *)(intptr_t)id, NULL,
                                               count_fin, out);
    expect(d, rc == 0);
    ref_add(&d->ref, at, id);
    return id;
}

/* Pops one event and checks it is the reference's earliest. */
static void pop_check(drive_t *d)
{
    expect(d, sim_queue_peek_time(d->q) == (d->ref.n ? d->ref.ev[0].at : SIM_TIME_MAX));
    sim_event_t ev;
    bool got = sim_queue_pop(d->q, &ev);
    expect(d, got == (d->ref.n > 0));
    if (!got || d->ref.n == 0)
        return;
    expect(d, ev.at == d->ref.ev[0].at && (intptr_t)ev.ctx == d->ref.ev[0].id);
    expect(d, !sim_queue_is_pending(d->q, d->h[(intptr_t)ev.ctx])); /* the handle is stale */
    d->now = ev.at;
    ref_remove(&d->ref, 0);
    expect(d, sim_queue_pending(d->q) == (size_t)d->ref.n);
}

static void cancel_check(drive_t *d, int id)
{
    if (no_handle(d, id))
        id--; /* nothing names that one */
    int i = ref_find(&d->ref, id);
    expect(d, sim_queue_time_of(d->q, d->h[id]) == (i >= 0 ? d->ref.ev[i].at : -1));
    expect(d, sim_queue_cancel(d->q, d->h[id]) == (i >= 0));
    expect(d, !sim_queue_is_pending(d->q, d->h[id]));
    if (i >= 0) {
        ref_remove(&d->ref, i);
        d->owned_cancelled += id % 3 == 0;
    }
    expect(d, sim_queue_pending(d->q) == (size_t)d->ref.n);
}

static void drain_check(drive_t *d)
{
    while (d->ref.n > 0)
        pop_check(d);
    sim_event_t ev;
    expect(d, !sim_queue_pop(d->q, &ev));
}

static void report(const drive_t *d)
{
    if (d->mismatches)
        fprintf(stderr, "\n  first mismatch near id %d\n", d->first_bad);
    CU_ASSERT_EQUAL(d->mismatches, 0);
}

static void test_interleaved_constant_delays_and_timers_match_reference(void)
{
    /* A model in small: packets at 10/30/50 ms, a 20 ms tick, long timers
     * (4 s, 420 s) and odd delays; a third of the pops cancel something. */
    static const sim_time_t delays[] = {SIM_MS(10), SIM_MS(30), SIM_MS(50), SIM_MS(20),
                                        SIM_S(4),   SIM_S(420), 0};
    enum { OPS = 60000 };
    gsl_rng *rng = sim_rng_stream(5, 0, 0, 18);
    drive_t d;
    drive_init(&d, OPS);
    for (int i = 0; i < 8; i++)
        sched(&d, delays[i % 7]);
    for (int op = 0; op < OPS - 20 && d.mismatches == 0; op++) {
        unsigned r = (unsigned)gsl_rng_uniform_int(rng, 100);
        if (d.ref.n > 0 && r < 40) {
            pop_check(&d);
        } else if (d.next_id > 0 && r < 50) {
            cancel_check(&d, (int)gsl_rng_uniform_int(rng, (unsigned long)d.next_id));
        } else if (r < 90 || d.ref.n > 60) {
            sched(&d, delays[gsl_rng_uniform_int(rng, 4)]);
        } else if (r < 97) {
            sched(&d, delays[4 + gsl_rng_uniform_int(rng, 3)]);
        } else {
            sched(&d, (sim_time_t)gsl_rng_uniform_int(rng, SIM_MS(100)));
        }
    }
    drain_check(&d);
    report(&d);
    drive_free(&d);
    gsl_rng_free(rng);
}

static void test_equal_times_across_lanes_and_radix_heap_fire_fifo(void)
{
    /* 300 events at 1, 2, ..., 300 ms, scheduled first with distinct delays
     * (the rest: past 128 pending, the radix heap). Then a chain that each
     * time schedules 1 ms and 2 ms after the event just run: lanes whose
     * fronts share their times with radix events scheduled earlier, and with
     * each other. FIFO among them all. */
    drive_t d;
    drive_init(&d, 4000);
    for (int i = 1; i <= 300; i++)
        sched(&d, SIM_MS(i));
    sched(&d, 0);
    for (int i = 0; i < 1200 && d.mismatches == 0; i++) {
        pop_check(&d);
        if (i % 2 == 0)
            sched(&d, SIM_MS(1));
        if (i % 3 == 0)
            sched(&d, SIM_MS(2));
        if (i % 5 == 0)
            sched(&d, 0);
    }
    drain_check(&d);
    report(&d);
    drive_free(&d);
}

static void test_cancel_in_a_lane_front_middle_back_and_all(void)
{
    drive_t d;
    drive_init(&d, 64);
    d.all_handles = true;
    n_finalized = 0;
    int id[10];
    sched(&d, SIM_MS(5)); /* the delay is seen once: the rest */
    for (int i = 0; i < 10; i++) {
        id[i] = sched(&d, SIM_MS(5)); /* then a lane, at one time: FIFO */
        sched(&d, SIM_MS(7));
    }
    cancel_check(&d, id[0]); /* front */
    cancel_check(&d, id[1]); /* the new front */
    cancel_check(&d, id[5]); /* middle */
    cancel_check(&d, id[9]); /* back */
    cancel_check(&d, id[8]); /* the new back */
    cancel_check(&d, id[5]); /* stale: false */
    pop_check(&d);
    pop_check(&d);
    sched(&d, SIM_MS(5)); /* an append after the back was trimmed */
    for (int i = 2; i < 8; i++)
        cancel_check(&d, id[i]); /* the lane's events, all cancelled */
    sched(&d, SIM_MS(5));        /* and one more into the emptied lane */
    drain_check(&d);
    report(&d);
    /* ids 0, 3, 6, ... own an arg: finalized when cancelled, never when run */
    CU_ASSERT_EQUAL(n_finalized, d.owned_cancelled);
    CU_ASSERT_EQUAL(d.owned_cancelled, 3); /* 3, 9, 15; 21 ran */
    drive_free(&d);
}

static void test_one_lane_grows_compacts_and_stays_fifo(void)
{
    /* 3000 events at one instant (delay 0: one lane); every other one
     * cancelled, so the appends that follow compact the lane in place. */
    drive_t d;
    drive_init(&d, 20000);
    n_finalized = 0;
    for (int round = 0; round < 4 && d.mismatches == 0; round++) {
        int first = d.next_id;
        for (int i = 0; i < 3000; i++)
            sched(&d, 0);
        for (int i = first; i < d.next_id; i += 2)
            cancel_check(&d, i);
        for (int i = 0; i < 500; i++)
            pop_check(&d);
    }
    drain_check(&d);
    report(&d);
    CU_ASSERT_EQUAL(n_finalized, d.owned_cancelled);
    drive_free(&d);
}

static void test_idle_lanes_go_back_to_the_rest_in_order(void)
{
    /* Long timers repeat their delay (so they get lanes) but their fronts
     * are never the earliest while hot 1 ms traffic runs: those lanes are
     * flushed into the rest, in radix mode too (500 pending far events),
     * with times equal to events already there. */
    gsl_rng *rng = sim_rng_stream(9, 0, 0, 18);
    drive_t d;
    drive_init(&d, 40000);
    for (int i = 0; i < 500; i++) /* distinct delays: the rest */
        sched(&d, SIM_MS(2000) + SIM_US(100) * i + (sim_time_t)gsl_rng_uniform_int(rng, 2));
    for (int i = 0; i < 6; i++) {
        sched(&d, SIM_MS(2000)); /* times equal to some of the above */
        sched(&d, SIM_MS(2010));
    }
    sched(&d, SIM_MS(1));
    for (int i = 0; i < 6000 && d.mismatches == 0; i++) {
        pop_check(&d);
        if (d.now < SIM_MS(1990))
            sched(&d, SIM_MS(1));
        if (i % 7 == 0 && d.now < SIM_MS(1990))
            sched(&d, SIM_MS(3));
    }
    drain_check(&d);
    report(&d);
    drive_free(&d);
    gsl_rng_free(rng);
}

static void test_random_model_across_heap_and_radix_with_lanes(void)
{
    /* Pending counts swing between a few and ~700 (both sides of the radix
     * switch) while most delays come from a small set on a 1 us grid: many
     * equal times, lanes bound, flushed and rebound. */
    static const sim_time_t delays[] = {0,         SIM_US(1),   SIM_US(2), SIM_US(3),
                                        SIM_US(8), SIM_US(100), SIM_MS(1)};
    enum { OPS = 200000 };
    gsl_rng *rng = sim_rng_stream(11, 0, 0, 18);
    drive_t d;
    drive_init(&d, OPS);
    int target = 10;
    for (int op = 0; op < OPS - 10 && d.mismatches == 0; op++) {
        if (op % 5000 == 0)
            target = target > 100 ? 2 + (int)gsl_rng_uniform_int(rng, 20)
                                  : 150 + (int)gsl_rng_uniform_int(rng, 600);
        unsigned r = (unsigned)gsl_rng_uniform_int(rng, 100);
        bool grow = d.ref.n < target;
        if (d.ref.n == 0 || r < (grow ? 55u : 30u)) {
            if (r % 10 == 0)
                sched(&d, SIM_US(gsl_rng_uniform_int(rng, 50)));
            else
                sched(&d, delays[gsl_rng_uniform_int(rng, 7)]);
        } else if (r < (grow ? 62u : 40u)) {
            cancel_check(&d, (int)gsl_rng_uniform_int(rng, (unsigned long)d.next_id));
        } else {
            pop_check(&d);
        }
    }
    drain_check(&d);
    report(&d);
    drive_free(&d);
    gsl_rng_free(rng);
}

static void test_more_delays_than_lanes_with_a_growing_queue(void)
{
    /* 50 delays (0 .. 49 us) for 8 lanes and 32 memo entries: lanes are
     * bound, go idle and are flushed, often into radix bucket 0 among events
     * due at the same instant, while the queue grows to thousands. */
    enum { OPS = 100000 };
    gsl_rng *rng = sim_rng_stream(13, 0, 0, 18);
    drive_t d;
    drive_init(&d, OPS);
    n_finalized = 0;
    for (int op = 0; op < OPS && d.mismatches == 0; op++) {
        unsigned r = (unsigned)gsl_rng_uniform_int(rng, 10);
        if (r < 5 || d.ref.n == 0)
            sched(&d, SIM_US(gsl_rng_uniform_int(rng, 50)));
        else if (r < 7)
            cancel_check(&d, (int)gsl_rng_uniform_int(rng, (unsigned long)d.next_id));
        else
            pop_check(&d);
    }
    CU_ASSERT_TRUE(d.ref.n > 1000);
    drain_check(&d);
    report(&d);
    CU_ASSERT_EQUAL(n_finalized, d.owned_cancelled);
    drive_free(&d);
    gsl_rng_free(rng);
}

static void test_clear_with_lanes_finalizes_and_makes_handles_stale(void)
{
    drive_t d;
    drive_init(&d, 256);
    n_finalized = 0;
    for (int i = 0; i < 60; i++)
        sched(&d, SIM_MS(1 + i % 3)); /* three lanes */
    for (int i = 0; i < 10; i++)
        pop_check(&d);
    int owned = 0;
    for (int i = 0; i < d.ref.n; i++)
        owned += d.ref.ev[i].id % 3 == 0;
    sim_queue_clear(d.q);
    CU_ASSERT_EQUAL(n_finalized, owned);
    CU_ASSERT_EQUAL(sim_queue_pending(d.q), 0);
    CU_ASSERT_EQUAL(sim_queue_peek_time(d.q), SIM_TIME_MAX);
    for (int i = 0; i < d.ref.n; i++)
        CU_ASSERT_FALSE(sim_queue_cancel(d.q, d.h[d.ref.ev[i].id]));
    d.ref.n = 0;
    for (int i = 0; i < 30; i++) /* the lanes work again */
        sched(&d, SIM_MS(1 + i % 2));
    drain_check(&d);
    report(&d);
    drive_free(&d);
}

void suite_sim_queue_lanes(void)
{
    ADD_SUITE("sim/queue-lanes", TEST(test_interleaved_constant_delays_and_timers_match_reference),
              TEST(test_equal_times_across_lanes_and_radix_heap_fire_fifo),
              TEST(test_cancel_in_a_lane_front_middle_back_and_all),
              TEST(test_one_lane_grows_compacts_and_stays_fifo),
              TEST(test_idle_lanes_go_back_to_the_rest_in_order),
              TEST(test_random_model_across_heap_and_radix_with_lanes),
              TEST(test_more_delays_than_lanes_with_a_growing_queue),
              TEST(test_clear_with_lanes_finalizes_and_makes_handles_stale));
}
