/* cli/demo.c - `mobsim demo FIG`: runs a figure's scenario with a recorder
 * on its trace bus, then shows it one event at a time in the terminal (keys
 * read from standard input line by line, so tmux send-keys and pipes drive
 * it as well as a person) or writes the HTML page (--html F). */
#include "cli/demo.h"

#include "cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/demo.h"
#include "analysis/demo_slider.h"
#include "analysis/episode.h"
#include "analysis/msc.h"
#include "analysis/outfile.h"
#include "models/world.h"
#include "scenarios/scn.h"
#include "sim/sim.h"

static const char demo_help[] =
    "usage: mobsim demo FIG [OPTIONS]\n"
    "\n"
    "Runs a scenario and shows it one event at a time: the event, each host's\n"
    "binding cache and binding update list entries (per correspondent, for up\n"
    "to 8 hosts) and the home agents' caches after it, and the message sequence\n"
    "chart so far. FIG is fig1, fig3, fig4, fig5, fig6, multi (any shipped\n"
    "scenario's short name, as for `mobsim run`) or a scenario file path.\n"
    "\n"
    "Keys (each followed by Enter; read from standard input, one per line):\n"
    "  Enter  next event        b  back        q  quit        N  go to event N\n"
    "\n"
    "Options:\n"
    "  --html F          write one self-contained HTML page with step, back and\n"
    "                    play buttons instead (no server, no network needed); F\n"
    "                    ends in .html or .htm, or is \"-\" (standard output)\n"
    "                      mobsim demo fig6 --html fig6.html\n"
    "  --interactive     with --html: a page with a slider moving B's handoff\n"
    "                    against A's (-400 ms .. +400 ms, 10 ms steps) and a\n"
    "                    scheme selector; chart, lost messages, outcome and the\n"
    "                    vulnerability window follow at once (81 x 4 runs made\n"
    "                    now and stored in the page; two hosts, one move each)\n"
    "                      mobsim demo fig1 --html slider.html --interactive\n"
    "  --set KEY=VALUE   override a scenario key, as for run; repeatable\n"
    "                      mobsim demo fig1 --set moves[1].at=1.2s\n"
    "  --from T, --to T  the window of events shown (default: from just before\n"
    "                    the first handoff until both bindings are restored,\n"
    "                    or 3 s after the later handoff); --from must be before\n"
    "                    --to\n"
    "                      mobsim demo fig1 --from 1.1s --to 1.3s\n"
    "  -h, --help        this text\n"
    "\n"
    "Colours only on a terminal whose TERM is not \"dumb\" (and no NO_COLOR).\n"
    "Exit status: 0 success, 1 the run or a write failed, 2 bad input or usage,\n"
    "129/130/143 (--html) stopped by SIGHUP/SIGINT/SIGTERM, nothing left behind.\n";

typedef struct demo_args {
    const char *fig, *html;
    bool interactive;
    const char **sets;
    size_t n_sets;
    sim_time_t from, to;
    char from_text[64], to_text[64];
} demo_args_t;

enum { OPT_HTML = 1, OPT_INTERACTIVE, OPT_SET, OPT_FROM, OPT_TO, OPT_HELP };

static const cli_option_t demo_options[] = {
    {"--html", 0, true, OPT_HTML}, {"--interactive", 0, false, OPT_INTERACTIVE},
    {"--set", 0, true, OPT_SET},   {"--from", 0, true, OPT_FROM},
    {"--to", 0, true, OPT_TO},     {"--help", 'h', false, OPT_HELP},
    {NULL, 0, false, 0},
};

static int on_arg(void *ctx, int id, const char *opt, const char *value)
{
    demo_args_t *a = ctx;
    switch (id) {
    case CLI_OPERAND:
        if (a->fig)
            return cli_usage_error("demo", "expected one FIG, got a second one \"%s\"", value);
        a->fig = value;
        return 0;
    case OPT_HELP:
        fputs(demo_help, stdout);
        return -1;
    case OPT_HTML:
        if (!*value)
            return cli_usage_error("demo", "option %s expects a file name", opt);
        a->html = value;
        return 0;
    case OPT_INTERACTIVE:
        a->interactive = true;
        return 0;
    case OPT_SET:
        a->sets[a->n_sets++] = value;
        return 0;
    case OPT_FROM:
    case OPT_TO:
        if (!cli_parse_time(value, id == OPT_FROM ? &a->from : &a->to))
            return cli_usage_error("demo", "option %s expects a time such as \"1.2s\" or \"950ms\"",
                                   opt);
        snprintf(id == OPT_FROM ? a->from_text : a->to_text, sizeof(a->from_text), "%s", value);
        return 0;
    }
    return cli_usage_error("demo", "unknown option \"%s\"", opt);
}

