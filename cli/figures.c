/* cli/figures.c - `mobsim figures [-o DIR] [--scenarios DIR] [--plots DIR]`:
 * the paper's figures as charts from simulated runs, in one report page. */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/figures.h"

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
    "  --scenarios DIR    where the figure scenarios are (default scenarios)\n"
    "  --plots DIR        inline every .svg plot in DIR and its subdirectories\n"
    "                     (e.g. the output of `mobsim sweep`)\n"
    "  -h, --help         this text\n"
    "\n"
    "Example:\n"
    "  mobsim figures -o out && xdg-open out/index.html\n"
    "\n"
    "Exit status: 0 success, 1 a run or a write failed, 2 bad input or usage.\n";

static void progress(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "  %s\n", line);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every .svg below dir (one level of subdirectories), sorted. */
static void add_plots(figures_t *fg, const char *dir, const char *prefix, int depth)
{
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
    qsort(names, (size_t)n, sizeof(char *), cmp_str);
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        size_t len = strlen(names[i]);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth == 0)
            add_plots(fg, path, names[i], 1);
        else if (len > 4 && strcmp(names[i] + len - 4, ".svg") == 0) {
            char title[128];
            snprintf(title, sizeof(title), "%s%s%.*s", prefix ? prefix : "", prefix ? ": " : "",
                     (int)(len - 4), names[i]);
            figures_add_plot(fg, title, path, "");
        }
        free(names[i]);
    }
}

int cli_figures(int argc, char **argv)
{
    const char *out = "out", *scen = "scenarios", *plots = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            return CLI_OK;
        }
        const char **dst = (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) ? &out
                           : strcmp(a, "--scenarios") == 0                      ? &scen
                           : strcmp(a, "--plots") == 0                          ? &plots
                                                                                : NULL;
        if (!dst)
            return cli_usage_error("figures", "unknown argument \"%s\"", a);
        if (i + 1 >= argc)
            return cli_usage_error("figures", "%s needs a directory", a);
        *dst = argv[++i];
    }
    if (mkdir(out, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "mobsim figures: cannot create %s: %s\n", out, strerror(errno));
        return CLI_USAGE;
    }
    figures_t *fg = malloc(sizeof(*fg));
    if (!fg)
        return CLI_FAIL;
    sim_err_t err = {0};
    fprintf(stderr, "mobsim figures: running the figure scenarios of %s\n", scen);
    int rc = figures_run_all(scen, out, fg, progress, NULL, &err);
    if (rc == 0 && plots)
        add_plots(fg, plots, NULL, 0);
    if (rc == 0)
        rc = figures_write_html(fg, out, &err);
    free(fg);
    if (rc < 0) {
        fprintf(stderr, "mobsim figures: %s\n", err.msg);
        return cli_status_of(rc);
    }
    printf("%s/index.html\n", out);
    return fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
}
