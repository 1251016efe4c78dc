/* The handoff records (models/handoff.c, docs/model.md "Handoff records"):
 * one row per (handoff, correspondent) with the peer's nearest detach, the
 * losses of the pair while open, whether one of them died addressed to a
 * departed CoA (an episode), the restore; the pair states (broken
 * route-optimized time, outages, episodes), delivery gaps, home agent and
 * access router load. Hand-checked on Figure 1 (B moves 30 ms after A), the
 * control (5 s apart), Figure 4 (forwarding), a stationary correspondent and
 * the four-host world. */
#include "analysis/population.h"
#include "analysis/report.h"
#include "analysis/stats.h"
#include "models/handoff.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

typedef struct hrun {
    sim_t *sim;
    mob_world_t *w;
    const mob_metrics_t *m;
    const mob_handoff_metrics_t *h;
} hrun_t;

/* Builds, turns the records on (unless off), runs to the horizon. */
static int hrun(hrun_t *r, const mob_config_t *c, bool record)
{
    memset(r, 0, sizeof(*r));
    sim_err_t err = {0};
    r->sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    int rc = mob_world_create(c, r->sim, &r->w, &err);
    if (rc < 0) {
        fprintf(stderr, "hrun: %s\n", err.msg);
        return rc;
    }
    if (record && (rc = mob_world_record_handoffs(r->w)) < 0)
        return rc;
    rc = mob_world_run(r->w);
    r->m = mob_world_metrics(r->w);
    r->h = r->m->handoffs;
    return rc;
}

static void hfree(hrun_t *r)
{
    mob_world_destroy(r->w);
    sim_destroy(r->sim);
}

/* Figure 1's world: A to A2 at 1 s, B to B2 at `b_at`. */
static void two_moves(mob_config_t *c, sim_time_t b_at)
{
    fx_config(c);
    c->horizon = SIM_S(20);
    fx_move(c, 0, SIM_S(1), NET_A2);
    fx_move(c, 1, b_at, NET_B2);
}

static void test_fig1_two_rows_both_episodes(void)
{
    mob_config_t c;
    two_moves(&c, SIM_MS(1030));
    hrun_t r;
    CU_ASSERT_EQUAL_FATAL(hrun(&r, &c, true), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r.h);
    CU_ASSERT_EQUAL_FATAL(r.h->n_rows, 2);
    CU_ASSERT_EQUAL(r.h->handoffs, 2);
    const mob_handoff_row_t *a = &r.h->rows[0], *b = &r.h->rows[1];
    /* A -> B: A's detach at 1 s, B's nearest 30 ms later */
    CU_ASSERT_EQUAL(a->host, 0);
    CU_ASSERT_EQUAL(a->peer, 1);
    CU_ASSERT_EQUAL(a->time, SIM_S(1));
    CU_ASSERT_EQUAL(a->from, NET_A1);
    CU_ASSERT_EQUAL(a->to, NET_A2);
    CU_ASSERT_TRUE(a->has_peer_offset);
    CU_ASSERT_EQUAL(a->peer_offset, SIM_MS(30));
    CU_ASSERT_EQUAL(b->host, 1);
    CU_ASSERT_EQUAL(b->peer, 0);
    CU_ASSERT_EQUAL(b->time, SIM_MS(1030));
    CU_ASSERT_TRUE(b->has_peer_offset);
    CU_ASSERT_EQUAL(b->peer_offset, -SIM_MS(30));
    /* the pair was whole at A's detach; A's detach had broken it by B's */
    CU_ASSERT_FALSE(a->broken_before);
    CU_ASSERT_TRUE(b->broken_before);
    /* both registrations die at the departed CoAs: an episode each, never
     * restored, no fallback (max_ro_failure 0) */
    for (int i = 0; i < 2; i++) {
        const mob_handoff_row_t *x = &r.h->rows[i];
        CU_ASSERT_TRUE(x->episode);
        CU_ASSERT_TRUE(x->lost > 0);
        CU_ASSERT_FALSE(x->restored);
        CU_ASSERT_FALSE(x->fallback);
    }
    /* every loss of the pair happened while both rows were open (the first
     * control message leaves after B's detach) */
    CU_ASSERT_EQUAL(a->lost, r.m->pairs[0].sig_lost);
    CU_ASSERT_EQUAL(b->lost, r.m->pairs[0].sig_lost);
    CU_ASSERT_EQUAL(r.h->episode_rows, 2);
    /* the pair is broken from 1 s to the horizon (20 s): one outage of
     * 19 s, one episode */
    CU_ASSERT_EQUAL(r.h->outages, 1);
    CU_ASSERT_EQUAL(r.h->episodes, 1);
    CU_ASSERT_EQUAL(r.h->outage_p50, SIM_S(19));
    CU_ASSERT_EQUAL(r.h->outage_p99, SIM_S(19));
    CU_ASSERT_DOUBLE_EQUAL(r.h->broken_ro_frac, 19.0 / 20.0, 1e-12);
    /* data in neither direction from just before 1 s on (sent to the stale
     * bindings): the only gap above 2 / rate in each direction is the
     * longest one, up to the horizon */
    const mob_pair_metrics_t *pm = &r.m->pairs[0];
    CU_ASSERT_TRUE(pm->disruption_ab > SIM_MS(18900) && pm->disruption_ba > SIM_MS(18900));
    CU_ASSERT_DOUBLE_EQUAL(r.h->no_delivery_frac,
                           sim_time_to_s(pm->disruption_ab + pm->disruption_ba) / 40, 1e-12);
    hfree(&r);
    mob_config_free(&c);
}