/* 0: go on; -1: help printed; otherwise an exit status. */
static int parse_args(int argc, char **argv, demo_args_t *a)
{
    static const char *const html_exts[] = {".html", ".htm", NULL};
    a->sets = calloc((size_t)argc + 1, sizeof(*a->sets));
    if (!a->sets)
        return 1;
    a->from = a->to = -1;
    int rc = cli_parse_args("demo", demo_options, argc, argv, on_arg, a);
    if (rc)
        return rc;
    if (!a->fig)
        return cli_usage_error("demo", "expected a figure (fig1 ... fig6) or a scenario file");
    if (a->interactive && !a->html)
        return cli_usage_error("demo", "--interactive needs --html F: the slider is a page");
    if (a->from >= 0 && a->to >= 0 && a->from >= a->to)
        return cli_usage_error("demo",
                               "--from %s is not before --to %s: expected an earlier --from",
                               a->from_text, a->to_text);
    if (a->html && strcmp(a->html, "-") != 0 &&
        cli_check_extension("demo", "--html", a->html, html_exts, ".html or .htm") != 0)
        return CLI_USAGE;
    cli_output_t out = {"--html", a->html};
    return cli_check_outputs("demo", &out, 1, NULL);
}

static int attach_recorder(void *ctx, sim_t *sim, mob_world_t *w, sim_err_t *err)
{
    if (msc_create(sim, w, MSC_KEEP_VIEWS, ctx) < 0)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    return 0;
}

static int finish_recorder(void *ctx, mob_world_t *w, sim_err_t *err)
{
    (void)w;
    if (msc_finish(*(msc_t **)ctx) < 0)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    return 0;
}

static void detach_recorder(void *ctx, sim_t *sim, mob_world_t *w)
{
    (void)sim;
    (void)w;
    msc_t *m = *(msc_t **)ctx;
    if (m)
        msc_finish(m); /* leaves the bus before the sim goes */
}

static bool demo_tick(void *ctx, sim_time_t now, sim_time_t horizon)
{
    (void)ctx;
    (void)now;
    (void)horizon;
    return !cli_signal_caught();
}

/* Loads FIG with the --set overrides into *cfg (path[cap] gets its file).
 * Exit status. */
static int load(const demo_args_t *a, char *path, size_t cap, mob_config_t *cfg)
{
    int status = cli_resolve_scenario("demo", a->fig, path, cap);
    if (status)
        return status;
    sim_err_t err = {0};
    int rc = scn_load_file(path, a->sets, a->n_sets, cfg, &err);
    if (rc < 0) {
        fprintf(stderr, "mobsim demo: %s\n", err.msg[0] ? err.msg : sim_strerror(-rc));
        return rc == -SIM_ENOMEM ? 1 : 2;
    }
    return 0;
}

/* Runs the scenario with a recorder; *out is finished. Exit status. */
static int record(const demo_args_t *a, msc_t **out)
{
    char path[4400];
    mob_config_t cfg;
    int status = load(a, path, sizeof(path), &cfg);
    if (status)
        return status;
    sim_err_t err = {0};
    int rc;
    msc_t *m = NULL;
    episode_hooks_t h = {attach_recorder, finish_recorder, detach_recorder, demo_tick, 0, &m};
    rc = episode_run(&cfg, (sim_stream_id_t){cfg.seed, 0, 0}, &h, &err);
    mob_config_free(&cfg); /* the chart keeps its own copy */
    if (rc == 0) {
        *out = m;
        return 0;
    }
    msc_destroy(m);
    if (cli_signal_caught())
        return 128 + cli_signal_caught();
    if (rc == -SIM_EINVAL) {
        fprintf(stderr, "mobsim demo: %s: %s\n", path, err.msg);
        return 2;
    }
    fprintf(stderr, "mobsim demo: the run failed (out of memory)\n");
    return 1;
}

/* The page follows analysis/outfile.h: a temporary file beside F renamed
 * into place only when everything was written; a FIFO written straight. */
static int write_html(const msc_t *m, const msc_opts_t *o, const char *path)
{
    outfile_t out;
    sim_err_t err = {0};
    int rc = outfile_open(&out, path, &err);
    if (rc < 0) {
        if (cli_signal_caught())
            return 128 + cli_signal_caught();
        fprintf(stderr, "mobsim demo: %s\n", err.msg);
        return cli_status_of(rc);
    }
    rc = demo_write_html(m, o, out.f);
    if (cli_signal_caught()) {
        outfile_abort(&out);
        return 128 + cli_signal_caught();
    }
    if (rc < 0) {
        outfile_abort(&out);
        fprintf(stderr, "mobsim demo: cannot write %s: %s\n", path,
                rc == -SIM_ENOMEM ? "out of memory" : sim_strerror(-rc));
        return 1;
    }
    if (outfile_commit(&out, &err) < 0) {
        fprintf(stderr, "mobsim demo: %s\n", err.msg);
        return 1;
    }
    return 0;
}

/* --interactive: the 81 x 4 runs of the slider page (analysis/demo_slider.h),
 * checked before the output file is opened, written like write_html(). */
