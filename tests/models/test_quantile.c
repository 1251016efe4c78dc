/* models/quantile.c against a trivially correct reference, SQLite bitvec
 * style: the same values go into the estimator and into a plain array that
 * is sorted and indexed by the nearest-rank formula; the two must agree
 * exactly while at most MOB_Q_EXACT_MAX values were added, and within the
 * documented bound (x * 2^-10, exact below 1024 ns) after. One case corrupts
 * the reference on purpose to prove the comparison can fail. */
#include "tests/testing.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

#include "models/quantile.h"

static const double probes[] = {0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0};
#define N_PROBES (sizeof(probes) / sizeof(probes[0]))

typedef enum data_kind { UNIFORM, EXPONENTIAL, PARETO, SMALL } data_kind_t;

static sim_time_t draw(gsl_rng *r, data_kind_t kind)
{
    switch (kind) {
    case UNIFORM: /* 0..100 ms */
        return (sim_time_t)gsl_rng_uniform_int(r, 100000000);
    case EXPONENTIAL: /* mean 30 ms */
        return (sim_time_t)gsl_ran_exponential(r, 3e7);
    case PARETO: { /* heavy tail from 1 us, alpha 1.1, capped far out */
        double x = gsl_ran_pareto(r, 1.1, 1e3);
        return x > 1e17 ? (sim_time_t)1e17 : (sim_time_t)x;
    }
    case SMALL: /* all in the exact region of the histogram */
        return (sim_time_t)gsl_rng_uniform_int(r, 1024);
    }
    return 0;
}

static int cmp_time(const void *a, const void *b)
{
    sim_time_t x = *(const sim_time_t *)a, y = *(const sim_time_t *)b;
    return (x > y) - (x < y);
}

/* The reference: today's p95 formula on the sorted array. */
static sim_time_t reference_quantile(const sim_time_t *sorted, size_t n, double p)
{
    return sorted[(size_t)(p * (double)(n - 1) + 0.5)];
}

static int agrees(sim_time_t est, sim_time_t ref, int exact)
{
    if (exact || ref < 1024)
        return est == ref;
    double err = fabs((double)est - (double)ref);
    return err <= (double)ref / 1024.0;
}

/* Feeds n values of kind into both; returns the number of probes where the
 * estimator and the reference disagree (0 = all agree). `corrupt` breaks the
 * reference: its p95 element is moved by 1% before the comparison. */
static int compare(data_kind_t kind, size_t n, unsigned long seed, int corrupt, int *was_exact)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    sim_time_t *ref = malloc(n * sizeof(*ref));
    CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
    mob_q_t q;
    mob_q_init(&q);
    int add_failed = 0;
    for (size_t i = 0; i < n; i++) {
        ref[i] = draw(r, kind);
        add_failed |= mob_q_add(&q, ref[i]) != 0;
    }
    CU_ASSERT_FALSE(add_failed);
    CU_ASSERT_EQUAL(mob_q_count(&q), n);
    qsort(ref, n, sizeof(*ref), cmp_time);
    *was_exact = mob_q_is_exact(&q);
    int bad = 0;
    for (size_t k = 0; k < N_PROBES; k++) {
        sim_time_t want = reference_quantile(ref, n, probes[k]);
        if (corrupt && probes[k] == 0.95)
            want += want / 100 + 1;
        sim_time_t got = mob_q_quantile(&q, probes[k]);
        if (!agrees(got, want, *was_exact)) {
            if (!corrupt)
                fprintf(stderr, "\nkind %d n %zu p %g: estimator %lld, reference %lld\n", (int)kind,
                        n, probes[k], (long long)got, (long long)want);
            bad++;
        }
    }
    mob_q_fini(&q);
    free(ref);
    gsl_rng_free(r);
    return bad;
}

static void test_up_to_65536_values_the_quantile_is_exactly_the_sorted_arrays(void)
{
    static const size_t sizes[] = {1, 2, 3, 20, 1000, MOB_Q_EXACT_MAX - 1, MOB_Q_EXACT_MAX};
    for (int kind = UNIFORM; kind <= SMALL; kind++)
        for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
            int exact = 0;
            CU_ASSERT_EQUAL(compare((data_kind_t)kind, sizes[s], 7 + s, 0, &exact), 0);
            CU_ASSERT_TRUE(exact);
        }
}

