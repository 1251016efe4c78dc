/* analysis/stateat.c - snapshots of the protocol state (see stateat.h).
 *
 * Each snapshot is recorded when it is taken, as JSON (a cJSON object) or as
 * text (a string), so the world may go on changing; stateat_write() only
 * prints what was recorded. */
#include "analysis/stateat.h"

#include "analysis/provenance.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

struct stateat_instant {
    sim_handle_t pending; /* SIM_HANDLE_NONE once taken */
};

struct stateat {
    sim_t *sim;
    const mob_world_t *w;
    stateat_format_t format;
    size_t n, n_taken;
    struct stateat_instant *inst; /* one per time: the event's arg */
    /* the hosts of home agent k: by_ha[ha_first[k] .. ha_first[k + 1]),
     * fixed for the run (a host's home agent never changes) */
    int n_has, *ha_first, *by_ha;
    cJSON *json; /* STATEAT_JSON: the "state_at" array */
    char **text; /* STATEAT_TEXT: the snapshots, in time order */
    bool oom;
};

static double seconds(sim_time_t t)
{
    return sim_time_to_s(t);
}

static const char *addr(const net_addr_t *a, char buf[NET_ADDR_STRLEN])
{
    return net_addr_format(a, buf, NET_ADDR_STRLEN);
}

/* ---------------------------------------------------------------- JSON */

/* Every add below tolerates a NULL parent (a failed allocation higher up)
 * and records the failure in *ok. */
static cJSON *add_to(cJSON *parent, const char *key, cJSON *item, bool *ok)
{
    if (!item || !parent) {
        cJSON_Delete(item);
        *ok = false;
        return NULL;
    }
    if (key ? !cJSON_AddItemToObject(parent, key, item) : !cJSON_AddItemToArray(parent, item)) {
        cJSON_Delete(item);
        *ok = false;
        return NULL;
    }
    return item;
}

static void add_str(cJSON *o, const char *key, const char *v, bool *ok)
{
    add_to(o, key, cJSON_CreateString(v), ok);
}

static void add_addr(cJSON *o, const char *key, const net_addr_t *a, bool *ok)
{
    char buf[NET_ADDR_STRLEN];
    add_str(o, key, addr(a, buf), ok);
}

static void add_num(cJSON *o, const char *key, double v, bool *ok)
{
    add_to(o, key, cJSON_CreateNumber(v), ok);
}

static void add_bool(cJSON *o, const char *key, bool v, bool *ok)
{
    add_to(o, key, cJSON_CreateBool(v), ok);
}

static void json_bul(cJSON *arr, const mob_corr_view_t *c, bool *ok)
{
    cJSON *e = add_to(arr, NULL, cJSON_CreateObject(), ok);
    add_str(e, "peer", c->peer, ok);
    add_addr(e, "peer_hoa", &c->peer_hoa, ok);
    add_str(e, "state", c->cr_state, ok);
    add_num(e, "seq", c->bu_seq, ok);
    add_addr(e, "coa", &c->bul_coa, ok);
    add_bool(e, "acked", c->bu_acked, ok);
    add_bool(e, "home_token", c->have_home_token, ok);
    add_bool(e, "coa_token", c->have_coa_token, ok);
    add_bool(e, "ro_fallback", c->ro_fallback, ok);
}

static void json_bce(cJSON *arr, const mob_corr_view_t *c, bool *ok)
{
    cJSON *e = add_to(arr, NULL, cJSON_CreateObject(), ok);
    add_str(e, "peer", c->peer, ok);
    add_addr(e, "hoa", &c->peer_hoa, ok);
    add_addr(e, "coa", &c->bce_coa, ok);
    add_num(e, "seq", c->bce_seq, ok);
    add_num(e, "expires", seconds(c->bce_expires), ok);
}