static void test_control_restored_no_episode(void)
{
    mob_config_t c;
    two_moves(&c, SIM_S(6));
    hrun_t r;
    CU_ASSERT_EQUAL_FATAL(hrun(&r, &c, true), 0);
    CU_ASSERT_EQUAL_FATAL(r.h->n_rows, 2);
    const mob_handoff_row_t *a = &r.h->rows[0], *b = &r.h->rows[1];
    CU_ASSERT_EQUAL(a->peer_offset, SIM_S(5));
    CU_ASSERT_EQUAL(b->peer_offset, -SIM_S(5));
    for (int i = 0; i < 2; i++) {
        CU_ASSERT_FALSE(r.h->rows[i].episode);
        CU_ASSERT_FALSE(r.h->rows[i].broken_before); /* restored 4.75 s before B moves */
        CU_ASSERT_EQUAL(r.h->rows[i].lost, 0);
        CU_ASSERT_TRUE(r.h->rows[i].restored);
    }
    /* B's row (the later detach) restores when the pair's restore time
     * says; A's when B's binding of A's new CoA was set */
    CU_ASSERT_TRUE_FATAL(r.m->has_restore_time);
    CU_ASSERT_EQUAL(b->restore_time, r.m->restore_time);
    CU_ASSERT_EQUAL(a->restore_time, r.m->restored_at_ba - SIM_S(1));
    CU_ASSERT_EQUAL(a->restore_time, SIM_MS(250));
    /* broken [1, 1.25] and [6, 6.25] of 20 s: 0.5 / 20 */
    CU_ASSERT_EQUAL(r.h->outages, 2);
    CU_ASSERT_EQUAL(r.h->episodes, 0);
    CU_ASSERT_EQUAL(r.h->outage_p50, SIM_MS(250));
    CU_ASSERT_DOUBLE_EQUAL(r.h->broken_ro_frac, 0.5 / 20, 1e-12);
    hfree(&r);
    mob_config_free(&c);
}

