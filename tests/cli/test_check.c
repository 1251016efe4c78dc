/* `mobsim check` on the conformance suite (the files of tests/conformance, each
 * named after the RFC 6275 section it pins): every expectation passes, a
 * mutated copy (a wrong expected BA status, a wrong care-of address) is
 * reported as exactly those FAILs, bad scripts exit 2 and write nothing,
 * and a scripted drop is a loss like any other (lost[] says "scripted"). */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/testing.h"
#include "tests/util.h"

#define CONF "tests/conformance/"

/* The whole stdout of `mobsim ARGS` (NULL on failure); *status its exit.
 * ARGS ending in "2>&1" keep standard error too. */
static char *run_cmd(const char *args, int *status)
{
    char cmd[2048];
    size_t n_args = strlen(args);
    bool with_err = n_args > 4 && strcmp(args + n_args - 4, "2>&1") == 0;
    snprintf(cmd, sizeof(cmd), "%s %s%s", tu_mobsim(), args, with_err ? "" : " 2>/dev/null");
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, p)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (buf)
        buf[n] = 0;
    return buf;
}

static int count_lines(const char *out, const char *prefix)
{
    int n = 0;
    size_t len = strlen(prefix);
    for (const char *l = out; l && *l;) {
        if (strncmp(l, prefix, len) == 0)
            n++;
        const char *nl = strchr(l, '\n');
        l = nl ? nl + 1 : NULL;
    }
    return n;
}

/* The summary line's numbers; false when there is none. */
static bool summary(const char *out, int *passed, int *failed)
{
    const char *l = out ? strstr(out, " passed, ") : NULL;
    if (!l)
        return false;
    while (l > out && l[-1] != '\n')
        l--;
    return sscanf(l, "%d passed, %d failed", passed, failed) == 2;
}

static void test_check_conformance_suite_passes(void)
{
    int st = -1, passed = 0, failed = -1;
    char *out = run_cmd("check " CONF "*.json", &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_TRUE(summary(out, &passed, &failed));
    CU_ASSERT_EQUAL(failed, 0);
    CU_ASSERT_TRUE(passed >= 80);
    CU_ASSERT_EQUAL(count_lines(out, "PASS "), passed);
    CU_ASSERT_EQUAL(count_lines(out, "FAIL "), 0);
    printf("\n  mobsim check " CONF "*.json: %d passed, %d failed\n", passed, failed);
    free(out);
}

/* Writes root to path; true on success. */
static bool write_json(const char *path, const cJSON *root)
{
    char *text = cJSON_Print(root);
    FILE *f = text ? fopen(path, "w") : NULL;
    bool ok = f && fputs(text, f) >= 0;
    if (f)
        ok = fclose(f) == 0 && ok;
    free(text);
    return ok;
}

static cJSON *read_json(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    return cJSON_Parse(buf);
}

/* script[step].expect.<what>.<key> of root, or NULL. */
static cJSON *expect_item(cJSON *root, int step, const char *what, const char *key)
{
    cJSON *s = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "script"), step);
    cJSON *e = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "expect"), what);
    return cJSON_GetObjectItem(e, key);
}