static void json_host(const stateat_t *s, cJSON *hosts, int i, bool *ok)
{
    mob_host_view_t hv;
    mob_world_host_view(s->w, i, &hv);
    cJSON *h = add_to(hosts, NULL, cJSON_CreateObject(), ok);
    add_str(h, "name", hv.name, ok);
    add_bool(h, "stationary", hv.stationary, ok);
    add_bool(h, "attached", hv.attached, ok);
    add_str(h, "net", hv.net, ok);
    add_addr(h, "hoa", &hv.hoa, ok);
    add_addr(h, "coa", &hv.coa, ok);
    if (hv.stationary) {
        add_to(h, "home_registration", cJSON_CreateNull(), ok);
    } else {
        cJSON *r = add_to(h, "home_registration", cJSON_CreateObject(), ok);
        add_str(r, "home_agent", hv.home_agent, ok);
        add_num(r, "seq", hv.home_seq, ok);
        add_bool(r, "acked", hv.home_registered, ok);
    }
    cJSON *bul = add_to(h, "binding_update_list", cJSON_CreateArray(), ok);
    cJSON *bc = add_to(h, "binding_cache", cJSON_CreateArray(), ok);
    for (int k = 0; k < hv.n_corr_total && *ok; k++) {
        mob_corr_view_t c;
        mob_world_corr_view(s->w, i, k, &c);
        if (c.cr_state)
            json_bul(bul, &c, ok);
        if (c.bce_valid)
            json_bce(bc, &c, ok);
    }
}

static void json_home_agent(const stateat_t *s, cJSON *has, int k, bool *ok)
{
    const char *name = mob_world_home_agent_name(s->w, k);
    cJSON *a = add_to(has, NULL, cJSON_CreateObject(), ok);
    add_str(a, "name", name, ok);
    add_num(a, "copies_held", mob_world_home_agent_copies(s->w, k), ok);
    cJSON *arr = add_to(a, "bindings", cJSON_CreateArray(), ok);
    for (int j = s->ha_first[k]; j < s->ha_first[k + 1] && *ok; j++) {
        mob_host_view_t hv;
        mob_world_host_view(s->w, s->by_ha[j], &hv);
        if (!hv.home_bce_valid)
            continue;
        cJSON *e = add_to(arr, NULL, cJSON_CreateObject(), ok);
        add_str(e, "host", hv.name, ok);
        add_addr(e, "hoa", &hv.hoa, ok);
        add_addr(e, "coa", &hv.home_bce_coa, ok);
        add_num(e, "seq", hv.home_bce_seq, ok);
        add_num(e, "expires", seconds(hv.home_bce_expires), ok);
    }
}

static void take_json(stateat_t *s)
{
    bool ok = true;
    cJSON *snap = add_to(s->json, NULL, cJSON_CreateObject(), &ok);
    add_num(snap, "t", seconds(sim_now(s->sim)), &ok);
    cJSON *hosts = add_to(snap, "hosts", cJSON_CreateArray(), &ok);
    for (int i = 0; i < mob_world_n_hosts(s->w) && ok; i++)
        json_host(s, hosts, i, &ok);
    cJSON *has = add_to(snap, "home_agents", cJSON_CreateArray(), &ok);
    for (int k = 0; k < s->n_has && ok; k++)
        json_home_agent(s, has, k, &ok);
    if (!ok)
        s->oom = true;
}

/* ---------------------------------------------------------------- text */

static const char *when(sim_time_t t, char *buf, size_t cap)
{
    sim_time_format(t, buf, cap);
    return buf;
}

/*   BUL -> B       bound, seq 3, coa 2001:db8:a2::100 acked, tokens home+coa */
static void text_bul(FILE *f, const mob_corr_view_t *c)
{
    char a[NET_ADDR_STRLEN];
    fprintf(f, "  BUL -> %-12s %s, seq %u, coa %s %s, tokens %s%s%s\n", c->peer, c->cr_state,
            c->bu_seq, addr(&c->bul_coa, a), c->bu_acked ? "acked" : "not acked",
            c->have_home_token ? "home" : "", c->have_home_token && c->have_coa_token ? "+" : "",
            c->have_coa_token ? "coa" : (c->have_home_token ? "" : "none"));
    if (c->ro_fallback)
        fprintf(f, "  %-19s route optimization given up: tunneled via the home agents\n", "");
}

