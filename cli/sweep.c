/* cli/sweep.c - `mobsim sweep FILE`: a sweep on all local cores, or (built
 * as mobsim-mpi with -DMOBSIM_MPI) over MPI ranks.
 *
 * The library does the work (analysis/sweep.h); this file parses options,
 * shows progress on a terminal, turns Ctrl-C into a clean stop, and in the
 * MPI build moves finished blocks from the ranks to rank 0, which alone
 * writes the journal and the outputs.
 */
#include "cli/cli.h"

#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/outfile.h"
#include "analysis/sweep.h"

#ifdef MOBSIM_MPI
#include <mpi.h>
#endif

static const char help[] =
    "usage: mobsim sweep FILE [OPTIONS]\n"
    "\n"
    "Runs a sweep file: the base scenario at every point of the `vary` grid, under\n"
    "every scheme, `replications` times, with `random` keys drawn per replication\n"
    "(docs/sweeps.md). FILE may be a shipped sweep's short name (sweep-tb), as\n"
    "for `mobsim run`. Writes to the output directory:\n"
    "  sweep.csv    one row per grid point and scheme: runs, restored fraction with\n"
    "               its Wilson 95% interval, restore time mean/CI/p50/p95, data and\n"
    "               signaling losses, disruption, ... (columns: docs/sweeps.md)\n"
    "  sweep.json   the same rows as JSON objects (null where the CSV is empty),\n"
    "               after the provenance (version, commit, command, date, seed),\n"
    "               the sweep's name, file, base, seed, replications,\n"
    "               points, schemes, reference scheme, varied and random keys\n"
    "The CSV files start with \"# \" comment lines of the same provenance\n"
    "(pandas.read_csv(F, comment=\"#\"), R read.csv(F, comment.char=\"#\")).\n"
    "  runs.csv     with --runs (or --db): one row per run\n"
    "  *.gp, *.svg, *.png   gnuplot scripts and their plots (gnuplot must be\n"
    "               installed unless --no-plots: a failed plot is exit 1)\n"
    "  journal      finished points, for --resume (checked record by record)\n"
    "  lock         held while a sweep writes DIR: a second sweep into DIR\n"
    "               is refused (exit 2) and names the pid of the first\n"
    "Prints the files written, one per line; a progress line goes to standard\n"
    "error when it is a terminal.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR   output directory (default out/sweep-NAME; NAME is the\n"
    "                     sweep's name without a leading \"sweep-\")\n"
    "  -j, --jobs N       worker threads (default: every online core)\n"
    "  --resume           keep the points a previous, interrupted run of the same\n"
    "                     sweep finished (DIR/journal); the outputs are the same\n"
    "                     bytes as an uninterrupted run's but for the provenance\n"
    "  --runs             also write runs.csv (one row per run)\n"
    "  --db F             also write every result to the SQLite file F: tables\n"
    "                     meta (provenance), points (sweep.csv's rows) and runs\n"
    "                     (runs.csv's; implies --runs); replaced atomically\n"
    "  --replications N   override the file's replications\n"
    "  --quick            at most 20 replications (a quick look)\n"
    "  --seed N           override the master seed\n"
    "  --set KEY=VALUE    override a key of the base scenario (as for run)\n"
    "  --no-plots         write no .gp/.svg/.png\n"
    "  -h, --help         this text\n"
    "\n"
    "Examples:\n"
    "  mobsim sweep scenarios/sweep-offset.json\n"
    "  mobsim sweep scenarios/sweep-tb.json -j 2 -o out/tb --runs\n"
    "  mobsim sweep sweep-offset --db out/offset.sqlite   # sqlite3 out/offset.sqlite\n"
    "  mobsim sweep scenarios/sweep-tb.json --resume        # after Ctrl-C or a crash\n"
    "  mpirun -np 4 build/mobsim-mpi sweep scenarios/sweep-tb.json\n"
    "\n"
    "Results are bit-identical whatever -j, the number of MPI ranks, or\n"
    "interruptions. Ctrl-C (SIGINT, SIGTERM, SIGHUP) stops after the runs in\n"
    "progress and prints the command that goes on (the same options plus\n"
    "--resume). --quick and --replications exclude each other.\n"
    "\n"
    "Exit status: 0 success, 1 a run or a write failed, 2 bad input or usage,\n"
    "129/130/143 stopped by SIGHUP/SIGINT/SIGTERM.\n";

