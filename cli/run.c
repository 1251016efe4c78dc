/* cli/run.c - `mobsim run` and `mobsim validate`. */
#include "cli/cli.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "analysis/episode.h"
#include "analysis/msc.h"
#include "analysis/outfile.h"
#include "analysis/pcap.h"
#include "analysis/population.h"
#include "analysis/report.h"
#include "analysis/series.h"
#include "analysis/stateat.h"
#include "analysis/sweep.h"
#include "analysis/tracelog.h"
#include "models/world.h"
#include "scenarios/scn.h"
#include "sim/sim.h"

static const char run_help[] =
    "usage: mobsim run FILE [OPTIONS]\n"
    "\n"
    "Runs one scenario to its horizon and reports what happened: for each\n"
    "direction whether route optimization was restored and when, the restore\n"
    "time, signaling sent and lost (each lost message with where and why it\n"
    "died), data loss, delay and the longest gap in delivery. FILE \"-\" reads\n"
    "the scenario from standard input; a shipped scenario's short name (fig1)\n"
    "stands for its file when no file of that name exists (./scenarios/fig1.json,\n"
    "then the installed scenarios: docs/cli.md, \"Scenario names\").\n"
    "\n"
    "Options:\n"
    "  --set KEY=VALUE   override a scenario key by its path before validation;\n"
    "                    repeatable, applied in order. VALUE is JSON when it\n"
    "                    parses as JSON (0.01, true, [..], {..}, \"text\"),\n"
    "                    otherwise a string (120ms, hoa-signaling).\n"
    "                      --set params.T_b=120ms --set scheme=hoa-signaling\n"
    "                      --set moves[1].at=1.2s --set loss=0.01\n"
    "  --json            print the metrics as one JSON object instead of the\n"
    "                    summary, its provenance (version, commit, command,\n"
    "                    date, seed) first (keys: docs/cli.md)\n"
    "                      mobsim run fig1.json --json\n"
    "  -o, --output F    write the summary (or the JSON) to F instead of\n"
    "                    standard output\n"
    "                      mobsim run fig1.json --json -o out/fig1.json\n"
    "  --pcap F          write every packet put on a link to F (pcap, raw IPv6,\n"
    "                    nanosecond timestamps); Wireshark and tshark open it\n"
    "                      mobsim run fig1.json --pcap fig1.pcap\n"
    "  --pcap-drops F    write every packet that died to F (pcap as for --pcap),\n"
    "                    stamped with the instant it died, its bytes as they were\n"
    "                    where it died (docs/wireshark.md)\n"
    "                      mobsim run fig1.json --pcap-drops fig1-drops.pcap\n"
    "  --state-at T      print every binding cache (correspondents' and home\n"
    "                    agents'), Binding Update List entry with its state and\n"
    "                    home registration at simulated time T (after every event\n"
    "                    due at T) instead of the summary; JSON with --json (keys:\n"
    "                    docs/cli.md); repeatable, printed in time order\n"
    "                      mobsim run fig1.json --state-at 0.9s --state-at 2s\n"
    "  --trace F         write a text log to F: one line per trace record (time,\n"
    "                    kind, node -> peer, label, code)\n"
    "                      mobsim run fig1.json --trace fig1.log\n"
    "  --msc F.svg       message sequence chart of the run (docs/msc.md): SVG for\n"
    "                    F.svg, mscgen text for F.msc (any other name is refused);\n"
    "                    from just before the first handoff until both bindings\n"
    "                    are restored\n"
    "                      mobsim run fig1.json --msc fig1.svg\n"
    "  --handoffs F.csv  write one CSV row per (handoff, correspondent) to F: time,\n"
    "                    host, from, to, peer, peer_offset, episode, lost,\n"
    "                    restored, restore_time, fallback (\"# \" provenance lines,\n"
    "                    a header line; docs/model.md, \"Handoff records\")\n"
    "                      mobsim run fig1.json --handoffs fig1-handoffs.csv\n"
    "  --series F.csv    data packets delivered per 10 ms bin and direction: time_s\n"
    "                    (the bin's start), then one column per direction such as\n"
    "                    A_to_B, B_to_A (docs/cli.md)\n"
    "                      mobsim run fig1.json --series fig1-series.csv\n"
    "  -h, --help        this text\n"
    "\n"
    "Output files: a new or regular file F is written as a temporary file beside\n"
    "it (beside a symlink's target: the link stays) and renamed into place only\n"
    "when the run succeeds, so a failed or stopped run leaves nothing behind; a\n"
    "character device or FIFO (/dev/null) is written straight; \"-\" is standard\n"
    "output; a directory, two outputs naming one file, or an output over FILE is\n"
    "refused before the run. On a terminal a progress line goes to standard error.\n"
    "\n"
    "Exit status: 0 success, 1 the run failed, 2 bad input or usage, 129/130/143\n"
    "stopped by SIGHUP/SIGINT/SIGTERM (every temporary file removed).\n";

