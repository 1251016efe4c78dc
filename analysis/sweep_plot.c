/* analysis/sweep_plot.c - gnuplot scripts for a finished sweep, rendered to
 * SVG and PNG.
 *
 * Each script carries its data inline (datablocks), so it can be edited
 * and re-run by hand next to the CSV: `cd DIR && gnuplot restored.gp`. The
 * x axis is the first varied key (its values as numbers, times in seconds;
 * a key of words gets one tick per word); every other combination of
 * varied values and every scheme is one line. Without varied keys the
 * schemes themselves are the x axis.
 *
 * Plots: restored.* (fraction with Wilson 95% bars), restore_time.* (mean
 * with Student-t 95% bars), signaling.* (control messages sent and lost per
 * run), and vulnerable.* (fraction of runs that lost signaling with its
 * Wilson interval, and the derived probability) when the theory column
 * exists.
 */
#include "analysis/sweep_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/config.h"

#define SERIES_MAX 16

static int col_index(const sweep_t *s, const char *name)
{
    for (size_t c = 0; c < s->n_cols; c++)
        if (strcmp(s->cols[c].name, name) == 0)
            return (int)c;
    return -1;
}

/* gnuplot string literal in single quotes (no escapes processed there);
 * enhanced text would turn _ ^ @ { } & into markup, so they get a backslash. */
static void put_gp_string(FILE *f, const char *t)
{
    fputc('\'', f);
    for (; *t; t++) {
        if (*t == '\'')
            fputc('\'', f);
        else if (strchr("_^@{}&", *t))
            fputc('\\', f);
        fputc(*t, f);
    }
    fputc('\'', f);
}

typedef struct plot_ctx {
    const sweep_t *s;
    const double *rows;
    const char *name; /* of the plot: restored, ... */
    bool x_numeric;   /* first key numeric */
    bool no_keys;     /* x axis: schemes */
    size_t n_series;
    size_t series_point0[SERIES_MAX]; /* a point with the series' other-key values */
    size_t series_scheme[SERIES_MAX];
    char series_title[SERIES_MAX][160];
} plot_ctx_t;

static double x_of(const plot_ctx_t *P, size_t point)
{
    const vary_key_t *k = &P->s->keys[0];
    size_t v = sweep_key_index(P->s, point, 0);
    return P->x_numeric ? k->num[v] : (double)v;
}

/* Series: every combination of the keys after the first, times every
 * scheme, as long as there are at most SERIES_MAX; else only the first
 * value of every other key. */
static void plan_series(plot_ctx_t *P)
{
    const sweep_t *s = P->s;
    P->no_keys = s->n_keys == 0;
    P->x_numeric = !P->no_keys;
    for (size_t v = 0; !P->no_keys && v < s->keys[0].n; v++)
        if (!isfinite(s->keys[0].num[v]))
            P->x_numeric = false;
    size_t n_other = P->no_keys ? 1 : s->n_points / s->keys[0].n;
    bool all = n_other * s->n_schemes <= SERIES_MAX;
    P->n_series = 0;
    for (size_t o = 0; o < (all ? n_other : 1); o++)
        for (size_t sc = 0; sc < s->n_schemes && P->n_series < SERIES_MAX; sc++) {
            size_t i = P->n_series++;
            P->series_point0[i] = o; /* first key at index 0: point = o */
            P->series_scheme[i] = sc;
            size_t len = 0;
            char *t = P->series_title[i];
            t[0] = 0;
            if (s->n_schemes > 1 || s->scheme_varied || s->n_keys <= 1)
                len += (size_t)snprintf(t, sizeof(P->series_title[i]), "%s",
                                        mob_scheme_name((mob_scheme_t)s->schemes[sc]));
            for (size_t k = 1; k < s->n_keys && len < sizeof(P->series_title[i]); k++)
                len += (size_t)snprintf(t + len, sizeof(P->series_title[i]) - len, "%s%s=%s",
                                        len ? ", " : "", s->keys[k].path,
                                        s->keys[k].text[sweep_key_index(s, o, k)]);
        }
}

