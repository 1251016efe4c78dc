/* `mobsim sweep` as users run it: the same bytes for any number of workers,
 * after kill -9 and --resume, after Ctrl-C, and over 3 MPI ranks; bad
 * files give one line and status 2 and leave nothing behind.
 * Runs $MOBSIM (default build/mobsim) and $MOBSIM_MPI (default
 * build/mobsim-mpi, under mpirun) from the repository root. */
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

#define DATA "tests/cli/data/"

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

/* Starts argv (NULL-terminated) with stdout and stderr to files; returns
 * the pid. */
static pid_t spawn(const char *const *argv, const char *out, const char *err)
{
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (o < 0 || e < 0)
            _exit(126);
        dup2(o, 1);
        dup2(e, 2);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static int wait_status(pid_t pid)
{
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0)
        ;
    if (WIFSIGNALED(ws))
        return 1000 + WTERMSIG(ws);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = 0;
    fclose(f);
    return buf;
}

typedef struct result {
    int status;
    char *out, *err;
} result_t;

static char tmpdir[64];

static const char *tmp_path(const char *name, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s", tmpdir, name);
    return buf;
}

/* Runs mobsim with the NULL-terminated arguments after "sweep". */
static result_t sweep_cmd(const char *arg, ...)
{
    const char *argv[40] = {env_or("MOBSIM", "build/mobsim"), "sweep"};
    int n = 2;
    va_list ap;
    va_start(ap, arg);
    for (const char *a = arg; a && n < 39; a = va_arg(ap, const char *))
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    char out[128], err[128];
    pid_t pid =
        spawn(argv, tmp_path("stdout", out, sizeof(out)), tmp_path("stderr", err, sizeof(err)));
    result_t r = {wait_status(pid), slurp(out), slurp(err)};
    return r;
}
#define SWEEP(...) sweep_cmd(__VA_ARGS__, (const char *)NULL)

/* Status 0, or the failure with what mobsim said. */
#define EXPECT_OK(r)                                                                               \
    do {                                                                                           \
        CU_ASSERT_EQUAL((r).status, 0);                                                            \
        if ((r).status != 0)                                                                       \
            fprintf(stderr, "\n  mobsim sweep said: %s", (r).err ? (r).err : "");                  \
    } while (0)

static void result_free(result_t *r)
{
    free(r->out);
    free(r->err);
}

static bool same_file(const char *a_dir, const char *b_dir, const char *name)
{
    char a[256], b[256];
    snprintf(a, sizeof(a), "%s/%s", a_dir, name);
    snprintf(b, sizeof(b), "%s/%s", b_dir, name);
    /* the provenance lines name the command and the date, which differ */
    char *x = tu_strip_provenance(slurp(a)), *y = tu_strip_provenance(slurp(b));
    bool same = x && y && strcmp(x, y) == 0;
    if (!same)
        fprintf(stderr, "\n  %s and %s differ (or are missing)\n", a, b);
    free(x);
    free(y);
    return same;
}

static int journal_records(const char *dir)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/journal", dir);
    char *j = slurp(path);
    int n = 0;
    for (const char *p = j; p && (p = strstr(p, "\n@ ")); p++)
        n++;
    free(j);
    return n;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/mobsim-sweep-cli-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : 1;
}

static int teardown(void)
{
    tu_rm_rf(tmpdir);
    return 0;
}

/* ------------------------------------------------------------ tests */

static void test_one_and_two_workers_write_the_same_bytes(void)
{
    char d1[128], d2[128];
    tmp_path("j1", d1, sizeof(d1));
    tmp_path("j2", d2, sizeof(d2));
    result_t a = SWEEP(DATA "sweep-small.json", "-j", "1", "-o", d1, "--runs");
    result_t b = SWEEP(DATA "sweep-small.json", "-j2", "-o", d2, "--runs");
    EXPECT_OK(a);
    EXPECT_OK(b);
    CU_ASSERT_STRING_EQUAL(a.err, ""); /* not a terminal: no progress line */
    char want[512];
    snprintf(want, sizeof(want), "%s/sweep.csv\n%s/sweep.json\n%s/runs.csv\n", d1, d1, d1);
    CU_ASSERT_NSTRING_EQUAL(a.out, want, strlen(want));
    CU_ASSERT(same_file(d1, d2, "sweep.csv"));
    CU_ASSERT(same_file(d1, d2, "sweep.json"));
    CU_ASSERT(same_file(d1, d2, "runs.csv"));
    CU_ASSERT(same_file(d1, d2, "restored.gp"));
    /* 7 offsets x 2 schemes, 40 runs each; runs.csv: 560 runs */
    char path[256];
    snprintf(path, sizeof(path), "%s/sweep.csv", d1);
    char *csv = slurp(path);
    int lines = 0;
    for (char *p = csv; p && *p; p++)
        lines += *p == '\n';
    CU_ASSERT_EQUAL(lines, 4 + 1 + 14); /* provenance, header, rows */
    CU_ASSERT_PTR_NOT_NULL(csv && strstr(csv, "\n1.05,hoa-signaling,40,"));
    CU_ASSERT_PTR_NOT_NULL(csv && strstr(csv, ",events_mean,events_sd,events_ci,"));
    free(csv);
    snprintf(path, sizeof(path), "%s/restored.png", d1);
    CU_ASSERT(exists(path));
    result_free(&a);
    result_free(&b);
}

