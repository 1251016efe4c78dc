/* The simultaneous-mobility results of Wong et al. on every offset: B's
 * move against A's over +-400 ms in 10 ms steps (Figure 1's world
 * otherwise), under both routing modes, each run checked against what the
 * paper and RFC 6275 say must happen, and the offsets where signaling is
 * lost checked against the derived window (analysis/window.c).
 *
 * Paper routing (HoTI/CoTI/BU follow the binding cache): the two movers lose
 * signaling together or not at all - each sends to the other's old CoA -
 * and once signaling is lost at an old CoA nothing is restored before the
 * binding expires (420 s, past the horizon).
 *
 * Strict RFC 6275 routing (to the home address): only the first mover's
 * signaling dies at an old CoA (the second mover's goes to the first
 * mover's home agent, which already knows the new CoA), and the first
 * mover's retransmission, sent after the second mover's handoff, repairs
 * it: both directions are restored. */
#include "analysis/window.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

#include <stdio.h>
#include <string.h>

#define RANGE SIM_MS(400)
#define STEP  SIM_MS(10)

typedef struct outcome {
    int lost_a, lost_b; /* correspondent signaling sent by A / B that died */
    int lost_stale_a, lost_stale_b;
    bool restored_ab, restored_ba;
} outcome_t;

static bool rr_or_bu(const char *type)
{
    static const char *const t[] = {"HoTI", "CoTI", "HoT", "CoT", "BU", "BA"};
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (strcmp(type, t[i]) == 0)
            return true;
    return false;
}

static void run_at(sim_time_t delta, mob_mh_routing_t routing, outcome_t *o)
{
    mob_config_t c;
    fx_config(&c);
    c.horizon = SIM_S(15);
    c.mh_routing = routing;
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_S(1) + delta, NET_B2);
    fx_run_t r;
    memset(o, 0, sizeof(*o));
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_FATAL(r.m->n_lost == r.m->sig_lost); /* all listed: none beyond MOB_LOST_MAX */
    for (size_t i = 0; i < r.m->n_lost; i++) {
        const mob_lost_t *l = &r.m->lost[i];
        if (!rr_or_bu(l->type))
            continue;
        bool stale = strcmp(l->why, "stale-address") == 0;
        if (strcmp(l->from, "A") == 0) {
            o->lost_a++;
            o->lost_stale_a += stale;
        } else if (strcmp(l->from, "B") == 0) {
            o->lost_b++;
            o->lost_stale_b += stale;
        }
    }
    o->restored_ab = r.m->restored_ab;
    o->restored_ba = r.m->restored_ba;
    fx_free(&r);
    mob_config_free(&c);
}

static void test_paper_routing_both_lose_together_or_neither(void)
{
    mob_config_t c;
    fx_config(&c);
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_MS(1030), NET_B2);
    int n_lost = 0, n_clean = 0;
    for (sim_time_t d = -RANGE; d <= RANGE; d += STEP) {
        outcome_t o;
        run_at(d, MOB_MH_BINDING_CACHE, &o);
        bool a = o.lost_a > 0, b = o.lost_b > 0;
        if (a != b)
            fprintf(stderr, "\noffset %lld ms: A lost %d, B lost %d\n", (long long)(d / SIM_MS(1)),
                    o.lost_a, o.lost_b);
        CU_ASSERT_EQUAL(a, b);
        CU_ASSERT_EQUAL(a, window_analytic_at(&c, d)); /* the derived window */
        if (a) {
            n_lost++;
            CU_ASSERT_TRUE(o.lost_stale_a > 0 && o.lost_stale_b > 0);
            CU_ASSERT_FALSE(o.restored_ab);
            CU_ASSERT_FALSE(o.restored_ba);
        } else {
            n_clean++;
            CU_ASSERT_TRUE(o.restored_ab && o.restored_ba);
        }
    }
    CU_ASSERT_TRUE(n_lost > 0 && n_clean > 0);
    mob_config_free(&c);
}

static void test_rfc6275_routing_only_the_first_mover_loses_and_recovers(void)
{
    mob_config_t c;
    fx_config(&c);
    c.mh_routing = MOB_MH_RFC6275;
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_MS(1030), NET_B2);
    int n_lost = 0;
    for (sim_time_t d = -RANGE; d <= RANGE; d += STEP) {
        outcome_t o;
        run_at(d, MOB_MH_RFC6275, &o);
        bool lost = o.lost_a + o.lost_b > 0;
        CU_ASSERT_EQUAL(lost, window_analytic_at(&c, d));
        if (lost) {
            n_lost++;
            /* the first mover's only: A's when A moved first (d > 0) */
            if (d > 0)
                CU_ASSERT_TRUE(o.lost_a > 0 && o.lost_b == 0);
            if (d < 0)
                CU_ASSERT_TRUE(o.lost_b > 0 && o.lost_a == 0);
            if ((d > 0 && o.lost_b) || (d < 0 && o.lost_a))
                fprintf(stderr, "\noffset %lld ms: A lost %d, B lost %d\n",
                        (long long)(d / SIM_MS(1)), o.lost_a, o.lost_b);
        }
        /* retransmission repairs it: both directions back by the horizon */
        CU_ASSERT_TRUE(o.restored_ab && o.restored_ba);
    }
    CU_ASSERT_TRUE(n_lost > 0);
    mob_config_free(&c);
}

void suite_models_offsets(void)
{
    CU_pSuite s = CU_add_suite("models/offsets", NULL, NULL);
    CU_add_test(s, "paper routing: both lose together or neither, and nothing comes back",
                test_paper_routing_both_lose_together_or_neither);
    CU_add_test(s, "rfc6275 routing: only the first mover loses, and recovers",
                test_rfc6275_routing_only_the_first_mover_loses_and_recovers);
}