typedef struct sweep_args {
    const char *file, *dir, *db;
    int jobs;
    bool resume, runs, plots, quick, has_replications;
    sweep_options_t opt;
    const char **sets;
    char path[4400]; /* file resolved (cli_resolve_scenario) */
    int argc;        /* the command line, for the --resume hint */
    char **argv;
} sweep_args_t;

static bool parse_count(const char *text, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!text || text[0] < '0' || text[0] > '9')
        return false;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || *end || v > max)
        return false;
    *out = v;
    return true;
}

enum {
    OPT_OUTPUT = 1,
    OPT_JOBS,
    OPT_RESUME,
    OPT_RUNS,
    OPT_REPLICATIONS,
    OPT_QUICK,
    OPT_SEED,
    OPT_SET,
    OPT_NO_PLOTS,
    OPT_DB,
    OPT_HELP
};

static const cli_option_t sweep_options[] = {
    {"--output", 'o', true, OPT_OUTPUT},
    {"--jobs", 'j', true, OPT_JOBS},
    {"--resume", 0, false, OPT_RESUME},
    {"--runs", 0, false, OPT_RUNS},
    {"--replications", 0, true, OPT_REPLICATIONS},
    {"--quick", 0, false, OPT_QUICK},
    {"--seed", 0, true, OPT_SEED},
    {"--set", 0, true, OPT_SET},
    {"--no-plots", 0, false, OPT_NO_PLOTS},
    {"--db", 0, true, OPT_DB},
    {"--help", 'h', false, OPT_HELP},
    {NULL, 0, false, 0},
};

static int on_arg(void *ctx, int id, const char *opt, const char *v)
{
    sweep_args_t *a = ctx;
    uint64_t n;
    switch (id) {
    case CLI_OPERAND:
        if (a->file)
            return cli_usage_error("sweep", "expected one sweep FILE, got a second one \"%s\"", v);
        a->file = v;
        return 0;
    case OPT_HELP:
        fputs(help, stdout);
        return -1;
    case OPT_RESUME:
        a->resume = true;
        return 0;
    case OPT_RUNS:
        a->runs = true;
        return 0;
    case OPT_QUICK:
        a->quick = true;
        return 0;
    case OPT_NO_PLOTS:
        a->plots = false;
        return 0;
    case OPT_DB:
        if (!*v || strcmp(v, "-") == 0)
            return cli_usage_error("sweep", "option %s expects a file name (SQLite is binary)",
                                   opt);
        a->db = v;
        a->runs = true; /* its runs table comes from the journal's runs */
        return 0;
    case OPT_OUTPUT:
        if (!*v)
            return cli_usage_error("sweep", "option %s expects a directory", opt);
        a->dir = v;
        return 0;
    case OPT_JOBS:
        if (!parse_count(v, 1024, &n) || n == 0)
            return cli_usage_error("sweep", "-j expects a number of workers from 1 to 1024");
        a->jobs = (int)n;
        return 0;
    case OPT_REPLICATIONS:
        if (!parse_count(v, SWEEP_REPLICATIONS_MAX, &n) || n == 0)
            return cli_usage_error("sweep",
                                   "--replications expects a whole number from 1 to 1000000000");
        a->opt.replications = n;
        a->has_replications = true;
        return 0;
    case OPT_SEED:
        if (!parse_count(v, UINT64_MAX, &n))
            return cli_usage_error("sweep", "--seed expects a whole number");
        a->opt.seed = n;
        a->opt.has_seed = true;
        return 0;
    case OPT_SET:
        a->sets[a->opt.n_sets++] = v;
        return 0;
    }
    return cli_usage_error("sweep", "unknown option \"%s\"", opt);
}

/* --db F can be written (not a directory, its directory writable), before
 * anything runs: a sweep of an hour must not fail at its last write. */
