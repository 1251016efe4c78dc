/* The per-world packet pool (models/packet.c): a freed packet's block is
 * the next packet of its size class, the pool keeps at most
 * MOB_PKT_POOL_MAX blocks of each class, derived and raw packets keep
 * the room of the block they got, and a pooled packet may still be
 * handed to plain free(). Under AddressSanitizer the pool is off (every
 * packet its own block) and only the contents are checked. */
#include <stdlib.h>
#include <string.h>

#include "models/packet.h"
#include "models/state.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

typedef struct {
    sim_t *sim;
    mob_world_t *w;
} pool_world_t;

static void pool_world(pool_world_t *pw)
{
    mob_config_t c;
    fx_config(&c);
    sim_err_t err = {0};
    pw->sim = sim_create((sim_stream_id_t){c.seed, 0, 0});
    CU_ASSERT_EQUAL_FATAL(mob_world_create(&c, pw->sim, &pw->w, &err), 0);
    mob_config_free(&c);
}

static void pool_world_free(pool_world_t *pw)
{
    mob_world_destroy(pw->w);
    sim_destroy(pw->sim);
}

/* len bytes of an IPv6 header claiming no next header, then a pattern */
static mob_pkt_t *raw(mob_world_t *w, size_t len, uint8_t fill)
{
    uint8_t b[PKT_MAX_LEN];
    memset(b, fill, len);
    memset(b, 0, PKT_IPV6_HDR_LEN);
    b[0] = 0x60;
    b[4] = (uint8_t)((len - PKT_IPV6_HDR_LEN) >> 8);
    b[5] = (uint8_t)(len - PKT_IPV6_HDR_LEN);
    b[6] = PKT_PROTO_NONE;
    return mob_pkt_raw(w, 0, b, len);
}

static void test_a_freed_packet_is_the_next_packet_of_its_size_class(void)
{
    pool_world_t pw;
    pool_world(&pw);
    mob_world_t *w = pw.w;
    mob_pkt_t *a = raw(w, 100, 0xa1);
    mob_pkt_t *big = raw(w, 1500, 0xb1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    CU_ASSERT(a->room >= 100 && big->room >= 1500);
    uint64_t id = big->id;
    mob_pkt_free(w, a);
    mob_pkt_free(w, big);
    mob_pkt_t *b = raw(w, 300, 0xa2);  /* small class: a's block */
    mob_pkt_t *c = raw(w, 2000, 0xb2); /* large class: big's block */
    mob_pkt_t *d = raw(w, 200, 0xa3);  /* the small list is empty again */
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    if (MOB_PKT_POOL) {
        CU_ASSERT_PTR_EQUAL(b, a);
        CU_ASSERT_PTR_EQUAL(c, big);
        CU_ASSERT_PTR_NOT_EQUAL(d, a);
        CU_ASSERT_EQUAL(b->room, MOB_PKT_ROOM_SMALL);
        CU_ASSERT_EQUAL(c->room, PKT_MAX_LEN);
        CU_ASSERT_EQUAL(w->n_pkt_pool[0], 0);
        CU_ASSERT_EQUAL(w->n_pkt_pool[1], 0);
    }
    /* a reused block is a new packet: its own id, length and bytes */
    CU_ASSERT_EQUAL(b->id, id + 1);
    CU_ASSERT_EQUAL(c->id, id + 2);
    CU_ASSERT_EQUAL(b->len, 300);
    CU_ASSERT_EQUAL(c->len, 2000);
    CU_ASSERT_EQUAL(b->bytes[299], 0xa2);
    CU_ASSERT_EQUAL(c->bytes[1999], 0xb2);
    CU_ASSERT_EQUAL(b->script, 0);
    CU_ASSERT(!b->lost);
    mob_pkt_free(w, b);
    free(c); /* plain free() of a pooled packet is allowed */
    mob_pkt_free(w, d);
    mob_pkt_free(w, NULL);
    pool_world_free(&pw); /* frees what the pool holds (ASan/valgrind: no leak) */
}

static void test_the_pool_keeps_at_most_its_maximum_of_each_class(void)
{
    pool_world_t pw;
    pool_world(&pw);
    mob_world_t *w = pw.w;
    enum { N = MOB_PKT_POOL_MAX + 40 };
    static mob_pkt_t *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = raw(pw.w, 60 + (size_t)i % 400, (uint8_t)i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p[i]);
    }
    for (int i = 0; i < N; i++)
        mob_pkt_free(w, p[i]);
    CU_ASSERT_EQUAL(w->n_pkt_pool[0], MOB_PKT_POOL ? MOB_PKT_POOL_MAX : 0);
    CU_ASSERT_EQUAL(w->n_pkt_pool[1], 0);
    pool_world_free(&pw);
}

