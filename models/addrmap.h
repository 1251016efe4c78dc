/* models/addrmap.h - a hash table from IPv6 address to a small integer
 * (node id, network index, host index): open addressing, linear probing,
 * backward-shift deletion (no tombstones), load kept at most 1/2.
 *
 * Shaped for the packet path: every delivery looks an address up once and
 * lookups far outnumber changes (a handoff binds one address and unbinds
 * another). O(1) expected for all three operations; memory is 24 bytes per
 * slot, at most 4 slots per entry. The hash is Fibonacci hashing of the two
 * 64-bit halves (top bits of a multiply): cheap, and interface ids that
 * differ in their low bits still spread over the table. The map owns its slot array; keys are
 * copied. Values are >= 0 (-1 means "absent" in get()).
 */
#ifndef MOBSIM_MODELS_ADDRMAP_H
#define MOBSIM_MODELS_ADDRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/addr.h"

typedef struct mob_addrmap_slot {
    uint64_t hi, lo; /* the address as two words: two compares per probe */
    int value;       /* -1: empty */
} mob_addrmap_slot_t;

typedef struct mob_addrmap {
    mob_addrmap_slot_t *slot;
    size_t cap;     /* 0 or a power of two */
    unsigned shift; /* 64 - log2(cap): the hash's top bits index the slots */
    size_t n;
} mob_addrmap_t;

#define MOB_ADDRMAP_INIT ((mob_addrmap_t){NULL, 0, 0, 0})

void mob_addrmap_fini(mob_addrmap_t *m); /* frees the slots; the map is empty again */

/* Maps key to value (>= 0), replacing an earlier value. 0, or -1 when out of
 * memory (the map is unchanged). */
int mob_addrmap_put(mob_addrmap_t *m, const net_addr_t *key, int value);

/* The value of key, or -1. */
int mob_addrmap_get(const mob_addrmap_t *m, const net_addr_t *key);

/* Starts loading key's slot into the cache and returns at once: a lookup
 * of a table bigger than the caches waits for memory (at 10^4 hosts the
 * node table is 1.5 MB), and work done between this and get() hides that
 * wait. A hint only: no effect on the map. */
void mob_addrmap_prefetch(const mob_addrmap_t *m, const net_addr_t *key);

/* Removes key; returns whether it was there. */
bool mob_addrmap_del(mob_addrmap_t *m, const net_addr_t *key);

static inline size_t mob_addrmap_count(const mob_addrmap_t *m)
{
    return m->n;
}

#endif /* MOBSIM_MODELS_ADDRMAP_H */