static int check_db(const char *path)
{
    sim_err_t err = {0};
    if (outfile_check(path, &err))
        return cli_usage_error("sweep", "--db %s", err.msg);
    char copy[4096];
    snprintf(copy, sizeof(copy), "%s", path);
    const char *dir = dirname(copy);
    if (access(dir, W_OK) != 0)
        return cli_usage_error("sweep", "--db %s: cannot write in %s: %s", path, dir,
                               strerror(errno));
    return 0;
}

/* 0 to go on, -1 after --help, else the exit status. */
static int parse(int argc, char **argv, sweep_args_t *a)
{
    a->plots = true;
    a->sets = calloc((size_t)argc + 1, sizeof(*a->sets));
    if (!a->sets)
        return CLI_FAIL;
    a->opt.sets = a->sets;
    int rc = cli_parse_args("sweep", sweep_options, argc, argv, on_arg, a);
    if (rc)
        return rc;
    if (!a->file)
        return cli_usage_error("sweep", "expected a sweep FILE");
    if (a->quick && a->has_replications)
        return cli_usage_error("sweep", "--quick and --replications exclude each other: give one");
    if ((rc = cli_resolve_scenario("sweep", a->file, a->path, sizeof(a->path))))
        return rc;
    a->file = a->path;
    return a->db ? check_db(a->db) : 0;
}

/* ------------------------------------------------------------ resume hint */

/* Appends word to buf, in single quotes when the shell would change it. */
static void append_quoted(char *buf, size_t cap, const char *word)
{
    size_t n = strlen(buf);
    bool plain = *word != 0;
    for (const char *c = word; *c; c++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%", *c))
            plain = false;
    if (plain) {
        snprintf(buf + n, cap - n, " %s", word);
        return;
    }
    n += (size_t)snprintf(buf + n, cap > n ? cap - n : 0, " '");
    for (const char *c = word; *c && n + 5 < cap; c++) {
        if (*c == '\'')
            n += (size_t)snprintf(buf + n, cap - n, "'\\''");
        else
            buf[n++] = *c;
    }
    if (n + 2 < cap) {
        buf[n++] = '\'';
        buf[n] = 0;
    }
}

/* "mobsim sweep ARGS... --resume": every option the user gave, so the command works. */
static void resume_command(int argc, char **argv, char *buf, size_t cap)
{
    snprintf(buf, cap, "mobsim sweep");
    bool has_resume = false;
    for (int i = 1; i < argc; i++) {
        has_resume = has_resume || strcmp(argv[i], "--resume") == 0;
        append_quoted(buf, cap, argv[i]);
    }
    if (!has_resume) {
        size_t n = strlen(buf);
        snprintf(buf + n, cap - n, " --resume");
    }
}

/* ------------------------------------------------------------ progress */

typedef struct progress {
    bool on; /* stderr is a terminal */
    struct timespec t0, last;
    uint64_t runs_at_start, total;
    size_t points;
} progress_t;

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) * 1e-9;
}

