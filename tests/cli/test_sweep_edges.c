/* `mobsim sweep` at the edges of its output directory (issue 12): a second
 * sweep on a directory in use, temporaries a kill left behind, sweeps whose
 * intervals or plots are empty, gnuplot failing or missing, journals edited
 * by hand or copied from another sweep, and a disk that fills up while the
 * outputs are written. Each test asserts the exit status, the one stderr
 * line and which files exist afterwards.
 * Runs $MOBSIM (default build/mobsim) from the repository root. */
#include "tests/testing.h"
#include "tests/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SMALL "tests/cli/data/sweep-small.json" /* 7 points, baseline and hoa-signaling */

static char tmpdir[64];

static const char *tmp_path(const char *name, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s", tmpdir, name);
    return buf;
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

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static bool exists_in(const char *dir, const char *name)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    return exists(p);
}

/* The first file in dir whose name contains ".tmp", or "" (into buf). */
static const char *temp_left_in(const char *dir, char *buf, size_t cap)
{
    buf[0] = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        if (strstr(e->d_name, ".tmp")) {
            snprintf(buf, cap, "%s", e->d_name);
            break;
        }
    if (d)
        closedir(d);
    return buf;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

typedef struct result {
    int status;
    char *out, *err;
} result_t;

/* Starts `mobsim sweep ARGS...` with stdout and stderr to files, PATH
 * replaced when path is given; returns the pid. */
static pid_t spawn_sweep(const char *path, const char *const *args, const char *out,
                         const char *err)
{
    const char *argv[48] = {tu_mobsim(), "sweep"};
    int n = 2;
    for (; args[n - 2] && n < 47; n++)
        argv[n] = args[n - 2];
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (o < 0 || e < 0)
            _exit(126);
        dup2(o, 1);
        dup2(e, 2);
        if (path)
            setenv("PATH", path, 1);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static int wait_status(pid_t pid)
{
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    if (WIFSIGNALED(ws))
        return 1000 + WTERMSIG(ws);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

static result_t sweep_path(const char *path, const char *arg, ...)
{
    const char *args[40];
    int n = 0;
    va_list ap;
    va_start(ap, arg);
    for (const char *a = arg; a && n < 39; a = va_arg(ap, const char *))
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    char out[128], err[128];
    tmp_path("stdout", out, sizeof(out));
    tmp_path("stderr", err, sizeof(err));
    result_t r = {wait_status(spawn_sweep(path, args, out, err)), slurp(out), slurp(err)};
    CU_ASSERT_NOT_EQUAL(r.status, 127);
    return r;
}
#define SWEEP(...)            sweep_path(NULL, __VA_ARGS__, (const char *)NULL)
#define SWEEP_PATH(path, ...) sweep_path(path, __VA_ARGS__, (const char *)NULL)

static void result_free(result_t *r)
{
    free(r->out);
    free(r->err);
}

#define EXPECT_OK(r)                                                                               \
    do {                                                                                           \
        CU_ASSERT_EQUAL((r).status, 0);                                                            \
        if ((r).status != 0)                                                                       \
            fprintf(stderr, "\n  mobsim sweep said: %s", (r).err ? (r).err : "");                  \
    } while (0)

/* Status, exactly one line on stderr that is "mobsim sweep: " + want (a
 * prefix of it when whole is false), nothing on stdout. */
static void expect_one_line(result_t *r, int status, const char *want, bool whole)
{
    char line[2048];
    snprintf(line, sizeof(line), "mobsim sweep: %s%s", want, whole ? "\n" : "");
    CU_ASSERT_EQUAL(r->status, status);
    CU_ASSERT_EQUAL(count_lines(r->err), 1);
    CU_ASSERT_STRING_EQUAL(r->out ? r->out : "", "");
    bool ok =
        r->err && (whole ? strcmp(r->err, line) == 0 : strncmp(r->err, line, strlen(line)) == 0);
    CU_ASSERT(ok);
    if (!ok || r->status != status)
        fprintf(stderr, "\n  want (%d): %s\n  got  (%d): %s", status, line, r->status,
                r->err ? r->err : "(null)");
}

static int setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/mobsim-sweep-edges-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : 1;
}

static int teardown(void)
{
    tu_rm_rf(tmpdir);
    return 0;
}

/* ------------------------------------------------------------ the lock */

static void test_a_sweep_on_a_directory_someone_holds_exits_2_naming_the_holder(void)
{
    char d[128], lock[160];
    tmp_path("held", d, sizeof(d));
    CU_ASSERT_EQUAL_FATAL(mkdir(d, 0777), 0);
    snprintf(lock, sizeof(lock), "%s/lock", d);
    int fd = open(lock, O_RDWR | O_CREAT, 0666);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL_FATAL(flock(fd, LOCK_EX | LOCK_NB), 0);
    char pid[32], want[256];
    snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    CU_ASSERT(write(fd, pid, strlen(pid)) == (ssize_t)strlen(pid));
    result_t r = SWEEP(SMALL, "--replications", "3", "--no-plots", "-o", d);
    snprintf(want, sizeof(want),
             "%s: in use by another mobsim sweep (pid %ld); wait for it or use another -o "
             "directory",
             d, (long)getpid());
    expect_one_line(&r, 2, want, true);
    CU_ASSERT_FALSE(exists_in(d, "journal"));
    CU_ASSERT_FALSE(exists_in(d, "sweep.csv"));
    result_free(&r);
    /* once released, the directory is free again, and the lock goes with the sweep */
    close(fd);
    r = SWEEP(SMALL, "--replications", "3", "--no-plots", "-o", d);
    EXPECT_OK(r);
    CU_ASSERT_TRUE(exists_in(d, "sweep.csv"));
    CU_ASSERT_FALSE(exists_in(d, "lock"));
    result_free(&r);
}

static void test_two_sweeps_at_once_on_one_directory_the_second_is_refused(void)
{
    char d[128], out[128], err[128], lock[160];
    tmp_path("busy", d, sizeof(d));
    snprintf(lock, sizeof(lock), "%s/lock", d);
    const char *args[] = {SMALL, "--replications", "20000", "-j", "1", "--no-plots", "-o", d, NULL};
    pid_t first = spawn_sweep(NULL, args, tmp_path("first.out", out, sizeof(out)),
                              tmp_path("first.err", err, sizeof(err)));
    /* wait until the first holds the directory: its pid is in the lock */
    char want[64];
    snprintf(want, sizeof(want), "%ld\n", (long)first);
    bool held = false;
    for (int i = 0; i < 1000 && !held; i++) {
        char *text = slurp(lock);
        held = text && strcmp(text, want) == 0;
        free(text);
        struct timespec ts = {0, 10000000};
        if (!held)
            nanosleep(&ts, NULL);
    }
    CU_ASSERT_TRUE(held);
    result_t r = SWEEP(SMALL, "--replications", "20000", "-j", "1", "--no-plots", "-o", d);
    char line[256];
    snprintf(line, sizeof(line), "%s: in use by another mobsim sweep (pid %ld)", d, (long)first);
    expect_one_line(&r, 2, line, false);
    result_free(&r);
    kill(first, SIGKILL);
    CU_ASSERT_EQUAL(wait_status(first), 1000 + SIGKILL);
    /* kill -9 leaves the lock file but not the lock: the next sweep goes on */
    CU_ASSERT_TRUE(exists(lock));
    r = SWEEP(SMALL, "--replications", "3", "--no-plots", "-o", d);
    EXPECT_OK(r);
    CU_ASSERT_FALSE(exists(lock));
    result_free(&r);
}

/* ------------------------------------------------------------ temporaries */

static void test_opening_a_directory_removes_only_mobsim_s_own_stale_temporaries(void)
{
    char d[128], p[256];
    tmp_path("stale", d, sizeof(d));
    result_t r = SWEEP(SMALL, "--replications", "3", "--no-plots", "-o", d);
    EXPECT_OK(r);
    result_free(&r);
    static const char *const stale[] = {
        "sweep.csv.tmp.Ab12Cd", "sweep.json.tmp.zzzzzz", "runs.csv.tmp.000000",
        "restore_time.svg.tmp", "restored.png.tmp",      "vulnerable.gp.tmp",
    };
    static const char *const mine[] = {
        "notes.txt",           "sweep.csv.tmp.ab",      "sweep.csv.tmp.Ab12Cd.bak",
        "restored.svg.tmp.me", "other.svg.tmp",         "sweep.csv.tmp.Ab-2Cd",
        "Restored.svg.tmp",    "restore_time.svg.tmpx",
    };
    for (int round = 0; round < 2; round++) { /* with --resume, then afresh */
        for (size_t i = 0; i < sizeof(stale) / sizeof(stale[0]); i++) {
            snprintf(p, sizeof(p), "%s/%s", d, stale[i]);
            CU_ASSERT_TRUE(write_file(p, "left by kill -9\n"));
        }
        for (size_t i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
            snprintf(p, sizeof(p), "%s/%s", d, mine[i]);
            CU_ASSERT_TRUE(write_file(p, "the user's\n"));
        }
        snprintf(p, sizeof(p), "%s/signaling.svg.tmp", d); /* a directory of that name stays */
        mkdir(p, 0777);
        if (round == 0)
            r = SWEEP(SMALL, "--replications", "3", "--no-plots", "--resume", "-o", d);
        else
            r = SWEEP(SMALL, "--replications", "3", "--no-plots", "-o", d);
        EXPECT_OK(r);
        result_free(&r);
        for (size_t i = 0; i < sizeof(stale) / sizeof(stale[0]); i++) {
            CU_ASSERT_FALSE(exists_in(d, stale[i]));
            if (exists_in(d, stale[i]))
                fprintf(stderr, "\n  %s/%s is still there\n", d, stale[i]);
        }
        for (size_t i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
            CU_ASSERT_TRUE(exists_in(d, mine[i]));
            if (!exists_in(d, mine[i]))
                fprintf(stderr, "\n  %s/%s was removed\n", d, mine[i]);
        }
        CU_ASSERT_TRUE(exists_in(d, "signaling.svg.tmp"));
        CU_ASSERT_TRUE(exists_in(d, "sweep.csv"));
    }
}

/* ------------------------------------------------------------ empty intervals and plots */

/* The field of column `name` in the CSV's first data row; NULL when absent. */
static char *csv_first_row_field(const char *csv, const char *name, char *buf, size_t cap)
{
    while (*csv == '#' && strchr(csv, '\n')) /* the provenance comment lines */
        csv = strchr(csv, '\n') + 1;
    const char *nl = strchr(csv, '\n');
    if (!nl)
        return NULL;
    int col = -1, c = 0;
    for (const char *p = csv; p < nl; c++) {
        const char *e = memchr(p, ',', (size_t)(nl - p));
        if (!e)
            e = nl;
        if ((size_t)(e - p) == strlen(name) && strncmp(p, name, strlen(name)) == 0)
            col = c;
        p = e + 1;
    }
    if (col < 0)
        return NULL;
    const char *p = nl + 1;
    for (int i = 0; i < col && p; i++) {
        p = strchr(p, ',');
        if (p)
            p++;
    }
    if (!p)
        return NULL;
    size_t n = strcspn(p, ",\n");
    snprintf(buf, cap, "%.*s", (int)n, p);
    return buf;
}

static void test_every_shipped_sweep_with_one_replication_writes_empty_cells_and_every_plot(void)
{
    static const char *const sweeps[] = {"offset", "poisson", "tb", "th-tp"};
    for (size_t i = 0; i < sizeof(sweeps) / sizeof(sweeps[0]); i++) {
        char file[128], d[128], name[64], left[256];
        snprintf(file, sizeof(file), "scenarios/sweep-%s.json", sweeps[i]);
        snprintf(name, sizeof(name), "one-%s", sweeps[i]);
        tmp_path(name, d, sizeof(d));
        result_t r = SWEEP(file, "--replications", "1", "-o", d);
        EXPECT_OK(r);
        CU_ASSERT_STRING_EQUAL(r.err ? r.err : "(null)", "");
        result_free(&r);
        static const char *const plots[] = {"restored", "restore_time", "signaling"};
        for (size_t k = 0; k < 3; k++) {
            char svg[64], png[64];
            snprintf(svg, sizeof(svg), "%s.svg", plots[k]);
            snprintf(png, sizeof(png), "%s.png", plots[k]);
            CU_ASSERT_TRUE(exists_in(d, svg));
            CU_ASSERT_TRUE(exists_in(d, png));
        }
        CU_ASSERT_STRING_EQUAL(temp_left_in(d, left, sizeof(left)), "");
        char p[256], field[64];
        snprintf(p, sizeof(p), "%s/sweep.csv", d);
        char *csv = slurp(p);
        CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
        /* one run: no standard deviation, so no interval: an empty cell */
        const char *ci = csv_first_row_field(csv, "signaling_sent_ci", field, sizeof(field));
        CU_ASSERT_PTR_NOT_NULL(ci);
        CU_ASSERT_STRING_EQUAL(ci ? ci : "(none)", "");
        CU_ASSERT_PTR_NULL(strstr(csv, "nan"));
        CU_ASSERT_PTR_NULL(strstr(csv, "inf"));
        free(csv);
        snprintf(p, sizeof(p), "%s/sweep.json", d);
        char *json = tu_strip_provenance(slurp(p)); /* "provenance" holds "nan" */
        CU_ASSERT_PTR_NOT_NULL_FATAL(json);
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"signaling_sent_ci\": null"));
        CU_ASSERT_PTR_NULL(strstr(json, "nan"));
        free(json);
    }
}

