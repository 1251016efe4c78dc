/* Durations: parsing, formatting, errors. */
#include "sim/time.h"
#include "tests/testing.h"

#include <math.h>
#include <string.h>

static sim_time_t parse_ok(const char *s)
{
    sim_time_t t = -7;
    sim_err_t err = {0};
    int rc = sim_time_parse(s, &t, &err);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc)
        fprintf(stderr, "unexpected error for \"%s\": %s\n", s, err.msg);
    return t;
}

static int parse_err(const char *s, char *msg, size_t cap)
{
    sim_time_t t = -7;
    sim_err_t err = {0};
    int rc = sim_time_parse(s, &t, &err);
    CU_ASSERT_EQUAL(t, -7); /* untouched on error */
    if (msg)
        snprintf(msg, cap, "%s", err.msg);
    return rc;
}

static void test_parse_units(void)
{
    CU_ASSERT_EQUAL(parse_ok("250us"), SIM_US(250));
    CU_ASSERT_EQUAL(parse_ok("30ms"), SIM_MS(30));
    CU_ASSERT_EQUAL(parse_ok("1.5s"), SIM_MS(1500));
    CU_ASSERT_EQUAL(parse_ok("1.03s"), SIM_MS(1030));
    CU_ASSERT_EQUAL(parse_ok("2"), SIM_S(2));
    CU_ASSERT_EQUAL(parse_ok("0.000000001"), 1);
    CU_ASSERT_EQUAL(parse_ok("17ns"), 17);
    CU_ASSERT_EQUAL(parse_ok("2min"), SIM_S(120));
    CU_ASSERT_EQUAL(parse_ok("0s"), 0);
    CU_ASSERT_EQUAL(parse_ok(".5ms"), SIM_US(500));
    CU_ASSERT_EQUAL(parse_ok("1.250000ms"), SIM_US(1250));
    CU_ASSERT_EQUAL(parse_ok(" 3ms "), SIM_MS(3));
    CU_ASSERT_EQUAL(parse_ok("9223372036s"), SIM_S(9223372036));
}

static void test_parse_errors_name_the_problem(void)
{
    char msg[SIM_ERR_MSG_MAX];
    CU_ASSERT_EQUAL(parse_err("-5ms", msg, sizeof(msg)), -SIM_ERANGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "negative"));
    CU_ASSERT_EQUAL(parse_err("5 parsecs", msg, sizeof(msg)), -SIM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "unknown time unit"));
    CU_ASSERT_EQUAL(parse_err("abc", msg, sizeof(msg)), -SIM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "expected a time such as"));
    CU_ASSERT_EQUAL(parse_err("", NULL, 0), -SIM_EINVAL);
    CU_ASSERT_EQUAL(parse_err("ms", NULL, 0), -SIM_EINVAL);
    CU_ASSERT_EQUAL(parse_err("1.5.2s", NULL, 0), -SIM_EINVAL);
    CU_ASSERT_EQUAL(parse_err("0.5ns", msg, sizeof(msg)), -SIM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "finer than 1 ns"));
    CU_ASSERT_EQUAL(parse_err("1.0000000001s", NULL, 0), -SIM_EINVAL);
    CU_ASSERT_EQUAL(parse_err("9223372037s", msg, sizeof(msg)), -SIM_ERANGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "too large"));
    CU_ASSERT_EQUAL(parse_err("99999999999999999999999ns", NULL, 0), -SIM_ERANGE);
    CU_ASSERT_EQUAL(parse_err("5ms junk", NULL, 0), -SIM_EINVAL);
    CU_ASSERT_EQUAL(parse_err(NULL, NULL, 0), -SIM_EINVAL);
}

static void test_seconds_from_json_numbers(void)
{
    sim_time_t t = 0;
    CU_ASSERT_EQUAL(sim_time_from_seconds(1.03, &t, NULL), 0);
    CU_ASSERT_EQUAL(t, SIM_MS(1030)); /* rounded to the nearest ns, not truncated */
    CU_ASSERT_EQUAL(sim_time_from_seconds(-1, &t, NULL), -SIM_ERANGE);
    CU_ASSERT_EQUAL(sim_time_from_seconds(1e300, &t, NULL), -SIM_ERANGE);
    CU_ASSERT_EQUAL(sim_time_from_seconds(NAN, &t, NULL), -SIM_EINVAL);
}

static void test_format_round_trips(void)
{
    sim_time_t vals[] = {0, 1, 999, SIM_US(250), SIM_MS(30), SIM_MS(1030), SIM_S(60),
                         SIM_US(1250), 1234567891, SIM_S(3600)};
    char buf[32];
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        sim_time_format(vals[i], buf, sizeof(buf));
        CU_ASSERT_EQUAL(parse_ok(buf), vals[i]);
    }
    sim_time_format(SIM_MS(1030), buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "1.03s");
    sim_time_format(SIM_US(250), buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "250us");
    sim_time_format(0, buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "0s");
    CU_ASSERT_EQUAL(sim_time_add(SIM_TIME_MAX - 5, 10), SIM_TIME_MAX);
}

void suite_sim_time(void)
{
    ADD_SUITE("sim/time", TEST(test_parse_units), TEST(test_parse_errors_name_the_problem),
              TEST(test_seconds_from_json_numbers), TEST(test_format_round_trips));
}