static const char validate_help[] =
    "usage: mobsim validate FILE [--json] [--set KEY=VALUE]...\n"
    "\n"
    "Checks that `mobsim run FILE` would accept the scenario: every key, type,\n"
    "range and name, and that the network model can be built from it. Prints\n"
    "nothing when the file is valid, else one line such as (FILE \"-\": stdin;\n"
    "a shipped scenario's short name such as fig1 or sweep-tb: its file)\n"
    "  x.json: $.moves[1].at: expected a time such as \"120ms\" ...\n"
    "\n"
    "Options:\n"
    "  --set KEY=VALUE   check the scenario as overridden (as for run)\n"
    "                      mobsim validate fig1.json --set params.T_b=120ms\n"
    "  --json            print the verdict as one JSON object on standard output,\n"
    "                    valid or not: provenance, file, kind, valid, error\n"
    "                    {message, path, why} or null, name (keys: docs/cli.md)\n"
    "                      mobsim validate fig1.json --json\n"
    "  -h, --help        this text\n"
    "\n"
    "A sweep file (with \"base\"/\"vary\") is checked as `mobsim sweep` would:\n"
    "its keys, and the scenario of every grid point under every scheme.\n"
    "\n"
    "Exit status: 0 valid, 2 invalid (or bad usage), 1 out of memory.\n";

enum {
    OPT_SET = 1,
    OPT_JSON,
    OPT_OUTPUT,
    OPT_PCAP,
    OPT_PCAP_DROPS,
    OPT_STATE_AT,
    OPT_TRACE,
    OPT_MSC,
    OPT_HANDOFFS,
    OPT_SERIES,
    OPT_HELP
};

static const cli_option_t run_options[] = {
    {"--set", 0, true, OPT_SET},
    {"--json", 0, false, OPT_JSON},
    {"--output", 'o', true, OPT_OUTPUT},
    {"--pcap", 0, true, OPT_PCAP},
    {"--pcap-drops", 0, true, OPT_PCAP_DROPS},
    {"--state-at", 0, true, OPT_STATE_AT},
    {"--trace", 0, true, OPT_TRACE},
    {"--msc", 0, true, OPT_MSC},
    {"--handoffs", 0, true, OPT_HANDOFFS},
    {"--series", 0, true, OPT_SERIES},
    {"--help", 'h', false, OPT_HELP},
    {NULL, 0, false, 0},
};

static const cli_option_t validate_options[] = {
    {"--set", 0, true, OPT_SET},
    {"--json", 0, false, OPT_JSON},
    {"--help", 'h', false, OPT_HELP},
    {NULL, 0, false, 0},
};

typedef struct run_args {
    const char *cmd;
    bool is_run;
    const char *file;
    const char **sets;
    size_t n_sets;
    bool json;
    const char *output, *pcap, *pcap_drops, *trace, *msc, *handoffs, *series;
    sim_time_t *state_at; /* --state-at times, in command-line order */
    size_t n_state_at;
    char output_opt[16]; /* "-o" or "--output", as given */
    char path[4400];     /* file resolved (cli_resolve_scenario) */
    prov_t prov;         /* where --json output comes from */
} run_args_t;

