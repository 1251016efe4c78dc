/* cli/demo.c - `mobsim demo FIG`: runs a figure's scenario with a recorder
 * on its trace bus, then shows it one event at a time in the terminal (keys
 * read from standard input line by line, so tmux send-keys and pipes drive
 * it as well as a person) or writes the HTML page (--html F). */
#include "cli/demo.h"

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
#include "analysis/msc.h"
#include "models/world.h"
#include "scenarios/scn.h"
#include "sim/sim.h"

static const char demo_help[] =
    "usage: mobsim demo FIG [OPTIONS]\n"
    "\n"
    "Runs a scenario and shows it one event at a time: the event, both hosts'\n"
    "binding caches and binding update lists and the home agents' caches\n"
    "after it, and the message sequence chart so far. FIG is fig1, fig3, fig4,\n"
    "fig5, fig6 (or any name of scenarios/NAME.json) or a scenario file path.\n"
    "\n"
    "Keys (each followed by Enter; read from standard input, one per line):\n"
    "  Enter  next event        b  back        q  quit        N  go to event N\n"
    "\n"
    "Options:\n"
    "  --html F          write one self-contained HTML page with step, back and\n"
    "                    play buttons instead (no server, no network needed)\n"
    "                      mobsim demo fig6 --html fig6.html\n"
    "  --set KEY=VALUE   override a scenario key, as for run; repeatable\n"
    "                      mobsim demo fig1 --set moves[1].at=1.2s\n"
    "  --from T, --to T  the window of events shown (default: from just before\n"
    "                    the first handoff until both bindings are restored,\n"
    "                    or 3 s after the later handoff)\n"
    "                      mobsim demo fig1 --from 1.1s --to 1.3s\n"
    "  -h, --help        this text\n"
    "\n"
    "Colours only on a terminal whose TERM is not \"dumb\" (and no NO_COLOR).\n"
    "Exit status: 0 success, 1 the run or a write failed, 2 bad input or usage.\n";

typedef struct demo_args {
    const char *fig, *html;
    const char **sets;
    size_t n_sets;
    sim_time_t from, to;
} demo_args_t;

static int usage(const char *fmt, const char *what)
{
    fprintf(stderr, "mobsim demo: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, " (try \"mobsim demo --help\")\n");
    return 2;
}

/* "1.1s", "950ms", "250us", "1.1" (seconds) -> ns; false when not a time. */
static bool parse_time(const char *s, sim_time_t *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v < 0)
        return false;
    double scale = 1e9;
    if (strcmp(end, "ms") == 0)
        scale = 1e6;
    else if (strcmp(end, "us") == 0)
        scale = 1e3;
    else if (strcmp(end, "ns") == 0)
        scale = 1;
    else if (strcmp(end, "s") != 0 && *end)
        return false;
    if (v * scale > 9e18)
        return false;
    *out = (sim_time_t)(v * scale + 0.5);
    return true;
}

static const char *value_of(int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (arg[n] == '=')
        return arg + n + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static bool is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == 0 || arg[n] == '=');
}

/* 0: go on; -1: help printed; otherwise an exit status. */
static int parse_args(int argc, char **argv, demo_args_t *a)
{
    a->sets = calloc((size_t)argc + 1, sizeof(*a->sets));
    if (!a->sets)
        return 1;
    a->from = a->to = -1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(demo_help, stdout);
            return -1;
        } else if (is_opt(arg, "--html")) {
            if (!(a->html = value_of(argc, argv, &i, "--html")))
                return usage("option %s expects a file name", "--html");
        } else if (is_opt(arg, "--set")) {
            if (!(v = value_of(argc, argv, &i, "--set")))
                return usage("option %s expects KEY=VALUE", "--set");
            a->sets[a->n_sets++] = v;
        } else if (is_opt(arg, "--from") || is_opt(arg, "--to")) {
            bool from = arg[2] == 'f';
            v = value_of(argc, argv, &i, from ? "--from" : "--to");
            if (!v || !parse_time(v, from ? &a->from : &a->to))
                return usage("option %s expects a time such as \"1.2s\" or \"950ms\"",
                             from ? "--from" : "--to");
        } else if (arg[0] == '-') {
            return usage("unknown option \"%s\"", arg);
        } else if (a->fig) {
            return usage("expected one FIG, got a second one \"%s\"", arg);
        } else {
            a->fig = arg;
        }
    }
    if (!a->fig)
        return usage("%s", "expected a figure (fig1 ... fig6) or a scenario file");
    return 0;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A figure name is looked up as scenarios/NAME.json in the working
 * directory, then beside the executable (build/mobsim -> scenarios/, an
 * installed bin/mobsim -> share/mobsim/scenarios/). */
