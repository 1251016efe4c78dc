/* models/script.c - a scenario's script at work (see script.h): rules on
 * packets sent, injected messages, expectations against the state. */
#include "models/script.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/host.h"
#include "models/net.h"
#include "models/rr.h"
#include "models/smsg.h"
#include "models/state.h"

/* A message some node received, as expectations count them. */
typedef struct rx_rec {
    sim_time_t at;
    int node, origin, type, status, seq;
} rx_rec_t;

/* A note a node left in the trace (why it ignored or dropped something). */
typedef struct note_rec {
    sim_time_t at;
    int node;
    char what[64];
} note_rec_t;

/* The last binding change at a node, for hints. */
typedef struct bind_rec {
    sim_time_t at;
    int peer;
    char what[24];
} bind_rec_t;

/* A keygen token a node saw go by (its own, or through a tap). */
typedef struct obs_rec {
    int node;
    bool home; /* a HoT's home keygen token, else a CoT's care-of one */
    net_addr_t dst;
    uint16_t nonce_index;
    uint8_t token[MH_TOKEN_LEN];
} obs_rec_t;

/* The tokens a BU is authorized with. */
typedef struct tokens {
    uint8_t home[MH_TOKEN_LEN], coa[MH_TOKEN_LEN];
    uint16_t home_ni, coa_ni;
} tokens_t;

/* Per step: node names resolved, rule counters, the pending "by". */
typedef struct step_run {
    int from, to;         /* match: node ids, -1 any */
    int node, peer, a, b; /* expect: node ids, -1 none */
    int n_seen;           /* messages matched so far (nth) */
    uint64_t last_msg;    /* the message the rule took last (0 none) */
    bool pending;         /* a "by" expectation not yet decided */
} step_run_t;

struct mob_script {
    mob_check_t *checks; /* n_steps */
    step_run_t *run;     /* n_steps */
    rx_rec_t *rx;
    size_t n_rx, cap_rx;
    bind_rec_t *bind;  /* per node */
    note_rec_t *notes; /* SIM_TR_NOTE records */
    size_t n_notes, cap_notes;
    obs_rec_t *obs; /* tokens passive nodes observed */
    size_t n_obs, cap_obs;
    int *tap_node; /* cfg.n_taps: the node id each tap copies to */
    int n_pending;
    sim_time_t check_at;   /* a re-check is scheduled at this time (-1 none) */
    struct script_ev *evs; /* n_steps: the steps' event arguments */
};

typedef struct script_ev {
    mob_world_t *w;
    int step;
} script_ev_t;

/* ------------------------------------------------------------ helpers */