/* --state-at T: a time as the scenario writes one (the horizon is checked
 * once the scenario is loaded). */
static int add_state_at(run_args_t *a, const char *value)
{
    sim_err_t err = {0};
    sim_time_t t;
    if (sim_time_parse(value, &t, &err) != 0)
        return cli_usage_error(a->cmd, "--state-at: %s", err.msg);
    a->state_at[a->n_state_at++] = t;
    return 0;
}

static int on_arg(void *ctx, int id, const char *opt, const char *value)
{
    run_args_t *a = ctx;
    const char **slot = NULL;
    switch (id) {
    case CLI_OPERAND:
        if (a->file)
            return cli_usage_error(a->cmd, "expected one scenario FILE, got a second one \"%s\"",
                                   value);
        a->file = value;
        return 0;
    case OPT_HELP:
        fputs(a->is_run ? run_help : validate_help, stdout);
        return -1;
    case OPT_SET:
        a->sets[a->n_sets++] = value;
        return 0;
    case OPT_JSON:
        a->json = true;
        return 0;
    case OPT_OUTPUT:
        snprintf(a->output_opt, sizeof(a->output_opt), "%s", opt);
        slot = &a->output;
        break;
    case OPT_PCAP:
        slot = &a->pcap;
        break;
    case OPT_PCAP_DROPS:
        slot = &a->pcap_drops;
        break;
    case OPT_STATE_AT:
        return add_state_at(a, value);
    case OPT_TRACE:
        slot = &a->trace;
        break;
    case OPT_MSC:
        slot = &a->msc;
        break;
    case OPT_HANDOFFS:
        slot = &a->handoffs;
        break;
    case OPT_SERIES:
        slot = &a->series;
        break;
    }
    if (!slot)
        return cli_usage_error(a->cmd, "unknown option \"%s\"", opt);
    if (!*value)
        return cli_usage_error(a->cmd, "option %s expects a file name", opt);
    *slot = value;
    return 0;
}

/* Returns 0 to go on, -1 after printing help (exit 0), or the exit status. */
static int parse_args(const char *cmd, bool is_run, int argc, char **argv, run_args_t *a)
{
    memset(a, 0, sizeof(*a));
    a->cmd = cmd;
    a->is_run = is_run;
    a->sets = calloc((size_t)argc + 1, sizeof(*a->sets));
    a->state_at = calloc((size_t)argc + 1, sizeof(*a->state_at));
    if (!a->sets || !a->state_at || prov_init(&a->prov, CLI_PROGRAM, argc, argv) != 0) {
        fprintf(stderr, "mobsim: out of memory\n");
        return CLI_FAIL;
    }
    int rc = cli_parse_args(cmd, is_run ? run_options : validate_options, argc, argv, on_arg, a);
    if (rc)
        return rc;
    if (!a->file)
        return cli_usage_error(cmd, "expected a scenario FILE");
    if ((rc = cli_resolve_scenario(cmd, a->file, a->path, sizeof(a->path))))
        return rc;
    a->file = a->path;
    return 0;
}

/* Everything about the outputs that can be refused before the run. */
static int check_outputs(const run_args_t *a)
{
    static const char *const chart_exts[] = {".svg", ".msc", NULL};
    if (a->pcap && strcmp(a->pcap, "-") == 0)
        return cli_usage_error("run", "--pcap needs a file name (pcap is binary)");
    if (a->pcap_drops && strcmp(a->pcap_drops, "-") == 0)
        return cli_usage_error("run", "--pcap-drops needs a file name (pcap is binary)");
    cli_output_t outs[] = {
        {a->n_state_at ? "the state"
         : a->json     ? "the JSON"
                       : "the summary",
         a->output ? NULL : "-"},
        {a->output_opt, a->output},
        {"--pcap", a->pcap},
        {"--pcap-drops", a->pcap_drops},
        {"--trace", a->trace},
        {"--msc", a->msc},
        {"--handoffs", a->handoffs},
        {"--series", a->series},
    };
    int status = cli_check_outputs("run", outs, sizeof(outs) / sizeof(outs[0]), a->file);
    if (status == 0 && a->msc && strcmp(a->msc, "-") != 0)
        status = cli_check_extension("run", "--msc", a->msc, chart_exts,
                                     ".svg (SVG) or .msc (mscgen text)");
    return status;
}