/* Issue 17: a T_b axis shows the bound `mobsim window fig6` derives (160 ms)
 * as a vertical line on the restored and restore-time plots. */
static void test_a_timer_axis_draws_its_derived_bound(void)
{
    char file[128], d[128], cwd[256], text[1024], p[256];
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof(cwd)));
    snprintf(text, sizeof(text),
             "{\"base\": \"%s/scenarios/fig6.json\", \"set\": {\"horizon\": \"5s\", "
             "\"traffic.rate\": 0}, \"vary\": {\"params.T_b\": [\"0ms\", \"300ms\"]}, "
             "\"replications\": 1, \"seed\": 1}",
             cwd);
    CU_ASSERT_TRUE_FATAL(write_file(tmp_path("bound.json", file, sizeof(file)), text));
    tmp_path("bound", d, sizeof(d));
    result_t r = SWEEP(file, "-o", d);
    EXPECT_OK(r);
    result_free(&r);
    static const char *const plots[] = {"restore_time.gp", "restored.gp"};
    for (int i = 0; i < 2; i++) {
        snprintf(p, sizeof(p), "%s/%s", d, plots[i]);
        char *gp = slurp(p);
        CU_ASSERT_PTR_NOT_NULL_FATAL(gp);
        CU_ASSERT_PTR_NOT_NULL(strstr(gp, "set arrow 9 from 0.16, graph 0 to 0.16, graph 1"));
        CU_ASSERT_PTR_NOT_NULL(strstr(gp, "derived bound T\\_b > 160 ms"));
        free(gp);
    }
}

