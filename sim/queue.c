#include "sim/queue.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define SLOT_BITS 28
#define SLOT_MASK ((UINT64_C(1) << SLOT_BITS) - 1)
#define SEQ_LIMIT (UINT64_C(1) << (64 - SLOT_BITS))
#define MAX_SLOTS ((uint32_t)SLOT_MASK) /* slot 0 unused: keeps handles non-zero */
#define NOT_QUEUED UINT32_MAX

typedef struct entry {
    sim_time_t at;
    uint64_t key; /* seq << SLOT_BITS | slot */
} entry_t;

typedef struct record {
    sim_event_fn *fn;
    void *ctx, *arg;
    uint32_t gen;
    uint32_t pos; /* heap index, or NOT_QUEUED (then: next free slot in `next_free`) */
    uint32_t next_free;
    uint32_t pad;
} record_t;

struct sim_queue {
    entry_t *heap;
    size_t len, heap_cap;
    record_t *rec;
    uint32_t n_rec, rec_cap;
    uint32_t free_head; /* 0 = none */
    uint64_t next_seq;
    sim_time_t last_popped;
};

static inline bool before(const entry_t *a, const entry_t *b)
{
    return a->at < b->at || (a->at == b->at && a->key < b->key);
}

static inline uint32_t slot_of(const entry_t *e)
{
    return (uint32_t)(e->key & SLOT_MASK);
}

sim_queue_t *sim_queue_create(size_t expected)
{
    sim_queue_t *q = calloc(1, sizeof(*q));
    if (!q)
        return NULL;
    if (expected < 16)
        expected = 16;
    if (expected > MAX_SLOTS)
        expected = MAX_SLOTS;
    q->heap = malloc(expected * sizeof(*q->heap));
    q->rec = malloc((expected + 1) * sizeof(*q->rec));
    if (!q->heap || !q->rec) {
        sim_queue_destroy(q);
        return NULL;
    }
    q->heap_cap = expected;
    q->rec_cap = (uint32_t)expected + 1;
    q->n_rec = 1; /* slot 0 is never used */
    memset(&q->rec[0], 0, sizeof(q->rec[0]));
    return q;
}

void sim_queue_destroy(sim_queue_t *q)
{
    if (!q)
        return;
    free(q->heap);
    free(q->rec);
    free(q);
}

static inline void place(sim_queue_t *q, size_t i, entry_t e)
{
    q->heap[i] = e;
    q->rec[slot_of(&e)].pos = (uint32_t)i;
}

static void sift_up(sim_queue_t *q, size_t i, entry_t e)
{
    while (i > 0) {
        size_t p = (i - 1) >> 2;
        if (!before(&e, &q->heap[p]))
            break;
        place(q, i, q->heap[p]);
        i = p;
    }
    place(q, i, e);
}

static void sift_down(sim_queue_t *q, size_t i, entry_t e)
{
    size_t n = q->len;
    for (;;) {
        size_t c = 4 * i + 1;
        if (c >= n)
            break;
        size_t m = c, end = c + 4 < n ? c + 4 : n;
        for (size_t k = c + 1; k < end; k++)
            if (before(&q->heap[k], &q->heap[m]))
                m = k;
        if (!before(&q->heap[m], &e))
            break;
        place(q, i, q->heap[m]);
        i = m;
    }
    place(q, i, e);
}

static int cmp_entry(const void *a, const void *b)
{
    const entry_t *x = a, *y = b;
    return before(x, y) ? -1 : before(y, x) ? 1 : 0;
}

/* The 36-bit sequence space is spent after ~6.9e10 schedule calls in one
 * world. Renumber the pending entries in their (time, seq) order: relative
 * order, and so FIFO among equal times, is kept; a sorted array is a heap. */
static void renumber(sim_queue_t *q)
{
    qsort(q->heap, q->len, sizeof(*q->heap), cmp_entry);
    for (size_t i = 0; i < q->len; i++) {
        q->heap[i].key = ((uint64_t)i << SLOT_BITS) | slot_of(&q->heap[i]);
        q->rec[slot_of(&q->heap[i])].pos = (uint32_t)i;
    }
    q->next_seq = q->len;
}

