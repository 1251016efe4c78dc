/* analysis/demo.h - teaching views of a recorded run (`mobsim demo`).
 *
 * A run recorded by msc.h with MSC_KEEP_VIEWS is shown one step (one trace
 * record) at a time: what happened, every host's binding cache and binding
 * update list entry per correspondent and the home agents' caches after it,
 * and the chart so far.
 * The steps are those of the chart window (msc_step_range()); a demo step
 * number n (1-based) is chart step first + n - 1.
 *
 * Two front ends: a terminal screen (demo_write_screen(); the key loop is
 * cli/'s) and one self-contained HTML page (demo_write_html(): inline CSS,
 * JS and SVG, no network, no external assets). Writers take a FILE* and
 * return 0, -SIM_EIO when writing failed, or -SIM_ENOMEM; they never close
 * or rename anything.
 */
#ifndef MOBSIM_ANALYSIS_DEMO_H
#define MOBSIM_ANALYSIS_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analysis/msc.h"

/* Number of demo steps of the chart window of o. */
size_t demo_n_steps(const msc_t *m, const msc_opts_t *o);

/* The demo step (1-based) showing chart step i, or 0 when i is outside. */
size_t demo_step_of(const msc_t *m, const msc_opts_t *o, size_t i);

typedef struct demo_screen {
    int width, height; /* terminal size in columns and rows */
    bool color;        /* ANSI colours (never on a dumb terminal or a pipe) */
} demo_screen_t;

/* The whole terminal screen for demo step n (1-based, clamped): title, the
 * event, the state panels (lines that changed since the previous step are
 * marked '*'), the ASCII chart so far cut to fit `height`, and the key help.
 * Writes no cursor or clear-screen codes: the caller clears when it wants. */
int demo_write_screen(const msc_t *m, const msc_opts_t *o, size_t n, const demo_screen_t *s,
                      FILE *f);

/* The state panels after chart step i, as lines of text (no colour): per
 * host its CoA and home registration, then per correspondent its binding
 * cache entry and binding update list entry (a stationary correspondent
 * has neither a home registration nor a BUL); one line per home agent. */
int demo_write_state(const msc_t *m, size_t i, FILE *f);

/* The same panels for any view (m, which may be NULL, names networks). */
int demo_write_view(const msc_t *m, const mob_world_view_t *v, FILE *f);

/* The HTML page: step / back / play buttons, the event, the same state
 * panels, and the SVG chart whose arrows appear as the steps go. The page
 * reads its URL: `?step=N` (or `#step=N`) opens step N, `&click=next,back`
 * clicks those buttons once loaded, `&play=1` starts playing. Element ids
 * for scripts and tests: step-no, step-time, step-text, and per host H
 * coa-H, home-H, bce-H and bul-H (its first correspondent), bce-H-P and
 * bul-H-P (each further correspondent P); per home agent X: ha-X. */
int demo_write_html(const msc_t *m, const msc_opts_t *o, FILE *f);

#endif /* MOBSIM_ANALYSIS_DEMO_H */
