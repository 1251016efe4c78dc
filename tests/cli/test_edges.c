/* The edges of the mobsim command (issue 12): one option parser for every
 * subcommand, output files that never damage what they replace (devices,
 * FIFOs, symlinks, directories), signals that leave nothing behind, two
 * outputs on one file, write errors on standard output, option pairs that
 * must be ordered or exclusive, mpirun, the progress line, the resume hint.
 * Each test asserts the exit status, the one stderr line and which files
 * exist. Runs $MOBSIM (and $MOBSIM_MPI) from the repository root. */
#include "tests/testing.h"
#include "tests/util.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FIG1        "scenarios/fig1.json"
#define MINIMAL     "tests/scenarios/data/minimal.json"
#define SMALL_SWEEP "tests/cli/data/sweep-small.json"

typedef struct edge_result {
    int status; /* exit status, 128 + N for signal N, -1 otherwise */
    char *out, *err;
} edge_result_t;

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

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

static char *slurp_path(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    char *s = slurp_fd(fd);
    close(fd);
    return s;
}

/* Starts argv (argv[0] a path, or a name looked up in PATH) with stdout to
 * out_fd and stderr to err_fd; returns the pid. */
static pid_t spawn_fds(const char *const *argv, int out_fd, int err_fd)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (out_fd >= 0)
            dup2(out_fd, 1);
        if (err_fd >= 0)
            dup2(err_fd, 2);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static int wait_status(pid_t pid)
{
    int ws = 0;
    if (waitpid(pid, &ws, 0) < 0)
        return -1;
    if (WIFEXITED(ws))
        return WEXITSTATUS(ws);
    return WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : -1;
}

/* Runs argv; stdout to stdout_path when given (else captured). When
 * signal_after_ms > 0, sends sig to the child after that long. */