static int grow(sim_queue_t *q)
{
    if (q->len == q->heap_cap) {
        size_t cap = q->heap_cap * 2;
        entry_t *h = realloc(q->heap, cap * sizeof(*h));
        if (!h)
            return -1;
        q->heap = h;
        q->heap_cap = cap;
    }
    if (q->free_head == 0 && q->n_rec == q->rec_cap) {
        if (q->rec_cap >= MAX_SLOTS)
            return -1;
        uint64_t cap = (uint64_t)q->rec_cap * 2;
        if (cap > MAX_SLOTS)
            cap = MAX_SLOTS;
        record_t *r = realloc(q->rec, cap * sizeof(*r));
        if (!r)
            return -1;
        q->rec = r;
        q->rec_cap = (uint32_t)cap;
    }
    return 0;
}

int sim_queue_schedule(sim_queue_t *q, sim_time_t at, sim_event_fn *fn, void *ctx, void *arg,
                       sim_handle_t *out)
{
    assert(at >= q->last_popped && "event scheduled into the past");
    if ((q->len == q->heap_cap || (q->free_head == 0 && q->n_rec == q->rec_cap)) && grow(q) < 0)
        return -SIM_ENOMEM;
    if (q->next_seq == SEQ_LIMIT)
        renumber(q);
    uint32_t slot;
    if (q->free_head) {
        slot = q->free_head;
        q->free_head = q->rec[slot].next_free;
    } else {
        slot = q->n_rec++;
        q->rec[slot].gen = 0;
    }
    record_t *r = &q->rec[slot];
    r->fn = fn;
    r->ctx = ctx;
    r->arg = arg;
    if (++r->gen == 0)
        r->gen = 1;
    entry_t e = {at, (q->next_seq++ << SLOT_BITS) | slot};
    sift_up(q, q->len++, e);
    if (out)
        *out = (sim_handle_t){slot, r->gen};
    return 0;
}

static inline void release(sim_queue_t *q, uint32_t slot)
{
    record_t *r = &q->rec[slot];
    r->pos = NOT_QUEUED;
    if (++r->gen == 0) /* generation moves on: every old handle is stale now */
        r->gen = 1;
    r->next_free = q->free_head;
    q->free_head = slot;
}

static inline const record_t *live(const sim_queue_t *q, sim_handle_t h)
{
    if (h.slot == 0 || h.slot >= q->n_rec)
        return NULL;
    const record_t *r = &q->rec[h.slot];
    return (r->gen == h.gen && r->pos != NOT_QUEUED) ? r : NULL;
}

bool sim_queue_is_pending(const sim_queue_t *q, sim_handle_t h)
{
    return live(q, h) != NULL;
}

sim_time_t sim_queue_time_of(const sim_queue_t *q, sim_handle_t h)
{
    const record_t *r = live(q, h);
    return r ? q->heap[r->pos].at : -1;
}

bool sim_queue_cancel(sim_queue_t *q, sim_handle_t h)
{
    const record_t *r = live(q, h);
    if (!r)
        return false;
    size_t i = r->pos;
    release(q, h.slot);
    entry_t last = q->heap[--q->len];
    if (i < q->len) {
        /* The last entry fills the hole. It may belong above the hole (it came
         * from another subtree) or below it, never both: try up first. */
        if (i > 0 && before(&last, &q->heap[(i - 1) >> 2]))
            sift_up(q, i, last);
        else
            sift_down(q, i, last);
    }
    return true;
}

bool sim_queue_pop(sim_queue_t *q, sim_event_t *ev)
{
    if (q->len == 0)
        return false;
    entry_t top = q->heap[0];
    uint32_t slot = slot_of(&top);
    const record_t *r = &q->rec[slot];
    ev->at = top.at;
    ev->fn = r->fn;
    ev->ctx = r->ctx;
    ev->arg = r->arg;
    release(q, slot);
    entry_t last = q->heap[--q->len];
    if (q->len)
        sift_down(q, 0, last);
    q->last_popped = top.at;
    return true;
}

sim_time_t sim_queue_peek_time(const sim_queue_t *q)
{
    return q->len ? q->heap[0].at : SIM_TIME_MAX;
}

size_t sim_queue_pending(const sim_queue_t *q)
{
    return q->len;
}

void sim_queue_clear(sim_queue_t *q)
{
    while (q->len) {
        q->len--;
        release(q, slot_of(&q->heap[q->len]));
    }
}
