/* analysis/population.h - the handoff records of one run (m->handoffs,
 * docs/model.md "Handoff records") for people and programs: the
 * `population` object of `mobsim run --json`, its summary block, the
 * per-class-pair figures and the `--handoffs F.csv` rows.
 *
 * All take (cfg, m) borrowed for the call; m->handoffs must be set
 * (mob_world_record_handoffs() or cfg.has_population), else the JSON is
 * NULL, the summary empty and the CSV the header only.
 */
#ifndef MOBSIM_ANALYSIS_POPULATION_H
#define MOBSIM_ANALYSIS_POPULATION_H

#include <stdio.h>

#include "models/config.h"
#include "models/metrics.h"
#include "sim/err.h"

struct cJSON;

/* The CSV columns, in order (the contract of --handoffs). */
#define POPULATION_CSV_HEADER                                                                      \
    "time,host,from,to,peer,peer_offset,episode,lost,restored,restore_time,fallback"

/* The rows grouped by (class of the handing-off host X, class of its
 * correspondent Y): mob_host_t.cls, -1 for none ("-"). */
typedef struct population_class_pair {
    int x, y; /* class indices, -1 none */
    uint64_t handoff_rows;
    uint64_t episode_rows;
    double episode_frac; /* NaN without rows */
    double lo, hi;       /* Wilson 95% */
} population_class_pair_t;

/* The class pairs with at least one row, x then y ascending ("-" first), in
 * a new array (*out, free()) of *n. 0 or -SIM_ENOMEM. */
int population_class_pairs(const mob_config_t *cfg, const mob_metrics_t *m,
                           population_class_pair_t **out, size_t *n);

/* A class's name: cfg.classes[i].name, "-" for -1. */
const char *population_class_name(const mob_config_t *cfg, int cls);

/* Per-class-pair figures another module adds to each class_pairs entry
 * (the closed form's episode_frac_theory): called once per entry with the
 * entry object; false when out of memory. */
typedef bool population_class_pair_fn(void *ctx, const mob_config_t *cfg,
                                      const population_class_pair_t *cp, struct cJSON *entry);

/* The population object (docs/cli.md): a new cJSON tree, or NULL (out of
 * memory, or no records). extra (may be NULL) adds to class_pairs entries. */
struct cJSON *population_json(const mob_config_t *cfg, const mob_metrics_t *m,
                              population_class_pair_fn *extra, void *ctx);

/* The human summary's short population block (nothing without records). */
void population_write_summary(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m);

/* The header and one line per row (docs/model.md "Handoff records").
 * Returns 0, or -SIM_EIO with a message when writing failed. */
int population_write_handoffs_csv(FILE *out, const mob_config_t *cfg, const mob_metrics_t *m,
                                  sim_err_t *err);

#endif /* MOBSIM_ANALYSIS_POPULATION_H */