static int write_slider(const demo_args_t *a)
{
    char path[4400];
    mob_config_t cfg;
    int status = load(a, path, sizeof(path), &cfg);
    if (status)
        return status;
    sim_err_t err = {0};
    if (demo_slider_check(&cfg, &err) < 0) {
        fprintf(stderr, "mobsim demo: %s: %s\n", path, err.msg);
        mob_config_free(&cfg);
        return 2;
    }
    outfile_t out;
    int rc = outfile_open(&out, a->html, &err);
    if (rc < 0) {
        mob_config_free(&cfg);
        if (cli_signal_caught())
            return 128 + cli_signal_caught();
        fprintf(stderr, "mobsim demo: %s\n", err.msg);
        return cli_status_of(rc);
    }
    demo_slider_opts_t o = {a->from, a->to, demo_tick, NULL};
    rc = demo_slider_write_html(&cfg, &o, out.f, &err);
    mob_config_free(&cfg);
    if (cli_signal_caught()) {
        outfile_abort(&out);
        return 128 + cli_signal_caught();
    }
    if (rc < 0) {
        outfile_abort(&out);
        if (rc == -SIM_EINVAL) {
            fprintf(stderr, "mobsim demo: %s: %s\n", path, err.msg);
            return 2;
        }
        fprintf(stderr, "mobsim demo: cannot write %s: %s\n", a->html,
                rc == -SIM_ENOMEM ? "out of memory" : sim_strerror(-rc));
        return 1;
    }
    if (outfile_commit(&out, &err) < 0) {
        fprintf(stderr, "mobsim demo: %s\n", err.msg);
        return 1;
    }
    return 0;
}

static void screen_of_terminal(demo_screen_t *s, bool *clear)
{
    s->width = 100;
    s->height = 50;
    const char *term = getenv("TERM");
    bool tty = isatty(STDOUT_FILENO);
    bool dumb = !term || !*term || strcmp(term, "dumb") == 0;
    struct winsize ws;
    if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
        s->width = ws.ws_col;
        s->height = ws.ws_row;
    } else {
        const char *c = getenv("COLUMNS"), *l = getenv("LINES");
        if (c && atoi(c) > 20)
            s->width = atoi(c);
        if (l && atoi(l) > 10)
            s->height = atoi(l);
    }
    s->color = tty && !dumb && !getenv("NO_COLOR");
    *clear = tty && !dumb;
}

/* One key line: >0 go to that step, 0 quit, -1 next, -2 back, -3 unknown. */
static long key_of(const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    char k[32];
    size_t n = 0;
    while (line[n] && line[n] != '\n' && line[n] != '\r' && n < sizeof(k) - 1) {
        k[n] = line[n];
        n++;
    }
    while (n > 0 && (k[n - 1] == ' ' || k[n - 1] == '\t'))
        n--;
    k[n] = 0;
    if (n == 0 || strcmp(k, "n") == 0 || strcmp(k, "next") == 0)
        return -1;
    if (strcmp(k, "b") == 0 || strcmp(k, "back") == 0)
        return -2;
    if (strcmp(k, "q") == 0 || strcmp(k, "quit") == 0)
        return 0;
    char *end;
    long v = strtol(k, &end, 10);
    return *end == 0 && v > 0 ? v : -3;
}

static int terminal(const msc_t *m, const msc_opts_t *o)
{
    demo_screen_t s;
    bool clear;
    size_t total = demo_n_steps(m, o), n = 1;
    const char *note = NULL;
    char line[256];
    for (;;) {
        screen_of_terminal(&s, &clear);
        if (clear)
            fputs("\033[H\033[2J", stdout);
        else
            printf("%.*s\n", s.width,
                   "----------------------------------------------------------"
                   "------------------------------------------------------");
        if (demo_write_screen(m, o, n, &s, stdout) < 0 && !ferror(stdout)) {
            fprintf(stderr, "mobsim demo: out of memory\n");
            return 1;
        }
        if (note)
            printf("%s\n", note);
        errno = 0;
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "mobsim: cannot write standard output: %s\n",
                    strerror(errno ? errno : EIO));
            return 1;
        }
        note = NULL;
        if (!fgets(line, sizeof(line), stdin))
            return 0; /* end of input: done */
        long k = key_of(line);
        if (k == 0)
            return 0;
        if (k == -1 && n >= total)
            note = "(the last event of the window: b back, q quit)";
        else if (k == -1)
            n++;
        else if (k == -2 && n > 1)
            n--;
        else if (k == -2)
            note = "(the first event: Enter for the next one)";
        else if (k > 0)
            n = (size_t)k < total ? (size_t)k : total;
        else
            note = "(keys: Enter next, b back, q quit, N go to event N)";
    }
}

int cli_demo(int argc, char **argv)
{
    demo_args_t a = {0};
    int status = parse_args(argc, argv, &a);
    if (status != 0) {
        free(a.sets);
        return status < 0 ? 0 : status;
    }
    if (a.html)
        cli_signals_install(); /* the terminal view keeps Ctrl-C as it is */
    if (a.interactive) {
        status = write_slider(&a);
        free(a.sets);
        return status;
    }
    msc_t *m = NULL;
    status = record(&a, &m);
    if (status == 0) {
        msc_opts_t o;
        msc_opts_default(&o);
        o.from = a.from;
        o.to = a.to;
        status = a.html ? write_html(m, &o, a.html) : terminal(m, &o);
    }
    msc_destroy(m);
    free(a.sets);
    return status;
}
