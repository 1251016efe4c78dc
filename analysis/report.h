/* analysis/report.h - what one run measured, for people and for programs.
 *
 * Two views of the same (config, metrics) pair, both borrowed for the call:
 * the metrics object of SCENARIOS.md "Metrics (one run)" (`mobsim run
 * --json`), and a short aligned summary (`mobsim run`). Direction keys are
 * built from the host names: hosts "A" and "B" give "A_to_B" and "B_to_A".
 * Times leave as seconds (JSON numbers); a time that did not happen
 * (restore_time when not restored, a delay with no packet delivered) is null.
 *
 * The JSON object has at least these keys (docs/cli.md lists them all):
 *   scenario.{name,description,scheme,seed,horizon}
 *   restored.{A_to_B,B_to_A}, restored_at.{A_to_B,B_to_A}, restore_time,
 *   last_detach, signaling.{sent,lost,reforwarded,bytes,latency_mean},
 *   scheme.{messages,ha_peak_copies}, lost[] {type, from, to, to_addr,
 *   where, sent_at, died_at, why}, lost_unlisted, data.{sent,lost,received,
 *   delay_mean,delay_p95}, disruption.{A_to_B,B_to_A},
 *   consecutive_mobility, events
 * and, only when the metrics hold pairs of correspondents (m->n_pairs > 0),
 *   pairs[] {a, b, restored.{A_to_B,B_to_A}, restored_at.{..},
 *   restore_time, signaling.{sent,lost}, data.{sent,lost},
 *   disruption.{..}}
 * one per m->pairs entry, keys from the pair's host names; a direction the
 * pair lacks (has_ab / has_ba false: a stationary correspondent's pair) is
 * left out of restored, restored_at and disruption. With more than two
 * hosts the top-level direction keys are those of the first pair
 * (m->pairs[0], i.e. cfg->peers[0]) and the counters totals of the world.
 */
#ifndef MOBSIM_ANALYSIS_REPORT_H
#define MOBSIM_ANALYSIS_REPORT_H

#include <stdio.h>

#include "analysis/provenance.h"
#include "models/config.h"
#include "models/metrics.h"
#include "sim/err.h"

struct cJSON;

/* The metrics object as a new cJSON tree the caller frees with
 * cJSON_Delete(); NULL when out of memory. */
struct cJSON *report_metrics_json(const mob_config_t *cfg, const mob_metrics_t *m);

/* The metrics object as indented JSON text and a newline, into out
 * (borrowed). Returns 0, -SIM_ENOMEM, or -SIM_EIO when writing failed. */
int report_write_json(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m, sim_err_t *err);

/* The same, with prov (borrowed; NULL: none) as a first key "provenance"
 * on one line of its own (analysis/provenance.h); report_write_json() is
 * this with NULL. */
int report_write_json_prov(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m,
                           const prov_t *prov, sim_err_t *err);

/* The human summary: scenario, scheme, each direction restored or not and
 * when, restore time, signaling with one line per lost message
 *   t=1.062s  HoTI  A -> B (2001:db8:b1::200)  died at AR_B1: stale-address
 * data loss and delay, disruption. With more than one pair, one block per
 * pair (restore time, signaling sent/lost, each direction restored or not
 * and when, its longest gap) replaces the restored, restore and disruption
 * lines. Returns 0 or -SIM_EIO. */
int report_write_summary(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m,
                         sim_err_t *err);

/* "A_to_B" (forward = true) or "B_to_A" from the config's host names: those
 * of the first pair of correspondents (cfg->peers[0]) when there are peers,
 * else hosts 0 and 1; into buf (cap >= 2 * MOB_NAME_MAX + 4 always
 * suffices). Returns buf. */
char *report_direction_key(const mob_config_t *cfg, bool forward, char *buf, size_t cap);

#endif /* MOBSIM_ANALYSIS_REPORT_H */
