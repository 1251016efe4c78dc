/* sim/queue.c - pending events: a radix heap over integer, monotone time
 * (a small 4-ary heap while few are pending).
 *
 * Why not a binary or 4-ary heap: every pop walks a root-to-leaf path whose
 * lower levels miss the cache once 10^5 events are pending, each step waiting
 * for the one before. Simulated time is an integer that never goes back
 * (nothing is scheduled before the last popped event): exactly what a radix
 * heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990) needs.
 *
 *  - `base` is the time of the last pop; every pending time is >= base.
 *  - Bucket 0 holds the events due at `base`; bucket b (1..63) holds those
 *    whose highest bit differing from `base` is bit b-1. Scheduling is an
 *    append to one bucket: O(1).
 *  - When bucket 0 is empty the earliest event lies in the lowest non-empty
 *    bucket B. Popping moves `base` to that event's time and spreads B over
 *    the buckets below it, which are all empty; every event lands strictly
 *    lower than B. So an event moves at most 63 times in its life; in the hold
 *    model about 2.4 (10 pending) to 10.5 (10^6 pending) times, and each move
 *    is a sequential read and an append, never a chain of dependent misses.
 *    Half of the pops find B holding a single event and take it directly.
 *
 * FIFO among equal times: entries carry (time, seq << 28 | slot) where seq
 * counts schedule calls. Bucket 0 is sorted by that key when it is formed and
 * later arrivals at `base` have larger seqs, so it is consumed front to back.
 *
 * An entry carries the event itself (callback, ctx, arg: 40 bytes in all),
 * so a pop finds everything in the bucket the redistribution just wrote; a
 * separate record would be a cache miss per pop at 10^6 pending events.
 *
 * Cancel by handle is O(1): slot[h.slot].pos says where the entry is. In
 * buckets 1..63 the bucket's last entry fills the hole (order inside those
 * buckets does not matter); in bucket 0 the entry becomes a tombstone (slot 0)
 * so the FIFO order stays, and pop skips it. Slot generations are odd while
 * the event is pending, so a stale handle never matches.
 *
 * Memory: buckets 1..63 are chains of BLOCK_LEN-entry blocks from one pool;
 * each bucket owns its first block for good (an empty bucket costs no pool
 * traffic) and every block of a chain is full except the tail. Bucket 0 is a
 * plain array at least as long as the number of pending events. schedule()
 * grows both before it adds anything, so pop() and cancel() never allocate
 * and never fail: the pool always keeps RESERVE_BLOCKS beyond what the
 * pending events fill, and a redistribution in flight needs at most two more.
 *
 * The earliest time is cached (min_at) once known; peek_time() may have to
 * find it, a scan of bucket B. The run loop pops right after peeking and the
 * pop spreads that same bucket, so the scan is paid for by the moves it
 * precedes: amortised O(log(longest delay)) per event.
 *
 * Few events: with a handful pending, every event would still move about
 * twice between buckets, while a 4-ary heap is two levels deep and lives in
 * L1. So a queue starts as a 4-ary heap of 16-byte (time, key) entries, the
 * events waiting in payload[slot] (slot pos = heap index, cancel O(log n)),
 * and turns into the radix heap when more than HEAP_MAX events are pending
 * (the radix heap is faster from about 100 on in the hold model), back when
 * fewer than HEAP_MIN are. The gap between the two makes the O(n)
 * conversions amortised O(1). The radix structures are kept large enough for
 * every pending event in both modes, so a conversion never allocates.
 *
 * Lanes, in front of both: most events of a model are scheduled a constant
 * delay after now (a packet crossing a link, a periodic send), and events
 * scheduled with the same delay d = at - now come out in the order they
 * went in, since now never goes back and seq grows. So a lane, a FIFO array
 * bound to one delay, is sorted by (time, seq) by construction: schedule is
 * an append and pop a take from the front, and the pop only compares the
 * fronts of the few non-empty lanes with the earliest event of the rest (the
 * heap or radix heap above, which holds everything no lane takes). A delay
 * gets a lane when it is seen again after a note in a small 2-way memo of
 * recent delays (one unknown delay in MEMO_SAMPLE is noted; the hold model,
 * whose delays never repeat, never binds one, and after MEMO_MISSES misses
 * in a row only one schedule in MEMO_SAMPLE even looks). A short lane whose
 * front has not moved for LANE_IDLE schedules is flushed into the rest and
 * its delay left alone for a while: every non-empty lane costs each pop a
 * comparison, which a lane of a few 400 s binding lifetimes never pays
 * back. Cancel in a lane leaves a tombstone (slot 0), skipped at the front
 * and trimmed at the back; a full lane is compacted in place when at most
 * half of it is live, else doubled. An event scheduled without a handle
 * takes no slot while in a lane (nothing can name it; its finalizer is in
 * the lane entry); it gets one when it leaves the lane by a flush. A lane
 * never holds anything the rest could not take (n_live counts every pending
 * event for the capacities above), so the flush never allocates. The rest
 * keeps its own count (n_rest) for the switch between its modes, and the
 * radix heap its own base: now may run ahead of it while lanes pop.
 */
#include "sim/queue.h"
#include "sim/queue_run.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define SLOT_BITS 28
#define SLOT_MASK ((UINT64_C(1) << SLOT_BITS) - 1)
#define SEQ_LIMIT (UINT64_C(1) << (64 - SLOT_BITS))
#define MAX_SLOTS ((uint32_t)SLOT_MASK) /* slot 0 unused: keeps handles non-zero */

#define N_BUCKETS   64 /* times are >= 0: at most bit 62 differs, so b <= 63 */
#define BLOCK_SHIFT 5
#define BLOCK_LEN   (1u << BLOCK_SHIFT) /* entries per block: 1280 bytes */
#define NO_BLOCK    UINT32_MAX
#define IN_BUCKET0  UINT32_C(0x80000000) /* pos flag: an index into bucket 0 */
/* Blocks beyond pending / BLOCK_LEN: one partly filled block per bucket
 * (its first block, when empty, or its tail), two taken by a redistribution
 * in flight (see redistribute()), and one for rounding. */
#define RESERVE_BLOCKS (N_BUCKETS + 3)

#define HEAP_MAX 128 /* more pending than this: radix heap */
#define HEAP_MIN 32  /* fewer pending than this: back to the 4-ary heap */

#define N_LANES     8 /* a bit each in lane_mask; pops compare the fronts of the non-empty ones */
#define LANE_BIT    UINT32_C(0x40000000) /* pos flag: LANE_BIT | lane << LANE_SHIFT | index */
#define LANE_SHIFT  27
#define LANE_IDX    ((UINT32_C(1) << LANE_SHIFT) - 1)
#define LANE_CAP    (UINT32_C(1) << (LANE_SHIFT - 1)) /* entries per lane at most */
#define N_MEMO      32                                /* remembered delays: 16 sets of 2 by hash */
#define MEMO_SHIFT  59                                /* 64 - log2(N_MEMO) */
#define MEMO_SAMPLE 8   /* one schedule in 8 with an unknown delay notes it */
#define MEMO_MISSES 64  /* probes in a row that miss: then probe 1 in MEMO_SAMPLE */
#define LANE_IDLE   256 /* schedules with its front unmoved: flush a short lane */
#define LANE_REST   64  /* sightings a flushed delay then waits before it may bind again */
#define LANE_SMALL  16  /* only an idle lane this short is flushed (see lanes_idle()) */

#if defined(__GNUC__)
#define likely(x)     __builtin_expect(!!(x), 1)
#define unlikely(x)   __builtin_expect(!!(x), 0)
#define NOINLINE      __attribute__((noinline))
#define always_inline inline __attribute__((always_inline))
#else
#define likely(x)   (x)
#define unlikely(x) (x)
#define NOINLINE
#define always_inline inline
#endif

