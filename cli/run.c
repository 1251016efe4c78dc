/* cli/run.c - `mobsim run` and `mobsim validate`. */
#include "cli/cli.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/msc.h"
#include "analysis/pcap.h"
#include "analysis/report.h"
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
    "the scenario from standard input.\n"
    "\n"
    "Options:\n"
    "  --set KEY=VALUE   override a scenario key by its path before validation;\n"
    "                    repeatable, applied in order. VALUE is JSON when it\n"
    "                    parses as JSON (0.01, true, [..], {..}, \"text\"),\n"
    "                    otherwise a string (120ms, hoa-signaling).\n"
    "                      --set params.T_b=120ms --set scheme=hoa-signaling\n"
    "                      --set moves[1].at=1.2s --set loss=0.01\n"
    "  --json            print the metrics as one JSON object instead of the\n"
    "                    summary (keys: docs/cli.md)\n"
    "                      mobsim run fig1.json --json\n"
    "  -o, --output F    write the summary (or the JSON) to F instead of\n"
    "                    standard output\n"
    "                      mobsim run fig1.json --json -o out/fig1.json\n"
    "  --pcap F          write every packet put on a link to F (pcap, raw IPv6,\n"
    "                    nanosecond timestamps); Wireshark and tshark open it\n"
    "                      mobsim run fig1.json --pcap fig1.pcap\n"
    "  --trace F         write a text log to F: one line per trace record (time,\n"
    "                    kind, node -> peer, label, code)\n"
    "                      mobsim run fig1.json --trace fig1.log\n"
    "  --msc F.svg       message sequence chart of the run (docs/msc.md): SVG, or\n"
    "                    mscgen text when F ends in .msc; from just before the\n"
    "                    first handoff until both bindings are restored\n"
    "                      mobsim run fig1.json --msc fig1.svg\n"
    "  -h, --help        this text\n"
    "\n"
    "Files are written under a temporary name and renamed into place only when\n"
    "the run succeeds: a failed run leaves nothing behind.\n"
    "\n"
    "Exit status: 0 success, 1 the run failed, 2 bad input or usage.\n";

static const char validate_help[] =
    "usage: mobsim validate FILE [--set KEY=VALUE]...\n"
    "\n"
    "Checks that `mobsim run FILE` would accept the scenario: every key, type,\n"
    "range and name, and that the network model can be built from it. Prints\n"
    "nothing when the file is valid, else one line such as (FILE \"-\": stdin)\n"
    "  x.json: $.moves[1].at: expected a time such as \"120ms\" ...\n"
    "\n"
    "Options:\n"
    "  --set KEY=VALUE   check the scenario as overridden (as for run)\n"
    "                      mobsim validate fig1.json --set params.T_b=120ms\n"
    "  -h, --help        this text\n"
    "\n"
    "A sweep file (with \"base\"/\"vary\") is checked as `mobsim sweep` would:\n"
    "its keys, and the scenario of every grid point under every scheme.\n"
    "\n"
    "Exit status: 0 valid, 2 invalid (or bad usage), 1 out of memory.\n";

typedef struct run_args {
    const char *file;
    const char **sets;
    size_t n_sets;
    bool json;
    const char *output, *pcap, *trace, *msc;
} run_args_t;

/* The value of an option given as "--opt VALUE" or "--opt=VALUE". */
static const char *option_value(const char *cmd, const char *name, int argc, char **argv,
                                int *i, int *status)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (arg[n] == '=')
        return arg + n + 1;
    if (*i + 1 >= argc) {
        *status = cli_usage_error(cmd, "option %s expects a value", name);
        return NULL;
    }
    return argv[++*i];
}

static bool is_option(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == 0 || arg[n] == '=');
}

