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
 * write() on an O_APPEND descriptor and synced at most once a second. A
 * record cut short by kill -9 or a power loss fails its length or hash
 * check and is dropped, with everything after it, on --resume.
 *
 * Outputs are written only from the journal, in point order, by the same
 * code whether the points were computed now or before an interruption: a
 * resumed sweep's CSV is byte for byte the uninterrupted one.
 */
#include "analysis/sweep_int.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "scenarios/scn.h"

#define JOURNAL_MAGIC "mobsim-sweep-journal 1"
#define PLOT_ROWS_MAX 200000 /* rows kept in memory for the plots */

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
    int fd;
    off_t size;     /* journal bytes so far */
    off_t *rec_off; /* per point: payload offset, -1 not done */
    size_t *rec_len;
    size_t n_done;
    pending_t *pend;
    size_t n_pend, cap_pend;
    double *scratch;         /* reps */
    stats_acc_t *acc, *dacc; /* merged: [scheme][RM_N], [scheme][n_diff] */
    double *rows;            /* n_schemes * n_cols */
    time_t last_sync;
};

/* ------------------------------------------------------------ helpers */

static uint64_t fnv64(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
    return h;
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
        fprintf(f, "%.12g", k->num[value]);
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

static int header_line(const sweep_out_t *o, char *buf, size_t cap)
{
    const sweep_t *s = o->s;
    return snprintf(
        buf, cap, "%s fingerprint=%016" PRIx64 " points=%zu schemes=%zu cols=%zu runs=%d\n",
        JOURNAL_MAGIC, s->fingerprint, s->n_points, s->n_schemes, s->n_cols, o->opt.runs ? 1 : 0);
}

/* ------------------------------------------------------------ journal read */

/* Reads the records of an existing journal: keeps every intact one, cuts
 * the file after the last. */
static int journal_load(sweep_out_t *o, sim_err_t *err)
{
    FILE *f = fopen(o->journal, "r");
    if (!f)
        return errno == ENOENT
                   ? 1
                   : sim_err_set(err, SIM_EIO, "cannot read %s: %s", o->journal, strerror(errno));
    char want[256], line[256];
    header_line(o, want, sizeof(want));
    if (!fgets(line, sizeof(line), f) || strncmp(line, JOURNAL_MAGIC, strlen(JOURNAL_MAGIC)) != 0) {
        fclose(f);
        return 1; /* not a journal (or an empty one): start afresh */
    }
    if (strcmp(line, want) != 0) {
        fclose(f);
        return sim_err_set(err, SIM_EINVAL,
                           "%s: written by another sweep or other options (file, base, "
                           "replications, seed, --set or --runs differ); run without --resume "
                           "to start afresh",
                           o->journal);
    }
    off_t good = (off_t)strlen(line);
    char *buf = NULL;
    size_t cap = 0;
    for (;;) {
        size_t point, len;
        uint64_t hash;
        if (!fgets(line, sizeof(line), f) ||
            sscanf(line, "@ %zu %zu %" SCNx64, &point, &len, &hash) != 3 ||
            point >= o->s->n_points || line[strlen(line) - 1] != '\n')
            break;
        if (len + 1 > cap) {
            char *nb = realloc(buf, len + 1);
            if (!nb)
                break;
            buf = nb;
            cap = len + 1;
        }
        if (fread(buf, 1, len, f) != len || fnv64(buf, len) != hash)
            break;
        off_t payload = good + (off_t)strlen(line);
        if (o->rec_off[point] < 0)
            o->n_done++;
        o->rec_off[point] = payload;
        o->rec_len[point] = len;
        good = payload + (off_t)len;
    }
    free(buf);
    fclose(f);
    if (truncate(o->journal, good) != 0)
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->journal, strerror(errno));
    o->size = good;
    return 0;
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
    snprintf(o->dir, sizeof(o->dir), "%s", opt->dir);
    snprintf(o->journal, sizeof(o->journal), "%s/journal", o->dir);
    o->rec_off = malloc(s->n_points * sizeof(*o->rec_off));
    o->rec_len = calloc(s->n_points, sizeof(*o->rec_len));
    o->scratch = malloc((size_t)s->reps * sizeof(*o->scratch));
    o->rows = malloc(s->n_schemes * s->n_cols * sizeof(*o->rows));
    o->acc = malloc(s->n_schemes * RM_N * sizeof(*o->acc));
    o->dacc = malloc((s->n_schemes * s->n_diff + 1) * sizeof(*o->dacc));
    int rc = 0;
    if (!o->rec_off || !o->rec_len || !o->scratch || !o->rows || !o->acc || !o->dacc)
        rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
    for (size_t p = 0; !rc && p < s->n_points; p++)
        o->rec_off[p] = -1;
    if (!rc)
        rc = mkdirs(o->dir, err);
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
        o->fd = open(o->journal, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0666);
        if (o->fd < 0 || write(o->fd, head, (size_t)n) != n) {
            rc = sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->journal, strerror(errno));
            sweep_out_destroy(o);
            return rc;
        }
        o->size = n;
    } else {
        o->fd = open(o->journal, O_WRONLY | O_APPEND);
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
    for (size_t i = 0; i < o->n_pend; i++)
        pending_free(&o->pend[i]);
    free(o->pend);
    free(o->rec_off);
    free(o->rec_len);
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
    int hn =
        snprintf(head, sizeof(head), "@ %zu %zu %016" PRIx64 "\n", point, len, fnv64(payload, len));
    char *rec = malloc((size_t)hn + len);
    if (!rec)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    memcpy(rec, head, (size_t)hn);
    memcpy(rec + hn, payload, len);
    size_t total = (size_t)hn + len, done = 0;
    while (done < total) { /* one write in practice; a short one continues */
        ssize_t w = write(o->fd, rec + done, total - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            free(rec);
            return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->journal, strerror(errno));
        }
        done += (size_t)w;
    }
    free(rec);
    o->rec_off[point] = o->size + hn;
    o->rec_len[point] = len;
    o->size += (off_t)total;
    o->n_done++;
    time_t now = time(NULL);
    if (now != o->last_sync) { /* power loss costs at most a second of work */
        fdatasync(o->fd);
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

/* ------------------------------------------------------------ finishing */

typedef struct outfile {
    char path[4200], tmp[4300];
    FILE *f;
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

static void out_abort(outfile_t *of)
{
    if (of->f)
        fclose(of->f);
    of->f = NULL;
    if (of->tmp[0])
        unlink(of->tmp);
    of->tmp[0] = 0;
}

static int out_commit(outfile_t *of, sim_err_t *err)
{
    bool bad = fflush(of->f) != 0 || ferror(of->f) || fsync(fileno(of->f)) != 0;
    int e = errno;
    if (fclose(of->f) != 0 && !bad) {
        bad = true;
        e = errno;
    }
    of->f = NULL;
    if (bad || rename(of->tmp, of->path) != 0) {
        if (!bad)
            e = errno;
        unlink(of->tmp);
        of->tmp[0] = 0;
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", of->path, strerror(e));
    }
    of->tmp[0] = 0;
    return 0;
}

int sweep_csv_header(const sweep_t *s, char *buf, size_t cap)
{
    FILE *f = fmemopen(buf, cap, "w");
    if (!f)
        return -SIM_ENOMEM;
    for (size_t k = 0; k < s->n_keys; k++) {
        put_csv_text(f, s->keys[k].path);
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

static void put_json_head(FILE *f, const sweep_t *s)
{
    fputs("{\n  \"sweep\": ", f);
    put_json_string(f, s->name);
    fputs(",\n  \"file\": ", f);
    put_json_string(f, s->file);
    fputs(",\n  \"base\": ", f);
    put_json_string(f, s->base_file);
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
    fputs("],\n  \"rows\": [", f);
}

static void put_json_row(FILE *f, const sweep_t *s, size_t point, size_t sc, const double *row,
                         bool first)
{
    fputs(first ? "\n    {" : ",\n    {", f);
    for (size_t k = 0; k < s->n_keys; k++) {
        const vary_key_t *key = &s->keys[k];
        size_t v = sweep_key_index(s, point, k);
        put_json_string(f, key->path);
        fputs(": ", f);
        if (isfinite(key->num[v]))
            fprintf(f, "%.12g", key->num[v]);
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
        put_csv_text(f, s->keys[k].path);
        fputc(',', f);
    }
    fputs("scheme,replication", f);
    for (size_t k = 0; k < s->n_random; k++) {
        fputc(',', f);
        put_csv_text(f, s->rnd[k].path);
    }
    for (int m = 0; m < RM_N; m++)
        fprintf(f, ",%s", sweep_metric_names[m]);
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
        if (F->plot_rows)
            memcpy(F->plot_rows + (point * s->n_schemes + sc) * s->n_cols, row,
                   s->n_cols * sizeof(*row));
        return 0;
    }
    uint64_t rep;
    if (sscanf(line, "run %zu %" SCNu64 "%n", &sc, &rep, &off) == 2 && sc < s->n_schemes) {
        if (!F->runs.f)
            return 0;
        double *v = F->vals;
        if (parse_nums(line + off, v, RM_N + s->n_random))
            return -1;
        put_keys_csv(F->runs.f, s, point, sc);
        fprintf(F->runs.f, ",%" PRIu64, rep);
        for (size_t k = 0; k < s->n_random; k++) {
            fputc(',', F->runs.f);
            sweep_put_num(F->runs.f, v[RM_N + k], false);
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
        for (char *line = buf, *nl; *line && !rc; line = nl + 1) {
            nl = strchr(line, '\n');
            if (!nl)
                break;
            *nl = 0;
            if (finish_line(o, F, p, line))
                rc = sim_err_set(err, SIM_EIO, "%s: record of point %zu does not parse", o->journal,
                                 p);
        }
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
    if (o->fd >= 0)
        fdatasync(o->fd);
    finish_t F;
    memset(&F, 0, sizeof(F));
    F.first_json = true;
    F.vals = malloc((s->n_cols + RM_N + s->n_random + 1) * sizeof(double));
    size_t n_rows = s->n_points * s->n_schemes;
    if (o->opt.plots && n_rows <= PLOT_ROWS_MAX)
        F.plot_rows = malloc(n_rows * s->n_cols * sizeof(double));
    int rc = F.vals ? 0 : sim_err_set(err, SIM_ENOMEM, "out of memory");
    if (!rc && !(rc = out_begin(&F.csv, o->dir, "sweep.csv", err)) &&
        !(rc = out_begin(&F.json, o->dir, "sweep.json", err)) &&
        !(rc = o->opt.runs ? out_begin(&F.runs, o->dir, "runs.csv", err) : 0)) {
        char head[16384];
        if (sweep_csv_header(s, head, sizeof(head)))
            rc = sim_err_set(err, SIM_ENOMEM, "CSV header too long");
        fprintf(F.csv.f, "%s\n", head);
        put_json_head(F.json.f, s);
        if (F.runs.f)
            put_runs_head(F.runs.f, s);
        if (!rc)
            rc = finish_points(o, &F, err);
        fputs("\n  ]\n}\n", F.json.f);
    }
    if (!rc && !(rc = out_commit(&F.csv, err)) && !(rc = out_commit(&F.json, err)) && F.runs.f)
        rc = out_commit(&F.runs, err);
    out_abort(&F.csv);
    out_abort(&F.json);
    out_abort(&F.runs);
    if (!rc && F.plot_rows)
        rc = sweep_plots(s, o->dir, F.plot_rows, true, err);
    free(F.plot_rows);
    free(F.vals);
    return rc;
}
