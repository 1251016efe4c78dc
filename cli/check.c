/* cli/check.c - `mobsim check FILE...`: runs each scenario's script and
 * reports its expectations (docs/check.md), PASS or FAIL, with a summary
 * and optionally JUnit XML. Every file is loaded before anything runs, so
 * bad input (exit 2) writes nothing. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/episode.h"
#include "analysis/msc.h"
#include "analysis/outfile.h"
#include "models/world.h"
#include "scenarios/scn.h"
#include "sim/sim.h"

static const char check_help[] =
    "usage: mobsim check FILE... [OPTIONS]\n"
    "\n"
    "Runs each scenario with its \"script\" (drop, delay, duplicate and inject\n"
    "steps, and expectations about bindings, Binding Update List entries,\n"
    "messages received and lost: docs/check.md) and prints one line per\n"
    "expectation:\n"
    "  PASS 2.000000s FILE $.script[3] WHAT: expected ...; actual ...\n"
    "  FAIL 2.000000s FILE $.script[4] WHAT: expected ...; actual ...; look at: ...\n"
    "A FAIL names the state found and the trace record to look at (the\n"
    "records of `mobsim run FILE --trace F`). A NOTE line reports an inject\n"
    "step that could not do all it was asked. Then the summary line\n"
    "  N passed, N failed\n"
    "A shipped scenario's short name stands for its file, as for run.\n"
    "\n"
    "Options:\n"
    "  --junit F         also write the results as JUnit XML to F (one testsuite\n"
    "                    per FILE, one testcase per expectation), for CI systems\n"
    "                      mobsim check tests/conformance/*.json --junit out/check.xml\n"
    "  --set KEY=VALUE   override a key of every FILE before validation (as for\n"
    "                    run), repeatable\n"
    "                      mobsim check bu.json --set scheme=hoa-signaling\n"
    "  -q, --quiet       print only FAIL and NOTE lines and the summary\n"
    "  -h, --help        this text\n"
    "\n"
    "Exit status: 0 every expectation passed, 1 one failed (or a run failed),\n"
    "2 bad input or usage (one line on stderr, nothing written), 129/130/143\n"
    "stopped by SIGHUP/SIGINT/SIGTERM.\n";

enum { OPT_JUNIT = 1, OPT_SET, OPT_QUIET, OPT_HELP };

static const cli_option_t check_options[] = {
    {"--junit", 0, true, OPT_JUNIT},
    {"--set", 0, true, OPT_SET},
    {"--quiet", 'q', false, OPT_QUIET},
    {"--help", 'h', false, OPT_HELP},
    {NULL, 0, false, 0},
};

/* One expectation's outcome as reported. */
typedef struct result {
    int file;
    bool pass, note;
    double at;
    char path[32], name[MOB_STEP_NAME_MAX];
    mob_check_t c;
} result_t;

typedef struct check_args {
    const char **files;
    size_t n_files;
    const char **sets;
    size_t n_sets;
    const char *junit;
    bool quiet;
} check_args_t;

typedef struct check_run {
    check_args_t a;
    char (*paths)[4400];
    result_t *res;
    size_t n_res, cap_res;
    int n_pass, n_fail;
    const mob_config_t *cfg;
    int file;
} check_run_t;

static int on_arg(void *ctx, int id, const char *opt, const char *value)
{
    check_args_t *a = ctx;
    switch (id) {
    case CLI_OPERAND:
        a->files[a->n_files++] = value;
        return 0;
    case OPT_HELP:
        fputs(check_help, stdout);
        return -1;
    case OPT_SET:
        a->sets[a->n_sets++] = value;
        return 0;
    case OPT_QUIET:
        a->quiet = true;
        return 0;
    case OPT_JUNIT:
        if (!*value)
            return cli_usage_error("check", "option %s expects a file name", opt);
        a->junit = value;
        return 0;
    }
    return cli_usage_error("check", "unknown option \"%s\"", opt);
}

static int add_result(check_run_t *r, const result_t *x)
{
    if (r->n_res == r->cap_res) {
        size_t cap = r->cap_res ? 2 * r->cap_res : 64;
        result_t *n = realloc(r->res, cap * sizeof(*n));
        if (!n)
            return -1;
        r->res = n;
        r->cap_res = cap;
    }
    r->res[r->n_res++] = *x;
    return 0;
}