static bool resolve_fig(const char *fig, char *path, size_t cap)
{
    if (strchr(fig, '/') || strstr(fig, ".json")) {
        snprintf(path, cap, "%s", fig);
        return true;
    }
    snprintf(path, cap, "scenarios/%s.json", fig);
    if (is_file(path))
        return true;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = 0;
        const char *rel[] = {"/../scenarios/", "/../share/mobsim/scenarios/"};
        for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
            snprintf(path, cap, "%s%s%s.json", exe, rel[i], fig);
            if (is_file(path))
                return true;
        }
    }
    snprintf(path, cap, "scenarios/%s.json", fig);
    return false;
}

/* Runs the scenario with a recorder; *out is finished. Exit status. */
static int record(const demo_args_t *a, msc_t **out)
{
    char path[PATH_MAX + 64];
    if (!resolve_fig(a->fig, path, sizeof(path))) {
        fprintf(stderr, "mobsim demo: no scenario \"%s\": %s not found\n", a->fig, path);
        return 2;
    }
    mob_config_t cfg;
    sim_err_t err = {0};
    int rc = scn_load_file(path, a->sets, a->n_sets, &cfg, &err);
    if (rc < 0) {
        fprintf(stderr, "mobsim demo: %s\n", err.msg[0] ? err.msg : sim_strerror(-rc));
        return rc == -SIM_ENOMEM ? 1 : 2;
    }
    sim_t *sim = sim_create((sim_stream_id_t){cfg.seed, 0, 0});
    mob_world_t *w = NULL;
    msc_t *m = NULL;
    int status = 1;
    if (!sim)
        goto out;
    rc = mob_world_create(&cfg, sim, &w, &err);
    if (rc < 0) {
        fprintf(stderr, "mobsim demo: %s: %s\n", path, err.msg);
        status = rc == -SIM_ENOMEM ? 1 : 2;
        goto out;
    }
    if (msc_create(sim, w, MSC_KEEP_VIEWS, &m) < 0 || mob_world_run(w) < 0 || msc_finish(m) < 0)
        goto out;
    *out = m;
    m = NULL;
    status = 0;
out:
    if (status == 1)
        fprintf(stderr, "mobsim demo: the run failed (out of memory)\n");
    msc_destroy(m);
    mob_world_destroy(w);
    sim_destroy(sim);
    return status;
}

/* The page goes to a temporary file beside F, renamed into place only when
 * everything was written. */
static int write_html(const msc_t *m, const msc_opts_t *o, const char *path)
{
    char tmp[PATH_MAX + 32];
    snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        fprintf(stderr, "mobsim demo: cannot write %s: %s\n", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        return errno == ENOMEM ? 1 : 2;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    int rc = demo_write_html(m, o, f);
    bool bad = rc < 0 || fflush(f) != 0 || ferror(f);
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = true;
        e = errno;
    }
    if (!bad && rename(tmp, path) != 0) {
        bad = true;
        e = errno;
    }
    if (bad) {
        unlink(tmp);
        fprintf(stderr, "mobsim demo: cannot write %s: %s\n", path,
                rc == -SIM_ENOMEM ? "out of memory" : strerror(e));
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
        if (demo_write_screen(m, o, n, &s, stdout) < 0)
            return 1;
        if (note)
            printf("%s\n", note);
        if (fflush(stdout) != 0 || ferror(stdout))
            return 1;
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
        return status < 0 ? (fflush(stdout) == 0 ? 0 : 1) : status;
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