/* Writes datablock $dI of series i: x, then the given columns. */
static void put_block(FILE *f, const plot_ctx_t *P, size_t i, const int *cols, size_t n_cols)
{
    const sweep_t *s = P->s;
    fprintf(f, "$d%zu << EOD\n", i);
    size_t nx = P->no_keys ? 1 : s->keys[0].n;
    size_t stride = P->no_keys ? 0 : s->n_points / s->keys[0].n;
    for (size_t v = 0; v < nx; v++) {
        size_t point = P->series_point0[i] + v * stride;
        const double *row = P->rows + (point * s->n_schemes + P->series_scheme[i]) * s->n_cols;
        fprintf(f, "%.12g", P->no_keys ? (double)P->series_scheme[i] : x_of(P, point));
        for (size_t c = 0; c < n_cols; c++) {
            double y = cols[c] >= 0 ? row[cols[c]] : NAN;
            if (isfinite(y))
                fprintf(f, " %.10g", y);
            else
                fputs(" NaN", f);
        }
        fputc('\n', f);
    }
    fputs("EOD\n", f);
}

static void put_setup(FILE *f, const plot_ctx_t *P, const char *title, const char *ylabel)
{
    const sweep_t *s = P->s;
    fputs("set encoding utf8\nset datafile missing \"NaN\"\n", f);
    fputs("set title ", f);
    put_gp_string(f, title);
    fputs("\nset ylabel ", f);
    put_gp_string(f, ylabel);
    fputs("\nset xlabel ", f);
    if (P->no_keys) {
        put_gp_string(f, "scheme");
        fputs("\nset xtics (", f);
        for (size_t sc = 0; sc < s->n_schemes; sc++) {
            fputs(sc ? ", " : "", f);
            put_gp_string(f, mob_scheme_name((mob_scheme_t)s->schemes[sc]));
            fprintf(f, " %zu", sc);
        }
        fprintf(f, ")\nset xrange [-0.5:%zu.5]\n", s->n_schemes - 1);
    } else {
        char xl[300];
        bool time = isfinite(s->keys[0].num[0]) && s->keys[0].text[0] &&
                    strpbrk(s->keys[0].text[0], "smun") != NULL;
        snprintf(xl, sizeof(xl), "%s%s", s->keys[0].path, time ? " (s)" : "");
        put_gp_string(f, xl);
        fputc('\n', f);
        if (!P->x_numeric) {
            fputs("set xtics (", f);
            for (size_t v = 0; v < s->keys[0].n; v++) {
                fputs(v ? ", " : "", f);
                put_gp_string(f, s->keys[0].text[v]);
                fprintf(f, " %zu", v);
            }
            fprintf(f, ")\nset xrange [-0.5:%zu.5]\n", s->keys[0].n - 1);
        }
    }
    fputs("set grid\nset key outside right top vertical\nset pointsize 0.8\n", f);
    if (!P->no_keys && P->x_numeric)
        fputs("set autoscale xfix\nset offsets graph 0.03, graph 0.03, 0, 0\n", f);
    fprintf(f,
            "set terminal svg size 900,540 dynamic enhanced font 'Helvetica,13' background "
            "rgb 'white'\nset output '%s.svg.tmp'\n",
            P->name);
    fputs("set style line 1 lc rgb '#1f77b4' lw 2 pt 7\nset style line 2 lc rgb '#d62728' lw 2 "
          "pt 5\nset style line 3 lc rgb '#2ca02c' lw 2 pt 9\nset style line 4 lc rgb '#9467bd' "
          "lw 2 pt 11\nset style line 5 lc rgb '#ff7f0e' lw 2 pt 13\nset style line 6 lc rgb "
          "'#8c564b' lw 2 pt 4\nset style line 7 lc rgb '#e377c2' lw 2 pt 6\nset style line 8 "
          "lc rgb '#7f7f7f' lw 2 pt 8\nset style increment user\n",
          f);
}

/* plot command for every series: `using` text per series, with title. */
/* Horizontal offset of series i's points: schemes on the same values
 * (all restored: 1.0) would hide each other's marks and bars, so each is
 * moved a little, side by side, within half a grid step. */
static double dodge(const plot_ctx_t *P, size_t i)
{
    if (P->n_series < 2)
        return 0;
    double step = 1; /* categories */
    if (!P->no_keys && P->x_numeric && P->s->keys[0].n > 1)
        step = fabs(P->s->keys[0].num[1] - P->s->keys[0].num[0]);
    return ((double)i - (double)(P->n_series - 1) / 2) * 0.5 * step / (double)P->n_series;
}

