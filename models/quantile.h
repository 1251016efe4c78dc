/* models/quantile.h - a quantile of many non-negative times in bounded memory.
 *
 * Made for the data delay p95 of a run: values arrive one by one (one per
 * delivered data packet, up to ~10^9 in the longest accepted run) and one
 * quantile is asked for at the end. While there are at most MOB_Q_EXACT_MAX
 * values they are kept as they are and the quantile is exact (nearest rank:
 * sorted, element (size_t)(p * (n - 1) + 0.5)), so short runs report exactly
 * what they always did. The value after that folds them all into a fixed
 * log-linear histogram (HDR-histogram style) and frees the array:
 *
 *   - values below 2^(MOB_Q_SUB_BITS + 1) ns (1024 ns) have one bucket each;
 *   - every range [2^e, 2^(e+1)) above has 2^MOB_Q_SUB_BITS (512) buckets of
 *     width 2^(e - 9);
 *
 * and the quantile is the middle of the bucket holding the same rank. The
 * answer then differs from the exact nearest-rank value x by at most
 * x * 2^-10 (< 0.0977%), and not at all below 1024 ns. The histogram is
 * MOB_Q_N_BUCKETS 64-bit counters (225280 bytes) covering 0..INT64_MAX,
 * allocated only when the 65537th value arrives; the exact array grows to
 * at most 512 KiB before that. Cost: O(1) per value, O(n log n) for the exact
 * quantile (n <= 65536), O(MOB_Q_N_BUCKETS) for the histogram one.
 *
 * Embedded by value: mob_q_init()/mob_q_fini(). One thread.
 */
#ifndef MOBSIM_MODELS_QUANTILE_H
#define MOBSIM_MODELS_QUANTILE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/time.h"

#define MOB_Q_EXACT_MAX 65536 /* values kept exactly */
#define MOB_Q_SUB_BITS  9     /* 2^9 buckets per power of two: error <= 2^-10 */
#define MOB_Q_N_BUCKETS ((64 - MOB_Q_SUB_BITS) << MOB_Q_SUB_BITS)

/* Fields are private to quantile.c. */
typedef struct mob_q {
    sim_time_t *exact; /* the values while count <= MOB_Q_EXACT_MAX, else NULL */
    size_t cap;
    uint64_t *bucket; /* MOB_Q_N_BUCKETS counters once folded, else NULL */
    uint64_t count;
} mob_q_t;

void mob_q_init(mob_q_t *q);
void mob_q_fini(mob_q_t *q); /* frees the memory; q may be reused after mob_q_init() */

/* Adds v (>= 0; a negative v is a bug, asserted, counted as 0). Returns 0 or
 * -SIM_ENOMEM (q unchanged). */
int mob_q_add(mob_q_t *q, sim_time_t v);

uint64_t mob_q_count(const mob_q_t *q);

/* The nearest-rank p-quantile (0 <= p <= 1) of the values added so far:
 * exact while mob_q_is_exact(), else within the bound above. Sorts the kept
 * values in place (hence not const); adding after a query is fine.
 * 0 when no value was added. */
sim_time_t mob_q_quantile(mob_q_t *q, double p);

/* Whether the values are still kept exactly. */
int mob_q_is_exact(const mob_q_t *q);

/* Heap bytes held now (the array or the histogram). */
size_t mob_q_bytes(const mob_q_t *q);

#endif /* MOBSIM_MODELS_QUANTILE_H */