typedef struct entry {
    sim_time_t at;
    uint64_t key; /* seq << SLOT_BITS | slot; slot 0 marks a tombstone in bucket 0 */
    sim_event_fn *fn;
    void *ctx, *arg;
} entry_t;

/* In heap mode the heap moves only (time, key); the event waits in
 * payload[slot], which a pop reads from L1 since few slots are in use. */
typedef struct hentry {
    sim_time_t at;
    uint64_t key;
} hentry_t;

typedef struct payload {
    sim_event_fn *fn;
    void *ctx, *arg;
} payload_t;

/* What a handle refers to. */
typedef struct slot {
    uint32_t gen; /* odd: pending; even: free (fired, cancelled, never used) */
    uint32_t pos; /* pending: heap index (heap mode), blk index or IN_BUCKET0 | b0
                   * index (radix mode); free: the next free slot, 0 ends the list */
} slot_t;

/* Bucket b's entries: blocks head .. tail linked by blk_next; all full but the
 * tail. head is the bucket's own block; the bucket is empty when tail == head
 * and tail_len == 0. */
typedef struct chain {
    uint32_t head, tail, tail_len;
} chain_t;

/* An entry in a lane: with its finalizer, so that an event nobody holds a
 * handle to needs no slot (its key's slot field is then ANON). */
typedef struct lentry {
    sim_time_t at;
    uint64_t key;
    sim_event_fn *fn;
    void *ctx, *arg;
    sim_event_free_fn *fin;
} lentry_t;

#define ANON ((uint32_t)SLOT_MASK) /* never a slot: slots are < MAX_SLOTS */

/* A FIFO of events scheduled with one delay: [head, tail) of e, sorted by
 * (at, key) by construction; tombstones (slot 0) inside, never at head.
 * head is kept as the pointer front[l] in the queue (see lane_head()). */
typedef struct lane {
    lentry_t *e;
    uint32_t tail, cap, live;
    uint32_t pos; /* LANE_BIT | l << LANE_SHIFT: a slot's pos is pos | index */
    bool bound;   /* takes events of delay[l]: memo_find(delay[l])->lane is l */
} lane_t;

/* A recently seen delay: the lane it is bound to, or how many more sightings
 * it waits for one. */
typedef struct memo {
    sim_time_t delay; /* -1: none */
    int32_t lane;     /* -1: none */
    uint32_t wait;
} memo_t;

struct sim_queue {
    sim_time_t now;           /* time of the last pop; every pending time is >= now */
    uint32_t lane_mask;       /* bit l: lane l is not empty */
    lentry_t *front[N_LANES]; /* the earliest entry of lane l while it is not empty */
    lane_t lane[N_LANES];
    sim_time_t delay[N_LANES]; /* of each lane while bound */
    uint64_t seen[N_LANES];    /* key of each lane's front at the last idle check */
    memo_t memo[N_MEMO];
    uint64_t idle_check; /* next_seq at which to look for idle lanes */
    size_t n_rest;       /* pending events not in a lane: the heap's length in heap mode */

    bool is_radix;      /* else the 4-ary heap below holds every pending event not in a lane */
    hentry_t *heap;     /* HEAP_MAX entries; heap[0] is the earliest, HEAP_NONE if none */
    payload_t *payload; /* heap mode: payload[slot] of each pending slot */
    sim_time_t base;    /* radix: time of its last pop; its pending times are >= base */
    sim_time_t min_at;  /* the earliest pending time, when min_ok */
    bool min_ok;
    uint64_t mask;             /* bit b: bucket b (1..63) is not empty */
    chain_t bucket[N_BUCKETS]; /* [0] unused: bucket 0 is b0 */

    entry_t *b0; /* bucket 0: [head0, len0), sorted by key, tombstones included */
    uint32_t head0, len0, cap0, n0_live;

    entry_t *blk;                  /* block i is blk[i << BLOCK_SHIFT ...] */
    uint32_t *blk_next, *blk_prev; /* chain links; blk_next also links the free blocks */
    uint8_t *blk_bucket;           /* the bucket a block in use belongs to */
    uint32_t n_blocks, free_blocks;

    slot_t *slot;
    sim_event_free_fn **fin; /* fin[slot]: the finalizer of a pending event, or NULL */
    uint32_t n_slots, slot_cap, free_head; /* slots handed out (incl. 0), allocated, free list */
    size_t n_live;                         /* pending events (in heap mode: the heap's length) */
    size_t live_limit; /* n_live may reach this before b0 or the pool must grow */
    size_t room;       /* schedules before live_limit or SEQ_LIMIT may be reached */
    uint32_t misses;   /* memo probes in a row that found nothing */
    uint64_t next_seq;
};

/* heap[0] while the heap is empty: later than any event. */
#define HEAP_NONE ((hentry_t){SIM_TIME_MAX, UINT64_MAX})

/* (a_at, a_key) < (b_at, b_key): time, then scheduling order. Times are >= 0,
 * so one unsigned 128-bit comparison does. */
static inline bool earlier(sim_time_t a_at, uint64_t a_key, sim_time_t b_at, uint64_t b_key)
{
#if defined(__SIZEOF_INT128__)
    typedef unsigned __int128 u128;
    return ((u128)(uint64_t)a_at << 64 | a_key) < ((u128)(uint64_t)b_at << 64 | b_key);
#else
    return a_at < b_at || (a_at == b_at && a_key < b_key);
#endif
}

static inline uint32_t slot_of(const entry_t *e)
{
    return (uint32_t)(e->key & SLOT_MASK);
}

static inline uint32_t hslot_of(const hentry_t *e)
{
    return (uint32_t)(e->key & SLOT_MASK);
}

static inline unsigned lowest_bit(uint64_t m)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(m);
#else
    unsigned b = 0;
    while (!(m & 1)) {
        m >>= 1;
        b++;
    }
    return b;
#endif
}

/* Bucket of a time >= base: 0 if equal, else 1 + the highest differing bit. */
static inline unsigned bucket_of(sim_time_t at, sim_time_t base)
{
    uint64_t x = (uint64_t)at ^ (uint64_t)base;
    if (x == 0)
        return 0;
#if defined(__GNUC__)
    return 64u - (unsigned)__builtin_clzll(x);
#else
    unsigned b = 0;
    while (x) {
        x >>= 1;
        b++;
    }
    return b;
#endif
}

static inline entry_t *block_entries(const sim_queue_t *q, uint32_t blk)
{
    return &q->blk[(size_t)blk << BLOCK_SHIFT];
}

static inline uint32_t block_len(const chain_t *c, uint32_t blk)
{
    return blk == c->tail ? c->tail_len : BLOCK_LEN;
}

/* ---- block pool and chains ----------------------------------------------- */

static inline uint32_t take_block(sim_queue_t *q)
{
    uint32_t b = q->free_blocks;
    assert(b != NO_BLOCK && "block reserve exhausted");
    q->free_blocks = q->blk_next[b];
    return b;
}

static inline void give_block(sim_queue_t *q, uint32_t b)
{
    q->blk_next[b] = q->free_blocks;
    q->free_blocks = b;
}

/* Appends e to bucket b (1..63) and notes where it went. */
static inline void chain_push(sim_queue_t *q, unsigned b, entry_t e)
{
    chain_t *c = &q->bucket[b];
    if (unlikely(c->tail_len == BLOCK_LEN)) {
        uint32_t nb = take_block(q);
        q->blk_next[nb] = NO_BLOCK;
        q->blk_prev[nb] = c->tail;
        q->blk_bucket[nb] = (uint8_t)b;
        q->blk_next[c->tail] = nb;
        c->tail = nb;
        c->tail_len = 0;
    }
    q->mask |= UINT64_C(1) << b;
    uint32_t loc = (c->tail << BLOCK_SHIFT) + c->tail_len++;
    q->blk[loc] = e;
    q->slot[slot_of(&e)].pos = loc;
}

