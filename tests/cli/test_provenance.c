/* tests/cli/test_provenance.c - results that say where they came from
 * (issue 17): the provenance of `run --json`, `window --json`, `validate
 * --json`, sweep.json and the CSV comment lines; the CSVs still read as
 * tables with comment skipping (Python's csv, pandas and R when they are
 * installed); `sweep --db` (its tables against the CSV, docs/sweeps.md's
 * queries through the sqlite3 command, no half-written file); and the JSON
 * Schemas against the shipped files and the loader (schemas/,
 * tests/tools/check_schemas.py).
 */
#include "tests/testing.h"
#include "tests/util.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analysis/provenance.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 4096 + 1 > cap) {
            cap = (n + 4096 + 1) * 2;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        got = fread(buf + n, 1, 4096, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = 0;
    return buf;
}

typedef struct out {
    int status;
    char *out, *err;
} out_t;

static char g_dir[64];

/* Runs a shell command line with stdout and stderr captured. */
static out_t sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static out_t sh(const char *fmt, ...)
{
    char cmd[8192], full[9000], o[128], e[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    snprintf(o, sizeof(o), "%s/stdout", g_dir);
    snprintf(e, sizeof(e), "%s/stderr", g_dir);
    snprintf(full, sizeof(full), "(%s) >%s 2>%s", cmd, o, e);
    int st = system(full);
    out_t r = {WIFEXITED(st) ? WEXITSTATUS(st) : -1, slurp(o), slurp(e)};
    return r;
}

static void done(out_t *r)
{
    free(r->out);
    free(r->err);
}

static void setup_dir(void)
{
    if (!g_dir[0]) {
        snprintf(g_dir, sizeof(g_dir), "/tmp/mobsim-prov-XXXXXX");
        CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(g_dir));
    }
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

static bool is_iso_utc(const char *d)
{
    /* 2026-12-02T15:09:23Z */
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (!d || strlen(d) != strlen(shape))
        return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? (d[i] < '0' || d[i] > '9') : d[i] != shape[i])
            return false;
    return true;
}

/* The provenance object of a --json output: its keys, and that it is the
 * output's first key on a line of its own. */
static void expect_provenance(const char *text, const char *command, double seed)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    const char *line2 = strchr(text, '\n');
    CU_ASSERT_PTR_NOT_NULL_FATAL(line2);
    CU_ASSERT(prov_is_provenance_line(line2 + 1));
    cJSON *root = cJSON_Parse(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "provenance");
    CU_ASSERT_TRUE_FATAL(cJSON_IsObject(p));
    CU_ASSERT_STRING_EQUAL(str(p, "mobsim"), MOBSIM_VERSION);
    CU_ASSERT_STRING_EQUAL(str(p, "commit"), prov_commit());
    if (access(".git", F_OK) == 0) { /* built from this checkout: stamped */
        CU_ASSERT_STRING_NOT_EQUAL(str(p, "commit"), "unknown");
    }
    CU_ASSERT_STRING_EQUAL(str(p, "command"), command);
    CU_ASSERT(is_iso_utc(str(p, "date")));
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(p, "seed");
    if (isnan(seed)) {
        CU_ASSERT(cJSON_IsNull(s));
    } else {
        CU_ASSERT(cJSON_IsNumber(s) && s->valuedouble == seed);
    }
    cJSON_Delete(root);
}