/* Returns 0 to go on, -1 after printing help (exit 0), or CLI_USAGE. */
static int parse_args(const char *cmd, bool is_run, int argc, char **argv, run_args_t *a)
{
    memset(a, 0, sizeof(*a));
    a->sets = calloc((size_t)argc + 1, sizeof(*a->sets));
    if (!a->sets) {
        fprintf(stderr, "mobsim: out of memory\n");
        return CLI_FAIL;
    }
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int status = CLI_USAGE;
        const char **slot = NULL;
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->file)
                return cli_usage_error(cmd, "expected one scenario FILE, got a second one \"%s\"",
                                       arg);
            a->file = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(is_run ? run_help : validate_help, stdout);
            return -1;
        } else if (is_option(arg, "--set")) {
            const char *v = option_value(cmd, "--set", argc, argv, &i, &status);
            if (!v)
                return status;
            a->sets[a->n_sets++] = v;
        } else if (is_run && strcmp(arg, "--json") == 0) {
            a->json = true;
        } else if (is_run && (is_option(arg, "--output") || strcmp(arg, "-o") == 0)) {
            slot = &a->output;
        } else if (is_run && is_option(arg, "--pcap")) {
            slot = &a->pcap;
        } else if (is_run && is_option(arg, "--trace")) {
            slot = &a->trace;
        } else if (is_run && is_option(arg, "--msc")) {
            slot = &a->msc;
        } else {
            return cli_usage_error(cmd, "unknown option \"%s\"", arg);
        }
        if (slot) {
            const char *name = strcmp(arg, "-o") == 0 ? "-o" : arg;
            char opt[16];
            snprintf(opt, sizeof(opt), "%.*s", (int)strcspn(name, "="), name);
            const char *v = option_value(cmd, opt, argc, argv, &i, &status);
            if (!v)
                return status;
            if (!*v)
                return cli_usage_error(cmd, "option %s expects a file name", opt);
            *slot = v;
        }
    }
    if (!a->file)
        return cli_usage_error(cmd, "expected a scenario FILE");
    return 0;
}

/* Two names for one file (an output over the scenario, two outputs on one path). */
static bool same_file(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    if (strcmp(a, b) == 0)
        return true;
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

static int check_outputs(const run_args_t *a)
{
    const char *outs[] = {a->output, a->pcap, a->trace, a->msc};
    const char *names[] = {"--output", "--pcap", "--trace", "--msc"};
    for (int i = 0; i < 4; i++) {
        if (!outs[i] || strcmp(outs[i], "-") == 0)
            continue;
        if (same_file(outs[i], a->file))
            return cli_usage_error("run", "%s %s would overwrite the scenario file", names[i],
                                   outs[i]);
        for (int j = 0; j < i; j++)
            if (same_file(outs[i], outs[j]))
                return cli_usage_error("run", "%s and %s name the same file %s", names[j],
                                       names[i], outs[i]);
    }
    if (a->pcap && strcmp(a->pcap, "-") == 0)
        return cli_usage_error("run", "--pcap needs a file name (pcap is binary)");
    return 0;
}

/* Loads the scenario and builds its world: what run and validate share.
 * Prints the error line and returns the exit status on failure. */
/* FILE "-": the scenario comes from standard input ("<stdin>" in messages). */
static int load_config(const run_args_t *a, mob_config_t *cfg, sim_err_t *err)
{
    if (strcmp(a->file, "-") != 0)
        return scn_load_file(a->file, a->sets, a->n_sets, cfg, err);
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap);
    while (text) {
        len += fread(text + len, 1, cap - len, stdin);
        if (len < cap || cap >= SCN_FILE_MAX)
            break;
        char *bigger = realloc(text, cap * 2);
        if (!bigger) {
            free(text);
            text = NULL;
            break;
        }
        text = bigger;
        cap *= 2;
    }
    if (!text)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    int rc;
    if (ferror(stdin))
        rc = sim_err_set(err, SIM_EIO, "<stdin>: cannot read");
    else if (len == cap)
        rc = sim_err_set(err, SIM_EINVAL, "<stdin>: expected a scenario of at most %u bytes",
                         SCN_FILE_MAX);
    else
        rc = scn_load_string(text, len, "<stdin>", a->sets, a->n_sets, cfg, err);
    free(text);
    return rc;
}

