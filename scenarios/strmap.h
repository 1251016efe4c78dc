/* scenarios/strmap.h - a hash table from a string to a small integer, for
 * the names a scenario defines (networks, home agents, hosts): the loader
 * looks every reference up once, so files of 10^5 names load in linear time.
 *
 * Open addressing with linear probing, load at most 1/2, FNV-1a hashing;
 * keys are copied (the map owns them). Values are >= 0; no deletion (the
 * loader only adds). Not thread-safe per map; no state outside the map.
 *
 *   scn_strmap_t m = SCN_STRMAP_INIT;
 *   int old;
 *   if (scn_strmap_add(&m, "homeA", 0, &old) < 0) ...   // out of memory
 *   int i = scn_strmap_get(&m, "homeA");                // 0; -1 when absent
 *   scn_strmap_fini(&m);
 */
#ifndef MOBSIM_SCENARIOS_STRMAP_H
#define MOBSIM_SCENARIOS_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct scn_strmap_slot {
    char *key; /* owned; NULL: empty */
    uint64_t hash;
    int value;
} scn_strmap_slot_t;

typedef struct scn_strmap {
    scn_strmap_slot_t *slot;
    size_t cap; /* 0 or a power of two */
    size_t n;
} scn_strmap_t;

#define SCN_STRMAP_INIT ((scn_strmap_t){NULL, 0, 0})

/* Frees the keys and slots; the map is empty again. */
void scn_strmap_fini(scn_strmap_t *m);

/* Maps key to value (>= 0) unless key is there already: 0 when added, 1
 * when present (its value in *existing, may be NULL; the map is unchanged),
 * -1 when out of memory (the map is unchanged). */
int scn_strmap_add(scn_strmap_t *m, const char *key, int value, int *existing);

/* The value of key, or -1. */
int scn_strmap_get(const scn_strmap_t *m, const char *key);

static inline size_t scn_strmap_count(const scn_strmap_t *m)
{
    return m->n;
}

#endif /* MOBSIM_SCENARIOS_STRMAP_H */
