/* analysis/sweep_out.c - from finished blocks to rows, the journal and the
 * output files.
 *
 * Blocks arrive in any order. Each is folded into accumulators of its own
 * task (count, sum, mean, squared deviations per scheme and metric, and of
 * the paired differences), and only the metrics with percentile columns
 * keep their values (8 bytes per replication and scheme each: restore time,
 * plus "metrics" extras); --runs keeps every run's numbers. When the last
 * block of a point arrives, its tasks' accumulators are merged in task
 * order - the same bits whoever ran them - the rows are computed and
 * appended to DIR/journal as one record, and the point's memory is freed.
 *
 * Journal. A header line names the sweep by a fingerprint of everything the
 * results depend on (sweep file, resolved base, replications, seed,
 * columns). Each record is
 *     "@ POINT LEN HASH\n" then LEN bytes of text:
 *     "row SCHEME v1 v2 ...\n" per scheme, and with --runs
 *     "run SCHEME REP m1 ... mN r1 ...\n" per run,
 * numbers as %.17g (they read back to the same bits), written with one
 * write() on an O_APPEND descriptor and synced at most once a second.
 * HASH (FNV-1a, 64 bits) covers the sweep's fingerprint and the point
 * number before the text, so a record copied from another sweep's journal,
 * or moved to another point, does not check. A record cut short by kill -9
 * or a power loss (its header line or its text ends early) is dropped on
 * --resume; a complete record that fails its hash, or whose rows are not
 * exactly this sweep's (every scheme once, every column, values in range),
 * is refused with one line, and nothing is written. The same checks run
 * again on every record as the outputs are written.
 *
 * The directory. While a sweep_out_t exists it holds an advisory lock
 * (flock) on DIR/lock, which records its pid: a second sweep on the same
 * directory is refused instead of interleaving journal records. With the
 * lock taken, temporary files of mobsim's own naming left by a kill
 * (sweep.csv.tmp.XXXXXX, restored.svg.tmp, ...) are removed; nothing else
 * in the directory is touched.
 *
 * Outputs are written only from the journal, in point order, by the same
 * code whether the points were computed now or before an interruption: a
 * resumed sweep's CSV is byte for byte the uninterrupted one, but for its
 * provenance (the "# " comment lines and sweep.json's "provenance" line:
 * the command and the date differ).
 */
#include "analysis/sweep_int.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "scenarios/scn.h"

#define JOURNAL_MAGIC  "mobsim-sweep-journal 2" /* 2: hashes bound to the fingerprint */
#define JOURNAL_FAMILY "mobsim-sweep-journal "
#define PLOT_ROWS_MAX  200000 /* rows kept in memory for the plots */

typedef struct pending {
    size_t point;
    size_t blocks;      /* received */
    stats_acc_t *part;  /* [task of the point][scheme][RM_N] */
    stats_acc_t *dpart; /* [task of the point][scheme][n_diff] */
    double *pvals;      /* [scheme][n_pct][rep]: the percentile metrics' values */
    double *runs;       /* --runs only: [scheme][rep][RM_N] */
    double *rnd;        /* --runs only: [rep][n_random] */
} pending_t;

struct sweep_out {
    const sweep_t *s;
    sweep_out_options_t opt;
    char dir[4096];
    char journal[4200];
    char lock[4200]; /* DIR/lock, held (lock_fd) until sweep_out_destroy() */
    int lock_fd;
    int fd;
    off_t size;     /* journal bytes so far */
    off_t *rec_off; /* per point: payload offset, -1 not done */
    size_t *rec_len;
    uint64_t *rec_hash; /* the checksum its header gave */
    size_t n_done;
    pending_t *pend;
    size_t n_pend, cap_pend;
    double *scratch;         /* reps */
    stats_acc_t *acc, *dacc; /* merged: [scheme][RM_N], [scheme][n_diff] */
    double *rows;            /* n_schemes * n_cols */
    time_t last_sync;
    const prov_t *prov; /* borrowed, NULL: no provenance lines */
    const char *db;     /* --db path (borrowed), NULL none */
};

/* ------------------------------------------------------------ helpers */

#define FNV64_INIT 0xcbf29ce484222325ull

static uint64_t fnv64(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
    return h;
}

/* The hash of point's record text: over "FINGERPRINT POINT\n", then the
 * text. Binding both means a record checks only in its own sweep's journal
 * and at its own point. */
static uint64_t record_hash(const sweep_t *s, size_t point, const char *text, size_t len)
{
    char bind[64];
    int n = snprintf(bind, sizeof(bind), "%016" PRIx64 " %zu\n", s->fingerprint, point);
    return fnv64(fnv64(FNV64_INIT, bind, (size_t)n), text, len);
}

void sweep_put_num(FILE *f, double v, bool json)
{
    if (!isfinite(v)) {
        if (json)
            fputs("null", f);
        return;
    }
    if (v == 0) /* no "-0" */
        v = 0;
    fprintf(f, "%.10g", v);
}

static void put_csv_text(FILE *f, const char *t)
{
    if (!strpbrk(t, ",\"\n\r")) {
        fputs(t, f);
        return;
    }
    fputc('"', f);
    for (; *t; t++) {
        if (*t == '"')
            fputc('"', f);
        fputc(*t, f);
    }
    fputc('"', f);
}

void sweep_put_key_csv(FILE *f, const vary_key_t *k, size_t value)
{
    if (isfinite(k->num[value]))
        fprintf(f, "%.12g", k->shown[value]);
    else
        put_csv_text(f, k->text[value]);
}

static void put_json_string(FILE *f, const char *t)
{
    cJSON *s = cJSON_CreateString(t);
    char *p = s ? cJSON_PrintUnformatted(s) : NULL;
    fputs(p ? p : "null", f);
    free(p);
    cJSON_Delete(s);
}

static int mkdirs(const char *dir, sim_err_t *err)
{
    char buf[4096];
    snprintf(buf, sizeof(buf), "%s", dir);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == 0) {
            char c = *p;
            *p = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return sim_err_set(err, SIM_EIO, "cannot create %s: %s", buf, strerror(errno));
            *p = c;
            if (!c)
                break;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return sim_err_set(err, SIM_EIO, "cannot write into %s: not a directory", dir);
    return 0;
}

