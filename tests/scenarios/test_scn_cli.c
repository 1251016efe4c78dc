/* The loader's refusals as users meet them through the mobsim command:
 * exit status 2 and the one stderr line, and --json output that stays
 * valid JSON for every string the loader accepts. Runs the binary named by
 * $MOBSIM (default build/mobsim) from the repository root, through sh. */
#include "tests/testing.h"
#include "tests/util.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return strdup("");
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    return strdup(buf);
}

/* Runs `sh -c "MOBSIM ARGS 2>ERR"` (ARGS is shell text) under a 60 s
 * timeout; returns the exit status and the stderr text (caller frees). */
static int run_sh(const char *args, char **err_text)
{
    char err_path[] = "/tmp/mobsim-scn-cli-XXXXXX";
    int fd = mkstemp(err_path);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    char cmd[8192];
    snprintf(cmd, sizeof(cmd), "timeout 60 '%s' %s 2>%s", tu_mobsim(), args, err_path);
    int ws = system(cmd);
    *err_text = slurp(err_path);
    unlink(err_path);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

static void test_cli_refuses_text_that_is_not_json_with_exit_2(void)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"{\"seed\": 01}",
         "line 1, column 10: invalid JSON: numbers have no leading zeros, got 01 (write 1 for 01, 0.5 for 00.5)"},
        {"\xef\xbb\xbf\xef\xbb\xbf{}",
         "line 1, column 4: invalid JSON: a byte order mark (U+FEFF) is allowed only once, at the very start of the file"},
        {"{\"description\": \"\xc0\xaf\"}",
         "$.description: expected valid UTF-8 text, got \"\\xc0\\xaf\" (an overlong encoding, at byte 0)"},
        {"{\"description\": \"\\udc00\"}",
         "line 1, column 18: invalid JSON: \\uDC00 is the second half of a UTF-16 surrogate pair without the first half"},
    };
    const char *path = "/tmp/mobsim-scn-cli-bad.json";
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        write_file(path, cases[i].text);
        char *err, args[256], want[512];
        snprintf(args, sizeof(args), "validate %s", path);
        CU_ASSERT_EQUAL(run_sh(args, &err), 2);
        snprintf(want, sizeof(want), "%s: %s\n", path, cases[i].want);
        CU_ASSERT_STRING_EQUAL(err, want);
        free(err);
    }
    unlink(path);
}

static void test_cli_json_output_is_valid_json_for_accepted_unicode(void)
{
    char *err;
    /* U+2028, a paired surrogate escape, raw 2-4 byte UTF-8, U+FEFF */
    int rc = run_sh(
        "run scenarios/fig1.json --json --set horizon=2s --set 'description=\"caf\\u00e9 \\ud83d\\ude00 \\u2028 \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbb\xbf\"' "
        "| python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d[\"scenario\"][\"description\"] == \"caf\\u00e9 \\U0001F600 \\u2028 \\u20ac \\U0001F600 \\ufeff\" else 3)'",
        &err);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_STRING_EQUAL(err, "");
    free(err);
}

static void test_cli_refuses_rates_and_dwells_that_would_hang(void)
{
    static const struct {
        const char *args, *want;
    } cases[] = {
        {"--set traffic.rate=1e-10",
         "scenarios/fig1.json: $.traffic.rate: expected a rate in packets per second each way: 0 (no data) or from 0.001 to 10000, got 1e-10 (from --set traffic.rate=1e-10)\n"},
        {"--set 'moves=[]' --set horizon=10s --set 'mobility={\"A\":{\"process\":\"dwell\",\"dwell\":\"1ns\",\"networks\":[\"A1\",\"A2\"]}}'",
         "scenarios/fig1.json: $.mobility.A.dwell: expected a dwell time with a mean of at least 1ms, got \"1ns\" (from --set mobility={\"A\":{\"process\":\"dwell\",\"dwell\":\"1ns\",\"networks\":[\"...)\n"},
        {"--set horizon=10.0000000001",
         "scenarios/fig1.json: $.horizon: expected a whole number of nanoseconds, got 10.0000000001 (finer than 1 ns) (from --set horizon=10.0000000001)\n"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *err, args[1024];
        snprintf(args, sizeof(args), "run scenarios/fig1.json --json %s >/dev/null", cases[i].args);
        CU_ASSERT_EQUAL(run_sh(args, &err), 2);
        CU_ASSERT_STRING_EQUAL(err, cases[i].want);
        if (strcmp(err, cases[i].want) != 0)
            fprintf(stderr, "\n  want: %s  got:  %s", cases[i].want, err);
        free(err);
    }
}

void suite_scn_cli(void)
{
    ADD_SUITE("scenarios/cli", TEST(test_cli_refuses_text_that_is_not_json_with_exit_2),
              TEST(test_cli_json_output_is_valid_json_for_accepted_unicode),
              TEST(test_cli_refuses_rates_and_dwells_that_would_hang));
}
