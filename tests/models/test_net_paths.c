/* The table of constant path delays (models/net.c, w->path_const): every
 * path whose access and core delays are constants has their sum, access +
 * core + access (one access delay counted twice on a network's own paths,
 * no core), the core delay of a listed pair where one is listed; a path
 * with a drawn part has none, so it draws as before. */
#include <string.h>

#include "models/net.h"
#include "models/state.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

static sim_time_t path_of(const mob_world_t *w, int a, int b)
{
    return w->path_const[(size_t)a * (size_t)w->cfg.n_nets + (size_t)b];
}

static void test_constant_paths_have_the_sum_of_their_parts(void)
{
    mob_config_t c;
    fx_config(&c);
    c.access_default = MOB_DELAY_CONST(SIM_MS(5));
    c.core_default = MOB_DELAY_CONST(SIM_MS(20));
    c.nets[NET_A3].has_access = true; /* A3's access is drawn */
    c.nets[NET_A3].access = (mob_delay_t){MOB_DIST_UNIFORM, SIM_MS(1), SIM_MS(9), 0.0};
    c.nets[NET_B2].has_access = true;
    c.nets[NET_B2].access = MOB_DELAY_CONST(SIM_MS(7));
    sim_t *sim = sim_create((sim_stream_id_t){c.seed, 0, 0});
    mob_world_t *w;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(mob_world_create(&c, sim, &w, &err), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w->path_const);
    CU_ASSERT_EQUAL(path_of(w, NET_A1, NET_A1), SIM_MS(10));
    CU_ASSERT_EQUAL(path_of(w, NET_A1, NET_B1), SIM_MS(30));
    CU_ASSERT_EQUAL(path_of(w, NET_HOMEA, NET_HOMEB), SIM_MS(50)); /* the listed pair: 40 ms */
    CU_ASSERT_EQUAL(path_of(w, NET_HOMEB, NET_HOMEA), SIM_MS(50));
    CU_ASSERT_EQUAL(path_of(w, NET_B2, NET_A1), SIM_MS(32));
    CU_ASSERT_EQUAL(path_of(w, NET_B2, NET_B2), SIM_MS(14));
    for (int n = 0; n < w->cfg.n_nets; n++) {
        CU_ASSERT_EQUAL(path_of(w, NET_A3, n), -1);
        CU_ASSERT_EQUAL(path_of(w, n, NET_A3), -1);
    }
    mob_world_destroy(w);
    sim_destroy(sim);
    mob_config_free(&c);
}

void suite_net_paths(void)
{
    ADD_SUITE("net_paths", TEST(test_constant_paths_have_the_sum_of_their_parts));
}