/* write() until all of buf is out; 0, or -1 with errno (EIO for a write
 * that makes no progress). */
static int write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) { /* one write in practice; a short one continues */
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

static int header_line(const sweep_out_t *o, char *buf, size_t cap)
{
    const sweep_t *s = o->s;
    return snprintf(
        buf, cap, "%s fingerprint=%016" PRIx64 " points=%zu schemes=%zu cols=%zu runs=%d\n",
        JOURNAL_MAGIC, s->fingerprint, s->n_points, s->n_schemes, s->n_cols, o->opt.runs ? 1 : 0);
}

/* ------------------------------------------------------------ journal checks */

/* Metrics a run may lack (NaN): a restore time of a run that never
 * restored, delays of a run that delivered nothing. */
static bool metric_may_be_absent(int m)
{
    return m == RM_RESTORE_TIME || m == RM_SIG_LATENCY || m == RM_DATA_DELAY_MEAN ||
           m == RM_DATA_DELAY_P95 || m == RM_EPISODE_FRAC || m == RM_BROKEN_RO_FRAC ||
           m == RM_NO_DELIVERY_FRAC; /* the last three: population runs only */
}

static bool is_01_metric(int m)
{
    return m == RM_RESTORED || m == RM_CONSECUTIVE || m == RM_VULNERABLE;
}

/* NULL when v may stand in column c of a row, else what was expected. */
static const char *col_expect(const sweep_t *s, const sweep_col_t *c, double v)
{
    bool absent_ok = metric_may_be_absent(c->metric);
    if (isinf(v))
        return "a finite number";
    switch (c->kind) {
    case C_RUNS:
        return v == (double)s->reps ? NULL : "the number of replications";
    case C_FRAC:
    case C_LO:
    case C_HI:
        return v >= 0 && v <= 1 ? NULL : "a fraction in [0, 1]";
    case C_THEORY:
    case C_EP_THEORY:
        return isnan(v) || (v >= 0 && v <= 1) ? NULL : "a probability in [0, 1] or nan";
    case C_N:
        return v >= 0 && v <= (double)s->reps && v == floor(v)
                   ? NULL
                   : "a whole number of runs from 0 to the replications";
    case C_DMEAN:
        return NULL;
    case C_DCI:
        return isnan(v) || v >= 0 ? NULL : "a number >= 0 or nan";
    case C_SD:
    case C_CI:
        if (isnan(v))
            return absent_ok || s->reps < 2 ? NULL : "a number >= 0 (two or more replications)";
        return v >= 0 ? NULL : "a number >= 0";
    case C_MEAN:
    case C_P50:
    case C_P95:
        if (isnan(v))
            return absent_ok ? NULL : "a number >= 0 (the metric exists in every run)";
        return v >= 0 ? NULL : "a number >= 0";
    }
    return "a known column";
}

/* NULL when v may be metric m of one run. */
static const char *metric_expect(int m, double v)
{
    if (isnan(v))
        return metric_may_be_absent(m) ? NULL : "a number >= 0 (the metric exists in every run)";
    if (isinf(v))
        return "a finite number";
    if (is_01_metric(m))
        return v == 0 || v == 1 ? NULL : "0 or 1";
    return v >= 0 ? NULL : "a number >= 0";
}

/* The next space-separated token of [*p, eol) into tok (NUL-terminated).
 * 1: a token, 0: end of line, -1: a token too long to be a number. */
static int next_token(const char **p, const char *eol, char *tok, size_t cap)
{
    const char *q = *p;
    while (q < eol && *q == ' ')
        q++;
    const char *t = q;
    while (q < eol && *q != ' ')
        q++;
    *p = q;
    if (q == t)
        return 0;
    if ((size_t)(q - t) >= cap)
        return -1;
    memcpy(tok, t, (size_t)(q - t));
    tok[q - t] = 0;
    return 1;
}

static bool token_whole(const char *tok, uint64_t *out)
{
    if (tok[0] < '0' || tok[0] > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(tok, &end, 10);
    *out = v;
    return !*end && errno == 0;
}

static bool token_number(const char *tok, double *out)
{
    char *end;
    *out = strtod(tok, &end);
    return end != tok && !*end;
}

/* Reads the values of one line after its prefix into v (n of them
 * expected); returns how many were there, or (size_t)-1 when one is not a
 * number (its text left in tok). */
static size_t line_values(const char *p, const char *eol, double *v, size_t n, char *tok,
                          size_t cap)
{
    size_t got = 0;
    int t;
    while ((t = next_token(&p, eol, tok, cap)) != 0) {
        double x;
        if (t < 0 || !token_number(tok, &x))
            return (size_t)-1;
        if (got < n)
            v[got] = x;
        got++;
    }
    return got;
}

/* -SIM_EINVAL with "JOURNAL: point P: WHAT; delete the journal to start
 * afresh", WHAT formatted from fmt. */
#define BAD_CHECKSUM "the checksum does not match this sweep (a record of another sweep, or edited)"

__attribute__((format(printf, 4, 5))) static int refuse_point(const sweep_out_t *o, size_t point,
                                                              sim_err_t *err, const char *fmt, ...)
{
    char what[SIM_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    /* clang-format off */
    return sim_err_set(err, SIM_EINVAL, "%s: point %zu: %s; delete the journal to start afresh", o->journal, point, what);
    /* clang-format on */
}

/* Checks that the text of point's record is exactly this sweep's: one row
 * per scheme in scheme order, each with every column and every value in
 * its range, and with --runs one run row per scheme and replication in
 * order. vals holds n_cols + RM_N + n_random doubles. 0, or -SIM_EINVAL
 * with the line naming the journal and the point. */
static int record_check(const sweep_out_t *o, size_t point, const char *text, size_t len,
                        double *vals, sim_err_t *err)
{
    const sweep_t *s = o->s;
    const char *end = text + len;
    size_t n_rows = 0, n_other = 0, other_line = 0, line_no = 0;
    uint64_t n_runs = 0;
    if (len == 0 || text[len - 1] != '\n' || memchr(text, 0, len))
        return refuse_point(o, point, err, "the record is not lines of text");
    for (const char *p = text; p < end; p = (const char *)memchr(p, '\n', (size_t)(end - p)) + 1) {
        line_no++;
        if (strncmp(p, "row ", 4) == 0)
            n_rows++;
        else if (strncmp(p, "run ", 4) == 0)
            n_runs++;
        else if (!n_other++)
            other_line = line_no;
    }
    if (n_other)
        return refuse_point(o, point, err, "line %zu is neither a \"row\" nor a \"run\" line",
                            other_line);
    if (n_rows != s->n_schemes)
        return refuse_point(o, point, err, "expected %zu scheme rows, found %zu", s->n_schemes,
                            n_rows);
    uint64_t want_runs = o->opt.runs ? s->n_schemes * s->reps : 0;
    if (n_runs != want_runs)
        return refuse_point(o, point, err, "expected %" PRIu64 " run rows, found %" PRIu64,
                            want_runs, n_runs);
    char tok[64];
    uint64_t a, b;
    size_t i = 0;
    for (const char *p = text; p < end; i++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        bool is_row = i < s->n_schemes;
        size_t sc = is_row ? i : (size_t)((i - s->n_schemes) / s->reps);
        uint64_t rep = is_row ? 0 : (i - s->n_schemes) % s->reps;
        const char *name = mob_scheme_name((mob_scheme_t)s->schemes[sc]);
        size_t want = is_row ? s->n_cols : RM_N + s->n_random;
        const char *q = p + 4;
        if (strncmp(p, is_row ? "row " : "run ", 4) != 0 ||
            next_token(&q, eol, tok, sizeof(tok)) != 1 || !token_whole(tok, &a) || a != sc ||
            (!is_row &&
             (next_token(&q, eol, tok, sizeof(tok)) != 1 || !token_whole(tok, &b) || b != rep))) {
            if (is_row)
                return refuse_point(o, point, err, "line %zu: expected the row of scheme %zu (%s)",
                                    i + 1, sc, name);
            return refuse_point(o, point, err,
                                "line %zu: expected run %" PRIu64 " of scheme %zu (%s)", i + 1, rep,
                                sc, name);
        }
        size_t got = line_values(q, eol, vals, want, tok, sizeof(tok));
        if (got == (size_t)-1)
            return refuse_point(o, point, err, "line %zu: expected numbers, got \"%s\"", i + 1,
                                tok);
        if (got != want)
            return refuse_point(o, point, err, "line %zu (%s): expected %zu values, found %zu",
                                i + 1, name, want, got);
        for (size_t c = 0; c < want; c++) {
            const char *why, *what;
            if (is_row) {
                why = col_expect(s, &s->cols[c], vals[c]);
                what = s->cols[c].name;
            } else if (c < RM_N) {
                why = metric_expect((int)c, vals[c]);
                what = sweep_metric_names[c];
            } else {
                why = isfinite(vals[c]) ? NULL : "a finite number";
                what = s->rnd[c - RM_N].path;
            }
            if (why)
                return refuse_point(o, point, err, "line %zu (%s): %s = %.17g, expected %s", i + 1,
                                    name, what, vals[c], why);
        }
        p = eol + 1;
    }
    return 0;
}

/* ------------------------------------------------------------ journal read */

/* Reads the records of an existing journal: keeps every intact one, cuts
 * the file after the last. 1 when there is no journal (start afresh). */
static int journal_load(sweep_out_t *o, sim_err_t *err)
{
    FILE *f = fopen(o->journal, "r");
    if (!f)
        return errno == ENOENT
                   ? 1
                   : sim_err_set(err, SIM_EIO, "cannot read %s: %s", o->journal, strerror(errno));
    char want[256], line[256];
    header_line(o, want, sizeof(want));
    if (!fgets(line, sizeof(line), f) ||
        strncmp(line, JOURNAL_FAMILY, strlen(JOURNAL_FAMILY)) != 0) {
        fclose(f);
        return 1; /* not a journal (or an empty one): start afresh */
    }
    if (strncmp(line, JOURNAL_MAGIC " ", strlen(JOURNAL_MAGIC) + 1) != 0) {
        fclose(f);
        /* clang-format off */
        return sim_err_set(err, SIM_EINVAL, "%s: a journal of another mobsim version; run without --resume to start afresh", o->journal);
        /* clang-format on */
    }
    if (strcmp(line, want) != 0) {
        fclose(f);
        /* clang-format off */
        return sim_err_set(err, SIM_EINVAL, "%s: written by another sweep or other options (file, base, replications, seed, --set or --runs differ); run without --resume to start afresh", o->journal);
        /* clang-format on */
    }
    off_t good = (off_t)strlen(line);
    char *buf = NULL;
    size_t cap = 0;
    double *vals = malloc((o->s->n_cols + RM_N + o->s->n_random + 1) * sizeof(*vals));
    int rc = vals ? 0 : sim_err_set(err, SIM_ENOMEM, "out of memory");
    while (!rc) {
        size_t point, len;
        uint64_t hash;
        int tail = 0;
        if (!fgets(line, sizeof(line), f))
            break; /* the end */
        size_t ll = strlen(line);
        if (ll == 0 || line[ll - 1] != '\n') /* cut short by a kill, unless it goes on */
            tail = feof(f) ? 1 : -1;
        if (tail > 0)
            break;
        if (tail < 0 || sscanf(line, "@ %zu %zu %" SCNx64 "%n", &point, &len, &hash, &tail) != 3 ||
            line[tail] != '\n') {
            /* clang-format off */
            rc = sim_err_set(err, SIM_EINVAL, "%s: byte %lld: expected a record \"@ POINT LENGTH CHECKSUM\"; delete the journal to start afresh", o->journal, (long long)good);
            /* clang-format on */
            break;
        }
        if (point >= o->s->n_points) {
            /* clang-format off */
            rc = sim_err_set(err, SIM_EINVAL, "%s: byte %lld: a record of point %zu, but the sweep has %zu points; delete the journal to start afresh", o->journal, (long long)good, point, o->s->n_points);
            /* clang-format on */
            break;
        }
        if (len + 1 > cap) {
            char *nb = realloc(buf, len + 1);
            if (!nb) {
                rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
                break;
            }
            buf = nb;
            cap = len + 1;
        }
        if (fread(buf, 1, len, f) != len)
            break; /* the last record, cut short */
        if (record_hash(o->s, point, buf, len) != hash) {
            rc = refuse_point(o, point, err, BAD_CHECKSUM);
            break;
        }
        if ((rc = record_check(o, point, buf, len, vals, err)))
            break;
        off_t payload = good + (off_t)strlen(line);
        if (o->rec_off[point] < 0)
            o->n_done++;
        o->rec_off[point] = payload;
        o->rec_len[point] = len;
        o->rec_hash[point] = hash;
        good = payload + (off_t)len;
    }
    free(vals);
    free(buf);
    fclose(f);
    if (rc)
        return rc;
    if (truncate(o->journal, good) != 0)
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->journal, strerror(errno));
    o->size = good;
    return 0;
}

/* ------------------------------------------------------------ the directory */

static bool is_mkstemp_suffix(const char *p)
{
    size_t n = 0;
    for (; p[n]; n++)
        if (!((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
              (p[n] >= '0' && p[n] <= '9')))
            return false;
    return n == 6;
}

/* Whether name is a temporary file that sweep_out_finish() or the plots
 * write before renaming: "sweep.csv.tmp.XXXXXX", "restored.svg.tmp", ... */
static bool is_own_temp(const char *name)
{
    static const char *const outs[] = {"sweep.csv", "sweep.json", "runs.csv"};
    static const char *const exts[] = {".gp.tmp", ".svg.tmp", ".png.tmp"};
    for (size_t i = 0; i < sizeof(outs) / sizeof(outs[0]); i++) {
        size_t n = strlen(outs[i]);
        if (strncmp(name, outs[i], n) == 0 && strncmp(name + n, ".tmp.", 5) == 0 &&
            is_mkstemp_suffix(name + n + 5))
            return true;
    }
    for (size_t i = 0; i < SWEEP_N_PLOTS; i++) {
        size_t n = strlen(sweep_plot_names[i]);
        if (strncmp(name, sweep_plot_names[i], n) != 0)
            continue;
        for (size_t e = 0; e < sizeof(exts) / sizeof(exts[0]); e++)
            if (strcmp(name + n, exts[e]) == 0)
                return true;
    }
    return false;
}

/* Removes the regular files of is_own_temp()'s names from dir: what a
 * kill during the output phase left. Call with the lock held. */
static int remove_stale_temps(const sweep_out_t *o, sim_err_t *err)
{
    DIR *d = opendir(o->dir);
    if (!d)
        return sim_err_set(err, SIM_EIO, "cannot read %s: %s", o->dir, strerror(errno));
    int rc = 0;
    for (struct dirent *e; !rc && (e = readdir(d));) {
        struct stat st;
        if (!is_own_temp(e->d_name) || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
            !S_ISREG(st.st_mode))
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) != 0 && errno != ENOENT)
            rc = sim_err_set(err, SIM_EIO, "cannot remove %s/%s: %s", o->dir, e->d_name,
                             strerror(errno));
    }
    closedir(d);
    return rc;
}

/* The pid written in a lock file another process holds; 0 unknown. */
static long lock_holder(int fd)
{
    for (int tries = 0; tries < 20; tries++) { /* it writes its pid just after locking */
        char buf[32];
        ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
        if (n > 0) {
            buf[n] = 0;
            long pid = strtol(buf, NULL, 10);
            if (pid > 0)
                return pid;
        }
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

/* Takes the advisory lock of o->dir: DIR/lock, created if missing, locked
 * with flock(LOCK_EX | LOCK_NB) and holding our pid. A lock file the
 * holder removed while we opened it is retried, so two sweeps never both
 * hold one. */
static int dir_lock(sweep_out_t *o, sim_err_t *err)
{
    snprintf(o->lock, sizeof(o->lock), "%s/lock", o->dir);
    for (int tries = 0; tries < 100; tries++) {
        int fd = open(o->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0)
            return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->lock, strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            if (e == EWOULDBLOCK) {
                long pid = lock_holder(fd);
                close(fd);
                char who[32] = "unknown";
                if (pid > 0)
                    snprintf(who, sizeof(who), "%ld", pid);
                /* clang-format off */
                return sim_err_set(err, SIM_EINVAL, "%s: in use by another mobsim sweep (pid %s); wait for it or use another -o directory", o->dir, who);
                /* clang-format on */
            }
            close(fd);
            return sim_err_set(err, SIM_EIO, "cannot lock %s: %s", o->lock, strerror(e));
        }
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(o->lock, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            char pid[32];
            int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
            if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
                int e = errno ? errno : EIO;
                close(fd);
                return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->lock, strerror(e));
            }
            o->lock_fd = fd;
            return 0;
        }
        close(fd); /* removed by its last holder as we opened it: take the new one */
    }
    return sim_err_set(err, SIM_EIO, "cannot lock %s: it keeps being replaced", o->lock);
}

