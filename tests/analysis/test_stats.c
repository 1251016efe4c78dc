/* analysis/stats: the numbers a sweep reports, against reference values.
 *
 * References computed independently of GSL (R 4.x and by hand):
 *   v = 2 4 4 4 5 5 7 9: mean 5, sd sqrt(32/7) = 2.138089935,
 *     qt(0.975, 7) = 2.364624252, half-width 2.364624252 * sd / sqrt(8)
 *     = 1.787485; quantile(v, c(.5, .95), type = 7) = 4.5, 8.3
 *   prop.test(3, 10, correct = FALSE)$conf.int = 0.1077913 0.6032219
 *   prop.test(81, 263, correct = FALSE)$conf.int = 0.2552885 0.3662096
 *   Wilson 0/20: [0, 0.1611252]; 20/20: [0.8388748, 1]
 *   qt(0.975, 1) = 12.70620474, qt(0.975, 29) = 2.045229642
 */
#include "tests/testing.h"

#include <math.h>
#include <string.h>

#include "analysis/stats.h"

#define NEAR(a, b, tol) CU_ASSERT(fabs((a) - (b)) <= (tol))

static void test_summary_matches_r_for_a_small_sample(void)
{
    double v[] = {5, 9, 4, 2, 4, 7, 4, 5}, scratch[8];
    stats_summary_t s;
    stats_summarize(v, 8, scratch, &s);
    CU_ASSERT_EQUAL(s.n, 8);
    NEAR(s.mean, 5.0, 1e-12);
    NEAR(s.sd, 2.138089935299395, 1e-12);
    NEAR(s.ci, 2.364624252 * 2.138089935299395 / sqrt(8.0), 1e-8);
    NEAR(s.p50, 4.5, 1e-12);
    NEAR(s.p95, 8.3, 1e-12);
}

static void test_summary_skips_values_that_did_not_happen(void)
{
    double v[] = {NAN, 1.0, NAN, 3.0}, scratch[4];
    stats_summary_t s;
    stats_summarize(v, 4, scratch, &s);
    CU_ASSERT_EQUAL(s.n, 2);
    NEAR(s.mean, 2.0, 1e-15);
    NEAR(s.sd, sqrt(2.0), 1e-15);
    NEAR(s.ci, 12.70620474 * sqrt(2.0) / sqrt(2.0), 1e-7);
}

static void test_summary_of_one_value_has_no_spread_and_none_is_nan(void)
{
    double one[] = {0.25}, none[] = {NAN}, scratch[1];
    stats_summary_t s;
    stats_summarize(one, 1, scratch, &s);
    CU_ASSERT_EQUAL(s.n, 1);
    NEAR(s.mean, 0.25, 0);
    CU_ASSERT(isnan(s.sd) && isnan(s.ci));
    NEAR(s.p95, 0.25, 0);
    stats_summarize(none, 1, scratch, &s);
    CU_ASSERT_EQUAL(s.n, 0);
    CU_ASSERT(isnan(s.mean) && isnan(s.p50));
}

static void test_summary_does_not_depend_on_the_order_of_values(void)
{
    double a[30], b[30], scratch[30];
    for (int i = 0; i < 30; i++) {
        a[i] = 0.1 * i + 1e-9 * (i * i);
        b[29 - i] = a[i];
    }
    stats_summary_t sa, sb;
    stats_summarize(a, 30, scratch, &sa);
    stats_summarize(b, 30, scratch, &sb);
    CU_ASSERT(memcmp(&sa, &sb, sizeof(sa)) == 0);
    NEAR(stats_t_halfwidth(1.0, 30), 2.045229642 / sqrt(30.0), 1e-9);
}

static void test_wilson_interval_matches_r_prop_test(void)
{
    double lo, hi;
    stats_wilson(3, 10, &lo, &hi);
    NEAR(lo, 0.1077913, 1e-7);
    NEAR(hi, 0.6032219, 1e-7);
    stats_wilson(81, 263, &lo, &hi);
    NEAR(lo, 0.2552885, 1e-7);
    NEAR(hi, 0.3662096, 1e-7);
    stats_wilson(0, 20, &lo, &hi);
    CU_ASSERT_EQUAL(lo, 0.0);
    NEAR(hi, 0.1611252, 1e-7);
    stats_wilson(20, 20, &lo, &hi);
    NEAR(lo, 0.8388748, 1e-7);
    CU_ASSERT_EQUAL(hi, 1.0);
    stats_wilson(0, 0, &lo, &hi);
    CU_ASSERT(isnan(lo) && isnan(hi));
    CU_ASSERT(isnan(stats_fraction(0, 0)));
    NEAR(stats_fraction(1, 4), 0.25, 0);
}

static void test_paired_differences_use_runs_where_both_exist(void)
{
    /* replication 2 restored only under a: its difference does not exist */
    double a[] = {1.0, 2.0, 3.0, 4.0}, b[] = {0.5, 1.0, NAN, 3.0}, scratch[4];
    stats_summary_t d;
    stats_paired(a, b, 4, scratch, &d);
    CU_ASSERT_EQUAL(d.n, 3);
    NEAR(d.mean, (0.5 + 1.0 + 1.0) / 3, 1e-15);
    /* differences 0.5 1 1: sd = sqrt(1/12) */
    NEAR(d.sd, sqrt(1.0 / 12), 1e-15);
}

static void test_running_accumulators_merge_to_the_one_pass_summary(void)
{
    double v[] = {5, 9, 4, 2, NAN, 4, 7, 4, 5};
    stats_acc_t whole = {0}, a = {0}, b = {0}, c = {0};
    for (int i = 0; i < 9; i++)
        stats_acc_add(&whole, v[i]);
    for (int i = 0; i < 3; i++)
        stats_acc_add(&a, v[i]);
    for (int i = 3; i < 7; i++)
        stats_acc_add(&b, v[i]);
    for (int i = 7; i < 9; i++)
        stats_acc_add(&c, v[i]);
    stats_acc_t m = {0};
    stats_acc_merge(&m, &a);
    stats_acc_merge(&m, &b);
    stats_acc_merge(&m, &c);
    stats_summary_t s, t;
    stats_acc_summary(&whole, &s);
    stats_acc_summary(&m, &t);
    CU_ASSERT_EQUAL(s.n, 8);
    CU_ASSERT_EQUAL(t.n, 8);
    CU_ASSERT_EQUAL(m.sum, 40.0);
    NEAR(s.mean, 5.0, 1e-15);
    NEAR(t.mean, 5.0, 1e-15);
    NEAR(s.sd, 2.138089935299395, 1e-14);
    NEAR(t.sd, 2.138089935299395, 1e-14);
    NEAR(t.ci, 2.364624252 * 2.138089935299395 / sqrt(8.0), 1e-8);
    CU_ASSERT(isnan(t.p50));
    stats_acc_t one = {0};
    stats_acc_add(&one, 0.25);
    stats_acc_summary(&one, &s);
    CU_ASSERT(s.n == 1 && s.mean == 0.25 && isnan(s.sd) && isnan(s.ci));
}

void suite_stats(void)
{
    ADD_SUITE("stats", TEST(test_summary_matches_r_for_a_small_sample),
              TEST(test_summary_skips_values_that_did_not_happen),
              TEST(test_summary_of_one_value_has_no_spread_and_none_is_nan),
              TEST(test_summary_does_not_depend_on_the_order_of_values),
              TEST(test_wilson_interval_matches_r_prop_test),
              TEST(test_paired_differences_use_runs_where_both_exist),
              TEST(test_running_accumulators_merge_to_the_one_pass_summary));
}
