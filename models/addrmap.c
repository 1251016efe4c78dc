/* models/addrmap.c - see addrmap.h. */
#include "models/addrmap.h"

#include <stdlib.h>
#include <string.h>

static inline void split(const net_addr_t *a, uint64_t *hi, uint64_t *lo)
{
    memcpy(hi, a->b, 8);
    memcpy(lo, a->b + 8, 8);
}

static inline size_t home_of(const mob_addrmap_t *m, uint64_t hi, uint64_t lo)
{
    return mob_addrmap_home_(m, hi, lo);
}

void mob_addrmap_fini(mob_addrmap_t *m)
{
    free(m->slot);
    *m = MOB_ADDRMAP_INIT;
}

/* The key's slot, or the empty slot where it would go. Needs cap > 0. */
static inline size_t find(const mob_addrmap_t *m, uint64_t hi, uint64_t lo)
{
    size_t mask = m->cap - 1, i = home_of(m, hi, lo);
    while (m->slot[i].value >= 0 && (m->slot[i].hi != hi || m->slot[i].lo != lo))
        i = (i + 1) & mask;
    return i;
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
    m->shift = 64;
    for (size_t c = cap; c > 1; c >>= 1)
        m->shift--;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slot[i].value >= 0)
            m->slot[find(m, old.slot[i].hi, old.slot[i].lo)] = old.slot[i];
    free(old.slot);
    return 0;
}

int mob_addrmap_put(mob_addrmap_t *m, const net_addr_t *key, int value)
{
    if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
        return -1;
    uint64_t hi, lo;
    split(key, &hi, &lo);
    size_t i = find(m, hi, lo);
    if (m->slot[i].value < 0)
        m->n++;
    m->slot[i] = (mob_addrmap_slot_t){hi, lo, value < 0 ? 0 : value};
    return 0;
}

bool mob_addrmap_del(mob_addrmap_t *m, const net_addr_t *key)
{
    if (m->n == 0)
        return false;
    uint64_t hi, lo;
    split(key, &hi, &lo);
    size_t mask = m->cap - 1, i = find(m, hi, lo);
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
            size_t home = home_of(m, m->slot[j].hi, m->slot[j].lo);
            bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays)
                break;
        }
        m->slot[i] = m->slot[j];
        i = j;
    }
}
