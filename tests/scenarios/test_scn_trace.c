/* tests/scenarios/test_scn_trace.c - "trace": scripted moves from a CSV of
 * time,host,network (issue 15): the rows become moves merged in time order
 * with $.moves, under the same rules, and every error names the CSV file and
 * line; the shipped trace-example reproduces fig1's run exactly. */
#include "models/world.h"
#include "scenarios/scn.h"
#include "sim/sim.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DATA "tests/scenarios/data/"

static void test_trace_rows_become_moves_merged_with_moves_in_time_order(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    int rc = scn_load_file(DATA "trace.json", NULL, 0, &c, &err);
    if (rc)
        fprintf(stderr, "\nunexpected error: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    /* CRLF, a blank line, spaces around fields, units or plain seconds */
    CU_ASSERT_EQUAL_FATAL(c.n_moves, 4);
    const struct {
        int host;
        sim_time_t at;
        const char *to;
    } want[] = {
        {0, SIM_MS(1500), "A2"}, {1, SIM_S(2), "B2"}, {1, SIM_S(3), "B1"}, {0, SIM_S(4), "homeA"}};
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(c.moves[i].host, want[i].host);
        CU_ASSERT_EQUAL(c.moves[i].at, want[i].at);
        CU_ASSERT_STRING_EQUAL(c.nets[c.moves[i].to].name, want[i].to);
    }
    mob_config_free(&c);
}

/* A scenario of DATA's trace.json shape with `trace` and `extra` keys, read
 * as if it were the file `file`. */
static int load_with(const char *file, const char *trace, const char *extra, mob_config_t *c,
                     sim_err_t *err)
{
    char json[2048];
    snprintf(json, sizeof(json),
             "{\"horizon\": \"10s\", \"networks\": ["
             "{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::/64\", \"home_agent\": \"HA_A\"},"
             "{\"name\": \"homeB\", \"prefix\": \"2001:db8:b::/64\", \"home_agent\": \"HA_B\"},"
             "{\"name\": \"A1\", \"prefix\": \"2001:db8:a1::/64\"},"
             "{\"name\": \"A2\", \"prefix\": \"2001:db8:a2::/64\"},"
             "{\"name\": \"cnet\", \"prefix\": \"2001:db8:c::/64\"}],"
             "\"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"
             "{\"name\": \"C\", \"kind\": \"correspondent\", \"network\": \"cnet\"}],"
             "\"trace\": \"%s\"%s}",
             trace, extra);
    memset(err, 0, sizeof(*err));
    return scn_load_string(json, strlen(json), file, NULL, 0, c, err);
}