static void test_fig4_forwarding_restores_without_episode(void)
{
    mob_config_t c;
    two_moves(&c, SIM_MS(1030));
    c.scheme = MOB_SCHEME_FORWARDING;
    c.fwd_buffer = SIM_MS(100);
    hrun_t r;
    CU_ASSERT_EQUAL_FATAL(hrun(&r, &c, true), 0);
    CU_ASSERT_EQUAL_FATAL(r.h->n_rows, 2);
    CU_ASSERT_TRUE_FATAL(r.m->has_restore_time);
    for (int i = 0; i < 2; i++) {
        CU_ASSERT_FALSE(r.h->rows[i].episode);
        CU_ASSERT_TRUE(r.h->rows[i].restored);
    }
    CU_ASSERT_EQUAL(r.h->rows[1].restore_time, r.m->restore_time);
    CU_ASSERT_EQUAL(r.h->rows[0].restore_time, r.m->restore_time + SIM_MS(30));
    /* AR_A1 and AR_B1 each held one entry (old CoA -> new CoA), A2, B2
     * and A3 none: max 1, mean 2 / 5 */
    CU_ASSERT_EQUAL(r.h->ar_fwd_max, 1);
    CU_ASSERT_DOUBLE_EQUAL(r.h->ar_fwd_mean, 0.4, 1e-12);
    hfree(&r);
    mob_config_free(&c);
}

static void test_stationary_correspondent_has_no_peer_offset(void)
{
    mob_config_t c;
    fx_corr_config(&c);
    fx_move(&c, 0, SIM_S(1), CX_A2);
    hrun_t r;
    CU_ASSERT_EQUAL_FATAL(hrun(&r, &c, true), 0);
    CU_ASSERT_EQUAL_FATAL(r.h->n_rows, 1);
    const mob_handoff_row_t *a = &r.h->rows[0];
    CU_ASSERT_EQUAL(a->host, 0);
    CU_ASSERT_EQUAL(a->peer, 1);
    CU_ASSERT_FALSE(a->has_peer_offset); /* C never hands off */
    CU_ASSERT_FALSE(a->episode);
    /* only C -> A applies: restored when C's binding of A's new CoA was set */
    CU_ASSERT_TRUE(a->restored);
    CU_ASSERT_EQUAL(a->restore_time, r.m->pairs[0].restore_time);
    CU_ASSERT_EQUAL(r.h->handoffs, 1);
    hfree(&r);
    mob_config_free(&c);
}

static void test_four_hosts_one_row_per_correspondent(void)
{
    mob_config_t c;
    fx_multi_config(&c);
    hrun_t r;
    CU_ASSERT_EQUAL_FATAL(hrun(&r, &c, true), 0);
    /* A at 1 s (peers B, C), B at 1.03 s (A, D), D at 6 s (B) */
    CU_ASSERT_EQUAL_FATAL(r.h->n_rows, 5);
    static const struct {
        int host, peer;
        sim_time_t t;
        bool has_off;
        sim_time_t off;
        bool episode, restored;
    } want[] = {
        {MX_A, MX_B, SIM_S(1), true, SIM_MS(30), true, false},
        {MX_A, MX_C, SIM_S(1), false, 0, false, true},
        {MX_B, MX_A, SIM_MS(1030), true, -SIM_MS(30), true, false},
        {MX_B, MX_D, SIM_MS(1030), true, SIM_MS(4970), false, true},
        {MX_D, MX_B, SIM_S(6), true, -SIM_MS(4970), false, true},
    };
    for (int i = 0; i < 5; i++) {
        const mob_handoff_row_t *x = &r.h->rows[i];
        CU_ASSERT_EQUAL(x->host, want[i].host);
        CU_ASSERT_EQUAL(x->peer, want[i].peer);
        CU_ASSERT_EQUAL(x->time, want[i].t);
        CU_ASSERT_EQUAL(x->has_peer_offset, want[i].has_off);
        if (want[i].has_off)
            CU_ASSERT_EQUAL(x->peer_offset, want[i].off);
        CU_ASSERT_EQUAL(x->episode, want[i].episode);
        CU_ASSERT_EQUAL(x->restored, want[i].restored);
    }
    /* the losses of A-B are only A-B's: the A-C and B-D rows lost nothing */
    CU_ASSERT_EQUAL(r.h->rows[0].lost, r.m->pairs[0].sig_lost);
    CU_ASSERT_EQUAL(r.h->rows[1].lost, 0);
    CU_ASSERT_EQUAL(r.h->rows[3].lost, 0);
    CU_ASSERT_EQUAL(r.h->episode_rows, 2);
    CU_ASSERT_EQUAL(r.h->episodes, 1);
    /* B-D: B's row is open until D's binding of B's CoA, then D's row */
    CU_ASSERT_EQUAL(r.h->rows[4].restore_time, r.m->pairs[2].restore_time);
    hfree(&r);
    mob_config_free(&c);
}