static edge_result_t run_argv(const char *const *argv, const char *stdout_path, int sig,
                              int signal_after_ms)
{
    char out_tmp[] = "/tmp/mobsim-edge-out-XXXXXX", err_tmp[] = "/tmp/mobsim-edge-err-XXXXXX";
    int out_fd = stdout_path ? open(stdout_path, O_WRONLY) : mkstemp(out_tmp);
    int err_fd = mkstemp(err_tmp);
    edge_result_t r = {-1, NULL, NULL};
    CU_ASSERT_FATAL(out_fd >= 0 && err_fd >= 0);
    pid_t pid = spawn_fds(argv, out_fd, err_fd);
    if (signal_after_ms > 0) {
        struct timespec ts = {signal_after_ms / 1000, (long)(signal_after_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, sig);
    }
    r.status = wait_status(pid);
    r.out = stdout_path ? strdup("") : slurp_fd(out_fd);
    r.err = slurp_fd(err_fd);
    close(out_fd);
    close(err_fd);
    if (!stdout_path)
        unlink(out_tmp);
    unlink(err_tmp);
    CU_ASSERT_NOT_EQUAL(r.status, 127);
    return r;
}

static edge_result_t run_va(const char *stdout_path, int sig, int after_ms, const char *arg,
                            va_list ap)
{
    const char *argv[64] = {tu_mobsim()};
    int n = 1;
    for (const char *a = arg; a && n < 63; a = va_arg(ap, const char *))
        argv[n++] = a;
    argv[n] = NULL;
    return run_argv(argv, stdout_path, sig, after_ms);
}

static edge_result_t run_to(const char *stdout_path, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    edge_result_t r = run_va(stdout_path, 0, 0, arg, ap);
    va_end(ap);
    return r;
}

static edge_result_t run_signalled(int sig, int after_ms, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    edge_result_t r = run_va(NULL, sig, after_ms, arg, ap);
    va_end(ap);
    return r;
}

#define RUN(...)                    run_to(NULL, __VA_ARGS__, (const char *)NULL)
#define RUN_TO(path, ...)           run_to(path, __VA_ARGS__, (const char *)NULL)
#define RUN_SIGNALLED(sig, ms, ...) run_signalled(sig, ms, __VA_ARGS__, (const char *)NULL)

static void done(edge_result_t *r)
{
    free(r->out);
    free(r->err);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* Status `status`, exactly one line on stderr containing want. */
static void expect_one_line(edge_result_t r, int status, const char *want)
{
    CU_ASSERT_EQUAL(r.status, status);
    CU_ASSERT_EQUAL(count_lines(r.err), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, want));
    if (r.status != status || !strstr(r.err, want))
        fprintf(stderr, "\n  want %d: %s\n  got  %d: %s", status, want, r.status, r.err);
    done(&r);
}

static void expect_usage(edge_result_t r, const char *want)
{
    CU_ASSERT_STRING_EQUAL(r.out, "");
    expect_one_line(r, 2, want);
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

/* No "*.tmp.*" file in dir. */
static bool no_temporary_file(const char *dir)
{
    DIR *d = opendir(dir);
    bool clean = true;
    for (struct dirent *e; d && (e = readdir(d));)
        clean = clean && !strstr(e->d_name, ".tmp");
    if (d)
        closedir(d);
    return clean;
}

static void rm_tree(const char *dir)
{
    char cmd[700];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

static char *tmp_dir(char *buf, size_t cap)
{
    snprintf(buf, cap, "/tmp/mobsim-edges-XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(buf));
    return buf;
}

static mode_t type_of(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 ? (st.st_mode & S_IFMT) : 0;
}

/* ------------------------------------------------------------ 1. options */

static void test_every_subcommand_parses_options_the_same_way(void)
{
    /* --opt=VALUE and --opt VALUE mean the same */
    edge_result_t a = RUN("run", MINIMAL, "--json", "--set=traffic.rate=5");
    edge_result_t b = RUN("run", MINIMAL, "--json", "--set", "traffic.rate=5");
    CU_ASSERT_EQUAL(a.status, 0);
    /* but for the provenance: its command line is spelled as given */
    CU_ASSERT_STRING_EQUAL(tu_strip_provenance(a.out), tu_strip_provenance(b.out));
    done(&a);
    done(&b);
    /* "--" ends the options */
    a = RUN("validate", "--", MINIMAL);
    CU_ASSERT_EQUAL(a.status, 0);
    CU_ASSERT_STRING_EQUAL(a.err, "");
    done(&a);
    /* unknown options and missing values: one line, status 2, everywhere */
    const char *cmds[] = {"run", "validate", "window", "demo", "sweep"};
    const char *files[] = {MINIMAL, MINIMAL, FIG1, "fig1", SMALL_SWEEP};
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        char want[128];
        snprintf(want, sizeof(want),
                 "mobsim %s: unknown option \"--bogus\" (try \"mobsim %s --help\")", cmds[i],
                 cmds[i]);
        expect_usage(RUN(cmds[i], files[i], "--bogus=1"), want);
        snprintf(want, sizeof(want), "mobsim %s: option --set expects a value", cmds[i]);
        expect_usage(RUN(cmds[i], files[i], "--set"), want);
        snprintf(want, sizeof(want), "mobsim %s: option --help takes no value", cmds[i]);
        expect_usage(RUN(cmds[i], files[i], "--help=yes"), want);
    }
    expect_usage(RUN("figures", "--bogus"), "mobsim figures: unknown option \"--bogus\"");
    expect_usage(RUN("figures", "-o"), "mobsim figures: option -o expects a value");
    expect_usage(RUN("run", MINIMAL, "-x"), "mobsim run: unknown option \"-x\"");
    /* short options take their value attached or apart */
    char d[64];
    tmp_dir(d, sizeof(d));
    char out[128];
    snprintf(out, sizeof(out), "-o%s/a.txt", d);
    a = RUN("run", MINIMAL, out);
    CU_ASSERT_EQUAL(a.status, 0);
    CU_ASSERT_EQUAL(dir_entries(d), 1);
    done(&a);
    rm_tree(d);
}

/* ------------------------------------------------------------ 2. output files */

static void test_output_to_dev_null_leaves_the_character_device(void)
{
    edge_result_t r;
    r = RUN("run", FIG1, "-o", "/dev/null", "--trace", "/dev/null");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    done(&r);
    CU_ASSERT_EQUAL(type_of("/dev/null"), S_IFCHR);
    r = RUN("run", FIG1, "--pcap", "/dev/null");
    CU_ASSERT_EQUAL(r.status, 0);
    done(&r);
    CU_ASSERT_EQUAL(type_of("/dev/null"), S_IFCHR);
    CU_ASSERT(no_temporary_file("/dev"));
}

static void test_output_to_a_fifo_is_written_straight(void)
{
    char d[64], fifo[128], got[128];
    tmp_dir(d, sizeof(d));
    snprintf(fifo, sizeof(fifo), "%s/pipe", d);
    snprintf(got, sizeof(got), "%s/read", d);
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    pid_t reader = fork();
    if (reader == 0) { /* reads the FIFO into a file, as `cat pipe > read` */
        int in = open(fifo, O_RDONLY), out = open(got, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        char buf[4096];
        for (ssize_t n; in >= 0 && (n = read(in, buf, sizeof(buf))) > 0;)
            if (write(out, buf, (size_t)n) != n)
                _exit(1);
        _exit(0);
    }
    edge_result_t r = RUN("run", FIG1, "-o", fifo);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    done(&r);
    CU_ASSERT_EQUAL(wait_status(reader), 0);
    CU_ASSERT_EQUAL(type_of(fifo), S_IFIFO); /* not replaced by a regular file */
    char *text = slurp_path(got);
    CU_ASSERT_PTR_NOT_NULL(text ? strstr(text, "scenario    fig1") : NULL);
    free(text);
    CU_ASSERT_EQUAL(dir_entries(d), 2); /* the FIFO and what the reader wrote */
    rm_tree(d);
}

static void test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(void)
{
    char d[64], sub[128], target[160], link[128], plink[128], ptarget[160];
    tmp_dir(d, sizeof(d));
    snprintf(sub, sizeof(sub), "%s/sub", d);
    mkdir(sub, 0700);
    snprintf(target, sizeof(target), "%s/summary.txt", sub);
    snprintf(ptarget, sizeof(ptarget), "%s/run.pcap", sub);
    snprintf(link, sizeof(link), "%s/link.txt", d);
    snprintf(plink, sizeof(plink), "%s/link.pcap", d);
    FILE *f = fopen(target, "w");
    fputs("old\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(symlink("sub/summary.txt", link), 0); /* relative, as people make them */
    CU_ASSERT_EQUAL(symlink(ptarget, plink), 0);          /* absolute, to a file not there yet */
    edge_result_t r = RUN("run", FIG1, "-o", link, "--pcap", plink);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    done(&r);
    CU_ASSERT_EQUAL(type_of(link), S_IFLNK);
    CU_ASSERT_EQUAL(type_of(plink), S_IFLNK);
    CU_ASSERT_EQUAL(type_of(target), S_IFREG);
    CU_ASSERT_EQUAL(type_of(ptarget), S_IFREG);
    char *text = slurp_path(target);
    CU_ASSERT_PTR_NOT_NULL(text ? strstr(text, "scenario    fig1") : NULL);
    free(text);
    CU_ASSERT_EQUAL(dir_entries(d), 3); /* sub, two links */
    CU_ASSERT_EQUAL(dir_entries(sub), 2);
    rm_tree(d);
}

static void test_an_output_naming_a_directory_is_refused_before_the_run(void)
{
    char d[64], svgdir[128], htmldir[128], file[128];
    tmp_dir(d, sizeof(d));
    snprintf(svgdir, sizeof(svgdir), "%s/chart.svg", d);
    snprintf(htmldir, sizeof(htmldir), "%s/page.html", d);
    snprintf(file, sizeof(file), "%s/file", d);
    mkdir(svgdir, 0700);
    mkdir(htmldir, 0700);
    close(open(file, O_WRONLY | O_CREAT, 0600));
    char want[200];
    snprintf(want, sizeof(want), "mobsim run: -o %s: is a directory", d);
    expect_usage(RUN("run", FIG1, "-o", d), want);
    snprintf(want, sizeof(want), "mobsim run: --pcap %s: is a directory", d);
    expect_usage(RUN("run", FIG1, "--pcap", d), want);
    snprintf(want, sizeof(want), "mobsim run: --trace %s: is a directory", d);
    expect_usage(RUN("run", FIG1, "--trace", d), want);
    snprintf(want, sizeof(want), "mobsim run: --msc %s: is a directory", svgdir);
    expect_usage(RUN("run", FIG1, "--msc", svgdir), want);
    snprintf(want, sizeof(want), "mobsim demo: --html %s: is a directory", htmldir);
    expect_usage(RUN("demo", "fig1", "--html", htmldir), want);
    snprintf(want, sizeof(want), "mobsim figures: -o %s: not a directory", file);
    expect_usage(RUN("figures", "-o", file), want);
    /* "before the run": a horizon of an hour would take long; the refusal is at once */
    time_t t0 = time(NULL);
    expect_usage(
        RUN("run", FIG1, "--set", "horizon=3600s", "--set", "traffic.rate=10000", "--trace", d),
        "is a directory");
    CU_ASSERT(time(NULL) - t0 < 5);
    CU_ASSERT_EQUAL(dir_entries(d), 3);
    CU_ASSERT_EQUAL(dir_entries(svgdir), 0);
    rm_tree(d);
}

/* ------------------------------------------------------------ 3. signals */

static void test_a_signal_stops_a_run_removes_its_temporary_files_and_exits_128_plus_n(void)
{
    const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        char d[64], pcap[128], trace[128], out[128], msc[128];
        tmp_dir(d, sizeof(d));
        snprintf(pcap, sizeof(pcap), "%s/run.pcap", d);
        snprintf(trace, sizeof(trace), "%s/run.log", d);
        snprintf(out, sizeof(out), "%s/out.json", d);
        snprintf(msc, sizeof(msc), "%s/run.svg", d);
        edge_result_t r = RUN_SIGNALLED(sigs[i], 500, "run", FIG1, "--set", "horizon=3600s",
                                        "--set", "traffic.rate=10000", "--pcap", pcap, "--trace",
                                        trace, "-o", out, "--json", "--msc", msc);
        CU_ASSERT_EQUAL(r.status, 128 + sigs[i]);
        CU_ASSERT_STRING_EQUAL(r.out, "");
        CU_ASSERT_STRING_EQUAL(r.err, "");
        done(&r);
        CU_ASSERT_EQUAL(dir_entries(d), 0);
        rm_tree(d);
    }
}

static void test_a_signal_stops_demo_html_and_figures_leaving_no_temporary_file(void)
{
    char d[64], page[128];
    tmp_dir(d, sizeof(d));
    snprintf(page, sizeof(page), "%s/demo.html", d);
    edge_result_t r = RUN_SIGNALLED(SIGTERM, 300, "demo", FIG1, "--set", "horizon=3600s", "--set",
                                    "traffic.rate=10000", "--html", page);
    CU_ASSERT_EQUAL(r.status, 143);
    done(&r);
    CU_ASSERT_EQUAL(dir_entries(d), 0);
    r = RUN_SIGNALLED(SIGINT, 300, "figures", "-o", d);
    CU_ASSERT(r.status == 130 || r.status == 0); /* a fast machine may finish first */
    done(&r);
    CU_ASSERT(no_temporary_file(d));
    rm_tree(d);
}

/* ------------------------------------------------------------ 4. one file, two names */

static void test_two_outputs_naming_one_file_are_refused(void)
{
    char d[64], x[128], dotx[128], link[128], cwd_x[160];
    tmp_dir(d, sizeof(d));
    snprintf(x, sizeof(x), "%s/x", d);
    snprintf(dotx, sizeof(dotx), "%s/./x", d);
    snprintf(link, sizeof(link), "%s/link", d);
    snprintf(cwd_x, sizeof(cwd_x), "%s/sub/../x", d);
    CU_ASSERT_EQUAL(symlink("x", link), 0); /* to a file that does not exist yet */
    char want[400];
    snprintf(want, sizeof(want), "mobsim run: --pcap %s and --trace %s name the same file", x,
             dotx);
    expect_usage(RUN("run", FIG1, "--pcap", x, "--trace", dotx), want);
    snprintf(want, sizeof(want), "mobsim run: -o %s and --msc %s name the same file", x, link);
    expect_usage(RUN("run", FIG1, "-o", x, "--msc", link), "name the same file");
    expect_usage(RUN("run", FIG1, "--trace", link, "--pcap", x), "--trace");
    expect_usage(RUN("run", MINIMAL, "-o", "./" MINIMAL), "would overwrite the scenario file");
    expect_usage(RUN("run", MINIMAL, "--trace", "tests/../" MINIMAL),
                 "--trace tests/../" MINIMAL " would overwrite the scenario file");
    expect_usage(RUN("run", MINIMAL, "--trace", "-"),
                 "mobsim run: the summary and --trace both write to standard output");
    expect_usage(RUN("run", MINIMAL, "-o", "-", "--msc", "-"), "both write to standard output");
    CU_ASSERT_EQUAL(dir_entries(d), 1); /* only the link */
    rm_tree(d);
}

/* ------------------------------------------------------------ 5. write errors */

static void test_every_write_error_on_standard_output_is_reported(void)
{
    if (access("/dev/full", W_OK) != 0)
        return;
    char d[64], sw[128];
    tmp_dir(d, sizeof(d));
    snprintf(sw, sizeof(sw), "%s/sweep", d);
    const char *want = "mobsim: cannot write standard output: No space left on device";
    expect_one_line(
        RUN_TO("/dev/full", "sweep", SMALL_SWEEP, "-o", sw, "--no-plots", "--replications", "2"), 1,
        want);
    expect_one_line(RUN_TO("/dev/full", "--version"), 1, want);
    expect_one_line(RUN_TO("/dev/full", "--help"), 1, want);
    expect_one_line(RUN_TO("/dev/full", "help", "run"), 1, want);
    expect_one_line(RUN_TO("/dev/full", "run", "--help"), 1, want);
    expect_one_line(RUN_TO("/dev/full", "run", FIG1, "--json"), 1, want);
    expect_one_line(RUN_TO("/dev/full", "window", FIG1), 1, want);
    expect_one_line(RUN_TO("/dev/full", "demo", "fig1", "--html", "-"), 1, "cannot write");
    char page[128];
    snprintf(page, sizeof(page), "%s/empty", d);
    FILE *keys = fopen(page, "w");
    fclose(keys);
    int saved = dup(0), fd = open(page, O_RDONLY);
    dup2(fd, 0);
    edge_result_t r = RUN_TO("/dev/full", "demo", "fig1");
    dup2(saved, 0);
    close(saved);
    close(fd);
    expect_one_line(r, 1, want);
    rm_tree(d);
}

/* ------------------------------------------------------------ 6. formats by extension */

static void test_a_format_taken_from_the_extension_must_be_known(void)
{
    char d[64], p[128];
    tmp_dir(d, sizeof(d));
    snprintf(p, sizeof(p), "%s/x.png", d);
    char want[256];
    snprintf(want, sizeof(want),
             "mobsim run: --msc %s: expected a file name ending in .svg (SVG) or .msc (mscgen "
             "text)",
             p);
    expect_usage(RUN("run", FIG1, "--msc", p), want);
    snprintf(p, sizeof(p), "%s/page.txt", d);
    snprintf(want, sizeof(want),
             "mobsim demo: --html %s: expected a file name ending in .html or .htm", p);
    expect_usage(RUN("demo", "fig1", "--html", p), want);
    CU_ASSERT_EQUAL(dir_entries(d), 0);
    /* case does not matter */
    snprintf(p, sizeof(p), "%s/CHART.SVG", d);
    edge_result_t r = RUN("run", FIG1, "--msc", p, "-o", "/dev/null");
    CU_ASSERT_EQUAL(r.status, 0);
    done(&r);
    snprintf(p, sizeof(p), "%s/chart.MSC", d);
    r = RUN("run", FIG1, "--msc", p, "-o", "/dev/null");
    CU_ASSERT_EQUAL(r.status, 0);
    done(&r);
    char *text = slurp_path(p);
    CU_ASSERT_PTR_NOT_NULL(text ? strstr(text, "msc {") : NULL); /* mscgen text, not SVG */
    free(text);
    snprintf(p, sizeof(p), "%s/page.HTM", d);
    r = RUN("demo", "fig1", "--html", p);
    CU_ASSERT_EQUAL(r.status, 0);
    done(&r);
    CU_ASSERT_EQUAL(dir_entries(d), 3);
    rm_tree(d);
}

/* ------------------------------------------------------------ 7. ordered and exclusive */

static void test_options_that_must_be_ordered_or_exclusive_are_refused(void)
{
    expect_usage(RUN("demo", "fig1", "--from", "5s", "--to", "1s"),
                 "mobsim demo: --from 5s is not before --to 1s");
    expect_usage(RUN("demo", "fig1", "--from", "1s", "--to", "1s"), "is not before --to");
    expect_usage(RUN("window", FIG1, "--step", "3s"),
                 "mobsim window: --step 3s is larger than --range 2s");
    expect_usage(RUN("sweep", SMALL_SWEEP, "--quick", "--replications", "3"),
                 "mobsim sweep: --quick and --replications exclude each other");
    edge_result_t r = RUN("demo", "fig1", "--from", "1.1s", "--to", "1.3s", "--html", "-");
    CU_ASSERT_EQUAL(r.status, 0);
    done(&r);
}

/* ------------------------------------------------------------ 8. mpirun */

static void test_non_sweep_commands_work_on_rank_0_only_under_mpirun(void)
{
    const char *mpi = env_or("MOBSIM_MPI", "build/mobsim-mpi");
    if (access(mpi, X_OK) != 0) {
        CU_FAIL("mobsim-mpi not built (make mpi)");
        return;
    }
    setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
    setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    setenv("OMPI_MCA_btl", "self,vader", 0);
    setenv("ASAN_OPTIONS", "detect_leaks=0", 0);
    const char *argv[] = {
        "mpirun", "--allow-run-as-root", "--oversubscribe", "-np", "2", mpi, "run", FIG1, NULL};
    edge_result_t r = run_argv(argv, NULL, 0, 0);
    CU_ASSERT_EQUAL(r.status, 0);
    int summaries = 0;
    for (const char *p = r.out; (p = strstr(p, "scenario    fig1")); p++)
        summaries++;
    CU_ASSERT_EQUAL(summaries, 1);
    done(&r);
    const char *ver[] = {
        "mpirun", "--allow-run-as-root", "--oversubscribe", "-np", "2", mpi, "--version", NULL};
    r = run_argv(ver, NULL, 0, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "mobsim 0.1.0\n");
    done(&r);
}

/* ------------------------------------------------------------ 9. progress */

static void test_a_long_run_shows_a_progress_line_on_a_terminal_only(void)
{
    if (system("command -v script >/dev/null 2>&1") != 0) {
        CU_FAIL("script (util-linux) is needed");
        return;
    }
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "%s run " FIG1 " --set horizon=600s --set traffic.rate=10000 -o /dev/null",
             tu_mobsim());
    const char *argv[] = {"script", "-qfec", cmd, "/dev/null", NULL};
    edge_result_t r = run_argv(argv, NULL, 0, 0);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\r\033[Kmobsim run: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, " of 600 s simulated ("));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, " s left"));
    /* cleared at the end: the last thing written is the erase */
    size_t n = strlen(r.out);
    CU_ASSERT(n >= 4 && strcmp(r.out + n - 4, "\r\033[K") == 0);
    done(&r);
    /* not a terminal: nothing on stderr */
    r = RUN("run", FIG1, "--set", "horizon=120s", "-o", "/dev/null");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    done(&r);
}

