/* The config's arrays: any length, owned by the struct, deep-copied by
 * mob_config_copy() (a copy shares nothing with its source), freed by
 * mob_config_free(). */
#include "models/config.h"
#include "tests/testing.h"

#include <stdlib.h>
#include <string.h>

static void test_add_grows_any_array_and_keeps_earlier_entries(void)
{
    mob_config_t c;
    mob_config_defaults(&c);
    for (int i = 0; i < 5000; i++) {
        mob_host_t *h = mob_config_add_host(&c);
        CU_ASSERT_PTR_NOT_NULL_FATAL(h);
        CU_ASSERT_EQUAL(h->home, -1); /* a new host names no network yet */
        CU_ASSERT_EQUAL(h->start, -1);
        CU_ASSERT_EQUAL(h->kind, MOB_HOST_MOBILE);
        CU_ASSERT_FALSE(c.mobility[i].enabled);
        h->iid = (uint64_t)i + 1;
        mob_net_t *n = mob_config_add_net(&c);
        CU_ASSERT_PTR_NOT_NULL_FATAL(n);
        n->prefix.b[0] = (uint8_t)i;
        mob_peer_t *p = mob_config_add_peer(&c);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        *p = (mob_peer_t){.a = i, .b = i + 1};
    }
    CU_ASSERT_EQUAL(c.n_hosts, 5000);
    CU_ASSERT_EQUAL(c.n_nets, 5000);
    CU_ASSERT_EQUAL(c.n_peers, 5000);
    int bad = 0;
    for (int i = 0; i < 5000; i++)
        bad += c.hosts[i].iid != (uint64_t)i + 1 || c.nets[i].prefix.b[0] != (uint8_t)i ||
               c.peers[i].b != i + 1;
    CU_ASSERT_EQUAL(bad, 0);
    mob_config_free(&c);
    CU_ASSERT_EQUAL(c.n_hosts, 0);
    CU_ASSERT_PTR_NULL(c.hosts);
    CU_ASSERT_EQUAL(c.horizon, SIM_S(60)); /* the scalars stay */
    mob_config_free(&c);                   /* twice is harmless */
}

static void test_a_copy_shares_no_array_with_its_source(void)
{
    mob_config_t c, d;
    mob_config_defaults(&c);
    snprintf(mob_config_add_net(&c)->name, MOB_NAME_MAX, "A1");
    snprintf(mob_config_add_net(&c)->name, MOB_NAME_MAX, "A2");
    *mob_config_add_host(&c) = (mob_host_t){"A", MOB_HOST_MOBILE, 0, 1, 0x100, -1};
    *mob_config_add_move(&c) = (mob_move_t){0, SIM_S(1), 0};
    *mob_config_add_pair(&c) = (mob_core_pair_t){0, 1, MOB_DELAY_CONST(SIM_MS(40))};
    CU_ASSERT_EQUAL(mob_config_set_mobility_nets(&c, 0, (const int[]){0, 1}, 2), 0);
    CU_ASSERT_EQUAL(mob_config_set_mobility_nets(&c, 1, (const int[]){0}, 1), -1); /* no host 1 */
    CU_ASSERT_EQUAL_FATAL(mob_config_copy(&d, &c), 0);
    CU_ASSERT_PTR_NOT_EQUAL(d.nets, c.nets);
    CU_ASSERT_PTR_NOT_EQUAL(d.hosts, c.hosts);
    CU_ASSERT_PTR_NOT_EQUAL(d.mobility[0].nets, c.mobility[0].nets);
    CU_ASSERT_STRING_EQUAL(d.nets[1].name, "A2");
    CU_ASSERT_EQUAL(d.mobility[0].n_nets, 2);
    CU_ASSERT_EQUAL(d.mobility[0].nets[1], 1);
    CU_ASSERT_EQUAL(d.moves[0].at, SIM_S(1));
    CU_ASSERT_EQUAL(d.pairs[0].delay.a, SIM_MS(40));
    /* changing or growing the copy leaves the source as it was */
    d.nets[1].name[0] = 'X';
    d.mobility[0].nets[1] = 0;
    CU_ASSERT_PTR_NOT_NULL(mob_config_add_host(&d));
    CU_ASSERT_STRING_EQUAL(c.nets[1].name, "A2");
    CU_ASSERT_EQUAL(c.mobility[0].nets[1], 1);
    CU_ASSERT_EQUAL(c.n_hosts, 1);
    CU_ASSERT_EQUAL(d.n_hosts, 2);
    mob_config_free(&c);
    CU_ASSERT_EQUAL(d.moves[0].at, SIM_S(1)); /* still readable after the source is gone */
    mob_config_free(&d);
}

static void test_an_empty_config_copies_to_an_empty_one(void)
{
    mob_config_t c, d;
    mob_config_defaults(&c);
    CU_ASSERT_EQUAL_FATAL(mob_config_copy(&d, &c), 0);
    CU_ASSERT_PTR_NULL(d.hosts);
    CU_ASSERT_PTR_NULL(d.nets);
    CU_ASSERT_EQUAL(d.n_hosts, 0);
    CU_ASSERT_EQUAL(d.traffic_rate, c.traffic_rate);
    mob_config_free(&d);
}

void suite_models_config(void)
{
    CU_pSuite s = CU_add_suite("models/config", NULL, NULL);
    CU_add_test(s, "add grows any array and keeps earlier entries",
                test_add_grows_any_array_and_keeps_earlier_entries);
    CU_add_test(s, "a copy shares no array with its source",
                test_a_copy_shares_no_array_with_its_source);
    CU_add_test(s, "an empty config copies to an empty one",
                test_an_empty_config_copies_to_an_empty_one);
}
