/* Per-correspondent state: a host keeps one entry (BUL entry + RR state,
 * binding cache entry, flow) per correspondent, found by the peer's home
 * address in O(1); messages are attributed to the right entry by home
 * address or by the current holder of their source address. Built on a
 * hand-made world of four hosts (the loader still makes two-host worlds). */
#include "models/host.h"
#include "models/state.h"
#include "tests/testing.h"

#include <stdlib.h>
#include <string.h>

static net_addr_t addr_of(unsigned net, unsigned iid)
{
    net_addr_t a = {{0x20, 0x01, 0x0d, 0xb8}};
    a.b[7] = (uint8_t)net;
    a.b[15] = (uint8_t)iid;
    return a;
}

enum { N = 4 };

static mob_world_t *make_world(void)
{
    mob_world_t *w = calloc(1, sizeof(*w));
    w->cfg.n_hosts = N;
    w->hosts = calloc(N, sizeof(*w->hosts));
    for (int i = 0; i < N; i++) {
        struct mob_mn *h = &w->hosts[i];
        h->index = i;
        h->hoa = addr_of(10 + i, 1);
        h->coa = addr_of(20 + i, 1);
        mob_addrmap_put(&w->homes, &h->hoa, i);
        mob_nodes_add(&w->nodes, "H", MOB_NODE_HOST, -1, NULL, NULL, h);
        mob_nodes_bind(&w->nodes, &h->coa, i);
    }
    return w;
}

static void free_world(mob_world_t *w)
{
    for (int i = 0; i < N; i++) {
        free(w->hosts[i].corr);
        mob_addrmap_fini(&w->hosts[i].corr_by_hoa);
    }
    free(w->hosts);
    mob_addrmap_fini(&w->homes);
    mob_nodes_fini(&w->nodes);
    free(w);
}

static void test_one_entry_per_correspondent_found_by_home_address(void)
{
    mob_world_t *w = make_world();
    struct mob_mn *a = &w->hosts[0];
    CU_ASSERT_EQUAL(mob_corr_add(w, a, 1), 0);
    CU_ASSERT_EQUAL(mob_corr_add(w, a, 2), 0);
    CU_ASSERT_EQUAL(mob_corr_add(w, a, 1), 0); /* listed twice: one entry */
    CU_ASSERT_EQUAL(a->n_corr, 2);
    mob_corr_t *b = mob_corr_of(a, &w->hosts[1].hoa), *c = mob_corr_of(a, &w->hosts[2].hoa);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(b->peer, 1);
    CU_ASSERT_EQUAL(c->peer, 2);
    CU_ASSERT_PTR_EQUAL(b->host, a);
    CU_ASSERT_PTR_NULL(mob_corr_of(a, &w->hosts[3].hoa)); /* not a correspondent */
    CU_ASSERT_PTR_EQUAL(mob_corr_for(w, a, 2), c);
    /* the entries are independent: state set in one stays there */
    b->cr.state = MOB_CR_RR;
    b->bce.valid = true;
    b->bce.coa = w->hosts[1].coa;
    CU_ASSERT_EQUAL(c->cr.state, MOB_CR_IDLE);
    CU_ASSERT_FALSE(c->bce.valid);
    free_world(w);
}

static void test_messages_are_attributed_by_home_address_or_current_holder(void)
{
    mob_world_t *w = make_world();
    struct mob_mn *a = &w->hosts[0];
    mob_corr_add(w, a, 1);
    mob_corr_add(w, a, 2);
    /* from a peer's home address (through its HA) */
    CU_ASSERT_PTR_EQUAL(mob_corr_from(w, a, &w->hosts[2].hoa), mob_corr_of(a, &w->hosts[2].hoa));
    /* from a peer's CoA: whoever holds it now */
    CU_ASSERT_PTR_EQUAL(mob_corr_from(w, a, &w->hosts[1].coa), mob_corr_of(a, &w->hosts[1].hoa));
    /* a host that is not a correspondent, and an address nobody holds */
    CU_ASSERT_PTR_NULL(mob_corr_from(w, a, &w->hosts[3].coa));
    net_addr_t nobody = addr_of(99, 9);
    CU_ASSERT_PTR_NULL(mob_corr_from(w, a, &nobody));
    /* with a single correspondent every message is its (the two-host rule) */
    struct mob_mn *d = &w->hosts[3];
    mob_corr_add(w, d, 1);
    CU_ASSERT_PTR_EQUAL(mob_corr_from(w, d, &nobody), &d->corr[0]);
    free_world(w);
}

void suite_models_corr(void)
{
    ADD_SUITE("models/corr", TEST(test_one_entry_per_correspondent_found_by_home_address),
              TEST(test_messages_are_attributed_by_home_address_or_current_holder));
}
