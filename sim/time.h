/* sim/time.h - simulated time: int64 nanoseconds, never double.
 *
 * Exact integer time makes every run reproducible bit for bit. Seconds as a
 * double appear only where numbers leave the simulator (CSV, JSON, plots).
 * INT64_MAX ns is about 292 years, far past any horizon; sums that could
 * pass it go through sim_time_add(), which saturates instead of wrapping.
 */
#ifndef MOBSIM_SIM_TIME_H
#define MOBSIM_SIM_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/err.h"

typedef int64_t sim_time_t;

#define SIM_TIME_MAX INT64_MAX
#define SIM_NS(x)    ((sim_time_t)(x))
#define SIM_US(x)    ((sim_time_t)(x)*INT64_C(1000))
#define SIM_MS(x)    ((sim_time_t)(x)*INT64_C(1000000))
#define SIM_S(x)     ((sim_time_t)(x)*INT64_C(1000000000))

/* a + b, clamped to [0, SIM_TIME_MAX] for non-negative inputs. */
static inline sim_time_t sim_time_add(sim_time_t a, sim_time_t b)
{
    if (b > 0 && a > SIM_TIME_MAX - b)
        return SIM_TIME_MAX;
    return a + b;
}

static inline double sim_time_to_s(sim_time_t t)
{
    return (double)t * 1e-9;
}

/* Parses a duration: a non-negative decimal number followed by a unit, one of
 * ns, us, ms, s, min (e.g. "250us", "30ms", "1.5s", "2min"). A number with no
 * unit is taken as seconds. Digits finer than 1 ns, negative values, overflow
 * and trailing junk are errors. On success returns 0 and sets *out; on error
 * returns -SIM_EINVAL or -SIM_ERANGE, leaves *out untouched and puts a reason
 * ("expected a time such as \"120ms\"", ...) into err. */
int sim_time_parse(const char *text, sim_time_t *out, sim_err_t *err);

/* Seconds as a double (a JSON number) to ns. The value must be a whole
 * number of ns up to floating-point rounding (0.1, 0.03, 1e-9 and 86400 are;
 * 10.0000000001 and 1.5e-10 are not: -SIM_EINVAL "... finer than 1 ns").
 * Negative, non-finite or overflowing values are errors, as above. */
int sim_time_from_seconds(double seconds, sim_time_t *out, sim_err_t *err);

/* Writes the shortest exact text for t that sim_time_parse() reads back to
 * the same value ("1.03s", "250us", "0s"). Returns the length written (as
 * snprintf). cap >= 32 always suffices. */
int sim_time_format(sim_time_t t, char *buf, size_t cap);

#endif /* MOBSIM_SIM_TIME_H */
