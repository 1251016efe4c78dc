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
 * Plots: restored.* (fraction with Wilson 95% bars), restore_time.* (two
 * panels: the restored fraction, and the mean restore time over restored
 * runs with Student-t 95% bars, no line where none restored and a mark at
 * 0 there), signaling.* (control messages sent and lost per
 * run), and vulnerable.* (fraction of runs that lost signaling with its
 * Wilson interval, and the derived probability) when the theory column
 * exists; for population sweeps episodes.* (episode_frac with the closed
 * form) and broken.* (broken_ro_frac, no_delivery_frac) when those metrics
 * are asked for. An x axis of T_b, T_h, T_p or fwd_buffer gets the bound
 * mobsim window derives as a dashed vertical line (restored, restore_time).
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
    return P->x_numeric ? k->shown[v] : (double)v;
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
                                        len ? ", " : "", s->keys[k].axis.legend,
                                        s->keys[k].text[sweep_key_index(s, o, k)]);
        }
}

/* A column of a datablock: row[col], or with half >= 0 an end of its
 * interval, row[col] + sign * row[half]. An interval that does not exist
 * (one run: no standard deviation) is drawn as a bar of no length, so
 * gnuplot sees a point wherever the value itself exists. */
typedef struct gp_col {
    int col, half, sign; /* sign 2: 0 where row[col] is 0 (none restored), else no value */
} gp_col_t;

static double gp_value(const double *row, const gp_col_t *c)
{
    if (c->sign == 2)
        return c->col >= 0 && row[c->col] == 0 ? 0 : NAN;
    double y = c->col >= 0 ? row[c->col] : NAN;
    if (c->half >= 0 && isfinite(row[c->half]))
        return y + c->sign * row[c->half];
    return y;
}

/* Writes datablock $dI of series i: x, then the given columns; has[c] is
 * set when column c has a finite value anywhere. */
static void put_block(FILE *f, const plot_ctx_t *P, size_t i, const gp_col_t *cols, size_t n_cols,
                      bool *has)
{
    const sweep_t *s = P->s;
    fprintf(f, "$d%zu << EOD\n", i);
    size_t nx = P->no_keys ? 1 : s->keys[0].n;
    size_t stride = P->no_keys ? 0 : s->n_points / s->keys[0].n;
    for (size_t c = 0; c < n_cols; c++)
        has[c] = false;
    for (size_t v = 0; v < nx; v++) {
        size_t point = P->series_point0[i] + v * stride;
        const double *row = P->rows + (point * s->n_schemes + P->series_scheme[i]) * s->n_cols;
        fprintf(f, "%.12g", P->no_keys ? (double)P->series_scheme[i] : x_of(P, point));
        for (size_t c = 0; c < n_cols; c++) {
            double y = gp_value(row, &cols[c]);
            if (isfinite(y)) {
                fprintf(f, " %.10g", y);
                has[c] = true;
            } else {
                fputs(" NaN", f);
            }
        }
        fputc('\n', f);
    }
    fputs("EOD\n", f);
}

