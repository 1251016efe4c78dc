/* The mobsim command as users meet it: exit statuses, one-line errors on
 * stderr, silence of validate, outputs that appear only on success.
 * Runs the binary named by $MOBSIM (make test-run sets it; default
 * build/mobsim), from the repository root. */
#include "tests/testing.h"
#include "tests/util.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DATA "tests/scenarios/data/"

typedef struct cmd_result {
    int status; /* exit status, or -1 when it did not exit normally */
    char *out, *err;
} cmd_result_t;

static char *slurp_fd(int fd)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    lseek(fd, 0, SEEK_SET);
    for (ssize_t got; buf && (got = read(fd, buf + n, cap - n)) > 0;) {
        n += (size_t)got;
        if (n == cap) {
            char *b = realloc(buf, 2 * cap + 1);
            if (!b)
                break;
            buf = b;
            cap *= 2;
        }
    }
    if (buf)
        buf[n] = 0;
    return buf;
}

/* Runs mobsim with the NULL-terminated arguments; stdout goes to
 * stdout_path when given (to test write failures), else is captured. */
static cmd_result_t run_to(const char *stdout_path, const char *arg, ...)
{
    const char *argv[64] = {tu_mobsim()};
    int n = 1;
    va_list ap;
    va_start(ap, arg);
    for (const char *a = arg; a && n < 63; a = va_arg(ap, const char *))
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    char out_tmp[] = "/tmp/mobsim-test-out-XXXXXX", err_tmp[] = "/tmp/mobsim-test-err-XXXXXX";
    int out_fd = stdout_path ? open(stdout_path, O_WRONLY) : mkstemp(out_tmp);
    int err_fd = mkstemp(err_tmp);
    cmd_result_t r = {-1, NULL, NULL};
    CU_ASSERT_FATAL(out_fd >= 0 && err_fd >= 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int ws = 0;
    waitpid(pid, &ws, 0);
    r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    r.out = stdout_path ? strdup("") : slurp_fd(out_fd);
    r.err = slurp_fd(err_fd);
    close(out_fd);
    close(err_fd);
    if (!stdout_path)
        unlink(out_tmp);
    unlink(err_tmp);
    CU_ASSERT_NOT_EQUAL(r.status, 127); /* the binary exists */
    return r;
}

#define RUN(...) run_to(NULL, __VA_ARGS__, (const char *)NULL)

static void done(cmd_result_t *r)
{
    free(r->out);
    free(r->err);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* A usage or input error: status 2, exactly one line on stderr, nothing
 * on stdout. */
static void expect_one_line_error(cmd_result_t r, const char *want)
{
    CU_ASSERT_EQUAL(r.status, 2);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_EQUAL(count_lines(r.err), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, want));
    if (!strstr(r.err, want))
        fprintf(stderr, "\n  want: %s\n  got:  %s", want, r.err);
    done(&r);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static void rm_dir(const char *dir)
{
    DIR *d = opendir(dir);
    char path[512];
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* ------------------------------------------------------------------------ */

static void test_version_prints_mobsim_0_1_0(void)
{
    cmd_result_t r = RUN("--version");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "mobsim 0.1.0\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    done(&r);
}

static void test_help_explains_every_command_and_option(void)
{
    cmd_result_t r = RUN("--help");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "run FILE"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "validate FILE"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "--version"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "Exit status: 0 success, 1 the run failed, 2 bad input"));
    done(&r);
    r = RUN("run", "--help");
    CU_ASSERT_EQUAL(r.status, 0);
    const char *run_opts[] = {"--set KEY=VALUE", "--set params.T_b=120ms",
                              "--json",          "-o, --output F",
                              "--pcap F",        "--trace F",
                              "--msc F.svg",     "-h, --help"};
    for (size_t i = 0; i < sizeof(run_opts) / sizeof(run_opts[0]); i++)
        CU_ASSERT_PTR_NOT_NULL(strstr(r.out, run_opts[i]));
    done(&r);
    r = RUN("validate", "--help");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(r.out, "usage: mobsim validate FILE [--json] [--set KEY=VALUE]..."));
    done(&r);
    r = RUN("help", "run");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "usage: mobsim run FILE [OPTIONS]"));
    done(&r);
}