static void test_run_json_records_version_commit_command_date_and_seed(void)
{
    setup_dir();
    out_t r = sh("%s run fig1 --json --set seed=5", tu_mobsim());
    CU_ASSERT_EQUAL(r.status, 0);
    expect_provenance(r.out, "mobsim run fig1 --json --set seed=5", 5);
    /* the date is now, UTC */
    cJSON *root = cJSON_Parse(r.out);
    const char *d = str(cJSON_GetObjectItemCaseSensitive(root, "provenance"), "date");
    char want[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(want, sizeof(want), "%Y-%m-%dT%H", &tm);
    CU_ASSERT(d && strncmp(d, want, 13) == 0);
    cJSON_Delete(root);
    done(&r);
    /* a word the shell would split is quoted so the command runs again */
    r = sh("%s run fig1 --json --set 'description=two words'", tu_mobsim());
    CU_ASSERT_EQUAL(r.status, 0);
    expect_provenance(r.out, "mobsim run fig1 --json --set 'description=two words'", 1);
    done(&r);
}

static void test_source_date_epoch_replaces_the_clock(void)
{
    setup_dir();
    out_t r = sh("SOURCE_DATE_EPOCH=86400 %s run fig1 --json", tu_mobsim());
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(r.out && strstr(r.out, "\"date\":\"1970-01-02T00:00:00Z\""));
    done(&r);
}

/* the report page says where it came from, in its opening paragraph */
static void test_report_page_carries_provenance(void)
{
    setup_dir();
    out_t r = sh("SOURCE_DATE_EPOCH=86400 %s figures -o %s/fig >/dev/null 2>&1 && "
                 "grep -o '<p class=\"provenance\">.*' %s/fig/index.html",
                 tu_mobsim(), g_dir, g_dir);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(
        r.out && strstr(r.out, "<p class=\"provenance\">mobsim " MOBSIM_VERSION " (commit "));
    CU_ASSERT_PTR_NOT_NULL(r.out && strstr(r.out, "1970-01-02T00:00:00Z"));
    char want[160];
    snprintf(want, sizeof(want), "<code>mobsim figures -o %s/fig</code>", g_dir);
    CU_ASSERT_PTR_NOT_NULL(r.out && strstr(r.out, want));
    done(&r);
}

static void test_window_json_gives_the_window_and_the_bounds_of_the_text(void)
{
    setup_dir();
    out_t r = sh("%s window fig1 --json", tu_mobsim());
    CU_ASSERT_EQUAL(r.status, 0);
    expect_provenance(r.out, "mobsim window fig1 --json", 1);
    cJSON *root = cJSON_Parse(r.out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    /* fig1: D in [-250ms, 250ms]; T_b > 160ms (docs/theory.md) */
    const cJSON *an = cJSON_GetObjectItemCaseSensitive(root, "analytic");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(an), 1);
    const cJSON *iv = cJSON_GetArrayItem(an, 0);
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(iv, "lo")->valuedouble, -0.25, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(iv, "hi")->valuedouble, 0.25, 1e-12);
    CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(root, "simulated")));
    const cJSON *tb = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "bounds"), "T_b");
    CU_ASSERT_STRING_EQUAL(str(tb, "scheme"), "hoa-signaling");
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(tb, "min")->valuedouble, 0.160000001, 1e-12);
    cJSON_Delete(root);
    done(&r);
    /* the text says the same bound */
    r = sh("%s window fig1", tu_mobsim());
    CU_ASSERT_PTR_NOT_NULL(r.out && strstr(r.out, "T_b         hoa-signaling  > 160ms"));
    done(&r);
    r = sh("%s window fig1 --search --step 10ms --range 400ms --json", tu_mobsim());
    CU_ASSERT_EQUAL(r.status, 0);
    root = cJSON_Parse(r.out);
    CU_ASSERT_STRING_EQUAL(str(root, "agreement"), "exact");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(root, "simulated")), 1);
    CU_ASSERT(cJSON_GetObjectItem(root, "runs")->valuedouble > 80);
    cJSON_Delete(root);
    done(&r);
}

