/* `mobsim run FILE --state-at T` (issue 16): every binding cache, Binding
 * Update List entry and home binding at simulated time T, as JSON (parsed
 * here with cJSON) and as text; bad instants are refused with status 2 and
 * nothing written. The expected addresses come from the figure scenarios'
 * networks: A is 2001:db8:a::100 at home, 2001:db8:a1::100 on A1 and
 * 2001:db8:a2::100 on A2; B likewise with b, b1, b2 and ::200. Runs $MOBSIM
 * from the repository root. */
#include "tests/analysis/viz_util.h"
#include "tests/testing.h"
#include "tests/util.h"

#include <cjson/cJSON.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define A_HOA "2001:db8:a::100"
#define A_C1  "2001:db8:a1::100"
#define A_C2  "2001:db8:a2::100"
#define B_HOA "2001:db8:b::200"
#define B_C1  "2001:db8:b1::200"
#define B_C2  "2001:db8:b2::200"

/* Runs `mobsim run SCN ARGS --json` and returns its "state_at" array's
 * parent (cJSON_Delete it), NULL when it failed or is not JSON. */
static cJSON *state_json(const char *scn, const char *args)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "'%s' run %s %s --json 2>/dev/null", tu_mobsim(), scn, args);
    int st;
    char *out = vz_run(cmd, &st);
    cJSON *root = st == 0 && out ? cJSON_Parse(out) : NULL;
    free(out);
    /* where it came from, first (docs/cli.md "Provenance") */
    CU_ASSERT_TRUE(root && root->child && strcmp(root->child->string, "provenance") == 0 &&
                   cJSON_IsString(cJSON_GetObjectItem(root->child, "command")));
    return root;
}

static cJSON *snapshot(cJSON *root, int i)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(root, "state_at"), i);
}

static cJSON *named(cJSON *arr, const char *key, const char *name)
{
    cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(e, key));
        if (v && strcmp(v, name) == 0)
            return e;
    }
    return NULL;
}

static cJSON *host(cJSON *snap, const char *name)
{
    return named(cJSON_GetObjectItem(snap, "hosts"), "name", name);
}

/* The CN role's binding cache entry of host `of` for home address hoa. */
static const char *cache_coa(cJSON *snap, const char *of, const char *hoa)
{
    cJSON *e = named(cJSON_GetObjectItem(host(snap, of), "binding_cache"), "hoa", hoa);
    return e ? cJSON_GetStringValue(cJSON_GetObjectItem(e, "coa")) : NULL;
}

static const char *home_binding_coa(cJSON *snap, const char *ha, const char *h)
{
    cJSON *a = named(cJSON_GetObjectItem(snap, "home_agents"), "name", ha);
    cJSON *e = named(cJSON_GetObjectItem(a, "bindings"), "host", h);
    return e ? cJSON_GetStringValue(cJSON_GetObjectItem(e, "coa")) : NULL;
}

static cJSON *bul(cJSON *snap, const char *of, const char *peer)
{
    return named(cJSON_GetObjectItem(host(snap, of), "binding_update_list"), "peer", peer);
}

#define ASSERT_STR(got, want)                                                                      \
    do {                                                                                           \
        const char *g_ = (got);                                                                    \
        CU_ASSERT_PTR_NOT_NULL(g_);                                                                \
        if (g_)                                                                                    \
            CU_ASSERT_STRING_EQUAL(g_, want);                                                      \
    } while (0)

/* Figure 1: before the moves each correspondent's binding for the other's
 * home address points at the CoA on A1 / B1; at the horizon the home agents
 * have the new CoAs but the correspondents still hold the old ones (both
 * correspondent registrations died at the departed addresses), and each
 * Binding Update List entry is stuck in return routability. */