/* Issue 17: a mean over the restored runs alone must not look like the
 * fastest scheme where none restored: no line there, a mark instead. */
static void test_a_sweep_where_no_run_restores_says_so_on_its_restore_time_plot(void)
{
    char file[128], d[128], cwd[256], text[1024], left[256], p[256];
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof(cwd)));
    /* fig1's timing under baseline: B moves while A's signaling is under way,
     * and route optimization is never restored */
    snprintf(text, sizeof(text),
             "{\"base\": \"%s/scenarios/fig1.json\", \"set\": {\"horizon\": \"5s\", "
             "\"traffic.rate\": 0}, \"vary\": {\"moves[1].at\": [\"0.9s\", \"1s\", \"1.1s\"], "
             "\"scheme\": [\"baseline\"]}, \"replications\": 3, \"seed\": 1}",
             cwd);
    CU_ASSERT_TRUE_FATAL(write_file(tmp_path("norestore.json", file, sizeof(file)), text));
    tmp_path("norestore", d, sizeof(d));
    result_t r = SWEEP(file, "-o", d);
    EXPECT_OK(r);
    result_free(&r);
    snprintf(p, sizeof(p), "%s/sweep.csv", d);
    char *csv = slurp(p), field[64];
    CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
    const char *frac = csv_first_row_field(csv, "restored_frac", field, sizeof(field));
    CU_ASSERT_STRING_EQUAL(frac ? frac : "(none)", "0");
    const char *mean = csv_first_row_field(csv, "restore_time_s_mean", field, sizeof(field));
    CU_ASSERT_STRING_EQUAL(mean ? mean : "(none)", "");
    free(csv);
    snprintf(p, sizeof(p), "%s/restore_time.svg", d);
    char *svg = slurp(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
    /* no restore-time line at all, a "none restored" mark at every point */
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "baseline: none restored"));
    free(svg);
    snprintf(p, sizeof(p), "%s/restore_time.gp", d);
    char *gp = slurp(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gp);
    CU_ASSERT_PTR_NULL(strstr(gp, ":5:6:7 with"));
    CU_ASSERT_PTR_NULL(strstr(gp, "set datafile missing")); /* a NaN breaks the line */
    CU_ASSERT_PTR_NOT_NULL(strstr(gp, "using 1:8 with points"));
    free(gp);
    CU_ASSERT_TRUE(exists_in(d, "restore_time.png"));
    CU_ASSERT_STRING_EQUAL(temp_left_in(d, left, sizeof(left)), "");
}

