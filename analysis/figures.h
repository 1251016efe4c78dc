/* analysis/figures.h - the reproduction report: the paper's figures as
 * message sequence charts drawn from simulated traces, the numbers of each
 * run, the vulnerability window, and any plots (SVG files) the caller adds,
 * all in one self-contained index.html.
 *
 * figures_run_all() runs every figure scenario found in `scenario_dir`
 * (fig1, control, fig3, fig4, fig5, fig6, fig1-rfc6275) and writes
 * DIR/<name>.svg and DIR/<name>.msc for each. figures_write_html() writes
 * DIR/index.html (temporary file + rename). Nothing is scripted: every chart
 * and number comes from a run.
 */
#ifndef MOBSIM_ANALYSIS_FIGURES_H
#define MOBSIM_ANALYSIS_FIGURES_H

#include <stdbool.h>
#include <stddef.h>

#include "models/metrics.h"
#include "sim/err.h"

#define FIGURES_MAX           16
#define FIGURES_MAX_PLOTS     64
#define FIGURES_DELIVERY_T0   0.8 /* s: the delivery picture's first bin */
#define FIGURES_DELIVERY_BINS 150 /* of 10 ms: 0.8 s to 2.3 s */

typedef struct figures_item {
    char name[32];     /* "fig1" */
    char title[64];    /* "Figure 1" */
    char caption[256]; /* the paper's caption */
    char description[256];
    char scheme[24];
    mob_metrics_t metrics;
    char svg_path[4096]; /* the chart written for it */
    /* data delivered per 10 ms bin from FIGURES_DELIVERY_T0, [0] A to B,
     * [1] B to A (as mobsim run --series counts), and the handoff instants */
    unsigned delivery[2][FIGURES_DELIVERY_BINS];
    double move_at[4];
    char move_host[4][16];
    int n_moves;
} figures_item_t;

typedef struct figures_plot {
    char title[128];
    char path[4096];   /* an SVG file to inline */
    char note[1024];   /* what it shows, one paragraph: the sweep's description */
    char reading[512]; /* how to read the plot, "" when unknown */
    char csv[4096];    /* link to the numbers it is drawn from, "" none */
} figures_plot_t;

typedef struct figures {
    figures_item_t item[FIGURES_MAX];
    int n;
    figures_plot_t plot[FIGURES_MAX_PLOTS];
    int n_plots;
    char window_text[4096];  /* the vulnerability window of fig1, preformatted */
    const struct prov *prov; /* the page's provenance line (borrowed), NULL none */
} figures_t;

/* Runs the figure scenarios of scenario_dir and writes their charts into
 * dir (which must exist). progress (may be NULL) gets one line per figure.
 * Returns 0, or a negative SIM_E code with a message in err. */
int figures_run_all(const char *scenario_dir, const char *dir, figures_t *out,
                    void (*progress)(void *ctx, const char *line), void *ctx, sim_err_t *err);

/* Adds an SVG plot to the report (copied into the page). */
int figures_add_plot(figures_t *f, const char *title, const char *svg_path, const char *note);

/* Adds the plots of one sweep's output directory (mobsim sweep -o DIR):
 * restore_time first (restored fraction and restore time), then restored,
 * vulnerable, episodes, broken, signaling, each captioned with the sweep's
 * description from DIR/sweep.json and how to read it, and linked to
 * DIR/sweep.csv (relative to html_dir when DIR lies inside it). Returns the
 * number of plots added (0: not a sweep directory). */
int figures_add_sweep(figures_t *f, const char *dir, const char *name, const char *html_dir);

/* Writes dir/index.html. */
int figures_write_html(const figures_t *f, const char *dir, sim_err_t *err);

#endif /* MOBSIM_ANALYSIS_FIGURES_H */