static int collect(void *ctx, mob_world_t *w, sim_err_t *err)
{
    check_run_t *r = ctx;
    size_t n = 0;
    const mob_check_t *c = mob_world_checks(w, &n);
    for (size_t i = 0; i < n; i++) {
        if (c[i].kind == MOB_CHECK_NONE)
            continue;
        result_t x = {.file = r->file, .note = c[i].kind == MOB_CHECK_NOTE, .c = c[i]};
        x.at = sim_time_to_s(c[i].at);
        x.pass = c[i].kind == MOB_CHECK_NOTE || (c[i].checked && c[i].pass);
        snprintf(x.path, sizeof(x.path), "%s", r->cfg->steps[i].path);
        snprintf(x.name, sizeof(x.name), "%s", r->cfg->steps[i].name);
        if (c[i].kind == MOB_CHECK_EXPECT && !c[i].checked)
            snprintf(x.c.actual, sizeof(x.c.actual), "not checked: the run ended first");
        if (add_result(r, &x) < 0)
            return sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    return 0;
}

static void print_result(const check_run_t *r, const result_t *x)
{
    const char *file = r->a.files[x->file];
    char name[MOB_STEP_NAME_MAX + 4] = "";
    if (x->name[0])
        snprintf(name, sizeof(name), " (%s)", x->name);
    if (x->note) {
        printf("NOTE %.6fs %s %s%s: %s\n", x->at, file, x->path, name, x->c.what);
        return;
    }
    if (x->pass && r->a.quiet)
        return;
    printf("%s %.6fs %s %s%s %s: expected %s; actual %s", x->pass ? "PASS" : "FAIL", x->at, file,
           x->path, name, x->c.what, x->c.expected, x->c.actual);
    if (!x->pass && x->c.hint[0])
        printf("; look at: %s", x->c.hint);
    putchar('\n');
}

static void write_junit(const check_run_t *r, FILE *f)
{
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f, "<testsuites name=\"mobsim check\" tests=\"%d\" failures=\"%d\">\n",
            r->n_pass + r->n_fail, r->n_fail);
    for (size_t k = 0; k < r->a.n_files; k++) {
        int tests = 0, fails = 0;
        for (size_t i = 0; i < r->n_res; i++)
            if (r->res[i].file == (int)k && !r->res[i].note) {
                tests++;
                fails += !r->res[i].pass;
            }
        fputs("  <testsuite name=\"", f);
        msc_xml_escape(f, r->a.files[k]);
        fprintf(f, "\" tests=\"%d\" failures=\"%d\">\n", tests, fails);
        for (size_t i = 0; i < r->n_res; i++) {
            const result_t *x = &r->res[i];
            if (x->file != (int)k || x->note)
                continue;
            fputs("    <testcase classname=\"", f);
            msc_xml_escape(f, r->a.files[k]);
            fputs("\" name=\"", f);
            msc_xml_escape(f, x->path);
            fputs(" ", f);
            msc_xml_escape(f, x->name[0] ? x->name : x->c.what);
            fprintf(f, "\" time=\"0\">");
            if (!x->pass) {
                fputs("\n      <failure message=\"", f);
                msc_xml_escape(f, "expected ");
                msc_xml_escape(f, x->c.expected);
                msc_xml_escape(f, "; actual ");
                msc_xml_escape(f, x->c.actual);
                fprintf(f, "\">at %.6fs: ", x->at);
                msc_xml_escape(f, x->c.what);
                fputs("; look at: ", f);
                msc_xml_escape(f, x->c.hint);
                fputs("</failure>\n    ", f);
            }
            fputs("</testcase>\n", f);
        }
        fputs("  </testsuite>\n", f);
    }
    fputs("</testsuites>\n", f);
}

static int load(const check_run_t *r, size_t k, mob_config_t *cfg)
{
    sim_err_t err = {0};
    int rc = scn_load_file(r->paths[k], r->a.sets, r->a.n_sets, cfg, &err);
    if (rc == 0)
        rc = episode_check(cfg, &err);
    if (rc) {
        if (strstr(err.msg, r->paths[k]) == err.msg)
            fprintf(stderr, "%s\n", err.msg);
        else
            fprintf(stderr, "%s: %s\n", r->paths[k], err.msg);
        return cli_status_of(rc);
    }
    return 0;
}

