/* Event finalizers: an event that owns its arg has it freed exactly once,
 * by the finalizer when it never runs (cancel, clear, destroy) and by its
 * callback when it fires; in the small-heap and the radix mode alike. */
#include "sim/queue.h"
#include "tests/testing.h"

#include <stdint.h>

static int n_finalized, n_run;
static intptr_t last_finalized;

static void count_fin(void *arg)
{
    n_finalized++;
    last_finalized = (intptr_t)arg;
}

static void run_fn(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    (void)ctx;
    (void)arg;
    n_run++;
}

static void reset(void)
{
    n_finalized = n_run = 0;
    last_finalized = 0;
}

/* n events, every other one owned; returns the queue. */
static sim_queue_t *filled(int n, sim_handle_t *h)
{
    sim_queue_t *q = sim_queue_create(4);
    for (int i = 0; i < n; i++) {
        int rc = i % 2 ? sim_queue_schedule(q, SIM_MS(1 + i), run_fn, NULL, NULL, &h[i])
                       : sim_queue_schedule_owned(q, SIM_MS(1 + i), run_fn, NULL,
                                                  (void *)(intptr_t)(i + 1), count_fin, &h[i]);
        CU_ASSERT_EQUAL(rc, 0);
    }
    return q;
}

static void check_modes(int n)
{
    sim_handle_t h[400];
    /* cancel runs the finalizer of an owned event, not of a plain one */
    reset();
    sim_queue_t *q = filled(n, h);
    CU_ASSERT_TRUE(sim_queue_cancel(q, h[2]));
    CU_ASSERT_EQUAL(n_finalized, 1);
    CU_ASSERT_EQUAL(last_finalized, 3);
    CU_ASSERT_TRUE(sim_queue_cancel(q, h[3]));
    CU_ASSERT_EQUAL(n_finalized, 1);
    CU_ASSERT_FALSE(sim_queue_cancel(q, h[2])); /* twice: nothing more */
    CU_ASSERT_EQUAL(n_finalized, 1);
    /* firing hands the arg to the callback: no finalizer */
    sim_event_t ev;
    CU_ASSERT_TRUE(sim_queue_pop(q, &ev));
    CU_ASSERT_EQUAL((intptr_t)ev.arg, 1);
    CU_ASSERT_EQUAL(n_finalized, 1);
    /* clear finalizes every pending owned event once */
    sim_queue_clear(q);
    int owned_left = (n + 1) / 2 - 2; /* minus the cancelled and the fired one */
    CU_ASSERT_EQUAL(n_finalized, 1 + owned_left);
    /* a slot reused by a plain event carries no stale finalizer */
    sim_handle_t p;
    CU_ASSERT_EQUAL(sim_queue_schedule(q, SIM_MS(500), run_fn, NULL, NULL, &p), 0);
    CU_ASSERT_TRUE(sim_queue_cancel(q, p));
    CU_ASSERT_EQUAL(n_finalized, 1 + owned_left);
    sim_queue_destroy(q);
    /* destroy finalizes what is still pending */
    reset();
    q = filled(n, h);
    sim_queue_destroy(q);
    CU_ASSERT_EQUAL(n_finalized, (n + 1) / 2);
    CU_ASSERT_EQUAL(n_run, 0);
}

static void test_finalizer_runs_on_cancel_clear_destroy_in_heap_mode(void)
{
    check_modes(10);
}

static void test_finalizer_runs_on_cancel_clear_destroy_in_radix_mode(void)
{
    check_modes(400); /* past HEAP_MAX: the radix heap */
}

static void test_queue_without_owned_events_calls_no_finalizer(void)
{
    reset();
    sim_queue_t *q = sim_queue_create(4);
    sim_handle_t h;
    CU_ASSERT_EQUAL(sim_queue_schedule(q, SIM_MS(1), run_fn, NULL, NULL, &h), 0);
    CU_ASSERT_TRUE(sim_queue_cancel(q, h));
    sim_queue_schedule(q, SIM_MS(1), run_fn, NULL, NULL, NULL);
    sim_queue_destroy(q);
    CU_ASSERT_EQUAL(n_finalized, 0);
}

void suite_sim_queue_fin(void)
{
    ADD_SUITE("sim/queue_fin", TEST(test_finalizer_runs_on_cancel_clear_destroy_in_heap_mode),
              TEST(test_finalizer_runs_on_cancel_clear_destroy_in_radix_mode),
              TEST(test_queue_without_owned_events_calls_no_finalizer));
}