static void put_setup(FILE *f, const plot_ctx_t *P, const char *title, const char *ylabel)
{
    const sweep_t *s = P->s;
    /* no "set datafile missing": a NaN is an undefined value, so a line
     * stops there instead of joining its neighbours across a gap where
     * nothing exists (no run restored) */
    fputs("set encoding utf8\n", f);
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
        put_gp_string(f, s->keys[0].axis.label);
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

/* One line of a plot, drawn for every series: "$dI using X:USING with
 * ...". ycol is the datablock column (0 = the first after x) whose finite
 * values are the line's points; a series without any gets no line. */
typedef struct gp_line {
    const char *using;  /* after the x column: "2:3:4" */
    size_t ycol;        /* into put_block's columns */
    bool errorbars;     /* yerrorlines (yerrorbars without keys); else lines (points) */
    const char *style;  /* added after "ls N": " dt 2", "" */
    const char *suffix; /* added to the series title: ": sent", "" */
    bool baseline_only; /* only the baseline scheme's series */
    bool first_only;    /* only the first scheme's series (a line the same for every scheme) */
    bool points;        /* marks only */
} gp_line_t;

#define GP_LINES_MAX 4

/* The plot command of every series and line that has points. Without any
 * point at all (no run restored, say) the plot says `empty` in its middle
 * instead of failing, as gnuplot would on an empty range. */
static void put_plot(FILE *f, const plot_ctx_t *P, const gp_line_t *lines, size_t n_lines,
                     bool has[][GP_LINES_MAX * 2], const char *empty)
{
    size_t n = 0;
    for (size_t i = 0; i < P->n_series; i++)
        for (size_t l = 0; l < n_lines; l++) {
            const gp_line_t *L = &lines[l];
            if (!has[i][L->ycol] ||
                (L->baseline_only && P->s->schemes[P->series_scheme[i]] != MOB_SCHEME_BASELINE) ||
                (L->first_only && P->series_scheme[i] != 0))
                continue;
            char t[220];
            snprintf(t, sizeof(t), "%s%s", P->series_title[i][0] ? P->series_title[i] : "all",
                     L->suffix);
            const char *with = L->errorbars ? (P->no_keys ? "yerrorbars" : "yerrorlines")
                               : (P->no_keys || L->points) ? "points"
                                                           : "lines";
            fputs(n++ ? ", \\\n     " : "plot ", f);
            if (L->errorbars)
                fprintf(f, "$d%zu using ($1%+.6g):%s with %s ls %zu%s title ", i, dodge(P, i),
                        L->using, with, i % 8 + 1, L->style);
            else
                fprintf(f, "$d%zu using 1:%s with %s ls %zu%s title ", i, L->using, with, i % 8 + 1,
                        L->style);
            put_gp_string(f, t);
        }
    if (n)
        return;
    /* nothing to draw: the axes, and the reason in the middle */
    double lo = 0, hi = 1;
    if (!P->no_keys && P->x_numeric) {
        const vary_key_t *k = &P->s->keys[0];
        lo = hi = k->shown[0];
        for (size_t v = 1; v < k->n; v++) {
            lo = fmin(lo, k->shown[v]);
            hi = fmax(hi, k->shown[v]);
        }
        if (hi <= lo) {
            lo -= 1;
            hi += 1;
        }
        fprintf(f, "set xrange [%.12g:%.12g]\n", lo, hi);
    }
    fputs("set yrange [0:1]\nunset key\nset label 1 ", f);
    put_gp_string(f, empty);
    fputs(" at graph 0.5, graph 0.5 center front\n", f);
    fputs("plot -1 notitle # below the y range: draws nothing", f);
}

typedef void plot_body_fn(FILE *f, const plot_ctx_t *P);

static void put_render(FILE *f, const char *name)
{
    fprintf(f,
            "\nset terminal pngcairo size 1200,720 enhanced font 'Helvetica,13'\n"
            "set output '%s.png.tmp'\nreplot\nset output\n",
            name);
}

/* Every series' datablock of the given columns, then the setup. */
static void put_blocks(FILE *f, const plot_ctx_t *P, const gp_col_t *cols, size_t n_cols,
                       bool has[][GP_LINES_MAX * 2])
{
    for (size_t i = 0; i < P->n_series; i++)
        put_block(f, P, i, cols, n_cols, has[i]);
}

/* The derived bound of the x axis' timer (T_b, T_h, T_p, fwd_buffer) as a
 * vertical line, and the text naming it; nothing for other axes. */
static void put_bound(FILE *f, const plot_ctx_t *P)
{
    const sweep_t *s = P->s;
    for (int i = 0; !P->no_keys && P->x_numeric && i < SWEEP_N_BOUNDS; i++) {
        if (strcmp(s->keys[0].path, sweep_bound_paths[i]) != 0 || !isfinite(s->bound_s[i]))
            continue;
        double x = s->bound_s[i] - s->keys[0].axis.minus;
        char t[160];
        snprintf(t, sizeof(t), " derived bound %s > %.0f ms", sweep_bound_paths[i] + 7,
                 s->bound_s[i] * 1e3);
        fprintf(f,
                "set arrow 9 from %.12g, graph 0 to %.12g, graph 1 nohead lc rgb '#444444' "
                "lw 2 dt 2 front\nset label 9 ",
                x, x);
        put_gp_string(f, t);
        fprintf(f, " at %.12g, graph 0.95 left front\n", x);
    }
}

static void body_restored(FILE *f, const plot_ctx_t *P)
{
    int y = col_index(P->s, "restored_frac");
    gp_col_t cols[3] = {{y, -1, 0},
                        {col_index(P->s, "restored_lo"), -1, 0},
                        {col_index(P->s, "restored_hi"), -1, 0}};
    bool has[SERIES_MAX][GP_LINES_MAX * 2];
    put_blocks(f, P, cols, 3, has);
    put_setup(f, P, "Route optimization restored in both directions (Wilson 95% interval)",
              "fraction of runs restored");
    fputs("set yrange [-0.02:1.02]\n", f);
    put_bound(f, P);
    static const gp_line_t lines[] = {{"2:3:4", 0, true, "", "", false, false, false}};
    put_plot(f, P, lines, 1, has, "no run to plot");
}

/* Two panels: how often route optimization was restored (Wilson 95%), and
 * below it how long it took over the restored runs (Student-t 95%), drawn
 * only where some run restored - a mean over the restored runs alone must
 * not look like the fastest scheme where nearly none restored - with a
 * cross at 0 where none did. The panels are written once per terminal. */
static void put_restore_panels(FILE *f, const plot_ctx_t *P, bool has[][GP_LINES_MAX * 2])
{
    fputs("set multiplot layout 2,1 title ", f);
    put_gp_string(f, P->s->def->description && strlen(P->s->def->description) < 90
                         ? P->s->def->description
                         : "Route optimization: restored fraction and restore time");
    fputs("\nset tmargin 2\nset bmargin 3\nset lmargin 12\nset rmargin 30\n", f);
    fputs("set ylabel 'fraction of runs restored'\nset yrange [-0.02:1.02]\n", f);
    put_bound(f, P);
    static const gp_line_t top[] = {{"2:3:4", 0, true, "", "", false, false, false}};
    put_plot(f, P, top, 1, has, "no run to plot");
    fputs("\nunset label 1\nset key\nset ylabel 'restore time (s), restored runs only'\n"
          "set yrange [0:*]\n",
          f);
    static const gp_line_t bottom[] = {
        {"5:6:7", 3, true, "", "", false, false, false},
        {"8", 6, false, " pt 2 ps 1.4 lw 1", ": none restored", false, false, true}};
    put_plot(f, P, bottom, 2, has, "no run restored route optimization at any point");
    fputs("\nunset multiplot\n", f);
}

static void body_restore_time(FILE *f, const plot_ctx_t *P)
{
    int y = col_index(P->s, "restore_time_s_mean"), ci = col_index(P->s, "restore_time_s_ci");
    int fr = col_index(P->s, "restored_frac");
    gp_col_t cols[7] = {{fr, -1, 0},
                        {col_index(P->s, "restored_lo"), -1, 0},
                        {col_index(P->s, "restored_hi"), -1, 0},
                        {y, -1, 0},
                        {y, ci, -1},
                        {y, ci, 1},
                        {fr, -1, 2}};
    bool has[SERIES_MAX][GP_LINES_MAX * 2];
    put_blocks(f, P, cols, 7, has);
    put_setup(f, P, "", "");
    fprintf(f,
            "set terminal svg size 900,760 dynamic enhanced font 'Helvetica,13' background "
            "rgb 'white'\nset output '%s.svg.tmp'\n",
            P->name);
    char *text = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&text, &n);
    if (!m)
        return;
    put_restore_panels(m, P, has);
    fclose(m);
    fputs(text, f);
    fprintf(f,
            "set output\nset terminal pngcairo size 1200,1000 enhanced font 'Helvetica,13'\n"
            "set output '%s.png.tmp'\n",
            P->name);
    fputs(text, f);
    fputs("set output\n", f);
    free(text);
}