/* plot command for every series: using "($1+dodge):REST". */
static void put_plot(FILE *f, const plot_ctx_t *P, const char *rest, const char *with,
                     const char *extra_title)
{
    fputs("plot ", f);
    for (size_t i = 0; i < P->n_series; i++) {
        char t[220];
        snprintf(t, sizeof(t), "%s%s", P->series_title[i][0] ? P->series_title[i] : "all",
                 extra_title);
        fprintf(f, "%s$d%zu using ($1%+.6g):%s with %s ls %zu title ", i ? ", \\\n     " : "", i,
                dodge(P, i), rest, with, i % 8 + 1);
        put_gp_string(f, t);
    }
}

static void put_render(FILE *f, const char *name)
{
    fprintf(f,
            "\nset terminal pngcairo size 1200,720 enhanced font 'Helvetica,13'\n"
            "set output '%s.png.tmp'\nreplot\nset output\n",
            name);
}

typedef void plot_body_fn(FILE *f, const plot_ctx_t *P);

static void body_restored(FILE *f, const plot_ctx_t *P)
{
    int cols[3] = {col_index(P->s, "restored_frac"), col_index(P->s, "restored_lo"),
                   col_index(P->s, "restored_hi")};
    for (size_t i = 0; i < P->n_series; i++)
        put_block(f, P, i, cols, 3);
    put_setup(f, P, "Route optimization restored in both directions (Wilson 95% interval)",
              "fraction of runs restored");
    fputs("set yrange [-0.02:1.02]\n", f);
    put_plot(f, P, "2:3:4", P->no_keys ? "yerrorbars" : "yerrorlines", "");
}

static void body_restore_time(FILE *f, const plot_ctx_t *P)
{
    int cols[3] = {col_index(P->s, "restore_time_mean"), col_index(P->s, "restore_time_ci"),
                   col_index(P->s, "restore_time_p95")};
    for (size_t i = 0; i < P->n_series; i++)
        put_block(f, P, i, cols, 3);
    put_setup(f, P, "Restore time over restored runs: mean with Student-t 95% interval",
              "restore time (s)");
    fputs("set yrange [0:*]\n", f);
    put_plot(f, P, "2:($2-$3):($2+$3)", P->no_keys ? "yerrorbars" : "yerrorlines", "");
}

static void body_signaling(FILE *f, const plot_ctx_t *P)
{
    int cols[4] = {col_index(P->s, "signaling_sent_mean"), col_index(P->s, "signaling_sent_ci"),
                   col_index(P->s, "signaling_lost_mean"), col_index(P->s, "signaling_lost_ci")};
    for (size_t i = 0; i < P->n_series; i++)
        put_block(f, P, i, cols, 4);
    put_setup(f, P, "Signaling cost: control messages per run (solid: sent, dashed: lost; 95% CI)",
              "control messages per run");
    fputs("set yrange [0:*]\n", f);
    const char *with = P->no_keys ? "yerrorbars" : "yerrorlines";
    fputs("plot ", f);
    for (size_t i = 0; i < P->n_series; i++) {
        const char *t = P->series_title[i][0] ? P->series_title[i] : "all";
        char a[220], b[220];
        snprintf(a, sizeof(a), "%s: sent", t);
        snprintf(b, sizeof(b), "%s: lost", t);
        fprintf(f, "%s$d%zu using ($1%+.6g):2:($2-$3):($2+$3) with %s ls %zu title ",
                i ? ", \\\n     " : "", i, dodge(P, i), with, i % 8 + 1);
        put_gp_string(f, a);
        fprintf(f, ", \\\n     $d%zu using ($1%+.6g):4:($4-$5):($4+$5) with %s ls %zu dt 2 title ",
                i, dodge(P, i), with, i % 8 + 1);
        put_gp_string(f, b);
    }
}

