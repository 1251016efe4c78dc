/* tests/models/pairs_world.h - one world of P independent pairs with Figure
 * 1's timing, in C: the shape of `make scale-bench` (bench/scale.c) and of
 * the 10^5-node tests (tests/models/test_scale.c), written once.
 *
 * Networks homeA, homeB (home agents HA_A, HA_B), A1, A2, B1, B2; core
 * delay homeA-homeB 40 ms, the rest the defaults (access 5 ms, core 20 ms).
 * Hosts A_k = 2k (home homeA, start A1, to A2 at 1 s) and B_k = 2k + 1
 * (home homeB, start B1, to B2 at 1.03 s), iids 0x100 * (index + 1), the
 * pairs (A_k, B_k); data 1 packet per second each way.
 */
#ifndef MOBSIM_TESTS_MODELS_PAIRS_WORLD_H
#define MOBSIM_TESTS_MODELS_PAIRS_WORLD_H

#include <stdio.h>

#include "models/config.h"

enum { PW_HOMEA, PW_HOMEB, PW_A1, PW_A2, PW_B1, PW_B2, PW_N_NETS };

static inline int pw_add_net(mob_config_t *c, const char *name, const char *prefix, const char *ha)
{
    mob_net_t *n = mob_config_add_net(c);
    if (!n)
        return -1;
    snprintf(n->name, sizeof(n->name), "%s", name);
    net_addr_parse(prefix, &n->prefix);
    n->is_home = ha != NULL;
    snprintf(n->home_agent, sizeof(n->home_agent), "%s", ha ? ha : "");
    n->deploy = true;
    return 0;
}

/* Fills c (overwritten, as by mob_config_defaults) with n_pairs pairs. 0,
 * or -1 when out of memory (c is then free-able). */
static inline int pairs_world_config(mob_config_t *c, int n_pairs, sim_time_t horizon,
                                     mob_scheme_t scheme)
{
    mob_config_defaults(c);
    snprintf(c->name, sizeof(c->name), "pairs-%d", n_pairs);
    c->horizon = horizon;
    c->scheme = scheme;
    c->traffic_rate = 1;
    if (pw_add_net(c, "homeA", "2001:db8:a::", "HA_A") < 0 ||
        pw_add_net(c, "homeB", "2001:db8:b::", "HA_B") < 0 ||
        pw_add_net(c, "A1", "2001:db8:a1::", NULL) < 0 ||
        pw_add_net(c, "A2", "2001:db8:a2::", NULL) < 0 ||
        pw_add_net(c, "B1", "2001:db8:b1::", NULL) < 0 ||
        pw_add_net(c, "B2", "2001:db8:b2::", NULL) < 0)
        return -1;
    mob_core_pair_t *cp = mob_config_add_pair(c);
    if (!cp)
        return -1;
    *cp = (mob_core_pair_t){PW_HOMEA, PW_HOMEB, MOB_DELAY_CONST(SIM_MS(40))};
    for (int k = 0; k < n_pairs; k++) {
        mob_host_t *a = mob_config_add_host(c);
        if (!a)
            return -1;
        *a = (mob_host_t){"", MOB_HOST_MOBILE, PW_HOMEA, PW_A1, 0x100u * (uint64_t)(2 * k + 1), -1};
        snprintf(a->name, sizeof(a->name), "A_%d", k);
        mob_host_t *b = mob_config_add_host(c);
        if (!b)
            return -1;
        *b = (mob_host_t){"", MOB_HOST_MOBILE, PW_HOMEB, PW_B1, 0x100u * (uint64_t)(2 * k + 2), -1};
        snprintf(b->name, sizeof(b->name), "B_%d", k);
        mob_peer_t *p = mob_config_add_peer(c);
        mob_move_t *ma = mob_config_add_move(c);
        mob_move_t *mb = mob_config_add_move(c);
        if (!p || !ma || !mb)
            return -1;
        *p = (mob_peer_t){.a = 2 * k, .b = 2 * k + 1};
        *ma = (mob_move_t){2 * k, SIM_S(1), PW_A2};
        *mb = (mob_move_t){2 * k + 1, SIM_MS(1030), PW_B2};
    }
    return 0;
}

#endif /* MOBSIM_TESTS_MODELS_PAIRS_WORLD_H */
