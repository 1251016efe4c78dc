/* analysis/sweep_db.c - `mobsim sweep --db F`: a sweep's results as one
 * SQLite file (sweep_int.h, "SQLite").
 *
 * Three tables, as OMNeT++'s SQLite result files keep runs, scalars and
 * run attributes apart:
 *   meta(key TEXT PRIMARY KEY, value TEXT)   provenance and the sweep's shape
 *   points(point, KEY..., scheme, COLUMN...) one row per grid point and
 *                                            scheme: sweep.csv's columns
 *   runs(point, KEY..., scheme, replication, RANDOM..., METRIC...)
 *                                            one row per run: runs.csv's
 * Column names are those of the CSV headers (T_b_s, restore_time_s_mean:
 * docs/sweeps.md "Axes and column names"), double-quoted in SQL. A number that did
 * not happen (NaN, an empty CSV cell) is NULL.
 *
 * The file is built under a temporary name beside F (journal off, one
 * transaction: nothing else reads it while it is written), closed, and only
 * renamed over F with the other outputs, so an error or a stop leaves the
 * previous F, or none.
 */
#include "analysis/sweep_int.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct sweep_db {
    const sweep_t *s;
    sqlite3 *db;
    sqlite3_stmt *point_ins, *run_ins;
    char path[4096], tmp[4200];
};

static int db_fail(sweep_db_t *d, sim_err_t *err)
{
    const char *why = d->db ? sqlite3_errmsg(d->db) : "cannot open";
    return sim_err_set(err, SIM_EIO, "cannot write %s: %s", d->path, why);
}

/* "name" with each " doubled: a quoted SQL identifier. */
static void put_ident(FILE *f, const char *name)
{
    fputc('"', f);
    for (const char *c = name; *c; c++) {
        if (*c == '"')
            fputc('"', f);
        fputc(*c, f);
    }
    fputc('"', f);
}

/* A key's column type: REAL when every value is a number. */
static const char *key_type(const vary_key_t *k)
{
    for (size_t v = 0; v < k->n; v++)
        if (!isfinite(k->num[v]))
            return "TEXT";
    return "REAL";
}

static void put_key_columns(FILE *f, const sweep_t *s)
{
    for (size_t k = 0; k < s->n_keys; k++) {
        fputs(", ", f);
        put_ident(f, s->keys[k].axis.name); /* the CSVs' column name */
        fprintf(f, " %s", key_type(&s->keys[k]));
    }
}

/* CREATE TABLE and INSERT text for one table; caller frees both. */
static int table_sql(const sweep_t *s, bool runs, char **create, char **insert)
{
    size_t n1 = 0, n2 = 0;
    FILE *c = open_memstream(create, &n1), *i = open_memstream(insert, &n2);
    if (!c || !i) {
        if (c)
            fclose(c);
        if (i)
            fclose(i);
        return -SIM_ENOMEM;
    }
    const char *table = runs ? "runs" : "points";
    fprintf(c, "CREATE TABLE %s (point INTEGER NOT NULL", table);
    put_key_columns(c, s);
    fputs(", scheme TEXT NOT NULL", c);
    size_t n_params = 2 + s->n_keys;
    if (runs) {
        fputs(", replication INTEGER NOT NULL", c);
        for (size_t k = 0; k < s->n_random; k++) {
            fputs(", ", c);
            put_ident(c, s->rnd[k].axis.name);
            fputs(" REAL", c);
        }
        for (int m = 0; m < RM_N; m++) {
            fputs(", ", c);
            put_ident(c, sweep_metric_columns[m]);
            fputs(" REAL", c);
        }
        n_params += 1 + s->n_random + RM_N;
    } else {
        for (size_t col = 0; col < s->n_cols; col++) {
            fputs(", ", c);
            put_ident(c, s->cols[col].name);
            fputs(s->cols[col].kind == C_RUNS || s->cols[col].kind == C_N ? " INTEGER" : " REAL",
                  c);
        }
        n_params += s->n_cols;
    }
    fputs(runs ? ", PRIMARY KEY (point, scheme, replication))" : ", PRIMARY KEY (point, scheme))",
          c);
    fprintf(i, "INSERT INTO %s VALUES (?", table);
    for (size_t p = 1; p < n_params; p++)
        fputs(", ?", i);
    fputc(')', i);
    bool bad = ferror(c) || ferror(i);
    bad = (fclose(c) != 0) || bad;
    bad = (fclose(i) != 0) || bad;
    if (bad) {
        free(*create);
        free(*insert);
        *create = *insert = NULL;
        return -SIM_ENOMEM;
    }
    return 0;
}

