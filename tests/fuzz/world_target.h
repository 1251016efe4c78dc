/* tests/fuzz/world_target.h - the world model run briefly on fuzzed
 * scenarios, shared by the libFuzzer target (tests/fuzz/fuzz_world.c) and
 * the corpus replay in `make test` (tests/models/test_world_fuzz.c).
 *
 * Input: as tests/fuzz/scn_target.h - scenario JSON, then up to 4 `--set`
 * assignments, each after a NUL byte. An input the loader refuses is not a
 * finding here (fuzz_scn checks the loader). An accepted config gets its
 * horizon clamped to FUZZ_WORLD_HORIZON (moves past it simply never
 * happen), then mob_world_create(), mob_world_run_sliced(), destroy. What
 * this finds is the run itself: crashes and sanitizer reports in models/,
 * hangs (a process that loops at one instant never returns: libFuzzer's
 * -timeout reports it) and runaway event counts. Properties:
 *   - mob_world_create() returns 0 or -SIM_EINVAL with one non-empty line
 *     (the model's own bounds, world.h); never another code;
 *   - the run returns 0 and processes at most FUZZ_WORLD_MAX_EVENTS events;
 *   - the metrics are consistent: received + lost <= sent (packets still
 *     in flight at the horizon are neither), delays non-negative, p95 within
 *     the horizon, restored times within the run.
 * Returns 0, or the number of the first broken property.
 *
 * Static in a header because the two binaries are built by different
 * compilers from different source lists; each includes it once.
 */
#ifndef MOBSIM_TESTS_FUZZ_WORLD_TARGET_H
#define MOBSIM_TESTS_FUZZ_WORLD_TARGET_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/world.h"
#include "scenarios/scn.h"
#include "tests/fuzz/split_input.h"

#define FUZZ_WORLD_FILE     "fuzz.json"
#define FUZZ_WORLD_MAX_SETS 4
#define FUZZ_WORLD_HORIZON  SIM_MS(200)
/* 200 ms at the loader's largest rates (10^4 packets/s each way, a few
 * events per packet) stays far below this; a process that advances time by
 * 1 ns per event would pass it within a millisecond */
#define FUZZ_WORLD_MAX_EVENTS 2000000u

static bool fuzz_world_tick(void *ctx, sim_time_t now, sim_time_t horizon)
{
    (void)now;
    (void)horizon;
    const mob_world_t *w = ctx;
    return mob_world_metrics(w)->events <= FUZZ_WORLD_MAX_EVENTS;
}

static int fuzz_world_check_metrics(const mob_metrics_t *m, sim_time_t horizon)
{
    if (m->data_received + m->data_lost > m->data_sent)
        return 20;
    if (m->data_delay_mean < 0 || m->data_delay_p95 < 0 || m->data_delay_p95 > horizon ||
        (m->data_received == 0 && (m->data_delay_mean || m->data_delay_p95)))
        return 21;
    if ((m->restored_ab && (m->restored_at_ab < 0 || m->restored_at_ab > horizon)) ||
        (m->restored_ba && (m->restored_at_ba < 0 || m->restored_at_ba > horizon)))
        return 22;
    if (m->has_restore_time && (m->restore_time < 0 || m->restore_time > horizon))
        return 23;
    if (m->sig_lost > m->sig_sent || m->n_lost > MOB_LOST_MAX || m->n_lost > m->sig_lost)
        return 24;
    if (m->disruption_ab < 0 || m->disruption_ab > horizon || m->disruption_ba < 0 ||
        m->disruption_ba > horizon)
        return 25;
    /* per pair: the same promises, and the pairs' shares within the totals */
    uint64_t sig_sent = 0, sig_lost = 0, data_sent = 0, data_lost = 0;
    for (size_t i = 0; i < m->n_pairs; i++) {
        const mob_pair_metrics_t *p = &m->pairs[i];
        if (p->a < 0 || p->b < 0 || p->a == p->b || (!p->has_ab && !p->has_ba))
            return 26;
        if ((p->restored_ab &&
             (!p->has_ab || p->restored_at_ab < 0 || p->restored_at_ab > horizon)) ||
            (p->restored_ba &&
             (!p->has_ba || p->restored_at_ba < 0 || p->restored_at_ba > horizon)) ||
            (p->has_restore_time && (p->restore_time < 0 || p->restore_time > horizon)))
            return 27;
        /* a scheme's re-sent copy that dies is one more loss of the pair
         * without a new message: lost <= sent only when nothing was re-sent */
        if ((p->sig_lost > p->sig_sent && m->sig_reforwarded == 0) || p->data_lost > p->data_sent ||
            p->disruption_ab < 0 || p->disruption_ab > horizon || p->disruption_ba < 0 ||
            p->disruption_ba > horizon)
            return 28;
        sig_sent += p->sig_sent;
        sig_lost += p->sig_lost;
        data_sent += p->data_sent;
        data_lost += p->data_lost;
    }
    if (sig_sent > m->sig_sent || sig_lost > m->sig_lost || data_sent > m->data_sent ||
        data_lost > m->data_lost)
        return 29;
    return 0;
}

static int fuzz_world_run(mob_config_t *c)
{
    if (c->horizon > FUZZ_WORLD_HORIZON)
        c->horizon = FUZZ_WORLD_HORIZON;
    sim_t *sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    if (!sim)
        return 0; /* out of memory is not a finding */
    mob_world_t *w = NULL;
    sim_err_t err = {0};
    int bad = 0;
    int rc = mob_world_create(c, sim, &w, &err);
    if (rc == -SIM_EINVAL) {
        if (!err.msg[0] || strchr(err.msg, '\n'))
            bad = 10;
        goto out;
    }
    if (rc != 0) {
        bad = rc == -SIM_ENOMEM ? 0 : 11;
        goto out;
    }
    rc = mob_world_run_sliced(w, SIM_MS(10), fuzz_world_tick, w);
    const mob_metrics_t *m = mob_world_metrics(w);
    if (rc == -SIM_ESTATE) {
        fprintf(stderr, "fuzz_world: more than %u events in %lld ns of simulated time\n",
                FUZZ_WORLD_MAX_EVENTS, (long long)c->horizon);
        bad = 12;
    } else if (rc != 0) {
        bad = rc == -SIM_ENOMEM ? 0 : 13;
    } else {
        bad = fuzz_world_check_metrics(m, c->horizon);
    }
out:
    mob_world_destroy(w);
    sim_destroy(sim);
    return bad;
}

static int fuzz_world_target(const uint8_t *data, size_t size)
{
    const char *sets[FUZZ_WORLD_MAX_SETS];
    size_t text_len, n_sets;
    char *copy = fuzz_split(data, size, &text_len, sets, FUZZ_WORLD_MAX_SETS, &n_sets);
    if (!copy)
        return 0;
    mob_config_t *c = malloc(sizeof(*c));
    int bad = 0;
    sim_err_t err = {0};
    if (c && scn_load_string(copy, text_len, FUZZ_WORLD_FILE, sets, n_sets, c, &err) == 0)
        bad = fuzz_world_run(c);
    mob_config_free(c);
    free(c);
    free(copy);
    return bad;
}

#endif /* MOBSIM_TESTS_FUZZ_WORLD_TARGET_H */