static void progress_show(progress_t *p, const sweep_out_t *o, bool force)
{
    if (!p->on)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!force && since(&p->last, &now) < 0.25)
        return;
    p->last = now;
    uint64_t done = sweep_out_runs_done(o);
    double dt = since(&p->t0, &now);
    double rate = dt > 0 ? (double)(done - p->runs_at_start) / dt : 0;
    char eta[32] = "--:--";
    if (rate > 0 && done < p->total) {
        long s = (long)((double)(p->total - done) / rate);
        snprintf(eta, sizeof(eta), "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    }
    fprintf(stderr, "\r\033[Ksweep: points %zu/%zu  runs %llu/%llu  %.0f runs/s  ETA %s",
            sweep_out_points_done(o), p->points, (unsigned long long)done,
            (unsigned long long)p->total, rate, eta);
}

static void progress_end(progress_t *p)
{
    if (p->on)
        fputs("\r\033[K", stderr);
}

/* ------------------------------------------------------------ local */

typedef struct local {
    sweep_out_t *out;
    progress_t prog;
    const uint8_t *skip; /* points finished before this run */
    int rank, size;
} local_t;

static bool want_task(void *ctx, size_t task, const sweep_t *s)
{
    local_t *L = ctx;
    size_t point = task / sweep_tasks_per_point(s);
    if (L->size > 1 && task % (size_t)L->size != (size_t)L->rank)
        return false;
    return !L->skip[point];
}

typedef struct exec_ctx {
    local_t *L;
    const sweep_t *s;
#ifdef MOBSIM_MPI
    double *buf;
    size_t cap;
    int finished_ranks;
#endif
} exec_ctx_t;

static bool want(void *ctx, size_t task)
{
    exec_ctx_t *x = ctx;
    return want_task(x->L, task, x->s);
}

static int sink_local(void *ctx, sweep_block_t *b, sim_err_t *err)
{
    exec_ctx_t *x = ctx;
    int rc = sweep_out_add(x->L->out, b, err);
    progress_show(&x->L->prog, x->L->out, false);
    return rc;
}

static int poll_local(void *ctx, sim_err_t *err)
{
    (void)err;
    exec_ctx_t *x = ctx;
    progress_show(&x->L->prog, x->L->out, false);
    return 0;
}

/* ------------------------------------------------------------ MPI */

#ifdef MOBSIM_MPI
enum { TAG_BLOCK = 1, TAG_DONE = 2 };

/* Non-root ranks: every finished block goes to rank 0 as
 * [task, numbers...] in doubles (task ids stay below 2^53). */
static int sink_send(void *ctx, sweep_block_t *b, sim_err_t *err)
{
    exec_ctx_t *x = ctx;
    size_t n;
    double *data = sweep_block_data(b, &n);
    if (n + 1 > x->cap) {
        double *nb = realloc(x->buf, (n + 1) * sizeof(*nb));
        if (!nb) {
            sweep_block_destroy(b);
            return sim_err_set(err, SIM_ENOMEM, "out of memory");
        }
        x->buf = nb;
        x->cap = n + 1;
    }
    x->buf[0] = (double)sweep_block_task(b);
    memcpy(x->buf + 1, data, n * sizeof(*data));
    sweep_block_destroy(b);
    MPI_Send(x->buf, (int)(n + 1), MPI_DOUBLE, 0, TAG_BLOCK, MPI_COMM_WORLD);
    return 0;
}

/* Rank 0: receives one message; blocking or not. Returns 1 when none. */
static int receive(exec_ctx_t *x, bool block, sim_err_t *err)
{
    MPI_Status st;
    int flag = 1;
    if (block)
        MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
    else
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
    if (!flag)
        return 1;
    int count = 0;
    MPI_Get_count(&st, MPI_DOUBLE, &count);
    if ((size_t)count > x->cap) {
        double *nb = realloc(x->buf, (size_t)count * sizeof(*nb));
        if (!nb)
            return sim_err_set(err, SIM_ENOMEM, "out of memory");
        x->buf = nb;
        x->cap = (size_t)count;
    }
    MPI_Recv(x->buf, count, MPI_DOUBLE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    if (st.MPI_TAG == TAG_DONE) {
        x->finished_ranks++;
        return 0;
    }
    size_t task = (size_t)x->buf[0];
    if (count < 1 || task >= sweep_n_tasks(x->s))
        return sim_err_set(err, SIM_EIO, "rank %d sent a block of no task", st.MPI_SOURCE);
    sweep_block_t *b = sweep_block_create(x->s, task);
    if (!b)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    int rc = sweep_block_load(b, x->buf + 1, (size_t)count - 1, err);
    if (rc) {
        sweep_block_destroy(b);
        return rc;
    }
    return sink_local(x, b, err);
}

static int poll_mpi(void *ctx, sim_err_t *err)
{
    exec_ctx_t *x = ctx;
    int rc;
    while ((rc = receive(x, false, err)) == 0)
        ;
    return rc < 0 ? rc : poll_local(ctx, err);
}
#endif

/* ------------------------------------------------------------ main */

static void default_dir(const sweep_t *s, char *buf, size_t cap)
{
    const char *n = sweep_name(s);
    if (strncmp(n, "sweep-", 6) == 0 && n[6])
        n += 6;
    snprintf(buf, cap, "out/sweep-%s", n);
}

static int print_outputs(const char *dir, bool runs, bool plots, const char *db)
{
    printf("%s/sweep.csv\n%s/sweep.json\n", dir, dir);
    if (runs)
        printf("%s/runs.csv\n", dir);
    if (db)
        printf("%s\n", db);
    if (plots) {
        static const char *const names[] = {"restored", "restore_time", "signaling", "vulnerable"};
        for (int i = 0; i < 4; i++) {
            char p[4200];
            snprintf(p, sizeof(p), "%s/%s.gp", dir, names[i]);
            if (access(p, F_OK) != 0)
                continue;
            printf("%s\n", p);
            snprintf(p, sizeof(p), "%s/%s.svg", dir, names[i]);
            if (access(p, F_OK) == 0)
                printf("%s\n%s/%s.png\n", p, dir, names[i]);
        }
    }
    return CLI_OK; /* cli_finish_stdout() checks standard output */
}

/* The whole sweep on this process (rank 0 of an MPI run included). */
static int run_root(const sweep_args_t *a, const sweep_t *s, int rank, int size)
{
    char dir[4096];
    sim_err_t err = {0};
    if (a->dir)
        snprintf(dir, sizeof(dir), "%s", a->dir);
    else
        default_dir(s, dir, sizeof(dir));
    sweep_out_options_t oo = {dir, a->resume, a->runs, a->plots};
    sweep_out_t *out = NULL;
    int rc = sweep_out_open(s, &oo, &out, &err);
    prov_t prov;
    memset(&prov, 0, sizeof(prov));
    if (!rc && prov_init(&prov, CLI_PROGRAM, a->argc, a->argv) != 0)
        rc = sim_err_set(&err, SIM_ENOMEM, "out of memory");
    if (!rc) {
        prov_set_seed(&prov, sweep_seed(s), PROV_SEEDING_SWEEP);
        sweep_out_set_provenance(out, &prov);
    }
    if (!rc && a->db)
        rc = sweep_out_set_db(out, a->db, &err);
    local_t L = {out, {0}, NULL, rank, size};
    /* the points the journal already holds, read before the workers start
     * (they ask while the calling thread appends) */
    size_t np = sweep_n_points(s);
    uint8_t *skip = rc ? NULL : calloc(np ? np : 1, 1);
    if (!rc && !skip)
        rc = sim_err_set(&err, SIM_ENOMEM, "out of memory");
    for (size_t p = 0; skip && p < np; p++)
        skip[p] = sweep_out_point_done(out, p);
    L.skip = skip;
#ifdef MOBSIM_MPI
    /* every rank learns them too */
    int ok = rc == 0;
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (ok)
        MPI_Bcast(skip, (int)np, MPI_BYTE, 0, MPI_COMM_WORLD);
#endif
    if (rc) {
        fprintf(stderr, "mobsim sweep: %s\n", err.msg);
        sweep_out_destroy(out);
        prov_fini(&prov);
        free(skip);
        return cli_status_of(rc);
    }
    L.prog.on = isatty(STDERR_FILENO);
    L.prog.points = sweep_n_points(s);
    L.prog.total = sweep_runs_total(s);
    L.prog.runs_at_start = sweep_out_runs_done(out);
    clock_gettime(CLOCK_MONOTONIC, &L.prog.t0);
    exec_ctx_t x;
    memset(&x, 0, sizeof(x));
    x.L = &L;
    x.s = s;
    sweep_exec_t ex = {a->jobs, want, sink_local, poll_local, 0, &x, cli_stop_flag()};
#ifdef MOBSIM_MPI
    if (size > 1) {
        /* a rank's MPI_Send spins until rank 0 takes the block: take it soon */
        ex.poll = poll_mpi;
        ex.poll_ms = 1;
    }
#endif
    rc = sweep_execute(s, &ex, &err);
#ifdef MOBSIM_MPI
    while (rc == 0 && x.finished_ranks < size - 1 && !cli_signal_caught())
        rc = receive(&x, true, &err) < 0 ? -SIM_EIO : 0;
    free(x.buf);
    if (rc) {
        progress_end(&L.prog);
        fprintf(stderr, "mobsim sweep: %s\n", err.msg);
        MPI_Abort(MPI_COMM_WORLD, cli_status_of(rc));
    }
#endif
    progress_show(&L.prog, out, true);
    progress_end(&L.prog);
    if (rc) { /* a drawn scenario the models refuse is the file's fault */
        fprintf(stderr, "mobsim sweep: %s\n", err.msg);
        sweep_out_destroy(out);
        prov_fini(&prov);
        free(skip);
        return rc == -SIM_EINVAL ? CLI_USAGE : CLI_FAIL;
    }
    if (cli_signal_caught() && sweep_out_points_done(out) < np) {
        char cmd[8192];
        resume_command(a->argc, a->argv, cmd, sizeof(cmd));
        fprintf(stderr,
                "mobsim sweep: interrupted with %zu of %zu grid points done; `%s` goes on\n",
                sweep_out_points_done(out), sweep_n_points(s), cmd);
        sweep_out_destroy(out);
        prov_fini(&prov);
        free(skip);
        return 128 + cli_signal_caught();
    }
    rc = sweep_out_finish(out, &err);
    sweep_out_destroy(out);
    prov_fini(&prov);
    free(skip);
    if (rc) {
        fprintf(stderr, "mobsim sweep: %s\n", err.msg);
        /* a journal refused while the outputs are written is bad input (2);
         * otherwise the runs were fine and writing the outputs failed (1) */
        return rc == -SIM_EINVAL ? CLI_USAGE : CLI_FAIL;
    }
    return print_outputs(dir, a->runs, a->plots, a->db);
}

#ifdef MOBSIM_MPI
static int run_worker_rank(const sweep_args_t *a, const sweep_t *s, int rank, int size)
{
    unsigned long long np = sweep_n_points(s);
    uint8_t *skip = calloc(np ? np : 1, 1);
    int ok = 0;
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (!ok) {
        free(skip);
        return CLI_USAGE; /* rank 0 said why */
    }
    if (!skip)
        MPI_Abort(MPI_COMM_WORLD, CLI_FAIL);
    MPI_Bcast(skip, (int)np, MPI_BYTE, 0, MPI_COMM_WORLD);
    local_t L = {NULL, {0}, skip, rank, size};
    exec_ctx_t x;
    memset(&x, 0, sizeof(x));
    x.L = &L;
    x.s = s;
    sweep_exec_t ex = {a->jobs, want, sink_send, NULL, 0, &x, cli_stop_flag()};
    sim_err_t err = {0};
    int rc = sweep_execute(s, &ex, &err);
    free(x.buf);
    free(skip);
    if (rc) {
        fprintf(stderr, "mobsim sweep (rank %d): %s\n", rank, err.msg);
        MPI_Abort(MPI_COMM_WORLD, cli_status_of(rc));
    }
    MPI_Send(NULL, 0, MPI_DOUBLE, 0, TAG_DONE, MPI_COMM_WORLD);
    return CLI_OK;
}
#endif

int cli_sweep(int argc, char **argv)
{
    sweep_args_t a;
    memset(&a, 0, sizeof(a));
    a.argc = argc;
    a.argv = argv;
    int status = parse(argc, argv, &a);
    if (status) {
        free(a.sets);
        return status < 0 ? CLI_OK : status;
    }
    int rank = 0, size = 1;
#ifdef MOBSIM_MPI
    int provided;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (a.jobs == 0 && size > 1)
        a.jobs = 1; /* one rank per core is the usual MPI layout */
#endif
    sim_err_t err = {0};
    sweep_t *s = NULL;
    a.opt.threads = a.jobs; /* the theory column's windows are derived on -j threads */
    int rc = sweep_load_file(a.file, &a.opt, &s, &err);
    if (rc == 0 && a.quick && sweep_replications(s) > 20) {
        sweep_destroy(s);
        a.opt.replications = 20;
        rc = sweep_load_file(a.file, &a.opt, &s, &err);
    }
    if (rc) {
        if (rank == 0)
            fprintf(stderr, "mobsim sweep: %s\n", err.msg);
        status = cli_status_of(rc);
    } else {
        cli_signals_install();
        if (rank == 0)
            status = run_root(&a, s, rank, size);
#ifdef MOBSIM_MPI
        else
            status = run_worker_rank(&a, s, rank, size);
#endif
    }
    sweep_destroy(s);
    free(a.sets);
#ifdef MOBSIM_MPI
    MPI_Finalize();
#endif
    return status;
}
