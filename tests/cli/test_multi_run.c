/* The shipped scenarios/multi.json, as a user runs it: mobile hosts A, B, D
 * with their own home agents, stationary correspondent C; A talks to B and
 * C, B to D; A moves at 1 s, B at 1.03 s (Figure 1's timing), D at 6 s.
 * The file is the world tests/models/test_multi.c builds in C (same
 * metrics), and `mobsim run --json` / the summary say per pair what
 * emerged: A <-> B lost as in Figure 1, C -> A restored at once, B <-> D
 * restored after D's move. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/episode.h"
#include "scenarios/scn.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"
#include "tests/util.h"

#define MULTI "scenarios/multi.json"

/* The whole stdout of `mobsim ARGS` (NULL on failure); *status its exit. */
static char *run_cmd(const char *args, int *status)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", tu_mobsim(), args);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, p)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
        }
    }
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (buf)
        buf[n] = 0;
    return buf;
}

typedef struct metrics_copy {
    mob_metrics_t m;
    mob_pair_metrics_t pairs[8];
} metrics_copy_t;

static int keep_metrics(void *ctx, mob_world_t *w, sim_err_t *err)
{
    (void)err;
    metrics_copy_t *c = ctx;
    c->m = *mob_world_metrics(w);
    for (size_t i = 0; i < c->m.n_pairs && i < 8; i++)
        c->pairs[i] = c->m.pairs[i];
    c->m.pairs = NULL; /* the world's copy dies with it */
    return 0;
}

static int run_config(const mob_config_t *cfg, metrics_copy_t *out)
{
    episode_hooks_t h = {.finish = keep_metrics, .ctx = out};
    sim_err_t err = {0};
    return episode_run(cfg, (sim_stream_id_t){cfg->seed, 0, 0}, &h, &err);
}

static void test_the_file_is_the_world_the_model_tests_build(void)
{
    mob_config_t file, c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_file(MULTI, NULL, 0, &file, &err), 0);
    fx_multi_config(&c);
    CU_ASSERT_EQUAL(file.n_hosts, 4);
    CU_ASSERT_EQUAL(file.n_peers, 3);
    CU_ASSERT_EQUAL(file.hosts[MX_C].kind, MOB_HOST_CORRESPONDENT);
    metrics_copy_t *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL_FATAL(run_config(&file, a), 0);
    CU_ASSERT_EQUAL_FATAL(run_config(&c, b), 0);
    CU_ASSERT_EQUAL(a->m.events, b->m.events);
    CU_ASSERT_EQUAL(a->m.sig_sent, b->m.sig_sent);
    CU_ASSERT_EQUAL(a->m.data_sent, b->m.data_sent);
    CU_ASSERT_EQUAL_FATAL(a->m.n_pairs, 3);
    CU_ASSERT_EQUAL_FATAL(b->m.n_pairs, 3);
    CU_ASSERT_EQUAL(memcmp(a->pairs, b->pairs, 3 * sizeof(a->pairs[0])), 0);
    CU_ASSERT_EQUAL_FATAL(a->m.n_lost, b->m.n_lost);
    for (size_t i = 0; i < a->m.n_lost; i++) {
        CU_ASSERT_STRING_EQUAL(a->m.lost[i].type, b->m.lost[i].type);
        CU_ASSERT_STRING_EQUAL(a->m.lost[i].where, b->m.lost[i].where);
        CU_ASSERT_EQUAL(a->m.lost[i].died_at, b->m.lost[i].died_at);
    }
    free(a);
    free(b);
    mob_config_free(&file);
    mob_config_free(&c);
}

static const cJSON *pair_of(const cJSON *pairs, const char *x, const char *y)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, pairs)
    {
        const cJSON *a = cJSON_GetObjectItem(p, "a"), *b = cJSON_GetObjectItem(p, "b");
        if (cJSON_IsString(a) && cJSON_IsString(b) && strcmp(a->valuestring, x) == 0 &&
            strcmp(b->valuestring, y) == 0)
            return p;
    }
    return NULL;
}

static const cJSON *at(const cJSON *o, const char *k1, const char *k2)
{
    return cJSON_GetObjectItem(cJSON_GetObjectItem(o, k1), k2);
}

