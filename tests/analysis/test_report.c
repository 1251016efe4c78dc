/* The run report: the metrics object of SCENARIOS.md with the right keys
 * and values, the human summary, and the text trace log. */
#include "analysis/report.h"
#include "analysis/tracelog.h"
#include "tests/testing.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

/* A fig1-like outcome: A -> B never restored, B -> A restored at 3.215 s. */
static void fill(mob_config_t *cfg, mob_metrics_t *m)
{
    mob_config_defaults(cfg);
    snprintf(cfg->name, sizeof(cfg->name), "fig1");
    snprintf(cfg->description, sizeof(cfg->description), "A and B move 30 ms apart");
    snprintf(mob_config_add_host(cfg)->name, MOB_NAME_MAX, "MN1");
    snprintf(mob_config_add_host(cfg)->name, MOB_NAME_MAX, "MN2");
    cfg->scheme = MOB_SCHEME_HOA_SIGNALING;
    cfg->seed = 9;

    memset(m, 0, sizeof(*m));
    m->restored_ab = false;
    m->restored_at_ab = -1;
    m->restored_ba = true;
    m->restored_at_ba = SIM_MS(3215);
    m->has_restore_time = false;
    m->last_detach = SIM_MS(1030);
    m->sig_sent = 14;
    m->sig_lost = 3;
    m->sig_reforwarded = 2;
    m->sig_bytes = 1234;
    m->sig_latency_mean = SIM_US(45500);
    m->scheme_msgs = 5;
    m->ha_peak_copies = 4;
    m->n_lost = 2;
    mob_lost_t *l = &m->lost[0];
    snprintf(l->type, sizeof(l->type), "HoTI");
    snprintf(l->from, sizeof(l->from), "MN1");
    snprintf(l->to, sizeof(l->to), "MN2");
    net_addr_parse("2001:db8:b1::200", &l->to_addr);
    snprintf(l->where, sizeof(l->where), "AR_B1");
    l->sent_at = SIM_MS(1062);
    l->died_at = SIM_MS(1087);
    snprintf(l->why, sizeof(l->why), "stale-address");
    m->lost[1] = m->lost[0];
    snprintf(m->lost[1].type, sizeof(m->lost[1].type), "CoTI");
    m->data_sent = 6000;
    m->data_lost = 120;
    m->data_received = 5880;
    m->data_delay_mean = SIM_US(30250);
    m->data_delay_p95 = SIM_MS(41);
    m->disruption_ab = SIM_MS(2100);
    m->disruption_ba = SIM_MS(300);
    m->consecutive_mobility = true;
    m->events = 123456;
}

static const cJSON *at(const cJSON *obj, const char *k1, const char *k2)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, k1);
    return k2 ? cJSON_GetObjectItemCaseSensitive(o, k2) : o;
}

static double num(const cJSON *obj, const char *k1, const char *k2)
{
    const cJSON *n = at(obj, k1, k2);
    CU_ASSERT_TRUE(cJSON_IsNumber(n));
    return cJSON_IsNumber(n) ? n->valuedouble : NAN;
}

