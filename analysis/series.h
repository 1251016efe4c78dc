/* analysis/series.h - data delivery over time: packets delivered per time
 * bin and direction (`mobsim run --series F.csv`, docs/cli.md).
 *
 * A series subscribes to the trace bus of one run and counts every data
 * packet taken off the network by the host it was meant for (a delivery,
 * not a hop through a home agent or forwarder), per (sender, receiver) and
 * per bin of `bin` ns from 0. series_write_csv() writes
 *     time_s,A_to_B,B_to_A
 *     0,5,5
 * one row per bin up to the horizon, time_s the bin's start in seconds, one
 * column per direction that carried data (sender order, then receiver).
 * Directions beyond SERIES_DIRECTIONS_MAX are not counted.
 */
#ifndef MOBSIM_ANALYSIS_SERIES_H
#define MOBSIM_ANALYSIS_SERIES_H

#include <stdio.h>

#include "models/world.h"
#include "sim/err.h"
#include "sim/sim.h"

#define SERIES_DIRECTIONS_MAX 16

typedef struct series series_t;

/* Subscribes to sim's bus; w is borrowed for node names and must outlive
 * the series. NULL *out and -SIM_ENOMEM when out of memory. */
int series_attach(sim_t *sim, mob_world_t *w, sim_time_t bin, series_t **out);

/* Leaves the bus (call before the sim goes); the counts stay. */
void series_detach(series_t *s, sim_t *sim);

/* Rows from 0 to horizon (at least up to the last delivery). -SIM_EIO when
 * the write fails (err names nothing: the caller knows the file). */
int series_write_csv(const series_t *s, FILE *f, sim_time_t horizon, sim_err_t *err);

/* The count of direction d (0 .. series_n_directions()-1) in bin i. */
size_t series_n_directions(const series_t *s);
void series_direction(const series_t *s, size_t d, int *from, int *to); /* node ids */
size_t series_n_bins(const series_t *s);
unsigned series_count(const series_t *s, size_t d, size_t i);

void series_destroy(series_t *s); /* NULL is a no-op; detach first */

#endif /* MOBSIM_ANALYSIS_SERIES_H */