/* Every file loads before any runs: bad input stops with nothing written. */
static int load_all(check_run_t *r, mob_config_t *cfgs)
{
    for (size_t k = 0; k < r->a.n_files; k++) {
        int status = cli_resolve_scenario("check", r->a.files[k], r->paths[k], sizeof(r->paths[k]));
        if (status)
            return status;
        if ((status = load(r, k, &cfgs[k])))
            return status;
    }
    return 0;
}

static int run_all(check_run_t *r, mob_config_t *cfgs)
{
    for (size_t k = 0; k < r->a.n_files; k++) {
        if (cli_signal_caught())
            return 128 + cli_signal_caught();
        r->cfg = &cfgs[k];
        r->file = (int)k;
        size_t first = r->n_res;
        episode_hooks_t h = {NULL, collect, NULL, NULL, 0, r};
        sim_err_t err = {0};
        int rc = episode_run(&cfgs[k], (sim_stream_id_t){cfgs[k].seed, 0, 0}, &h, &err);
        if (rc) {
            fprintf(stderr, "mobsim check: %s: the run failed: %s\n", r->a.files[k], err.msg);
            return CLI_FAIL;
        }
        for (size_t i = first; i < r->n_res; i++) {
            if (!r->res[i].note) {
                r->n_pass += r->res[i].pass;
                r->n_fail += !r->res[i].pass;
            }
            print_result(r, &r->res[i]);
        }
    }
    printf("%d passed, %d failed\n", r->n_pass, r->n_fail);
    return r->n_fail ? CLI_FAIL : CLI_OK;
}

static int junit_out(const check_run_t *r)
{
    outfile_t o;
    sim_err_t err = {0};
    memset(&o, 0, sizeof(o));
    if (outfile_open(&o, r->a.junit, &err)) {
        fprintf(stderr, "mobsim: %s\n", err.msg);
        return CLI_USAGE;
    }
    write_junit(r, o.f);
    if (ferror(o.f) || outfile_commit(&o, &err)) {
        outfile_abort(&o);
        fprintf(stderr, "mobsim: %s\n", err.msg[0] ? err.msg : "cannot write the JUnit file");
        return CLI_FAIL;
    }
    return 0;
}

static int check_files(check_run_t *r)
{
    cli_output_t outs[] = {{"the report", "-"}, {"--junit", r->a.junit}};
    int status = cli_check_outputs("check", outs, 2, NULL);
    for (size_t k = 0; status == 0 && r->a.junit && k < r->a.n_files; k++) {
        cli_output_t o2[] = {{"--junit", r->a.junit}};
        status = cli_check_outputs("check", o2, 1, r->a.files[k]);
    }
    if (status)
        return status;
    mob_config_t *cfgs = calloc(r->a.n_files, sizeof(*cfgs));
    r->paths = calloc(r->a.n_files, sizeof(*r->paths));
    if (!cfgs || !r->paths) {
        free(cfgs);
        fprintf(stderr, "mobsim: out of memory\n");
        return CLI_FAIL;
    }
    for (size_t k = 0; k < r->a.n_files; k++)
        mob_config_defaults(&cfgs[k]);
    cli_signals_install();
    status = load_all(r, cfgs);
    if (status == 0)
        status = run_all(r, cfgs);
    if ((status == CLI_OK || status == CLI_FAIL) && r->a.junit && !cli_signal_caught()) {
        int js = junit_out(r);
        if (js)
            status = js;
    }
    for (size_t k = 0; k < r->a.n_files; k++)
        mob_config_free(&cfgs[k]);
    free(cfgs);
    return status;
}

int cli_check(int argc, char **argv)
{
    check_run_t r;
    memset(&r, 0, sizeof(r));
    r.a.files = calloc((size_t)argc + 1, sizeof(*r.a.files));
    r.a.sets = calloc((size_t)argc + 1, sizeof(*r.a.sets));
    int status = r.a.files && r.a.sets ? 0 : CLI_FAIL;
    if (status == 0)
        status = cli_parse_args("check", check_options, argc, argv, on_arg, &r.a);
    if (status == 0 && r.a.n_files == 0)
        status = cli_usage_error("check", "expected at least one scenario FILE");
    if (status == 0)
        status = check_files(&r);
    free(r.a.files);
    free(r.a.sets);
    free(r.paths);
    free(r.res);
    return status < 0 ? CLI_OK : status;
}