/* ------------------------------------------------------------ open */

int sweep_out_open(const sweep_t *s, const sweep_out_options_t *opt, sweep_out_t **out,
                   sim_err_t *err)
{
    sweep_out_t *o = calloc(1, sizeof(*o));
    if (!o)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    o->s = s;
    o->opt = *opt;
    o->fd = -1;
    o->lock_fd = -1;
    snprintf(o->dir, sizeof(o->dir), "%s", opt->dir);
    snprintf(o->journal, sizeof(o->journal), "%s/journal", o->dir);
    o->rec_off = malloc(s->n_points * sizeof(*o->rec_off));
    o->rec_len = calloc(s->n_points, sizeof(*o->rec_len));
    o->rec_hash = calloc(s->n_points, sizeof(*o->rec_hash));
    o->scratch = malloc((size_t)s->reps * sizeof(*o->scratch));
    o->rows = malloc(s->n_schemes * s->n_cols * sizeof(*o->rows));
    o->acc = malloc(s->n_schemes * RM_N * sizeof(*o->acc));
    o->dacc = malloc((s->n_schemes * s->n_diff + 1) * sizeof(*o->dacc));
    int rc = 0;
    if (!o->rec_off || !o->rec_len || !o->rec_hash || !o->scratch || !o->rows || !o->acc ||
        !o->dacc)
        rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
    for (size_t p = 0; !rc && p < s->n_points; p++)
        o->rec_off[p] = -1;
    if (!rc)
        rc = mkdirs(o->dir, err);
    if (!rc)
        rc = dir_lock(o, err);
    if (!rc)
        rc = remove_stale_temps(o, err);
    int loaded = 1;
    if (!rc && opt->resume)
        rc = loaded = journal_load(o, err);
    if (rc < 0) {
        sweep_out_destroy(o);
        return rc;
    }
    if (loaded == 1) { /* a fresh journal */
        char head[256];
        int n = header_line(o, head, sizeof(head));
        o->fd = open(o->journal, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0666);
        if (o->fd < 0 || write_all(o->fd, head, (size_t)n) != 0) {
            rc = sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->journal, strerror(errno));
            sweep_out_destroy(o);
            return rc;
        }
        o->size = n;
    } else {
        o->fd = open(o->journal, O_WRONLY | O_APPEND | O_CLOEXEC);
        if (o->fd < 0) {
            rc = sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->journal, strerror(errno));
            sweep_out_destroy(o);
            return rc;
        }
    }
    o->last_sync = time(NULL);
    *out = o;
    return 0;
}