static void test_validate_is_silent_on_valid_scenarios(void)
{
    const char *files[] = {DATA "full.json", DATA "minimal.json", DATA "mobility.json"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        cmd_result_t r = RUN("validate", files[i]);
        CU_ASSERT_EQUAL(r.status, 0);
        CU_ASSERT_STRING_EQUAL(r.out, "");
        CU_ASSERT_STRING_EQUAL(r.err, "");
        done(&r);
    }
    cmd_result_t r = RUN("validate", DATA "minimal.json", "--set", "params.T_b=120ms");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    done(&r);
}

/* Every scenario shipped in scenarios/ must keep loading as the loader
 * and the figures evolve; sweep files with every grid point. */
static void test_every_shipped_scenario_file_validates(void)
{
    DIR *d = opendir("scenarios");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int checked = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof(path), "scenarios/%s", e->d_name);
        cmd_result_t r = RUN("validate", path); /* sweep files too */
        CU_ASSERT_EQUAL(r.status, 0);
        CU_ASSERT_STRING_EQUAL(r.err, "");
        if (r.status)
            fprintf(stderr, "\n%s", r.err);
        checked++;
        done(&r);
    }
    closedir(d);
    CU_ASSERT_TRUE(checked > 0);
}

static void test_bad_scenarios_give_one_line_and_status_2(void)
{
    expect_one_line_error(RUN("validate", DATA "bad_move.json"),
                          DATA "bad_move.json: $.moves[1].at: expected a time such as \"120ms\"");
    expect_one_line_error(RUN("run", DATA "bad_move.json"),
                          DATA "bad_move.json: $.moves[1].at: expected a time such as \"120ms\"");
    expect_one_line_error(RUN("validate", DATA "bad_syntax.json"),
                          DATA "bad_syntax.json: line 4, column 49: invalid JSON: trailing comma "
                               "before \"]\"");
    expect_one_line_error(RUN("validate", DATA "no-such.json"),
                          DATA "no-such.json: cannot read: No such file or directory");
    expect_one_line_error(RUN("run", DATA "sweep.json"), "this is a sweep file");
    expect_one_line_error(RUN("validate", DATA "sweep.json", "--set", "loss=2"),
                          DATA "sweep.json: $.vary: grid point 0 (params.T_b=0s): " DATA
                               "minimal.json: $.loss: expected a loss probability");
    expect_one_line_error(RUN("run", DATA "minimal.json", "--set", "moves[4].at=2s"),
                          DATA "minimal.json: --set moves[4].at=2s: $.moves[4]: expected an index "
                               "below 1 (the array has 1 element)");
    expect_one_line_error(RUN("run", DATA "minimal.json", "--set", "loss=2"),
                          DATA "minimal.json: $.loss: expected a loss probability from 0 to 1, "
                               "got 2 (from --set loss=2)");
}

static void test_usage_errors_give_one_line_and_status_2(void)
{
    expect_one_line_error(RUN("run"), "mobsim run: expected a scenario FILE");
    expect_one_line_error(RUN("run", DATA "minimal.json", "--bogus"),
                          "mobsim run: unknown option \"--bogus\" (try \"mobsim run --help\")");
    expect_one_line_error(RUN("validate", DATA "minimal.json", "--pcap", "x.pcap"),
                          "mobsim validate: unknown option \"--pcap\"");
    expect_one_line_error(RUN("run", DATA "minimal.json", DATA "full.json"),
                          "mobsim run: expected one scenario FILE, got a second one");
    expect_one_line_error(RUN("run", DATA "minimal.json", "--set"),
                          "mobsim run: option --set expects a value");
    expect_one_line_error(RUN("run", DATA "minimal.json", "--set", "loss"),
                          "--set loss: expected KEY=VALUE such as params.T_b=120ms");
    expect_one_line_error(RUN("run", DATA "minimal.json", "--msc", DATA "minimal.json"),
                          "--msc " DATA "minimal.json would overwrite the scenario file");
    expect_one_line_error(RUN("frobnicate"), "mobsim: unknown command \"frobnicate\"");
    expect_one_line_error(RUN("--frob"), "mobsim: unknown option \"--frob\"");
    expect_one_line_error(RUN("run", DATA "minimal.json", "-o", DATA "minimal.json"),
                          "would overwrite the scenario file");
    cmd_result_t r = RUN(NULL);
    CU_ASSERT_EQUAL(r.status, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "usage: mobsim COMMAND"));
    done(&r);
}