/* FILE "-": the scenario comes from standard input ("<stdin>" in messages). */
static int load_config(const run_args_t *a, mob_config_t *cfg, sim_err_t *err)
{
    mob_config_defaults(cfg);
    if (strcmp(a->file, "-") != 0)
        return scn_load_file(a->file, a->sets, a->n_sets, cfg, err);
    char *text = NULL;
    size_t len = 0;
    int rc = scn_read_stream(stdin, "<stdin>", &text, &len, err);
    if (rc == 0)
        rc = scn_load_string(text, len, "<stdin>", a->sets, a->n_sets, cfg, err);
    free(text);
    return rc;
}

/* Loads the scenario: prints the error line and returns the exit status. */
static int load_or_say(const run_args_t *a, mob_config_t *cfg)
{
    sim_err_t err = {0};
    int rc = load_config(a, cfg, &err);
    if (rc) {
        fprintf(stderr, "%s\n", err.msg);
        return cli_status_of(rc);
    }
    return 0;
}

/* The world's refusal of a scenario names the file; the rest is ours. */
static int say_episode_error(const run_args_t *a, int rc, const sim_err_t *err)
{
    if (rc == -SIM_EINVAL)
        fprintf(stderr, "%s: %s\n", strcmp(a->file, "-") ? a->file : "<stdin>", err->msg);
    else
        fprintf(stderr, "mobsim: %s\n", err->msg[0] ? err->msg : sim_strerror(rc));
    return cli_status_of(rc);
}

/* What validate found, for the one line on stderr and for --json. */
typedef struct verdict {
    bool is_sweep;
    int status;     /* exit status: 0 valid */
    sim_err_t err;  /* the message when invalid */
    bool has_name;  /* valid: */
    char name[128]; /* the scenario's or sweep's name */
    size_t points, schemes;
    uint64_t runs;
} verdict_t;

/* A sweep file (not stdin): false when it is not one, else fills v. */
static bool validate_sweep(run_args_t *a, verdict_t *v)
{
    struct cJSON *root = NULL;
    sim_err_t err = {0};
    if (strcmp(a->file, "-") == 0 || scn_parse_file(a->file, &root, &err) != 0)
        return false; /* the scenario path reports it */
    bool is_sweep = scn_kind(root) == SCN_KIND_SWEEP;
    cJSON_Delete(root);
    if (!is_sweep)
        return false;
    v->is_sweep = true;
    sweep_options_t opt = {0, false, 0, a->sets, a->n_sets, 0};
    sweep_t *s = NULL;
    int rc = sweep_load_file(a->file, &opt, &s, &v->err);
    if (rc) {
        v->status = cli_status_of(rc);
    } else {
        v->has_name = true;
        snprintf(v->name, sizeof(v->name), "%s", sweep_name(s));
        v->points = sweep_n_points(s);
        v->schemes = sweep_n_schemes(s);
        v->runs = sweep_runs_total(s);
        prov_set_seed(&a->prov, sweep_seed(s), PROV_SEEDING_SWEEP);
    }
    sweep_destroy(s);
    return true;
}