static void body_signaling(FILE *f, const plot_ctx_t *P)
{
    int sent = col_index(P->s, "signaling_sent_mean"), sci = col_index(P->s, "signaling_sent_ci");
    int lost = col_index(P->s, "signaling_lost_mean"), lci = col_index(P->s, "signaling_lost_ci");
    gp_col_t cols[6] = {{sent, -1, 0}, {sent, sci, -1}, {sent, sci, 1},
                        {lost, -1, 0}, {lost, lci, -1}, {lost, lci, 1}};
    bool has[SERIES_MAX][GP_LINES_MAX * 2];
    put_blocks(f, P, cols, 6, has);
    put_setup(f, P, "Signaling cost: control messages per run (solid: sent, dashed: lost; 95% CI)",
              "control messages per run");
    fputs("set yrange [0:*]\n", f);
    static const gp_line_t lines[] = {{"2:3:4", 0, true, "", ": sent", false, false, false},
                                      {"5:6:7", 3, true, " dt 2", ": lost", false, false, false}};
    put_plot(f, P, lines, 2, has, "no run to plot");
}

static void body_vulnerable(FILE *f, const plot_ctx_t *P)
{
    int y = col_index(P->s, "vulnerable_frac");
    gp_col_t cols[4] = {{y, -1, 0},
                        {col_index(P->s, "vulnerable_lo"), -1, 0},
                        {col_index(P->s, "vulnerable_hi"), -1, 0},
                        {col_index(P->s, "vulnerable_theory"), -1, 0}};
    bool has[SERIES_MAX][GP_LINES_MAX * 2];
    put_blocks(f, P, cols, 4, has);
    put_setup(f, P, "Runs that lost signaling: simulated (Wilson 95%) and derived from the window",
              "probability");
    fputs("set yrange [-0.02:1.02]\n", f);
    static const gp_line_t lines[] = {
        {"2:3:4", 0, true, "", ": simulated", false, false, false},
        {"5", 3, false, " dt 3 lw 3 pt 0", ": theory", true, false, false}};
    put_plot(f, P, lines, 2, has, "no run to plot");
}