/* Writes csv to DIR/name and expects the load to fail with `want`. */
static void expect_csv_error(const char *dir, const char *csv, const char *extra, const char *want)
{
    char path[512], file[512];
    snprintf(path, sizeof(path), "%s/m.csv", dir);
    snprintf(file, sizeof(file), "%s/s.json", dir);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(csv, f);
    fclose(f);
    mob_config_t c;
    sim_err_t err;
    int rc = load_with(file, "m.csv", extra, &c, &err);
    CU_ASSERT_EQUAL(rc, -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    if (strcmp(err.msg, want) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    mob_config_free(&c);
    unlink(path);
}

static void test_every_trace_error_names_the_file_and_line(void)
{
    char dir[] = "/tmp/mobsim-trace-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    const struct {
        const char *csv, *extra, *want;
    } cases[] = {
        {"", "", "m.csv:1: expected the header line time,host,network, got an empty file"},
        {"at,host,to\n", "",
         "m.csv:1: expected the header line time,host,network, got \"at,host,to\""},
        {"time,host,network\n1s,A\n", "", "m.csv:2: expected 3 fields time,host,network, got 2"},
        {"time,host,network\n1s,A,A2,x\n", "",
         "m.csv:2: expected 3 fields time,host,network, got more"},
        {"time,host,network\nsoon,A,A2\n", "",
         "m.csv:2: expected a time such as \"1.5s\" or a number of seconds, got \"soon\""},
        {"time,host,network\n-1,A,A2\n", "",
         "m.csv:2: expected a time such as \"1.5s\" or a number of seconds, got \"-1\""},
        {"time,host,network\n1s,A,A2\n\n2s,X,A1\n", "",
         "m.csv:4: expected a host of $.hosts (\"A\" or \"C\"), got \"X\""},
        {"time,host,network\n1s,C,A2\n", "",
         "m.csv:2: expected a mobile host, but C is a stationary correspondent"},
        {"time,host,network\n1s,A,Z9\n", "",
         "m.csv:2: expected a network of $.networks (\"homeA\", \"homeB\", \"A1\", \"A2\" or \"cnet\"), got \"Z9\""},
        {"time,host,network\n10s,A,A2\n", "",
         "m.csv:2: expected a time before the horizon (10s), got 10s"},
        {"time,host,network\n2s,A,A2\n2s,A,A1\n", "",
         "m.csv:3: expected a time after 2s, when host A moves in line 2, got 2s"},
        {"time,host,network\n1s,A,A1\n", "",
         "m.csv:2: expected a network other than \"A1\", where host A starts"},
        {"time,host,network\n1s,A,A2\n2s,A,A2\n", "",
         "m.csv:3: expected a network other than \"A2\", where host A already is after line 2"},
        {"time,host,network\n1s,A,homeB\n", "",
         "m.csv:2: expected a foreign network or the host's own home network, but \"homeB\" is another home network"},
        {"time,host,network\n1s,A,A1\n",
         ", \"moves\": [{\"host\": \"A\", \"at\": \"2s\", \"to\": \"A2\"}]",
         "m.csv:2: expected a time after 2s, when host A moves in $.moves[0], got 1s"},
        {"time,host,network\n3s,A,A2\n",
         ", \"moves\": [{\"host\": \"A\", \"at\": \"2s\", \"to\": \"A2\"}]",
         "m.csv:2: expected a network other than \"A2\", where host A already is after $.moves[0]"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_csv_error(dir, cases[i].csv, cases[i].extra, cases[i].want);
    rmdir(dir);
}

static void expect_load_error(const char *file, const char *trace, const char *extra,
                              const char *want)
{
    mob_config_t c;
    sim_err_t err;
    CU_ASSERT_EQUAL(load_with(file, trace, extra, &c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    if (strcmp(err.msg, want) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    mob_config_free(&c);
}

static void test_trace_errors_of_the_key_and_the_file(void)
{
    /* a data file beside the scenario: line 4 names a host the scenario lacks */
    expect_load_error(
        DATA "s.json", "trace_bad_host.csv", "",
        "trace_bad_host.csv:4: expected a host of $.hosts (\"A\" or \"C\"), got \"X\"");
    expect_load_error(DATA "s.json", "nope.csv", "",
                      DATA "s.json: $.trace: cannot read the trace " DATA
                           "nope.csv: No such file or directory");
    /* the trace is read before $.mobility: its errors come first */
    expect_load_error(
        DATA "s.json", "trace_bad_host.csv", ", \"mobility\": {\"A\": {\"process\": \"poisson\"}}",
        "trace_bad_host.csv:4: expected a host of $.hosts (\"A\" or \"C\"), got \"X\"");
}

static void test_trace_paths_are_relative_to_the_scenario_or_absolute(void)
{
    mob_config_t c;
    sim_err_t err;
    /* from stdin: relative to the working directory */
    int rc = load_with("<stdin>", DATA "trace_moves.csv", "", &c, &err);
    /* trace_moves.csv moves B, which this scenario lacks: the error proves it was read */
    CU_ASSERT_EQUAL(rc, -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(
        err.msg, DATA "trace_moves.csv:4: expected a host of $.hosts (\"A\" or \"C\"), got \"B\"");
    mob_config_free(&c);
    char cwd[512], abs[700];
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof(cwd)));
    snprintf(abs, sizeof(abs), "%s/" DATA "trace_moves.csv", cwd);
    CU_ASSERT_EQUAL(load_with("/nowhere/s.json", abs, "", &c, &err), -SIM_EINVAL);
    char want[900];
    snprintf(want, sizeof(want), "%s:4: expected a host of $.hosts (\"A\" or \"C\"), got \"B\"",
             abs);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    mob_config_free(&c);
    expect_load_error(
        DATA "s.json", "", "",
        DATA
        "s.json: $.trace: expected the path of a CSV file of time,host,network, such as \"moves.csv\", got \"\"");
}

static void test_a_traced_host_has_no_mobility_process(void)
{
    char dir[] = "/tmp/mobsim-trace-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char want[700];
    snprintf(
        want, sizeof(want),
        "%s/s.json: $.mobility.A: expected either scripted moves or a mobility process for host A, but m.csv:3 moves it too",
        dir);
    expect_csv_error(
        dir, "time,host,network\n1s,A,A2\n2s,A,A1\n",
        ", \"mobility\": {\"A\": {\"process\": \"poisson\", \"rate\": 1, \"networks\": [\"A1\", \"A2\"]}}",
        want);
    rmdir(dir);
}

static void test_the_trace_example_runs_exactly_as_fig1(void)
{
    mob_config_t a, b;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_file("scenarios/fig1.json", NULL, 0, &a, &err), 0);
    CU_ASSERT_EQUAL_FATAL(scn_load_file("scenarios/trace-example.json", NULL, 0, &b, &err), 0);
    CU_ASSERT_EQUAL_FATAL(a.n_moves, b.n_moves);
    for (int i = 0; i < a.n_moves; i++) {
        CU_ASSERT_EQUAL(a.moves[i].host, b.moves[i].host);
        CU_ASSERT_EQUAL(a.moves[i].at, b.moves[i].at);
        CU_ASSERT_EQUAL(a.moves[i].to, b.moves[i].to);
    }
    fx_run_t ra, rb;
    CU_ASSERT_EQUAL_FATAL(fx_run(&ra, &a), 0);
    CU_ASSERT_EQUAL_FATAL(fx_run(&rb, &b), 0);
    const mob_metrics_t *x = ra.m, *y = rb.m;
    CU_ASSERT_EQUAL(x->restored_ab, y->restored_ab);
    CU_ASSERT_EQUAL(x->restored_ba, y->restored_ba);
    CU_ASSERT_EQUAL(x->restored_at_ab, y->restored_at_ab);
    CU_ASSERT_EQUAL(x->restored_at_ba, y->restored_at_ba);
    CU_ASSERT_EQUAL(x->restore_time, y->restore_time);
    CU_ASSERT_EQUAL(x->last_detach, y->last_detach);
    CU_ASSERT_EQUAL(x->sig_sent, y->sig_sent);
    CU_ASSERT_EQUAL(x->sig_lost, y->sig_lost);
    CU_ASSERT_EQUAL(x->sig_bytes, y->sig_bytes);
    CU_ASSERT_EQUAL(x->n_lost, y->n_lost);
    CU_ASSERT_EQUAL(x->data_sent, y->data_sent);
    CU_ASSERT_EQUAL(x->data_lost, y->data_lost);
    CU_ASSERT_EQUAL(x->data_received, y->data_received);
    CU_ASSERT_EQUAL(x->data_delay_mean, y->data_delay_mean);
    CU_ASSERT_EQUAL(x->disruption_ab, y->disruption_ab);
    CU_ASSERT_EQUAL(x->disruption_ba, y->disruption_ba);
    CU_ASSERT_EQUAL(x->events, y->events);
    CU_ASSERT_EQUAL(ra.n, rb.n); /* the same trace records */
    fx_free(&ra);
    fx_free(&rb);
    mob_config_free(&a);
    mob_config_free(&b);
}

/* At most MOVES (100000) moves with $.moves, and a file of at most 4 MiB. */
static void test_the_trace_is_bounded_as_moves_and_scenario_files(void)
{
    char dir[] = "/tmp/mobsim-trace-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char path[512], file[512];
    snprintf(path, sizeof(path), "%s/m.csv", dir);
    snprintf(file, sizeof(file), "%s/s.json", dir);
    mob_config_t c;
    sim_err_t err;
    for (int n = 100000; n <= 100001; n++) {
        FILE *f = fopen(path, "wb");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fputs("time,host,network\n", f);
        for (int i = 1; i <= n; i++)
            fprintf(f, "%dus,A,%s\n", i, i % 2 ? "A2" : "A1");
        fclose(f);
        int rc = load_with(file, "m.csv", "", &c, &err);
        if (n == 100000) {
            CU_ASSERT_EQUAL(rc, 0);
            CU_ASSERT_EQUAL(c.n_moves, 100000);
        } else {
            CU_ASSERT_EQUAL(rc, -SIM_EINVAL);
            CU_ASSERT_STRING_EQUAL(
                err.msg,
                "m.csv:100002: expected at most 100000 moves in all (with $.moves), got more");
        }
        mob_config_free(&c);
    }
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("time,host,network\n", f);
    for (long i = 18; i <= (4L << 20); i++)
        fputc('\n', f);
    fclose(f);
    char want[1400];
    snprintf(want, sizeof(want),
             "%s: $.trace: expected a trace file of at most 4194304 bytes, but %s is larger", file,
             path);
    CU_ASSERT_EQUAL(load_with(file, "m.csv", "", &c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    mob_config_free(&c);
    unlink(path);
    rmdir(dir);
}

void suite_scn_trace(void)
{
    ADD_SUITE("scenarios/scn_trace",
              TEST(test_trace_rows_become_moves_merged_with_moves_in_time_order),
              TEST(test_every_trace_error_names_the_file_and_line),
              TEST(test_trace_errors_of_the_key_and_the_file),
              TEST(test_trace_paths_are_relative_to_the_scenario_or_absolute),
              TEST(test_a_traced_host_has_no_mobility_process),
              TEST(test_the_trace_example_runs_exactly_as_fig1),
              TEST(test_the_trace_is_bounded_as_moves_and_scenario_files));
}
