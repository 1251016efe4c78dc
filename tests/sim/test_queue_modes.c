/* Event queue across its two structures: the 4-ary heap it starts as and the
 * radix heap it becomes with many pending events (sim/queue.c). Each test
 * pushes the queue back and forth across the switch points and checks every
 * pop, peek and handle query against a sorted array. */
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

/* A delay that lands in low, middle and high radix buckets, and often on a
 * time already taken (0, or a small multiple of 1 us). */
static sim_time_t draw_delay(gsl_rng *rng)
{
    switch (gsl_rng_uniform_int(rng, 6)) {
    case 0:
        return 0;
    case 1:
        return SIM_US(gsl_rng_uniform_int(rng, 8));
    case 2:
        return (sim_time_t)gsl_rng_uniform_int(rng, 1000);
    case 3:
        return (sim_time_t)gsl_rng_uniform_int(rng, 4000000000UL) << 8; /* up to ~1e12 ns */
    default:
        return SIM_MS(1) + (sim_time_t)gsl_rng_uniform_int(rng, 100000000);
    }
}

typedef struct {
    int mismatches;
    int first_bad_op;
} tally_t;

static void check(tally_t *t, int op, bool ok)
{
    if (!ok && t->mismatches++ == 0)
        t->first_bad_op = op;
}

static void test_random_ops_across_heap_and_radix_match_sorted_reference(void)
{
    enum { OPS = 300000, MAXID = OPS };
    gsl_rng *rng = sim_rng_stream(7, 0, 0, 3);
    sim_queue_t *q = sim_queue_create(4);
    ref_t ref = {malloc(sizeof(ref_ev_t) * OPS), 0};
    sim_handle_t *h = calloc(MAXID, sizeof(*h));
    tally_t t = {0, -1};
    int next_id = 0, target = 0, max_seen = 0, swings = 0;
    sim_time_t now = 0;
    for (int op = 0; op < OPS && t.mismatches == 0; op++) {
        if (op % 4000 == 0) { /* swing the size across both switch points */
            target = (target > 100) ? (int)gsl_rng_uniform_int(rng, 20)
                                    : 150 + (int)gsl_rng_uniform_int(rng, 3000);
            swings++;
        }
        unsigned r = (unsigned)gsl_rng_uniform_int(rng, 100);
        bool grow = ref.n < target;
        if (ref.n == 0 || (grow ? r < 60 : r < 25)) {
            sim_time_t at = now + draw_delay(rng);
            int id = next_id++;
            CU_ASSERT_EQUAL_FATAL(
                sim_queue_schedule(q, at, nop_fn, (void *)(intptr_t)id, NULL, &h[id]), 0);
            ref_add(&ref, at, id);
        } else if (r < (grow ? 75u : 50u)) {     /* cancel a known id, pending or not */
            int id = (r % 4 == 0) ? ref.ev[0].id /* often the earliest itself */
                                  : (int)gsl_rng_uniform_int(rng, (unsigned long)next_id);
            int i = ref_find(&ref, id);
            check(&t, op, sim_queue_time_of(q, h[id]) == (i >= 0 ? ref.ev[i].at : -1));
            /* peek first: the queue may cache the earliest time, and this
             * cancel may take exactly that event */
            check(&t, op, sim_queue_peek_time(q) == ref.ev[0].at);
            check(&t, op, sim_queue_cancel(q, h[id]) == (i >= 0));
            check(&t, op, !sim_queue_is_pending(q, h[id]));
            if (i >= 0)
                ref_remove(&ref, i);
            check(&t, op, sim_queue_peek_time(q) == (ref.n ? ref.ev[0].at : SIM_TIME_MAX));
        } else {
            check(&t, op, sim_queue_peek_time(q) == ref.ev[0].at);
            sim_event_t ev;
            check(&t, op, sim_queue_pop(q, &ev));
            check(&t, op, ev.at == ref.ev[0].at && (intptr_t)ev.ctx == ref.ev[0].id);
            now = ev.at;
            ref_remove(&ref, 0);
        }
        check(&t, op, sim_queue_pending(q) == (size_t)ref.n);
        if (ref.n > max_seen)
            max_seen = ref.n;
    }
    if (t.mismatches)
        fprintf(stderr, "\n  first mismatch at op %d\n", t.first_bad_op);
    CU_ASSERT_EQUAL(t.mismatches, 0);
    CU_ASSERT_TRUE(max_seen > 1000); /* the radix heap was reached */
    CU_ASSERT_TRUE(swings > 20);
    sim_event_t ev;
    for (int i = 0; i < ref.n; i++) {
        CU_ASSERT_TRUE(sim_queue_pop(q, &ev));
        CU_ASSERT_EQUAL((intptr_t)ev.ctx, ref.ev[i].id);
    }
    CU_ASSERT_FALSE(sim_queue_pop(q, &ev));
    CU_ASSERT_EQUAL(sim_queue_peek_time(q), SIM_TIME_MAX);
    free(ref.ev);
    free(h);
    sim_queue_destroy(q);
    gsl_rng_free(rng);
}