static void test_json_has_every_metric_with_its_value_in_seconds(void)
{
    mob_config_t cfg;
    mob_metrics_t m;
    fill(&cfg, &m);
    cJSON *j = report_metrics_json(&cfg, &m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    /* direction keys come from the host names */
    CU_ASSERT_TRUE(cJSON_IsFalse(at(j, "restored", "MN1_to_MN2")));
    CU_ASSERT_TRUE(cJSON_IsTrue(at(j, "restored", "MN2_to_MN1")));
    CU_ASSERT_TRUE(cJSON_IsNull(at(j, "restored_at", "MN1_to_MN2")));
    CU_ASSERT_EQUAL(num(j, "restored_at", "MN2_to_MN1"), 3.215);
    CU_ASSERT_TRUE(cJSON_IsNull(at(j, "restore_time", NULL)));
    CU_ASSERT_EQUAL(num(j, "last_detach", NULL), 1.03);
    CU_ASSERT_EQUAL(num(j, "signaling", "sent"), 14);
    CU_ASSERT_EQUAL(num(j, "signaling", "lost"), 3);
    CU_ASSERT_EQUAL(num(j, "signaling", "reforwarded"), 2);
    CU_ASSERT_EQUAL(num(j, "signaling", "bytes"), 1234);
    CU_ASSERT_EQUAL(num(j, "signaling", "latency_mean"), 0.0455);
    CU_ASSERT_EQUAL(num(j, "scheme", "messages"), 5);
    CU_ASSERT_EQUAL(num(j, "scheme", "ha_peak_copies"), 4);
    CU_ASSERT_EQUAL(num(j, "lost_unlisted", NULL), 1); /* 3 lost, 2 listed */
    const cJSON *lost = at(j, "lost", NULL);
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(lost), 2);
    const cJSON *l0 = cJSON_GetArrayItem(lost, 0);
    CU_ASSERT_STRING_EQUAL(at(l0, "type", NULL)->valuestring, "HoTI");
    CU_ASSERT_STRING_EQUAL(at(l0, "from", NULL)->valuestring, "MN1");
    CU_ASSERT_STRING_EQUAL(at(l0, "to", NULL)->valuestring, "MN2");
    CU_ASSERT_STRING_EQUAL(at(l0, "to_addr", NULL)->valuestring, "2001:db8:b1::200");
    CU_ASSERT_STRING_EQUAL(at(l0, "where", NULL)->valuestring, "AR_B1");
    CU_ASSERT_EQUAL(num(l0, "sent_at", NULL), 1.062);
    CU_ASSERT_EQUAL(num(l0, "died_at", NULL), 1.087);
    CU_ASSERT_STRING_EQUAL(at(l0, "why", NULL)->valuestring, "stale-address");
    CU_ASSERT_STRING_EQUAL(at(cJSON_GetArrayItem(lost, 1), "type", NULL)->valuestring, "CoTI");
    CU_ASSERT_EQUAL(num(j, "data", "sent"), 6000);
    CU_ASSERT_EQUAL(num(j, "data", "lost"), 120);
    CU_ASSERT_EQUAL(num(j, "data", "received"), 5880);
    CU_ASSERT_EQUAL(num(j, "data", "delay_mean"), 0.03025);
    CU_ASSERT_EQUAL(num(j, "data", "delay_p95"), 0.041);
    CU_ASSERT_EQUAL(num(j, "disruption", "MN1_to_MN2"), 2.1);
    CU_ASSERT_EQUAL(num(j, "disruption", "MN2_to_MN1"), 0.3);
    CU_ASSERT_TRUE(cJSON_IsTrue(at(j, "consecutive_mobility", NULL)));
    CU_ASSERT_EQUAL(num(j, "events", NULL), 123456);
    CU_ASSERT_STRING_EQUAL(at(j, "scenario", "name")->valuestring, "fig1");
    CU_ASSERT_STRING_EQUAL(at(j, "scenario", "scheme")->valuestring, "hoa-signaling");
    CU_ASSERT_EQUAL(num(j, "scenario", "seed"), 9);
    CU_ASSERT_EQUAL(num(j, "scenario", "horizon"), 60);
    cJSON_Delete(j);
    mob_config_free(&cfg);
}

static void test_restore_time_is_a_number_when_both_directions_restored(void)
{
    mob_config_t cfg;
    mob_metrics_t m;
    fill(&cfg, &m);
    m.restored_ab = true;
    m.restored_at_ab = SIM_MS(1280);
    m.has_restore_time = true;
    m.restore_time = SIM_MS(250);
    m.data_received = 0; /* no packet delivered: no delay to report */
    cJSON *j = report_metrics_json(&cfg, &m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_EQUAL(num(j, "restore_time", NULL), 0.25);
    CU_ASSERT_TRUE(cJSON_IsNull(at(j, "data", "delay_mean")));
    CU_ASSERT_TRUE(cJSON_IsNull(at(j, "data", "delay_p95")));
    cJSON_Delete(j);
    mob_config_free(&cfg);
}

/* Printed and read back: the text is valid JSON and times print short. */
static void test_written_json_parses_back_and_prints_times_exactly(void)
{
    mob_config_t cfg;
    mob_metrics_t m;
    fill(&cfg, &m);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(report_write_json(f, &cfg, &m, NULL), 0);
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"sent_at\":\t1.062,"));
    CU_ASSERT_EQUAL(buf[len - 1], '\n');
    cJSON *j = cJSON_Parse(buf);
    CU_ASSERT_PTR_NOT_NULL(j);
    cJSON_Delete(j);
    free(buf);
    mob_config_free(&cfg);
}

