/* analysis/stats.h - the statistics a sweep reports for one grid point and
 * scheme, on GSL.
 *
 * Every function reads its values in index order and keeps no state, so the
 * same values give the same bits whatever thread computes them. NaN marks a
 * value that does not exist (a restore time of a run that never restored):
 * summaries skip NaNs, and report NaN for what they cannot compute (a
 * standard deviation of one value). Intervals are two-sided 95%.
 */
#ifndef MOBSIM_ANALYSIS_STATS_H
#define MOBSIM_ANALYSIS_STATS_H

#include <stddef.h>
#include <stdint.h>

typedef struct stats_summary {
    size_t n;        /* finite values used */
    double mean;     /* NaN when n == 0 */
    double sd;       /* sample standard deviation (n - 1); NaN when n < 2 */
    double ci;       /* half-width of the 95% Student-t interval of the mean:
                      * t(0.975, n - 1) * sd / sqrt(n); NaN when n < 2 */
    double p50, p95; /* percentiles, R's type 7 (linear between order
                      * statistics, as GSL's quantile_from_sorted_data);
                      * NaN when n == 0 */
} stats_summary_t;

/* Summarises the finite values among v[0..n). scratch (n doubles, caller's;
 * may alias nothing else) receives the sorted finite values. Cost O(n log n). */
void stats_summarize(const double *v, size_t n, double *scratch, stats_summary_t *out);

/* The same for the paired differences a[i] - b[i] over the i where both are
 * finite (common random numbers: replication i of two schemes). */
void stats_paired(const double *a, const double *b, size_t n, double *scratch,
                  stats_summary_t *out);

/* A running mean and sum of squared deviations (Welford), for summaries
 * that must not keep the values. Accumulators of consecutive ranges of
 * values merge exactly as the ranges did (Chan et al.); merging the same
 * accumulators in the same order gives the same bits. Zero-initialise. */
typedef struct stats_acc {
    uint64_t n; /* finite values added */
    double sum; /* their sum (exact for whole numbers below 2^53) */
    double mean, m2;
} stats_acc_t;

/* Adds x; NaN and infinities are skipped (values that did not happen). */
void stats_acc_add(stats_acc_t *a, double x);

/* into += b, as if b's values had been added after into's. */
void stats_acc_merge(stats_acc_t *into, const stats_acc_t *b);

/* n, mean, sd and ci as stats_summarize() defines them; no percentiles
 * (p50 and p95 are NaN). */
void stats_acc_summary(const stats_acc_t *a, stats_summary_t *out);

/* Half-width of the 95% Student-t interval for a mean of n values with
 * sample standard deviation sd; NaN when n < 2. */
double stats_t_halfwidth(double sd, size_t n);

/* The Wilson score 95% interval for k successes in n trials (z = the 0.975
 * quantile of the standard normal). n == 0 gives [NaN, NaN]. */
void stats_wilson(uint64_t k, uint64_t n, double *lo, double *hi);

/* k/n, NaN when n == 0. */
double stats_fraction(uint64_t k, uint64_t n);

#endif /* MOBSIM_ANALYSIS_STATS_H */