static void test_gnuplot_failing_or_missing_exits_1_with_the_csv_complete_and_no_temporaries(void)
{
    char bin[128], empty[128], gp[160], d[128], want[512], left[256];
    tmp_path("fakebin", bin, sizeof(bin));
    tmp_path("emptybin", empty, sizeof(empty));
    CU_ASSERT_EQUAL_FATAL(mkdir(bin, 0777), 0);
    CU_ASSERT_EQUAL_FATAL(mkdir(empty, 0777), 0);
    snprintf(gp, sizeof(gp), "%s/gnuplot", bin);
    /* a gnuplot that starts its outputs, then fails */
    CU_ASSERT_TRUE_FATAL(
        write_file(gp, "#!/bin/sh\necho partial > \"${1%.gp}.svg.tmp\"\necho partial > "
                       "\"${1%.gp}.png.tmp\"\nexit 1\n"));
    CU_ASSERT_EQUAL_FATAL(chmod(gp, 0755), 0);
    tmp_path("gpfails", d, sizeof(d));
    result_t r = SWEEP_PATH(bin, SMALL, "--replications", "3", "-o", d);
    snprintf(want, sizeof(want),
             "gnuplot failed on %s/restored.gp; sweep.csv and sweep.json are complete", d);
    expect_one_line(&r, 1, want, false);
    result_free(&r);
    CU_ASSERT_TRUE(exists_in(d, "sweep.csv"));
    CU_ASSERT_TRUE(exists_in(d, "sweep.json"));
    CU_ASSERT_TRUE(exists_in(d, "restored.gp"));
    CU_ASSERT_FALSE(exists_in(d, "restored.svg"));
    CU_ASSERT_STRING_EQUAL(temp_left_in(d, left, sizeof(left)), "");

    tmp_path("gpmissing", d, sizeof(d));
    r = SWEEP_PATH(empty, SMALL, "--replications", "3", "-o", d);
    snprintf(want, sizeof(want), "gnuplot not found: %s/*.gp are written but not rendered", d);
    expect_one_line(&r, 1, want, false);
    result_free(&r);
    CU_ASSERT_TRUE(exists_in(d, "sweep.csv"));
    CU_ASSERT_TRUE(exists_in(d, "sweep.json"));
    CU_ASSERT_TRUE(exists_in(d, "restored.gp"));
    CU_ASSERT_TRUE(exists_in(d, "signaling.gp"));
    CU_ASSERT_FALSE(exists_in(d, "restored.svg"));
    CU_ASSERT_STRING_EQUAL(temp_left_in(d, left, sizeof(left)), "");
}

