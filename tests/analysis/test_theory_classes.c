/* The closed form beside a simulated population, end to end: the
 * `population.class_pairs` of `mobsim run --json` (report_metrics_json) for
 * a generated world of two classes, pedestrians (Poisson, 30 s mean dwell)
 * and vehicles (Poisson, 10 s), paired at random. For the symmetric class
 * pair (pedestrian, pedestrian) and both asymmetric ones, the fraction of
 * handoffs in an episode whose peer handed off inside the pair's window
 * (`episode_window_frac`) has episode_frac_theory in its interval; under
 * the paper's binding-cache routing the raw episode fraction does not,
 * because pairs left broken by an episode lose the next handoff's signaling
 * too (`inherited_episode_rows`: docs/theory.md, "Populations"). */
#include "analysis/episode.h"
#include "analysis/report.h"
#include "analysis/stats.h"
#include "scenarios/scn.h"
#include "tests/testing.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const POPULATION =
    "{\"name\": \"classes\", \"seed\": %d, \"horizon\": \"3600s\","
    " \"mh_routing\": \"%s\","
    " \"population\": {\"mobile_hosts\": 400, \"cells\": 40,"
    " \"home_agents\": 4, \"graph\": {\"kind\": \"ring\"},"
    " \"peers\": {\"k\": 1, \"mobile_fraction\": 1}, \"rate\": 0,"
    " \"classes\": ["
    "{\"name\": \"ped\", \"share\": 0.5, \"process\": \"poisson\","
    " \"rate\": 0.0333333333333333},"
    "{\"name\": \"veh\", \"share\": 0.5, \"process\": \"poisson\","
    " \"rate\": 0.1}]}}";

typedef struct finish_ctx {
    mob_config_t *cfg;
    cJSON *json;
} finish_ctx_t;

static int keep_json(void *ctx, mob_world_t *w, sim_err_t *err)
{
    (void)err;
    finish_ctx_t *f = ctx;
    f->json = report_metrics_json(f->cfg, mob_world_metrics(w));
    return f->json ? 0 : -SIM_ENOMEM;
}

/* One run's population.class_pairs (a new tree: cJSON_Delete). */
static cJSON *run_population(int seed, const char *routing)
{
    char text[2048];
    snprintf(text, sizeof(text), POPULATION, seed, routing);
    mob_config_t cfg;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_string(text, strlen(text), "classes.json", NULL, 0, &cfg, &err),
                          0);
    finish_ctx_t f = {&cfg, NULL};
    episode_hooks_t hooks = {.finish = keep_json, .ctx = &f};
    CU_ASSERT_EQUAL_FATAL(episode_run(&cfg, (sim_stream_id_t){cfg.seed, 0, 0}, &hooks, &err), 0);
    mob_config_free(&cfg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f.json);
    return f.json;
}

static const cJSON *class_pair(const cJSON *root, const char *x, const char *y)
{
    const cJSON *cps = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "population"), "class_pairs");
    const cJSON *e;
    cJSON_ArrayForEach(e, cps)
    {
        if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(e, "x")), x) &&
            !strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(e, "y")), y))
            return e;
    }
    return NULL;
}

static double num(const cJSON *e, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(e, key);
    CU_ASSERT_TRUE_FATAL(cJSON_IsNumber(v));
    return v->valuedouble;
}

typedef struct pooled {
    double rows, episode_rows, window_hits, theory, inherited;
} pooled_t;

static void pool(pooled_t *p, const cJSON *e)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    double rows = num(e, "handoff_rows");
    p->rows += rows;
    p->episode_rows += num(e, "episode_rows");
    p->window_hits += num(e, "episode_window_frac") * rows;
    p->inherited += num(e, "inherited_episode_rows");
    p->theory = num(e, "episode_frac_theory"); /* the same for every seed */
}

enum { SEEDS = 2 };
static const char *const PAIRS[][2] = {{"ped", "ped"}, {"ped", "veh"}, {"veh", "ped"}};

static void test_fresh_episodes_fall_in_theory_interval_per_class_pair(void)
{
    pooled_t p[3] = {{0}};
    for (int seed = 1; seed <= SEEDS; seed++) {
        cJSON *j = run_population(seed, "rfc6275");
        for (int i = 0; i < 3; i++)
            pool(&p[i], class_pair(j, PAIRS[i][0], PAIRS[i][1]));
        cJSON_Delete(j);
    }
    /* 1 - exp(-lambda_Y L), L = 0.5 s here (both extents 250 ms) */
    CU_ASSERT_DOUBLE_EQUAL(p[0].theory, 1 - exp(-0.5 / 30), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(p[1].theory, 1 - exp(-0.5 * 0.1), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(p[2].theory, 1 - exp(-0.5 / 30), 1e-9);
    for (int i = 0; i < 3; i++) {
        /* a coincidence of two pedestrians is a row of each: in the
         * symmetric pair the rows come in correlated twos, so the interval
         * is taken over half of them */
        double k = i == 0 ? 2 : 1;
        double lo, hi;
        uint64_t hits = (uint64_t)llround(p[i].window_hits / k);
        stats_wilson(hits, (uint64_t)llround(p[i].rows / k), &lo, &hi);
        if (!(p[i].theory >= lo && p[i].theory <= hi) || getenv("THEORY_POP_VERBOSE"))
            fprintf(stderr, "%s-%s: theory %.5f, Wilson [%.5f, %.5f] (%.0f rows)\n", PAIRS[i][0],
                    PAIRS[i][1], p[i].theory, lo, hi, p[i].rows);
        CU_ASSERT_TRUE(p[i].theory >= lo && p[i].theory <= hi);
        CU_ASSERT_TRUE(p[i].rows > 1000);
    }
}

static void test_paper_routing_inherits_episodes_beyond_the_closed_form(void)
{
    cJSON *j = run_population(1, "binding-cache");
    for (int i = 0; i < 3; i++) {
        pooled_t p = {0};
        pool(&p, class_pair(j, PAIRS[i][0], PAIRS[i][1]));
        double lo, hi;
        stats_wilson((uint64_t)p.episode_rows, (uint64_t)p.rows, &lo, &hi);
        /* the raw fraction is well above the closed form: pairs left broken
         * by an episode lose the next handoff's signaling to the departed
         * address too (inherited rows: a quarter or more of the episodes),
         * while the handoffs' timing still is what the closed form says */
        CU_ASSERT_TRUE(lo > p.theory);
        CU_ASSERT_TRUE(p.inherited > 0.25 * p.episode_rows);
        const cJSON *e = class_pair(j, PAIRS[i][0], PAIRS[i][1]);
        double k = i == 0 ? 2 : 1;
        stats_wilson((uint64_t)llround(num(e, "window_frac") * p.rows / k),
                     (uint64_t)llround(p.rows / k), &lo, &hi);
        CU_ASSERT_TRUE(p.theory >= lo && p.theory <= hi);
    }
    cJSON_Delete(j);
}

void suite_analysis_theory_classes(void)
{
    ADD_SUITE("analysis/theory_classes",
              TEST(test_fresh_episodes_fall_in_theory_interval_per_class_pair),
              TEST(test_paper_routing_inherits_episodes_beyond_the_closed_form));
}
