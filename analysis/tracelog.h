/* analysis/tracelog.h - a text log of the trace bus: one line per record.
 *
 *   1.087000000  dropped    AR_B1    -> B         HoTI                stale-address  ...
 *
 * Columns: time in seconds (exact to the nanosecond), record kind, node and
 * peer names ("-" when the record has none), for packet records the message
 * ("HoTI", "BU_seq_7", "data": mob_packet_label() of the bytes, or the
 * Mobility Header type the models put in `code` when there are no bytes),
 * the record's label, then its model-defined code, id and byte length. Lines never contain a newline of
 * the label's own: control characters are written as "?".
 *
 * Node names come from a caller-supplied function (the CLI passes one that
 * calls mob_world_node_name()), so this module needs no world to be tested.
 */
#ifndef MOBSIM_ANALYSIS_TRACELOG_H
#define MOBSIM_ANALYSIS_TRACELOG_H

#include <stdio.h>

#include "sim/err.h"
#include "sim/sim.h"

typedef struct tracelog tracelog_t;

/* Name of model node `node` (>= 0), or NULL for "#node". ctx is borrowed. */
typedef const char *tracelog_name_fn(const void *ctx, int node);

/* Subscribes to every record kind on sim's bus and writes to out. sim, out
 * and name_ctx are borrowed and must outlive the log; name may be NULL.
 * Returns 0 and *log, or -SIM_ENOMEM. */
int tracelog_attach(sim_t *sim, FILE *out, tracelog_name_fn *name, const void *name_ctx,
                    tracelog_t **log);

/* Unsubscribes and frees (NULL is a no-op). Returns 0, or -SIM_EIO when a
 * line could not be written (disk full...): the log is then incomplete. */
int tracelog_detach(tracelog_t *log, sim_err_t *err);

/* Lines written so far. */
unsigned long long tracelog_lines(const tracelog_t *log);

/* The word the log uses for a record kind ("sent", "dropped", ...). */
const char *tracelog_kind_name(sim_trace_kind_t kind);

#endif /* MOBSIM_ANALYSIS_TRACELOG_H */