/* ------------------------------------------------------------ journals */

#define REC_MAX 64

typedef struct record {
    size_t point;
    uint64_t hash;
    char *text;
} record_t;

typedef struct journal {
    char head[512];
    uint64_t fingerprint;
    record_t rec[REC_MAX];
    size_t n;
} journal_t;

static uint64_t fnv64(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
    return h;
}

#define FNV_INIT 0xcbf29ce484222325ull

/* The checksum mobsim gives a record: bound to the sweep and the point. */
static uint64_t bound_hash(uint64_t fingerprint, size_t point, const char *text)
{
    char bind[64];
    int n = snprintf(bind, sizeof(bind), "%016" PRIx64 " %zu\n", fingerprint, point);
    return fnv64(fnv64(FNV_INIT, bind, (size_t)n), text, strlen(text));
}

static bool journal_read(const char *dir, journal_t *j)
{
    char p[256];
    snprintf(p, sizeof(p), "%s/journal", dir);
    char *all = slurp(p);
    memset(j, 0, sizeof(*j));
    if (!all)
        return false;
    char *nl = strchr(all, '\n'), *fp = strstr(all, "fingerprint=");
    bool ok = nl && fp && (size_t)(nl - all) + 1 < sizeof(j->head);
    if (ok) {
        snprintf(j->head, sizeof(j->head), "%.*s", (int)(nl - all + 1), all);
        j->fingerprint = strtoull(fp + 12, NULL, 16);
    }
    for (char *q = nl ? nl + 1 : NULL; ok && q && *q && j->n < REC_MAX;) {
        record_t *r = &j->rec[j->n];
        size_t len;
        int off = 0;
        if (sscanf(q, "@ %zu %zu %" SCNx64 "\n%n", &r->point, &len, &r->hash, &off) != 3 || !off) {
            ok = false;
            break;
        }
        r->text = strndup(q + off, len);
        q += off + len;
        j->n++;
    }
    free(all);
    return ok && j->n > 0;
}

static bool journal_write(const char *dir, const journal_t *j)
{
    char p[256];
    snprintf(p, sizeof(p), "%s/journal", dir);
    FILE *f = fopen(p, "wb");
    if (!f)
        return false;
    fputs(j->head, f);
    for (size_t i = 0; i < j->n; i++)
        fprintf(f, "@ %zu %zu %016" PRIx64 "\n%s", j->rec[i].point, strlen(j->rec[i].text),
                j->rec[i].hash, j->rec[i].text);
    return fclose(f) == 0;
}