/* Removes the entry at blk[loc]: the bucket's last entry takes its place. */
static void chain_remove(sim_queue_t *q, uint32_t loc)
{
    unsigned b = q->blk_bucket[loc >> BLOCK_SHIFT];
    chain_t *c = &q->bucket[b];
    uint32_t last = (c->tail << BLOCK_SHIFT) + c->tail_len - 1;
    if (loc != last) {
        q->blk[loc] = q->blk[last];
        q->slot[slot_of(&q->blk[loc])].pos = loc;
    }
    if (--c->tail_len > 0)
        return;
    if (c->tail != c->head) {
        uint32_t t = c->tail;
        c->tail = q->blk_prev[t];
        q->blk_next[c->tail] = NO_BLOCK;
        c->tail_len = BLOCK_LEN;
        give_block(q, t);
    } else {
        q->mask &= ~(UINT64_C(1) << b);
    }
}

/* Empties bucket b: its blocks but the first go back to the pool. The
 * entries are left to the caller. */
static void chain_reset(sim_queue_t *q, unsigned b)
{
    chain_t *c = &q->bucket[b];
    for (uint32_t blk = q->blk_next[c->head]; blk != NO_BLOCK;) {
        uint32_t next = q->blk_next[blk];
        give_block(q, blk);
        blk = next;
    }
    q->blk_next[c->head] = NO_BLOCK;
    c->tail = c->head;
    c->tail_len = 0;
    q->mask &= ~(UINT64_C(1) << b);
}

/* ---- creation and growth ------------------------------------------------- */

/* live_limit: how many events may be pending before schedule() must grow
 * something. Below it, b0 can take every pending event, the pool keeps its
 * reserve and a free slot exists (slots in use == pending events). */
static void update_live_limit(sim_queue_t *q)
{
    size_t limit = ((size_t)q->n_blocks - RESERVE_BLOCKS) * BLOCK_LEN;
    if (limit > q->cap0)
        limit = q->cap0;
    if (limit > (size_t)q->slot_cap - 1)
        limit = (size_t)q->slot_cap - 1;
    q->live_limit = limit;
}

/* Grows the block pool to n blocks (> n_blocks); -1 with the pool unchanged. */
static int grow_blocks(sim_queue_t *q, uint32_t n)
{
    entry_t *blk = realloc(q->blk, ((size_t)n << BLOCK_SHIFT) * sizeof(*blk));
    if (!blk)
        return -1;
    q->blk = blk;
    uint32_t *next = realloc(q->blk_next, (size_t)n * sizeof(*next));
    if (!next)
        return -1;
    q->blk_next = next;
    uint32_t *prev = realloc(q->blk_prev, (size_t)n * sizeof(*prev));
    if (!prev)
        return -1;
    q->blk_prev = prev;
    uint8_t *bucket = realloc(q->blk_bucket, (size_t)n);
    if (!bucket)
        return -1;
    q->blk_bucket = bucket;
    for (uint32_t i = n; i-- > q->n_blocks;) /* lowest ids first on the free list */
        give_block(q, i);
    q->n_blocks = n;
    return 0;
}

static int grow_b0(sim_queue_t *q, uint32_t cap)
{
    entry_t *b0 = realloc(q->b0, (size_t)cap * sizeof(*b0));
    if (!b0)
        return -1;
    q->b0 = b0;
    q->cap0 = cap;
    return 0;
}

static int grow_slots(sim_queue_t *q, uint32_t cap)
{
    slot_t *slot = realloc(q->slot, (size_t)cap * sizeof(*slot));
    if (!slot)
        return -1;
    q->slot = slot;
    payload_t *payload = realloc(q->payload, (size_t)cap * sizeof(*payload));
    if (!payload)
        return -1; /* slot is longer than needed: harmless */
    q->payload = payload;
    sim_event_free_fn **fin = realloc(q->fin, (size_t)cap * sizeof(*fin));
    if (!fin)
        return -1;
    q->fin = fin;
    q->slot_cap = cap;
    return 0;
}

static uint32_t doubled(uint32_t n, uint32_t at_least)
{
    uint64_t d = (uint64_t)n * 2;
    if (d < at_least)
        d = at_least;
    return d > MAX_SLOTS ? MAX_SLOTS : (uint32_t)d;
}

/* Room for one more pending event, bucket-0 entry and slot; -1 when memory or
 * slots run out (the queue keeps its events; at most it gained capacity). */
static int grow(sim_queue_t *q)
{
    if (q->n_live + 1 >= MAX_SLOTS)
        return -1;
    uint32_t need = (uint32_t)q->n_live + 1;
    if (need < q->len0 + 1)
        need = q->len0 + 1;
    if (need > q->cap0 && grow_b0(q, doubled(q->cap0, need)) < 0)
        return -1;
    uint32_t blocks = (need + BLOCK_LEN - 1) / BLOCK_LEN + RESERVE_BLOCKS;
    if (blocks > q->n_blocks && grow_blocks(q, doubled(q->n_blocks, blocks)) < 0)
        return -1;
    if (need + 1 > q->slot_cap &&
        (q->slot_cap >= MAX_SLOTS || grow_slots(q, doubled(q->slot_cap, need + 1)) < 0))
        return -1;
    update_live_limit(q);
    return 0;
}

sim_queue_t *sim_queue_create(size_t expected)
{
    sim_queue_t *q = calloc(1, sizeof(*q));
    if (!q)
        return NULL;
    if (expected < 16)
        expected = 16;
    if (expected > MAX_SLOTS / 2)
        expected = MAX_SLOTS / 2;
    q->free_blocks = NO_BLOCK;
    uint32_t blocks = (uint32_t)((expected + BLOCK_LEN - 1) / BLOCK_LEN) + RESERVE_BLOCKS;
    q->heap = malloc(HEAP_MAX * sizeof(*q->heap));
    if (q->heap)
        q->heap[0] = HEAP_NONE;
    if (!q->heap || grow_b0(q, (uint32_t)expected) < 0 || grow_blocks(q, blocks) < 0 ||
        grow_slots(q, (uint32_t)expected + 1) < 0) {
        sim_queue_destroy(q);
        return NULL;
    }
    for (unsigned b = 1; b < N_BUCKETS; b++) {
        uint32_t blk = take_block(q);
        q->blk_next[blk] = q->blk_prev[blk] = NO_BLOCK;
        q->blk_bucket[blk] = (uint8_t)b;
        q->bucket[b] = (chain_t){blk, blk, 0};
    }
    for (unsigned m = 0; m < N_MEMO; m++)
        q->memo[m] = (memo_t){-1, -1, 0};
    for (unsigned l = 0; l < N_LANES; l++)
        q->lane[l].pos = LANE_BIT | l << LANE_SHIFT;
    q->idle_check = LANE_IDLE;
    q->n_slots = 1; /* slot 0 is never used */
    q->slot[0] = (slot_t){0, 0};
    update_live_limit(q);
    return q;
}

void sim_queue_destroy(sim_queue_t *q)
{
    if (!q)
        return;
    sim_queue_clear(q); /* runs the finalizers of the pending events */
    free(q->fin);
    for (unsigned l = 0; l < N_LANES; l++)
        free(q->lane[l].e);
    free(q->heap);
    free(q->b0);
    free(q->blk);
    free(q->blk_next);
    free(q->blk_prev);
    free(q->blk_bucket);
    free(q->slot);
    free(q->payload);
    free(q);
}

/* ---- the earliest event -------------------------------------------------- */

/* min_at := the earliest pending time. Needs n_live > 0 and bucket 0 empty,
 * so the earliest event is in the lowest non-empty bucket. */
static void find_min(sim_queue_t *q)
{
    const chain_t *c = &q->bucket[lowest_bit(q->mask)];
    q->min_ok = true;
    if (c->tail == c->head && c->tail_len == 1) { /* half the time in the hold model */
        q->min_at = block_entries(q, c->head)->at;
        return;
    }
    sim_time_t m = SIM_TIME_MAX;
    for (uint32_t blk = c->head; blk != NO_BLOCK; blk = q->blk_next[blk]) {
        const entry_t *e = block_entries(q, blk);
        for (uint32_t i = 0, n = block_len(c, blk); i < n; i++)
            if (e[i].at < m)
                m = e[i].at;
    }
    q->min_at = m;
}

