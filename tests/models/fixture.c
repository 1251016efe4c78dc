#include "tests/models/fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/models/pairs_world.h"

static void add_net(mob_config_t *c, const char *name, const char *prefix, const char *ha)
{
    if (pw_add_net(c, name, prefix, ha) < 0)
        abort(); /* out of memory in a test */
}

void fx_config(mob_config_t *c)
{
    mob_config_defaults(c);
    snprintf(c->name, sizeof(c->name), "fixture");
    add_net(c, "homeA", "2001:db8:a::", "HA_A");
    add_net(c, "homeB", "2001:db8:b::", "HA_B");
    add_net(c, "A1", "2001:db8:a1::", NULL);
    add_net(c, "A2", "2001:db8:a2::", NULL);
    add_net(c, "B1", "2001:db8:b1::", NULL);
    add_net(c, "B2", "2001:db8:b2::", NULL);
    add_net(c, "A3", "2001:db8:a3::", NULL);
    *mob_config_add_pair(c) = (mob_core_pair_t){NET_HOMEA, NET_HOMEB, MOB_DELAY_CONST(SIM_MS(40))};
    *mob_config_add_host(c) = (mob_host_t){"A", MOB_HOST_MOBILE, NET_HOMEA, NET_A1, 0x100, -1};
    *mob_config_add_host(c) = (mob_host_t){"B", MOB_HOST_MOBILE, NET_HOMEB, NET_B1, 0x200, -1};
}

void fx_multi_config(mob_config_t *c)
{
    mob_config_defaults(c);
    snprintf(c->name, sizeof(c->name), "multi");
    c->horizon = SIM_S(20);
    add_net(c, "homeA", "2001:db8:a::", "HA_A");
    add_net(c, "homeB", "2001:db8:b::", "HA_B");
    add_net(c, "homeD", "2001:db8:d::", "HA_D");
    add_net(c, "A1", "2001:db8:a1::", NULL);
    add_net(c, "A2", "2001:db8:a2::", NULL);
    add_net(c, "B1", "2001:db8:b1::", NULL);
    add_net(c, "B2", "2001:db8:b2::", NULL);
    add_net(c, "D1", "2001:db8:d1::", NULL);
    add_net(c, "D2", "2001:db8:d2::", NULL);
    add_net(c, "cnet", "2001:db8:c::", NULL);
    *mob_config_add_pair(c) = (mob_core_pair_t){MX_HOMEA, MX_HOMEB, MOB_DELAY_CONST(SIM_MS(40))};
    *mob_config_add_host(c) = (mob_host_t){"A", MOB_HOST_MOBILE, MX_HOMEA, MX_A1, 0x100, -1};
    *mob_config_add_host(c) = (mob_host_t){"B", MOB_HOST_MOBILE, MX_HOMEB, MX_B1, 0x200, -1};
    *mob_config_add_host(c) = (mob_host_t){"D", MOB_HOST_MOBILE, MX_HOMED, MX_D1, 0x300, -1};
    *mob_config_add_host(c) = (mob_host_t){"C", MOB_HOST_CORRESPONDENT, -1, MX_CNET, 0x400, -1};
    *mob_config_add_peer(c) = (mob_peer_t){.a = MX_A, .b = MX_B};
    *mob_config_add_peer(c) = (mob_peer_t){.a = MX_A, .b = MX_C};
    *mob_config_add_peer(c) = (mob_peer_t){.a = MX_B, .b = MX_D};
    fx_move(c, MX_A, SIM_S(1), MX_A2);
    fx_move(c, MX_B, SIM_MS(1030), MX_B2);
    fx_move(c, MX_D, SIM_S(6), MX_D2);
}

void fx_corr_config(mob_config_t *c)
{
    mob_config_defaults(c);
    snprintf(c->name, sizeof(c->name), "corr");
    add_net(c, "homeA", "2001:db8:a::", "HA_A");
    add_net(c, "A1", "2001:db8:a1::", NULL);
    add_net(c, "A2", "2001:db8:a2::", NULL);
    add_net(c, "cnet", "2001:db8:c::", NULL);
    *mob_config_add_host(c) = (mob_host_t){"A", MOB_HOST_MOBILE, CX_HOMEA, CX_A1, 0x100, -1};
    *mob_config_add_host(c) = (mob_host_t){"C", MOB_HOST_CORRESPONDENT, -1, CX_CNET, 0x400, -1};
}

void fx_move(mob_config_t *c, int host, sim_time_t at, int to)
{
    *mob_config_add_move(c) = (mob_move_t){host, at, to};
}