static void journal_free(journal_t *j)
{
    for (size_t i = 0; i < j->n; i++)
        free(j->rec[i].text);
    j->n = 0;
}

static record_t *record_of(journal_t *j, size_t point)
{
    for (size_t i = 0; i < j->n; i++)
        if (j->rec[i].point == point)
            return &j->rec[i];
    return NULL;
}

/* Replaces the k-th value (0-based, after "row SCHEME") of the line that
 * starts with `prefix` in r's text by `value`. */
static void set_value(record_t *r, const char *prefix, int k, const char *value)
{
    char *line = strstr(r->text, prefix), out[8192];
    CU_ASSERT_PTR_NOT_NULL_FATAL(line);
    char *v = line + strlen(prefix);
    for (int i = 0; i < k; i++)
        v = strchr(v + 1, ' ');
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    char *e = strpbrk(v + 1, " \n");
    snprintf(out, sizeof(out), "%.*s %s%s", (int)(v - r->text), r->text, value, e);
    free(r->text);
    r->text = strdup(out);
}

/* A finished sweep in DIR (journal kept), its outputs removed. */
static void finished_sweep(const char *d, const char *seed, bool runs)
{
    result_t r =
        runs ? SWEEP(SMALL, "--replications", "3", "--seed", seed, "--no-plots", "--runs", "-o", d)
             : SWEEP(SMALL, "--replications", "3", "--seed", seed, "--no-plots", "-o", d);
    EXPECT_OK(r);
    result_free(&r);
    char p[256];
    static const char *const outs[] = {"sweep.csv", "sweep.json", "runs.csv"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof(p), "%s/%s", d, outs[i]);
        unlink(p);
    }
}

/* --resume on d refuses with "D/journal: " + what, exit 2, nothing written. */
static void expect_resume_refused(const char *d, bool runs, const char *what)
{
    result_t r = runs ? SWEEP(SMALL, "--replications", "3", "--seed", "2", "--no-plots", "--runs",
                              "--resume", "-o", d)
                      : SWEEP(SMALL, "--replications", "3", "--seed", "2", "--no-plots", "--resume",
                              "-o", d);
    char want[1024];
    snprintf(want, sizeof(want), "%s/journal: %s", d, what);
    expect_one_line(&r, 2, want, true);
    result_free(&r);
    CU_ASSERT_FALSE(exists_in(d, "sweep.csv"));
    CU_ASSERT_FALSE(exists_in(d, "sweep.json"));
    CU_ASSERT_FALSE(exists_in(d, "runs.csv"));
}

