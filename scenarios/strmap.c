/* scenarios/strmap.c - see strmap.h. */
#include "scenarios/strmap.h"

#include <stdlib.h>
#include <string.h>

static uint64_t fnv1a(const char *s)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * UINT64_C(0x100000001b3);
    return h;
}

void scn_strmap_fini(scn_strmap_t *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slot[i].key);
    free(m->slot);
    *m = SCN_STRMAP_INIT;
}

/* The key's slot, or the empty slot where it would go. Needs cap > 0. */
static size_t find(const scn_strmap_t *m, const char *key, uint64_t h)
{
    size_t mask = m->cap - 1, i = (size_t)(h ^ (h >> 32)) & mask;
    while (m->slot[i].key && (m->slot[i].hash != h || strcmp(m->slot[i].key, key) != 0))
        i = (i + 1) & mask;
    return i;
}

static int grow(scn_strmap_t *m)
{
    size_t cap = m->cap ? 2 * m->cap : 16;
    scn_strmap_slot_t *s = calloc(cap, sizeof(*s));
    if (!s)
        return -1;
    scn_strmap_t old = *m;
    m->slot = s;
    m->cap = cap;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slot[i].key)
            m->slot[find(m, old.slot[i].key, old.slot[i].hash)] = old.slot[i];
    free(old.slot);
    return 0;
}

int scn_strmap_add(scn_strmap_t *m, const char *key, int value, int *existing)
{
    uint64_t h = fnv1a(key);
    if (m->cap) {
        size_t i = find(m, key, h);
        if (m->slot[i].key) {
            if (existing)
                *existing = m->slot[i].value;
            return 1;
        }
    }
    if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
        return -1;
    size_t len = strlen(key) + 1;
    char *copy = malloc(len);
    if (!copy)
        return -1;
    memcpy(copy, key, len);
    size_t i = find(m, key, h);
    m->slot[i] = (scn_strmap_slot_t){copy, h, value < 0 ? 0 : value};
    m->n++;
    return 0;
}

int scn_strmap_get(const scn_strmap_t *m, const char *key)
{
    if (m->n == 0)
        return -1;
    const scn_strmap_slot_t *s = &m->slot[find(m, key, fnv1a(key))];
    return s->key ? s->value : -1;
}