static void test_many_events_at_one_time_fire_fifo_with_cancelled_ones_skipped(void)
{
    enum { N = 3000 };
    sim_queue_t *q = sim_queue_create(16);
    sim_handle_t h[N];
    /* earlier and later neighbours, then N at exactly 5 ms */
    sim_queue_schedule(q, SIM_MS(4), nop_fn, (void *)(intptr_t)-1, NULL, NULL);
    sim_queue_schedule(q, SIM_MS(6), nop_fn, (void *)(intptr_t)-2, NULL, NULL);
    for (int i = 0; i < N; i++)
        sim_queue_schedule(q, SIM_MS(5), nop_fn, (void *)(intptr_t)i, NULL, &h[i]);
    sim_event_t ev;
    CU_ASSERT_TRUE(sim_queue_pop(q, &ev));
    CU_ASSERT_EQUAL((intptr_t)ev.ctx, -1);
    CU_ASSERT_TRUE(sim_queue_pop(q, &ev)); /* the first of the N: now all are due */
    CU_ASSERT_EQUAL((intptr_t)ev.ctx, 0);
    for (int i = 3; i < N; i += 3) /* cancel while they wait in FIFO order */
        CU_ASSERT_TRUE(sim_queue_cancel(q, h[i]));
    sim_handle_t late;
    sim_queue_schedule(q, SIM_MS(5), nop_fn, (void *)(intptr_t)N, NULL, &late); /* at "now" */
    CU_ASSERT_EQUAL(sim_queue_time_of(q, late), SIM_MS(5));
    /* expected: 1 .. N-1 without the cancelled multiples of 3, then the late one */
    int expect[N + 1];
    int n_expect = 0, got = 0, bad = 0;
    for (int i = 1; i < N; i++)
        if (i % 3 != 0)
            expect[n_expect++] = i;
    expect[n_expect++] = N;
    for (;;) {
        CU_ASSERT_TRUE_FATAL(sim_queue_pop(q, &ev));
        if (ev.at != SIM_MS(5))
            break;
        if (got >= n_expect || (intptr_t)ev.ctx != expect[got])
            bad++;
        got++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(got, n_expect);
    CU_ASSERT_EQUAL((intptr_t)ev.ctx, -2);
    CU_ASSERT_EQUAL(sim_queue_pending(q), 0);
    sim_queue_destroy(q);
}

static void test_clear_with_many_pending_makes_handles_stale_and_queue_reusable(void)
{
    enum { N = 5000 };
    sim_queue_t *q = sim_queue_create(16);
    sim_handle_t h[N];
    for (int i = 0; i < N; i++)
        sim_queue_schedule(q, SIM_US(i % 700) + (sim_time_t)i * 977, nop_fn, NULL, NULL, &h[i]);
    sim_event_t ev;
    CU_ASSERT_TRUE(sim_queue_pop(q, &ev));
    sim_time_t t0 = ev.at;
    sim_queue_clear(q);
    CU_ASSERT_EQUAL(sim_queue_pending(q), 0);
    CU_ASSERT_EQUAL(sim_queue_peek_time(q), SIM_TIME_MAX);
    int still = 0;
    for (int i = 0; i < N; i++)
        still += sim_queue_is_pending(q, h[i]) || sim_queue_cancel(q, h[i]);
    CU_ASSERT_EQUAL(still, 0);
    /* reusable, in both structures */
    for (int i = 0; i < N; i++)
        sim_queue_schedule(q, t0 + (sim_time_t)(N - i), nop_fn, (void *)(intptr_t)i, NULL, NULL);
    int order_ok = 1;
    for (int i = N - 1; i >= 0; i--)
        order_ok &= sim_queue_pop(q, &ev) && (intptr_t)ev.ctx == i;
    CU_ASSERT_TRUE(order_ok);
    CU_ASSERT_FALSE(sim_queue_pop(q, &ev));
    sim_queue_destroy(q);
}

static void test_lowest_bucket_over_two_blocks_gives_its_earliest_event(void)
{
    /* 200 pending (past the switch to the radix heap): 33 share one radix
     * bucket (times 2^20 + i: highest bit 20), more than one storage block,
     * the rest lie far later. The bucket's last entry is its latest event. */
    sim_queue_t *q = sim_queue_create(16);
    for (int i = 0; i < 33; i++)
        sim_queue_schedule(q, (INT64_C(1) << 20) + i, nop_fn, (void *)(intptr_t)i, NULL, NULL);
    for (int i = 33; i < 200; i++)
        sim_queue_schedule(q, SIM_S(100) + i, nop_fn, (void *)(intptr_t)i, NULL, NULL);
    sim_event_t ev;
    int order_ok = 1;
    for (int i = 0; i < 200; i++)
        order_ok &= sim_queue_pop(q, &ev) && (intptr_t)ev.ctx == i;
    CU_ASSERT_TRUE(order_ok);
    sim_queue_destroy(q);
}

void suite_sim_queue_modes(void)
{
    ADD_SUITE("sim/queue-modes", TEST(test_random_ops_across_heap_and_radix_match_sorted_reference),
              TEST(test_many_events_at_one_time_fire_fifo_with_cancelled_ones_skipped),
              TEST(test_clear_with_many_pending_makes_handles_stale_and_queue_reusable),
              TEST(test_lowest_bucket_over_two_blocks_gives_its_earliest_event));
}
