/* Consecutive mobility (issue 14): scenarios/consecutive.json - A moves
 * A1 -> A2 at 1 s and A2 -> A3 at 1.08 s while B stays; with a 30 ms handoff
 * A's CoA on A2 is usable at 1.03 s, so the second move leaves while the
 * first move's home registration and return routability are in flight.
 * What must hold: the answers meant for the A2 CoA die at A2's access router
 * (nothing else is lost), the state after the second move is that of a
 * fresh registration (the A3 CoA, a new home BU sequence number, RR
 * restarted toward B from A3), nothing A sends after leaving A2 carries the
 * A2 CoA (no timer of the old CoA still firing), and B's binding for A ends
 * on A3. */
#include "models/host.h"
#include "models/mh.h"
#include "models/state.h"
#include "scenarios/scn.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

#include <stdlib.h>
#include <string.h>

static net_addr_t addr(const char *s)
{
    net_addr_t a;
    net_addr_parse(s, &a);
    return a;
}

/* The outer source of a packet record (its first bytes as on the wire). */
static bool src_is(const fx_rec_t *f, const net_addr_t *a)
{
    return f->len >= 24 && memcmp(f->bytes + 8, a->b, 16) == 0;
}

static void test_a_second_move_mid_registration_restarts_it_cleanly(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_file("scenarios/consecutive.json", NULL, 0, &c, &err), 0);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    const net_addr_t a2 = addr("2001:db8:a2::100"), a3 = addr("2001:db8:a3::100");
    const sim_time_t second = SIM_MS(1080);

    /* flagged, and exactly the answers for the A2 CoA were lost there: the
     * home BA and B's CoT (sent at 1.06 s), B's HoT (forwarded by HA_A to
     * A2 before A's BU from A3 reached it) */
    CU_ASSERT_TRUE(r.m->consecutive_mobility);
    CU_ASSERT_EQUAL(r.m->sig_lost, 3);
    const mob_lost_t *ba = fx_lost(&r, "BA", "HA_A", "AR_A2");
    const mob_lost_t *cot = fx_lost(&r, "CoT", "B", "AR_A2");
    const mob_lost_t *hot = fx_lost(&r, "HoT", "B", "AR_A2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cot);
    CU_ASSERT_PTR_NOT_NULL_FATAL(hot);
    CU_ASSERT_TRUE(net_addr_eq(&ba->to_addr, &a2));
    CU_ASSERT_TRUE(net_addr_eq(&cot->to_addr, &a2));
    CU_ASSERT_STRING_EQUAL(ba->why, "stale-address");
    CU_ASSERT_TRUE(ba->died_at > second && cot->died_at > second && hot->died_at > second);

    /* nothing A sends after leaving A2 comes from the A2 CoA; from A3, a
     * home BU with a newer sequence number than the A2 one, and a new RR */
    int from_a2_after = 0;
    const fx_rec_t *bu2 = NULL, *bu3 = NULL, *hoti3 = NULL, *coti3 = NULL;
    for (size_t i = 0; i < r.n; i++) {
        const fx_rec_t *f = &r.recs[i];
        if (f->kind != SIM_TR_PKT_SENT || strcmp(f->node, "A") != 0)
            continue;
        if (f->at >= second && src_is(f, &a2))
            from_a2_after++;
        if (f->code == MH_BU && src_is(f, &a2) && !bu2)
            bu2 = f;
        if (f->code == MH_BU && src_is(f, &a3) && !bu3)
            bu3 = f;
        if (f->code == MH_COTI && src_is(f, &a3) && !coti3)
            coti3 = f;
        if (f->code == MH_HOTI && f->at > second && !hoti3)
            hoti3 = f;
    }
    CU_ASSERT_EQUAL(from_a2_after, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bu2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bu3);
    CU_ASSERT_PTR_NOT_NULL(hoti3);
    CU_ASSERT_PTR_NOT_NULL(coti3);
    CU_ASSERT_TRUE(bu3->at > second);
    /* "home BU seq N": the A3 registration's number is past the A2 one */
    const char *q2 = strstr(bu2->label, "home BU seq "), *q3 = strstr(bu3->label, "home BU seq ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(q2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q3);
    CU_ASSERT_TRUE(atoi(q3 + 12) > atoi(q2 + 12));

    /* the end state: A on A3, registered at home and with B; B's cache
     * entry for A holds A3 and B -> A is restored */
    const struct mob_mn *a = &r.w->hosts[0];
    CU_ASSERT_TRUE(a->attached && net_addr_eq(&a->coa, &a3));
    CU_ASSERT_TRUE(a->home_registered);
    CU_ASSERT_TRUE(a->home_bce.valid && net_addr_eq(&a->home_bce.coa, &a3));
    const mob_corr_t *ab = mob_corr_for(r.w, a, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ab);
    CU_ASSERT_EQUAL(ab->cr.state, MOB_CR_BOUND);
    CU_ASSERT_TRUE(net_addr_eq(&ab->cr.for_coa, &a3));
    const mob_corr_t *ba_entry = mob_corr_for(r.w, &r.w->hosts[1], 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba_entry);
    CU_ASSERT_TRUE(ba_entry->bce.valid && net_addr_eq(&ba_entry->bce.coa, &a3));
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    CU_ASSERT_TRUE(r.m->restored_at_ba > second && r.m->restored_at_ba < SIM_S(2));
    fx_free(&r);
    mob_config_free(&c);
}

void suite_models_consecutive(void)
{
    CU_pSuite s = CU_add_suite("models/consecutive", NULL, NULL);
    CU_add_test(s, "a second move mid-registration restarts it cleanly",
                test_a_second_move_mid_registration_restarts_it_cleanly);
}