static void test_validate_json_says_valid_or_where_the_file_is_wrong(void)
{
    setup_dir();
    out_t r = sh("%s validate sweep-tb --json", tu_mobsim());
    CU_ASSERT_EQUAL(r.status, 0);
    expect_provenance(r.out, "mobsim validate sweep-tb --json", 7);
    cJSON *root = cJSON_Parse(r.out);
    CU_ASSERT(cJSON_IsTrue(cJSON_GetObjectItem(root, "valid")));
    CU_ASSERT_STRING_EQUAL(str(root, "kind"), "sweep");
    CU_ASSERT_EQUAL(cJSON_GetObjectItem(root, "points")->valuedouble, 51);
    CU_ASSERT_EQUAL(cJSON_GetObjectItem(root, "runs")->valuedouble, 51 * 2 * 200);
    cJSON_Delete(root);
    done(&r);
    r = sh("%s validate tests/scenarios/data/bad_move.json --json", tu_mobsim());
    CU_ASSERT_EQUAL(r.status, 2);
    expect_provenance(r.out, "mobsim validate tests/scenarios/data/bad_move.json --json", NAN);
    root = cJSON_Parse(r.out);
    CU_ASSERT(cJSON_IsFalse(cJSON_GetObjectItem(root, "valid")));
    const cJSON *e = cJSON_GetObjectItem(root, "error");
    CU_ASSERT_STRING_EQUAL(str(e, "path"), "$.moves[1].at");
    CU_ASSERT(str(e, "why") && strncmp(str(e, "why"), "expected a time such as", 23) == 0);
    /* the same line as without --json on stderr */
    CU_ASSERT(r.err && strncmp(r.err, str(e, "message"), strlen(str(e, "message"))) == 0);
    cJSON_Delete(root);
    done(&r);
    r = sh("%s validate tests/scenarios/data/bad_syntax.json --json", tu_mobsim());
    CU_ASSERT_EQUAL(r.status, 2);
    root = cJSON_Parse(r.out);
    CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "error"), "path")));
    cJSON_Delete(root);
    done(&r);
}

/* ------------------------------------------------------------ sweeps */

#define SMALL "tests/cli/data/sweep-small.json"

static bool have(const char *probe)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "%s >/dev/null 2>&1", probe);
    return system(cmd) == 0;
}

static void test_sweep_outputs_carry_provenance_and_stay_readable_tables(void)
{
    setup_dir();
    out_t r =
        sh("%s sweep " SMALL " --replications 3 --no-plots --runs -o %s/small", tu_mobsim(), g_dir);
    CU_ASSERT_EQUAL_FATAL(r.status, 0);
    done(&r);
    char path[256];
    snprintf(path, sizeof(path), "%s/small/sweep.csv", g_dir);
    char *csv = slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
    CU_ASSERT(strncmp(csv, "# mobsim " MOBSIM_VERSION " (commit ", 18) == 0);
    char want[512];
    snprintf(want, sizeof(want),
             "\n# command: mobsim sweep " SMALL " --replications 3 --no-plots --runs -o %s/small\n",
             g_dir);
    CU_ASSERT_PTR_NOT_NULL(strstr(csv, want));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(csv, "\n# seed: 2 (replication r of grid point p runs in RNG stream (seed, p, r))\n"
                    "moves_1_at_s,scheme,runs,"));
    free(csv);
    snprintf(path, sizeof(path), "%s/small/sweep.json", g_dir);
    char *json = slurp(path);
    snprintf(want, sizeof(want),
             "mobsim sweep " SMALL " --replications 3 --no-plots --runs -o %s/small", g_dir);
    expect_provenance(json, want, 2);
    free(json);
    /* 7 offsets x 2 schemes, 3 x 14 runs: as tables once '#' lines are skipped */
    r = sh("python3 -c 'import csv,sys\n"
           "rows=[r for r in csv.reader(l for l in open(sys.argv[1]) if not l.startswith(\"#\"))]\n"
           "runs=[r for r in csv.reader(l for l in open(sys.argv[2]) if not l.startswith(\"#\"))]\n"
           "assert rows[0][:3]==[\"moves_1_at_s\",\"scheme\",\"runs\"], rows[0]\n"
           "assert all(len(x)==len(rows[0]) for x in rows), \"ragged\"\n"
           "print(len(rows)-1, len(runs)-1)' %s/small/sweep.csv %s/small/runs.csv",
           g_dir, g_dir);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out ? r.out : "", "14 42\n");
    done(&r);
    if (have("python3 -c 'import pandas'")) {
        r = sh("python3 -c 'import pandas,sys; d=pandas.read_csv(sys.argv[1], comment=\"#\"); "
               "print(d.shape[0], d[\"runs\"].sum())' %s/small/sweep.csv",
               g_dir);
        CU_ASSERT_STRING_EQUAL(r.out ? r.out : "", "14 42\n");
        done(&r);
    }
    if (have("Rscript -e 1")) {
        r = sh("Rscript -e 'd <- read.csv(commandArgs(TRUE)[1], comment.char=\"#\"); "
               "cat(nrow(d), sum(d$runs), \"\\n\")' %s/small/sweep.csv",
               g_dir);
        CU_ASSERT_STRING_EQUAL(r.out ? r.out : "", "14 42 \n");
        done(&r);
    }
}

