/* Baseline MIPv6 route optimization under simultaneous mobility: the
 * protocol stories of the paper's Figures 1 and 3, the control case, and the
 * recovery mechanisms (retransmission via home agents under strict RFC 6275
 * routing, ICMP-driven binding deletion). */
#include "models/mh.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

#include <string.h>

/* Figure 1: A moves at 1 s, B at 1.03 s. A's RR messages chase B's old CoA
 * and B's chase A's: all four die at the other's old access router. */
static void test_fig1_rr_messages_die_at_old_access_routers(void)
{
    mob_config_t c;
    fx_config(&c);
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_MS(1030), NET_B2);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    const mob_lost_t *l;
    /* A's CoTI: sent at 1.1 s (CoA usable) directly to B's old CoA, 30 ms */
    l = fx_lost(&r, "CoTI", "A", "AR_B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "stale-address");
    CU_ASSERT_EQUAL(l->sent_at, SIM_MS(1100));
    CU_ASSERT_EQUAL(l->died_at, SIM_MS(1130));
    CU_ASSERT_STRING_EQUAL(l->to, "B");
    /* A's HoTI: reverse-tunneled via HA_A (30 ms), then HA_A -> B1 (30 ms) */
    l = fx_lost(&r, "HoTI", "A", "AR_B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "stale-address");
    CU_ASSERT_EQUAL(l->died_at, SIM_MS(1160));
    /* B's, the mirror image, at A's old AR */
    l = fx_lost(&r, "CoTI", "B", "AR_A1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "stale-address");
    CU_ASSERT_EQUAL(l->sent_at, SIM_MS(1130));
    l = fx_lost(&r, "HoTI", "B", "AR_A1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "stale-address");
    /* no correspondent binding was updated after the moves, no BU ever sent */
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "A", -1, "updated", SIM_S(1)), 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "B", -1, "updated", SIM_S(1)), 0);
    CU_ASSERT_PTR_NULL(fx_lost(&r, "BU", "A", NULL));
    /* the home registrations themselves succeed */
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "HA_A", -1, "home-updated", SIM_S(1)), 1);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "HA_B", -1, "home-updated", SIM_S(1)), 1);
    /* and nothing recovers within 60 s: bindings live 420 s, retransmissions
     * keep following the stale binding cache */
    CU_ASSERT_FALSE(r.m->restored_ab);
    CU_ASSERT_FALSE(r.m->restored_ba);
    CU_ASSERT_FALSE(r.m->has_restore_time);
    CU_ASSERT_TRUE(fx_count(&r, SIM_TR_PKT_DROPPED, "AR_B1", MH_COTI, "stale-address", 0) >= 5);
    CU_ASSERT_TRUE(r.m->data_lost > 2500);
    CU_ASSERT_TRUE(r.m->disruption_ab > SIM_S(58));
    fx_free(&r);
    mob_config_free(&c);
}

/* Figure 3: B moves after A's RR completed but before A's BU reached B. */
static void test_fig3_bu_lost_after_rr_completed(void)
{
    mob_config_t c;
    fx_config(&c);
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_MS(1200), NET_B2);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    /* A got both tokens from B (B was still at B1 when HoTI/CoTI arrived) */
    const fx_rec_t *hot = fx_first(&r, SIM_TR_PKT_RECEIVED, "A", MH_HOT, NULL, SIM_S(1));
    const fx_rec_t *cot = fx_first(&r, SIM_TR_PKT_RECEIVED, "A", MH_COT, NULL, SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(hot);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cot);
    CU_ASSERT_TRUE(hot->at < SIM_MS(1300) && cot->at < SIM_MS(1300));
    /* A's BU went to B's old CoA and died there */
    const mob_lost_t *bu = fx_lost(&r, "BU", "A", "AR_B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(bu);
    CU_ASSERT_STRING_EQUAL(bu->why, "stale-address");
    CU_ASSERT_TRUE(bu->sent_at >= hot->at && bu->sent_at >= cot->at);
    CU_ASSERT_TRUE(bu->died_at > SIM_MS(1200));
    /* B's RR chased A's old CoA */
    CU_ASSERT_PTR_NOT_NULL(fx_lost(&r, "HoTI", "B", "AR_A1"));
    CU_ASSERT_PTR_NOT_NULL(fx_lost(&r, "CoTI", "B", "AR_A1"));
    CU_ASSERT_FALSE(r.m->restored_ab);
    CU_ASSERT_FALSE(r.m->restored_ba);
    fx_free(&r);
    mob_config_free(&c);
}