static void pending_free(pending_t *p)
{
    free(p->part);
    free(p->dpart);
    free(p->pvals);
    free(p->runs);
    free(p->rnd);
    p->part = p->dpart = NULL;
    p->pvals = p->runs = p->rnd = NULL;
}

void sweep_out_destroy(sweep_out_t *o)
{
    if (!o)
        return;
    if (o->fd >= 0)
        close(o->fd);
    if (o->lock_fd >= 0) { /* removed while held: the next sweep makes a new one */
        unlink(o->lock);
        close(o->lock_fd);
    }
    for (size_t i = 0; i < o->n_pend; i++)
        pending_free(&o->pend[i]);
    free(o->pend);
    free(o->rec_off);
    free(o->rec_len);
    free(o->rec_hash);
    free(o->scratch);
    free(o->rows);
    free(o->acc);
    free(o->dacc);
    free(o);
}

bool sweep_out_point_done(const sweep_out_t *o, size_t point)
{
    return point < o->s->n_points && o->rec_off[point] >= 0;
}

size_t sweep_out_points_done(const sweep_out_t *o)
{
    return o->n_done;
}

uint64_t sweep_out_runs_done(const sweep_out_t *o)
{
    const sweep_t *s = o->s;
    uint64_t runs = (uint64_t)o->n_done * s->n_schemes * s->reps;
    for (size_t i = 0; i < o->n_pend; i++)
        runs += (uint64_t)o->pend[i].blocks * s->reps_per_task * s->n_schemes;
    return runs;
}