/*   cache  B       2001:db8:b::200 -> 2001:db8:b1::200, seq 3, expires t=421.2s */
static void text_bce(FILE *f, const mob_corr_view_t *c)
{
    char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN], t[32];
    fprintf(f, "  cache  %-12s %s -> %s, seq %u, expires t=%s\n", c->peer, addr(&c->peer_hoa, a),
            addr(&c->bce_coa, b), c->bce_seq, when(c->bce_expires, t, sizeof(t)));
}

static void text_host(const stateat_t *s, FILE *f, int i)
{
    mob_host_view_t hv;
    mob_world_host_view(s->w, i, &hv);
    char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN];
    if (hv.stationary)
        fprintf(f, "host %s (stationary) on %s, address %s\n", hv.name, hv.net, addr(&hv.hoa, a));
    else
        fprintf(f, "host %s %s %s, hoa %s, coa %s\n", hv.name, hv.attached ? "on" : "moving to",
                hv.net, addr(&hv.hoa, a), addr(&hv.coa, b));
    if (!hv.stationary)
        fprintf(f, "  home   %-12s seq %u, %s\n", hv.home_agent, hv.home_seq,
                hv.home_registered ? "acked" : "not acked");
    int n_bce = 0;
    for (int k = 0; k < hv.n_corr_total; k++) {
        mob_corr_view_t c;
        mob_world_corr_view(s->w, i, k, &c);
        if (c.cr_state)
            text_bul(f, &c);
        if (c.bce_valid) {
            text_bce(f, &c);
            n_bce++;
        }
    }
    if (n_bce == 0)
        fprintf(f, "  cache  (empty)\n");
}

static void text_home_agent(const stateat_t *s, FILE *f, int k)
{
    const char *name = mob_world_home_agent_name(s->w, k);
    int copies = mob_world_home_agent_copies(s->w, k);
    if (copies)
        fprintf(f, "home agent %s, holding %d scheme cop%s\n", name, copies,
                copies == 1 ? "y" : "ies");
    else
        fprintf(f, "home agent %s\n", name);
    int shown = 0;
    for (int j = s->ha_first[k]; j < s->ha_first[k + 1]; j++) {
        mob_host_view_t hv;
        mob_world_host_view(s->w, s->by_ha[j], &hv);
        if (!hv.home_bce_valid)
            continue;
        char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN], t[32];
        fprintf(f, "  cache  %-12s %s -> %s, seq %u, expires t=%s\n", hv.name, addr(&hv.hoa, a),
                addr(&hv.home_bce_coa, b), hv.home_bce_seq,
                when(hv.home_bce_expires, t, sizeof(t)));
        shown++;
    }
    if (shown == 0)
        fprintf(f, "  cache  (empty)\n");
}

static void take_text(stateat_t *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        s->oom = true;
        return;
    }
    char t[32];
    fprintf(f, "state at t=%s\n", when(sim_now(s->sim), t, sizeof(t)));
    for (int i = 0; i < mob_world_n_hosts(s->w); i++)
        text_host(s, f, i);
    for (int k = 0; k < s->n_has; k++)
        text_home_agent(s, f, k);
    if (fclose(f) != 0 || !buf) {
        free(buf);
        s->oom = true;
        return;
    }
    s->text[s->n_taken] = buf;
}

/* -------------------------------------------------------------- events */

static void on_instant(sim_t *sim, void *ctx, void *arg)
{
    stateat_t *s = ctx;
    struct stateat_instant *in = arg;
    sim_time_t now = sim_now(sim);
    /* more events due now, scheduled after this one: let them run first */
    if (sim_queue_peek_time(sim_queue(sim)) == now &&
        sim_at(sim, now, on_instant, s, in, &in->pending) == 0)
        return;
    in->pending = SIM_HANDLE_NONE;
    if (s->format == STATEAT_JSON)
        take_json(s);
    else
        take_text(s);
    s->n_taken++;
}

/* Which hosts each home agent serves (ha_first, by_ha), once: O(hosts x
 * home agents) name comparisons. */
