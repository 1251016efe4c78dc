/* The home agent's DAD for a first registration (RFC 6275 §10.3.1): in a
 * cold start with ha_dad = 2 s the home binding is usable, and the BU
 * answered, only when DAD ends; the MN's retransmission at 1.5 s
 * (InitialBindackTimeoutFirstReg, §13) gets no BA of its own. */
#include <string.h>

#include "models/addr.h"
#include "models/host.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

/* fig1's world, cold start, DAD 2 s at the HAs, no moves */
static int run_cold_dad(fx_run_t *r, mob_config_t *c)
{
    fx_config(c);
    c->initial_cold = true;
    c->ha_dad = SIM_S(2);
    c->horizon = SIM_S(10);
    return fx_run(r, c);
}

/* the IPv6 destination of a recorded packet */
static net_addr_t rec_dst(const fx_rec_t *f)
{
    net_addr_t a;
    memcpy(a.b, f->bytes + 24, 16);
    return a;
}

static void test_ha_dad_retransmitted_bu_gets_no_immediate_ba(void)
{
    mob_config_t c;
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(run_cold_dad(&r, &c), 0);
    /* seq 1 at 0 reaches HA_A at 30 ms: DAD starts, no BA */
    const fx_rec_t *bu1 = fx_first_label(&r, SIM_TR_PKT_RECEIVED, "HA_A", "home BU seq 1", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bu1);
    CU_ASSERT_EQUAL(bu1->at, SIM_MS(30));
    /* no BA by 1.5 s: A retransmits (seq 2), HA_A has it at 1.53 s */
    const fx_rec_t *bu2 = fx_first_label(&r, SIM_TR_PKT_SENT, "A", "home BU seq 2", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bu2);
    CU_ASSERT_EQUAL(bu2->at, SIM_MS(1500));
    bu2 = fx_first_label(&r, SIM_TR_PKT_RECEIVED, "HA_A", "home BU seq 2", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bu2);
    CU_ASSERT_EQUAL(bu2->at, SIM_MS(1530));
    /* the retransmission is not answered at once: HA_A's only BA leaves when
     * DAD ends, 2 s after the first BU, and acknowledges the latest BU
     * (seq 2), status 0, to A's CoA; seq 1 is never answered */
    for (size_t i = 0; i < r.n; i++) {
        const fx_rec_t *f = &r.recs[i];
        if (f->kind == SIM_TR_PKT_SENT && strcmp(f->node, "HA_A") == 0 &&
            strncmp(f->label, "BA seq", 6) == 0 && f->at < SIM_S(3)) { /* home BAs */
            CU_ASSERT_STRING_EQUAL(f->label, "BA seq 2 status 0");
            CU_ASSERT_EQUAL(f->at, SIM_MS(2030));
        }
    }
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "HA_A", "BA seq 2 status 0", 0), 1);
    const fx_rec_t *ba = fx_first_label(&r, SIM_TR_PKT_SENT, "HA_A", "BA seq 2 status 0", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    CU_ASSERT_EQUAL(ba->at, SIM_MS(2030));
    CU_ASSERT_STRING_EQUAL(ba->peer, "A");
    net_addr_t dst = rec_dst(ba);
    CU_ASSERT_TRUE(net_addr_eq(&dst, &r.w->hosts[0].coa));
    /* A takes it at 2.06 s: registered, no third BU */
    const fx_rec_t *got = fx_first_label(&r, SIM_TR_PKT_RECEIVED, "A", "BA seq 2 status 0", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_EQUAL(got->at, SIM_MS(2060));
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "A", "home BU seq 3", 0), 0);
    CU_ASSERT_TRUE(r.w->hosts[0].home_registered);
    fx_free(&r);
    mob_config_free(&c);
}