static void test_resume_refuses_a_journal_that_lost_a_scheme_row(void)
{
    char d[128];
    journal_t j;
    tmp_path("j-droprow", d, sizeof(d));
    finished_sweep(d, "2", false);
    CU_ASSERT_TRUE_FATAL(journal_read(d, &j));
    record_t *r = record_of(&j, 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    *strstr(r->text, "row 1 ") = 0; /* drop hoa-signaling's row; the checksum made anew */
    r->hash = bound_hash(j.fingerprint, 3, r->text);
    CU_ASSERT_TRUE(journal_write(d, &j));
    expect_resume_refused(
        d, false, "point 3: expected 2 scheme rows, found 1; delete the journal to start afresh");
    journal_free(&j);
}

static void test_resume_refuses_a_run_row_missing_under_runs(void)
{
    char d[128];
    journal_t j;
    tmp_path("j-droprun", d, sizeof(d));
    finished_sweep(d, "2", true);
    CU_ASSERT_TRUE_FATAL(journal_read(d, &j));
    record_t *r = record_of(&j, 5);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    *strstr(r->text, "run 1 2 ") = 0; /* the last run row */
    r->hash = bound_hash(j.fingerprint, 5, r->text);
    CU_ASSERT_TRUE(journal_write(d, &j));
    expect_resume_refused(
        d, true, "point 5: expected 6 run rows, found 5; delete the journal to start afresh");
    journal_free(&j);
}

static void test_resume_refuses_an_edited_value_under_the_old_plain_checksum(void)
{
    char d[128];
    journal_t j;
    tmp_path("j-oldhash", d, sizeof(d));
    finished_sweep(d, "2", false);
    CU_ASSERT_TRUE_FATAL(journal_read(d, &j));
    record_t *r = record_of(&j, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    set_value(r, "row 0", 1, "0.5"); /* restored_frac */
    r->hash = fnv64(FNV_INIT, r->text, strlen(r->text));
    CU_ASSERT_TRUE(journal_write(d, &j));
    expect_resume_refused(d, false,
                          "point 2: the checksum does not match this sweep (a record of another "
                          "sweep, or edited); delete the journal to start afresh");
    journal_free(&j);
}

static void test_resume_refuses_values_out_of_range_even_with_a_valid_checksum(void)
{
    char d[128];
    journal_t j;
    tmp_path("j-range", d, sizeof(d));
    finished_sweep(d, "2", false);
    CU_ASSERT_TRUE_FATAL(journal_read(d, &j));
    record_t *r = record_of(&j, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    char *saved = strdup(r->text);
    set_value(r, "row 0", 1, "1.5"); /* restored_frac */
    r->hash = bound_hash(j.fingerprint, 1, r->text);
    CU_ASSERT_TRUE(journal_write(d, &j));
    expect_resume_refused(d, false,
                          "point 1: line 1 (baseline): restored_frac = 1.5, expected a fraction "
                          "in [0, 1]; delete the journal to start afresh");
    free(r->text);
    r->text = strdup(saved);
    set_value(r, "row 1", 0, "nan"); /* runs */
    r->hash = bound_hash(j.fingerprint, 1, r->text);
    CU_ASSERT_TRUE(journal_write(d, &j));
    expect_resume_refused(d, false,
                          "point 1: line 2 (hoa-signaling): runs = nan, expected the number of "
                          "replications; delete the journal to start afresh");
    free(r->text);
    r->text = saved;
    set_value(r, "row 1", 11, "-1"); /* signaling_sent_mean */
    r->hash = bound_hash(j.fingerprint, 1, r->text);
    CU_ASSERT_TRUE(journal_write(d, &j));
    expect_resume_refused(d, false,
                          "point 1: line 2 (hoa-signaling): signaling_sent_mean = -1, expected a "
                          "number >= 0; delete the journal to start afresh");
    journal_free(&j);
}

static void test_resume_refuses_a_record_copied_from_another_sweep_s_journal(void)
{
    char d[128], e[128];
    journal_t j, other;
    tmp_path("j-mine", d, sizeof(d));
    tmp_path("j-other", e, sizeof(e));
    finished_sweep(d, "2", false);
    finished_sweep(e, "9", false); /* another seed: another fingerprint */
    CU_ASSERT_TRUE_FATAL(journal_read(d, &j));
    CU_ASSERT_TRUE_FATAL(journal_read(e, &other));
    CU_ASSERT_NOT_EQUAL(j.fingerprint, other.fingerprint);
    record_t *mine = record_of(&j, 4), *theirs = record_of(&other, 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mine);
    CU_ASSERT_PTR_NOT_NULL_FATAL(theirs);
    CU_ASSERT_STRING_NOT_EQUAL(mine->text, theirs->text);
    free(mine->text);
    mine->text = strdup(theirs->text);
    mine->hash = theirs->hash; /* valid in its own journal */
    CU_ASSERT_TRUE(journal_write(d, &j));
    expect_resume_refused(d, false,
                          "point 4: the checksum does not match this sweep (a record of another "
                          "sweep, or edited); delete the journal to start afresh");
    journal_free(&j);
    journal_free(&other);
}

static void test_resume_of_an_intact_journal_with_a_torn_tail_writes_the_same_csv(void)
{
    char d[128], p[256];
    tmp_path("j-intact", d, sizeof(d));
    result_t r = SWEEP(SMALL, "--replications", "3", "--seed", "2", "--no-plots", "-o", d);
    EXPECT_OK(r);
    result_free(&r);
    snprintf(p, sizeof(p), "%s/sweep.csv", d);
    char *before = slurp(p);
    unlink(p);
    snprintf(p, sizeof(p), "%s/journal", d);
    FILE *f = fopen(p, "ab");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("@ 6 871 0123456789abcdef\nrow 0 3 0 0", f); /* a record cut short by a kill */
    fclose(f);
    r = SWEEP(SMALL, "--replications", "3", "--seed", "2", "--no-plots", "--resume", "-o", d);
    EXPECT_OK(r);
    result_free(&r);
    snprintf(p, sizeof(p), "%s/sweep.csv", d);
    char *after = slurp(p);
    CU_ASSERT_PTR_NOT_NULL(before);
    CU_ASSERT_PTR_NOT_NULL(after);
    /* the same bytes but for the provenance (the command has --resume) */
    CU_ASSERT(before && after &&
              strcmp(tu_strip_provenance(before), tu_strip_provenance(after)) == 0);
    free(before);
    free(after);
}

/* ------------------------------------------------------------ a full disk */

/* A tmpfs of 256 KiB holds the journal of a finished sweep and is then
 * filled up but for a page or two: writing the outputs runs out of space. */
static void test_a_full_disk_while_writing_outputs_names_the_file_and_the_reason(void)
{
    char src[128], mnt[128], d[192], p[256], left[256];
    tmp_path("full-src", src, sizeof(src));
    tmp_path("full-mnt", mnt, sizeof(mnt));
    finished_sweep(src, "2", true);
    CU_ASSERT_EQUAL_FATAL(mkdir(mnt, 0777), 0);
    if (mount("tmpfs", mnt, "tmpfs", 0, "size=256k") != 0) {
        fprintf(stderr, "\n  skipped: cannot mount a tmpfs (%s)\n", strerror(errno));
        return;
    }
    snprintf(d, sizeof(d), "%s/out", mnt);
    bool ready = mkdir(d, 0777) == 0;
    snprintf(p, sizeof(p), "%s/journal", src);
    char *journal = slurp(p);
    snprintf(p, sizeof(p), "%s/journal", d);
    ready = ready && journal && write_file(p, journal);
    free(journal);
    /* fill the rest, then free four pages: the lock, sweep.csv, not sweep.json */
    snprintf(p, sizeof(p), "%s/filler", mnt);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    char block[4096];
    memset(block, 'x', sizeof(block));
    off_t size = 0;
    for (ssize_t w; fd >= 0 && (w = write(fd, block, sizeof(block))) > 0;)
        size += w;
    ready = ready && fd >= 0 && size > 16384 && ftruncate(fd, size - 16384) == 0;
    if (fd >= 0)
        close(fd);
    CU_ASSERT_TRUE(ready);
    if (ready) {
        result_t r = SWEEP(SMALL, "--replications", "3", "--seed", "2", "--no-plots", "--runs",
                           "--resume", "-o", d);
        char want[512];
        snprintf(want, sizeof(want), "cannot write %s/", d);
        expect_one_line(&r, 1, want, false);
        CU_ASSERT_PTR_NOT_NULL(r.err ? strstr(r.err, ": No space left on device\n") : NULL);
        result_free(&r);
        CU_ASSERT_FALSE(exists_in(d, "sweep.csv")); /* none of the outputs, not some */
        CU_ASSERT_FALSE(exists_in(d, "sweep.json"));
        CU_ASSERT_FALSE(exists_in(d, "runs.csv"));
        CU_ASSERT_STRING_EQUAL(temp_left_in(d, left, sizeof(left)), "");
        CU_ASSERT_TRUE(exists_in(d, "journal")); /* the work is kept for another try */
    }
    CU_ASSERT_EQUAL(umount(mnt), 0);
}

void suite_sweep_edges(void)
{
    CU_pSuite s = CU_add_suite("sweep_edges", setup, teardown);
    if (!s) {
        fprintf(stderr, "cannot add suite sweep_edges: %s\n", CU_get_error_msg());
        exit(1);
    }
    struct {
        const char *n;
        CU_TestFunc f;
    } t[] = {
        TEST(test_a_sweep_on_a_directory_someone_holds_exits_2_naming_the_holder),
        TEST(test_two_sweeps_at_once_on_one_directory_the_second_is_refused),
        TEST(test_opening_a_directory_removes_only_mobsim_s_own_stale_temporaries),
        TEST(test_every_shipped_sweep_with_one_replication_writes_empty_cells_and_every_plot),
        TEST(test_a_sweep_where_no_run_restores_says_so_on_its_restore_time_plot),
        TEST(test_a_timer_axis_draws_its_derived_bound),
        TEST(test_gnuplot_failing_or_missing_exits_1_with_the_csv_complete_and_no_temporaries),
        TEST(test_resume_refuses_a_journal_that_lost_a_scheme_row),
        TEST(test_resume_refuses_a_run_row_missing_under_runs),
        TEST(test_resume_refuses_an_edited_value_under_the_old_plain_checksum),
        TEST(test_resume_refuses_values_out_of_range_even_with_a_valid_checksum),
        TEST(test_resume_refuses_a_record_copied_from_another_sweep_s_journal),
        TEST(test_resume_of_an_intact_journal_with_a_torn_tail_writes_the_same_csv),
        TEST(test_a_full_disk_while_writing_outputs_names_the_file_and_the_reason),
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (!CU_add_test(s, t[i].n, t[i].f)) {
            fprintf(stderr, "cannot add test %s: %s\n", t[i].n, CU_get_error_msg());
            exit(1);
        }
}
