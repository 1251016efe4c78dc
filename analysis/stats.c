/* analysis/stats.c - means, intervals and percentiles on GSL. */
#include "analysis/stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

double stats_t_halfwidth(double sd, size_t n)
{
    if (n < 2 || !isfinite(sd))
        return NAN;
    return gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sd / sqrt((double)n);
}

/* Fills out from the m sorted finite values in s. */
static void summarize_sorted(const double *s, size_t m, stats_summary_t *out)
{
    out->n = m;
    out->mean = out->sd = out->ci = out->p50 = out->p95 = NAN;
    if (m == 0)
        return;
    out->mean = gsl_stats_mean(s, 1, m);
    out->p50 = gsl_stats_quantile_from_sorted_data(s, 1, m, 0.50);
    out->p95 = gsl_stats_quantile_from_sorted_data(s, 1, m, 0.95);
    if (m < 2)
        return;
    out->sd = gsl_stats_sd_m(s, 1, m, out->mean);
    out->ci = stats_t_halfwidth(out->sd, m);
}

/* The mean and sd are taken over the sorted values: the same multiset gives
 * the same bits whatever order the values arrived in. */
void stats_summarize(const double *v, size_t n, double *scratch, stats_summary_t *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            scratch[m++] = v[i];
    gsl_sort(scratch, 1, m);
    summarize_sorted(scratch, m, out);
}

void stats_paired(const double *a, const double *b, size_t n, double *scratch, stats_summary_t *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(a[i]) && isfinite(b[i]))
            scratch[m++] = a[i] - b[i];
    gsl_sort(scratch, 1, m);
    summarize_sorted(scratch, m, out);
}

void stats_wilson(uint64_t k, uint64_t n, double *lo, double *hi)
{
    if (n == 0 || k > n) {
        *lo = *hi = NAN;
        return;
    }
    const double z = gsl_cdf_ugaussian_Pinv(0.975);
    double nn = (double)n, p = (double)k / nn, z2 = z * z;
    double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    double half = z / (1 + z2 / nn) * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    *lo = centre - half;
    *hi = centre + half;
    if (k == 0) /* exact ends: rounding must not put 0 outside its own interval */
        *lo = 0;
    if (k == n)
        *hi = 1;
}

double stats_fraction(uint64_t k, uint64_t n)
{
    return n ? (double)k / (double)n : NAN;
}

void stats_acc_add(stats_acc_t *a, double x)
{
    if (!isfinite(x))
        return;
    a->n++;
    a->sum += x;
    double d = x - a->mean;
    a->mean += d / (double)a->n;
    a->m2 += d * (x - a->mean);
}

void stats_acc_merge(stats_acc_t *into, const stats_acc_t *b)
{
    if (b->n == 0)
        return;
    if (into->n == 0) {
        *into = *b;
        return;
    }
    double na = (double)into->n, nb = (double)b->n, n = na + nb;
    double d = b->mean - into->mean;
    into->mean += d * nb / n;
    into->m2 += b->m2 + d * d * na * nb / n;
    into->sum += b->sum;
    into->n += b->n;
}

void stats_acc_summary(const stats_acc_t *a, stats_summary_t *out)
{
    out->n = (size_t)a->n;
    out->mean = out->sd = out->ci = out->p50 = out->p95 = NAN;
    if (a->n == 0)
        return;
    out->mean = a->mean;
    if (a->n < 2)
        return;
    out->sd = sqrt(a->m2 / (double)(a->n - 1));
    out->ci = stats_t_halfwidth(out->sd, out->n);
}
