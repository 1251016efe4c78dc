#include "sim/rng.h"

#include <stdbool.h>

typedef struct {
    uint64_t s[4];
} xoshiro_state_t;

uint64_t sim_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t next64(xoshiro_state_t *st)
{
    uint64_t *s = st->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static void xo_set(void *vstate, unsigned long seed)
{
    xoshiro_state_t *st = vstate;
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++)
        st->s[i] = sim_splitmix64(&sm);
    /* all-zero state is the one forbidden state; splitmix64 cannot give four
     * zeros in a row, but be explicit */
    if (!(st->s[0] | st->s[1] | st->s[2] | st->s[3]))
        st->s[0] = 1;
}

/* GSL's integer interface is 32-bit wide (max 2^32-1): return the high bits. */
static unsigned long xo_get(void *vstate)
{
    return (unsigned long)(next64(vstate) >> 32);
}

/* [0, 1) with 53 random bits, as GSL requires (0 allowed, 1 never). */
static double xo_get_double(void *vstate)
{
    return (double)(next64(vstate) >> 11) * (1.0 / 9007199254740992.0);
}

static const gsl_rng_type xoshiro_type = {
    "mobsim-xoshiro256ss", 0xffffffffUL, 0, sizeof(xoshiro_state_t), &xo_set, &xo_get,
    &xo_get_double,
};

const gsl_rng_type *sim_rng_xoshiro256ss = &xoshiro_type;

static uint64_t mix(uint64_t x)
{
    uint64_t s = x;
    return sim_splitmix64(&s);
}

uint64_t sim_rng_seed_for(uint64_t master, uint64_t point, uint64_t rep, uint64_t purpose)
{
    uint64_t h = mix(master);
    h = mix(h ^ point);
    h = mix(h ^ rep);
    return mix(h ^ purpose);
}

gsl_rng *sim_rng_stream(uint64_t master, uint64_t point, uint64_t rep, uint64_t purpose)
{
    gsl_rng *r = gsl_rng_alloc(sim_rng_xoshiro256ss);
    if (r)
        gsl_rng_set(r, (unsigned long)sim_rng_seed_for(master, point, rep, purpose));
    return r;
}