static void validate_scenario(run_args_t *a, verdict_t *v)
{
    mob_config_t *cfg = malloc(sizeof(*cfg));
    if (!cfg) {
        v->status = CLI_FAIL;
        sim_err_set(&v->err, SIM_ENOMEM, "mobsim: out of memory");
        return;
    }
    int rc = load_config(a, cfg, &v->err);
    if (rc == 0) {
        sim_err_t err = {0};
        rc = episode_check(cfg, &err);
        if (rc == -SIM_EINVAL)
            sim_err_set(&v->err, SIM_EINVAL, "%s: %s", strcmp(a->file, "-") ? a->file : "<stdin>",
                        err.msg);
        else if (rc)
            sim_err_set(&v->err, -rc, "mobsim: %s", err.msg[0] ? err.msg : sim_strerror(rc));
    }
    if (rc) {
        v->status = cli_status_of(rc);
    } else {
        v->has_name = true;
        snprintf(v->name, sizeof(v->name), "%s", cfg->name);
        prov_set_seed(&a->prov, cfg->seed, PROV_SEEDING_RUN);
    }
    mob_config_free(cfg);
    free(cfg);
}

/* "FILE: $.path: what was expected" into its parts: the JSON path, when the
 * message names one after the file. */
static cJSON *error_json(const char *msg)
{
    cJSON *e = cJSON_CreateObject();
    if (!e || !cJSON_AddStringToObject(e, "message", msg))
        return cJSON_Delete(e), NULL;
    const char *p = strstr(msg, ": $");
    const char *end = p ? strstr(p + 2, ": ") : NULL;
    bool ok;
    if (p && end) {
        char path[1024];
        snprintf(path, sizeof(path), "%.*s", (int)(end - (p + 2)), p + 2);
        ok = cJSON_AddStringToObject(e, "path", path) && cJSON_AddStringToObject(e, "why", end + 2);
    } else {
        ok = cJSON_AddNullToObject(e, "path") && cJSON_AddStringToObject(e, "why", msg);
    }
    return ok ? e : (cJSON_Delete(e), NULL);
}

/* The verdict as JSON on standard output (docs/cli.md, "validate --json"). */
static int validate_json(const run_args_t *a, const verdict_t *v)
{
    cJSON *root = cJSON_CreateObject();
    bool ok = root != NULL;
    cJSON *p = ok ? prov_json(&a->prov) : NULL;
    ok = p && cJSON_AddItemToObject(root, "provenance", p);
    if (!p || !ok)
        cJSON_Delete(p);
    ok = ok && cJSON_AddStringToObject(root, "file", strcmp(a->file, "-") ? a->file : "<stdin>");
    ok = ok && cJSON_AddStringToObject(root, "kind", v->is_sweep ? "sweep" : "scenario");
    ok = ok && cJSON_AddBoolToObject(root, "valid", v->status == 0);
    if (ok && v->status == 0) {
        ok = cJSON_AddNullToObject(root, "error") && cJSON_AddStringToObject(root, "name", v->name);
        if (ok && v->is_sweep)
            ok = cJSON_AddNumberToObject(root, "points", (double)v->points) &&
                 cJSON_AddNumberToObject(root, "schemes", (double)v->schemes) &&
                 cJSON_AddNumberToObject(root, "runs", (double)v->runs);
    } else if (ok) {
        cJSON *e = error_json(v->err.msg);
        ok = e && cJSON_AddItemToObject(root, "error", e);
        if (!ok)
            cJSON_Delete(e);
    }
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text) {
        fprintf(stderr, "mobsim: out of memory\n");
        return CLI_FAIL;
    }
    puts(text);
    cJSON_free(text);
    return v->status;
}

int cli_validate(int argc, char **argv)
{
    run_args_t a;
    int status = parse_args("validate", false, argc, argv, &a);
    if (status == 0) {
        verdict_t v;
        memset(&v, 0, sizeof(v));
        if (!validate_sweep(&a, &v))
            validate_scenario(&a, &v);
        if (v.status)
            fprintf(stderr, "%s\n", v.err.msg);
        status = a.json ? validate_json(&a, &v) : v.status;
    }
    free(a.sets);
    free(a.state_at);
    prov_fini(&a.prov);
    return status < 0 ? CLI_OK : status;
}