static char *summary_of(const mob_config_t *cfg, const mob_metrics_t *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(report_write_summary(f, cfg, m, NULL), 0);
    fclose(f);
    return buf;
}

static void test_summary_tells_each_direction_and_each_lost_message(void)
{
    mob_config_t cfg;
    mob_metrics_t m;
    fill(&cfg, &m);
    char *s = summary_of(&cfg, &m);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "scenario    fig1: A and B move 30 ms apart\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "scheme      hoa-signaling\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "MN1 -> MN2  not restored by the horizon (t=60.000s)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "MN2 -> MN1  restored at t=3.215s\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "restore     not both directions by the horizon\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "signaling   14 sent, 3 lost, 2 re-forwarded, 1234 bytes, "
                                     "mean latency 45.5ms; scheme messages 5, HA peak copies 4\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        s, "lost        t=1.062s  HoTI  MN1 -> MN2 (2001:db8:b1::200)  died at AR_B1 t=1.087s: "
           "stale-address\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        s, "            t=1.062s  CoTI  MN1 -> MN2 (2001:db8:b1::200)  died at AR_B1 t=1.087s: "
           "stale-address\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "... and 1 more, not listed\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "data        6000 sent, 120 lost (2.0%), 5880 received; "
                                     "delay mean 30.2ms, p95 41.0ms\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "disruption  MN1 -> MN2 2.100s, MN2 -> MN1 0.300s"));
    free(s);

    m.restored_ab = true;
    m.restored_at_ab = SIM_MS(1280);
    m.has_restore_time = true;
    m.restore_time = SIM_MS(250);
    s = summary_of(&cfg, &m);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "restore     0.250s after the later link break (t=1.030s)\n"));
    free(s);
    mob_config_free(&cfg);
}

/* ------------------------------------------------------------------------ */
/* pairs of correspondents                                                    */

/* Four hosts A, B, C, S; pairs A-B, C-A and S-C where S is a stationary
 * correspondent (only the direction toward the mobile C: has_ba). */
static mob_pair_metrics_t three_pairs[3];