static void test_check_reports_exactly_the_mutated_expectations_as_fail(void)
{
    char dir[] = "/tmp/mobsim-check-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char p131[256], pacc[256], args[1024];
    snprintf(p131, sizeof(p131), "%s/m131.json", dir);
    snprintf(pacc, sizeof(pacc), "%s/macc.json", dir);
    /* BA status 131 expected as 132; the new CoA A@A2 expected as A@B2 */
    cJSON *a = read_json(CONF "bu-9.5.1-131-home-registration.json");
    cJSON *b = read_json(CONF "bu-9.5.1-accepted.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    cJSON *status = expect_item(a, 2, "received", "status");
    cJSON *coa = expect_item(b, 1, "binding", "coa");
    CU_ASSERT_PTR_NOT_NULL_FATAL(status);
    CU_ASSERT_PTR_NOT_NULL_FATAL(coa);
    CU_ASSERT_EQUAL(status->valueint, 131);
    CU_ASSERT_STRING_EQUAL(coa->valuestring, "A@A2");
    cJSON_SetNumberValue(status, 132);
    cJSON_SetValuestring(coa, "A@B2");
    CU_ASSERT_TRUE(write_json(p131, a));
    CU_ASSERT_TRUE(write_json(pacc, b));
    cJSON_Delete(a);
    cJSON_Delete(b);

    int st = -1, passed = 0, failed = 0;
    snprintf(args, sizeof(args), "check %s %s", p131, pacc);
    char *out = run_cmd(args, &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(st, 1);
    CU_ASSERT_TRUE(summary(out, &passed, &failed));
    CU_ASSERT_EQUAL(failed, 2);
    CU_ASSERT_EQUAL(count_lines(out, "FAIL "), 2);
    char want[512];
    snprintf(want, sizeof(want), "FAIL 3.100000s %s $.script[2] A received BA from B status 132",
             p131);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
    /* the actual state and where to look: the BA that did arrive */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "(status 131, seq 200)"));
    snprintf(want, sizeof(want), "FAIL 2.000000s %s $.script[1] (new CoA bound) B binding", pacc);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "actual an entry with coa A@A2 (2001:db8:a2::100) seq 2"));
    free(out);

    /* the same through --junit: one testcase each, two failures */
    char xml[256];
    snprintf(xml, sizeof(xml), "%s/out.xml", dir);
    snprintf(args, sizeof(args), "check -q %s %s --junit %s", p131, pacc, xml);
    out = run_cmd(args, &st);
    CU_ASSERT_EQUAL(st, 1);
    CU_ASSERT_EQUAL(count_lines(out, "PASS "), 0);
    free(out);
    FILE *f = fopen(xml, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = 0;
    int cases = 0, fails = 0;
    for (const char *p = text; (p = strstr(p, "<testcase ")); p++)
        cases++;
    for (const char *p = text; (p = strstr(p, "<failure ")); p++)
        fails++;
    CU_ASSERT_EQUAL(cases, passed + failed);
    CU_ASSERT_EQUAL(fails, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "failures=\"2\""));
    tu_rm_rf(dir);
}

static void test_check_bad_script_exits_2_and_writes_nothing(void)
{
    char dir[] = "/tmp/mobsim-check-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char bad[256], xml[256], args[1024];
    snprintf(bad, sizeof(bad), "%s/bad.json", dir);
    snprintf(xml, sizeof(xml), "%s/out.xml", dir);
    cJSON *a = read_json(CONF "bu-9.5.1-accepted.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    cJSON *node = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "script"), 0), "expect"),
        "node");
    CU_ASSERT_PTR_NOT_NULL_FATAL(node);
    cJSON_SetValuestring(node, "Z");
    CU_ASSERT_TRUE(write_json(bad, a));
    cJSON_Delete(a);
    /* a good file first: nothing runs before every file loaded */
    snprintf(args, sizeof(args), "check " CONF "bu-9.5.1-accepted.json %s --junit %s 2>&1", bad,
             xml);
    int st = -1;
    char *out = run_cmd(args, &st);
    CU_ASSERT_EQUAL(st, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "$.script[0].expect.node: expected the name of a host"));
    CU_ASSERT_PTR_NULL(strstr(out, "PASS"));
    CU_ASSERT_EQUAL(access(xml, F_OK), -1);
    free(out);
    tu_rm_rf(dir);
}

static void test_scripted_drop_is_in_lost_with_reason_scripted(void)
{
    int st = -1;
    char *out = run_cmd("run " CONF "retx-11.8-correspondent-bu.json --json", &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(st, 0);
    cJSON *root = cJSON_Parse(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    int scripted = 0;
    cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItem(root, "lost"))
    {
        const cJSON *why = cJSON_GetObjectItem(l, "why");
        const cJSON *type = cJSON_GetObjectItem(l, "type");
        if (cJSON_IsString(why) && strcmp(why->valuestring, "scripted") == 0) {
            scripted++;
            CU_ASSERT_STRING_EQUAL(type->valuestring, "BA");
        }
    }
    /* BAs of the BU at 1.22 s and its retransmissions at +1 s, +3 s, +7 s */
    CU_ASSERT_EQUAL(scripted, 4);
    cJSON_Delete(root);
    free(out);
}

void suite_cli_check(void)
{
    ADD_SUITE("cli_check", TEST(test_check_conformance_suite_passes),
              TEST(test_check_reports_exactly_the_mutated_expectations_as_fail),
              TEST(test_check_bad_script_exits_2_and_writes_nothing),
              TEST(test_scripted_drop_is_in_lost_with_reason_scripted));
}