static void test_run_prints_a_summary_or_the_metrics_json(void)
{
    cmd_result_t r = RUN("run", DATA "minimal.json");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "scenario    minimal\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "restored    A -> B  "));
    done(&r);

    r = RUN("run", DATA "minimal.json", "--json", "--set", "name=\"renamed\"");
    CU_ASSERT_EQUAL(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    const char *keys[] = {"restored", "restore_time", "signaling",  "scheme",
                          "lost",     "data",         "disruption", "consecutive_mobility",
                          "events"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        CU_ASSERT_PTR_NOT_NULL(cJSON_GetObjectItemCaseSensitive(j, keys[i]));
    const cJSON *restored = cJSON_GetObjectItemCaseSensitive(j, "restored");
    CU_ASSERT_TRUE(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(restored, "A_to_B")));
    CU_ASSERT_TRUE(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(restored, "B_to_A")));
    const cJSON *scn = cJSON_GetObjectItemCaseSensitive(j, "scenario");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(scn, "name")->valuestring, "renamed");
    cJSON_Delete(j);
    done(&r);
}

static void test_outputs_appear_only_when_the_run_succeeds(void)
{
    char dir[] = "/tmp/mobsim-cli-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char out[600], trace[600], pcap[600];
    snprintf(out, sizeof(out), "%s/out.json", dir);
    snprintf(trace, sizeof(trace), "%s/run.log", dir);
    snprintf(pcap, sizeof(pcap), "%s/run.pcap", dir);

    /* a bad override: status 2 and not a single file, temporary ones included */
    cmd_result_t r = RUN("run", DATA "minimal.json", "--json", "-o", out, "--trace", trace,
                         "--pcap", pcap, "--set", "horizon=forever");
    CU_ASSERT_EQUAL(r.status, 2);
    CU_ASSERT_EQUAL(dir_entries(dir), 0);
    done(&r);

    r = RUN("run", DATA "minimal.json", "--json", "-o", out, "--trace", trace, "--pcap", pcap);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, ""); /* the report went to -o */
    CU_ASSERT_STRING_EQUAL(r.err, "");
    done(&r);
    CU_ASSERT_EQUAL(dir_entries(dir), 3);
    FILE *f = fopen(out, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char buf[65536];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = 0;
    fclose(f);
    cJSON *j = cJSON_Parse(buf);
    CU_ASSERT_PTR_NOT_NULL(cJSON_GetObjectItemCaseSensitive(j, "restored"));
    cJSON_Delete(j);
    f = fopen(trace, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL(fgets(buf, sizeof(buf), f));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "0.000000000  sent"));
    fclose(f);
    f = fopen(pcap, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    unsigned char magic[4] = {0};
    CU_ASSERT_EQUAL(fread(magic, 1, 4, f), 4);
    fclose(f);
    CU_ASSERT_TRUE((magic[0] == 0x4d && magic[3] == 0xa1) ||
                   (magic[0] == 0xa1 && magic[3] == 0x4d));

    /* a second failing run leaves the earlier outputs as they were */
    struct stat before, after;
    stat(out, &before);
    r = RUN("run", DATA "minimal.json", "-o", out, "--set", "loss=-1");
    CU_ASSERT_EQUAL(r.status, 2);
    done(&r);
    stat(out, &after);
    CU_ASSERT_EQUAL(before.st_size, after.st_size);
    CU_ASSERT_EQUAL(dir_entries(dir), 3);
    /* an output in a directory that does not exist is a usage error */
    snprintf(out, sizeof(out), "%s/no/such/dir/out.json", dir);
    expect_one_line_error(RUN("run", DATA "minimal.json", "-o", out), "mobsim: cannot write ");
    rm_dir(dir);
    CU_ASSERT_FALSE(exists(dir));
}