static void test_fig1_correspondents_keep_the_departed_coa_while_home_agents_move_on(void)
{
    cJSON *root = state_json("scenarios/fig1.json", "--state-at 60s --state-at 0.9s");
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(root, "state_at")), 2);
    cJSON *before = snapshot(root, 0), *end = snapshot(root, 1); /* time order */
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(before, "t")), 0.9, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(end, "t")), 60, 1e-12);

    ASSERT_STR(cache_coa(before, "B", A_HOA), A_C1);
    ASSERT_STR(cache_coa(before, "A", B_HOA), B_C1);
    ASSERT_STR(home_binding_coa(before, "HA_A", "A"), A_C1);
    ASSERT_STR(home_binding_coa(before, "HA_B", "B"), B_C1);
    ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItem(bul(before, "A", "B"), "state")), "bound");
    CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(bul(before, "A", "B"), "acked")));

    ASSERT_STR(cache_coa(end, "B", A_HOA), A_C1);
    ASSERT_STR(cache_coa(end, "A", B_HOA), B_C1);
    ASSERT_STR(home_binding_coa(end, "HA_A", "A"), A_C2);
    ASSERT_STR(home_binding_coa(end, "HA_B", "B"), B_C2);
    ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItem(host(end, "A"), "coa")), A_C2);
    cJSON *e = bul(end, "A", "B");
    ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItem(e, "state")), "RR");
    ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItem(e, "coa")), A_C2);
    CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItem(e, "acked")));
    cJSON_Delete(root);
}

/* Figure 6 (hoa-signaling) restores both directions by 1.41 s: at 3 s each
 * correspondent's binding points at the new CoA and both BUL entries are
 * bound and acknowledged for it. */
static void test_fig6_correspondents_hold_the_new_coa_after_restoration(void)
{
    cJSON *root = state_json("scenarios/fig6.json", "--state-at 3s");
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    cJSON *s = snapshot(root, 0);
    ASSERT_STR(cache_coa(s, "B", A_HOA), A_C2);
    ASSERT_STR(cache_coa(s, "A", B_HOA), B_C2);
    cJSON *ab = bul(s, "A", "B"), *ba = bul(s, "B", "A");
    ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ab, "state")), "bound");
    ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ab, "coa")), A_C2);
    ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ba, "coa")), B_C2);
    CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(ab, "acked")));
    CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(ba, "acked")));
    cJSON *reg = cJSON_GetObjectItem(host(s, "A"), "home_registration");
    ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItem(reg, "home_agent")), "HA_A");
    CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(reg, "acked")));
    cJSON_Delete(root);
}

/* "At T" includes the events due at T that were scheduled after the
 * snapshot: A's new CoA becomes usable at exactly 1.1 s in fig1 (move at
 * 1 s + 50 ms L2 + 50 ms movement detection), so at 1.1 s A is on A2 with
 * its new CoA and 1 ns earlier it is still moving with the old one. */
static void test_the_state_at_t_includes_every_event_due_at_t(void)
{
    cJSON *root = state_json("scenarios/fig1.json", "--state-at 1.1s --state-at 1099999999ns");
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    cJSON *early = host(snapshot(root, 0), "A"), *at = host(snapshot(root, 1), "A");
    CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItem(early, "attached")));
    ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItem(early, "coa")), A_C1);
    CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(at, "attached")));
    ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItem(at, "net")), "A2");
    ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItem(at, "coa")), A_C2);
    cJSON_Delete(root);
}

static double copies_held(cJSON *snap, const char *ha)
{
    cJSON *a = named(cJSON_GetObjectItem(snap, "home_agents"), "name", ha);
    cJSON *n = cJSON_GetObjectItem(a, "copies_held");
    return n ? cJSON_GetNumberValue(n) : -1;
}

/* Figure 6 (hoa-signaling, T_b = 300 ms): a peer's home agent keeps each
 * tunneled HoTI/CoTI/BU for T_b, and re-forwarding on its MN's home BU
 * uses the copy up. HA_A buffers B's CoTI at 1.16 s, HoTI at 1.21 s and
 * BUs at 1.38 and 1.41 s; HA_B buffers A's CoTI at 1.13 s (re-forwarded at
 * 1.16 s), HoTI at 1.18 s and BUs at 1.35 and 1.44 s. So at 1.2 s each
 * holds 1; at 1.5 s HA_A 3 (the CoTI went at 1.46 s) and HA_B 2; the BU
 * of 1.38 s goes at exactly 1.68 s (2 copies 1 ns before, 1 at 1.68 s);
 * by 1.8 s every copy is gone. */