/* Figure 1 with max_ro_failure 2: both give up route optimization with
 * the other while their rows are open (RFC 6275 §5.2.9) */
static void test_fallback_marks_both_rows(void)
{
    mob_config_t c;
    two_moves(&c, SIM_MS(1030));
    c.max_ro_failure = 2;
    hrun_t r;
    CU_ASSERT_EQUAL_FATAL(hrun(&r, &c, true), 0);
    CU_ASSERT_TRUE_FATAL(r.m->ro_fallback);
    CU_ASSERT_EQUAL_FATAL(r.h->n_rows, 2);
    for (int i = 0; i < 2; i++) {
        CU_ASSERT_TRUE(r.h->rows[i].fallback);
        CU_ASSERT_TRUE(r.h->rows[i].episode);
        CU_ASSERT_FALSE(r.h->rows[i].restored);
    }
    hfree(&r);
    mob_config_free(&c);
}

/* No move: no row, nothing broken, every packet delivered on time. */
static void test_still_world_is_whole(void)
{
    mob_config_t c;
    fx_config(&c);
    hrun_t r;
    CU_ASSERT_EQUAL_FATAL(hrun(&r, &c, true), 0);
    CU_ASSERT_EQUAL(r.h->n_rows, 0);
    CU_ASSERT_EQUAL(r.h->outages, 0);
    CU_ASSERT_DOUBLE_EQUAL(r.h->broken_ro_frac, 0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r.h->no_delivery_frac, 0, 1e-12);
    hfree(&r);
    mob_config_free(&c);
}

/* hoa-signaling: the copies held by each home agent; the world's peak is
 * the most any one held, and each copy is a whole packet */
static void test_ha_load_and_copies(void)
{
    mob_config_t c;
    two_moves(&c, SIM_MS(1030));
    c.scheme = MOB_SCHEME_HOA_SIGNALING;
    hrun_t r;
    CU_ASSERT_EQUAL_FATAL(hrun(&r, &c, true), 0);
    CU_ASSERT_EQUAL_FATAL(r.h->n_ha, 2);
    uint64_t peak = 0, msgs = 0;
    for (size_t i = 0; i < r.h->n_ha; i++) {
        const mob_ha_load_t *a = &r.h->ha[i];
        if (a->peak_copies > peak)
            peak = a->peak_copies;
        CU_ASSERT_TRUE(a->peak_bytes >= 40 * a->peak_copies);
        CU_ASSERT_DOUBLE_EQUAL(a->msgs_per_s_mean, (double)a->msgs / 20, 1e-9);
        CU_ASSERT_TRUE(a->msgs_per_s_p99 >= 1 || a->msgs == 0);
        msgs += a->msgs;
    }
    CU_ASSERT_TRUE(peak > 0);
    CU_ASSERT_EQUAL(peak, r.m->ha_peak_copies);
    CU_ASSERT_TRUE(msgs > 0);
    CU_ASSERT_STRING_EQUAL(mob_world_node_name(r.w, r.h->ha[0].node), "HA_A");
    hfree(&r);
    mob_config_free(&c);
}