/* Starts the long sweep and kills it with sig once `records` points are
 * in the journal, before it could finish. */
static void interrupt_after(const char *dir, int records, int sig, int *status)
{
    const char *argv[] = {env_or("MOBSIM", "build/mobsim"),
                          "sweep",
                          DATA "sweep-resume.json",
                          "-j",
                          "1",
                          "-o",
                          dir,
                          "--runs",
                          "--no-plots",
                          NULL};
    char out[128], err[128];
    pid_t pid =
        spawn(argv, tmp_path("k.out", out, sizeof(out)), tmp_path("k.err", err, sizeof(err)));
    struct timespec nap = {0, 1000000};
    for (int i = 0; i < 20000 && journal_records(dir) < records; i++)
        nanosleep(&nap, NULL);
    kill(pid, sig);
    *status = wait_status(pid);
}

static void test_resume_after_kill_9_finishes_with_the_same_bytes(void)
{
    char whole[128], cut[128], path[256];
    tmp_path("whole", whole, sizeof(whole));
    tmp_path("killed", cut, sizeof(cut));
    result_t a = SWEEP(DATA "sweep-resume.json", "-j", "2", "-o", whole, "--runs", "--no-plots");
    EXPECT_OK(a);
    if (a.status)
        return;
    int status;
    interrupt_after(cut, 3, SIGKILL, &status);
    CU_ASSERT_EQUAL(status, 1000 + SIGKILL);
    snprintf(path, sizeof(path), "%s/sweep.csv", cut);
    CU_ASSERT_FALSE(exists(path)); /* killed mid-way, not after */
    int before = journal_records(cut);
    CU_ASSERT(before >= 3 && before < 40);
    /* a torn record, as a power loss during a write leaves it */
    snprintf(path, sizeof(path), "%s/journal", cut);
    FILE *j = fopen(path, "a");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    fputs("@ 39 5000 0123456789abcdef\nrow 0 1 0.5 0.3", j);
    fclose(j);
    result_t b = SWEEP(DATA "sweep-resume.json", "-o", cut, "--runs", "--no-plots", "--resume");
    EXPECT_OK(b);
    CU_ASSERT(same_file(whole, cut, "sweep.csv"));
    CU_ASSERT(same_file(whole, cut, "sweep.json"));
    CU_ASSERT(same_file(whole, cut, "runs.csv"));
    /* finished points were kept, not redone: one record per point */
    CU_ASSERT_EQUAL(journal_records(cut), 40);
    result_free(&a);
    result_free(&b);
}

static void test_ctrl_c_stops_cleanly_and_resume_goes_on(void)
{
    char whole[128], cut[128];
    tmp_path("whole", whole, sizeof(whole));
    tmp_path("interrupted", cut, sizeof(cut));
    if (!exists(whole)) {
        result_t a = SWEEP(DATA "sweep-resume.json", "-o", whole, "--runs", "--no-plots");
        result_free(&a);
    }
    int status;
    interrupt_after(cut, 2, SIGINT, &status);
    CU_ASSERT_EQUAL(status, 130);
    char errp[128];
    char *err = slurp(tmp_path("k.err", errp, sizeof(errp)));
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "interrupted with "));
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "--resume"));
    free(err);
    result_t b = SWEEP(DATA "sweep-resume.json", "-o", cut, "--runs", "--no-plots", "--resume");
    EXPECT_OK(b);
    CU_ASSERT(same_file(whole, cut, "sweep.csv"));
    CU_ASSERT(same_file(whole, cut, "runs.csv"));
    result_free(&b);
}

static void test_resume_refuses_the_journal_of_another_sweep(void)
{
    char d[128];
    tmp_path("other", d, sizeof(d));
    result_t a = SWEEP(DATA "sweep-small.json", "-o", d, "--no-plots");
    EXPECT_OK(a);
    result_t b = SWEEP(DATA "sweep-small.json", "-o", d, "--no-plots", "--resume", "--seed", "3");
    CU_ASSERT_EQUAL(b.status, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.err, "journal: written by another sweep or other options"));
    result_free(&a);
    result_free(&b);
}

