#include "sim/time.h"

#include <ctype.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define EXPECTED "expected a time such as \"120ms\" (units ns, us, ms, s, min)"

static const struct {
    const char *name;
    int64_t ns;
    int digits; /* decimal digits of ns: the finest fraction it can carry */
} units[] = {
    {"ns", 1, 0},
    {"us", 1000, 3},
    {"ms", 1000000, 6},
    {"s", 1000000000, 9},
    {"min", 60000000000LL, 10}, /* fractions of minutes: up to 10 digits can be exact */
};

static int find_unit(const char *u, size_t len)
{
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (strlen(units[i].name) == len && strncmp(units[i].name, u, len) == 0)
            return (int)i;
    return -1;
}

int sim_time_parse(const char *text, sim_time_t *out, sim_err_t *err)
{
    if (!text)
        return sim_err_set(err, SIM_EINVAL, EXPECTED);
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '-')
        return sim_err_set(err, SIM_ERANGE, "a time cannot be negative (got \"%s\")", text);
    if (*p == '+')
        p++;
    /* integer part and fraction as exact integers: no double rounding */
    int64_t whole = 0;
    int n_whole = 0;
    while (isdigit((unsigned char)*p)) {
        if (whole > (INT64_MAX - 9) / 10)
            return sim_err_set(err, SIM_ERANGE, "time \"%s\" is too large", text);
        whole = whole * 10 + (*p - '0');
        p++;
        n_whole++;
    }
    char frac[24] = {0};
    int n_frac = 0;
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            if (n_frac < (int)sizeof(frac) - 1)
                frac[n_frac++] = *p;
            else if (*p != '0')
                return sim_err_set(err, SIM_EINVAL, "time \"%s\" is finer than 1 ns", text);
            p++;
        }
    }
    if (n_whole == 0 && n_frac == 0)
        return sim_err_set(err, SIM_EINVAL, "%s, got \"%s\"", EXPECTED, text);
    while (isspace((unsigned char)*p))
        p++;
    const char *u = p;
    while (isalpha((unsigned char)*p))
        p++;
    size_t ulen = (size_t)(p - u);
    while (isspace((unsigned char)*p))
        p++;
    if (*p)
        return sim_err_set(err, SIM_EINVAL, "%s, got \"%s\"", EXPECTED, text);
    int ui = ulen ? find_unit(u, ulen) : 3; /* plain number: seconds */
    if (ui < 0)
        return sim_err_set(err, SIM_EINVAL, "unknown time unit \"%.*s\" in \"%s\": %s", (int)ulen,
                           u, text, EXPECTED);
    /* strip trailing zeros of the fraction */
    while (n_frac > 0 && frac[n_frac - 1] == '0')
        frac[--n_frac] = 0;
    if (n_frac > units[ui].digits)
        return sim_err_set(err, SIM_EINVAL, "time \"%s\" is finer than 1 ns", text);
    int64_t scale = units[ui].ns;
    if (whole > INT64_MAX / scale)
        return sim_err_set(err, SIM_ERANGE, "time \"%s\" is too large", text);
    int64_t ns = whole * scale;
    /* fraction: frac digits / 10^n_frac * scale, exact because n_frac <= digits */
    int64_t f = 0, div = 1;
    for (int i = 0; i < n_frac; i++) {
        f = f * 10 + (frac[i] - '0');
        div *= 10;
    }
    int64_t fns = f * (scale / div);
    if (scale % div != 0) /* only "min" can get here with 10 digits */
        return sim_err_set(err, SIM_EINVAL, "time \"%s\" is finer than 1 ns", text);
    if (ns > INT64_MAX - fns)
        return sim_err_set(err, SIM_ERANGE, "time \"%s\" is too large", text);
    *out = ns + fns;
    return 0;
}

int sim_time_from_seconds(double seconds, sim_time_t *out, sim_err_t *err)
{
    if (!isfinite(seconds))
        return sim_err_set(err, SIM_EINVAL, "%s, got a non-finite number", EXPECTED);
    if (seconds < 0)
        return sim_err_set(err, SIM_ERANGE, "a time cannot be negative (got %g)", seconds);
    double x = seconds * 1e9, ns = nearbyint(x);
    if (ns >= 9.2e18)
        return sim_err_set(err, SIM_ERANGE, "time %g s is too large", seconds);
    /* A decimal number of seconds such as 0.03 is not exact in binary, so
     * x lands within a few ulps of the whole number it means; anything
     * further off has digits below 1 ns (10.0000000001, 1.5e-10) and is
     * refused rather than rounded silently. */
    if (fabs(x - ns) > 8 * DBL_EPSILON * fmax(fabs(x), 1.0))
        return sim_err_set(err, SIM_EINVAL, "time %.17g s is finer than 1 ns", seconds);
    *out = (sim_time_t)ns;
    return 0;
}

int sim_time_format(sim_time_t t, char *buf, size_t cap)
{
    const char *sign = "";
    uint64_t v;
    if (t < 0) {
        sign = "-";
        v = (uint64_t)(-(t + 1)) + 1;
    } else {
        v = (uint64_t)t;
    }
    if (v == 0)
        return snprintf(buf, cap, "0s");
    /* pick the largest unit among s, ms, us, ns whose value has <= 3 decimals,
     * so 1030000000 -> "1.03s", 250000 -> "250us" */
    static const struct {
        const char *name;
        uint64_t ns;
    } u[] = {{"s", 1000000000u}, {"ms", 1000000u}, {"us", 1000u}, {"ns", 1u}};
    for (size_t i = 0; i < 4; i++) {
        if (v < u[i].ns && i < 3)
            continue;
        uint64_t whole = v / u[i].ns, rem = v % u[i].ns;
        if (rem == 0)
            return snprintf(buf, cap, "%s%" PRIu64 "%s", sign, whole, u[i].name);
        if (u[i].ns >= 1000 && rem % (u[i].ns / 1000) == 0) {
            char fr[24];
            snprintf(fr, sizeof(fr), "%03" PRIu64, rem / (u[i].ns / 1000));
            size_t n = strlen(fr);
            while (n > 0 && fr[n - 1] == '0')
                fr[--n] = 0;
            return snprintf(buf, cap, "%s%" PRIu64 ".%s%s", sign, whole, fr, u[i].name);
        }
    }
    return snprintf(buf, cap, "%s%" PRIu64 "ns", sign, v);
}