static void collect(void *ctx, const sim_trace_rec_t *rec)
{
    fx_run_t *r = ctx;
    if ((rec->kind == SIM_TR_PKT_SENT || rec->kind == SIM_TR_PKT_RECEIVED) && rec->code < 0)
        return; /* data packets: too many, not needed */
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 256;
        r->recs = realloc(r->recs, r->cap * sizeof(*r->recs));
    }
    fx_rec_t *f = &r->recs[r->n++];
    f->kind = rec->kind;
    f->at = rec->at;
    snprintf(f->node, sizeof(f->node), "%s", mob_world_node_name(r->w, rec->node));
    snprintf(f->peer, sizeof(f->peer), "%s", mob_world_node_name(r->w, rec->peer));
    f->code = rec->code;
    snprintf(f->what, sizeof(f->what), "%s", rec->what ? rec->what : "");
    f->label[0] = 0;
    f->len = 0;
    if (rec->bytes) {
        mob_packet_label(rec->bytes, rec->len, f->label, sizeof(f->label));
        f->len = rec->len < sizeof(f->bytes) ? rec->len : sizeof(f->bytes);
        memcpy(f->bytes, rec->bytes, f->len);
    }
}

int fx_run(fx_run_t *r, const mob_config_t *c)
{
    return fx_run_injected(r, c, NULL, 0);
}

static int run_with(fx_run_t *r, const mob_config_t *c, const fx_inject_t *inj, int n_inj,
                    sim_trace_fn *tap, void *ctx);

int fx_run_tap(fx_run_t *r, const mob_config_t *c, sim_trace_fn *tap, void *ctx)
{
    return run_with(r, c, NULL, 0, tap, ctx);
}

int fx_run_injected(fx_run_t *r, const mob_config_t *c, const fx_inject_t *inj, int n_inj)
{
    return run_with(r, c, inj, n_inj, NULL, NULL);
}

static int run_with(fx_run_t *r, const mob_config_t *c, const fx_inject_t *inj, int n_inj,
                    sim_trace_fn *tap, void *ctx)
{
    memset(r, 0, sizeof(*r));
    sim_err_t err = {0};
    r->sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    int rc = mob_world_create(c, r->sim, &r->w, &err);
    if (rc < 0) {
        fprintf(stderr, "fx_run: %s\n", err.msg);
        return rc;
    }
    sim_trace_subscribe(sim_bus(r->sim), SIM_TR_ALL, collect, r);
    if (tap)
        sim_trace_subscribe(sim_bus(r->sim), SIM_TR_ALL, tap, ctx);
    for (int i = 0; i < n_inj; i++) {
        rc = mob_world_inject(r->w, inj[i].at, mob_world_node_id(r->w, inj[i].from), inj[i].bytes,
                              inj[i].len);
        if (rc < 0)
            return rc;
    }
    rc = mob_world_run(r->w);
    r->m = mob_world_metrics(r->w);
    return rc;
}

void fx_free(fx_run_t *r)
{
    mob_world_destroy(r->w);
    sim_destroy(r->sim);
    free(r->recs);
    memset(r, 0, sizeof(*r));
}

const mob_lost_t *fx_lost(const fx_run_t *r, const char *type, const char *from, const char *where)
{
    for (size_t i = 0; i < r->m->n_lost; i++) {
        const mob_lost_t *l = &r->m->lost[i];
        if (strcmp(l->type, type) == 0 && (!from || strcmp(l->from, from) == 0) &&
            (!where || strcmp(l->where, where) == 0))
            return l;
    }
    return NULL;
}

static int match(const fx_rec_t *f, sim_trace_kind_t kind, const char *node, int code,
                 const char *what, sim_time_t after)
{
    return f->kind == kind && (!node || strcmp(f->node, node) == 0) &&
           (code < 0 || f->code == code) && (!what || strcmp(f->what, what) == 0) && f->at >= after;
}

int fx_count(const fx_run_t *r, sim_trace_kind_t kind, const char *node, int code, const char *what,
             sim_time_t after)
{
    int n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += match(&r->recs[i], kind, node, code, what, after);
    return n;
}

const fx_rec_t *fx_first(const fx_run_t *r, sim_trace_kind_t kind, const char *node, int code,
                         const char *what, sim_time_t after)
{
    for (size_t i = 0; i < r->n; i++)
        if (match(&r->recs[i], kind, node, code, what, after))
            return &r->recs[i];
    return NULL;
}

const fx_rec_t *fx_first_label(const fx_run_t *r, sim_trace_kind_t kind, const char *node,
                               const char *label, sim_time_t after)
{
    for (size_t i = 0; i < r->n; i++) {
        const fx_rec_t *f = &r->recs[i];
        if (f->kind == kind && f->at >= after && (!node || strcmp(f->node, node) == 0) &&
            strcmp(f->label, label) == 0)
            return f;
    }
    return NULL;
}

int fx_count_label(const fx_run_t *r, sim_trace_kind_t kind, const char *node, const char *label,
                   sim_time_t after)
{
    int n = 0;
    for (size_t i = 0; i < r->n; i++) {
        const fx_rec_t *f = &r->recs[i];
        n += f->kind == kind && f->at >= after && (!node || strcmp(f->node, node) == 0) &&
             strcmp(f->label, label) == 0;
    }
    return n;
}