/* snprintf for report text, where cutting a long line short is fine. */
static int textf(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int textf(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    return n < 0 ? 0 : n;
}

static int msg_type_of(const mob_pkt_t *p)
{
    if (p->kind == MOB_PK_DATA)
        return MOB_MT_DATA;
    if (p->kind == MOB_PK_SCHEME)
        return MOB_MT_SCHEME + p->subtype;
    if (p->kind == MOB_PK_ICMP)
        return -2;
    return p->mh_type;
}

/* A time as the trace log writes it ("1.250000000"), to grep for. */
static const char *ts(sim_time_t t, char *buf)
{
    textf(buf, 32, "%lld.%09lld", (long long)(t / SIM_S(1)), (long long)(t % SIM_S(1)));
    return buf;
}

static const char *type_name(int type, char *buf, size_t cap)
{
    if (type == MOB_MT_ANY)
        textf(buf, cap, "any message");
    else if (type == MOB_MT_DATA)
        textf(buf, cap, "data");
    else if (type >= MOB_MT_SCHEME)
        textf(buf, cap, "%s", mob_scheme_msg_name(type - MOB_MT_SCHEME));
    else
        textf(buf, cap, "%s", mh_type_name(type));
    return buf;
}

/* The MH of a packet's bytes (or of its tunneled inner packet): status and
 * sequence number for matching; -1 when there is none. */
static void mh_fields(const uint8_t *bytes, size_t len, int *status, int *seq)
{
    pkt_view_t v, inner;
    *status = *seq = -1;
    if (pkt_parse_flags(bytes, len, &v, PKT_PARSE_NO_CSUM, NULL, 0) < 0)
        return;
    if (v.proto == PKT_PROTO_IPV6) {
        if (pkt_parse_flags(v.upper, v.upper_len, &inner, PKT_PARSE_NO_CSUM, NULL, 0) < 0)
            return;
        v = inner;
    }
    if (v.proto != PKT_PROTO_MH)
        return;
    if (v.mh.type == MH_BA)
        *status = v.mh.ba_status;
    else if (v.mh.type == MH_BE)
        *status = v.mh.be_status;
    if (v.mh.type == MH_BU || v.mh.type == MH_BA)
        *seq = v.mh.seq;
}

static net_addr_t aref_addr(const mob_world_t *w, const mob_aref_t *r)
{
    net_addr_t zero = {{0}};
    switch (r->kind) {
    case MOB_AREF_LITERAL:
        return r->addr;
    case MOB_AREF_HOA:
        return w->hosts[r->host].hoa;
    case MOB_AREF_COA:
        return w->hosts[r->host].coa;
    case MOB_AREF_ON_NET:
        return net_addr_make(&w->cfg.nets[r->net].prefix, w->cfg.hosts[r->host].iid);
    case MOB_AREF_ROUTER:
        return w->router_addr[r->net];
    case MOB_AREF_PNODE:
        return net_addr_make(&w->cfg.nets[w->cfg.pnodes[r->host].net].prefix,
                             w->cfg.pnodes[r->host].iid);
    }
    return zero;
}

/* "A.hoa (2001:db8:a::100)" */
static void aref_text(const mob_world_t *w, const mob_aref_t *r, char *buf, size_t cap)
{
    char a[64];
    net_addr_t x = aref_addr(w, r);
    net_addr_format(&x, a, sizeof(a));
    switch (r->kind) {
    case MOB_AREF_HOA:
        textf(buf, cap, "%s.hoa (%s)", w->cfg.hosts[r->host].name, a);
        break;
    case MOB_AREF_COA:
        textf(buf, cap, "%s.coa (%s)", w->cfg.hosts[r->host].name, a);
        break;
    case MOB_AREF_ON_NET:
        textf(buf, cap, "%s@%s (%s)", w->cfg.hosts[r->host].name, w->cfg.nets[r->net].name, a);
        break;
    case MOB_AREF_PNODE:
        textf(buf, cap, "%s (%s)", w->cfg.pnodes[r->host].name, a);
        break;
    default:
        textf(buf, cap, "%s", a);
        break;
    }
}

/* A host's name for an address it holds or held: "A@A2 (2001:...)". */
static void addr_text(const mob_world_t *w, const net_addr_t *a, char *buf, size_t cap)
{
    char t[64];
    net_addr_format(a, t, sizeof(t));
    for (int i = 0; i < w->cfg.n_hosts; i++) {
        if (net_addr_eq(a, &w->hosts[i].hoa)) {
            textf(buf, cap, "%s.hoa (%s)", w->cfg.hosts[i].name, t);
            return;
        }
        int net = mob_net_of_addr(w, a);
        if (net >= 0) {
            net_addr_t on = net_addr_make(&w->cfg.nets[net].prefix, w->cfg.hosts[i].iid);
            if (net_addr_eq(a, &on)) {
                textf(buf, cap, "%s@%s (%s)", w->cfg.hosts[i].name, w->cfg.nets[net].name, t);
                return;
            }
        }
    }
    for (int k = 0; k < w->cfg.n_pnodes; k++) {
        const mob_pnode_t *p = &w->cfg.pnodes[k];
        net_addr_t on = net_addr_make(&w->cfg.nets[p->net].prefix, p->iid);
        if (net_addr_eq(a, &on)) {
            textf(buf, cap, "%s (%s)", p->name, t);
            return;
        }
    }
    textf(buf, cap, "%s", t);
}

static const char *node_name(const mob_world_t *w, int id)
{
    return id >= 0 && id < w->nodes.n ? w->nodes.node[id].name : "?";
}

/* The network node `id` sends from now. */
static int node_net(const mob_world_t *w, int id)
{
    if (id < w->cfg.n_hosts)
        return w->hosts[id].net;
    return w->nodes.node[id].net;
}

static int resolve(const mob_world_t *w, const char *name)
{
    return name[0] ? mob_nodes_find(&w->nodes, name) : -1;
}

/* ------------------------------------------------------------ rules */

static bool rule_matches(const mob_world_t *w, const mob_step_t *s, const step_run_t *r,
                         const mob_pkt_t *p)
{
    (void)w;
    const mob_match_t *m = &s->match;
    if (m->type != MOB_MT_ANY && msg_type_of(p) != m->type)
        return false;
    if (r->from >= 0 && p->origin != r->from)
        return false;
    if (r->to >= 0 && p->intended != r->to)
        return false;
    if (m->status >= 0 || m->seq >= 0) {
        int status, seq;
        mh_fields(p->bytes, p->len, &status, &seq);
        if ((m->status >= 0 && status != m->status) || (m->seq >= 0 && seq != m->seq))
            return false;
    }
    return true;
}

static void dup_fire(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_pkt_t *p = arg;
    int from = p->origin;
    /* the copy leaves from where its sender is now */
    mob_net_send(w, from, from >= 0 ? node_net(w, from) : p->to_net, p);
}

/* Node `node` sees pkt: a HoT or CoT in the clear (not inside a tunnel:
 * RFC 6275 protects the home agent tunnel) leaves its token with it. */
static void observe(mob_world_t *w, int node, const uint8_t *bytes, size_t len)
{
    struct mob_script *sc = w->script;
    pkt_view_t v;
    if (!sc || pkt_parse_flags(bytes, len, &v, PKT_PARSE_NO_CSUM, NULL, 0) < 0 ||
        v.proto != PKT_PROTO_MH || (v.mh.type != MH_HOT && v.mh.type != MH_COT))
        return;
    if (sc->n_obs == sc->cap_obs) {
        size_t cap = sc->cap_obs ? 2 * sc->cap_obs : 16;
        obs_rec_t *n = realloc(sc->obs, cap * sizeof(*n));
        if (!n) {
            w->oom = 1;
            return;
        }
        sc->obs = n;
        sc->cap_obs = cap;
    }
    obs_rec_t *o = &sc->obs[sc->n_obs++];
    o->node = node;
    o->home = v.mh.type == MH_HOT;
    o->dst = v.has_rh2 ? v.rh2_home : v.dst;
    o->nonce_index = v.mh.nonce_index;
    memcpy(o->token, v.mh.keygen_token, MH_TOKEN_LEN);
}

void mob_script_passive_receive(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v)
{
    (void)v;
    mob_trace_received(w, pkt, node);
    observe(w, node, pkt->bytes, pkt->len);
    free(pkt);
}

sim_time_t mob_script_on_send(mob_world_t *w, int from, int from_net, mob_pkt_t *pkt, sim_time_t d)
{
    struct mob_script *sc = w->script;
    (void)from;
    for (int t = 0; t < w->cfg.n_taps; t++) {
        int net = w->cfg.taps[t].net;
        if (net == from_net || net == pkt->to_net)
            observe(w, sc->tap_node[t], pkt->bytes, pkt->len);
    }
    if (pkt->script & MOB_PKT_SCRIPT_COPY)
        return d;
    sim_time_t now = sim_now(w->sim);
    for (int i = 0; i < w->cfg.n_steps; i++) {
        const mob_step_t *s = &w->cfg.steps[i];
        step_run_t *r = &sc->run[i];
        if (s->kind > MOB_STEP_DUPLICATE || now < s->at || now > s->until)
            continue;
        if (r->last_msg == pkt->msg_id || !rule_matches(w, s, r, pkt))
            continue; /* a message is taken at its first matching hop only */
        r->n_seen++;
        r->last_msg = pkt->msg_id;
        if (s->match.nth > 0 && r->n_seen != s->match.nth)
            continue;
        if (s->kind == MOB_STEP_DROP) {
            pkt->script |= MOB_PKT_SCRIPT_DROP;
        } else if (s->kind == MOB_STEP_DELAY) {
            d = sim_time_add(d, s->delay);
        } else {
            mob_pkt_t *copy = mob_pkt_derive(w, pkt, pkt->bytes, pkt->len);
            if (!copy)
                continue;
            copy->script = MOB_PKT_SCRIPT_COPY;
            if (sim_after_owned(w->sim, s->delay, dup_fire, w, copy, free, NULL) < 0) {
                w->oom = 1;
                free(copy);
            }
        }
    }
    return d;
}

/* ------------------------------------------------------------ inject */

static void note(mob_world_t *w, int step, const char *fmt, const char *a, const char *b)
    __attribute__((format(printf, 3, 0)));
static void note(mob_world_t *w, int step, const char *fmt, const char *a, const char *b)
{
    mob_check_t *c = &w->script->checks[step];
    c->kind = MOB_CHECK_NOTE;
    c->at = sim_now(w->sim);
    textf(c->what, sizeof(c->what), fmt, a, b);
}

/* The keygen tokens node `from` observed for a BU from home address hoa
 * and care-of address coa to the correspondent with home address cn: a
 * host's own return routability with it, or what a passive node saw
 * (the latest of each). true with both in hand (the home one for a
 * de-registration). */
static bool sniffed_tokens(mob_world_t *w, int from, const net_addr_t *cn, const net_addr_t *hoa,
                           const net_addr_t *coa, bool dereg, tokens_t *t)
{
    if (from >= 0 && from < w->cfg.n_hosts) {
        mob_corr_t *c = mob_corr_of(&w->hosts[from], cn);
        if (!c || !c->cr.have_home_token || (!dereg && !c->cr.have_coa_token))
            return false;
        memcpy(t->home, c->cr.home_token, MH_TOKEN_LEN);
        memcpy(t->coa, c->cr.coa_token, MH_TOKEN_LEN);
        t->home_ni = c->cr.home_nonce_index;
        t->coa_ni = c->cr.coa_nonce_index;
        return true;
    }
    const struct mob_script *sc = w->script;
    bool home = false, care = dereg;
    for (size_t i = sc->n_obs; i-- > 0;) {
        const obs_rec_t *o = &sc->obs[i];
        if (o->node != from)
            continue;
        if (o->home && !home && net_addr_eq(&o->dst, hoa)) {
            memcpy(t->home, o->token, MH_TOKEN_LEN);
            t->home_ni = o->nonce_index;
            home = true;
        } else if (!o->home && !care && net_addr_eq(&o->dst, coa)) {
            memcpy(t->coa, o->token, MH_TOKEN_LEN);
            t->coa_ni = o->nonce_index;
            care = true;
        }
    }
    return home && care;
}

static int build_mh(mob_world_t *w, int step, int from, const pkt_desc_t *d, uint8_t *mh,
                    size_t *len)
{
    const mob_inject_t *in = &w->cfg.steps[step].inj;
    mh_msg_t m = {.type = (uint8_t)in->type};
    m.cookie = in->cookie;
    m.nonce_index = in->home_ni;
    m.seq = in->seq;
    m.bu_flags = in->flags;
    m.ba_status = in->status;
    m.be_status = in->status;
    m.lifetime = in->lifetime;
    m.has_refresh = in->has_refresh;
    m.refresh = in->refresh;
    if (in->alt_coa.kind) {
        m.has_alt_coa = true;
        m.alt_coa = aref_addr(w, &in->alt_coa);
    }
    if (in->be_home.kind)
        m.be_home = aref_addr(w, &in->be_home);
    net_addr_t hoa = d->has_hao ? d->hao : d->src;
    net_addr_t coa = m.has_alt_coa ? m.alt_coa : d->src;
    bool dereg = m.lifetime == 0 || net_addr_eq(&coa, &hoa);
    /* the nonce indices the node observed go with "wrong" too: the
     * authenticator is then the only thing wrong */
    tokens_t tk;
    memset(&tk, 0, sizeof(tk));
    bool observed = in->type == MH_BU && sniffed_tokens(w, from, &d->dst, &hoa, &coa, dereg, &tk);
    bool sniffed = observed && in->auth == MOB_AUTH_SNIFFED;
    if (in->type == MH_BU && in->auth == MOB_AUTH_SNIFFED && !sniffed) {
        char t[96];
        addr_text(w, &d->dst, t, sizeof(t));
        note(
            w, step,
            "%s has not observed both keygen tokens for %s: the BU goes with a wrong authenticator",
            node_name(w, from), t);
    }
    if (in->type == MH_BU && (in->has_nonce_indices || in->auth != MOB_AUTH_NONE)) {
        m.has_nonce_indices = true;
        m.home_nonce_index = observed ? tk.home_ni : 0;
        m.coa_nonce_index = observed ? tk.coa_ni : 0;
        if (in->has_home_ni)
            m.home_nonce_index = in->home_ni;
        if (in->has_coa_ni)
            m.coa_nonce_index = in->coa_ni;
    }
    m.has_bad = in->auth != MOB_AUTH_NONE && (in->type == MH_BU || in->type == MH_BA);
    memset(m.authenticator, 0x5a, sizeof(m.authenticator));
    if (mh_encode(&m, mh, MH_MAX_LEN, len) < 0)
        return -1;
    if (sniffed) {
        uint8_t kbm[RR_KBM_LEN];
        int off = mh_auth_offset(mh, *len);
        if (off < 0 || rr_crypto_kbm(w->crypto, tk.home, dereg ? NULL : tk.coa, kbm) < 0)
            return -1;
        rr_crypto_authenticator(w->crypto, kbm, dereg ? &hoa : &coa, &d->dst, mh, (size_t)off,
                                mh + off);
    }
    return 0;
}

/* Leaves from node `from` now, from the network it is on. */
static void send_from(mob_world_t *w, int from, mob_pkt_t *p)
{
    if (from < w->cfg.n_hosts && !w->hosts[from].attached) {
        mob_pkt_drop(w, p, from, "no-link");
        return;
    }
    mob_net_send(w, from, node_net(w, from), p);
}

/* Raw bytes as they are: receivers parse them like any packet (a
 * malformed one dies "malformed"). */
static void inject_raw(mob_world_t *w, int from, const uint8_t *bytes, size_t len)
{
    mob_pkt_t *p = mob_pkt_raw(w, from, bytes, len);
    if (p)
        send_from(w, from, p);
}

static void inject_fire(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    script_ev_t *ev = arg;
    mob_world_t *w = ctx;
    int step = ev->step;
    const mob_step_t *s = &w->cfg.steps[step];
    const mob_inject_t *in = &s->inj;
    int from = w->script->run[step].from;
    if (in->raw_len) {
        inject_raw(w, from, in->raw, in->raw_len);
        return;
    }
    pkt_desc_t d = {.src = aref_addr(w, &in->src), .dst = aref_addr(w, &in->dst)};
    if (in->hao.kind) {
        d.has_hao = true;
        d.hao = aref_addr(w, &in->hao);
    }
    if (in->rh2.kind) {
        d.has_rh2 = true;
        d.rh2_home = aref_addr(w, &in->rh2);
    }
    uint8_t mh[MH_MAX_LEN];
    size_t len = 0;
    /* the CN's home address for the authenticator: the RH2's, else dst */
    pkt_desc_t auth_d = d;
    if (d.has_rh2)
        auth_d.dst = d.rh2_home;
    if (build_mh(w, step, from, &auth_d, mh, &len) < 0) {
        w->oom = 1;
        return;
    }
    d.proto = PKT_PROTO_MH;
    d.payload = mh;
    d.payload_len = len;
    int intended = mob_addrmap_get(&w->homes, &auth_d.dst);
    if (intended < 0)
        intended = mob_nodes_holder(&w->nodes, &d.dst);
    mob_pkt_t *p = mob_pkt_make(w, &d, MOB_PK_SIGNALING, from, intended);
    if (p)
        send_from(w, from, p);
}

/* ------------------------------------------------------------ expectations */

static const char *const cr_state_names[] = {"idle", "RR", "BU wait", "BU sent", "bound", "failed"};

static void last_binding_hint(const mob_world_t *w, int node, char *buf, size_t cap)
{
    const bind_rec_t *b = &w->script->bind[node];
    char tb[32];
    if (b->at < 0) {
        textf(buf, cap, "no binding record at %s in the trace", node_name(w, node));
        return;
    }
    textf(buf, cap, "trace line %s binding at %s: %s (peer %s)", ts(b->at, tb), node_name(w, node),
          b->what, node_name(w, b->peer));
}

/* The BCE of host node for home address hoa; NULL none. */
static const mob_bce_t *bce_of(mob_world_t *w, int node, const net_addr_t *hoa)
{
    if (node < 0 || node >= w->cfg.n_hosts)
        return NULL;
    mob_corr_t *c = mob_corr_of(&w->hosts[node], hoa);
    return c ? &c->bce : NULL;
}

static bool check_bce(mob_world_t *w, const mob_step_t *s, const mob_bce_t *b, mob_check_t *c)
{
    const mob_expect_t *e = &s->exp;
    char t[96];
    bool valid = b && b->valid;
    if (!e->present) {
        textf(c->expected, sizeof(c->expected), "no entry");
    } else {
        size_t o = 0;
        o += (size_t)textf(c->expected, sizeof(c->expected), "an entry");
        if (e->coa.kind) {
            aref_text(w, &e->coa, t, sizeof(t));
            o += (size_t)textf(c->expected + o, sizeof(c->expected) - o, " with coa %s", t);
        }
        if (e->seq >= 0 && o < sizeof(c->expected))
            textf(c->expected + o, sizeof(c->expected) - o, " seq %d", e->seq);
    }
    if (!valid) {
        textf(c->actual, sizeof(c->actual), "no entry");
        return !e->present;
    }
    addr_text(w, &b->coa, t, sizeof(t));
    textf(c->actual, sizeof(c->actual), "an entry with coa %s seq %u", t, b->seq);
    if (!e->present)
        return false;
    if (e->coa.kind) {
        net_addr_t want = aref_addr(w, &e->coa);
        if (!net_addr_eq(&want, &b->coa))
            return false;
    }
    return e->seq < 0 || e->seq == b->seq;
}

static bool eval_binding(mob_world_t *w, int step, mob_check_t *c)
{
    const mob_step_t *s = &w->cfg.steps[step];
    const step_run_t *r = &w->script->run[step];
    char t[96];
    net_addr_t hoa = aref_addr(w, &s->exp.hoa);
    aref_text(w, &s->exp.hoa, t, sizeof(t));
    textf(c->what, sizeof(c->what), "%s binding cache entry for %s", node_name(w, r->node), t);
    bool ok = check_bce(w, s, bce_of(w, r->node, &hoa), c);
    last_binding_hint(w, r->node, c->hint, sizeof(c->hint));
    return ok;
}

static bool eval_home_binding(mob_world_t *w, int step, mob_check_t *c)
{
    const mob_step_t *s = &w->cfg.steps[step];
    const step_run_t *r = &w->script->run[step];
    char t[96];
    net_addr_t hoa = aref_addr(w, &s->exp.hoa);
    aref_text(w, &s->exp.hoa, t, sizeof(t));
    textf(c->what, sizeof(c->what), "%s home binding for %s", node_name(w, r->node), t);
    int host = mob_addrmap_get(&w->homes, &hoa);
    const mob_bce_t *b = NULL;
    if (host >= 0 && !w->hosts[host].stationary &&
        mob_router_node(w, w->hosts[host].home_net) == r->node)
        b = &w->hosts[host].home_bce;
    bool ok = check_bce(w, s, b, c);
    last_binding_hint(w, r->node, c->hint, sizeof(c->hint));
    return ok;
}

static void last_rx_hint(const mob_world_t *w, int node, int type, char *buf, size_t cap)
{
    const struct mob_script *sc = w->script;
    char tn[32], tb[32];
    type_name(type, tn, sizeof(tn));
    for (size_t i = sc->n_rx; i-- > 0;) {
        const rx_rec_t *x = &sc->rx[i];
        if (x->node == node && (type == MOB_MT_ANY || x->type == type)) {
            textf(buf, cap, "trace line %s received at %s: %s from %s (status %d, seq %d)",
                  ts(x->at, tb), node_name(w, node), tn, node_name(w, x->origin), x->status,
                  x->seq);
            return;
        }
    }
    for (size_t i = w->m.n_lost; i-- > 0;) {
        const mob_lost_t *l = &w->m.lost[i];
        if ((type == MOB_MT_ANY || strcmp(l->type, tn) == 0) &&
            strcmp(l->to, node_name(w, node)) == 0) {
            textf(buf, cap, "trace line %s dropped at %s: %s from %s for %s, %s",
                  ts(l->died_at, tb), l->where, l->type, l->from, l->to, l->why);
            return;
        }
    }
    textf(buf, cap, "no %s reached or was lost on the way to %s", tn, node_name(w, node));
}

static bool eval_bul(mob_world_t *w, int step, mob_check_t *c)
{
    const mob_step_t *s = &w->cfg.steps[step];
    const mob_expect_t *e = &s->exp;
    const step_run_t *r = &w->script->run[step];
    char t[96];
    textf(c->what, sizeof(c->what), "%s binding update list entry for %s", node_name(w, r->node),
          node_name(w, r->peer));
    const struct mob_mn *h = &w->hosts[r->node];
    const char *state;
    net_addr_t coa;
    int seq;
    if (r->peer >= w->cfg.n_hosts) { /* the home registration */
        state = h->home_registered ? "bound" : h->home_bu.active ? "BU sent" : "idle";
        coa = h->coa;
        seq = h->home_seq;
    } else {
        mob_corr_t *cr = mob_corr_for(w, h, r->peer);
        state = cr ? cr_state_names[cr->cr.state] : "idle";
        coa = cr ? cr->cr.for_coa : h->coa;
        seq = cr ? cr->cr.bu_seq : 0;
    }
    size_t o = (size_t)textf(c->expected, sizeof(c->expected), "%s",
                             e->present ? (e->state[0] ? e->state : "an entry") : "idle");
    if (e->coa.kind && o < sizeof(c->expected)) {
        aref_text(w, &e->coa, t, sizeof(t));
        o += (size_t)textf(c->expected + o, sizeof(c->expected) - o, " for coa %s", t);
    }
    if (e->seq >= 0 && o < sizeof(c->expected))
        textf(c->expected + o, sizeof(c->expected) - o, " seq %d", e->seq);
    addr_text(w, &coa, t, sizeof(t));
    textf(c->actual, sizeof(c->actual), "%s for coa %s seq %d", state, t, seq);
    last_rx_hint(w, r->node, MH_BA, c->hint, sizeof(c->hint));
    if (!e->present)
        return strcmp(state, "idle") == 0;
    if (e->state[0] && strcmp(e->state, state) != 0)
        return false;
    if (!e->state[0] && strcmp(state, "idle") == 0)
        return false;
    if (e->coa.kind) {
        net_addr_t want = aref_addr(w, &e->coa);
        if (!net_addr_eq(&want, &coa))
            return false;
    }
    return e->seq < 0 || e->seq == seq;
}

static void match_text(const mob_world_t *w, const mob_match_t *m, int from, int to, char *buf,
                       size_t cap)
{
    char tn[32];
    size_t o = (size_t)textf(buf, cap, "%s", type_name(m->type, tn, sizeof(tn)));
    if (from >= 0 && o < cap)
        o += (size_t)textf(buf + o, cap - o, " from %s", node_name(w, from));
    if (to >= 0 && o < cap)
        o += (size_t)textf(buf + o, cap - o, " for %s", node_name(w, to));
    if (m->status >= 0 && o < cap)
        o += (size_t)textf(buf + o, cap - o, " status %d", m->status);
    if (m->seq >= 0 && o < cap)
        o += (size_t)textf(buf + o, cap - o, " seq %d", m->seq);
    if (m->why[0] && o < cap)
        textf(buf + o, cap - o, " (%s)", m->why);
}

static void count_text(int count, int n, char *want, size_t wcap, char *got, size_t gcap)
{
    if (count < 0)
        textf(want, wcap, "at least one");
    else
        textf(want, wcap, "%d", count);
    textf(got, gcap, "%d", n);
}

static bool eval_received(mob_world_t *w, int step, mob_check_t *c)
{
    const mob_step_t *s = &w->cfg.steps[step];
    const mob_expect_t *e = &s->exp;
    const step_run_t *r = &w->script->run[step];
    const struct mob_script *sc = w->script;
    char mt[120], want[32], got[32];
    match_text(w, &e->match, r->from, -1, mt, sizeof(mt));
    textf(c->what, sizeof(c->what), "%s received %s", node_name(w, r->node), mt);
    int n = 0;
    const rx_rec_t *last = NULL;
    for (size_t i = 0; i < sc->n_rx; i++) {
        const rx_rec_t *x = &sc->rx[i];
        if (x->node != r->node || x->at < e->since)
            continue;
        if (e->match.type != MOB_MT_ANY && x->type != e->match.type)
            continue;
        if ((r->from >= 0 && x->origin != r->from) ||
            (e->match.status >= 0 && x->status != e->match.status) ||
            (e->match.seq >= 0 && x->seq != e->match.seq))
            continue;
        n++;
        last = x;
    }
    count_text(e->count, n, want, sizeof(want), got, sizeof(got));
    textf(c->expected, sizeof(c->expected), "%s received", want);
    if (last)
        textf(c->actual, sizeof(c->actual), "%s received, the last at %.6f s", got,
              sim_time_to_s(last->at));
    else
        textf(c->actual, sizeof(c->actual), "%s received", got);
    last_rx_hint(w, r->node, e->match.type, c->hint, sizeof(c->hint));
    return e->count < 0 ? n > 0 : n == e->count;
}

static bool eval_lost(mob_world_t *w, int step, mob_check_t *c)
{
    const mob_step_t *s = &w->cfg.steps[step];
    const mob_expect_t *e = &s->exp;
    const step_run_t *r = &w->script->run[step];
    char mt[120], want[32], got[32], tn[32], tb[32];
    match_text(w, &e->match, r->from, r->to, mt, sizeof(mt));
    textf(c->what, sizeof(c->what), "lost %s", mt);
    type_name(e->match.type, tn, sizeof(tn));
    sim_time_t now = sim_now(w->sim);
    int n = 0;
    const mob_lost_t *last = NULL, *any = NULL;
    for (size_t i = 0; i < w->m.n_lost; i++) {
        const mob_lost_t *l = &w->m.lost[i];
        if (l->died_at > now || l->died_at < e->since)
            continue;
        if (e->match.type != MOB_MT_ANY && strcmp(l->type, tn) != 0)
            continue;
        any = l;
        if ((r->from >= 0 && strcmp(l->from, node_name(w, r->from)) != 0) ||
            (r->to >= 0 && strcmp(l->to, node_name(w, r->to)) != 0) ||
            (e->match.why[0] && strcmp(l->why, e->match.why) != 0))
            continue;
        n++;
        last = l;
    }
    count_text(e->count, n, want, sizeof(want), got, sizeof(got));
    textf(c->expected, sizeof(c->expected), "%s lost", want);
    textf(c->actual, sizeof(c->actual), "%s lost", got);
    const mob_lost_t *h = last ? last : any;
    if (h)
        textf(c->hint, sizeof(c->hint), "trace line %s dropped at %s: %s from %s for %s, %s",
              ts(h->died_at, tb), h->where, h->type, h->from, h->to, h->why);
    else
        textf(c->hint, sizeof(c->hint), "no %s in lost[] by %.6f s", tn, sim_time_to_s(now));
    return e->count < 0 ? n > 0 : n == e->count;
}

/* x's binding cache holds y's current CoA (y at home: no entry); true for
 * a direction that does not apply (toward a stationary host). */
static bool direction_ok(mob_world_t *w, int x, int y, char *buf, size_t cap)
{
    const struct mob_mn *hy = &w->hosts[y];
    const mob_bce_t *b = bce_of(w, x, &hy->hoa);
    char t[96];
    if (hy->stationary) {
        textf(buf, cap, "%s: -", w->cfg.hosts[x].name);
        return true;
    }
    bool home = mob_host_at_home(hy);
    if (!b || !b->valid) {
        textf(buf, cap, "%s: no entry for %s", w->cfg.hosts[x].name, w->cfg.hosts[y].name);
        return home;
    }
    addr_text(w, &b->coa, t, sizeof(t));
    textf(buf, cap, "%s: %s at %s", w->cfg.hosts[x].name, w->cfg.hosts[y].name, t);
    return !home && net_addr_eq(&b->coa, &hy->coa) && hy->attached;
}

static bool eval_ro(mob_world_t *w, int step, mob_check_t *c)
{
    const mob_step_t *s = &w->cfg.steps[step];
    const step_run_t *r = &w->script->run[step];
    char ab[160], ba[160];
    textf(c->what, sizeof(c->what), "route optimization between %s and %s", node_name(w, r->a),
          node_name(w, r->b));
    bool ok =
        direction_ok(w, r->a, r->b, ab, sizeof(ab)) & direction_ok(w, r->b, r->a, ba, sizeof(ba));
    textf(c->expected, sizeof(c->expected), "%s",
          s->exp.present ? "each binding cache holds the other's current CoA"
                         : "not both binding caches current");
    textf(c->actual, sizeof(c->actual), "%s; %s", ab, ba);
    last_binding_hint(w, r->a, c->hint, sizeof(c->hint));
    return s->exp.present ? ok : !ok;
}

static bool eval_noted(mob_world_t *w, int step, mob_check_t *c)
{
    const mob_expect_t *e = &w->cfg.steps[step].exp;
    const step_run_t *r = &w->script->run[step];
    const struct mob_script *sc = w->script;
    char want[32], got[32], tb[32];
    textf(c->what, sizeof(c->what), "%s noted \"%s\"", node_name(w, r->node), e->note);
    int n = 0;
    const note_rec_t *last = NULL;
    for (size_t i = 0; i < sc->n_notes; i++) {
        const note_rec_t *x = &sc->notes[i];
        if (x->node != r->node || x->at < e->since)
            continue;
        if (strcmp(x->what, e->note) == 0)
            n++;
        last = x;
    }
    count_text(e->count, n, want, sizeof(want), got, sizeof(got));
    textf(c->expected, sizeof(c->expected), "%s noted", want);
    textf(c->actual, sizeof(c->actual), "%s noted", got);
    if (last)
        textf(c->hint, sizeof(c->hint), "trace line %s note at %s: %s", ts(last->at, tb),
              node_name(w, r->node), last->what);
    else
        textf(c->hint, sizeof(c->hint), "no note at %s", node_name(w, r->node));
    return e->count < 0 ? n > 0 : n == e->count;
}

static bool evaluate(mob_world_t *w, int step, mob_check_t *c)
{
    switch (w->cfg.steps[step].exp.kind) {
    case MOB_EXP_BINDING:
        return eval_binding(w, step, c);
    case MOB_EXP_HOME_BINDING:
        return eval_home_binding(w, step, c);
    case MOB_EXP_BUL:
        return eval_bul(w, step, c);
    case MOB_EXP_RECEIVED:
        return eval_received(w, step, c);
    case MOB_EXP_LOST:
        return eval_lost(w, step, c);
    case MOB_EXP_RO:
        return eval_ro(w, step, c);
    case MOB_EXP_NOTED:
        return eval_noted(w, step, c);
    }
    return false;
}

/* Decides step: at its `at`, or for a "by" now if it holds (final: at by). */
static void decide(mob_world_t *w, int step, bool final)
{
    struct mob_script *sc = w->script;
    mob_check_t *c = &sc->checks[step];
    mob_check_t tmp = *c;
    bool ok = evaluate(w, step, &tmp);
    if (!ok && !final)
        return;
    *c = tmp;
    c->kind = MOB_CHECK_EXPECT;
    c->checked = true;
    c->pass = ok;
    c->at = sim_now(w->sim);
    if (sc->run[step].pending) {
        sc->run[step].pending = false;
        sc->n_pending--;
    }
}

static void expect_fire(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    script_ev_t *ev = arg;
    mob_world_t *w = ctx;
    const mob_step_t *s = &w->cfg.steps[ev->step];
    if (!s->has_by) {
        decide(w, ev->step, true);
        return;
    }
    if (!w->script->run[ev->step].pending)
        return;
    decide(w, ev->step, sim_now(w->sim) >= s->by);
}

/* A re-check of every pending "by" after a record (the state settles
 * within the event that emitted it: check in an event of its own). */
static void recheck_fire(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    (void)arg;
    mob_world_t *w = ctx;
    sim_time_t now = sim_now(w->sim);
    w->script->check_at = -1;
    for (int i = 0; i < w->cfg.n_steps && w->script->n_pending > 0; i++) {
        const mob_step_t *s = &w->cfg.steps[i];
        if (w->script->run[i].pending && now >= s->at && now <= s->by)
            decide(w, i, false);
    }
}

static void on_record(void *ctx, const sim_trace_rec_t *rec)
{
    mob_world_t *w = ctx;
    struct mob_script *sc = w->script;
    if (rec->kind == SIM_TR_PKT_RECEIVED && rec->detail) {
        const mob_pkt_t *p = rec->detail;
        if (sc->n_rx == sc->cap_rx) {
            size_t cap = sc->cap_rx ? 2 * sc->cap_rx : 256;
            rx_rec_t *n = realloc(sc->rx, cap * sizeof(*n));
            if (!n) {
                w->oom = 1;
                return;
            }
            sc->rx = n;
            sc->cap_rx = cap;
        }
        rx_rec_t *x = &sc->rx[sc->n_rx++];
        x->at = rec->at;
        x->node = rec->node;
        x->origin = p->origin;
        x->type = msg_type_of(p);
        mh_fields(p->bytes, p->len, &x->status, &x->seq);
    } else if (rec->kind == SIM_TR_NOTE && rec->what) {
        if (sc->n_notes == sc->cap_notes) {
            size_t cap = sc->cap_notes ? 2 * sc->cap_notes : 64;
            note_rec_t *n = realloc(sc->notes, cap * sizeof(*n));
            if (!n) {
                w->oom = 1;
                return;
            }
            sc->notes = n;
            sc->cap_notes = cap;
        }
        note_rec_t *x = &sc->notes[sc->n_notes++];
        x->at = rec->at;
        x->node = rec->node;
        textf(x->what, sizeof(x->what), "%s", rec->what);
    } else if (rec->kind == SIM_TR_BINDING && rec->node >= 0 && rec->node < w->nodes.n) {
        bind_rec_t *b = &sc->bind[rec->node];
        b->at = rec->at;
        b->peer = rec->peer;
        textf(b->what, sizeof(b->what), "%s", rec->what ? rec->what : "-");
    }
    if (sc->n_pending > 0 && sc->check_at != rec->at) {
        if (sim_after(w->sim, 0, recheck_fire, w, NULL, NULL) < 0)
            w->oom = 1;
        sc->check_at = rec->at;
    }
}

/* ------------------------------------------------------------ setup */

static int resolve_step(mob_world_t *w, int i)
{
    const mob_step_t *s = &w->cfg.steps[i];
    step_run_t *r = &w->script->run[i];
    r->from = r->to = r->node = r->peer = r->a = r->b = -1;
    switch (s->kind) {
    case MOB_STEP_INJECT:
        r->from = resolve(w, s->inj.from);
        return r->from >= 0 ? 0 : -1;
    case MOB_STEP_EXPECT:
        r->node = resolve(w, s->exp.node);
        r->peer = resolve(w, s->exp.peer);
        r->a = resolve(w, s->exp.a);
        r->b = resolve(w, s->exp.b);
        r->from = resolve(w, s->exp.match.from);
        r->to = resolve(w, s->exp.match.to);
        return 0;
    default:
        r->from = resolve(w, s->match.from);
        r->to = resolve(w, s->match.to);
        return 0;
    }
}

static int schedule_step(mob_world_t *w, int i, script_ev_t *ev)
{
    const mob_step_t *s = &w->cfg.steps[i];
    ev->w = w;
    ev->step = i;
    if (s->kind == MOB_STEP_INJECT)
        return sim_at(w->sim, s->at, inject_fire, w, ev, NULL);
    if (s->kind != MOB_STEP_EXPECT)
        return 0;
    w->script->checks[i].kind = MOB_CHECK_EXPECT;
    if (!s->has_by)
        return sim_at(w->sim, s->at, expect_fire, w, ev, NULL);
    w->script->run[i].pending = true;
    w->script->n_pending++;
    if (sim_at(w->sim, s->at, expect_fire, w, ev, NULL) < 0)
        return -1;
    return sim_at(w->sim, s->by, expect_fire, w, ev, NULL);
}

int mob_script_start(mob_world_t *w)
{
    int n = w->cfg.n_steps;
    struct mob_script *sc = calloc(1, sizeof(*sc));
    if (!sc)
        return -1;
    w->script = sc;
    sc->check_at = -1;
    size_t n_alloc = n > 0 ? (size_t)n : 1; /* a world with taps and no steps */
    sc->checks = calloc(n_alloc, sizeof(*sc->checks));
    sc->run = calloc(n_alloc, sizeof(*sc->run));
    sc->bind = calloc((size_t)w->nodes.n, sizeof(*sc->bind));
    /* events' args: one per step, freed with the script */
    sc->evs = calloc(n_alloc, sizeof(*sc->evs));
    if (!sc->checks || !sc->run || !sc->bind || !sc->evs)
        return -1;
    script_ev_t *evs = sc->evs;
    sc->tap_node = calloc((size_t)(w->cfg.n_taps > 0 ? w->cfg.n_taps : 1), sizeof(int));
    if (!sc->tap_node)
        return -1;
    for (int t = 0; t < w->cfg.n_taps; t++)
        sc->tap_node[t] = w->cfg.n_hosts + w->cfg.n_nets + w->cfg.taps[t].node;
    for (int i = 0; i < w->nodes.n; i++)
        sc->bind[i].at = -1;
    for (int i = 0; i < n; i++)
        if (resolve_step(w, i) < 0)
            return -1;
    for (int i = 0; i < n; i++)
        if (schedule_step(w, i, &evs[i]) < 0)
            return -1;
    /* every kind of record: a "by" is re-checked after anything that may
     * have changed the state (a BU sent changes the BUL entry) */
    return sim_trace_subscribe(sim_bus(w->sim), SIM_TR_ALL, on_record, w) < 0 ? -1 : 0;
}

void mob_script_fini(mob_world_t *w)
{
    struct mob_script *sc = w->script;
    if (!sc)
        return;
    sim_trace_unsubscribe(sim_bus(w->sim), on_record, w);
    free(sc->checks);
    free(sc->run);
    free(sc->rx);
    free(sc->bind);
    free(sc->evs);
    free(sc->obs);
    free(sc->notes);
    free(sc->tap_node);
    free(sc);
    w->script = NULL;
}

const mob_check_t *mob_script_checks(const mob_world_t *w, size_t *n)
{
    if (!w->script) {
        *n = 0;
        return NULL;
    }
    *n = (size_t)w->cfg.n_steps;
    return w->script->checks;
}