/* ------------------------------------------------------------ 10. resume hint */

/* The command between the backquotes of the hint, with "mobsim" replaced
 * by the binary under test. */
static bool hint_command(const char *err, char *cmd, size_t cap)
{
    const char *a = strchr(err, '`');
    const char *b = a ? strchr(a + 1, '`') : NULL;
    if (!a || !b || strncmp(a + 1, "mobsim ", 7) != 0)
        return false;
    snprintf(cmd, cap, "%s %.*s", tu_mobsim(), (int)(b - a - 8), a + 8);
    return true;
}

static void test_the_resume_command_of_an_interrupted_sweep_works(void)
{
    char d[64], out[160], cmd[2048];
    tmp_dir(d, sizeof(d));
    snprintf(out, sizeof(out), "%s/out dir's", d); /* needs quoting */
    /* 4000 replications: ~4 s on an idle core, so the SIGINT at 400 ms
     * always finds it running (600 took 0.56 s once the packet path got
     * cheaper, and the test raced the sweep's end) */
    edge_result_t r = RUN_SIGNALLED(SIGINT, 400, "sweep", SMALL_SWEEP, "-o", out, "--no-plots",
                                    "--runs", "--replications", "4000", "--seed", "7", "--set",
                                    "traffic.rate=4", "-j", "1");
    CU_ASSERT_EQUAL(r.status, 130);
    CU_ASSERT_EQUAL(count_lines(r.err), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "--replications 4000 --seed 7 --set traffic.rate=4"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "'"
                                         "/tmp/"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "--resume` goes on"));
    bool have = hint_command(r.err, cmd, sizeof(cmd));
    CU_ASSERT_TRUE(have);
    done(&r);
    if (have) {
        const char *argv[] = {"sh", "-c", cmd, NULL};
        r = run_argv(argv, NULL, 0, 0);
        CU_ASSERT_EQUAL(r.status, 0);
        CU_ASSERT_STRING_EQUAL(r.err, "");
        CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "/sweep.csv\n"));
        if (r.status)
            fprintf(stderr, "\n  %s\n  said: %s", cmd, r.err);
        done(&r);
        char csv[256];
        snprintf(csv, sizeof(csv), "%s/sweep.csv", out);
        CU_ASSERT_EQUAL(type_of(csv), S_IFREG);
    }
    rm_tree(d);
}

void suite_cli_edges(void)
{
    ADD_SUITE("cli/edges", TEST(test_every_subcommand_parses_options_the_same_way),
              TEST(test_output_to_dev_null_leaves_the_character_device),
              TEST(test_output_to_a_fifo_is_written_straight),
              TEST(test_output_through_a_symlink_replaces_the_target_and_keeps_the_link),
              TEST(test_an_output_naming_a_directory_is_refused_before_the_run),
              TEST(test_a_signal_stops_a_run_removes_its_temporary_files_and_exits_128_plus_n),
              TEST(test_a_signal_stops_demo_html_and_figures_leaving_no_temporary_file),
              TEST(test_two_outputs_naming_one_file_are_refused),
              TEST(test_every_write_error_on_standard_output_is_reported),
              TEST(test_a_format_taken_from_the_extension_must_be_known),
              TEST(test_options_that_must_be_ordered_or_exclusive_are_refused),
              TEST(test_non_sweep_commands_work_on_rank_0_only_under_mpirun),
              TEST(test_a_long_run_shows_a_progress_line_on_a_terminal_only),
              TEST(test_the_resume_command_of_an_interrupted_sweep_works));
}