static int cmp_key(const void *a, const void *b)
{
    const entry_t *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* FIFO among the events now due: orders bucket 0 by key (seq). Usually a few
 * entries: insertion sort; qsort when many share a nanosecond, unless they
 * are in order already. They nearly always are: a bucket is filled by
 * appends and spread in order, so only a cancel's hole filling or a merge of
 * schedules and spread entries in one bucket disorders it. A world of 10^4
 * pairs moving in step has batches of 10^4 events at one instant (127 of the
 * 128 batches of over 32 found in order); skipping their qsort saved 11 % of
 * the instructions of its run. */
static void sort_b0(sim_queue_t *q)
{
    entry_t *a = q->b0;
    uint32_t n = q->len0;
    uint32_t in_order = 1;
    while (in_order < n && a[in_order - 1].key < a[in_order].key)
        in_order++;
    if (in_order == n)
        return; /* positions were set by redistribute() */
    if (n > 32) {
        qsort(a, n, sizeof(*a), cmp_key);
    } else {
        for (uint32_t i = 1; i < n; i++) {
            entry_t e = a[i];
            uint32_t j = i;
            for (; j > 0 && a[j - 1].key > e.key; j--)
                a[j] = a[j - 1];
            a[j] = e;
        }
    }
    for (uint32_t i = 0; i < n; i++)
        q->slot[slot_of(&a[i])].pos = IN_BUCKET0 | i;
}

/* Bucket 0 is empty: moves base to min_at and spreads the lowest non-empty
 * bucket over the (empty) buckets below it. Each source block but the first
 * goes back to the pool as soon as it is read, so the targets, which fill
 * their own first blocks before they take any, never hold more than two
 * blocks beyond what the pool keeps in reserve. */
static void redistribute(sim_queue_t *q)
{
    unsigned from = lowest_bit(q->mask);
    chain_t *src = &q->bucket[from];
    sim_time_t base = q->base = q->min_at;
    uint32_t n0 = 0;
    for (uint32_t blk = src->head; blk != NO_BLOCK;) {
        const entry_t *e = block_entries(q, blk);
        for (uint32_t i = 0, n = block_len(src, blk); i < n; i++) {
            unsigned b = bucket_of(e[i].at, base);
            assert(b < from);
            if (b == 0) {
                q->b0[n0] = e[i];
                q->slot[slot_of(&e[i])].pos = IN_BUCKET0 | n0;
                n0++;
            } else {
                chain_push(q, b, e[i]);
            }
        }
        uint32_t next = q->blk_next[blk];
        if (blk != src->head)
            give_block(q, blk);
        blk = next;
    }
    q->blk_next[src->head] = NO_BLOCK;
    src->tail = src->head;
    src->tail_len = 0;
    q->mask &= ~(UINT64_C(1) << from);
    q->head0 = 0;
    q->len0 = q->n0_live = n0;
    if (n0 > 1)
        sort_b0(q);
}

/* ---- the 4-ary heap (few events) ---------------------------------------- */

/* (at, key) in lexicographic order: time, then scheduling order. */
static inline bool before(const hentry_t *a, const hentry_t *b)
{
    return a->at < b->at || (a->at == b->at && a->key < b->key);
}

static inline void heap_place(sim_queue_t *q, size_t i, hentry_t e)
{
    q->heap[i] = e;
    q->slot[hslot_of(&e)].pos = (uint32_t)i;
}

static void heap_sift_up(sim_queue_t *q, size_t i, hentry_t e)
{
    while (i > 0) {
        size_t p = (i - 1) >> 2;
        if (!before(&e, &q->heap[p]))
            break;
        heap_place(q, i, q->heap[p]);
        i = p;
    }
    heap_place(q, i, e);
}

/* Index of the earliest of h[c .. c+3]: three compares, no data-dependent
 * loop. */
static inline size_t min_of_4(const hentry_t *h, size_t c)
{
    size_t a = before(&h[c + 1], &h[c]) ? c + 1 : c;
    size_t b = before(&h[c + 3], &h[c + 2]) ? c + 3 : c + 2;
    return before(&h[b], &h[a]) ? b : a;
}

/* Fills the hole at i with e, moving earlier children up. */
static void heap_sift_down(sim_queue_t *q, size_t i, hentry_t e)
{
    const hentry_t *h = q->heap;
    size_t n = q->n_rest;
    for (;;) {
        size_t c = 4 * i + 1, m;
        if (c + 4 <= n) {
            m = min_of_4(h, c);
        } else if (c < n) {
            m = c;
            for (size_t k = c + 1; k < n; k++)
                if (before(&h[k], &h[m]))
                    m = k;
        } else {
            break;
        }
        if (!before(&h[m], &e))
            break;
        heap_place(q, i, h[m]);
        i = m;
    }
    heap_place(q, i, e);
}

/* Removes heap[i]; n_rest already counts it out. */
static void heap_remove(sim_queue_t *q, size_t i)
{
    hentry_t last = q->heap[q->n_rest];
    if (i == q->n_rest) {
        if (i == 0)
            q->heap[0] = HEAP_NONE;
        return;
    }
    /* The last entry fills the hole. It may belong above the hole (it came
     * from another subtree) or below it, never both: try up first. */
    if (i > 0 && before(&last, &q->heap[(i - 1) >> 2]))
        heap_sift_up(q, i, last);
    else
        heap_sift_down(q, i, last);
}

/* ---- switching between the two ------------------------------------------- */

/* Every pending event of the radix heap, in any order, into out[]. */
static size_t radix_collect(const sim_queue_t *q, entry_t *out)
{
    size_t n = 0;
    for (uint32_t i = q->head0; i < q->len0; i++)
        if (slot_of(&q->b0[i]))
            out[n++] = q->b0[i];
    for (unsigned b = 1; b < N_BUCKETS; b++) {
        const chain_t *c = &q->bucket[b];
        for (uint32_t blk = c->head; blk != NO_BLOCK; blk = q->blk_next[blk])
            for (uint32_t i = 0, len = block_len(c, blk); i < len; i++)
                out[n++] = block_entries(q, blk)[i];
    }
    return n;
}

/* Bucket 0 ran out of pending events: forget its tombstones. */
static inline void b0_drained(sim_queue_t *q)
{
    q->head0 = q->len0 = 0;
    q->min_ok = false;
}

static void radix_reset(sim_queue_t *q)
{
    for (unsigned b = 1; b < N_BUCKETS; b++)
        chain_reset(q, b);
    q->n0_live = 0;
    b0_drained(q);
}

/* Fewer than HEAP_MIN pending: the heap takes them all (heapify: O(n)). */
static void to_heap(sim_queue_t *q)
{
    entry_t all[HEAP_MIN];
    size_t n = radix_collect(q, all);
    assert(n == q->n_rest && n <= HEAP_MIN);
    radix_reset(q);
    q->is_radix = false;
    for (size_t i = 0; i < n; i++) {
        q->heap[i] = (hentry_t){all[i].at, all[i].key};
        q->payload[slot_of(&all[i])] = (payload_t){all[i].fn, all[i].ctx, all[i].arg};
    }
    for (size_t i = n / 4 + 1; i-- > 0;)
        if (i < n)
            heap_sift_down(q, i, q->heap[i]);
    for (size_t i = 0; i < n; i++)
        q->slot[hslot_of(&q->heap[i])].pos = (uint32_t)i;
    if (n == 0)
        q->heap[0] = HEAP_NONE;
}

/* HEAP_MAX pending and one more coming: the radix heap takes them all. */
static void to_radix(sim_queue_t *q)
{
    sim_time_t base = q->base = q->now;
    uint32_t n0 = 0;
    for (size_t i = 0; i < q->n_rest; i++) {
        const hentry_t *h = &q->heap[i];
        const payload_t *p = &q->payload[hslot_of(h)];
        entry_t e = {h->at, h->key, p->fn, p->ctx, p->arg};
        if (e.at == base) {
            q->b0[n0] = e;
            q->slot[slot_of(&e)].pos = IN_BUCKET0 | n0;
            n0++;
        } else {
            chain_push(q, bucket_of(e.at, base), e);
        }
    }
    q->head0 = 0;
    q->len0 = q->n0_live = n0;
    if (n0 > 1)
        sort_b0(q);
    q->min_ok = false;
    q->is_radix = true;
}

/* ---- schedule, cancel, pop ----------------------------------------------- */

static int cmp_entry(const void *a, const void *b)
{
    const entry_t *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return cmp_key(a, b);
}

static inline uint32_t lslot_of(const lentry_t *e)
{
    return (uint32_t)(e->key & SLOT_MASK);
}

/* The lane entry at pos loc (LANE_BIT set). */
static inline lentry_t *lane_entry(const sim_queue_t *q, uint32_t loc)
{
    return &q->lane[(loc >> LANE_SHIFT) & (N_LANES - 1)].e[loc & LANE_IDX];
}

/* Index of the front of lane l in its array; 0 when it is empty. */
static inline uint32_t lane_head(const sim_queue_t *q, unsigned l)
{
    return q->lane[l].live ? (uint32_t)(q->front[l] - q->lane[l].e) : 0;
}

/* Where the (time, key) of the entry at loc lives, in any of the three. */
static inline uint64_t *key_at(const sim_queue_t *q, uint32_t loc)
{
    if (loc & LANE_BIT)
        return &lane_entry(q, loc)->key;
    if (!q->is_radix)
        return &q->heap[loc].key;
    return (loc & IN_BUCKET0) ? &q->b0[loc & ~IN_BUCKET0].key : &q->blk[loc].key;
}

static inline sim_time_t time_at(const sim_queue_t *q, uint32_t loc)
{
    if (loc & LANE_BIT)
        return lane_entry(q, loc)->at;
    if (!q->is_radix)
        return q->heap[loc].at;
    return (loc & IN_BUCKET0) ? q->b0[loc & ~IN_BUCKET0].at : q->blk[loc].at;
}

static inline uint32_t slot_take(sim_queue_t *q, sim_event_free_fn *fin, sim_handle_t *out);

/* Gives every handle-less entry of lane l a slot, as a schedule with a
 * handle would have: before it leaves the lane or is renumbered. There are
 * enough slots: one per pending event at most. */
static void lane_give_slots(sim_queue_t *q, unsigned l)
{
    lane_t *ln = &q->lane[l];
    for (uint32_t i = lane_head(q, l); i < ln->tail; i++) {
        lentry_t *e = &ln->e[i];
        if (lslot_of(e) != ANON)
            continue;
        uint32_t slot = slot_take(q, e->fin, NULL);
        e->key = (e->key & ~SLOT_MASK) | slot;
        q->slot[slot].pos = ln->pos | i;
    }
}

/* The 36-bit sequence space is spent after ~6.9e10 schedule calls in one
 * world. Renumbers the pending entries in their (time, seq) order, in place:
 * relative order, and so FIFO among equal times, the heap order and the
 * order inside each lane, is kept. */
static int renumber(sim_queue_t *q)
{
    entry_t *all = malloc((q->n_live ? q->n_live : 1) * sizeof(*all));
    if (!all)
        return -1;
    size_t n = 0;
    if (q->is_radix)
        n = radix_collect(q, all);
    else
        for (; n < q->n_rest; n++)
            all[n] = (entry_t){.at = q->heap[n].at, .key = q->heap[n].key};
    for (unsigned l = 0; l < N_LANES; l++) {
        lane_give_slots(q, l); /* every entry reachable from its slot */
        const lane_t *ln = &q->lane[l];
        for (uint32_t i = lane_head(q, l); i < ln->tail; i++)
            if (lslot_of(&ln->e[i]))
                all[n++] = (entry_t){.at = ln->e[i].at, .key = ln->e[i].key};
    }
    assert(n == q->n_live);
    qsort(all, n, sizeof(*all), cmp_entry);
    for (size_t i = 0; i < n; i++) {
        uint32_t slot = slot_of(&all[i]);
        *key_at(q, q->slot[slot].pos) = ((uint64_t)i << SLOT_BITS) | slot;
    }
    q->next_seq = n;
    q->idle_check = LANE_IDLE;
    free(all);
    return 0;
}

static always_inline void radix_insert(sim_queue_t *q, const entry_t *e)
{
    if (e->at == q->base) { /* later than every entry already due now: append */
        q->b0[q->len0] = *e;
        q->slot[slot_of(e)].pos = IN_BUCKET0 | q->len0++;
        q->n0_live++;
    } else {
        chain_push(q, bucket_of(e->at, q->base), *e);
        if (e->at < q->min_at)
            q->min_at = e->at; /* still exact when min_ok; ignored otherwise */
    }
}

/* Adds an event to the rest: the heap, or the radix heap past HEAP_MAX. */
static always_inline void rest_insert(sim_queue_t *q, const entry_t *e)
{
    if (!q->is_radix) {
        if (q->n_rest < HEAP_MAX) {
            q->payload[slot_of(e)] = (payload_t){e->fn, e->ctx, e->arg};
            heap_sift_up(q, q->n_rest++, (hentry_t){e->at, e->key});
            return;
        }
        to_radix(q);
    }
    radix_insert(q, e);
    q->n_rest++;
}

/* ---- lanes --------------------------------------------------------------- */

/* The memo is 2-way set associative: delay d is at memo[memo_of(d)] or the
 * entry after it (1 and 2 ms share a set: one way thrashed them). */
static inline unsigned memo_of(sim_time_t d)
{
    return (unsigned)(((uint64_t)d * UINT64_C(0x9e3779b97f4a7c15)) >> (MEMO_SHIFT + 1)) << 1;
}

static memo_t *memo_find(sim_queue_t *q, sim_time_t d)
{
    memo_t *m = &q->memo[memo_of(d)];
    return m->delay == d ? m : m[1].delay == d ? m + 1 : NULL;
}

/* Notes delay d, seen once, in the set starting at w0 (neither way has it):
 * in way 0, the way 0 entry moving to way 1 unless only way 1 has a lane. */
static inline void memo_note(sim_queue_t *q, memo_t *w0, sim_time_t d)
{
    memo_t *w1 = w0 + 1;
    if (w1->lane >= 0 && w0->lane < 0) {
        *w0 = (memo_t){d, -1, 0};
        return;
    }
    if (unlikely(w1->lane >= 0))
        q->lane[w1->lane].bound = false; /* its delay is forgotten */
    *w1 = *w0;
    *w0 = (memo_t){d, -1, 0};
}

/* Lane l takes no more events; those it holds still come out of it. */
static void lane_unbind(sim_queue_t *q, unsigned l)
{
    lane_t *ln = &q->lane[l];
    if (!ln->bound)
        return;
    memo_t *m = memo_find(q, q->delay[l]);
    if (m && m->lane == (int32_t)l)
        m->lane = -1;
    ln->bound = false;
}

/* Binds an empty lane (an unbound one if any) to the delay of memo m; -1
 * when every lane holds events. */
static int lane_bind(sim_queue_t *q, memo_t *m)
{
    int pick = -1;
    for (unsigned l = 0; l < N_LANES; l++) {
        if (q->lane[l].live)
            continue;
        if (!q->lane[l].bound) {
            pick = (int)l;
            break;
        }
        if (pick < 0)
            pick = (int)l;
    }
    if (pick < 0)
        return -1;
    lane_t *ln = &q->lane[pick];
    lane_unbind(q, (unsigned)pick);
    q->delay[pick] = m->delay;
    ln->bound = true;
    q->seen[pick] = UINT64_MAX; /* not idle before it had a chance */
    m->lane = pick;
    return pick;
}

/* Moves the live entries of lane l to the front of its array. */
static void lane_compact(sim_queue_t *q, unsigned l)
{
    lane_t *ln = &q->lane[l];
    uint32_t j = 0;
    for (uint32_t i = lane_head(q, l); i < ln->tail; i++) {
        uint32_t slot = lslot_of(&ln->e[i]);
        if (!slot)
            continue;
        ln->e[j] = ln->e[i];
        if (slot != ANON)
            q->slot[slot].pos = ln->pos | j;
        j++;
    }
    ln->tail = j;
    q->front[l] = ln->e;
}

/* Room at the tail of full lane l; -1 when memory runs out (the lane is
 * unchanged). */
static int lane_room(sim_queue_t *q, unsigned l)
{
    lane_t *ln = &q->lane[l];
    if (ln->live < ln->cap && ln->live <= ln->cap / 2) {
        lane_compact(q, l);
        return 0;
    }
    if (ln->cap >= LANE_CAP)
        return -1;
    uint32_t cap = ln->cap ? 2 * ln->cap : 64; /* compactions rare when a few are live */
    uint32_t head = lane_head(q, l);
    lentry_t *e = realloc(ln->e, (size_t)cap * sizeof(*e));
    if (!e)
        return -1;
    ln->e = e;
    ln->cap = cap;
    q->front[l] = e + head;
    return 0;
}

/* Appends an event to lane l, which has room, with a slot if there is a
 * handle to fill (out). Its time is not before the tail's: the lane's delay
 * after a now that never goes back. */
static always_inline void lane_push(sim_queue_t *q, unsigned l, sim_time_t at, sim_event_fn *fn,
                                    void *ctx, void *arg, sim_event_free_fn *fin, sim_handle_t *out)
{
    lane_t *ln = &q->lane[l];
    uint32_t i = ln->tail++;
    lentry_t *x = &ln->e[i];
    x->at = at; /* first: fewer values live across what follows */
    x->fn = fn;
    x->ctx = ctx;
    x->arg = arg;
    x->fin = fin;
    uint32_t slot = ANON; /* without a handle nothing can name the event: no slot */
    if (out) {
        slot = slot_take(q, fin, out);
        q->slot[slot].pos = ln->pos | i;
    }
    x->key = (q->next_seq++ << SLOT_BITS) | slot;
    if (ln->live++ == 0) {
        q->lane_mask |= 1u << l;
        q->front[l] = x;
    }
}

static inline void lane_emptied(sim_queue_t *q, unsigned l)
{
    q->lane[l].tail = 0;
    q->lane_mask &= ~(1u << l);
}

/* Removes the cancelled entry at pos loc from its lane. */
static void lane_cancel(sim_queue_t *q, uint32_t loc)
{
    unsigned l = (loc >> LANE_SHIFT) & (N_LANES - 1);
    lane_t *ln = &q->lane[l];
    uint32_t i = loc & LANE_IDX;
    ln->e[i].key &= ~SLOT_MASK; /* a tombstone keeps the order */
    if (--ln->live == 0) {
        lane_emptied(q, l);
    } else if (&ln->e[i] == q->front[l]) {
        lentry_t *f = q->front[l];
        do
            f++;
        while (!lslot_of(f));
        q->front[l] = f;
    } else if (i == ln->tail - 1) {
        do
            ln->tail--;
        while (!lslot_of(&ln->e[ln->tail - 1]));
    }
}

/* Puts e, due at the radix heap's base, into bucket 0 at its place by key:
 * unlike a schedule, a flushed lane entry may be older than entries there.
 * (Never older than one already taken: it would have come out first.) */
static void b0_insert_sorted(sim_queue_t *q, const entry_t *e)
{
    uint32_t i = q->len0++;
    for (; i > q->head0 && q->b0[i - 1].key > e->key; i--) {
        q->b0[i] = q->b0[i - 1];
        q->slot[slot_of(&q->b0[i])].pos = IN_BUCKET0 | i; /* tombstones: slot 0, unused */
    }
    q->b0[i] = *e;
    q->slot[slot_of(e)].pos = IN_BUCKET0 | i;
    q->n0_live++;
}

/* Lane l's events go to the rest; false when the radix heap's bucket 0
 * might not take them without growing (then nothing moves). */
static bool lane_flush(sim_queue_t *q, unsigned l)
{
    lane_t *ln = &q->lane[l];
    if (q->is_radix && (size_t)q->len0 + ln->live > q->cap0)
        return false;
    lane_give_slots(q, l);
    for (uint32_t i = lane_head(q, l); i < ln->tail; i++) {
        const lentry_t *le = &ln->e[i];
        if (!lslot_of(le))
            continue;
        entry_t e = {le->at, le->key, le->fn, le->ctx, le->arg};
        if (q->is_radix && e.at == q->base) {
            b0_insert_sorted(q, &e);
            q->n_rest++;
        } else {
            rest_insert(q, &e);
        }
    }
    ln->live = 0;
    lane_emptied(q, l);
    return true;
}

/* Flushes the lanes whose front is the one it was at the last check,
 * LANE_IDLE schedules ago (no pop took it), if it is short. A long one stays:
 * its events would cost more in the rest, and moving them costs too; in a
 * world of 2,000 hosts, flushing long idle lanes (and binding them again
 * later) cost 16 % more instructions than keeping them. Their delays wait
 * LANE_REST sightings for a lane. */
static void lanes_idle(sim_queue_t *q)
{
    q->idle_check = q->next_seq + LANE_IDLE;
    for (uint32_t m = q->lane_mask; m; m &= m - 1) {
        unsigned l = lowest_bit(m);
        lane_t *ln = &q->lane[l];
        uint64_t key = q->front[l]->key;
        if (key != q->seen[l]) {
            q->seen[l] = key;
            continue;
        }
        if (ln->live > LANE_SMALL || !lane_flush(q, l))
            continue;
        if (ln->bound) {
            memo_t *mm = memo_find(q, q->delay[l]);
            if (mm)
                mm->wait = LANE_REST;
            lane_unbind(q, l);
        }
    }
}

/* ---- schedule ------------------------------------------------------------ */

/* A free slot, made pending for an event with finalizer fin; its handle
 * into *out (out may be NULL). */
static inline uint32_t slot_take(sim_queue_t *q, sim_event_free_fn *fin, sim_handle_t *out)
{
    assert(q->free_head || q->n_slots < q->slot_cap);
    uint32_t slot = q->free_head;
    slot_t *s;
    if (slot) {
        s = &q->slot[slot];
        q->free_head = s->pos;
    } else {
        slot = q->n_slots++;
        s = &q->slot[slot];
        s->gen = 0;
    }
    s->gen++; /* even -> odd: pending */
    q->fin[slot] = fin;
    if (out)
        *out = (sim_handle_t){slot, s->gen};
    return slot;
}

/* Room for one more event or more (q->room > 0 after): growth, the seqs
 * running out; -1 when out of memory. Each schedule counts room down; pops
 * would give some back, but finding that out is left to the next call. Room
 * is at most LANE_IDLE, so this is also where idle lanes are looked for. */
static NOINLINE int schedule_room(sim_queue_t *q)
{
    if (q->n_live >= q->live_limit && grow(q) < 0)
        return -1;
    if (q->next_seq == SEQ_LIMIT && renumber(q) < 0)
        return -1;
    if (q->next_seq >= q->idle_check)
        lanes_idle(q);
    q->room = q->live_limit - q->n_live;
    if (q->room > SEQ_LIMIT - q->next_seq)
        q->room = (size_t)(SEQ_LIMIT - q->next_seq);
    if (q->room > LANE_IDLE) /* and here lanes_idle() comes again */
        q->room = LANE_IDLE;
    return 0;
}

/* Delay d is seen again but has no lane (memo m): a lane bound to it now,
 * or -1. */
static NOINLINE int lane_again(sim_queue_t *q, memo_t *m)
{
    if (m->wait > 0) {
        m->wait--;
        return -1;
    }
    return lane_bind(q, m);
}

/* Both schedule calls, each with its own copy (fin constant NULL in one). */
static always_inline int schedule(sim_queue_t *q, sim_time_t at, sim_event_fn *fn, void *ctx,
                                  void *arg, sim_event_free_fn *fin, sim_handle_t *out)
{
    assert(at >= q->now && "event scheduled into the past");
    if (unlikely(q->room == 0) && schedule_room(q) < 0)
        return -SIM_ENOMEM;
    sim_time_t d = at - q->now;
    /* After MEMO_MISSES probes in a row found nothing (delays that never
     * repeat, as in the hold model), probe one schedule in MEMO_SAMPLE. */
    if (likely(q->misses < MEMO_MISSES) || (q->next_seq & (MEMO_SAMPLE - 1)) == 0) {
        memo_t *m = &q->memo[memo_of(d)];
        if (m->delay == d || (++m)->delay == d) {
            q->misses = 0;
            int l = m->lane;
            if (l < 0)
                l = lane_again(q, m);
            if (l >= 0 &&
                (likely(q->lane[l].tail < q->lane[l].cap) || lane_room(q, (unsigned)l) == 0)) {
                q->room--;
                q->n_live++;
                lane_push(q, (unsigned)l, at, fn, ctx, arg, fin, out);
                return 0;
            }
        } else {
            q->misses++;
            if ((q->next_seq & (MEMO_SAMPLE - 1)) == 0)
                memo_note(q, m - 1, d); /* a delay that recurs is soon caught */
        }
    }
    /* The rest; bucket 0 of the radix heap may need room (it keeps the
     * tombstones of cancelled events). */
    if (unlikely(q->len0 >= q->cap0) && grow(q) < 0)
        return -SIM_ENOMEM;
    q->room--;
    q->n_live++;
    uint32_t slot = slot_take(q, fin, out);
    entry_t e = {at, (q->next_seq++ << SLOT_BITS) | slot, fn, ctx, arg};
    rest_insert(q, &e);
    return 0;
}

int sim_queue_schedule_owned(sim_queue_t *q, sim_time_t at, sim_event_fn *fn, void *ctx, void *arg,
                             sim_event_free_fn *fin, sim_handle_t *out)
{
    return schedule(q, at, fn, ctx, arg, fin, out);
}

int sim_queue_schedule(sim_queue_t *q, sim_time_t at, sim_event_fn *fn, void *ctx, void *arg,
                       sim_handle_t *out)
{
    return schedule(q, at, fn, ctx, arg, NULL, out);
}

/* ---- handles and cancel -------------------------------------------------- */

/* The finalizer of the pending event in slot, NULL for none. */
static inline sim_event_free_fn *fin_of(const sim_queue_t *q, uint32_t slot)
{
    return q->fin[slot];
}

/* The arg of the pending event at loc, wherever it is. */
static inline void *arg_at(const sim_queue_t *q, uint32_t slot, uint32_t loc)
{
    if (loc & LANE_BIT)
        return lane_entry(q, loc)->arg;
    if (!q->is_radix)
        return q->payload[slot].arg;
    return (loc & IN_BUCKET0) ? q->b0[loc & ~IN_BUCKET0].arg : q->blk[loc].arg;
}

static inline void release(sim_queue_t *q, uint32_t slot)
{
    slot_t *s = &q->slot[slot];
    s->gen++; /* odd -> even: every handle to this event is stale now */
    s->pos = q->free_head;
    q->free_head = slot;
}

static inline bool live(const sim_queue_t *q, sim_handle_t h)
{
    return h.slot != 0 && h.slot < q->n_slots && (h.gen & 1) && q->slot[h.slot].gen == h.gen;
}

bool sim_queue_is_pending(const sim_queue_t *q, sim_handle_t h)
{
    return live(q, h);
}

sim_time_t sim_queue_time_of(const sim_queue_t *q, sim_handle_t h)
{
    return live(q, h) ? time_at(q, q->slot[h.slot].pos) : -1;
}

bool sim_queue_cancel(sim_queue_t *q, sim_handle_t h)
{
    if (!live(q, h))
        return false;
    uint32_t loc = q->slot[h.slot].pos;
    sim_event_free_fn *fin = fin_of(q, h.slot);
    void *arg = fin ? arg_at(q, h.slot, loc) : NULL;
    release(q, h.slot);
    q->n_live--;
    if (loc & LANE_BIT) {
        lane_cancel(q, loc);
    } else if (q->n_rest--, !q->is_radix) {
        heap_remove(q, loc);
    } else if (loc & IN_BUCKET0) {
        q->b0[loc & ~IN_BUCKET0].key &= ~SLOT_MASK; /* a tombstone keeps the FIFO order */
        if (--q->n0_live == 0)
            b0_drained(q);
    } else {
        if (q->blk[loc].at == q->min_at)
            q->min_ok = false; /* maybe the earliest: found again when asked */
        chain_remove(q, loc);
    }
    if (fin)
        fin(arg); /* last: it may schedule or cancel other events */
    return true;
}

/* ---- pop ----------------------------------------------------------------- */

static inline void hand_out(sim_queue_t *q, const entry_t *e, sim_event_t *ev)
{
    ev->at = e->at;
    ev->fn = e->fn;
    ev->ctx = e->ctx;
    ev->arg = e->arg;
    q->now = q->base = e->at;
    release(q, slot_of(e));
}

/* The radix heap's earliest time (n_rest > 0). */
static inline sim_time_t radix_peek(sim_queue_t *q)
{
    if (q->n0_live)
        return q->base;
    if (!q->min_ok)
        find_min(q);
    return q->min_at;
}

/* The radix heap's earliest event, at the front of bucket 0 (formed if need
 * be). */
static always_inline const entry_t *radix_front(sim_queue_t *q)
{
    if (q->n0_live == 0) {
        if (!q->min_ok)
            find_min(q);
        redistribute(q);
    }
    while (slot_of(&q->b0[q->head0]) == 0) /* tombstones of cancelled events */
        q->head0++;
    return &q->b0[q->head0];
}

/* Takes e, the front of bucket 0, out of the radix heap. */
static inline void b0_take(sim_queue_t *q, const entry_t *e, sim_event_t *ev)
{
    q->head0++;
    hand_out(q, e, ev);
    if (--q->n0_live == 0)
        b0_drained(q);
}

static always_inline void radix_pop(sim_queue_t *q, sim_event_t *ev)
{
    if (q->n0_live == 0) {
        unsigned from = lowest_bit(q->mask);
        chain_t *c = &q->bucket[from];
        if (c->tail_len == 1 && c->tail == c->head) {
            /* The lowest bucket holds one event: it is the earliest. */
            c->tail_len = 0;
            q->mask &= ~(UINT64_C(1) << from);
            q->min_ok = false;
            hand_out(q, block_entries(q, c->head), ev);
            return;
        }
    }
    b0_take(q, radix_front(q), ev);
}

/* One event fewer in the radix heap: below HEAP_MIN, the heap takes over. */
static inline void radix_taken(sim_queue_t *q)
{
    if (--q->n_rest < HEAP_MIN)
        to_heap(q);
}

/* Takes the earliest event of the rest (n_rest > 0). */
static always_inline void rest_take(sim_queue_t *q, sim_event_t *ev)
{
    if (!q->is_radix) {
        hentry_t top = q->heap[0];
        uint32_t slot = hslot_of(&top);
        const payload_t *p = &q->payload[slot];
        ev->at = top.at;
        ev->fn = p->fn;
        ev->ctx = p->ctx;
        ev->arg = p->arg;
        q->now = top.at;
        release(q, slot);
        if (--q->n_rest)
            heap_sift_down(q, 0, q->heap[q->n_rest]);
        else
            q->heap[0] = HEAP_NONE;
        return;
    }
    radix_pop(q, ev);
    radix_taken(q);
}

/* Takes the front of lane l. */
static always_inline void lane_take(sim_queue_t *q, unsigned l, sim_event_t *ev)
{
    lane_t *ln = &q->lane[l];
    const lentry_t *e = q->front[l];
    ev->at = e->at;
    ev->fn = e->fn;
    ev->ctx = e->ctx;
    ev->arg = e->arg;
    q->now = e->at;
    uint32_t slot = lslot_of(e);
    if (slot != ANON)
        release(q, slot);
    if (--ln->live == 0) {
        lane_emptied(q, l);
    } else {
        const lentry_t *f = e;
        do
            f++;
        while (!lslot_of(f));
        q->front[l] = (lentry_t *)f;
    }
}

#define SRC_REST (-1)

/* Where the earliest pending event is (n_live > 0): lane l (0 .. N_LANES-1),
 * SRC_REST, or N_LANES + l when the front of lane l and the radix heap's
 * earliest event share a time (their keys decide, in take(), so that a
 * query never forms bucket 0). Its time in *t. */
static always_inline int pick(sim_queue_t *q, sim_time_t *t)
{
    uint32_t m = q->lane_mask;
    if (!m) {
        *t = q->is_radix ? radix_peek(q) : q->heap[0].at;
        return SRC_REST;
    }
    unsigned l = lowest_bit(m);
    const lentry_t *b = q->front[l];
    int src = (int)l;
    for (m &= m - 1; m; m &= m - 1) {
        unsigned k = lowest_bit(m);
        const lentry_t *e = q->front[k];
        if (earlier(e->at, e->key, b->at, b->key)) {
            b = e;
            src = (int)k;
        }
    }
    *t = b->at;
    if (!q->is_radix) {
        const hentry_t *h = &q->heap[0]; /* HEAP_NONE when empty */
        if (earlier(h->at, h->key, b->at, b->key)) {
            *t = h->at;
            return SRC_REST;
        }
    } else if (q->n_rest) {
        sim_time_t r = radix_peek(q);
        if (r < b->at) {
            *t = r;
            return SRC_REST;
        }
        if (r == b->at)
            return N_LANES + src;
    }
    return src;
}

/* The front of lane l and the radix heap's earliest event share a time:
 * takes the one scheduled first. */
static NOINLINE void take_tie(sim_queue_t *q, unsigned l, sim_event_t *ev)
{
    const entry_t *f = radix_front(q);
    if (f->key < q->front[l]->key) {
        b0_take(q, f, ev);
        radix_taken(q);
    } else {
        lane_take(q, l, ev);
    }
}

/* Takes the event pick() found. */
static always_inline void take(sim_queue_t *q, int src, sim_event_t *ev)
{
    if (src == SRC_REST) {
        rest_take(q, ev);
    } else if (src < N_LANES) {
        lane_take(q, (unsigned)src, ev);
    } else {
        sim_event_t tie; /* through a copy: ev itself can stay in registers */
        take_tie(q, (unsigned)src - N_LANES, &tie);
        *ev = tie;
    }
    q->n_live--;
}

bool sim_queue_pop(sim_queue_t *q, sim_event_t *ev)
{
    if (q->n_live == 0)
        return false;
    sim_time_t t;
    take(q, pick(q, &t), ev);
    return true;
}

sim_time_t sim_queue_peek_time(const sim_queue_t *q)
{
    if (q->n_live == 0)
        return SIM_TIME_MAX;
    /* Logically const: pick() may fill the radix heap's cache of its
     * earliest time. A queue is never defined const (sim_queue_create
     * allocates it), so writing through the cast is defined. */
    sim_time_t t;
    pick((sim_queue_t *)q, &t);
    return t;
}

size_t sim_queue_pending(const sim_queue_t *q)
{
    return q->n_live;
}

/* ---- clear and run ------------------------------------------------------- */

typedef struct owned {
    sim_event_free_fn *fin;
    void *arg;
} owned_t;

/* Releases the slot of a pending event dropped by clear(), noting its arg
 * in own[] when it has a finalizer (own is NULL when none has). */
static inline void drop_pending(sim_queue_t *q, uint32_t slot, void *arg, owned_t *own,
                                size_t *n_own)
{
    sim_event_free_fn *fin = own ? q->fin[slot] : NULL;
    if (fin)
        own[(*n_own)++] = (owned_t){fin, arg};
    release(q, slot);
}

/* Out of memory for the list of owned args: cancels the events that have a
 * finalizer one by one (each cancel runs it). */
static void cancel_owned(sim_queue_t *q)
{
    for (uint32_t s = 1; s < q->n_slots; s++)
        if ((q->slot[s].gen & 1) && q->fin[s])
            sim_queue_cancel(q, (sim_handle_t){s, q->slot[s].gen});
}

void sim_queue_clear(sim_queue_t *q)
{
    /* The finalizers run once the queue is empty: whatever they schedule
     * stays pending. */
    owned_t *own = NULL;
    size_t n_own = 0;
    if (q->n_live && !(own = malloc(q->n_live * sizeof(*own)))) {
        for (unsigned l = 0; l < N_LANES; l++)
            lane_give_slots(q, l); /* so that cancel can reach them */
        cancel_owned(q);
    }
    if (q->is_radix) {
        for (uint32_t i = q->head0; i < q->len0; i++)
            if (slot_of(&q->b0[i]))
                drop_pending(q, slot_of(&q->b0[i]), q->b0[i].arg, own, &n_own);
        for (unsigned b = 1; b < N_BUCKETS; b++) {
            const chain_t *c = &q->bucket[b];
            for (uint32_t blk = c->head; blk != NO_BLOCK; blk = q->blk_next[blk])
                for (uint32_t i = 0, len = block_len(c, blk); i < len; i++) {
                    const entry_t *e = &block_entries(q, blk)[i];
                    drop_pending(q, slot_of(e), e->arg, own, &n_own);
                }
        }
        radix_reset(q);
        q->is_radix = false;
    } else {
        for (size_t i = 0; i < q->n_rest; i++) {
            uint32_t slot = hslot_of(&q->heap[i]);
            drop_pending(q, slot, q->payload[slot].arg, own, &n_own);
        }
    }
    q->heap[0] = HEAP_NONE;
    for (unsigned l = 0; l < N_LANES; l++) {
        lane_t *ln = &q->lane[l];
        for (uint32_t i = lane_head(q, l); i < ln->tail; i++) {
            const lentry_t *e = &ln->e[i];
            uint32_t slot = lslot_of(e);
            if (slot == ANON) {
                if (own && e->fin)
                    own[n_own++] = (owned_t){e->fin, e->arg};
            } else if (slot) {
                drop_pending(q, slot, e->arg, own, &n_own);
            }
        }
        ln->live = 0;
        lane_emptied(q, l);
    }
    q->n_live = q->n_rest = 0;
    for (size_t i = 0; i < n_own; i++)
        own[i].fin(own[i].arg);
    free(own);
}

uint64_t sim_queue_run(sim_queue_t *q, sim_t *sim, sim_time_t horizon, sim_time_t *now,
                       const bool *stop)
{
    uint64_t n = 0;
    sim_event_t ev;
    while (!*stop) {
        if (q->n_live == 0) {
            if (horizon != SIM_TIME_MAX && horizon > *now)
                *now = horizon;
            break;
        }
        /* Without lanes or a horizon the pop alone decides, and the radix
         * heap need not find its earliest time twice. */
        int src = SRC_REST;
        if (q->lane_mask || unlikely(horizon != SIM_TIME_MAX)) {
            sim_time_t t;
            src = pick(q, &t);
            if (t > horizon) {
                if (horizon > *now)
                    *now = horizon;
                break;
            }
        }
        take(q, src, &ev);
        *now = ev.at;
        ev.fn(sim, ev.ctx, ev.arg);
        n++;
    }
    return n;
}