/* ------------------------------------------------------------ the run */

static const char *world_node_name(const void *ctx, int node)
{
    return mob_world_node_name(ctx, node);
}

typedef struct run_outputs {
    outfile_t report, trace, chart, handoffs, series_file;
    series_t *series;
    pcap_sink_t *pcap, *drops;
    stateat_t *states;
    tracelog_t *log;
    msc_t *msc;
} run_outputs_t;

typedef struct progress {
    bool on; /* stderr is a terminal */
    bool shown;
    struct timespec t0, last;
} progress_t;

typedef struct run {
    const run_args_t *a;
    const mob_config_t *cfg;
    run_outputs_t o;
    progress_t prog;
    int status; /* set (and said) by a hook that failed */
} run_t;

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) * 1e-9;
}

/* "mobsim run: 12.5 s of 3600 s simulated (0.3%), 41 s left", at most 5 a second. */
static void progress_show(progress_t *p, sim_time_t now, sim_time_t horizon)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    if (since(&p->last, &t) < 0.2)
        return;
    p->last = t;
    double done = horizon > 0 ? (double)now / (double)horizon : 1;
    double wall = since(&p->t0, &t);
    char left[32] = "";
    if (done > 0 && done < 1)
        snprintf(left, sizeof(left), ", %.0f s left", wall * (1 - done) / done);
    fprintf(stderr, "\r\033[Kmobsim run: %.1f s of %g s simulated (%.1f%%)%s", sim_time_to_s(now),
            sim_time_to_s(horizon), 100 * done, left);
    p->shown = true;
}

static void progress_end(progress_t *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = false;
}

static bool run_tick(void *ctx, sim_time_t now, sim_time_t horizon)
{
    run_t *r = ctx;
    if (cli_signal_caught())
        return false;
    if (r->prog.on)
        progress_show(&r->prog, now, horizon);
    return true;
}

static int open_outputs(void *ctx, sim_t *sim, mob_world_t *w, sim_err_t *err)
{
    run_t *r = ctx;
    const run_args_t *a = r->a;
    run_outputs_t *o = &r->o;
    int rc = 0;
    if (a->output && (rc = outfile_open(&o->report, a->output, err)))
        goto fail;
    if (a->trace) {
        if ((rc = outfile_open(&o->trace, a->trace, err)))
            goto fail;
        if ((rc = tracelog_attach(sim, o->trace.f, world_node_name, w, &o->log)))
            goto fail;
    }
    if (a->pcap) {
        if ((rc = pcap_sink_open(a->pcap, &o->pcap, err)))
            goto fail;
        if ((rc = pcap_sink_attach(o->pcap, sim_bus(sim))))
            goto fail;
    }
    if (a->pcap_drops) {
        if ((rc = pcap_sink_open(a->pcap_drops, &o->drops, err)))
            goto fail;
        if ((rc = pcap_sink_attach_drops(o->drops, sim_bus(sim))))
            goto fail;
    }
    if (a->n_state_at) {
        stateat_format_t fmt = a->json ? STATEAT_JSON : STATEAT_TEXT;
        if ((rc = stateat_create(sim, w, a->state_at, a->n_state_at, fmt, &o->states))) {
            sim_err_set(err, SIM_ENOMEM, "out of memory");
            goto fail;
        }
    }
    if (a->msc) {
        if ((rc = outfile_open(&o->chart, a->msc, err)))
            goto fail;
        if ((rc = msc_create(sim, w, 0, &o->msc)))
            goto fail;
    }
    if (a->handoffs) {
        if ((rc = outfile_open(&o->handoffs, a->handoffs, err)))
            goto fail;
        if ((rc = mob_world_record_handoffs(w))) {
            sim_err_set(err, SIM_ENOMEM, "out of memory");
            goto fail;
        }
    }
    if (a->series) {
        if ((rc = outfile_open(&o->series_file, a->series, err)))
            goto fail;
        if ((rc = series_attach(sim, w, SIM_MS(10), &o->series))) {
            sim_err_set(err, SIM_ENOMEM, "out of memory");
            goto fail;
        }
    }
    return 0;
fail:
    if (!cli_signal_caught())
        fprintf(stderr, "mobsim: %s\n", err->msg[0] ? err->msg : sim_strerror(rc));
    /* an unwritable path: fix the command */
    r->status = rc == -SIM_EIO || rc == -SIM_EINVAL ? CLI_USAGE : CLI_FAIL;
    return rc;
}