/* Recording changes nothing of the run, and is off unless asked. */
static void test_recording_changes_nothing(void)
{
    mob_config_t c;
    two_moves(&c, SIM_MS(1030));
    c.scheme = MOB_SCHEME_FORWARDING;
    hrun_t on, off;
    CU_ASSERT_EQUAL_FATAL(hrun(&on, &c, true), 0);
    CU_ASSERT_EQUAL_FATAL(hrun(&off, &c, false), 0);
    CU_ASSERT_PTR_NULL(off.h);
    CU_ASSERT_EQUAL(on.m->events, off.m->events);
    CU_ASSERT_EQUAL(on.m->sig_sent, off.m->sig_sent);
    CU_ASSERT_EQUAL(on.m->data_received, off.m->data_received);
    CU_ASSERT_EQUAL(on.m->restore_time, off.m->restore_time);
    hfree(&on);
    hfree(&off);
    mob_config_free(&c);
}

/* A population config records from creation. */
static void test_population_records_by_itself(void)
{
    mob_config_t c;
    two_moves(&c, SIM_MS(1030));
    c.has_population = true;
    hrun_t r;
    CU_ASSERT_EQUAL_FATAL(hrun(&r, &c, false), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r.h);
    CU_ASSERT_EQUAL(r.h->n_rows, 2);
    hfree(&r);
    mob_config_free(&c);
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const cJSON *class_pair(const cJSON *arr, const char *x, const char *y)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        const cJSON *ex = cJSON_GetObjectItemCaseSensitive(e, "x");
        const cJSON *ey = cJSON_GetObjectItemCaseSensitive(e, "y");
        if (cJSON_IsString(ex) && cJSON_IsString(ey) && strcmp(ex->valuestring, x) == 0 &&
            strcmp(ey->valuestring, y) == 0)
            return e;
    }
    return NULL;
}

/* The population object of the four-host world with classes: A a walker,
 * B and D cars, C none; rows grouped by (class of X, class of Y). */