static void test_derived_packets_keep_the_room_of_their_own_block(void)
{
    pool_world_t pw;
    pool_world(&pw);
    mob_world_t *w = pw.w;
    mob_pkt_t *small = raw(w, 80, 0x11);
    CU_ASSERT_PTR_NOT_NULL_FATAL(small);
    small->lost = true;
    small->pair = 3;
    uint8_t big[1400];
    memset(big, 0x22, sizeof(big));
    mob_pkt_t *d = mob_pkt_derive(w, small, big, sizeof(big));
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT(d->room >= sizeof(big));
    CU_ASSERT(small->room >= 80);
    CU_ASSERT_EQUAL(d->pair, 3); /* the message's accounting is kept */
    CU_ASSERT(!d->lost);         /* a new transmission */
    CU_ASSERT_EQUAL(d->msg_id, small->msg_id);
    CU_ASSERT_EQUAL(d->bytes[1399], 0x22);
    if (MOB_PKT_POOL) {
        CU_ASSERT_EQUAL(d->room, PKT_MAX_LEN);
        CU_ASSERT_EQUAL(small->room, MOB_PKT_ROOM_SMALL);
    }
    mob_pkt_free(w, small);
    mob_pkt_free(w, d);
    pool_world_free(&pw);
}

/* Only bytes mobsim wrote with their checksum are marked as verifying:
 * a raw (injected) packet is not, a derived copy is not, and decapsulation
 * hands the inner packet's mark to the packet (and nothing else). */
static void test_only_packets_built_with_their_checksum_skip_the_check(void)
{
    pool_world_t pw;
    pool_world(&pw);
    mob_world_t *w = pw.w;
    mob_pkt_t *r = raw(w, 120, 0x33);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->csum_known, 0);
    r->csum_known = MOB_PKT_CSUM_INNER; /* as a flow's tunnelled packet has it */
    r->lay[1].ok = 1;
    r->inner_at = 40;
    mob_pkt_t *d = mob_pkt_derive(w, r, r->bytes, r->len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(d->csum_known, 0);
    CU_ASSERT_EQUAL(d->lay[1].ok, 0);
    mob_pkt_decap(w, r, r->bytes + 40, 80);
    CU_ASSERT_EQUAL(r->csum_known, MOB_PKT_CSUM_OUTER);
    CU_ASSERT_EQUAL(r->lay[0].ok, 1);
    CU_ASSERT_EQUAL(r->lay[1].ok, 0);
    mob_pkt_decap(w, r, r->bytes + 40, 40); /* no layout for this level: no mark */
    CU_ASSERT_EQUAL(r->csum_known, 0);
    CU_ASSERT_EQUAL(r->lay[0].ok, 0);
    mob_pkt_free(w, r);
    mob_pkt_free(w, d);
    pool_world_free(&pw);
}

void suite_packet_pool(void)
{
    ADD_SUITE("packet_pool", TEST(test_a_freed_packet_is_the_next_packet_of_its_size_class),
              TEST(test_the_pool_keeps_at_most_its_maximum_of_each_class),
              TEST(test_derived_packets_keep_the_room_of_their_own_block),
              TEST(test_only_packets_built_with_their_checksum_skip_the_check));
}