static int load_world(const run_args_t *a, mob_config_t *cfg, sim_t **sim, mob_world_t **w)
{
    sim_err_t err = {0};
    int rc = load_config(a, cfg, &err);
    if (rc) {
        fprintf(stderr, "%s\n", err.msg);
        return cli_status_of(rc);
    }
    *sim = sim_create((sim_stream_id_t){cfg->seed, 0, 0});
    if (!*sim) {
        fprintf(stderr, "mobsim: out of memory\n");
        return CLI_FAIL;
    }
    rc = mob_world_create(cfg, *sim, w, &err);
    if (rc) {
        if (rc == -SIM_EINVAL)
            fprintf(stderr, "%s: %s\n", strcmp(a->file, "-") ? a->file : "<stdin>", err.msg);
        else
            fprintf(stderr, "mobsim: %s\n", err.msg[0] ? err.msg : sim_strerror(rc));
        sim_destroy(*sim);
        *sim = NULL;
        return cli_status_of(rc);
    }
    return 0;
}

/* A sweep file (not stdin): 1 when it is not one, else the exit status. */
static int validate_sweep(const run_args_t *a)
{
    struct cJSON *root = NULL;
    sim_err_t err = {0};
    if (strcmp(a->file, "-") == 0 || scn_parse_file(a->file, &root, &err) != 0)
        return 1; /* the scenario path reports it */
    bool is_sweep = scn_kind(root) == SCN_KIND_SWEEP;
    cJSON_Delete(root);
    if (!is_sweep)
        return 1;
    sweep_options_t opt = {0, false, 0, a->sets, a->n_sets};
    sweep_t *s = NULL;
    int rc = sweep_load_file(a->file, &opt, &s, &err);
    sweep_destroy(s);
    if (rc) {
        fprintf(stderr, "%s\n", err.msg);
        return cli_status_of(rc);
    }
    return CLI_OK;
}

int cli_validate(int argc, char **argv)
{
    run_args_t a;
    int status = parse_args("validate", false, argc, argv, &a);
    if (status == 0 && (status = validate_sweep(&a)) != 1) {
        free(a.sets);
        return status;
    }
    if (status == 1)
        status = 0;
    if (status == 0) {
        mob_config_t *cfg = malloc(sizeof(*cfg));
        sim_t *sim = NULL;
        mob_world_t *w = NULL;
        status = cfg ? load_world(&a, cfg, &sim, &w) : CLI_FAIL;
        mob_world_destroy(w);
        sim_destroy(sim);
        free(cfg);
    }
    free(a.sets);
    return status < 0 ? CLI_OK : status;
}

static const char *world_node_name(const void *ctx, int node)
{
    return mob_world_node_name(ctx, node);
}

typedef struct run_outputs {
    cli_out_t report, trace, chart;
    pcap_sink_t *pcap;
    tracelog_t *log;
    msc_t *msc;
} run_outputs_t;

static int open_outputs(const run_args_t *a, sim_t *sim, mob_world_t *w, run_outputs_t *o)
{
    sim_err_t err = {0};
    int rc = 0;
    if (a->output && (rc = cli_out_open(&o->report, a->output, &err)))
        goto fail;
    if (a->trace) {
        if ((rc = cli_out_open(&o->trace, a->trace, &err)))
            goto fail;
        if ((rc = tracelog_attach(sim, o->trace.f, world_node_name, w, &o->log)))
            goto fail;
    }
    if (a->pcap) {
        if ((rc = pcap_sink_open(a->pcap, &o->pcap, &err)))
            goto fail;
        if ((rc = pcap_sink_attach(o->pcap, sim_bus(sim))))
            goto fail;
    }
    if (a->msc) {
        if ((rc = cli_out_open(&o->chart, a->msc, &err)))
            goto fail;
        if ((rc = msc_create(sim, w, 0, &o->msc)))
            goto fail;
    }
    return 0;
fail:
    fprintf(stderr, "mobsim: %s\n", err.msg[0] ? err.msg : sim_strerror(rc));
    return rc == -SIM_EIO ? CLI_USAGE : CLI_FAIL; /* an unwritable path: fix the command */
}