static int index_home_agents(stateat_t *s)
{
    int n_hosts = mob_world_n_hosts(s->w);
    s->n_has = mob_world_n_home_agents(s->w);
    int *ha_of = malloc(((size_t)n_hosts + 1) * sizeof(*ha_of));
    s->ha_first = calloc((size_t)s->n_has + 2, sizeof(*s->ha_first));
    s->by_ha = malloc(((size_t)n_hosts + 1) * sizeof(*s->by_ha));
    if (!ha_of || !s->ha_first || !s->by_ha) {
        free(ha_of);
        return -SIM_ENOMEM;
    }
    for (int i = 0; i < n_hosts; i++) {
        mob_host_view_t hv;
        mob_world_host_view(s->w, i, &hv);
        ha_of[i] = -1;
        for (int k = 0; hv.home_agent[0] && k < s->n_has && ha_of[i] < 0; k++)
            if (strcmp(hv.home_agent, mob_world_home_agent_name(s->w, k)) == 0)
                ha_of[i] = k;
        if (ha_of[i] >= 0)
            s->ha_first[ha_of[i] + 2]++;
    }
    /* counting sort: ha_first[k + 1] ends as the start of k + 1 */
    for (int k = 2; k < s->n_has + 2; k++)
        s->ha_first[k] += s->ha_first[k - 1];
    for (int i = 0; i < n_hosts; i++)
        if (ha_of[i] >= 0)
            s->by_ha[s->ha_first[ha_of[i] + 1]++] = i;
    free(ha_of);
    return 0;
}

int stateat_create(sim_t *sim, const mob_world_t *w, const sim_time_t *times, size_t n,
                   stateat_format_t format, stateat_t **out)
{
    if (n == 0)
        return -SIM_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (times[i] < sim_now(sim))
            return -SIM_EINVAL;
    stateat_t *s = calloc(1, sizeof(*s));
    if (!s)
        return -SIM_ENOMEM;
    s->sim = sim;
    s->w = w;
    s->format = format;
    s->n = n;
    s->inst = calloc(n, sizeof(*s->inst));
    if (format == STATEAT_JSON)
        s->json = cJSON_CreateArray();
    else
        s->text = calloc(n, sizeof(*s->text));
    if (!s->inst || (format == STATEAT_JSON ? !s->json : !s->text) || index_home_agents(s))
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (sim_at(sim, times[i], on_instant, s, &s->inst[i], &s->inst[i].pending))
            goto fail;
    *out = s;
    return 0;
fail:
    stateat_destroy(s);
    return -SIM_ENOMEM;
}

size_t stateat_count(const stateat_t *s)
{
    return s->n_taken;
}

int stateat_write(const stateat_t *s, FILE *out, const prov_t *prov, sim_err_t *err)
{
    if (s->oom)
        return sim_err_set(err, SIM_ENOMEM, "out of memory recording the state at an instant");
    if (s->format == STATEAT_JSON) {
        cJSON *root = cJSON_CreateObject();
        char *text = NULL;
        cJSON *p = root && prov ? prov_json(prov) : NULL;
        if (p && !cJSON_AddItemToObject(root, "provenance", p)) {
            cJSON_Delete(p);
            cJSON_Delete(root);
            root = NULL;
        }
        if (root && (!prov || p) && cJSON_AddItemReferenceToObject(root, "state_at", s->json))
            text = cJSON_Print(root);
        cJSON_Delete(root); /* the reference only: s->json stays */
        if (!text)
            return sim_err_set(err, SIM_ENOMEM, "out of memory writing the state as JSON");
        fprintf(out, "%s\n", text);
        free(text);
    } else {
        for (size_t i = 0; i < s->n_taken; i++)
            fprintf(out, "%s%s", i ? "\n" : "", s->text[i]);
    }
    if (ferror(out))
        return sim_err_set(err, SIM_EIO, "cannot write the state");
    return 0;
}

void stateat_destroy(stateat_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->inst && i < s->n; i++)
        sim_cancel(s->sim, &s->inst[i].pending);
    cJSON_Delete(s->json);
    for (size_t i = 0; s->text && i < s->n; i++)
        free(s->text[i]);
    free(s->text);
    free(s->inst);
    free(s->ha_first);
    free(s->by_ha);
    free(s);
}