static void test_json_says_per_pair_what_emerged(void)
{
    int st;
    char *out = run_cmd("run " MULTI " --json", &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(st, 0);
    cJSON *j = cJSON_Parse(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    const cJSON *pairs = cJSON_GetObjectItem(j, "pairs");
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(pairs), 3);
    /* A <-> B: Figure 1 - neither direction comes back, every RR message
     * of the pair was lost */
    const cJSON *ab = pair_of(pairs, "A", "B");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ab);
    CU_ASSERT_TRUE(cJSON_IsFalse(at(ab, "restored", "A_to_B")));
    CU_ASSERT_TRUE(cJSON_IsFalse(at(ab, "restored", "B_to_A")));
    CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(ab, "restore_time")));
    CU_ASSERT_TRUE(at(ab, "signaling", "sent")->valuedouble > 0);
    CU_ASSERT_EQUAL(at(ab, "signaling", "lost")->valuedouble,
                    at(ab, "signaling", "sent")->valuedouble);
    /* A <-> C: only C -> A exists (C never moves), restored 250 ms after
     * A's link broke */
    const cJSON *ac = pair_of(pairs, "A", "C");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ac);
    CU_ASSERT_TRUE(cJSON_IsTrue(at(ac, "restored", "C_to_A")));
    CU_ASSERT_PTR_NULL(at(ac, "restored", "A_to_C"));
    CU_ASSERT_DOUBLE_EQUAL(at(ac, "restored_at", "C_to_A")->valuedouble, 1.25, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(ac, "restore_time")->valuedouble, 0.25, 1e-9);
    CU_ASSERT_EQUAL(at(ac, "signaling", "lost")->valuedouble, 0);
    /* B <-> D: D's binding for B follows B at once; B's for D follows D's
     * move at 6 s */
    const cJSON *bd = pair_of(pairs, "B", "D");
    CU_ASSERT_PTR_NOT_NULL_FATAL(bd);
    CU_ASSERT_TRUE(cJSON_IsTrue(at(bd, "restored", "B_to_D")));
    CU_ASSERT_TRUE(cJSON_IsTrue(at(bd, "restored", "D_to_B")));
    double b_to_d = at(bd, "restored_at", "B_to_D")->valuedouble;
    double d_to_b = at(bd, "restored_at", "D_to_B")->valuedouble;
    CU_ASSERT_TRUE(b_to_d > 6.0 && b_to_d < 7.0);
    CU_ASSERT_TRUE(d_to_b > 1.03 && d_to_b < 2.0);
    CU_ASSERT_EQUAL(at(bd, "signaling", "lost")->valuedouble, 0);
    /* the losses are Figure 1's: A's HoTI and CoTI die at B's old access
     * router, B's at A's, as stale addresses */
    const cJSON *l;
    int a_at_b1 = 0, b_at_a1 = 0, other = 0;
    cJSON_ArrayForEach(l, cJSON_GetObjectItem(j, "lost"))
    {
        const char *from = cJSON_GetObjectItem(l, "from")->valuestring;
        const char *where = cJSON_GetObjectItem(l, "where")->valuestring;
        const char *why = cJSON_GetObjectItem(l, "why")->valuestring;
        const char *type = cJSON_GetObjectItem(l, "type")->valuestring;
        bool rr = strcmp(type, "HoTI") == 0 || strcmp(type, "CoTI") == 0;
        if (rr && strcmp(from, "A") == 0 && strcmp(where, "AR_B1") == 0 &&
            strcmp(why, "stale-address") == 0)
            a_at_b1++;
        else if (rr && strcmp(from, "B") == 0 && strcmp(where, "AR_A1") == 0 &&
                 strcmp(why, "stale-address") == 0)
            b_at_a1++;
        else
            other++;
    }
    CU_ASSERT_TRUE(a_at_b1 >= 2);
    CU_ASSERT_EQUAL(a_at_b1, b_at_a1);
    CU_ASSERT_EQUAL(other, 0); /* nothing of A-C or B-D was lost */
    cJSON_Delete(j);
    free(out);
}

static void test_the_summary_has_a_line_per_pair(void)
{
    int st;
    char *out = run_cmd("run " MULTI, &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "pair        A - B: not restored by the horizon"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "pair        A - C: restored 0.250s after"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "C -> A  restored at t=1.250s"));
    CU_ASSERT_PTR_NULL(strstr(out, "A -> C")); /* the direction does not exist */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "pair        B - D: restored"));
    free(out);
}

void suite_cli_multi(void)
{
    CU_pSuite s = CU_add_suite("cli/multi.json", NULL, NULL);
    CU_add_test(s, "the file is the world the model tests build",
                test_the_file_is_the_world_the_model_tests_build);
    CU_add_test(s, "--json says per pair what emerged", test_json_says_per_pair_what_emerged);
    CU_add_test(s, "the summary has a line per pair", test_the_summary_has_a_line_per_pair);
}