/* One number from a query (NAN when it gives none). */
static double query1(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    double v = NAN;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_sweep_db_holds_the_csv_rows_the_runs_and_the_provenance(void)
{
    setup_dir();
    char db_path[128];
    snprintf(db_path, sizeof(db_path), "%s/small.sqlite", g_dir);
    out_t r = sh("%s sweep " SMALL " --replications 3 --no-plots -o %s/db --db %s", tu_mobsim(),
                 g_dir, db_path);
    CU_ASSERT_EQUAL_FATAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(r.out && strstr(r.out, db_path));
    done(&r);
    sqlite3 *db = NULL;
    CU_ASSERT_EQUAL_FATAL(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    CU_ASSERT_EQUAL(query1(db, "SELECT COUNT(*) FROM points"), 14);
    CU_ASSERT_EQUAL(query1(db, "SELECT COUNT(*) FROM runs"), 42);
    CU_ASSERT_EQUAL(query1(db, "SELECT COUNT(DISTINCT moves_1_at_s) FROM points"), 7);
    CU_ASSERT_EQUAL(query1(db, "SELECT value FROM meta WHERE key = 'seed'"), 2);
    CU_ASSERT_EQUAL(query1(db, "SELECT COUNT(*) FROM meta WHERE key = 'command' AND value LIKE "
                               "'mobsim sweep % --db %'"),
                    1);
    /* the two tables agree: each point's restored fraction is the mean of its runs' */
    CU_ASSERT_EQUAL(query1(db, "SELECT COUNT(*) FROM points p JOIN (SELECT point, scheme, "
                               "AVG(restored) AS f FROM runs GROUP BY point, scheme) r USING "
                               "(point, scheme) WHERE abs(p.restored_frac - r.f) < 1e-9"),
                    14);
    /* and the CSV: a restore time that did not happen is NULL, as the CSV's empty cell */
    CU_ASSERT_EQUAL(query1(db, "SELECT COUNT(*) FROM runs WHERE restored = 0 AND restore_time_s "
                               "IS NOT NULL"),
                    0);
    sqlite3_close(db);
    char csvp[160];
    snprintf(csvp, sizeof(csvp), "%s/db/sweep.csv", g_dir);
    char *csv = slurp(csvp);
    /* the first data row's restored_frac is the database's */
    char *row = csv;
    while (row && *row == '#')
        row = strchr(row, '\n') + 1;
    row = row ? strchr(row, '\n') + 1 : NULL; /* after the header */
    double frac = -1;
    CU_ASSERT_PTR_NOT_NULL_FATAL(row);
    CU_ASSERT_EQUAL(sscanf(row, "%*[^,],%*[^,],%*[^,],%lf", &frac), 1);
    sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL);
    CU_ASSERT_DOUBLE_EQUAL(
        frac, query1(db, "SELECT restored_frac FROM points ORDER BY point, rowid LIMIT 1"), 1e-9);
    sqlite3_close(db);
    free(csv);
    /* no temporary file beside it */
    r = sh("ls %s", g_dir);
    CU_ASSERT_PTR_NULL(r.out && strstr(r.out, ".tmp."));
    done(&r);
}

static void test_sweep_db_refuses_what_it_cannot_write_before_running(void)
{
    setup_dir();
    out_t r = sh("%s sweep " SMALL " --replications 3 --no-plots -o %s/never --db %s", tu_mobsim(),
                 g_dir, g_dir);
    CU_ASSERT_EQUAL(r.status, 2);
    CU_ASSERT_PTR_NOT_NULL(r.err && strstr(r.err, "--db"));
    done(&r);
    r = sh("%s sweep " SMALL " --replications 3 --no-plots -o %s/never --db %s/no/such.sqlite",
           tu_mobsim(), g_dir, g_dir);
    CU_ASSERT_EQUAL(r.status, 2);
    done(&r);
    r = sh("%s sweep " SMALL " --db -", tu_mobsim());
    CU_ASSERT_EQUAL(r.status, 2);
    done(&r);
    struct stat st;
    char never[128];
    snprintf(never, sizeof(never), "%s/never", g_dir);
    CU_ASSERT_NOT_EQUAL(stat(never, &st), 0); /* nothing ran, nothing was created */
}

/* Every ```sql block of docs/sweeps.md runs on sweep-tb's database. */
static void test_the_queries_of_docs_sweeps_md_run(void)
{
    setup_dir();
    if (!have("sqlite3 -version")) {
        fprintf(stderr, "\n  sqlite3 not installed (scripts/install-deps): docs queries not run\n");
        return;
    }
    char db[128];
    snprintf(db, sizeof(db), "%s/tb.sqlite", g_dir);
    out_t r = sh("%s sweep sweep-tb --replications 2 --no-plots -o %s/tb --db %s", tu_mobsim(),
                 g_dir, db);
    CU_ASSERT_EQUAL_FATAL(r.status, 0);
    done(&r);
    char *md = slurp("docs/sweeps.md");
    CU_ASSERT_PTR_NOT_NULL_FATAL(md);
    int n = 0;
    for (char *p = strstr(md, "```sql\n"); p; p = strstr(p, "```sql\n")) {
        p += 7;
        char *end = strstr(p, "```");
        CU_ASSERT_PTR_NOT_NULL_FATAL(end);
        char qpath[160];
        snprintf(qpath, sizeof(qpath), "%s/q%d.sql", g_dir, n);
        FILE *f = fopen(qpath, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fwrite(p, 1, (size_t)(end - p), f);
        fclose(f);
        r = sh("sqlite3 -bail -csv %s < %s", db, qpath);
        CU_ASSERT_EQUAL(r.status, 0);
        CU_ASSERT_STRING_EQUAL(r.err ? r.err : "?", "");
        CU_ASSERT(r.out && strchr(r.out, '\n')); /* at least one row */
        if (r.status != 0)
            fprintf(stderr, "\n  query %d of docs/sweeps.md: %s", n, r.err ? r.err : "");
        done(&r);
        n++;
        p = end + 3;
    }
    CU_ASSERT(n >= 3);
    free(md);
}

/* ------------------------------------------------------------ schemas */

static void test_every_shipped_file_names_and_passes_its_json_schema(void)
{
    setup_dir();
    /* the reference an editor follows, relative to the file */
    static const char *const sweeps[] = {"sweep-offset", "sweep-tb", "sweep-th-tp", "sweep-poisson",
                                         "sweep-population"};
    for (size_t i = 0; i < sizeof(sweeps) / sizeof(sweeps[0]); i++) {
        char p[128];
        snprintf(p, sizeof(p), "scenarios/%s.json", sweeps[i]);
        char *t = slurp(p);
        CU_ASSERT_PTR_NOT_NULL(t && strstr(t, "\"$schema\": \"../schemas/sweep.schema.json\""));
        free(t);
    }
    char *t = slurp("scenarios/population.json");
    CU_ASSERT_PTR_NOT_NULL(t && strstr(t, "\"$schema\": \"../schemas/scenario.schema.json\""));
    free(t);
    out_t r = sh("grep -L '\"\\$schema\"' scenarios/*.json");
    CU_ASSERT_STRING_EQUAL(r.out ? r.out : "?", ""); /* none without */
    done(&r);
    r = sh("python3 tests/tools/check_schemas.py valid scenarios/*.json "
           "tests/scenarios/data/minimal.json tests/scenarios/data/full.json "
           "tests/scenarios/data/hosts4.json tests/scenarios/data/mobility.json "
           "tests/scenarios/data/sweep.json " SMALL);
    CU_ASSERT_EQUAL(r.status, 0);
    if (r.status)
        fprintf(stderr, "\n  %s", r.err ? r.err : "");
    done(&r);
    /* the conformance suite: script, nodes and taps (docs/check.md) */
    r = sh("ls tests/conformance/*.json | wc -l");
    CU_ASSERT(r.out && atoi(r.out) >= 38);
    done(&r);
    r = sh("python3 tests/tools/check_schemas.py valid tests/conformance/*.json");
    CU_ASSERT_EQUAL(r.status, 0);
    if (r.status)
        fprintf(stderr, "\n  %s", r.err ? r.err : "");
    done(&r);
}

/* tests/scenarios/data/schema-invalid/: each file has one mistake; the
 * loader refuses it at the JSON path its "_path" names, and the schema
 * refuses it there too (at that path or at the object holding its last
 * key: check_schemas.py). */
static void test_schema_and_loader_refuse_the_same_invalid_files(void)
{
    setup_dir();
    out_t ls = sh("ls tests/scenarios/data/schema-invalid/*.json");
    CU_ASSERT_EQUAL_FATAL(ls.status, 0);
    int n = 0;
    for (char *f = ls.out, *nl; f && (nl = strchr(f, '\n')); f = nl + 1, n++) {
        *nl = 0;
        char *text = slurp(f);
        cJSON *want = cJSON_Parse(text);
        free(text);
        const char *path = str(want, "_path");
        CU_ASSERT_PTR_NOT_NULL(path);
        out_t r = sh("%s validate %s --json", tu_mobsim(), f);
        CU_ASSERT_EQUAL(r.status, 2);
        cJSON *v = cJSON_Parse(r.out);
        const char *got = str(cJSON_GetObjectItem(v, "error"), "path");
        CU_ASSERT(path && got && strcmp(path, got) == 0);
        if (!(path && got && strcmp(path, got) == 0))
            fprintf(stderr, "\n  %s: the loader said %s", f, r.err ? r.err : "");
        cJSON_Delete(v);
        cJSON_Delete(want);
        done(&r);
        r = sh("python3 tests/tools/check_schemas.py invalid %s", f);
        CU_ASSERT_EQUAL(r.status, 0);
        if (r.status)
            fprintf(stderr, "\n  %s", r.err ? r.err : "");
        done(&r);
    }
    CU_ASSERT(n >= 45);
    done(&ls);
    tu_rm_rf(g_dir);
    g_dir[0] = 0;
}

void suite_provenance(void)
{
    ADD_SUITE("provenance", TEST(test_run_json_records_version_commit_command_date_and_seed),
              TEST(test_source_date_epoch_replaces_the_clock),
              TEST(test_report_page_carries_provenance),
              TEST(test_window_json_gives_the_window_and_the_bounds_of_the_text),
              TEST(test_validate_json_says_valid_or_where_the_file_is_wrong),
              TEST(test_sweep_outputs_carry_provenance_and_stay_readable_tables),
              TEST(test_sweep_db_holds_the_csv_rows_the_runs_and_the_provenance),
              TEST(test_sweep_db_refuses_what_it_cannot_write_before_running),
              TEST(test_the_queries_of_docs_sweeps_md_run),
              TEST(test_every_shipped_file_names_and_passes_its_json_schema),
              TEST(test_schema_and_loader_refuse_the_same_invalid_files));
}
