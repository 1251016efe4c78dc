/* analysis/demo_slider.h - the interactive teaching page (`mobsim demo FIG
 * --html F --interactive`): a slider moves B's handoff against A's, a
 * selector picks the scheme, and the chart, the lost messages, the outcome
 * and the vulnerability window bar follow at once.
 *
 * Nothing is computed in the browser: every (offset, scheme) pair is a real
 * run of the base scenario, made here and written into the page. The offset
 * is Δ = t_B - t_A (analysis/window.h), from -DEMO_SLIDER_RANGE to
 * +DEMO_SLIDER_RANGE in DEMO_SLIDER_STEP steps (81 offsets); the schemes
 * are the four of models/ (mob_scheme_t order), each run with the base
 * scenario's parameters. Run k of scheme s is the base with scheme s and
 * B's move at t_A + Δ_k, nothing else changed: the same run as
 * `mobsim run FIG --set scheme=S --set moves[i].at=T`.
 *
 * Page size: the 324 charts are the SVG of msc_write_svg(), about 11 MB for
 * Figure 1; they are stored per scheme as one zlib stream in base64 (charts
 * of neighbouring offsets are alike, so deflate's window finds each one's
 * predecessor: about 1.5 MB for Figure 1) and unpacked once by the
 * browser's DecompressionStream. The outcomes, lost messages and window are
 * plain JSON in the page (var SLIDER=...), readable by tests without a
 * browser: per run the keys restored, restored_at, restore_time,
 * last_detach, signaling, lost, lost_unlisted and data of `mobsim run
 * --json`, plus "offset_ms" and "verdict".
 */
#ifndef MOBSIM_ANALYSIS_DEMO_SLIDER_H
#define MOBSIM_ANALYSIS_DEMO_SLIDER_H

#include <stdio.h>

#include "analysis/msc.h"
#include "models/config.h"
#include "models/world.h"
#include "sim/err.h"

#define DEMO_SLIDER_RANGE   SIM_MS(400)
#define DEMO_SLIDER_STEP    SIM_MS(10)
#define DEMO_SLIDER_OFFSETS 81 /* 2 * RANGE / STEP + 1 */
#define DEMO_SLIDER_SCHEMES 4

typedef struct demo_slider_opts {
    sim_time_t from, to;     /* chart window of each run, as msc_opts_t (-1: automatic) */
    mob_world_tick_fn *tick; /* called during every run; false stops (may be NULL) */
    void *tick_ctx;          /* borrowed */
} demo_slider_opts_t;

/* Checks that base can be slid: two hosts with one scripted move each, as
 * window_check() wants (the window bar is window_analytic() of base), and
 * A's move at least DEMO_SLIDER_RANGE after time 0 so that every B move is
 * at a time >= 0. 0, or -SIM_EINVAL with the reason in err. */
int demo_slider_check(const mob_config_t *base, sim_err_t *err);

/* Runs the 81 x 4 runs of base (borrowed) and writes the page to f. The
 * runs are made before anything is written, so an error leaves f empty.
 * Returns 0; -SIM_EINVAL (demo_slider_check() or a run the models refuse,
 * message in err); -SIM_ESTATE when tick stopped a run; -SIM_ENOMEM;
 * -SIM_EIO when writing failed. Costs 324 runs (a few seconds for the
 * figures). */
int demo_slider_write_html(const mob_config_t *base, const demo_slider_opts_t *o, FILE *f,
                           sim_err_t *err);

#endif /* MOBSIM_ANALYSIS_DEMO_SLIDER_H */
