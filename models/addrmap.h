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
#include <string.h>

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

/* The slot a key's probe starts at (internal to the inline lookups). */
static inline size_t mob_addrmap_home_(const mob_addrmap_t *m, uint64_t hi, uint64_t lo)
{
    uint64_t x = (hi * UINT64_C(0x9e3779b97f4a7c15) ^ lo) * UINT64_C(0xbf58476d1ce4e5b9);
    return (size_t)(x >> m->shift);
}

/* The value of the key whose two halves (its first and last 8 bytes, in
 * memory order) are hi and lo, or -1. Inline: every packet looks up a few. */
static inline int mob_addrmap_get_words(const mob_addrmap_t *m, uint64_t hi, uint64_t lo)
{
    if (m->n == 0)
        return -1;
    size_t mask = m->cap - 1, i = mob_addrmap_home_(m, hi, lo);
    while (m->slot[i].value >= 0 && (m->slot[i].hi != hi || m->slot[i].lo != lo))
        i = (i + 1) & mask;
    return m->slot[i].value;
}

/* The value of key, or -1. */
static inline int mob_addrmap_get(const mob_addrmap_t *m, const net_addr_t *key)
{
    uint64_t hi, lo;
    memcpy(&hi, key->b, 8);
    memcpy(&lo, key->b + 8, 8);
    return mob_addrmap_get_words(m, hi, lo);
}

/* Starts loading key's slot into the cache and returns at once: a lookup
 * of a table bigger than the caches waits for memory (at 10^4 hosts the
 * node table is 1.5 MB), and work done between this and get() hides that
 * wait. A hint only: no effect on the map. */
static inline void mob_addrmap_prefetch(const mob_addrmap_t *m, const net_addr_t *key)
{
#if defined(__GNUC__)
    if (m->cap == 0)
        return;
    uint64_t hi, lo;
    memcpy(&hi, key->b, 8);
    memcpy(&lo, key->b + 8, 8);
    __builtin_prefetch(&m->slot[mob_addrmap_home_(m, hi, lo)]);
#else
    (void)m;
    (void)key;
#endif
}

/* Removes key; returns whether it was there. */
bool mob_addrmap_del(mob_addrmap_t *m, const net_addr_t *key);

static inline size_t mob_addrmap_count(const mob_addrmap_t *m)
{
    return m->n;
}

#endif /* MOBSIM_MODELS_ADDRMAP_H */