/* The chart of the finished run: mscgen text for F.msc, SVG otherwise. */
static int write_chart(const char *path, run_outputs_t *o)
{
    msc_opts_t opts;
    msc_opts_default(&opts);
    size_t n = strlen(path);
    bool mscgen = n > 4 && strcasecmp(path + n - 4, ".msc") == 0;
    int rc = msc_finish(o->msc);
    if (rc == 0)
        rc = mscgen ? msc_write_mscgen(o->msc, &opts, o->chart.f)
                    : msc_write_svg(o->msc, &opts, o->chart.f);
    if (rc)
        fprintf(stderr, "mobsim: cannot write %s: %s\n", path, sim_strerror(-rc));
    return rc;
}

static int write_results(void *ctx, mob_world_t *w, sim_err_t *err)
{
    run_t *r = ctx;
    const run_args_t *a = r->a;
    progress_end(&r->prog);
    FILE *out = a->output ? r->o.report.f : stdout;
    const mob_metrics_t *m = mob_world_metrics(w);
    errno = 0;
    int rc = r->o.states ? stateat_write(r->o.states, out, &a->prov, err)
             : a->json   ? report_write_json_prov(out, r->cfg, m, &a->prov, err)
                         : report_write_summary(out, r->cfg, m, err);
    int e = errno ? errno : EIO;
    if (rc) {
        if (out == stdout && ferror(stdout))
            fprintf(stderr, "mobsim: cannot write standard output: %s\n", strerror(e));
        else
            fprintf(stderr, "mobsim: %s\n", err->msg);
        r->status = CLI_FAIL;
        return rc;
    }
    if (r->o.msc && (rc = write_chart(a->msc, &r->o)) != 0) {
        r->status = CLI_FAIL;
        return rc;
    }
    if (a->handoffs)
        prov_write_csv_comments(r->o.handoffs.f, &a->prov);
    if (a->handoffs && (rc = population_write_handoffs_csv(r->o.handoffs.f, r->cfg, m, err))) {
        fprintf(stderr, "mobsim: %s: %s\n", a->handoffs, err->msg);
        r->status = CLI_FAIL;
        return rc;
    }
    if (r->o.series &&
        (rc = series_write_csv(r->o.series, r->o.series_file.f, r->cfg->horizon, err))) {
        fprintf(stderr, "mobsim: cannot write %s: %s\n", a->series, err->msg);
        r->status = CLI_FAIL;
        return rc;
    }
    return 0;
}

static void detach_writers(void *ctx, sim_t *sim, mob_world_t *w)
{
    (void)w;
    run_t *r = ctx;
    sim_err_t err = {0};
    progress_end(&r->prog);
    if (r->o.log && tracelog_detach(r->o.log, &err) && r->status == 0) {
        fprintf(stderr, "mobsim: %s\n", err.msg);
        r->status = CLI_FAIL;
    }
    r->o.log = NULL;
    if (r->o.pcap)
        pcap_sink_detach(r->o.pcap, sim_bus(sim));
    if (r->o.drops)
        pcap_sink_detach_drops(r->o.drops, sim_bus(sim));
    stateat_destroy(r->o.states); /* cancels its events: before the sim goes */
    r->o.states = NULL;
    if (r->o.msc)
        msc_finish(r->o.msc); /* leaves the bus */
    series_detach(r->o.series, sim);
}

