/* scenarios/scn_int.h - declarations shared by the three parts of the
 * scenario loader; not an API (include it only from scenarios/scn*.c).
 *
 *   scn.c         text -> cJSON tree: reading files, strict JSON checks
 *                 (syntax, leading zeros, BOMs, nesting, UTF-8, duplicate
 *                 keys), scn_kind(), scn_load_string()/scn_load_file();
 *   scn_schema.c  the tree -> mob_config_t: every scenario key, its type,
 *                 range and cross references (docs/scenarios.md);
 *   scn_set.c     paths ("moves[1].at"), `--set K=V`, canonical paths.
 *
 * Dependencies point one way: scn.c calls into scn_schema.c and scn_set.c;
 * scn_set.c calls scni_find_nul_escape() of scn.c; scn_schema.c needs
 * neither. Names carry the prefix scni_ (internal to scn).
 */
#ifndef MOBSIM_SCENARIOS_SCN_INT_H
#define MOBSIM_SCENARIOS_SCN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/config.h"
#include "scenarios/jcheck.h"
#include "scenarios/scn.h"
#include "sim/err.h"

struct cJSON;

/* Room for a JSON path in messages and bookkeeping ("$.moves[1].at"). */
#define SCNI_PATH_MAX JC_PATH_MAX

/* scn_set.c: applies "K=V"; on success canon holds the canonical path it
 * set ("$.params.T_b") and created the first key it had to add ("" none). */
int scni_set_apply_text(struct cJSON *root, const char *assignment, char *canon, char *created,
                        size_t cap, sim_err_t *err);

/* scn_set.c: true when canonical path is at or below prefix ("$.moves[1]"
 * covers "$.moves[1].at"). */
bool scni_path_covers(const char *prefix, const char *path);

/* scn.c: the offset of a "\u0000" escape inside a JSON string of text (cJSON
 * would cut the string there), or len when there is none. */
size_t scni_find_nul_escape(const char *text, size_t len);

/* scn_population.c: the algorithms of the `population` generator, on
 * indices (scn_schema.c reads the block and fills the config). */
#include <gsl/gsl_rng.h>

/* The stream of the generator: sim_rng_stream(seed, 0, 0, this), apart
 * from every stream of a run (sim/, models/ purposes stay below 2^32). */
#define SCNI_RNG_POPULATION (UINT64_C(1) << 40)
#define SCNI_PEERS_K_MAX    16

/* A growing list of index pairs (edges, peer pairs). */
typedef struct scni_pairs {
    int (*p)[2];
    int n, cap;
} scni_pairs_t;

int scni_pairs_add(scni_pairs_t *s, int a, int b); /* 0 or -1 (out of memory) */
void scni_pairs_fini(scni_pairs_t *s);

/* Cell graphs on cells 0..n-1, appended to out; 0 or -1 (out of memory).
 * ring: i <-> i + 1 mod n (one edge for n = 2); grid: width w, 4
 * neighbours, row-major; geometric: n points uniform in the unit square
 * (drawn x then y per cell), an edge when at most `radius` apart, an
 * isolated cell joined to its nearest; 1 when more than max_edges edges. */
int scni_pop_ring(int n, scni_pairs_t *out);
int scni_pop_grid(int n, int w, scni_pairs_t *out);
int scni_pop_geometric(int n, double radius, int max_edges, gsl_rng *r, scni_pairs_t *out);

/* Largest remainder: count[i] of total for share[i] (summing to 1), ties
 * to the earlier class. */
void scni_pop_apportion(const double *share, int n, int total, int *count);

/* Who talks to whom among n_mobile mobile hosts (0..n_mobile-1) and n_corr
 * correspondents (n_mobile..): each mobile host gets m_mobile mobile peers
 * (co-passengers of its vehicle first, then m_mobile rounds of a random
 * perfect matching, no pair twice) and k minus those stationary ones (a
 * shuffled deck, never one twice), when n_corr > 0 (k <= n_corr). Pairs
 * appended to out; 0 or -1 (out of memory). */
typedef struct scni_peer_spec {
    int n_mobile, n_corr, k, m_mobile;
    /* talk_within vehicles: members of vehicle v are
     * members[vehicle_off[v] .. vehicle_off[v + 1]) */
    const int *members, *vehicle_off;
    int n_vehicles;
} scni_peer_spec_t;

int scni_pop_peers(const scni_peer_spec_t *s, gsl_rng *r, scni_pairs_t *out);

/* scn_script.c: $.nodes (passive nodes, "kind": "node"), $.taps and
 * $.script into c->pnodes, c->taps and c->steps (docs/check.md), after
 * every other key (they name hosts, networks and routers). 0,
 * -SIM_EINVAL or -SIM_ENOMEM. */
int scni_read_script(jc_t *j, const struct cJSON *root, mob_config_t *c);

/* scn_schema.c: an address-map key of two indices, the same for (a, b)
 * and (b, a) (pairs, edges). */
net_addr_t scni_key_pair(int a, int b);

#endif /* MOBSIM_SCENARIOS_SCN_INT_H */