static void body_vulnerable(FILE *f, const plot_ctx_t *P)
{
    int cols[4] = {col_index(P->s, "vulnerable_frac"), col_index(P->s, "vulnerable_lo"),
                   col_index(P->s, "vulnerable_hi"), col_index(P->s, "vulnerable_theory")};
    for (size_t i = 0; i < P->n_series; i++)
        put_block(f, P, i, cols, 4);
    put_setup(f, P, "Runs that lost signaling: simulated (Wilson 95%) and derived from the window",
              "probability");
    fputs("set yrange [-0.02:1.02]\n", f);
    const char *with = P->no_keys ? "yerrorbars" : "yerrorlines";
    fputs("plot ", f);
    for (size_t i = 0; i < P->n_series; i++) {
        const char *t = P->series_title[i][0] ? P->series_title[i] : "all";
        char a[220], b[220];
        snprintf(a, sizeof(a), "%s: simulated", t);
        snprintf(b, sizeof(b), "%s: theory", t);
        fprintf(f, "%s$d%zu using ($1%+.6g):2:3:4 with %s ls %zu title ", i ? ", \\\n     " : "", i,
                dodge(P, i), with, i % 8 + 1);
        put_gp_string(f, a);
        if (P->s->schemes[P->series_scheme[i]] == MOB_SCHEME_BASELINE) {
            fprintf(f, ", \\\n     $d%zu using 1:5 with %s ls %zu dt 3 lw 3 pt 0 title ", i,
                    P->no_keys ? "points" : "lines", i % 8 + 1);
            put_gp_string(f, b);
        }
    }
}

/* Runs `gnuplot NAME.gp` in dir; renames the .tmp outputs into place.
 * Returns 0, 1 when gnuplot is missing, or -SIM_EIO. */
static int render(const char *dir, const char *name, sim_err_t *err)
{
    char script[300];
    snprintf(script, sizeof(script), "%s.gp", name);
    pid_t pid = fork();
    if (pid < 0)
        return sim_err_set(err, SIM_EIO, "cannot start gnuplot: %s", strerror(errno));
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        if (chdir(dir) == 0)
            execlp("gnuplot", "gnuplot", script, (char *)NULL);
        _exit(127);
    }
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127)
        return 1;
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
        return sim_err_set(err, SIM_EIO, "gnuplot failed on %s/%s", dir, script);
    static const char *const ext[] = {"svg", "png"};
    for (int i = 0; i < 2; i++) {
        char from[4200], to[4200];
        snprintf(from, sizeof(from), "%s/%s.%s.tmp", dir, name, ext[i]);
        snprintf(to, sizeof(to), "%s/%s.%s", dir, name, ext[i]);
        if (rename(from, to) != 0)
            return sim_err_set(err, SIM_EIO, "cannot write %s: %s", to, strerror(errno));
    }
    return 0;
}

static int write_script(const char *dir, const char *name, plot_body_fn *body, plot_ctx_t *P,
                        sim_err_t *err)
{
    P->name = name;
    char path[4200], tmp[4300];
    snprintf(path, sizeof(path), "%s/%s.gp", dir, name);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", path, strerror(errno));
    fprintf(f, "# %s: written by mobsim sweep (%s); run `gnuplot %s.gp` in this directory\n", name,
            P->s->name, name);
    body(f, P);
    put_render(f, name);
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        unlink(tmp);
        return sim_err_set(err, SIM_EIO, "cannot write %s", path);
    }
    return 0;
}

int sweep_plots(const sweep_t *s, const char *dir, const double *rows, bool do_render,
                sim_err_t *err)
{
    plot_ctx_t P;
    memset(&P, 0, sizeof(P));
    P.s = s;
    P.rows = rows;
    plan_series(&P);
    struct {
        const char *name;
        plot_body_fn *body;
    } plots[] = {{"restored", body_restored},
                 {"restore_time", body_restore_time},
                 {"signaling", body_signaling},
                 {"vulnerable", body_vulnerable}};
    size_t n = col_index(s, "vulnerable_theory") >= 0 ? 4 : 3;
    bool have_gnuplot = do_render;
    for (size_t i = 0; i < n; i++) {
        int rc = write_script(dir, plots[i].name, plots[i].body, &P, err);
        if (!rc && have_gnuplot) {
            rc = render(dir, plots[i].name, err);
            if (rc == 1) { /* no gnuplot here: the scripts stay for later */
                have_gnuplot = false;
                rc = 0;
            }
        }
        if (rc)
            return rc;
    }
    return 0;
}
