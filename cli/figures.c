/* cli/figures.c - `mobsim figures [-o DIR] [--scenarios DIR] [--plots DIR]`:
 * the paper's figures as charts from simulated runs, in one report page. */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/figures.h"
#include "analysis/provenance.h"

static const char help[] =
    "usage: mobsim figures [-o DIR] [--scenarios DIR] [--plots DIR]\n"
    "\n"
    "Reproduces the paper: runs the figure scenarios (control, fig1, fig3, fig4,\n"
    "fig5, fig6, fig1-rfc6275), writes each run's message sequence chart as SVG\n"
    "and mscgen text, derives the vulnerability window, and writes DIR/index.html:\n"
    "one self-contained page with every chart beside the paper's caption, a table\n"
    "of the numbers, and the plots found in --plots.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR   where to write (default out; created if missing)\n"
    "  --scenarios DIR    where the figure scenarios are (default: ./scenarios, else\n"
    "                     the installed ones, as for `mobsim run fig1`)\n"
    "  --plots DIR        inline every .svg plot in DIR and its subdirectories\n"
    "                     (e.g. the output of `mobsim sweep`)\n"
    "  -h, --help         this text\n"
    "\n"
    "Example:\n"
    "  mobsim figures -o out && xdg-open out/index.html\n"
    "\n"
    "Every file is written as a temporary file renamed into place (analysis/outfile.h:\n"
    "a symlink's target is replaced, the link stays). SIGINT/SIGTERM/SIGHUP stop\n"
    "after the chart in progress, before index.html.\n"
    "\n"
    "Exit status: 0 success, 1 a run or a write failed, 2 bad input or usage,\n"
    "129/130/143 stopped by SIGHUP/SIGINT/SIGTERM.\n";

static void progress(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "  %s\n", line);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The shipped sweeps in the order of the paper's argument: where the
 * window is, how likely it is, what the scheme timers must cover, and what
 * a population sees. Directories named otherwise come after, sorted. */
static int sweep_rank(const char *name)
{
    static const char *const order[] = {"offset", "poisson", "tb", "th-tp", "population"};
    const char *n = strncmp(name, "sweep-", 6) == 0 ? name + 6 : name;
    for (int i = 0; i < 5; i++)
        if (strcmp(n, order[i]) == 0)
            return i;
    return 5;
}

static int cmp_rank(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    int rx = sweep_rank(x), ry = sweep_rank(y);
    return rx != ry ? rx - ry : strcmp(x, y);
}

/* Adds the plots below dir: a sweep's output directory (or one level of
 * them, in sweep_rank order) with captions and CSV links, any other .svg
 * as it is, sorted. */
static void add_plots(figures_t *fg, const char *dir, const char *prefix, int depth,
                      const char *html_dir)
{
    if (figures_add_sweep(fg, dir, prefix ? prefix : dir, html_dir) > 0)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256)
        if (e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof(char *), depth == 0 ? cmp_rank : cmp_str);
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        size_t len = strlen(names[i]);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth == 0)
            add_plots(fg, path, names[i], 1, html_dir);
        else if (len > 4 && strcmp(names[i] + len - 4, ".svg") == 0) {
            char title[128];
            snprintf(title, sizeof(title), "%s%s%.*s", prefix ? prefix : "", prefix ? ": " : "",
                     (int)(len - 4), names[i]);
            figures_add_plot(fg, title, path, "");
        }
        free(names[i]);
    }
}

enum { OPT_OUTPUT = 1, OPT_SCENARIOS, OPT_PLOTS, OPT_HELP };

static const cli_option_t figures_options[] = {
    {"--output", 'o', true, OPT_OUTPUT},
    {"--scenarios", 0, true, OPT_SCENARIOS},
    {"--plots", 0, true, OPT_PLOTS},
    {"--help", 'h', false, OPT_HELP},
    {NULL, 0, false, 0},
};

typedef struct figures_args {
    const char *out, *scen, *plots;
} figures_args_t;

static int on_arg(void *ctx, int id, const char *opt, const char *value)
{
    figures_args_t *a = ctx;
    switch (id) {
    case CLI_OPERAND:
        return cli_usage_error("figures",
                               "unexpected argument \"%s\" (the options take directories)", value);
    case OPT_HELP:
        fputs(help, stdout);
        return -1;
    }
    if (!*value)
        return cli_usage_error("figures", "option %s expects a directory", opt);
    if (id == OPT_OUTPUT)
        a->out = value;
    else if (id == OPT_SCENARIOS)
        a->scen = value;
    else
        a->plots = value;
    return 0;
}

int cli_figures(int argc, char **argv)
{
    figures_args_t a = {"out", NULL, NULL};
    int status = cli_parse_args("figures", figures_options, argc, argv, on_arg, &a);
    if (status)
        return status < 0 ? CLI_OK : status;
    char scen_dir[4096];
    if (!a.scen &&
        (status = cli_find_scenario_dir("figures", "fig1.json", scen_dir, sizeof(scen_dir))) != 0)
        return status;
    if (!a.scen)
        a.scen = scen_dir;
    const char *out = a.out, *scen = a.scen, *plots = a.plots;
    struct stat st;
    if (stat(out, &st) == 0 && !S_ISDIR(st.st_mode))
        return cli_usage_error("figures",
                               "-o %s: not a directory, expected a directory to write into", out);
    if (mkdir(out, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "mobsim figures: cannot create %s: %s\n", out, strerror(errno));
        return CLI_USAGE;
    }
    cli_signals_install();
    figures_t *fg = malloc(sizeof(*fg));
    if (!fg)
        return CLI_FAIL;
    sim_err_t err = {0};
    fprintf(stderr, "mobsim figures: running the figure scenarios of %s\n", scen);
    int rc = figures_run_all(scen, out, fg, progress, NULL, &err);
    if (rc == 0 && cli_signal_caught()) {
        free(fg);
        return 128 + cli_signal_caught(); /* each chart is whole; no index.html */
    }
    if (rc == 0 && plots)
        add_plots(fg, plots, NULL, 0, out);
    prov_t prov;
    bool have_prov = rc == 0 && prov_init(&prov, CLI_PROGRAM, argc, argv) == 0;
    if (have_prov)
        fg->prov = &prov;
    if (rc == 0)
        rc = figures_write_html(fg, out, &err);
    if (have_prov)
        prov_fini(&prov);
    free(fg);
    if (rc < 0) {
        if (cli_signal_caught())
            return 128 + cli_signal_caught();
        fprintf(stderr, "mobsim figures: %s\n", err.msg);
        return cli_status_of(rc);
    }
    printf("%s/index.html\n", out);
    return CLI_OK; /* cli_finish_stdout() checks standard output */
}