/* A numeric x axis of positive values spanning 20x or more (mean dwell
 * 5 s ... 300 s) reads better on a log scale. */
static void maybe_log_x(FILE *f, const plot_ctx_t *P)
{
    if (P->no_keys || !P->x_numeric || P->s->keys[0].n < 3)
        return;
    const vary_key_t *k = &P->s->keys[0];
    double lo = k->num[0], hi = k->num[0];
    for (size_t v = 1; v < k->n; v++) {
        lo = fmin(lo, k->num[v]);
        hi = fmax(hi, k->num[v]);
    }
    if (lo > 0 && hi >= 20 * lo)
        fputs("set logscale x\n", f);
}

/* populations (metrics episode_frac, broken_ro_frac): the mean over the
 * replications of each run's fraction, Student-t 95% bars */
static void body_episodes(FILE *f, const plot_ctx_t *P)
{
    int y = col_index(P->s, "episode_frac_mean"), ci = col_index(P->s, "episode_frac_ci");
    gp_col_t cols[4] = {
        {y, -1, 0}, {y, ci, -1}, {y, ci, 1}, {col_index(P->s, "episode_frac_theory"), -1, 0}};
    bool has[SERIES_MAX][GP_LINES_MAX * 2];
    put_blocks(f, P, cols, 4, has);
    put_setup(f, P,
              "Handoffs in a simultaneous-mobility episode: simulated (95% CI) and the closed form",
              "fraction of handoff rows");
    maybe_log_x(f, P);
    fputs("set yrange [0:*]\n", f);
    static const gp_line_t lines[] = {
        {"2:3:4", 0, true, "", ": simulated", false, false, false},
        {"5", 3, false, " dt 3 lw 3 pt 0", ": theory (any scheme)", false, true, false}};
    put_plot(f, P, lines, 2, has, "no handoff to plot");
}

static void body_broken(FILE *f, const plot_ctx_t *P)
{
    int ro = col_index(P->s, "broken_ro_frac_mean"), rci = col_index(P->s, "broken_ro_frac_ci");
    int nd = col_index(P->s, "no_delivery_frac_mean"), nci = col_index(P->s, "no_delivery_frac_ci");
    gp_col_t cols[6] = {{ro, -1, 0}, {ro, rci, -1}, {ro, rci, 1},
                        {nd, -1, 0}, {nd, nci, -1}, {nd, nci, 1}};
    bool has[SERIES_MAX][GP_LINES_MAX * 2];
    put_blocks(f, P, cols, 6, has);
    put_setup(
        f, P,
        "Broken pair-time (solid: without route optimization, dashed: without delivery; 95% CI)",
        "fraction of pair-time");
    maybe_log_x(f, P);
    fputs("set yrange [0:*]\n", f);
    static const gp_line_t lines[] = {
        {"2:3:4", 0, true, "", ": no RO", false, false, false},
        {"5:6:7", 3, true, " dt 2", ": no delivery", false, false, false}};
    put_plot(f, P, lines, 2, has, "no pair to plot");
}