/* ------------------------------------------------------------ adding */

static pending_t *pending_for(sweep_out_t *o, size_t point)
{
    const sweep_t *s = o->s;
    for (size_t i = 0; i < o->n_pend; i++)
        if (o->pend[i].point == point)
            return &o->pend[i];
    if (o->n_pend == o->cap_pend) {
        size_t nc = o->cap_pend ? 2 * o->cap_pend : 8;
        pending_t *np = realloc(o->pend, nc * sizeof(*np));
        if (!np)
            return NULL;
        o->pend = np;
        o->cap_pend = nc;
    }
    pending_t *p = &o->pend[o->n_pend];
    memset(p, 0, sizeof(*p));
    p->point = point;
    size_t tasks = s->tasks_per_point;
    p->part = calloc(tasks * s->n_schemes * RM_N, sizeof(*p->part));
    p->dpart = calloc(tasks * s->n_schemes * s->n_diff + 1, sizeof(*p->dpart));
    p->pvals = malloc(((size_t)s->reps * s->n_schemes * s->n_pct + 1) * sizeof(double));
    bool ok = p->part && p->dpart && p->pvals;
    if (ok && o->opt.runs) {
        p->runs = malloc((size_t)(s->n_schemes * s->reps * RM_N) * sizeof(double));
        p->rnd = malloc((size_t)(s->reps * (s->n_random ? s->n_random : 1)) * sizeof(double));
        ok = p->runs && p->rnd;
    }
    if (!ok) {
        pending_free(p);
        return NULL;
    }
    o->n_pend++;
    return p;
}

static void put_d(FILE *f, double v)
{
    if (isnan(v))
        fputs(" nan", f);
    else
        fprintf(f, " %.17g", v);
}

/* The journal record of a finished point, as text. */
static int point_record(sweep_out_t *o, const pending_t *p, char **text, size_t *len)
{
    const sweep_t *s = o->s;
    FILE *f = open_memstream(text, len);
    if (!f)
        return -SIM_ENOMEM;
    /* merge the tasks' accumulators in task order */
    memset(o->acc, 0, s->n_schemes * RM_N * sizeof(*o->acc));
    memset(o->dacc, 0, (s->n_schemes * s->n_diff + 1) * sizeof(*o->dacc));
    for (size_t t = 0; t < s->tasks_per_point; t++) {
        for (size_t i = 0; i < s->n_schemes * RM_N; i++)
            stats_acc_merge(&o->acc[i], &p->part[t * s->n_schemes * RM_N + i]);
        for (size_t i = 0; i < s->n_schemes * s->n_diff; i++)
            stats_acc_merge(&o->dacc[i], &p->dpart[t * s->n_schemes * s->n_diff + i]);
    }
    sweep_point_stats_t ps = {o->acc, o->dacc, p->pvals};
    sweep_point_rows(s, p->point, &ps, o->scratch, o->rows);
    for (size_t sc = 0; sc < s->n_schemes; sc++) {
        fprintf(f, "row %zu", sc);
        for (size_t c = 0; c < s->n_cols; c++)
            put_d(f, o->rows[sc * s->n_cols + c]);
        fputc('\n', f);
    }
    for (size_t sc = 0; o->opt.runs && sc < s->n_schemes; sc++)
        for (uint64_t r = 0; r < s->reps; r++) {
            fprintf(f, "run %zu %" PRIu64, sc, r);
            for (int m = 0; m < RM_N; m++)
                put_d(f, p->runs[(sc * s->reps + r) * RM_N + (size_t)m]);
            for (size_t k = 0; k < s->n_random; k++)
                put_d(f, p->rnd[r * s->n_random + k]);
            fputc('\n', f);
        }
    return fclose(f) == 0 ? 0 : -SIM_ENOMEM;
}