/* Detaches the writers; on failure (status != 0) removes every output. */
static int close_outputs(run_outputs_t *o, sim_t *sim, int status)
{
    sim_err_t err = {0};
    if (o->log && tracelog_detach(o->log, &err) && status == 0)
        status = CLI_FAIL;
    o->log = NULL;
    if (o->pcap)
        pcap_sink_detach(o->pcap, sim_bus(sim));
    msc_destroy(o->msc);
    o->msc = NULL;
    if (status == 0 && cli_out_close(&o->chart, &err))
        status = CLI_FAIL;
    if (status == 0 && cli_out_close(&o->report, &err))
        status = CLI_FAIL;
    if (status == 0 && cli_out_close(&o->trace, &err))
        status = CLI_FAIL;
    if (status == 0 && o->pcap && pcap_sink_close(o->pcap, &err))
        status = CLI_FAIL;
    else if (status != 0)
        pcap_sink_abort(o->pcap);
    o->pcap = NULL;
    if (status == 0 && (cli_out_commit(&o->trace, &err) || cli_out_commit(&o->chart, &err) ||
                        cli_out_commit(&o->report, &err)))
        status = CLI_FAIL;
    if (status != 0) {
        cli_out_abort(&o->chart);
        cli_out_abort(&o->trace);
        cli_out_abort(&o->report);
        if (err.msg[0])
            fprintf(stderr, "mobsim: %s\n", err.msg);
    }
    return status;
}

/* The chart of the finished run: mscgen text for F.msc, SVG otherwise. */
static int write_chart(const char *path, run_outputs_t *o)
{
    msc_opts_t opts;
    msc_opts_default(&opts);
    size_t n = strlen(path);
    bool mscgen = n > 4 && strcmp(path + n - 4, ".msc") == 0;
    int rc = msc_finish(o->msc);
    if (rc == 0)
        rc = mscgen ? msc_write_mscgen(o->msc, &opts, o->chart.f)
                    : msc_write_svg(o->msc, &opts, o->chart.f);
    if (rc)
        fprintf(stderr, "mobsim: cannot write %s: %s\n", path, sim_strerror(-rc));
    return rc;
}

static int run_world(const run_args_t *a, const mob_config_t *cfg, sim_t *sim, mob_world_t *w)
{
    run_outputs_t o;
    memset(&o, 0, sizeof(o));
    int status = open_outputs(a, sim, w, &o);
    if (status == 0) {
        int rc = mob_world_run(w);
        if (rc) {
            fprintf(stderr, "mobsim: the run failed: %s\n", sim_strerror(rc));
            status = CLI_FAIL;
        }
    }
    if (status == 0) {
        FILE *out = a->output ? o.report.f : stdout;
        sim_err_t err = {0};
        const mob_metrics_t *m = mob_world_metrics(w);
        int rc = a->json ? report_write_json(out, cfg, m, &err)
                         : report_write_summary(out, cfg, m, &err);
        if (rc) {
            fprintf(stderr, "mobsim: %s\n", err.msg);
            status = CLI_FAIL;
        }
    }
    if (status == 0 && o.msc && write_chart(a->msc, &o) != 0)
        status = CLI_FAIL;
    return close_outputs(&o, sim, status);
}

int cli_run(int argc, char **argv)
{
    run_args_t a;
    int status = parse_args("run", true, argc, argv, &a);
    if (status == 0)
        status = check_outputs(&a);
    if (status == 0) {
        mob_config_t *cfg = malloc(sizeof(*cfg));
        sim_t *sim = NULL;
        mob_world_t *w = NULL;
        status = cfg ? load_world(&a, cfg, &sim, &w) : CLI_FAIL;
        if (status == 0)
            status = run_world(&a, cfg, sim, w);
        if (status == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
            fprintf(stderr, "mobsim: cannot write to standard output\n");
            status = CLI_FAIL;
        }
        mob_world_destroy(w);
        sim_destroy(sim);
        free(cfg);
    }
    free(a.sets);
    return status < 0 ? CLI_OK : status;
}