static void test_ha_dad_binding_unusable_until_dad_ends(void)
{
    mob_config_t c;
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(run_cold_dad(&r, &c), 0);
    /* the binding appears at HA_A when DAD ends, not at the first BU */
    const fx_rec_t *bind = fx_first(&r, SIM_TR_BINDING, "HA_A", -1, "home-updated", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bind);
    CU_ASSERT_EQUAL(bind->at, SIM_MS(2030));
    CU_ASSERT_STRING_EQUAL(bind->peer, "A");
    /* before: B's CoTI to A's home address finds no binding at HA_A, at
     * 30 ms and its retransmission at 1.03 s */
    int coti_dropped = 0;
    for (size_t i = 0; i < r.n; i++) {
        const fx_rec_t *f = &r.recs[i];
        if (f->kind == SIM_TR_PKT_DROPPED && strcmp(f->node, "HA_A") == 0 &&
            strcmp(f->label, "CoTI") == 0) {
            CU_ASSERT_STRING_EQUAL(f->what, "no-home-binding");
            CU_ASSERT_TRUE(f->at == SIM_MS(30) || f->at == SIM_MS(1030));
            coti_dropped++;
        }
    }
    CU_ASSERT_EQUAL(coti_dropped, 2);
    /* A's HoTI, reverse-tunneled from a CoA not yet registered, dies too */
    const mob_lost_t *l = fx_lost(&r, "HoTI", "A", "HA_A");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "reverse-tunnel-unregistered-coa");
    CU_ASSERT_EQUAL(l->died_at, SIM_MS(30));
    /* A's data, reverse-tunneled to HA_A, is refused until DAD ends (the
     * CoA is not registered), never after */
    int early = 0, late = 0;
    for (size_t i = 0; i < r.n; i++) {
        const fx_rec_t *f = &r.recs[i];
        if (f->kind == SIM_TR_PKT_DROPPED && f->code < 0 && strcmp(f->node, "HA_A") == 0 &&
            strcmp(f->what, "reverse-tunnel-unregistered-coa") == 0) {
            if (f->at < SIM_MS(2030))
                early++;
            else
                late++;
        }
    }
    CU_ASSERT_TRUE(early > 0);
    CU_ASSERT_EQUAL(late, 0);
    /* B's retransmitted CoTI at 3 s is tunneled: RR completes afterwards */
    const fx_rec_t *coti = fx_first_label(&r, SIM_TR_PKT_RECEIVED, "HA_A", "CoTI", SIM_MS(2030));
    CU_ASSERT_PTR_NOT_NULL_FATAL(coti);
    CU_ASSERT_EQUAL(coti->at, SIM_MS(3030));
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    fx_free(&r);
    mob_config_free(&c);
}

/* A BU during DAD with an old sequence number gets 135 at once, carrying
 * the tentative entry's number (checked as a binding's, §9.5.1), and DAD
 * goes on. */
static void test_ha_dad_stale_bu_during_dad_gets_135(void)
{
    mob_config_t c;
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(run_cold_dad(&r, &c), 0);
    /* capture A's first home BU, replay it at 1.6 s (after seq 2) */
    const fx_rec_t *bu1 = fx_first_label(&r, SIM_TR_PKT_SENT, "A", "home BU seq 1", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bu1);
    uint8_t bytes[256];
    size_t len = bu1->len;
    memcpy(bytes, bu1->bytes, len);
    fx_free(&r);
    mob_config_free(&c);

    fx_config(&c);
    c.initial_cold = true;
    c.ha_dad = SIM_S(2);
    c.horizon = SIM_S(10);
    fx_inject_t inj = {SIM_MS(1600), "A", bytes, len};
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, &inj, 1), 0);
    /* the replay reaches HA_A at 1.63 s, during DAD: 135 with seq 2 at once */
    const fx_rec_t *ba = fx_first_label(&r, SIM_TR_PKT_SENT, "HA_A", "BA seq 2 status 135", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    CU_ASSERT_EQUAL(ba->at, SIM_MS(1630));
    CU_ASSERT_STRING_EQUAL(ba->peer, "A");
    /* A adopts 2 and sends seq 3 at once (§11.7.3); DAD still ends at
     * 2.03 s, with the one accepted BA, for seq 3 */
    const fx_rec_t *bu3 = fx_first_label(&r, SIM_TR_PKT_SENT, "A", "home BU seq 3", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bu3);
    CU_ASSERT_EQUAL(bu3->at, SIM_MS(1660));
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "HA_A", "BA seq 2 status 0", 0), 0);
    ba = fx_first_label(&r, SIM_TR_PKT_SENT, "HA_A", "BA seq 3 status 0", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    CU_ASSERT_EQUAL(ba->at, SIM_MS(2030));
    fx_free(&r);
    mob_config_free(&c);
}

void suite_models_ha_dad(void)
{
    ADD_SUITE("models/ha_dad", TEST(test_ha_dad_retransmitted_bu_gets_no_immediate_ba),
              TEST(test_ha_dad_binding_unusable_until_dad_ends),
              TEST(test_ha_dad_stale_bu_during_dad_gets_135));
}
