/* models/addrmap.c - see addrmap.h. */
#include "models/addrmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Addresses of one network share their top 64 bits and often differ in a
 * few low bits: mix both halves (splitmix64 finaliser) so that neighbouring
 * interface ids land far apart. */
static size_t hash_addr(const net_addr_t *a)
{
    uint64_t hi, lo;
    memcpy(&hi, a->b, 8);
    memcpy(&lo, a->b + 8, 8);
    uint64_t x = hi * UINT64_C(0x9e3779b97f4a7c15) ^ lo;
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return (size_t)x;
}

void mob_addrmap_fini(mob_addrmap_t *m)
{
    free(m->slot);
    *m = MOB_ADDRMAP_INIT;
}

static size_t find(const mob_addrmap_t *m, const net_addr_t *key)
{
    size_t mask = m->cap - 1, i = hash_addr(key) & mask;
    while (m->slot[i].value >= 0 && !net_addr_eq(&m->slot[i].key, key))
        i = (i + 1) & mask;
    return i; /* the key's slot, or the empty slot where it would go */
}

static int grow(mob_addrmap_t *m)
{
    size_t cap = m->cap ? 2 * m->cap : 16;
    mob_addrmap_slot_t *s = malloc(cap * sizeof(*s));
    if (!s)
        return -1;
    for (size_t i = 0; i < cap; i++)
        s[i].value = -1;
    mob_addrmap_t old = *m;
    m->slot = s;
    m->cap = cap;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slot[i].value >= 0)
            m->slot[find(m, &old.slot[i].key)] = old.slot[i];
    free(old.slot);
    return 0;
}

int mob_addrmap_put(mob_addrmap_t *m, const net_addr_t *key, int value)
{
    if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
        return -1;
    size_t i = find(m, key);
    if (m->slot[i].value < 0)
        m->n++;
    m->slot[i].key = *key;
    m->slot[i].value = value < 0 ? 0 : value;
    return 0;
}

int mob_addrmap_get(const mob_addrmap_t *m, const net_addr_t *key)
{
    if (m->n == 0)
        return -1;
    return m->slot[find(m, key)].value;
}

bool mob_addrmap_del(mob_addrmap_t *m, const net_addr_t *key)
{
    if (m->n == 0)
        return false;
    size_t mask = m->cap - 1, i = find(m, key);
    if (m->slot[i].value < 0)
        return false;
    /* backward shift: move later entries of the probe run into the hole when
     * their home slot does not lie (cyclically) after the hole */
    size_t j = i;
    for (;;) {
        m->slot[i].value = -1;
        for (;;) {
            j = (j + 1) & mask;
            if (m->slot[j].value < 0) {
                m->n--;
                return true;
            }
            size_t home = hash_addr(&m->slot[j].key) & mask;
            bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays)
                break;
        }
        m->slot[i] = m->slot[j];
        i = j;
    }
}