static void test_fig6_home_agents_hold_each_copy_for_t_b(void)
{
    cJSON *root = state_json("scenarios/fig6.json", "--state-at 1.2s --state-at 1.5s "
                                                    "--state-at 1679999999ns --state-at 1.68s "
                                                    "--state-at 1.8s --state-at 0.9s");
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    static const double want[][2] = {{0, 0}, {1, 1}, {3, 2}, {2, 1}, {1, 1}, {0, 0}};
    for (int i = 0; i < 6; i++) {
        cJSON *s = snapshot(root, i);
        CU_ASSERT_EQUAL(copies_held(s, "HA_A"), want[i][0]);
        CU_ASSERT_EQUAL(copies_held(s, "HA_B"), want[i][1]);
    }
    cJSON_Delete(root);
}

/* The text form, to -o: one block per instant with the same facts. */
static void test_text_state_names_every_binding(void)
{
    char dir[64], cmd[1024], path[128];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    snprintf(path, sizeof(path), "%s/state.txt", dir);
    snprintf(cmd, sizeof(cmd), "'%s' run scenarios/fig1.json --state-at 0.9s -o '%s' 2>&1",
             tu_mobsim(), path);
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
    char *text = vz_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL(strncmp(text, "state at t=900ms\n", 17), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "host A on A1, hoa " A_HOA ", coa " A_C1 "\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "  cache  A            " A_HOA " -> " A_C1 ", seq 1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "  BUL -> B            bound, seq 1, coa " A_C1 " acked"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(text, "home agent HA_B\n  cache  B            " B_HOA " -> " B_C1));
    CU_ASSERT_EQUAL(vz_count(text, "state at "), 1);
    free(text);
    unlink(path);
    rmdir(dir);
}

/* A bad instant: status 2, one line naming the option (and, past the
 * horizon, the scenario's $.horizon), nothing on stdout, no -o file. */
static void test_bad_instants_are_refused_with_status_2_and_nothing_written(void)
{
    static const struct {
        const char *arg, *says;
    } cases[] = {
        {"--state-at abc", "--state-at: expected a time such as"},
        {"--state-at -1s", "--state-at: a time cannot be negative"},
        {"--state-at 61s", "--state-at 61s: after the end of the run (scenarios/fig1.json: "
                           "$.horizon is 60s)"},
        {"--state-at", "--state-at"},
    };
    char dir[64], cmd[1024], path[128];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    snprintf(path, sizeof(path), "%s/state.txt", dir);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(cmd, sizeof(cmd), "'%s' run scenarios/fig1.json -o '%s' %s 2>&1 >/dev/null",
                 tu_mobsim(), path, cases[i].arg);
        int st;
        char *err = vz_run(cmd, &st);
        CU_ASSERT_EQUAL(st, 2);
        CU_ASSERT_EQUAL(vz_count(err, "\n"), 1);
        if (!strstr(err, cases[i].says))
            fprintf(stderr, "\n%s: got %s", cases[i].arg, err);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[i].says));
        free(err);
        struct stat sb;
        CU_ASSERT_NOT_EQUAL(stat(path, &sb), 0);
    }
    rmdir(dir);
}

void suite_cli_state_at(void)
{
    ADD_SUITE("cli/state_at",
              TEST(test_fig1_correspondents_keep_the_departed_coa_while_home_agents_move_on),
              TEST(test_fig6_correspondents_hold_the_new_coa_after_restoration),
              TEST(test_the_state_at_t_includes_every_event_due_at_t),
              TEST(test_fig6_home_agents_hold_each_copy_for_t_b),
              TEST(test_text_state_names_every_binding),
              TEST(test_bad_instants_are_refused_with_status_2_and_nothing_written));
}