static int journal_append(sweep_out_t *o, size_t point, const char *payload, size_t len,
                          sim_err_t *err)
{
    char head[96];
    int hn = snprintf(head, sizeof(head), "@ %zu %zu %016" PRIx64 "\n", point, len,
                      record_hash(o->s, point, payload, len));
    char *rec = malloc((size_t)hn + len);
    if (!rec)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    memcpy(rec, head, (size_t)hn);
    memcpy(rec + hn, payload, len);
    size_t total = (size_t)hn + len;
    if (write_all(o->fd, rec, total) != 0) {
        free(rec);
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->journal, strerror(errno));
    }
    free(rec);
    o->rec_off[point] = o->size + hn;
    o->rec_len[point] = len;
    o->rec_hash[point] = record_hash(o->s, point, payload, len);
    o->size += (off_t)total;
    o->n_done++;
    time_t now = time(NULL);
    if (now != o->last_sync) { /* power loss costs at most a second of work */
        if (fdatasync(o->fd) != 0 && errno != EINVAL)
            return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->journal, strerror(errno));
        o->last_sync = now;
    }
    return 0;
}

int sweep_out_add(sweep_out_t *o, sweep_block_t *b, sim_err_t *err)
{
    const sweep_t *s = o->s;
    if (sweep_out_point_done(o, b->point)) { /* finished before a resume */
        sweep_block_destroy(b);
        return 0;
    }
    pending_t *p = pending_for(o, b->point);
    if (!p) {
        sweep_block_destroy(b);
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    size_t chunk = b->task % s->tasks_per_point;
    sweep_block_fold(s, b, p->part + chunk * s->n_schemes * RM_N,
                     p->dpart + chunk * s->n_schemes * s->n_diff, p->pvals);
    for (size_t sc = 0; p->runs && sc < s->n_schemes; sc++)
        for (uint64_t r = b->rep_lo; r < b->rep_hi; r++)
            memcpy(p->runs + (sc * s->reps + r) * RM_N, sweep_block_run_vec(b, sc, r),
                   RM_N * sizeof(double));
    for (uint64_t r = b->rep_lo; p->rnd && r < b->rep_hi && s->n_random; r++)
        memcpy(p->rnd + r * s->n_random, sweep_block_rnd_vec(b, r), s->n_random * sizeof(double));
    p->blocks++;
    sweep_block_destroy(b);
    if (p->blocks < s->tasks_per_point)
        return 0;
    char *text = NULL;
    size_t len = 0;
    int rc = point_record(o, p, &text, &len);
    if (rc)
        rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
    else
        rc = journal_append(o, p->point, text, len, err);
    free(text);
    pending_free(p);
    *p = o->pend[--o->n_pend];
    return rc;
}

void sweep_out_set_provenance(sweep_out_t *o, const prov_t *prov)
{
    o->prov = prov;
}

int sweep_out_set_db(sweep_out_t *o, const char *path, sim_err_t *err)
{
    if (!o->opt.runs)
        return sim_err_set(err, SIM_EINVAL, "--db %s: expected the output opened with runs", path);
    o->db = path;
    return 0;
}

/* ------------------------------------------------------------ finishing */

/* One output written under a temporary name. stdio reports a failed write
 * only as a flag on the stream; errno is caught as soon as the flag is
 * seen (out_check after every point), before other calls change it. */
typedef struct outfile {
    char path[4200], tmp[4300];
    FILE *f;
    int err; /* errno of the first failed write, 0 none */
} outfile_t;

static int out_begin(outfile_t *of, const char *dir, const char *name, sim_err_t *err)
{
    snprintf(of->path, sizeof(of->path), "%s/%s", dir, name);
    snprintf(of->tmp, sizeof(of->tmp), "%s.tmp.XXXXXX", of->path);
    int fd = mkstemp(of->tmp);
    if (fd < 0 || !(of->f = fdopen(fd, "w"))) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(of->tmp);
        }
        of->tmp[0] = 0;
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", of->path, strerror(e));
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    return 0;
}

/* -SIM_EIO naming the file and the reason once a write to it failed. */
static int out_check(outfile_t *of, sim_err_t *err)
{
    if (!of->f)
        return 0;
    if (!of->err && ferror(of->f))
        of->err = errno ? errno : EIO;
    return of->err ? sim_err_set(err, SIM_EIO, "cannot write %s: %s", of->path, strerror(of->err))
                   : 0;
}

static void out_abort(outfile_t *of)
{
    if (of->f)
        fclose(of->f);
    of->f = NULL;
    if (of->tmp[0])
        unlink(of->tmp);
    of->tmp[0] = 0;
}

/* Flushes, syncs and closes the temporary file (kept under its temporary
 * name); on error out_abort() removes it. A NULL stream is a file not
 * written (runs.csv without --runs). */
static int out_close(outfile_t *of, sim_err_t *err)
{
    if (!of->f)
        return 0;
    if (out_check(of, err))
        return -SIM_EIO;
    errno = 0;
    bool bad = fflush(of->f) != 0 || ferror(of->f) || fsync(fileno(of->f)) != 0;
    int e = errno ? errno : EIO;
    if (fclose(of->f) != 0 && !bad) {
        bad = true;
        e = errno ? errno : EIO;
    }
    of->f = NULL;
    return bad ? sim_err_set(err, SIM_EIO, "cannot write %s: %s", of->path, strerror(e)) : 0;
}

/* Renames a closed temporary file into place. */
static int out_rename(outfile_t *of, sim_err_t *err)
{
    if (!of->tmp[0])
        return 0;
    if (rename(of->tmp, of->path) != 0)
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", of->path, strerror(errno));
    of->tmp[0] = 0;
    return 0;
}

int sweep_csv_header(const sweep_t *s, char *buf, size_t cap)
{
    FILE *f = fmemopen(buf, cap, "w");
    if (!f)
        return -SIM_ENOMEM;
    for (size_t k = 0; k < s->n_keys; k++) {
        put_csv_text(f, s->keys[k].axis.name);
        fputc(',', f);
    }
    fputs("scheme", f);
    for (size_t c = 0; c < s->n_cols; c++)
        fprintf(f, ",%s", s->cols[c].name);
    bool ok = !ferror(f);
    fclose(f);
    return ok ? 0 : -SIM_ERANGE;
}

