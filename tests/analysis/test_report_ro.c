/* The report's route-optimization fallback (RFC 6275 §5.2.9): "ro_fallback",
 * "ro_fallback_at" and "ro_fallbacks" in --json, at the top and in the
 * pair that fell back, and a "fallback" line in the summary, only when a
 * fallback happened (outputs of runs without one are unchanged). */
#include "analysis/report.h"
#include "tests/testing.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static void fill(mob_config_t *cfg, mob_metrics_t *m, mob_pair_metrics_t *p, bool fallback)
{
    mob_config_defaults(cfg);
    snprintf(cfg->name, sizeof(cfg->name), "fig1");
    snprintf(mob_config_add_host(cfg)->name, MOB_NAME_MAX, "A");
    snprintf(mob_config_add_host(cfg)->name, MOB_NAME_MAX, "B");
    memset(m, 0, sizeof(*m));
    memset(p, 0, sizeof(*p));
    m->restored_at_ab = m->restored_at_ba = m->last_detach = -1;
    m->ro_fallback_at = -1;
    *p = (mob_pair_metrics_t){.a = 0,
                              .b = 1,
                              .has_ab = true,
                              .has_ba = true,
                              .restored_at_ab = -1,
                              .restored_at_ba = -1,
                              .ro_fallback_at = -1};
    if (fallback) {
        m->ro_fallback = p->ro_fallback = true;
        m->ro_fallback_at = p->ro_fallback_at = SIM_MS(8100);
        m->ro_fallbacks = p->ro_fallbacks = 2;
    }
    m->pairs = p;
    m->n_pairs = 1;
}

static void test_fallback_keys_only_when_one_happened(void)
{
    mob_config_t cfg;
    mob_metrics_t m;
    mob_pair_metrics_t p;
    fill(&cfg, &m, &p, false);
    cJSON *j = report_metrics_json(&cfg, &m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(j, "ro_fallback"));
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(j, "ro_fallback_at"));
    cJSON *pair = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "pairs"), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pair);
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(pair, "ro_fallback"));
    cJSON_Delete(j);
    mob_config_free(&cfg);

    fill(&cfg, &m, &p, true);
    j = report_metrics_json(&cfg, &m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(j, "ro_fallback")));
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(j, "ro_fallback_at")->valuedouble, 8.1, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(j, "ro_fallbacks")->valuedouble, 2, 1e-9);
    pair = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "pairs"), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pair);
    CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(pair, "ro_fallback")));
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(pair, "ro_fallback_at")->valuedouble, 8.1, 1e-9);
    cJSON_Delete(j);
    mob_config_free(&cfg);
}

static void test_summary_says_when_route_optimization_was_given_up(void)
{
    mob_config_t cfg;
    mob_metrics_t m;
    mob_pair_metrics_t p;
    for (int f = 0; f < 2; f++) {
        fill(&cfg, &m, &p, f == 1);
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        sim_err_t err = {0};
        CU_ASSERT_EQUAL(report_write_summary(out, &cfg, &m, &err), 0);
        fclose(out);
        const char *line =
            strstr(buf, "fallback    route optimization given up 2 time(s), first "
                        "at t=8.100s: bidirectional tunneling until the next move\n");
        if (f == 1) {
            CU_ASSERT_PTR_NOT_NULL(line);
        } else {
            CU_ASSERT_PTR_NULL(strstr(buf, "fallback"));
        }
        free(buf);
        mob_config_free(&cfg);
    }
}

void suite_report_ro(void)
{
    ADD_SUITE("analysis/report_ro", TEST(test_fallback_keys_only_when_one_happened),
              TEST(test_summary_says_when_route_optimization_was_given_up));
}