static void test_three_mpi_ranks_write_what_one_process_writes(void)
{
    const char *mpi = env_or("MOBSIM_MPI", "build/mobsim-mpi");
    if (access(mpi, X_OK) != 0) {
        fprintf(stderr, "\n  %s is missing: `make mpi` builds it\n", mpi);
        CU_FAIL("mobsim-mpi not built");
        return;
    }
    char local[128], ranks[128], out[128], err[128];
    tmp_path("local", local, sizeof(local));
    tmp_path("mpi", ranks, sizeof(ranks));
    result_t a = SWEEP(DATA "sweep-small.json", "-o", local, "--runs", "--no-plots");
    EXPECT_OK(a);
    /* mpirun refuses root unless told; ASan's leak check trips over MPI's
     * own allocations in the asan build */
    setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
    setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    setenv("OMPI_MCA_btl", "self,vader", 0);
    setenv("ASAN_OPTIONS", "detect_leaks=0", 0);
    const char *argv[] = {
        "mpirun", "--oversubscribe", "-np",        "3", mpi, "sweep", DATA "sweep-small.json", "-o",
        ranks,    "--runs",          "--no-plots", NULL};
    pid_t pid =
        spawn(argv, tmp_path("m.out", out, sizeof(out)), tmp_path("m.err", err, sizeof(err)));
    int status = wait_status(pid);
    CU_ASSERT_EQUAL(status, 0);
    if (status != 0) {
        char *e = slurp(err);
        fprintf(stderr, "\n  mpirun said: %s\n", e ? e : "");
        free(e);
    }
    CU_ASSERT(same_file(local, ranks, "sweep.csv"));
    CU_ASSERT(same_file(local, ranks, "runs.csv"));
    result_free(&a);
}

static void test_bad_sweep_files_give_one_line_status_2_and_no_output(void)
{
    char d[128];
    tmp_path("never", d, sizeof(d));
    result_t r = SWEEP(DATA "sweep-bad.json", "-o", d);
    CU_ASSERT_EQUAL(r.status, 2);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_STRING_EQUAL(r.err, "mobsim sweep: " DATA "sweep-bad.json: $.vary[\"params.T_b\"]."
                                  "step: expected a time such as \"10ms\" or a number, got "
                                  "\"-10ms\"\n");
    CU_ASSERT_FALSE(exists(d));
    result_free(&r);
    r = SWEEP(DATA "no-such-sweep.json", "-o", d);
    CU_ASSERT_EQUAL(r.status, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "no-such-sweep.json: cannot read"));
    CU_ASSERT_FALSE(exists(d));
    result_free(&r);
    r = SWEEP(DATA "sweep-small.json", "-j", "0", "-o", d);
    CU_ASSERT_EQUAL(r.status, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "-j expects a number of workers"));
    CU_ASSERT_FALSE(exists(d));
    result_free(&r);
    r = SWEEP(DATA "sweep-small.json", "--set", "params.T_b=soon", "-o", d);
    CU_ASSERT_EQUAL(r.status, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "$.params.T_b: expected a time"));
    CU_ASSERT_FALSE(exists(d));
    result_free(&r);
}

void suite_sweep_cli(void)
{
    CU_pSuite s = CU_add_suite("sweep_cli", setup, teardown);
    if (!s ||
        !CU_add_test(s, "test_one_and_two_workers_write_the_same_bytes",
                     test_one_and_two_workers_write_the_same_bytes) ||
        !CU_add_test(s, "test_resume_after_kill_9_finishes_with_the_same_bytes",
                     test_resume_after_kill_9_finishes_with_the_same_bytes) ||
        !CU_add_test(s, "test_ctrl_c_stops_cleanly_and_resume_goes_on",
                     test_ctrl_c_stops_cleanly_and_resume_goes_on) ||
        !CU_add_test(s, "test_resume_refuses_the_journal_of_another_sweep",
                     test_resume_refuses_the_journal_of_another_sweep) ||
        !CU_add_test(s, "test_three_mpi_ranks_write_what_one_process_writes",
                     test_three_mpi_ranks_write_what_one_process_writes) ||
        !CU_add_test(s, "test_bad_sweep_files_give_one_line_status_2_and_no_output",
                     test_bad_sweep_files_give_one_line_status_2_and_no_output)) {
        fprintf(stderr, "cannot add suite sweep_cli: %s\n", CU_get_error_msg());
        exit(1);
    }
}