/* Publishes every output (status 0) or removes every temporary file. */
static int close_outputs(run_outputs_t *o, int status)
{
    sim_err_t err = {0};
    msc_destroy(o->msc);
    o->msc = NULL;
    series_destroy(o->series);
    o->series = NULL;
    if (status == 0 && cli_signal_caught())
        status = 128 + cli_signal_caught();
    if (status == 0 && o->pcap && pcap_sink_close(o->pcap, &err))
        status = CLI_FAIL;
    else if (status != 0)
        pcap_sink_abort(o->pcap);
    o->pcap = NULL;
    if (status == 0 && o->drops && pcap_sink_close(o->drops, &err))
        status = CLI_FAIL;
    else if (status != 0)
        pcap_sink_abort(o->drops);
    o->drops = NULL;
    if (status == 0 && (outfile_commit(&o->trace, &err) || outfile_commit(&o->chart, &err) ||
                        outfile_commit(&o->handoffs, &err) ||
                        outfile_commit(&o->series_file, &err) || outfile_commit(&o->report, &err)))
        status = CLI_FAIL;
    if (status != 0) {
        outfile_abort(&o->handoffs);
        outfile_abort(&o->series_file);
        outfile_abort(&o->chart);
        outfile_abort(&o->trace);
        outfile_abort(&o->report);
        if (err.msg[0])
            fprintf(stderr, "mobsim: %s\n", err.msg);
    }
    return status;
}

/* Every --state-at instant lies within the run: 0 .. the horizon. */
static int check_state_at(const run_args_t *a, const mob_config_t *cfg)
{
    for (size_t i = 0; i < a->n_state_at; i++) {
        if (a->state_at[i] <= cfg->horizon)
            continue;
        char t[32], h[32];
        sim_time_format(a->state_at[i], t, sizeof(t));
        sim_time_format(cfg->horizon, h, sizeof(h));
        fprintf(stderr,
                "mobsim run: --state-at %s: after the end of the run (%s: $.horizon is %s)\n", t,
                strcmp(a->file, "-") ? a->file : "<stdin>", h);
        return CLI_USAGE;
    }
    return 0;
}

static int run_scenario(const run_args_t *a, const mob_config_t *cfg)
{
    run_t r;
    memset(&r, 0, sizeof(r));
    r.a = a;
    r.cfg = cfg;
    r.prog.on = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &r.prog.t0);
    episode_hooks_t h = {open_outputs, write_results, detach_writers, run_tick, 0, &r};
    sim_err_t err = {0};
    int rc = episode_run(cfg, (sim_stream_id_t){cfg->seed, 0, 0}, &h, &err);
    int status = r.status;
    if (rc == -SIM_ESTATE || (rc && cli_signal_caught()))
        status = 128 + cli_signal_caught();
    else if (rc && status == 0)
        status = rc == -SIM_EINVAL
                     ? say_episode_error(a, rc, &err)
                     : (fprintf(stderr, "mobsim: the run failed: %s\n", err.msg), CLI_FAIL);
    return close_outputs(&r.o, status);
}

int cli_run(int argc, char **argv)
{
    run_args_t a;
    int status = parse_args("run", true, argc, argv, &a);
    if (status == 0)
        status = check_outputs(&a);
    if (status == 0) {
        cli_signals_install();
        mob_config_t *cfg = malloc(sizeof(*cfg));
        status = cfg ? load_or_say(&a, cfg) : CLI_FAIL;
        if (status == 0)
            status = check_state_at(&a, cfg);
        if (status == 0 && cli_signal_caught())
            status = 128 + cli_signal_caught();
        if (status == 0) {
            prov_set_seed(&a.prov, cfg->seed, PROV_SEEDING_RUN);
            status = run_scenario(&a, cfg);
        }
        mob_config_free(cfg);
        free(cfg);
    }
    free(a.sets);
    free(a.state_at);
    prov_fini(&a.prov);
    return status < 0 ? CLI_OK : status;
}