static void test_population_object_groups_by_class_pair(void)
{
    mob_config_t c;
    fx_multi_config(&c);
    snprintf(mob_config_add_class(&c)->name, MOB_NAME_MAX, "walker");
    snprintf(mob_config_add_class(&c)->name, MOB_NAME_MAX, "car");
    c.hosts[MX_A].cls = 0;
    c.hosts[MX_B].cls = 1;
    c.hosts[MX_D].cls = 1;
    c.hosts[MX_C].cls = -1;
    c.has_population = true;
    hrun_t r;
    CU_ASSERT_EQUAL_FATAL(hrun(&r, &c, false), 0);
    cJSON *root = report_metrics_json(&c, r.m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    const cJSON *pop = cJSON_GetObjectItemCaseSensitive(root, "population");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pop);
    const cJSON *hosts = cJSON_GetObjectItemCaseSensitive(pop, "hosts");
    CU_ASSERT_EQUAL(num(hosts, "mobile"), 3);
    CU_ASSERT_EQUAL(num(hosts, "correspondents"), 1);
    CU_ASSERT_EQUAL(num(pop, "pairs"), 3);
    CU_ASSERT_EQUAL(num(pop, "handoffs"), 3);
    CU_ASSERT_EQUAL(num(pop, "handoff_rows"), 5);
    CU_ASSERT_EQUAL(num(pop, "episode_rows"), 2);
    CU_ASSERT_DOUBLE_EQUAL(num(pop, "episode_frac"), 0.4, 1e-12);
    double lo, hi;
    stats_wilson(2, 5, &lo, &hi);
    CU_ASSERT_DOUBLE_EQUAL(num(pop, "episode_frac_lo"), lo, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(num(pop, "episode_frac_hi"), hi, 1e-12);
    CU_ASSERT_EQUAL(num(pop, "episodes"), 1);
    /* one episode over 3 pairs x 20 s = 1/60 pair-hour */
    CU_ASSERT_DOUBLE_EQUAL(num(pop, "episodes_per_pair_hour"), 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(num(pop, "signaling_per_handoff"), (double)r.m->sig_sent / 3, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(num(pop, "broken_ro_frac"), r.h->broken_ro_frac, 1e-12);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(pop, "home_agents")), 3);
    const cJSON *cps = cJSON_GetObjectItemCaseSensitive(pop, "class_pairs");
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(cps), 4);
    const cJSON *wc = class_pair(cps, "walker", "car"), *cw = class_pair(cps, "car", "walker");
    const cJSON *wn = class_pair(cps, "walker", "-"), *cc = class_pair(cps, "car", "car");
    CU_ASSERT_PTR_NOT_NULL_FATAL(wc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cw);
    CU_ASSERT_PTR_NOT_NULL_FATAL(wn);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cc);
    CU_ASSERT_EQUAL(num(wc, "handoff_rows"), 1);
    CU_ASSERT_EQUAL(num(wc, "episode_rows"), 1);
    CU_ASSERT_EQUAL(num(cw, "episode_frac"), 1);
    CU_ASSERT_EQUAL(num(wn, "episode_rows"), 0);
    CU_ASSERT_EQUAL(num(cc, "handoff_rows"), 2);
    CU_ASSERT_EQUAL(num(cc, "episode_frac"), 0);
    stats_wilson(0, 2, &lo, &hi);
    CU_ASSERT_DOUBLE_EQUAL(num(cc, "hi"), hi, 1e-12);
    cJSON_Delete(root);
    /* the summary's population block */
    FILE *sf = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(sf);
    sim_err_t serr = {0};
    CU_ASSERT_EQUAL(report_write_summary(sf, &c, r.m, &serr), 0);
    rewind(sf);
    char sum[8192];
    size_t sn = fread(sum, 1, sizeof(sum) - 1, sf);
    sum[sn] = 0;
    fclose(sf);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(sum, "population  3 mobile hosts, 1 correspondents, 3 pairs; 3 handoffs\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(sum, "episodes    2 of 5 handoff rows (40.0%, 95% CI "));
    CU_ASSERT_PTR_NOT_NULL(strstr(sum, "pair state  route optimization broken "));
    CU_ASSERT_PTR_NOT_NULL(strstr(sum, "home agents busiest HA at "));
    /* the same run without has_population: no population key */
    c.has_population = false;
    root = report_metrics_json(&c, r.m);
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItemCaseSensitive(root, "population"));
    cJSON_Delete(root);
    /* the CSV: a header and the five rows; C never moves: empty offset */
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(population_write_handoffs_csv(f, &c, r.m, &err), 0);
    rewind(f);
    char line[256];
    int n = 0;
    while (fgets(line, sizeof(line), f)) {
        if (n == 0)
            CU_ASSERT_STRING_EQUAL(line, POPULATION_CSV_HEADER "\n");
        if (n == 1)
            CU_ASSERT_STRING_EQUAL(line, "1.000000000,A,A1,A2,B,0.030000000,1,20,0,,0\n");
        if (n == 2)
            CU_ASSERT_PTR_NOT_NULL(strstr(line, "1.000000000,A,A1,A2,C,,0,0,1,"));
        if (n == 3)
            CU_ASSERT_PTR_NOT_NULL(strstr(line, "1.030000000,B,B1,B2,A,-0.030000000,1,"));
        n++;
    }
    CU_ASSERT_EQUAL(n, 6);
    fclose(f);
    hfree(&r);
    mob_config_free(&c);
}

void suite_models_handoffs(void)
{
    ADD_SUITE("models/handoffs", TEST(test_fig1_two_rows_both_episodes),
              TEST(test_control_restored_no_episode),
              TEST(test_fig4_forwarding_restores_without_episode),
              TEST(test_stationary_correspondent_has_no_peer_offset),
              TEST(test_four_hosts_one_row_per_correspondent), TEST(test_still_world_is_whole),
              TEST(test_ha_load_and_copies), TEST(test_recording_changes_nothing),
              TEST(test_population_records_by_itself), TEST(test_fallback_marks_both_rows),
              TEST(test_population_object_groups_by_class_pair));
}