static void put_keys_csv(FILE *f, const sweep_t *s, size_t point, size_t sc)
{
    for (size_t k = 0; k < s->n_keys; k++) {
        sweep_put_key_csv(f, &s->keys[k], sweep_key_index(s, point, k));
        fputc(',', f);
    }
    fputs(mob_scheme_name((mob_scheme_t)s->schemes[sc]), f);
}

static void put_json_head(FILE *f, const sweep_t *s, const prov_t *prov)
{
    fputs("{\n", f);
    char *p = prov ? prov_json_text(prov) : NULL;
    if (p) /* one line of its own: comparisons drop it */
        fprintf(f, "  \"provenance\": %s,\n", p);
    free(p);
    fputs("  \"sweep\": ", f);
    put_json_string(f, s->name);
    fputs(",\n  \"file\": ", f);
    put_json_string(f, s->file);
    fputs(",\n  \"base\": ", f);
    put_json_string(f, s->base_file);
    fputs(",\n  \"description\": ", f);
    if (s->def->description)
        put_json_string(f, s->def->description);
    else
        fputs("null", f);
    fprintf(f, ",\n  \"seed\": %" PRIu64 ",\n  \"replications\": %" PRIu64 ",\n  \"points\": %zu",
            s->seed, s->reps, s->n_points);
    fputs(",\n  \"schemes\": [", f);
    for (size_t sc = 0; sc < s->n_schemes; sc++) {
        fputs(sc ? ", " : "", f);
        put_json_string(f, mob_scheme_name((mob_scheme_t)s->schemes[sc]));
    }
    fputs("],\n  \"reference\": ", f);
    if (s->reference >= 0)
        put_json_string(f, mob_scheme_name((mob_scheme_t)s->schemes[s->reference]));
    else
        fputs("null", f);
    fputs(",\n  \"vary\": [", f);
    for (size_t k = 0; k < s->n_keys; k++) {
        fputs(k ? ", " : "", f);
        put_json_string(f, s->keys[k].path);
    }
    fputs("],\n  \"random\": [", f);
    for (size_t k = 0; k < s->n_random; k++) {
        fputs(k ? ", " : "", f);
        put_json_string(f, s->rnd[k].path);
    }
    fputs("],\n  \"columns\": {", f);
    for (size_t k = 0; k < s->n_keys + s->n_random; k++) {
        const scn_sweep_axis_t *a = k < s->n_keys ? &s->keys[k].axis : &s->rnd[k - s->n_keys].axis;
        fputs(k ? ", " : "", f);
        put_json_string(f, a->name);
        fputs(": {\"path\": ", f);
        put_json_string(f, k < s->n_keys ? s->keys[k].path : s->rnd[k - s->n_keys].path);
        fputs(", \"label\": ", f);
        put_json_string(f, a->label);
        if (a->minus_path[0]) {
            fputs(", \"minus\": ", f);
            put_json_string(f, a->minus_path);
        }
        fputc('}', f);
    }
    fputs("},\n  \"rows\": [", f);
}

static void put_json_row(FILE *f, const sweep_t *s, size_t point, size_t sc, const double *row,
                         bool first)
{
    fputs(first ? "\n    {" : ",\n    {", f);
    for (size_t k = 0; k < s->n_keys; k++) {
        const vary_key_t *key = &s->keys[k];
        size_t v = sweep_key_index(s, point, k);
        put_json_string(f, key->axis.name);
        fputs(": ", f);
        if (isfinite(key->num[v]))
            fprintf(f, "%.12g", key->shown[v]);
        else if (cJSON_IsString(key->values[v]))
            put_json_string(f, key->text[v]);
        else
            fputs(key->text[v], f); /* JSON text already */
        fputs(", ", f);
    }
    fputs("\"scheme\": ", f);
    put_json_string(f, mob_scheme_name((mob_scheme_t)s->schemes[sc]));
    for (size_t c = 0; c < s->n_cols; c++) {
        fprintf(f, ", \"%s\": ", s->cols[c].name);
        sweep_put_num(f, row[c], true);
    }
    fputc('}', f);
}

static void put_runs_head(FILE *f, const sweep_t *s)
{
    for (size_t k = 0; k < s->n_keys; k++) {
        put_csv_text(f, s->keys[k].axis.name);
        fputc(',', f);
    }
    fputs("scheme,replication", f);
    for (size_t k = 0; k < s->n_random; k++) {
        fputc(',', f);
        put_csv_text(f, s->rnd[k].axis.name);
    }
    for (int m = 0; m < RM_N; m++)
        fprintf(f, ",%s", sweep_metric_columns[m]);
    fputc('\n', f);
}

/* Parses the numbers after a record line's prefix. */
static int parse_nums(const char *p, double *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *end;
        out[i] = strtod(p, &end);
        if (end == p)
            return -1;
        p = end;
    }
    return 0;
}

typedef struct finish {
    outfile_t csv, json, runs;
    sweep_db_t *db;    /* --db, NULL none */
    sim_err_t *err;    /* for the db's errors */
    double *check;     /* record_check()'s values */
    double *plot_rows; /* NULL when too many */
    double *vals;
    bool first_json;
} finish_t;

