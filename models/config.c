#include "models/config.h"

#include <string.h>

static const char *const scheme_names[MOB_N_SCHEMES] = {
    [MOB_SCHEME_BASELINE] = "baseline",
    [MOB_SCHEME_FORWARDING] = "forwarding",
    [MOB_SCHEME_PROXIES] = "proxies",
    [MOB_SCHEME_HOA_SIGNALING] = "hoa-signaling",
};

void mob_config_defaults(mob_config_t *c)
{
    memset(c, 0, sizeof(*c));
    c->seed = 1;
    c->horizon = SIM_S(60);
    c->scheme = MOB_SCHEME_BASELINE;
    c->T_b = SIM_MS(300);
    c->T_h = SIM_MS(400);
    c->T_p = SIM_MS(200);
    c->fwd_lifetime = SIM_S(10);
    c->fwd_buffer = 0;
    c->rr_expedited = false;
    c->bu_lifetime = SIM_S(420); /* MAX_RR_BINDING_LIFETIME, RFC 6275 §12 */
    c->icmp_unreachable = false;
    c->access_default = MOB_DELAY_CONST(SIM_MS(5));
    c->core_default = MOB_DELAY_CONST(SIM_MS(20));
    c->loss = 0.0;
    c->l2 = MOB_DELAY_CONST(SIM_MS(50));
    c->movement_detection = MOB_DELAY_CONST(SIM_MS(50));
    c->dad = MOB_DELAY_CONST(0);
    c->traffic_rate = 50;
    c->traffic_size = 160;
    c->initial_cold = false;
    c->mh_routing = MOB_MH_BINDING_CACHE;
    c->cn_bu_after_home_ba = true;
    c->rr_after_home_ba = false;
    c->cn_bu_ack = true;
    c->ha_dad = SIM_S(1);
}

const char *mob_scheme_name(mob_scheme_t s)
{
    return (s >= 0 && s < MOB_N_SCHEMES) ? scheme_names[s] : "?";
}

int mob_scheme_from_name(const char *name)
{
    for (int i = 0; i < MOB_N_SCHEMES; i++)
        if (strcmp(scheme_names[i], name) == 0)
            return i;
    return -1;
}