static void fill_pairs(mob_config_t *cfg, mob_metrics_t *m)
{
    mob_config_defaults(cfg);
    snprintf(cfg->name, sizeof(cfg->name), "four");
    static const char *const names[] = {"A", "B", "C", "S"};
    for (int i = 0; i < 4; i++)
        snprintf(mob_config_add_host(cfg)->name, MOB_NAME_MAX, "%s", names[i]);
    cfg->hosts[3].kind = MOB_HOST_CORRESPONDENT;
    static const int ends[3][2] = {{0, 1}, {2, 0}, {3, 2}};
    for (int i = 0; i < 3; i++) {
        mob_peer_t *p = mob_config_add_peer(cfg);
        p->a = ends[i][0];
        p->b = ends[i][1];
    }
    memset(m, 0, sizeof(*m));
    m->restored_ab = true;
    m->restored_at_ab = SIM_MS(1280);
    m->restored_ba = true;
    m->restored_at_ba = SIM_MS(1300);
    m->has_restore_time = true;
    m->restore_time = SIM_MS(270);
    m->last_detach = SIM_MS(1030);
    m->sig_sent = 40;
    m->sig_lost = 5;
    m->data_sent = 900;
    m->data_lost = 30;
    m->disruption_ab = SIM_MS(310);
    m->disruption_ba = SIM_MS(320);
    three_pairs[0] = (mob_pair_metrics_t){.a = 0,
                                          .b = 1,
                                          .has_ab = true,
                                          .has_ba = true,
                                          .restored_ab = true,
                                          .restored_ba = true,
                                          .restored_at_ab = SIM_MS(1280),
                                          .restored_at_ba = SIM_MS(1300),
                                          .has_restore_time = true,
                                          .restore_time = SIM_MS(270),
                                          .sig_sent = 20,
                                          .sig_lost = 3,
                                          .data_sent = 400,
                                          .data_lost = 12,
                                          .disruption_ab = SIM_MS(310),
                                          .disruption_ba = SIM_MS(320)};
    three_pairs[1] = (mob_pair_metrics_t){.a = 2,
                                          .b = 0,
                                          .has_ab = true,
                                          .has_ba = true,
                                          .restored_ab = false,
                                          .restored_ba = true,
                                          .restored_at_ab = -1,
                                          .restored_at_ba = SIM_MS(3215),
                                          .has_restore_time = false,
                                          .sig_sent = 14,
                                          .sig_lost = 2,
                                          .data_sent = 300,
                                          .data_lost = 15,
                                          .disruption_ab = SIM_MS(2100),
                                          .disruption_ba = SIM_MS(300)};
    three_pairs[2] = (mob_pair_metrics_t){.a = 3,
                                          .b = 2,
                                          .has_ab = false,
                                          .has_ba = true,
                                          .restored_ba = true,
                                          .restored_at_ab = -1,
                                          .restored_at_ba = SIM_MS(1150),
                                          .has_restore_time = true,
                                          .restore_time = SIM_MS(120),
                                          .sig_sent = 6,
                                          .sig_lost = 0,
                                          .data_sent = 200,
                                          .data_lost = 3,
                                          .disruption_ba = SIM_MS(150)};
    m->pairs = three_pairs;
    m->n_pairs = 3;
}