static int finish_line(sweep_out_t *o, finish_t *F, size_t point, char *line)
{
    const sweep_t *s = o->s;
    size_t sc;
    int off = 0;
    if (sscanf(line, "row %zu%n", &sc, &off) == 1 && sc < s->n_schemes) {
        double *row = F->vals;
        if (parse_nums(line + off, row, s->n_cols))
            return -1;
        put_keys_csv(F->csv.f, s, point, sc);
        for (size_t c = 0; c < s->n_cols; c++) {
            fputc(',', F->csv.f);
            sweep_put_num(F->csv.f, row[c], false);
        }
        fputc('\n', F->csv.f);
        put_json_row(F->json.f, s, point, sc, row, F->first_json);
        F->first_json = false;
        if (F->db && sweep_db_point_row(F->db, point, sc, row, F->err))
            return -2;
        if (F->plot_rows)
            memcpy(F->plot_rows + (point * s->n_schemes + sc) * s->n_cols, row,
                   s->n_cols * sizeof(*row));
        return 0;
    }
    uint64_t rep;
    if (sscanf(line, "run %zu %" SCNu64 "%n", &sc, &rep, &off) == 2 && sc < s->n_schemes) {
        if (!F->runs.f && !F->db)
            return 0;
        double *v = F->vals;
        if (parse_nums(line + off, v, RM_N + s->n_random))
            return -1;
        if (F->db && sweep_db_run_row(F->db, point, sc, rep, v, F->err))
            return -2;
        if (!F->runs.f)
            return 0;
        put_keys_csv(F->runs.f, s, point, sc);
        fprintf(F->runs.f, ",%" PRIu64, rep);
        for (size_t k = 0; k < s->n_random; k++) {
            fputc(',', F->runs.f);
            sweep_put_num(F->runs.f, v[RM_N + k] - s->rnd[k].axis.minus, false);
        }
        for (int m = 0; m < RM_N; m++) {
            fputc(',', F->runs.f);
            sweep_put_num(F->runs.f, v[m], false);
        }
        fputc('\n', F->runs.f);
        return 0;
    }
    return -1;
}

/* Every point's record, in point order, into the open outputs. */
static int finish_points(sweep_out_t *o, finish_t *F, sim_err_t *err)
{
    const sweep_t *s = o->s;
    FILE *j = fopen(o->journal, "r");
    if (!j)
        return sim_err_set(err, SIM_EIO, "cannot read %s: %s", o->journal, strerror(errno));
    char *buf = NULL;
    size_t cap = 0;
    int rc = 0;
    for (size_t p = 0; p < s->n_points && !rc; p++) {
        size_t len = o->rec_len[p];
        if (len + 1 > cap) {
            char *nb = realloc(buf, len + 1);
            if (!nb) {
                rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
                break;
            }
            buf = nb;
            cap = len + 1;
        }
        if (fseeko(j, o->rec_off[p], SEEK_SET) != 0 || fread(buf, 1, len, j) != len) {
            rc = sim_err_set(err, SIM_EIO, "cannot read %s: %s", o->journal, strerror(errno));
            break;
        }
        buf[len] = 0;
        if (record_hash(s, p, buf, len) != o->rec_hash[p]) {
            rc = refuse_point(o, p, err, BAD_CHECKSUM);
            break;
        }
        if ((rc = record_check(o, p, buf, len, F->check, err)))
            break;
        for (char *line = buf, *nl; *line && !rc; line = nl + 1) {
            nl = strchr(line, '\n');
            if (!nl)
                break;
            *nl = 0;
            int bad = finish_line(o, F, p, line);
            if (bad == -2)
                rc = -SIM_EIO; /* the database said why, in err */
            else if (bad)
                rc = sim_err_set(err, SIM_EIO, "%s: record of point %zu does not parse", o->journal,
                                 p);
        }
        if (!rc && !(rc = out_check(&F->csv, err)) && !(rc = out_check(&F->json, err)))
            rc = out_check(&F->runs, err);
    }
    free(buf);
    fclose(j);
    return rc;
}

int sweep_out_finish(sweep_out_t *o, sim_err_t *err)
{
    const sweep_t *s = o->s;
    if (o->n_done < s->n_points)
        return sim_err_set(err, SIM_ESTATE, "%zu of %zu grid points are not done",
                           s->n_points - o->n_done, s->n_points);
    if (o->fd >= 0 && fdatasync(o->fd) != 0 && errno != EINVAL)
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->journal, strerror(errno));
    finish_t F;
    memset(&F, 0, sizeof(F));
    F.first_json = true;
    F.vals = malloc((s->n_cols + RM_N + s->n_random + 1) * sizeof(double));
    F.check = malloc((s->n_cols + RM_N + s->n_random + 1) * sizeof(double));
    size_t n_rows = s->n_points * s->n_schemes;
    if (o->opt.plots && n_rows <= PLOT_ROWS_MAX)
        F.plot_rows = malloc(n_rows * s->n_cols * sizeof(double));
    int rc = F.vals && F.check ? 0 : sim_err_set(err, SIM_ENOMEM, "out of memory");
    if (!rc && !(rc = out_begin(&F.csv, o->dir, "sweep.csv", err)) &&
        !(rc = out_begin(&F.json, o->dir, "sweep.json", err)) &&
        !(rc = o->opt.runs ? out_begin(&F.runs, o->dir, "runs.csv", err) : 0)) {
        char head[16384];
        if (sweep_csv_header(s, head, sizeof(head)))
            rc = sim_err_set(err, SIM_ENOMEM, "CSV header too long");
        if (o->prov)
            prov_write_csv_comments(F.csv.f, o->prov);
        fprintf(F.csv.f, "%s\n", head);
        put_json_head(F.json.f, s, o->prov);
        if (F.runs.f && o->prov)
            prov_write_csv_comments(F.runs.f, o->prov);
        if (F.runs.f)
            put_runs_head(F.runs.f, s);
        F.err = err;
        if (!rc && o->db)
            rc = sweep_db_begin(s, o->db, o->prov, &F.db, err);
        if (!rc)
            rc = finish_points(o, &F, err);
        fputs("\n  ]\n}\n", F.json.f);
    }
    /* every file complete on disk before any is renamed: a full disk leaves
     * the previous outputs (or none), never a new CSV beside an old JSON */
    if (!rc && !(rc = out_close(&F.csv, err)) && !(rc = out_close(&F.json, err)))
        rc = out_close(&F.runs, err);
    if (!rc && F.db)
        rc = sweep_db_close(F.db, err);
    if (!rc && !(rc = out_rename(&F.csv, err)) && !(rc = out_rename(&F.json, err)))
        rc = out_rename(&F.runs, err);
    if (!rc && F.db)
        rc = sweep_db_rename(F.db, err);
    out_abort(&F.csv);
    out_abort(&F.json);
    out_abort(&F.runs);
    sweep_db_abort(F.db);
    if (!rc && F.plot_rows)
        rc = sweep_plots(s, o->dir, F.plot_rows, true, err);
    free(F.plot_rows);
    free(F.vals);
    free(F.check);
    return rc;
}
