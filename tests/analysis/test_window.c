/* Vulnerability windows: the derivation agrees exactly (to the ns) with the
 * search by simulation, for several delay settings under each routing
 * switch; the scheme timer bounds sit exactly at the simulated thresholds. */
#include "analysis/window.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

#include <string.h>

static void fig1(mob_config_t *c)
{
    fx_config(c);
    fx_move(c, 0, SIM_S(1), NET_A2);
    fx_move(c, 1, SIM_MS(1030), NET_B2);
}

static void print_window(const char *what, const window_t *w)
{
    fprintf(stderr, "%s:", what);
    for (int i = 0; i < w->n; i++)
        fprintf(stderr, " [%lld, %lld]", (long long)w->iv[i].lo, (long long)w->iv[i].hi);
    fprintf(stderr, "\n");
}

static void assert_agree(const mob_config_t *c)
{
    window_t a, s;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(window_analytic(c, &a, &err), 0);
    CU_ASSERT_EQUAL_FATAL(window_search(c, SIM_S(1), SIM_MS(1), &s, NULL, NULL, &err), 0);
    CU_ASSERT_TRUE(a.n > 0);
    CU_ASSERT_EQUAL(a.n, s.n);
    bool same = a.n == s.n;
    for (int i = 0; same && i < a.n; i++)
        same = a.iv[i].lo == s.iv[i].lo && a.iv[i].hi == s.iv[i].hi;
    CU_ASSERT_TRUE(same);
    if (!same) {
        print_window("analytic", &a);
        print_window("search", &s);
    }
}

static void test_binding_cache_window_is_w_b_to_w_a(void)
{
    mob_config_t c;
    fig1(&c);
    window_t a;
    CU_ASSERT_EQUAL_FATAL(window_analytic(&c, &a, NULL), 0);
    /* A's BU leaves 100 ms (handoff) + 120 ms (HoT via both HAs) after A's
     * detach and takes 30 ms to B's old CoA */
    CU_ASSERT_EQUAL(a.w_a, SIM_MS(250));
    CU_ASSERT_EQUAL(a.n, 1);
    CU_ASSERT_EQUAL(a.iv[0].lo, -SIM_MS(250));
    CU_ASSERT_EQUAL(a.iv[0].hi, SIM_MS(250));
    /* the shipped figures: fig1 (30 ms) and fig3 (200 ms) inside, the
     * control (5 s) outside */
    CU_ASSERT_TRUE(window_analytic_at(&c, SIM_MS(30)));
    CU_ASSERT_TRUE(window_analytic_at(&c, SIM_MS(200)));
    CU_ASSERT_FALSE(window_analytic_at(&c, SIM_S(5)));
    CU_ASSERT_FALSE(window_analytic_at(&c, SIM_MS(250) + 1));
    mob_config_free(&c);
}

static void test_analytic_equals_search_binding_cache(void)
{
    mob_config_t c;
    fig1(&c);
    assert_agree(&c);
    c.nets[NET_B2].has_access = true; /* asymmetric: B's new access 40 ms */
    c.nets[NET_B2].access = MOB_DELAY_CONST(SIM_MS(40));
    assert_agree(&c);
    mob_config_free(&c);
    fig1(&c);
    c.rr_after_home_ba = true;
    c.cn_bu_after_home_ba = false;
    assert_agree(&c);
    mob_config_free(&c);
    fig1(&c);
    c.rr_expedited = true;
    c.dad = MOB_DELAY_CONST(SIM_MS(300));
    assert_agree(&c);
    mob_config_free(&c);
}

static void test_analytic_equals_search_rfc6275(void)
{
    mob_config_t c;
    fig1(&c);
    c.mh_routing = MOB_MH_RFC6275;
    assert_agree(&c);
    window_t a;
    CU_ASSERT_EQUAL_FATAL(window_analytic(&c, &a, NULL), 0);
    CU_ASSERT_EQUAL(a.n, 3); /* holes at 210..220 ms either side */
    c.nets[NET_B2].has_access = true;
    c.nets[NET_B2].access = MOB_DELAY_CONST(SIM_MS(40));
    assert_agree(&c);
    mob_config_free(&c);
    fig1(&c);
    c.mh_routing = MOB_MH_RFC6275;
    c.rr_after_home_ba = true;
    assert_agree(&c);
    mob_config_free(&c);
    fig1(&c);
    c.mh_routing = MOB_MH_RFC6275;
    c.rr_expedited = true;
    c.core_default = MOB_DELAY_CONST(SIM_MS(35));
    assert_agree(&c);
    mob_config_free(&c);
}

