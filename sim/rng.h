/* sim/rng.h - reproducible random number streams on GSL.
 *
 * Every random draw of a run comes from a stream named by four numbers:
 * (master seed, sweep point index, replication index, purpose). The stream's
 * 64-bit seed is a hash of the four (splitmix64 finalizer chained over them,
 * see sim_rng_seed_for()), so a replication draws the same numbers whatever
 * thread or MPI rank runs it and in whatever order: results never depend on
 * the number of workers.
 *
 * The generator is xoshiro256** registered as a gsl_rng_type ("mobsim-
 * xoshiro256ss"): GSL's distributions (gsl_ran_exponential, gsl_ran_lognormal,
 * ...) work on it unchanged, and unlike GSL's built-in generators (32-bit
 * seeds) its full 64-bit seed is expanded into 256 bits of state, so millions
 * of streams do not collide.
 *
 * Purposes keep independent uses apart: a model that draws delays from one
 * stream and loss decisions from another keeps its delay draws unchanged when
 * the loss probability changes (common random numbers across schemes).
 */
#ifndef MOBSIM_SIM_RNG_H
#define MOBSIM_SIM_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* The GSL generator type. Seeding with gsl_rng_set(r, s) expands the full
 * 64-bit s (unsigned long) through splitmix64. */
extern const gsl_rng_type *sim_rng_xoshiro256ss;

/* The documented seed hash: h = mix(mix(mix(mix(master) ^ point) ^ rep) ^ purpose)
 * where mix is splitmix64's finalizer applied after adding the golden-ratio
 * increment. */
uint64_t sim_rng_seed_for(uint64_t master, uint64_t point, uint64_t rep, uint64_t purpose);

/* A new generator for the stream; NULL when out of memory. Free with
 * gsl_rng_free(). */
gsl_rng *sim_rng_stream(uint64_t master, uint64_t point, uint64_t rep, uint64_t purpose);

/* splitmix64 step: advances *state and returns the next 64-bit value. */
uint64_t sim_splitmix64(uint64_t *state);

#endif /* MOBSIM_SIM_RNG_H */