static void test_file_dash_reads_the_scenario_from_stdin(void)
{
    int fd = open(DATA "minimal.json", O_RDONLY);
    CU_ASSERT_FATAL(fd >= 0);
    int saved = dup(0);
    dup2(fd, 0); /* the child inherits it as its stdin */
    cmd_result_t r = RUN("run", "-", "--json");
    dup2(saved, 0);
    close(saved);
    close(fd);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\"name\":\t\"scenario\""));
    done(&r);
    fd = open(DATA "bad_move.json", O_RDONLY);
    saved = dup(0);
    dup2(fd, 0);
    r = RUN("validate", "-");
    dup2(saved, 0);
    close(saved);
    close(fd);
    expect_one_line_error(r, "<stdin>: $.moves[1].at: expected a time");
}

static void test_run_exits_1_when_its_output_cannot_be_written(void)
{
    if (!exists("/dev/full"))
        return; /* no way to provoke a write error here */
    cmd_result_t r = run_to("/dev/full", "run", DATA "minimal.json", (const char *)NULL);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_EQUAL(count_lines(r.err), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "mobsim: cannot write"));
    done(&r);
}

static void test_window_prints_matching_analytic_and_simulated_windows(void)
{
    cmd_result_t r = RUN("window", "scenarios/fig1.json", "--search");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "analytic   [-250ms, 250ms]"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "simulated  [-250ms, 250ms]"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "agreement: exact"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "T_b         hoa-signaling  > 160ms"));
    done(&r);
    r = RUN("window", "scenarios/fig1.json", "--set", "mh_routing=rfc6275");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "[-380ms, -220ms] u [-210ms, 210ms] u [220ms, 380ms]"));
    done(&r);
    /* fig6's hoa-signaling sends to the home address: the header says the
     * window is the baseline's, not that fig6 uses binding-cache routing */
    r = RUN("window", "scenarios/fig6.json");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NULL(strstr(r.out, "binding-cache routing"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(r.out, "vulnerability window of fig6 (D = t_B - t_A; the baseline's, which follows "
                      "the binding cache; hoa-signaling sends to the home address)\n"));
    done(&r);
    expect_one_line_error(RUN("window", "scenarios/fig1.json", "--set",
                              "delay.access={\"dist\":\"exponential\",\"mean\":\"5ms\"}"),
                          "expected constant delays");
    expect_one_line_error(RUN("window", "scenarios/fig1.json", "--step", "-1ms"), "--step");
}

/* A sweep output directory as `mobsim sweep` leaves it, with one plot. */
static void fake_sweep_dir(const char *root, const char *name, const char *description)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", root, name);
    CU_ASSERT_EQUAL_FATAL(mkdir(p, 0777), 0);
    static const char *const files[] = {"sweep.csv", "sweep.json", "restore_time.svg",
                                        "signaling.svg"};
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof(p), "%s/%s/%s", root, name, files[i]);
        FILE *f = fopen(p, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        if (i == 1)
            fprintf(f, "{\"sweep\": \"%s\", \"description\": \"%s\"}\n", name, description);
        else if (i >= 2)
            fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\"><desc>%s %s</desc></svg>\n", name,
                    files[i]);
        else
            fputs("offset_s,scheme\n", f);
        fclose(f);
    }
}

/* Issue 17: the report argues - sweeps in the paper's order (offset before
 * tb, whatever the names sort to), each plot captioned with its sweep's
 * description, linked to its CSV, restore time first; no scroll boxes. */