const char *const sweep_plot_names[SWEEP_N_PLOTS] = {"restored",   "restore_time", "signaling",
                                                     "vulnerable", "episodes",     "broken"};

/* Removes NAME.svg.tmp and NAME.png.tmp of a render that did not finish. */
static void render_cleanup(const char *dir, const char *name)
{
    static const char *const ext[] = {"svg", "png"};
    for (int i = 0; i < 2; i++) {
        char tmp[4200];
        snprintf(tmp, sizeof(tmp), "%s/%s.%s.tmp", dir, name, ext[i]);
        unlink(tmp);
    }
}

/* Runs `gnuplot NAME.gp` in dir; renames the .tmp outputs into place.
 * Returns 0, 1 when gnuplot is missing, or -SIM_EIO. Leaves no .tmp file. */
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
    if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127) {
        render_cleanup(dir, name);
        return 1;
    }
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
        render_cleanup(dir, name);
        /* clang-format off */
        return sim_err_set(err, SIM_EIO, "gnuplot failed on %s/%s; sweep.csv and sweep.json are complete (run `gnuplot %s` in %s to see why, or use --no-plots)", dir, script, script, dir);
        /* clang-format on */
    }
    static const char *const ext[] = {"svg", "png"};
    for (int i = 0; i < 2; i++) {
        char from[4200], to[4200];
        snprintf(from, sizeof(from), "%s/%s.%s.tmp", dir, name, ext[i]);
        snprintf(to, sizeof(to), "%s/%s.%s", dir, name, ext[i]);
        if (rename(from, to) != 0) {
            int e = errno;
            render_cleanup(dir, name);
            return sim_err_set(err, SIM_EIO, "cannot write %s: %s", to, strerror(e));
        }
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
    if (body != body_restore_time) /* it renders both terminals itself (multiplot) */
        put_render(f, name);
    errno = 0;
    int e = ferror(f) || fflush(f) != 0 ? (errno ? errno : EIO) : 0;
    if (fclose(f) != 0 && !e)
        e = errno ? errno : EIO;
    if (!e && rename(tmp, path) != 0)
        e = errno;
    if (e) {
        unlink(tmp);
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", path, strerror(e));
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
    plot_body_fn *const bodies[SWEEP_N_PLOTS] = {body_restored,   body_restore_time, body_signaling,
                                                 body_vulnerable, body_episodes,     body_broken};
    /* a population sweep (episode_frac asked for) tells its story by
     * episodes and broken pair-time; "restored" there is one flag over
     * thousands of pairs */
    bool population = col_index(s, "episode_frac_mean") >= 0;
    const bool made[SWEEP_N_PLOTS] = {!population,
                                      !population,
                                      true,
                                      col_index(s, "vulnerable_theory") >= 0,
                                      col_index(s, "episode_frac_mean") >= 0,
                                      col_index(s, "broken_ro_frac_mean") >= 0};
    bool have_gnuplot = do_render;
    const char *missing = NULL;
    for (size_t i = 0; i < SWEEP_N_PLOTS; i++) {
        if (!made[i])
            continue;
        int rc = write_script(dir, sweep_plot_names[i], bodies[i], &P, err);
        if (!rc && have_gnuplot) {
            rc = render(dir, sweep_plot_names[i], err);
            if (rc == 1) { /* no gnuplot here: the scripts are still written */
                have_gnuplot = false;
                missing = sweep_plot_names[i];
                rc = 0;
            }
        }
        if (rc)
            return rc;
    }
    if (missing)
        /* clang-format off */
        return sim_err_set(err, SIM_EIO, "gnuplot not found: %s/*.gp are written but not rendered (install gnuplot-nox and run `gnuplot %s.gp` in %s, or use --no-plots); sweep.csv and sweep.json are complete", dir, missing, dir);
    /* clang-format on */
    return 0;
}
