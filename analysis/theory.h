/* analysis/theory.h - the closed form beside a population's simulation
 * (issue 15; docs/theory.md, "Populations").
 *
 * A handoff of host X at t is in an episode with its correspondent Y when
 * Y hands off at an offset D = t_Y - t in [-W_Y, W_X], the binding-cache
 * window that window_analytic() derives for the pair's delays. With Y's
 * handoffs a stationary renewal process independent of X's, the probability
 * of that is F_e(L), L = W_X + W_Y, where
 *
 *     F_e(L) = (1/mu) * integral_0^L S(x) dx
 *
 * (S the survival function of Y's dwell time, mu its mean): 1 - exp(-lambda L)
 * for Poisson mobility. The episode rate of the pair is lambda_X lambda_Y L
 * (the small-window limit of lambda_X F_e(L)).
 *
 *   double p = theory_episode_frac(cfg, x, y, &err);   // NaN on error
 *   int n = theory_class_pairs_count(cfg);
 *   theory_class_pair_t *cp = calloc(n, sizeof(*cp));
 *   theory_class_pairs(cfg, cp, n, &err);
 *   cp[theory_class_pair_index(cfg, cls_x, cls_y)].episode_frac ...
 */
#ifndef MOBSIM_ANALYSIS_THEORY_H
#define MOBSIM_ANALYSIS_THEORY_H

#include <stdint.h>

#include "models/config.h"
#include "sim/err.h"

/* The window of hosts x and y of cfg (any world): the two-host config of x
 * and y (their home networks, start networks and one other foreign network
 * each to move to, with cfg's delays and protocol switches, no data) given
 * to window_analytic(). *w_x, *w_y: the binding-cache extents W_X (the
 * peer may move up to W_X after x) and W_Y. 0, or a negative SIM_E code
 * (-SIM_EINVAL: a host is not mobile, the delays are random, ...). */
int theory_pair_window(const mob_config_t *cfg, int x, int y, sim_time_t *w_x, sim_time_t *w_y,
                       sim_err_t *err);

/* The process that moves host h: its own mobility, its vehicle's for a
 * grouped host, NULL when none (scripted moves, a correspondent). */
const mob_mobility_t *theory_host_process(const mob_config_t *cfg, int h);

/* Handoffs per second of a process (1 / mean dwell); 0 for NULL or a
 * disabled one, and for a dwell distribution of infinite mean. */
double theory_rate(const mob_mobility_t *mo);

/* F_e(L): the probability that the stationary process mo has a handoff in
 * a given interval of length L (ns). 0 for NULL or a disabled process, and
 * for L <= 0. Exactly 1 - exp(-rate * L_s) for Poisson (rate) and for an
 * exponential dwell (rate = 1 / mean). */
double theory_hit_prob(const mob_mobility_t *mo, sim_time_t L);

/* F_e of y's process at L = W_x + W_y: the probability that a handoff of x
 * falls in an episode with y. NaN on error (err set). */
double theory_episode_frac(const mob_config_t *cfg, int x, int y, sim_err_t *err);

/* lambda_x lambda_y (W_x + W_y): episodes of the pair per second (the
 * small-window limit). NaN on error (err set). */
double theory_pair_episode_rate(const mob_config_t *cfg, int x, int y, sim_err_t *err);

/* One ordered class pair (class of X, class of Y) over the rows "a handoff
 * of X, per correspondent Y" (the --handoffs rows). */
typedef struct theory_class_pair {
    int cls_x, cls_y;    /* indices into cfg.classes; -1: no class ("-") */
    double episode_frac; /* mean of theory_episode_frac over the rows, weighted by
                          * X's handoff rate; NaN when no row has a weight */
    double weight;       /* sum of X's handoff rates over the rows (1/s) */
    double episode_rate; /* sum of lambda_X F_e: handoffs of X in an episode, per second */
    int64_t rows;        /* ordered (X, Y) with a correspondent Y and X moved by a process */
    int64_t excluded;    /* rows of X and Y on one vehicle (not independent): left out */
} theory_class_pair_t;

/* (cfg.n_classes + 1)^2: every ordered pair of classes and "-" */
int theory_class_pairs_count(const mob_config_t *cfg);
/* where (cls_x, cls_y) is in the array (-1: no class) */
int theory_class_pair_index(const mob_config_t *cfg, int cls_x, int cls_y);

/* Fills out[0 .. theory_class_pairs_count(cfg)) (n_out must be that),
 * every entry, empty ones with rows 0 and episode_frac NaN. One window per
 * distinct delay setting of a pair (cached), so O(pairs). Returns the
 * number of windows computed (>= 0), or a negative SIM_E code. */
int theory_class_pairs(const mob_config_t *cfg, theory_class_pair_t *out, int n_out,
                       sim_err_t *err);

/* Over all the rows of cp[0 .. n) (theory_class_pairs' output): the mean
 * episode_frac weighted by the handoff rates (sum of episode_rate over sum
 * of weight), the `population.episode_frac_theory` of a run. NaN when no
 * row has a weight. */
double theory_overall_episode_frac(const theory_class_pair_t *cp, int n);

/* The pairs theory_class_pairs() walks: cfg.n_peers, or 1 for two hosts
 * without peers (they talk), else 0. */
int theory_peer_count(const mob_config_t *cfg);

/* theory_class_pairs(), and the window of every pair: win[i] (i the pair's
 * index in cfg.peers, n = theory_peer_count(cfg)) = {W_a, W_b} of the
 * pair's hosts a and b (a handoff of a is vulnerable to b's at offsets
 * t_b - t_a in [-W_b, W_a]); {-1, -1} where no window applies (a host
 * without a process, one vehicle, a pair skipped). */
int theory_class_pairs_windows(const mob_config_t *cfg, theory_class_pair_t *out, int n_out,
                               sim_time_t (*win)[2], sim_err_t *err);

#endif /* MOBSIM_ANALYSIS_THEORY_H */
