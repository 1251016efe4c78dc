/* Event queue: ordering, FIFO ties, cancellation, stale handles, and a
 * randomized run against a trivially correct reference (a sorted array). */
#include "sim/queue.h"
#include "sim/rng.h"
#include "tests/testing.h"

#include <gsl/gsl_rng.h>
#include <string.h>

static int fired_log[64];
static int n_fired;

static void record_fn(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    (void)arg;
    fired_log[n_fired++] = (int)(intptr_t)ctx;
}

static void drain(sim_queue_t *q)
{
    sim_event_t ev;
    while (sim_queue_pop(q, &ev))
        ev.fn(NULL, ev.ctx, ev.arg);
}

static void test_events_fire_in_time_order(void)
{
    sim_queue_t *q = sim_queue_create(4);
    n_fired = 0;
    sim_time_t times[] = {SIM_MS(30), SIM_MS(10), SIM_MS(20), 0, SIM_S(5)};
    for (int i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(sim_queue_schedule(q, times[i], record_fn, (void *)(intptr_t)i, NULL, NULL),
                        0);
    CU_ASSERT_EQUAL(sim_queue_peek_time(q), 0);
    drain(q);
    int expect[] = {3, 1, 2, 0, 4};
    CU_ASSERT_EQUAL(n_fired, 5);
    for (int i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(fired_log[i], expect[i]);
    sim_queue_destroy(q);
}

static void test_equal_times_fire_in_scheduling_order(void)
{
    sim_queue_t *q = sim_queue_create(2);
    n_fired = 0;
    /* 40 events at the same time, interleaved with earlier and later ones;
     * growth past the presize must not disturb FIFO */
    for (int i = 0; i < 40; i++) {
        sim_queue_schedule(q, SIM_MS(7), record_fn, (void *)(intptr_t)i, NULL, NULL);
        if (i % 10 == 0)
            sim_queue_schedule(q, SIM_MS(9), record_fn, (void *)(intptr_t)(100 + i), NULL, NULL);
    }
    sim_event_t ev;
    for (int i = 0; i < 40; i++) {
        CU_ASSERT_TRUE(sim_queue_pop(q, &ev));
        CU_ASSERT_EQUAL(ev.at, SIM_MS(7));
        CU_ASSERT_EQUAL((int)(intptr_t)ev.ctx, i);
    }
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_TRUE(sim_queue_pop(q, &ev));
        CU_ASSERT_EQUAL((int)(intptr_t)ev.ctx, 100 + 10 * i);
    }
    CU_ASSERT_FALSE(sim_queue_pop(q, &ev));
    sim_queue_destroy(q);
}

static void test_time_zero_and_event_scheduled_while_firing_at_same_time(void)
{
    sim_queue_t *q = sim_queue_create(4);
    sim_event_t ev;
    sim_queue_schedule(q, 0, record_fn, (void *)1, NULL, NULL);
    CU_ASSERT_TRUE(sim_queue_pop(q, &ev));
    CU_ASSERT_EQUAL(ev.at, 0);
    /* a zero-delay event scheduled "now" fires after those already due now */
    sim_queue_schedule(q, 0, record_fn, (void *)2, NULL, NULL);
    sim_queue_schedule(q, 0, record_fn, (void *)3, NULL, NULL);
    CU_ASSERT_TRUE(sim_queue_pop(q, &ev));
    CU_ASSERT_EQUAL((intptr_t)ev.ctx, 2);
    CU_ASSERT_TRUE(sim_queue_pop(q, &ev));
    CU_ASSERT_EQUAL((intptr_t)ev.ctx, 3);
    sim_queue_destroy(q);
}

static void test_cancel_head_middle_last(void)
{
    sim_queue_t *q = sim_queue_create(4);
    sim_handle_t h[10];
    for (int i = 0; i < 10; i++)
        sim_queue_schedule(q, SIM_MS(10 * (i + 1)), record_fn, (void *)(intptr_t)i, NULL, &h[i]);
    CU_ASSERT_EQUAL(sim_queue_time_of(q, h[4]), SIM_MS(50));
    CU_ASSERT_TRUE(sim_queue_cancel(q, h[0])); /* head */
    CU_ASSERT_TRUE(sim_queue_cancel(q, h[5])); /* middle */
    CU_ASSERT_TRUE(sim_queue_cancel(q, h[9])); /* last in time */
    CU_ASSERT_FALSE(sim_queue_is_pending(q, h[5]));
    CU_ASSERT_EQUAL(sim_queue_time_of(q, h[5]), -1);
    CU_ASSERT_EQUAL(sim_queue_pending(q), 7);
    n_fired = 0;
    drain(q);
    int expect[] = {1, 2, 3, 4, 6, 7, 8};
    CU_ASSERT_EQUAL(n_fired, 7);
    for (int i = 0; i < 7; i++)
        CU_ASSERT_EQUAL(fired_log[i], expect[i]);
    sim_queue_destroy(q);
}

static void test_cancel_twice_and_after_fire_is_harmless(void)
{
    sim_queue_t *q = sim_queue_create(4);
    sim_handle_t a, b;
    sim_queue_schedule(q, SIM_MS(1), record_fn, (void *)1, NULL, &a);
    sim_queue_schedule(q, SIM_MS(2), record_fn, (void *)2, NULL, &b);
    CU_ASSERT_TRUE(sim_queue_cancel(q, a));
    CU_ASSERT_FALSE(sim_queue_cancel(q, a)); /* twice */
    /* the freed slot is reused by a new event: the old handle must not touch it */
    sim_handle_t c;
    sim_queue_schedule(q, SIM_MS(3), record_fn, (void *)3, NULL, &c);
    CU_ASSERT_EQUAL(c.slot, a.slot);
    CU_ASSERT_NOT_EQUAL(c.gen, a.gen);
    CU_ASSERT_FALSE(sim_queue_cancel(q, a));
    CU_ASSERT_TRUE(sim_queue_is_pending(q, c));
    sim_event_t ev;
    CU_ASSERT_TRUE(sim_queue_pop(q, &ev)); /* b fires */
    CU_ASSERT_EQUAL((intptr_t)ev.ctx, 2);
    CU_ASSERT_FALSE(sim_queue_cancel(q, b)); /* already fired */
    CU_ASSERT_FALSE(sim_queue_cancel(q, SIM_HANDLE_NONE));
    CU_ASSERT_FALSE(sim_queue_cancel(q, (sim_handle_t){999999, 1})); /* never issued */
    CU_ASSERT_EQUAL(sim_queue_pending(q), 1);
    sim_queue_destroy(q);
}

/* Reference: an array of (time, seq, id) kept sorted; slow and obviously right. */
typedef struct {
    sim_time_t at;
    uint64_t seq;
    int id;
} ref_ev_t;

static int ref_find(ref_ev_t *r, int n, int id)
{
    for (int i = 0; i < n; i++)
        if (r[i].id == id)
            return i;
    return -1;
}

static void test_randomized_against_sorted_reference(void)
{
    enum { OPS = 100000, MAXID = OPS };
    gsl_rng *rng = sim_rng_stream(42, 0, 0, 1);
    sim_queue_t *q = sim_queue_create(8);
    ref_ev_t *ref = malloc(sizeof(*ref) * OPS);
    sim_handle_t *handles = calloc(MAXID, sizeof(*handles));
    int n_ref = 0, next_id = 0, mismatches = 0;
    uint64_t seq = 0;
    sim_time_t now = 0;
    for (int op = 0; op < OPS && mismatches == 0; op++) {
        unsigned r = (unsigned)gsl_rng_uniform_int(rng, 10);
        if (r < 5 || n_ref == 0) { /* schedule, often at equal times */
            sim_time_t at = now + SIM_US(gsl_rng_uniform_int(rng, 50));
            int id = next_id++;
            sim_queue_schedule(q, at, record_fn, (void *)(intptr_t)id, NULL, &handles[id]);
            int i = n_ref;
            while (i > 0 && (ref[i - 1].at > at)) {
                ref[i] = ref[i - 1];
                i--;
            }
            ref[i] = (ref_ev_t){at, seq++, id};
            n_ref++;
        } else if (r < 7) { /* cancel a random known id: pending or not */
            int id = (int)gsl_rng_uniform_int(rng, (unsigned long)next_id);
            int i = ref_find(ref, n_ref, id);
            bool was = sim_queue_cancel(q, handles[id]);
            if (was != (i >= 0))
                mismatches++;
            if (i >= 0) {
                memmove(&ref[i], &ref[i + 1], sizeof(*ref) * (size_t)(n_ref - i - 1));
                n_ref--;
            }
        } else { /* pop */
            sim_event_t ev;
            CU_ASSERT_TRUE(sim_queue_pop(q, &ev));
            if (ev.at != ref[0].at || (intptr_t)ev.ctx != ref[0].id)
                mismatches++;
            now = ev.at;
            memmove(&ref[0], &ref[1], sizeof(*ref) * (size_t)(n_ref - 1));
            n_ref--;
        }
        if (sim_queue_pending(q) != (size_t)n_ref)
            mismatches++;
    }
    CU_ASSERT_EQUAL(mismatches, 0);
    /* drain the rest in order */
    sim_event_t ev;
    for (int i = 0; i < n_ref; i++) {
        CU_ASSERT_TRUE(sim_queue_pop(q, &ev));
        CU_ASSERT_EQUAL((intptr_t)ev.ctx, ref[i].id);
    }
    CU_ASSERT_FALSE(sim_queue_pop(q, &ev));
    free(ref);
    free(handles);
    sim_queue_destroy(q);
    gsl_rng_free(rng);
}

static void test_clear_makes_handles_stale(void)
{
    sim_queue_t *q = sim_queue_create(4);
    sim_handle_t h;
    sim_queue_schedule(q, SIM_MS(1), record_fn, NULL, NULL, &h);
    sim_queue_schedule(q, SIM_MS(2), record_fn, NULL, NULL, NULL);
    sim_queue_clear(q);
    CU_ASSERT_EQUAL(sim_queue_pending(q), 0);
    CU_ASSERT_FALSE(sim_queue_cancel(q, h));
    CU_ASSERT_EQUAL(sim_queue_peek_time(q), SIM_TIME_MAX);
    sim_queue_destroy(q);
    sim_queue_destroy(NULL);
}

void suite_sim_queue(void)
{
    ADD_SUITE("sim/queue", TEST(test_events_fire_in_time_order),
              TEST(test_equal_times_fire_in_scheduling_order),
              TEST(test_time_zero_and_event_scheduled_while_firing_at_same_time),
              TEST(test_cancel_head_middle_last), TEST(test_cancel_twice_and_after_fire_is_harmless),
              TEST(test_randomized_against_sorted_reference), TEST(test_clear_makes_handles_stale));
}