static void test_json_pairs_have_one_object_per_pair_with_its_directions(void)
{
    mob_config_t cfg;
    mob_metrics_t m;
    fill_pairs(&cfg, &m);
    cJSON *j = report_metrics_json(&cfg, &m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    /* the top-level keys are the first pair's */
    CU_ASSERT_TRUE(cJSON_IsTrue(at(j, "restored", "A_to_B")));
    CU_ASSERT_EQUAL(num(j, "restored_at", "B_to_A"), 1.3);
    CU_ASSERT_EQUAL(num(j, "disruption", "A_to_B"), 0.31);
    CU_ASSERT_EQUAL(num(j, "signaling", "sent"), 40); /* totals over the world */
    const cJSON *pairs = at(j, "pairs", NULL);
    CU_ASSERT_TRUE_FATAL(cJSON_IsArray(pairs));
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(pairs), 3);

    const cJSON *p0 = cJSON_GetArrayItem(pairs, 0);
    CU_ASSERT_STRING_EQUAL(at(p0, "a", NULL)->valuestring, "A");
    CU_ASSERT_STRING_EQUAL(at(p0, "b", NULL)->valuestring, "B");
    CU_ASSERT_TRUE(cJSON_IsTrue(at(p0, "restored", "A_to_B")));
    CU_ASSERT_TRUE(cJSON_IsTrue(at(p0, "restored", "B_to_A")));
    CU_ASSERT_EQUAL(num(p0, "restored_at", "A_to_B"), 1.28);
    CU_ASSERT_EQUAL(num(p0, "restore_time", NULL), 0.27);
    CU_ASSERT_EQUAL(num(p0, "signaling", "sent"), 20);
    CU_ASSERT_EQUAL(num(p0, "signaling", "lost"), 3);
    CU_ASSERT_EQUAL(num(p0, "data", "sent"), 400);
    CU_ASSERT_EQUAL(num(p0, "data", "lost"), 12);
    CU_ASSERT_EQUAL(num(p0, "disruption", "B_to_A"), 0.32);

    /* keys named by the pair's own hosts, in its order (C first) */
    const cJSON *p1 = cJSON_GetArrayItem(pairs, 1);
    CU_ASSERT_STRING_EQUAL(at(p1, "a", NULL)->valuestring, "C");
    CU_ASSERT_TRUE(cJSON_IsFalse(at(p1, "restored", "C_to_A")));
    CU_ASSERT_TRUE(cJSON_IsTrue(at(p1, "restored", "A_to_C")));
    CU_ASSERT_TRUE(cJSON_IsNull(at(p1, "restored_at", "C_to_A")));
    CU_ASSERT_EQUAL(num(p1, "restored_at", "A_to_C"), 3.215);
    CU_ASSERT_TRUE(cJSON_IsNull(at(p1, "restore_time", NULL)));
    CU_ASSERT_EQUAL(num(p1, "disruption", "C_to_A"), 2.1);

    /* the stationary correspondent's pair: only C_to_S, nothing S_to_C */
    const cJSON *p2 = cJSON_GetArrayItem(pairs, 2);
    CU_ASSERT_STRING_EQUAL(at(p2, "a", NULL)->valuestring, "S");
    CU_ASSERT_STRING_EQUAL(at(p2, "b", NULL)->valuestring, "C");
    static const char *const dir_keys[] = {"restored", "restored_at", "disruption"};
    for (int k = 0; k < 3; k++) {
        const cJSON *o = at(p2, dir_keys[k], NULL);
        CU_ASSERT_EQUAL(cJSON_GetArraySize(o), 1);
        CU_ASSERT_PTR_NULL(cJSON_GetObjectItemCaseSensitive(o, "S_to_C"));
        CU_ASSERT_PTR_NOT_NULL(cJSON_GetObjectItemCaseSensitive(o, "C_to_S"));
    }
    CU_ASSERT_TRUE(cJSON_IsTrue(at(p2, "restored", "C_to_S")));
    CU_ASSERT_EQUAL(num(p2, "restored_at", "C_to_S"), 1.15);
    CU_ASSERT_EQUAL(num(p2, "restore_time", NULL), 0.12);
    CU_ASSERT_EQUAL(num(p2, "disruption", "C_to_S"), 0.15);
    CU_ASSERT_EQUAL(num(p2, "signaling", "sent"), 6);
    cJSON_Delete(j);

    /* no pairs filled (the model of a two-host world today): no key */
    m.pairs = NULL;
    m.n_pairs = 0;
    j = report_metrics_json(&cfg, &m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_PTR_NULL(at(j, "pairs", NULL));
    cJSON_Delete(j);
    mob_config_free(&cfg);
}

/* The top-level direction keys follow the first pair, not hosts 0 and 1. */
static void test_direction_keys_name_the_first_pair(void)
{
    mob_config_t cfg;
    mob_metrics_t m;
    fill_pairs(&cfg, &m);
    cfg.peers[0].a = 2; /* C - B first */
    three_pairs[0].a = 2;
    char k[2 * MOB_NAME_MAX + 8];
    CU_ASSERT_STRING_EQUAL(report_direction_key(&cfg, true, k, sizeof(k)), "C_to_B");
    CU_ASSERT_STRING_EQUAL(report_direction_key(&cfg, false, k, sizeof(k)), "B_to_C");
    cJSON *j = report_metrics_json(&cfg, &m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_TRUE(cJSON_IsTrue(at(j, "restored", "C_to_B")));
    CU_ASSERT_PTR_NULL(at(j, "restored", "A_to_B"));
    cJSON_Delete(j);
    mob_config_free(&cfg);
}

static void test_summary_has_one_block_per_pair(void)
{
    mob_config_t cfg;
    mob_metrics_t m;
    fill_pairs(&cfg, &m);
    char *s = summary_of(&cfg, &m);
    CU_ASSERT_PTR_NOT_NULL(strstr(
        s, "pair        A - B: restored 0.270s after the later link break; signaling 20 sent, 3 "
           "lost\n"
           "            A -> B  restored at t=1.280s, longest gap 0.310s\n"
           "            B -> A  restored at t=1.300s, longest gap 0.320s\n"
           "pair        C - A: not restored by the horizon; signaling 14 sent, 2 lost\n"
           "            C -> A  not restored by the horizon (t=60.000s), longest gap 2.100s\n"
           "            A -> C  restored at t=3.215s, longest gap 0.300s\n"
           "pair        S - C: restored 0.120s after the later link break; signaling 6 sent, 0 "
           "lost\n"
           "            C -> S  restored at t=1.150s, longest gap 0.150s\n"
           "signaling   40 sent, 5 lost"));
    /* the one-pair lines are replaced by the blocks */
    CU_ASSERT_PTR_NULL(strstr(s, "restored    "));
    CU_ASSERT_PTR_NULL(strstr(s, "restore     "));
    CU_ASSERT_PTR_NULL(strstr(s, "disruption  "));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "data        900 sent, 30 lost"));
    free(s);

    /* one pair: exactly the two-host text */
    m.n_pairs = 1;
    s = summary_of(&cfg, &m);
    CU_ASSERT_PTR_NULL(strstr(s, "pair  "));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "restored    A -> B  restored at t=1.280s\n"
                                     "            B -> A  restored at t=1.300s\n"
                                     "restore     0.270s after the later link break (t=1.030s)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "disruption  A -> B 0.310s, B -> A 0.320s"));
    free(s);
    mob_config_free(&cfg);
}