static void test_past_65536_values_the_error_stays_within_one_part_in_1024(void)
{
    static const size_t sizes[] = {MOB_Q_EXACT_MAX + 1, MOB_Q_EXACT_MAX + 2, 300000, 1000000};
    for (int kind = UNIFORM; kind <= SMALL; kind++)
        for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
            int exact = 1;
            CU_ASSERT_EQUAL(compare((data_kind_t)kind, sizes[s], 11 + s, 0, &exact), 0);
            CU_ASSERT_FALSE(exact);
        }
}

static void test_a_corrupted_reference_is_caught_on_both_sides_of_the_boundary(void)
{
    int exact = 0;
    CU_ASSERT_EQUAL(compare(EXPONENTIAL, 5000, 3, 1, &exact), 1);
    CU_ASSERT_TRUE(exact);
    CU_ASSERT_EQUAL(compare(EXPONENTIAL, 200000, 3, 1, &exact), 1);
    CU_ASSERT_FALSE(exact);
}

static void test_memory_is_bounded_and_the_histogram_exists_only_past_65536(void)
{
    mob_q_t q;
    mob_q_init(&q);
    CU_ASSERT_EQUAL(mob_q_bytes(&q), 0);
    CU_ASSERT_EQUAL(mob_q_quantile(&q, 0.95), 0); /* empty */
    int add_failed = 0;
    for (int i = 0; i < MOB_Q_EXACT_MAX; i++)
        add_failed |= mob_q_add(&q, i) != 0;
    CU_ASSERT_TRUE(mob_q_is_exact(&q));
    CU_ASSERT_EQUAL(mob_q_bytes(&q), MOB_Q_EXACT_MAX * sizeof(sim_time_t));
    CU_ASSERT_EQUAL(mob_q_add(&q, 5), 0);
    CU_ASSERT_FALSE(mob_q_is_exact(&q));
    size_t hist = mob_q_bytes(&q);
    CU_ASSERT_EQUAL(hist, (size_t)MOB_Q_N_BUCKETS * 8);
    CU_ASSERT(hist <= 256 * 1024);
    for (int i = 0; i < 2000000; i++)
        add_failed |= mob_q_add(&q, (sim_time_t)i * 1000003) != 0;
    CU_ASSERT_FALSE(add_failed);
    CU_ASSERT_EQUAL(mob_q_bytes(&q), hist);
    mob_q_fini(&q);
    CU_ASSERT_EQUAL(mob_q_bytes(&q), 0);
}

static void test_extreme_values_fall_in_the_first_and_last_buckets(void)
{
    mob_q_t q;
    mob_q_init(&q);
    int add_failed = 0;
    for (int i = 0; i <= MOB_Q_EXACT_MAX; i++)
        add_failed |= mob_q_add(&q, i % 2 ? INT64_MAX : 0) != 0;
    CU_ASSERT_FALSE(add_failed);
    CU_ASSERT_FALSE(mob_q_is_exact(&q));
    CU_ASSERT_EQUAL(mob_q_quantile(&q, 0.0), 0);
    sim_time_t top = mob_q_quantile(&q, 1.0);
    CU_ASSERT(top <= INT64_MAX && (double)top >= (double)INT64_MAX * (1 - 1.0 / 1024));
    mob_q_fini(&q);
}

void suite_quantile(void)
{
    ADD_SUITE("quantile", TEST(test_up_to_65536_values_the_quantile_is_exactly_the_sorted_arrays),
              TEST(test_past_65536_values_the_error_stays_within_one_part_in_1024),
              TEST(test_a_corrupted_reference_is_caught_on_both_sides_of_the_boundary),
              TEST(test_memory_is_bounded_and_the_histogram_exists_only_past_65536),
              TEST(test_extreme_values_fall_in_the_first_and_last_buckets));
}