static void assert_threshold(const mob_config_t *c, window_timer_t t, sim_time_t derived)
{
    sim_time_t thr, delta;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(window_timer_threshold(c, t, &thr, &delta, &err), 0);
    CU_ASSERT_EQUAL(thr, derived);
    if (thr != derived)
        fprintf(stderr, "timer %d: derived %lld, simulated %lld\n", (int)t, (long long)derived,
                (long long)thr);
}

static void test_scheme_timer_thresholds_sit_at_derived_bounds(void)
{
    mob_config_t c;
    fig1(&c);
    window_t a;
    CU_ASSERT_EQUAL_FATAL(window_analytic(&c, &a, NULL), 0);
    /* T_b: HA_B -> B1 30 ms + handoff 100 ms + B2 -> HA_B 30 ms, strictly */
    CU_ASSERT_EQUAL(a.t_b_min, SIM_MS(160) + 1);
    CU_ASSERT_EQUAL(a.fwd_buffer_min, SIM_MS(130) + 1);
    CU_ASSERT_EQUAL(a.t_p_min, SIM_MS(110) + 1);
    CU_ASSERT_EQUAL(a.t_h_min, SIM_MS(210) + 1);
    CU_ASSERT_TRUE(a.t_h_min > a.t_p_min); /* the paper's T_h > T_p */
    assert_threshold(&c, WINDOW_T_B, a.t_b_min);
    assert_threshold(&c, WINDOW_T_H, a.t_h_min);
    assert_threshold(&c, WINDOW_T_P, a.t_p_min);
    assert_threshold(&c, WINDOW_FWD_BUFFER, a.fwd_buffer_min);
    /* another delay setting */
    c.nets[NET_B2].has_access = true;
    c.nets[NET_B2].access = MOB_DELAY_CONST(SIM_MS(40));
    c.dad = MOB_DELAY_CONST(SIM_MS(200));
    CU_ASSERT_EQUAL_FATAL(window_analytic(&c, &a, NULL), 0);
    assert_threshold(&c, WINDOW_T_B, a.t_b_min);
    assert_threshold(&c, WINDOW_T_H, a.t_h_min);
    assert_threshold(&c, WINDOW_FWD_BUFFER, a.fwd_buffer_min);
    mob_config_free(&c);
}

static void test_window_refuses_what_it_cannot_derive(void)
{
    mob_config_t c;
    fig1(&c);
    c.access_default = (mob_delay_t){MOB_DIST_UNIFORM, SIM_MS(2), SIM_MS(8), 0};
    window_t a;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(window_analytic(&c, &a, &err), -SIM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "constant delays"));
    mob_config_free(&c);
    fig1(&c);
    fx_move(&c, 0, SIM_S(3), NET_A1);
    CU_ASSERT_EQUAL(window_analytic(&c, &a, &err), -SIM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "exactly one move per host"));
    mob_config_free(&c);
}

/* The header of `mobsim window`: the window is the baseline's, under the
 * scenario's mh_routing; for hoa-signaling (paper Fig. 6), which sends its
 * RR and BUs to the peer's home address, it must not claim binding-cache
 * routing. */
static void test_routing_label_follows_the_schemes_signaling(void)
{
    mob_config_t c;
    fig1(&c);
    CU_ASSERT_STRING_EQUAL(window_routing_label(&c), "binding-cache routing");
    c.scheme = MOB_SCHEME_PROXIES;
    CU_ASSERT_STRING_EQUAL(window_routing_label(&c), "binding-cache routing");
    c.scheme = MOB_SCHEME_HOA_SIGNALING;
    CU_ASSERT_PTR_NULL(strstr(window_routing_label(&c), "binding-cache routing"));
    CU_ASSERT_PTR_NOT_NULL(strstr(window_routing_label(&c), "the baseline's"));
    CU_ASSERT_PTR_NOT_NULL(strstr(window_routing_label(&c), "sends to the home address"));
    c.mh_routing = MOB_MH_RFC6275;
    CU_ASSERT_PTR_NOT_NULL(strstr(window_routing_label(&c), "RFC 6275 routing"));
    c.scheme = MOB_SCHEME_BASELINE;
    CU_ASSERT_STRING_EQUAL(window_routing_label(&c), "RFC 6275 routing");
    mob_config_free(&c);
}

void suite_analysis_window(void)
{
    ADD_SUITE("analysis/window", TEST(test_binding_cache_window_is_w_b_to_w_a),
              TEST(test_analytic_equals_search_binding_cache),
              TEST(test_analytic_equals_search_rfc6275),
              TEST(test_scheme_timer_thresholds_sit_at_derived_bounds),
              TEST(test_window_refuses_what_it_cannot_derive),
              TEST(test_routing_label_follows_the_schemes_signaling));
}
