/* scenarios/jcheck: the JSON-path readers shared by every loader of user
 * files - the path they record, the UTF-8 rules, the time readers. */
#include "scenarios/jcheck.h"
#include "tests/testing.h"

#include <cjson/cJSON.h>
#include <string.h>

static void test_utf8_problem_names_each_kind_of_invalid_sequence(void)
{
    static const struct {
        const char *s, *why;
        size_t at;
    } cases[] = {
        {"plain ascii", NULL, 0},
        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", NULL, 0}, /* 2-, 3- and 4-byte forms */
        {"\xc2\xa0", NULL, 0},                                  /* U+00A0, just past C1 */
        {"\xef\xbf\xbf", NULL, 0},                              /* U+FFFF */
        {"\xf4\x8f\xbf\xbf", NULL, 0},                          /* U+10FFFF, the last */
        {"\xed\x9f\xbf", NULL, 0},                              /* U+D7FF, before surrogates */
        {"\xee\x80\x80", NULL, 0},                              /* U+E000, after them */
        {"\xc0\x80", "an overlong encoding", 0},
        {"a\xc1\xbf", "an overlong encoding", 1},
        {"\xe0\x9f\xbf", "an overlong encoding", 0},
        {"\xf0\x8f\xbf\xbf", "an overlong encoding", 0},
        {"\xed\xa0\x80", "a UTF-16 surrogate (U+D800 to U+DFFF) encoded directly", 0},
        {"xy\xed\xbf\xbf", "a UTF-16 surrogate (U+D800 to U+DFFF) encoded directly", 2},
        {"\xf4\x90\x80\x80", "a code point above U+10FFFF", 0},
        {"\xf7\xbf\xbf\xbf", "a code point above U+10FFFF", 0},
        {"\xc2\x80", "a C1 control character (U+0080 to U+009F)", 0},
        {"\xc2\x9f", "a C1 control character (U+0080 to U+009F)", 0},
        {"\x80", "a continuation byte that starts no character", 0},
        {"\xf8\x88\x80\x80\x80", "a byte that is never UTF-8", 0},
        {"\xff", "a byte that is never UTF-8", 0},
        {"\xe2\x82", "a UTF-8 sequence cut short", 0},
        {"\xe2(\xa1", "a UTF-8 sequence cut short", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t at = 99;
        const char *why = jc_utf8_problem(cases[i].s, &at);
        if (!cases[i].why) {
            CU_ASSERT_PTR_NULL(why);
            if (why)
                fprintf(stderr, "\ncase %zu refused: %s\n", i, why);
            continue;
        }
        CU_ASSERT_PTR_NOT_NULL(why);
        if (!why)
            continue;
        CU_ASSERT_STRING_EQUAL(why, cases[i].why);
        CU_ASSERT_EQUAL(at, cases[i].at);
        CU_ASSERT_FALSE(jc_valid_text(cases[i].s));
    }
    CU_ASSERT_PTR_NULL(jc_utf8_problem("ok", NULL)); /* at may be NULL */
}

static void test_valid_text_refuses_every_control_character(void)
{
    CU_ASSERT_TRUE(jc_valid_text("Fig. 1 \xe2\x80\x94 caf\xc3\xa9"));
    CU_ASSERT_FALSE(jc_valid_text("tab\there"));
    CU_ASSERT_FALSE(jc_valid_text("line\nbreak"));
    CU_ASSERT_FALSE(jc_valid_text("del\x7f"));
    CU_ASSERT_FALSE(jc_valid_text("c1 \xc2\x85"));
}

static void test_check_strings_names_the_path_of_the_first_bad_string(void)
{
    cJSON *root = cJSON_Parse("{\"a\": {\"b\": [\"ok\", 1, {\"c\": \"fine\"}]}}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    jc_t j;
    sim_err_t err = {0};
    jc_init(&j, "s.json", &err);
    CU_ASSERT_EQUAL(jc_check_strings(&j, root), 0);
    CU_ASSERT_STRING_EQUAL(j.path, "$"); /* the walk pops back */
    cJSON *arr = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "a"), "b");
    cJSON_AddItemToObject(cJSON_GetArrayItem(arr, 2), "d", cJSON_CreateString("x\xc0\xaf"));
    CU_ASSERT_EQUAL(jc_check_strings(&j, root), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(
        err.msg,
        "s.json: $.a.b[2].d: expected valid UTF-8 text, got \"x\\xc0\\xaf\" (an overlong encoding, at byte 1)");
    CU_ASSERT_STRING_EQUAL(j.err_path, "$.a.b[2].d");
    cJSON_Delete(root);
    /* keys are strings too */
    root = cJSON_CreateObject();
    cJSON_AddItemToObject(root, "k\xed\xa0\x80", cJSON_CreateNumber(1));
    jc_init(&j, NULL, &err);
    CU_ASSERT_EQUAL(jc_check_strings(&j, root), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(
        err.msg,
        "$[\"k\\xed\\xa0\\x80\"]: expected valid UTF-8 text, got \"k\\xed\\xa0\\x80\" (a UTF-16 surrogate (U+D800 to U+DFFF) encoded directly, at byte 1)");
    cJSON_Delete(root);
}

static void test_get_time_refuses_times_finer_than_1ns(void)
{
    static const struct {
        const char *json;
        sim_time_t want; /* -1: refused as finer than 1 ns */
    } cases[] = {
        {"0.1", SIM_MS(100)},
        {"0.03", SIM_MS(30)},
        {"1.2", SIM_MS(1200)},
        {"1e-9", 1},
        {"86400", SIM_S(86400)},
        {"0.000000007", 7},
        {"123.456789012", SIM_S(123) + 456789012},
        {"\"1.000000001s\"", SIM_S(1) + 1},
        {"\"0.5us\"", 500},
        {"\"0.0000000001min\"", 6},
        {"10.0000000001", -1},
        {"1.5e-10", -1},
        {"1e-10", -1},
        {"1.5e-09", -1},
        {"\"1.0000000001s\"", -1},
        {"\"0.5ns\"", -1},
        {"\"1.0001us\"", -1},
        {"\"0.00000000001min\"", -1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cJSON *item = cJSON_Parse(cases[i].json);
        CU_ASSERT_PTR_NOT_NULL_FATAL(item);
        jc_t j;
        sim_err_t err = {0};
        jc_init(&j, NULL, &err);
        size_t mark = jc_push_key(&j, "t");
        sim_time_t t = -7;
        int rc = jc_get_time(&j, item, &t);
        jc_pop(&j, mark);
        if (cases[i].want >= 0) {
            CU_ASSERT_EQUAL(rc, 0);
            CU_ASSERT_EQUAL(t, cases[i].want);
            if (rc || t != cases[i].want)
                fprintf(stderr, "\ncase %s: rc %d, t %lld: %s\n", cases[i].json, rc, (long long)t,
                        err.msg);
        } else {
            char want[256];
            snprintf(want, sizeof(want),
                     "$.t: expected a whole number of nanoseconds, got %s (finer than 1 ns)",
                     cases[i].json);
            CU_ASSERT_EQUAL(rc, -SIM_EINVAL);
            CU_ASSERT_STRING_EQUAL(err.msg, want);
            CU_ASSERT_EQUAL(t, -7); /* untouched */
        }
        cJSON_Delete(item);
    }
}

/* Paths as "$.key[3]" and ["quoted key"]; indices of any sign and size;
 * a plain key keeps at most 64 bytes; pop goes back to the mark. */
static void test_push_builds_the_path_and_pop_returns_to_the_mark(void)
{
    jc_t j;
    sim_err_t err = {0};
    jc_init(&j, NULL, &err);
    size_t m0 = jc_push_key(&j, "moves");
    jc_push_index(&j, 0);
    CU_ASSERT_STRING_EQUAL(j.path, "$.moves[0]");
    jc_pop(&j, m0);
    CU_ASSERT_STRING_EQUAL(j.path, "$");
    jc_push_index(&j, -7);
    jc_push_index(&j, 2147483647);
    jc_push_index(&j, -2147483647 - 1);
    jc_push_index(&j, 10);
    CU_ASSERT_STRING_EQUAL(j.path, "$[-7][2147483647][-2147483648][10]");
    jc_pop(&j, m0);
    char key[80], want[80];
    memset(key, 'k', 70);
    key[70] = 0;
    snprintf(want, sizeof(want), "$.%.*s", 64, key);
    jc_push_key(&j, key);
    CU_ASSERT_STRING_EQUAL(j.path, want);
    jc_pop(&j, m0);
    jc_push_key(&j, "a b");
    CU_ASSERT_STRING_EQUAL(j.path, "$[\"a b\"]");
}

void suite_jcheck(void)
{
    ADD_SUITE("scenarios/jcheck", TEST(test_utf8_problem_names_each_kind_of_invalid_sequence),
              TEST(test_valid_text_refuses_every_control_character),
              TEST(test_check_strings_names_the_path_of_the_first_bad_string),
              TEST(test_get_time_refuses_times_finer_than_1ns),
              TEST(test_push_builds_the_path_and_pop_returns_to_the_mark));
}