/* ------------------------------------------------------------------------ */
/* trace log                                                                  */

static const char *names(const void *ctx, int node)
{
    static const char *const n[] = {"A", "B", "HA_A", "AR_B1"};
    (void)ctx;
    return node < 4 ? n[node] : NULL;
}

static void emit_at(sim_t *sim, void *ctx, void *arg)
{
    (void)ctx;
    sim_emit(sim, arg);
}

static void test_trace_log_writes_one_line_per_record_with_node_names(void)
{
    sim_t *sim = sim_create((sim_stream_id_t){1, 0, 0});
    CU_ASSERT_PTR_NOT_NULL_FATAL(sim);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    tracelog_t *log;
    CU_ASSERT_EQUAL_FATAL(tracelog_attach(sim, f, names, NULL, &log), 0);
    sim_trace_rec_t drop = {.kind = SIM_TR_PKT_DROPPED,
                            .node = 3,
                            .peer = 1,
                            .code = 1,
                            .id = 57,
                            .what = "stale-address",
                            .len = 72};
    sim_trace_rec_t note = {.kind = SIM_TR_NOTE, .node = 9, .peer = -1, .what = "two\nlines"};
    sim_at(sim, SIM_MS(1087), emit_at, NULL, &drop, NULL);
    sim_at(sim, SIM_S(2), emit_at, NULL, &note, NULL);
    sim_run(sim, SIM_S(10));
    CU_ASSERT_EQUAL(tracelog_lines(log), 2);
    CU_ASSERT_EQUAL(tracelog_detach(log, NULL), 0);
    fclose(f);
    CU_ASSERT_STRING_EQUAL(buf, "1.087000000  dropped    AR_B1    -> B         HoTI                "
                                "stale-address         code=1 id=57 len=72\n"
                                "2.000000000  note       #9       -> -         -                   "
                                "two?lines             code=0 id=0 len=0\n");
    free(buf);
    sim_destroy(sim);
}

void suite_report(void)
{
    ADD_SUITE("analysis/report", TEST(test_json_has_every_metric_with_its_value_in_seconds),
              TEST(test_restore_time_is_a_number_when_both_directions_restored),
              TEST(test_written_json_parses_back_and_prints_times_exactly),
              TEST(test_summary_tells_each_direction_and_each_lost_message),
              TEST(test_json_pairs_have_one_object_per_pair_with_its_directions),
              TEST(test_direction_keys_name_the_first_pair),
              TEST(test_summary_has_one_block_per_pair),
              TEST(test_trace_log_writes_one_line_per_record_with_node_names));
}