static void test_figures_orders_captions_and_links_the_sweep_plots(void)
{
    char dir[] = "/tmp/mobsim-figures-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char sweeps[600];
    snprintf(sweeps, sizeof(sweeps), "%s/sweeps", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(sweeps, 0777), 0);
    fake_sweep_dir(sweeps, "sweep-tb", "TB-DESCRIPTION");
    fake_sweep_dir(sweeps, "sweep-offset", "OFFSET-DESCRIPTION");
    fake_sweep_dir(sweeps, "a-mine", "MINE-DESCRIPTION");
    cmd_result_t r = RUN("figures", "-o", dir, "--plots", sweeps);
    CU_ASSERT_EQUAL(r.status, 0);
    done(&r);
    char idx[512];
    snprintf(idx, sizeof(idx), "%s/index.html", dir);
    FILE *f = fopen(idx, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char *html = slurp_fd(fileno(f));
    fclose(f);
    const char *off = strstr(html, "sweep-offset restore_time.svg");
    const char *off_sig = strstr(html, "sweep-offset signaling.svg");
    const char *tb = strstr(html, "sweep-tb restore_time.svg");
    const char *mine = strstr(html, "a-mine restore_time.svg");
    CU_ASSERT_TRUE(off && off_sig && tb && mine && off < off_sig && off_sig < tb && tb < mine);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "OFFSET-DESCRIPTION"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "TB-DESCRIPTION"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<a href=\"sweeps/sweep-offset/sweep.csv\">"));
    CU_ASSERT_PTR_NULL(strstr(html, "max-height"));
    CU_ASSERT_PTR_NULL(strstr(html, "overflow:auto"));
    free(html);
}

static void test_figures_writes_every_chart_and_the_report(void)
{
    char dir[] = "/tmp/mobsim-figures-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    cmd_result_t r = RUN("figures", "-o", dir);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "index.html"));
    /* the progress lines say what each run showed */
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "fig1           baseline      restored no/no"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "fig6           hoa-signaling restored yes/yes"));
    done(&r);
    const char *names[] = {"control", "fig1", "fig3", "fig4", "fig5", "fig6", "fig1-rfc6275"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char p[512];
        snprintf(p, sizeof(p), "%s/%s.svg", dir, names[i]);
        CU_ASSERT_TRUE(exists(p));
        snprintf(p, sizeof(p), "%s/%s.msc", dir, names[i]);
        CU_ASSERT_TRUE(exists(p));
    }
    char idx[512];
    snprintf(idx, sizeof(idx), "%s/index.html", dir);
    FILE *f = fopen(idx, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char *html = slurp_fd(fileno(f));
    fclose(f);
    /* self-contained: the charts are inline, no external assets */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Mishandling of simultaneous mobility"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<svg"));
    CU_ASSERT_PTR_NULL(strstr(html, "<script src"));
    CU_ASSERT_PTR_NULL(strstr(html, "src=\"http"));
    CU_ASSERT_PTR_NULL(strstr(html, "href=\"http"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "[-250ms, 250ms]"));
    /* the delivery picture: a panel per scheme, baseline first, with bars */
    const char *dl = strstr(html, "<h2 id=\"delivery\">");
    CU_ASSERT_PTR_NOT_NULL_FATAL(dl);
    const char *b = strstr(dl, ">baseline</text>"), *fw = strstr(dl, ">forwarding</text>");
    const char *hoa = strstr(dl, ">hoa-signaling</text>");
    CU_ASSERT_TRUE(b && fw && hoa && b < fw && fw < hoa);
    CU_ASSERT_PTR_NOT_NULL(strstr(dl, "<rect"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dl, "B moves</text>"));
    free(html);
    rm_dir(dir);
    expect_one_line_error(RUN("figures", "--bogus"), "mobsim figures: unknown option \"--bogus\"");
}

void suite_cli(void)
{
    ADD_SUITE("cli/mobsim", TEST(test_version_prints_mobsim_0_1_0),
              TEST(test_help_explains_every_command_and_option),
              TEST(test_validate_is_silent_on_valid_scenarios),
              TEST(test_every_shipped_scenario_file_validates),
              TEST(test_bad_scenarios_give_one_line_and_status_2),
              TEST(test_usage_errors_give_one_line_and_status_2),
              TEST(test_run_prints_a_summary_or_the_metrics_json),
              TEST(test_outputs_appear_only_when_the_run_succeeds),
              TEST(test_file_dash_reads_the_scenario_from_stdin),
              TEST(test_run_exits_1_when_its_output_cannot_be_written),
              TEST(test_window_prints_matching_analytic_and_simulated_windows),
              TEST(test_figures_orders_captions_and_links_the_sweep_plots),
              TEST(test_figures_writes_every_chart_and_the_report));
}