static int exec(sweep_db_t *d, const char *sql, sim_err_t *err)
{
    return sqlite3_exec(d->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : db_fail(d, err);
}

static int make_table(sweep_db_t *d, bool runs, sqlite3_stmt **ins, sim_err_t *err)
{
    char *create = NULL, *insert = NULL;
    if (table_sql(d->s, runs, &create, &insert))
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    int rc = exec(d, create, err);
    if (!rc && sqlite3_prepare_v2(d->db, insert, -1, ins, NULL) != SQLITE_OK)
        rc = db_fail(d, err);
    free(create);
    free(insert);
    return rc;
}

static int meta(sweep_db_t *d, sqlite3_stmt *st, const char *key, const char *value)
{
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    if (value)
        sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 2);
    (void)d;
    return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

static int write_meta(sweep_db_t *d, const prov_t *prov, sim_err_t *err)
{
    const sweep_t *s = d->s;
    int rc = exec(d, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)", err);
    sqlite3_stmt *st = NULL;
    if (!rc && sqlite3_prepare_v2(d->db, "INSERT INTO meta VALUES (?, ?)", -1, &st, NULL))
        rc = db_fail(d, err);
    if (rc)
        return rc;
    char seed[24], reps[24], points[24], schemes[512] = "";
    snprintf(seed, sizeof(seed), "%" PRIu64, s->seed);
    snprintf(reps, sizeof(reps), "%" PRIu64, s->reps);
    snprintf(points, sizeof(points), "%zu", s->n_points);
    for (size_t sc = 0; sc < s->n_schemes; sc++) {
        size_t n = strlen(schemes);
        snprintf(schemes + n, sizeof(schemes) - n, "%s%s", sc ? "," : "",
                 mob_scheme_name((mob_scheme_t)s->schemes[sc]));
    }
    bool bad =
        meta(d, st, "mobsim", prov ? prov->version : MOBSIM_VERSION) ||
        meta(d, st, "commit", prov ? prov->commit : prov_commit()) ||
        meta(d, st, "command", prov ? prov->command : NULL) ||
        meta(d, st, "date", prov ? prov->date : NULL) || meta(d, st, "seed", seed) ||
        meta(d, st, "seeding", PROV_SEEDING_SWEEP) || meta(d, st, "sweep", s->name) ||
        meta(d, st, "file", s->file) || meta(d, st, "base", s->base_file) ||
        meta(d, st, "replications", reps) || meta(d, st, "points", points) ||
        meta(d, st, "schemes", schemes) ||
        meta(d, st, "reference",
             s->reference >= 0 ? mob_scheme_name((mob_scheme_t)s->schemes[s->reference]) : NULL);
    if (bad)
        rc = db_fail(d, err);
    sqlite3_finalize(st);
    return rc;
}

int sweep_db_begin(const sweep_t *s, const char *path, const prov_t *prov, sweep_db_t **out,
                   sim_err_t *err)
{
    sweep_db_t *d = calloc(1, sizeof(*d));
    if (!d)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    d->s = s;
    snprintf(d->path, sizeof(d->path), "%s", path);
    snprintf(d->tmp, sizeof(d->tmp), "%s.tmp.XXXXXX", path);
    int fd = mkstemp(d->tmp);
    if (fd < 0) {
        int e = errno;
        d->tmp[0] = 0;
        sweep_db_abort(d);
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", path, strerror(e));
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    close(fd); /* an empty file is an empty database */
    int rc = 0;
    if (sqlite3_open_v2(d->tmp, &d->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        rc = db_fail(d, err);
    if (!rc)
        rc = exec(d, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN", err);
    if (!rc)
        rc = write_meta(d, prov, err);
    if (!rc)
        rc = make_table(d, false, &d->point_ins, err);
    if (!rc)
        rc = make_table(d, true, &d->run_ins, err);
    if (rc) {
        sweep_db_abort(d);
        return rc;
    }
    *out = d;
    return 0;
}

static void bind_num(sqlite3_stmt *st, int i, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

/* point, the keys' values and the scheme: the first columns of both tables. */
static int bind_head(const sweep_t *s, sqlite3_stmt *st, size_t point, size_t sc)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)point);
    int i = 2;
    for (size_t k = 0; k < s->n_keys; k++, i++) {
        const vary_key_t *key = &s->keys[k];
        size_t v = sweep_key_index(s, point, k);
        if (isfinite(key->num[v]))
            sqlite3_bind_double(st, i, key->num[v]);
        else
            sqlite3_bind_text(st, i, key->text[v], -1, SQLITE_STATIC);
    }
    sqlite3_bind_text(st, i++, mob_scheme_name((mob_scheme_t)s->schemes[sc]), -1, SQLITE_STATIC);
    return i;
}

int sweep_db_point_row(sweep_db_t *d, size_t point, size_t sc, const double *row, sim_err_t *err)
{
    const sweep_t *s = d->s;
    int i = bind_head(s, d->point_ins, point, sc);
    for (size_t c = 0; c < s->n_cols; c++, i++)
        bind_num(d->point_ins, i, row[c]);
    return sqlite3_step(d->point_ins) == SQLITE_DONE ? 0 : db_fail(d, err);
}

int sweep_db_run_row(sweep_db_t *d, size_t point, size_t sc, uint64_t rep, const double *v,
                     sim_err_t *err)
{
    const sweep_t *s = d->s;
    int i = bind_head(s, d->run_ins, point, sc);
    sqlite3_bind_int64(d->run_ins, i++, (sqlite3_int64)rep);
    for (size_t k = 0; k < s->n_random; k++, i++)
        bind_num(d->run_ins, i, v[RM_N + k]);
    for (int m = 0; m < RM_N; m++, i++)
        bind_num(d->run_ins, i, v[m]);
    return sqlite3_step(d->run_ins) == SQLITE_DONE ? 0 : db_fail(d, err);
}

int sweep_db_close(sweep_db_t *d, sim_err_t *err)
{
    sqlite3_finalize(d->point_ins);
    sqlite3_finalize(d->run_ins);
    d->point_ins = d->run_ins = NULL;
    int rc = exec(d, "COMMIT", err);
    if (sqlite3_close(d->db) != SQLITE_OK && !rc)
        rc = sim_err_set(err, SIM_EIO, "cannot write %s: cannot close the database", d->path);
    d->db = NULL;
    return rc;
}

int sweep_db_rename(sweep_db_t *d, sim_err_t *err)
{
    if (rename(d->tmp, d->path) != 0)
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", d->path, strerror(errno));
    d->tmp[0] = 0;
    return 0;
}

void sweep_db_abort(sweep_db_t *d)
{
    if (!d)
        return;
    sqlite3_finalize(d->point_ins);
    sqlite3_finalize(d->run_ins);
    sqlite3_close(d->db);
    if (d->tmp[0])
        unlink(d->tmp);
    free(d);
}