/* Control: moves 5 s apart; each correspondent registration completes. */
static void test_control_moves_apart_restore_both_directions(void)
{
    mob_config_t c;
    fx_config(&c);
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_S(6), NET_B2);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_EQUAL(r.m->sig_lost, 0);
    CU_ASSERT_TRUE(r.m->restored_ab);
    CU_ASSERT_TRUE(r.m->restored_ba);
    CU_ASSERT_TRUE_FATAL(r.m->has_restore_time);
    /* B's RR (HoTI via two HAs: 30 + 70 + 30 ms, HoT back the same), BU 30 ms:
     * well under half a second after B's detach at 6 s */
    CU_ASSERT_TRUE(r.m->restore_time > SIM_MS(100));
    CU_ASSERT_TRUE(r.m->restore_time < SIM_MS(500));
    /* B's binding for A was updated after A's BU, before B moved */
    const fx_rec_t *upd = fx_first(&r, SIM_TR_BINDING, "B", -1, "updated", SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(upd);
    CU_ASSERT_TRUE(upd->at < SIM_S(2));
    /* A received its home BA and B's BA; B's move sends A no BA */
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_RECEIVED, "A", MH_BA, NULL, SIM_S(1)), 2);
    fx_free(&r);
    mob_config_free(&c);
}

/* Strict RFC 6275 §6.1: HoTI/CoTI/BU go to the peer's home address. The
 * Figure 1 timing loses what HA_B tunnels to B's old CoA before B's home
 * BU arrives; retransmissions (1 s) go through the updated HAs and recover. */
static void test_rfc6275_routing_recovers_fig1_by_retransmission(void)
{
    mob_config_t c;
    fx_config(&c);
    c.mh_routing = MOB_MH_RFC6275;
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_MS(1030), NET_B2);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_TRUE(r.m->restored_ab);
    CU_ASSERT_TRUE(r.m->restored_ba);
    CU_ASSERT_TRUE_FATAL(r.m->has_restore_time);
    CU_ASSERT_TRUE(r.m->restore_time < SIM_S(3));
    /* whatever died, died on the way from a home agent's tunnel to an old CoA */
    for (size_t i = 0; i < r.m->n_lost; i++) {
        CU_ASSERT_STRING_EQUAL(r.m->lost[i].why, "stale-address");
        CU_ASSERT_TRUE(strcmp(r.m->lost[i].where, "AR_A1") == 0 ||
                       strcmp(r.m->lost[i].where, "AR_B1") == 0);
    }
    fx_free(&r);
    mob_config_free(&c);
}

/* With ICMP unreachables from the old AR, a host deletes its stale binding
 * after more than 3 errors; its retransmissions then go to the peer's home
 * address and Figure 1 recovers. Here the router answers at once and
 * without a rate limit (resolution delay 0, rate 0); at the RFC defaults
 * see models/icmp. */
static void test_icmp_unreachable_deletes_stale_binding_and_recovers(void)
{
    mob_config_t c;
    fx_config(&c);
    c.icmp_unreachable = true;
    c.icmp_resolution_delay = 0;
    c.icmp_rate = 0;
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_MS(1030), NET_B2);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    const fx_rec_t *del_a = fx_first(&r, SIM_TR_BINDING, "A", -1, "deleted-icmp", 0);
    const fx_rec_t *del_b = fx_first(&r, SIM_TR_BINDING, "B", -1, "deleted-icmp", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(del_a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(del_b);
    CU_ASSERT_TRUE(del_a->at > SIM_S(1) && del_a->at < SIM_MS(1400));
    CU_ASSERT_TRUE(r.m->restored_ab);
    CU_ASSERT_TRUE(r.m->restored_ba);
    CU_ASSERT_TRUE_FATAL(r.m->has_restore_time);
    /* recovery waits for the next RR retransmission after the deletion */
    CU_ASSERT_TRUE(r.m->restore_time > del_a->at - SIM_MS(1030));
    CU_ASSERT_TRUE(r.m->restore_time < SIM_S(4));
    fx_free(&r);
    mob_config_free(&c);
}

/* Runs are reproducible: same config, same seed, same metrics. */
static void test_same_seed_same_run(void)
{
    mob_config_t c;
    fx_config(&c);
    c.access_default = (mob_delay_t){MOB_DIST_UNIFORM, SIM_MS(2), SIM_MS(8), 0};
    c.loss = 0.01;
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_MS(1030), NET_B2);
    fx_run_t r1, r2;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r1, &c), 0);
    CU_ASSERT_EQUAL_FATAL(fx_run(&r2, &c), 0);
    CU_ASSERT_EQUAL(r1.m->events, r2.m->events);
    CU_ASSERT_EQUAL(r1.m->data_lost, r2.m->data_lost);
    CU_ASSERT_EQUAL(r1.m->data_delay_mean, r2.m->data_delay_mean);
    CU_ASSERT_EQUAL(r1.m->sig_sent, r2.m->sig_sent);
    CU_ASSERT_TRUE(r1.m->data_delay_mean > 0);
    fx_free(&r1);
    fx_free(&r2);
    mob_config_free(&c);
}

void suite_models_baseline(void)
{
    ADD_SUITE("models/baseline", TEST(test_fig1_rr_messages_die_at_old_access_routers),
              TEST(test_fig3_bu_lost_after_rr_completed),
              TEST(test_control_moves_apart_restore_both_directions),
              TEST(test_rfc6275_routing_recovers_fig1_by_retransmission),
              TEST(test_icmp_unreachable_deletes_stale_binding_and_recovers),
              TEST(test_same_seed_same_run));
}
