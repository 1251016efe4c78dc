/* The node table and its address hash: the hash against a trivially
 * correct reference (a plain array scanned linearly) through a random
 * sequence of puts, deletes and gets; node ids, names and address
 * ownership rules. */
#include "models/addrmap.h"
#include "models/node.h"
#include "tests/testing.h"

#include <gsl/gsl_rng.h>
#include <string.h>

static net_addr_t addr_of(unsigned net, unsigned iid)
{
    net_addr_t a = {{0x20, 0x01, 0x0d, 0xb8}};
    a.b[6] = (uint8_t)(net >> 8);
    a.b[7] = (uint8_t)net;
    a.b[14] = (uint8_t)(iid >> 8);
    a.b[15] = (uint8_t)iid;
    return a;
}

#define REF_N 512

static void test_addrmap_agrees_with_a_linear_reference(void)
{
    static int ref[REF_N]; /* ref[k]: value of key k, -1 absent */
    for (int k = 0; k < REF_N; k++)
        ref[k] = -1;
    mob_addrmap_t m = MOB_ADDRMAP_INIT;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 13);
    size_t n_ref = 0;
    int disagreements = 0;
    for (int step = 0; step < 200000; step++) {
        unsigned k = (unsigned)gsl_rng_uniform_int(r, REF_N);
        /* keys differ only in the low bits of one network, or in the network */
        net_addr_t a = addr_of(k % 7, k);
        unsigned op = (unsigned)gsl_rng_uniform_int(r, 3);
        if (op == 0) {
            int v = (int)gsl_rng_uniform_int(r, 100000);
            CU_ASSERT_EQUAL_FATAL(mob_addrmap_put(&m, &a, v), 0);
            if (ref[k] < 0)
                n_ref++;
            ref[k] = v;
        } else if (op == 1) {
            bool had = mob_addrmap_del(&m, &a);
            if (had != (ref[k] >= 0))
                disagreements++;
            if (ref[k] >= 0)
                n_ref--;
            ref[k] = -1;
        } else if (mob_addrmap_get(&m, &a) != ref[k]) {
            disagreements++;
        }
        if (mob_addrmap_count(&m) != n_ref)
            disagreements++;
    }
    for (unsigned k = 0; k < REF_N; k++) {
        net_addr_t a = addr_of(k % 7, k);
        if (mob_addrmap_get(&m, &a) != ref[k])
            disagreements++;
    }
    CU_ASSERT_EQUAL(disagreements, 0);
    mob_addrmap_fini(&m);
    CU_ASSERT_EQUAL(mob_addrmap_count(&m), 0);
    gsl_rng_free(r);
}

static void test_addrmap_holds_1e5_addresses(void)
{
    mob_addrmap_t m = MOB_ADDRMAP_INIT;
    for (unsigned i = 0; i < 100000; i++) {
        net_addr_t a = addr_of(i / 250, i % 250 + 2);
        CU_ASSERT_EQUAL_FATAL(mob_addrmap_put(&m, &a, (int)i), 0);
    }
    CU_ASSERT_EQUAL(mob_addrmap_count(&m), 100000);
    int bad = 0;
    for (unsigned i = 0; i < 100000; i += 7) {
        net_addr_t a = addr_of(i / 250, i % 250 + 2);
        bad += mob_addrmap_get(&m, &a) != (int)i;
    }
    CU_ASSERT_EQUAL(bad, 0);
    net_addr_t absent = addr_of(9999, 1);
    CU_ASSERT_EQUAL(mob_addrmap_get(&m, &absent), -1);
    mob_addrmap_fini(&m);
}

static void rx(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v)
{
    (void)w;
    (void)node;
    (void)pkt;
    (void)v;
}

static void test_node_table_ids_names_and_address_holders(void)
{
    mob_node_table_t t = {0};
    int a = mob_nodes_add(&t, "A", MOB_NODE_HOST, -1, rx, NULL, NULL);
    int ha = mob_nodes_add(&t, "HA_A", MOB_NODE_HA, 0, rx, rx, NULL);
    int ar = mob_nodes_add(&t, "AR_A1", MOB_NODE_AR, 1, rx, rx, NULL);
    CU_ASSERT_EQUAL(a, 0);
    CU_ASSERT_EQUAL(ha, 1);
    CU_ASSERT_EQUAL(ar, 2);
    CU_ASSERT_EQUAL(mob_nodes_find(&t, "HA_A"), ha);
    CU_ASSERT_EQUAL(mob_nodes_find(&t, "nobody"), -1);
    CU_ASSERT_STRING_EQUAL(t.node[ar].name, "AR_A1");
    CU_ASSERT_PTR_EQUAL(t.node[ha].gateway, rx);
    CU_ASSERT_PTR_NULL(t.node[a].gateway);
    net_addr_t coa = addr_of(1, 0x100), coa2 = addr_of(1, 0x200);
    CU_ASSERT_EQUAL(mob_nodes_holder(&t, &coa), -1);
    CU_ASSERT_EQUAL(mob_nodes_bind(&t, &coa, a), 0);
    CU_ASSERT_EQUAL(mob_nodes_holder(&t, &coa), a);
    /* a duplicate address stays with its first holder */
    CU_ASSERT_EQUAL(mob_nodes_bind(&t, &coa, ar), 0);
    CU_ASSERT_EQUAL(mob_nodes_holder(&t, &coa), a);
    /* only the holder gives an address up */
    mob_nodes_unbind(&t, &coa, ar);
    CU_ASSERT_EQUAL(mob_nodes_holder(&t, &coa), a);
    mob_nodes_unbind(&t, &coa, a);
    CU_ASSERT_EQUAL(mob_nodes_holder(&t, &coa), -1);
    /* a handoff: the old CoA is released, the new one held */
    mob_nodes_bind(&t, &coa2, a);
    CU_ASSERT_EQUAL(mob_nodes_holder(&t, &coa2), a);
    CU_ASSERT_EQUAL(mob_nodes_holder(&t, &coa), -1);
    for (int i = 0; i < 100; i++) /* growth keeps the ids */
        CU_ASSERT_EQUAL(mob_nodes_add(&t, "X", MOB_NODE_HOST, -1, rx, NULL, NULL), 3 + i);
    CU_ASSERT_STRING_EQUAL(t.node[ha].name, "HA_A");
    mob_nodes_fini(&t);
    CU_ASSERT_EQUAL(t.n, 0);
}

void suite_models_node(void)
{
    ADD_SUITE("models/node", TEST(test_addrmap_agrees_with_a_linear_reference),
              TEST(test_addrmap_holds_1e5_addresses),
              TEST(test_node_table_ids_names_and_address_holders));
}
