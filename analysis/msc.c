/* analysis/msc.c - the recorder behind message sequence charts and demos:
 * turns the trace records of one run into hops, marks, holds, handoffs and
 * steps (see msc.h). Drawing lives in msc_draw.c.
 *
 * Shaped for one episode of a few seconds of signaling: a few hundred hops
 * and steps, so lookups are linear scans over the handful of hops still in
 * flight (data packets included, when kept, that is a few dozen at most).
 */
#include "analysis/msc.h"

#include <stdlib.h>
#include <string.h>

#include "models/mh.h"

#define NODE_NAME_MAX 40

struct msc {
    sim_t *sim;
    const mob_world_t *w;
    bool attached, oom;
    unsigned flags;
    mob_config_t cfg;
    char (*names)[NODE_NAME_MAX];
    int n_nodes;

    msc_hop_t *hops;
    size_t n_hops, cap_hops;
    msc_mark_t *marks;
    size_t n_marks, cap_marks;
    msc_hold_t *holds;
    size_t n_holds, cap_holds;
    msc_handoff_t *handoffs;
    size_t n_handoffs, cap_handoffs;
    msc_step_t *steps;
    size_t n_steps, cap_steps;
    mob_world_view_t *views; /* parallel to steps with MSC_KEEP_VIEWS */
    size_t cap_views;

    size_t *open; /* hops in flight or held at an AR */
    size_t n_open, cap_open;

    /* a scheme action that re-sends a kept copy names the hop the next
     * transmission from that node continues */
    struct {
        int node, code, hop;
        sim_time_t at;
    } pending;

    int *cur_net; /* cfg.n_hosts: network each host is on, for handoff labels */
    uint64_t seq;

    /* copied from the metrics by msc_finish(): with more than one pair of
     * correspondents, "ab" and "ba" both stand for every direction of every
     * pair (restored: all of them; restored_at: the latest) */
    bool finished, restored_ab, restored_ba;
    sim_time_t restored_at_ab, restored_at_ba;
};

/* --------------------------------------------------------------- helpers */

/* Makes room for one more element; false (and m->oom) when out of memory. */
static bool reserve(msc_t *m, void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? 2 * *cap : 64;
    void *p = realloc(*arr, ncap * size);
    if (!p) {
        m->oom = true;
        return false;
    }
    *arr = p;
    *cap = ncap;
    return true;
}

#define RESERVE(m, arr, cap, n) reserve((m), (void **)&(arr), &(cap), (n), sizeof(*(arr)))

static const char *name_of(const msc_t *m, int node)
{
    return msc_node_name(m, node);
}

static void fmt_time(sim_time_t t, char *buf, size_t cap)
{
    if (t % SIM_MS(1) == 0)
        snprintf(buf, cap, "%.3f s", sim_time_to_s(t));
    else
        snprintf(buf, cap, "%.6f s", sim_time_to_s(t));
}

/* Destination address of the packet as sent (RFC 8200 §3: bytes 24..39 of
 * the fixed header) and whether it is IPv6-in-IPv6 (Next Header 41 right
 * after the fixed header: how our home agents and routers tunnel). */
static void outer_header(const uint8_t *b, size_t len, net_addr_t *dst, bool *tunnel)
{
    memset(dst, 0, sizeof(*dst));
    *tunnel = false;
    if (!b || len < 40)
        return;
    memcpy(dst->b, b + 24, 16);
    *tunnel = b[6] == 41;
}

const char *msc_net_of(const msc_t *m, const net_addr_t *addr)
{
    for (int n = 0; n < m->cfg.n_nets; n++)
        if (net_addr_same_64(&m->cfg.nets[n].prefix, addr))
            return m->cfg.nets[n].name;
    return "";
}

static const char *code_name(int code)
{
    return code >= 0 && code != MH_EXPERIMENTAL ? mh_type_name(code) : "";
}

/* Scheme notes whose code is the type of the message they act on. */
static bool note_names_message(const char *what)
{
    static const char *const acts[] = {"HA buffered",
                                       "HA re-forwarded",
                                       "HA copy discarded (T_b)",
                                       "AR buffered",
                                       "AR forwarded",
                                       "proxy kept a copy",
                                       "proxy re-sent",
                                       "proxy copy discarded (T_h)"};
    for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
        if (strcmp(what, acts[i]) == 0)
            return true;
    return false;
}

/* ----------------------------------------------------------------- steps */

static msc_step_t *add_step(msc_t *m, const sim_trace_rec_t *rec, msc_step_ref_t ref, int item)
{
    if (!RESERVE(m, m->steps, m->cap_steps, m->n_steps))
        return NULL;
    if ((m->flags & MSC_KEEP_VIEWS) && !RESERVE(m, m->views, m->cap_views, m->n_steps))
        return NULL;
    msc_step_t *s = &m->steps[m->n_steps];
    memset(s, 0, sizeof(*s));
    s->at = rec->at;
    s->kind = rec->kind;
    s->ref = ref;
    s->item = item;
    s->seq = m->seq;
    if (m->flags & MSC_KEEP_VIEWS)
        mob_world_view(m->w, &m->views[m->n_steps]);
    m->n_steps++;
    return s;
}

/* The step index a data item is shown with: the last step before it. */
static size_t data_step(const msc_t *m)
{
    return m->n_steps ? m->n_steps - 1 : 0;
}

/* ------------------------------------------------------------------ hops */

static void open_add(msc_t *m, size_t hop)
{
    if (RESERVE(m, m->open, m->cap_open, m->n_open))
        m->open[m->n_open++] = hop;
}

static void open_remove(msc_t *m, size_t k)
{
    m->open[k] = m->open[--m->n_open];
}

/* Index into m->open of the hop with this trace id, or -1. */
static long open_find(const msc_t *m, uint64_t id)
{
    for (size_t k = 0; k < m->n_open; k++)
        if (m->hops[m->open[k]].id == id)
            return (long)k;
    return -1;
}

/* The hop a transmission from `node` continues: a kept copy just released
 * by a scheme, or the same message received by the node at this instant. */
static int find_parent(msc_t *m, int node, int code, int intended, sim_time_t at)
{
    if (m->pending.hop >= 0 && m->pending.node == node && m->pending.at == at &&
        m->pending.code == code) {
        int p = m->pending.hop;
        m->pending.hop = -1;
        return p;
    }
    size_t scanned = 0;
    for (size_t i = m->n_hops; i-- > 0 && scanned < 256; scanned++) {
        const msc_hop_t *h = &m->hops[i];
        if (h->end_at >= 0 && h->end_at < at)
            continue;
        if (h->to == node && h->end_at == at && h->fate == MSC_DELIVERED && h->code == code &&
            h->intended == intended && h->n_next == 0)
            return (int)i;
        if (h->sent_at < at - SIM_S(600))
            break;
    }
    return -1;
}

static void describe_sent(msc_t *m, const msc_hop_t *h, msc_step_t *s)
{
    const char *from = name_of(m, h->from), *for_ = name_of(m, h->intended);
    net_addr_t a;
    const char *net = h->dst[0] && net_addr_parse(h->dst, &a) == 0 ? msc_net_of(m, &a) : "";
    char where[96];
    snprintf(where, sizeof(where), "%s%s%s%s", h->dst, net[0] ? " (" : "", net, net[0] ? ")" : "");
    if (h->origin == h->from && h->is_tunnel)
        snprintf(s->text, sizeof(s->text), "%s sends %s for %s through its reverse tunnel to %s",
                 from, h->label, for_, where);
    else if (h->origin == h->from)
        snprintf(s->text, sizeof(s->text), "%s sends %s for %s to %s", from, h->label, for_, where);
    else
        snprintf(s->text, sizeof(s->text), "%s %s %s's %s for %s to %s", from,
                 h->is_tunnel ? "tunnels" : "forwards", name_of(m, h->origin), h->label, for_,
                 where);
}

/* A new hop for the transmission of rec, in flight; -1 when out of memory. */
static long new_hop(msc_t *m, const sim_trace_rec_t *rec, bool is_data)
{
    if (!RESERVE(m, m->hops, m->cap_hops, m->n_hops))
        return -1;
    size_t i = m->n_hops;
    msc_hop_t *h = &m->hops[i];
    memset(h, 0, sizeof(*h));
    h->id = rec->id;
    h->from = rec->node;
    h->to = -1;
    h->intended = rec->peer;
    h->code = rec->code;
    h->sent_at = rec->at;
    h->end_at = -1;
    h->held_until = -1;
    h->is_data = is_data;
    h->seq_sent = m->seq;
    mob_packet_label(rec->bytes, rec->len, h->label, sizeof(h->label));
    net_addr_t dst;
    outer_header(rec->bytes, rec->len, &dst, &h->is_tunnel);
    if (!net_addr_is_zero(&dst))
        net_addr_format(&dst, h->dst, sizeof(h->dst));
    h->parent = find_parent(m, rec->node, rec->code, rec->peer, rec->at);
    if (h->parent >= 0)
        m->hops[h->parent].n_next++;
    h->origin = h->parent >= 0 ? m->hops[h->parent].origin : h->from;
    h->step_sent = h->step_end = data_step(m);
    m->n_hops++;
    open_add(m, i);
    return (long)i;
}

static void on_sent(msc_t *m, const sim_trace_rec_t *rec, bool is_data)
{
    long i = new_hop(m, rec, is_data);
    if (i < 0 || is_data)
        return;
    msc_step_t *s = add_step(m, rec, MSC_REF_HOP_SENT, (int)i);
    if (!s)
        return;
    msc_hop_t *h = &m->hops[i];
    h->step_sent = h->step_end = m->n_steps - 1;
    describe_sent(m, h, s);
}

static msc_hold_t *hold_of_hop(msc_t *m, size_t hop)
{
    for (size_t i = m->n_holds; i-- > 0;)
        if (m->holds[i].hop == (int)hop && m->holds[i].until < 0)
            return &m->holds[i];
    return NULL;
}

/* A packet an AR buffered was let go: forwarded (received) or dropped. */
static void end_held(msc_t *m, const sim_trace_rec_t *rec, size_t k, bool lost)
{
    size_t i = m->open[k];
    msc_hop_t *h = &m->hops[i];
    h->held_until = rec->at;
    h->fate = lost ? MSC_LOST : MSC_DELIVERED;
    if (lost)
        snprintf(h->why, sizeof(h->why), "%s", rec->what ? rec->what : "?");
    open_remove(m, k);
    msc_hold_t *hold = hold_of_hop(m, i);
    size_t step = data_step(m);
    if (!h->is_data) {
        msc_step_t *s = add_step(m, rec, MSC_REF_HOP_END, (int)i);
        if (!s)
            return;
        h = &m->hops[i];
        step = m->n_steps - 1;
        s->is_loss = lost;
        if (lost)
            snprintf(s->text, sizeof(s->text), "%s drops the buffered %s from %s for %s: %s",
                     name_of(m, rec->node), h->label, name_of(m, h->origin),
                     name_of(m, h->intended), h->why);
        else
            snprintf(s->text, sizeof(s->text), "%s takes the buffered %s from %s for %s out",
                     name_of(m, rec->node), h->label, name_of(m, h->origin),
                     name_of(m, h->intended));
    }
    if (hold) {
        hold->until = rec->at;
        hold->seq_until = m->seq;
        hold->step_until = step;
        snprintf(hold->end, sizeof(hold->end), "%s", lost ? "dropped" : "forwarded");
        hold->n_resent += !lost;
    }
}

static void on_end(msc_t *m, const sim_trace_rec_t *rec, bool lost)
{
    long k = open_find(m, rec->id);
    if (k < 0 && lost) {
        /* died before it was sent (a scheme message from a host without a
         * link): a hop of zero length at the node, one step */
        if (new_hop(m, rec, rec->code < 0) < 0)
            return;
        k = open_find(m, rec->id);
        if (k < 0)
            return;
        m->hops[m->open[k]].step_sent = m->n_steps;
    }
    if (k < 0)
        return; /* a data packet we do not keep */
    size_t i = m->open[k];
    msc_hop_t *h = &m->hops[i];
    if (h->fate == MSC_HELD) {
        end_held(m, rec, (size_t)k, lost);
        return;
    }
    h->to = rec->node;
    h->end_at = rec->at;
    h->seq_end = m->seq;
    h->fate = lost ? MSC_LOST : MSC_DELIVERED;
    if (lost)
        snprintf(h->why, sizeof(h->why), "%s", rec->what ? rec->what : "?");
    open_remove(m, (size_t)k);
    if (h->is_data) {
        h->step_end = data_step(m);
        return;
    }
    msc_step_t *s = add_step(m, rec, MSC_REF_HOP_END, (int)i);
    if (!s)
        return;
    h = &m->hops[i];
    h->step_end = m->n_steps - 1;
    s->is_loss = lost;
    char t[32];
    fmt_time(h->sent_at, t, sizeof(t));
    if (lost)
        snprintf(s->text, sizeof(s->text), "%s from %s for %s died at %s: %s (sent at %s)",
                 h->label, name_of(m, h->origin), name_of(m, h->intended), name_of(m, h->to),
                 h->why, t);
    else if (h->origin != h->from)
        snprintf(s->text, sizeof(s->text), "%s receives %s's %s from %s", name_of(m, h->to),
                 name_of(m, h->origin), h->label, name_of(m, h->from));
    else
        snprintf(s->text, sizeof(s->text), "%s receives %s from %s", name_of(m, h->to), h->label,
                 name_of(m, h->from));
}

/* ----------------------------------------------------------------- marks */

static msc_mark_t *add_mark(msc_t *m, const sim_trace_rec_t *rec, msc_mark_kind_t kind)
{
    if (!RESERVE(m, m->marks, m->cap_marks, m->n_marks))
        return NULL;
    msc_mark_t *k = &m->marks[m->n_marks++];
    memset(k, 0, sizeof(*k));
    k->kind = kind;
    k->node = rec->node;
    k->peer = rec->peer;
    k->code = rec->code;
    k->at = rec->at;
    k->seq = m->seq;
    snprintf(k->what, sizeof(k->what), "%s", rec->what ? rec->what : "");
    snprintf(k->text, sizeof(k->text), "%s", k->what);
    return k;
}

static msc_step_t *mark_step(msc_t *m, size_t mark_index, const sim_trace_rec_t *rec)
{
    msc_step_t *s = add_step(m, rec, MSC_REF_MARK, (int)mark_index);
    if (s)
        m->marks[mark_index].step = m->n_steps - 1;
    return s;
}

static void on_handoff(msc_t *m, const sim_trace_rec_t *rec)
{
    msc_mark_t *k = add_mark(m, rec, MSC_MARK_HANDOFF);
    if (!k)
        return;
    size_t ki = m->n_marks - 1;
    int host = rec->node;
    mob_world_view_t v;
    mob_world_view(m->w, &v);
    char extra[128] = "";
    if (rec->code == 0 && host >= 0 && host < m->cfg.n_hosts &&
        RESERVE(m, m->handoffs, m->cap_handoffs, m->n_handoffs)) {
        msc_handoff_t *ho = &m->handoffs[m->n_handoffs++];
        memset(ho, 0, sizeof(*ho));
        ho->host = host;
        ho->from = rec->at;
        ho->until = -1;
        ho->seq_from = m->seq;
        int cur = m->cur_net[host];
        if (cur >= 0 && cur < m->cfg.n_nets)
            snprintf(ho->from_net, sizeof(ho->from_net), "%s", m->cfg.nets[cur].name);
        /* scripted moves name the target now; a Poisson move's target is
         * known at L2 attach */
        for (int i = 0; i < m->cfg.n_moves; i++)
            if (m->cfg.moves[i].host == host && m->cfg.moves[i].at == rec->at)
                snprintf(ho->to_net, sizeof(ho->to_net), "%s",
                         m->cfg.nets[m->cfg.moves[i].to].name);
        if (ho->to_net[0])
            snprintf(extra, sizeof(extra), ": leaves %s for %s",
                     ho->from_net[0] ? ho->from_net : "?", ho->to_net);
        else
            snprintf(extra, sizeof(extra), ": leaves %s", ho->from_net[0] ? ho->from_net : "?");
    }
    msc_handoff_t *open_ho = NULL;
    for (size_t i = m->n_handoffs; i-- > 0;)
        if (m->handoffs[i].host == host && m->handoffs[i].until < 0) {
            open_ho = &m->handoffs[i];
            break;
        }
    if (rec->code == 1 && open_ho && host < v.n_hosts) {
        if (!open_ho->to_net[0])
            snprintf(open_ho->to_net, sizeof(open_ho->to_net), "%s", v.host[host].net);
        snprintf(extra, sizeof(extra), " on %s", open_ho->to_net);
    }
    if (open_ho)
        for (int n = 0; n < m->cfg.n_nets; n++)
            if (strcmp(m->cfg.nets[n].name, open_ho->to_net) == 0)
                m->cur_net[host] = n;
    if (rec->code == 3 && open_ho)
        snprintf(extra, sizeof(extra), " on %s: a new care-of address is configured",
                 open_ho->to_net);
    msc_step_t *s = mark_step(m, ki, rec);
    size_t step = m->n_steps ? m->n_steps - 1 : 0;
    if (rec->code == 0 && m->n_handoffs && m->handoffs[m->n_handoffs - 1].seq_from == m->seq)
        m->handoffs[m->n_handoffs - 1].step_from = step;
    if (rec->code == 3) {
        for (size_t i = m->n_handoffs; i-- > 0;)
            if (m->handoffs[i].host == host && m->handoffs[i].until < 0) {
                m->handoffs[i].until = rec->at;
                m->handoffs[i].seq_until = m->seq;
                m->handoffs[i].step_until = step;
                break;
            }
    }
    if (s)
        snprintf(s->text, sizeof(s->text), "%s: %s%s", name_of(m, host), m->marks[ki].what, extra);
}

/* "home binding: A at A2", "binding cache: B at B2 (2001:db8:b2::200)" */
static void binding_text(msc_t *m, msc_mark_t *k, char *full, size_t cap)
{
    mob_world_view_t v;
    mob_world_view(m->w, &v);
    const char *peer = name_of(m, k->peer);
    bool gone = strstr(k->what, "delet") || strstr(k->what, "expir");
    const net_addr_t *coa = NULL;
    bool home = false;
    for (int i = 0; i < v.n_hosts; i++) {
        if (strcmp(v.host[i].name, name_of(m, k->node)) != 0)
            continue;
        /* the host's binding cache entry for this correspondent */
        for (int c = 0; c < v.host[i].n_corr; c++)
            if (strcmp(v.host[i].corr[c].peer, peer) == 0 && v.host[i].corr[c].bce_valid)
                coa = &v.host[i].corr[c].bce_coa;
    }
    for (int a = 0; a < v.n_has; a++) {
        if (strcmp(v.ha[a].name, name_of(m, k->node)) != 0)
            continue;
        home = true;
        for (int b = 0; b < v.ha[a].n_bindings; b++)
            if (strcmp(v.ha[a].bind[b].host, peer) == 0)
                coa = &v.ha[a].bind[b].coa;
    }
    const char *what = home ? "home binding" : "binding cache";
    if (gone || !coa) {
        snprintf(k->text, sizeof(k->text), "%s: %s %s", what, peer, k->what);
        snprintf(full, cap, "%s: %s for %s: %s", name_of(m, k->node), what, peer, k->what);
        return;
    }
    char a[NET_ADDR_STRLEN];
    net_addr_format(coa, a, sizeof(a));
    const char *net = msc_net_of(m, coa);
    snprintf(k->text, sizeof(k->text), "%s: %s at %s", what, peer, net[0] ? net : a);
    snprintf(full, cap, "%s: %s for %s %s: %s is at %s (%s)", name_of(m, k->node), what, peer,
             k->what, peer, a, net[0] ? net : "?");
}

static void on_binding(msc_t *m, const sim_trace_rec_t *rec)
{
    msc_mark_t *k = add_mark(m, rec, MSC_MARK_BINDING);
    if (!k)
        return;
    size_t ki = m->n_marks - 1;
    char full[200];
    binding_text(m, k, full, sizeof(full));
    msc_step_t *s = mark_step(m, ki, rec);
    if (s)
        snprintf(s->text, sizeof(s->text), "%s", full);
}

static void open_hold(msc_t *m, int node, int hop, int code, int peer, const char *what,
                      bool is_data, sim_time_t at)
{
    if (!RESERVE(m, m->holds, m->cap_holds, m->n_holds))
        return;
    msc_hold_t *h = &m->holds[m->n_holds++];
    memset(h, 0, sizeof(*h));
    h->node = node;
    h->hop = hop;
    h->code = code;
    h->peer = peer;
    h->from = at;
    h->until = -1;
    h->is_data = is_data;
    h->seq_from = m->seq;
    h->step_from = data_step(m);
    snprintf(h->what, sizeof(h->what), "%s", what);
}

/* The oldest copy of this kind still kept at node for (code, peer). */
static msc_hold_t *find_hold(msc_t *m, int node, int code, int peer, const char *what)
{
    for (size_t i = 0; i < m->n_holds; i++) {
        msc_hold_t *h = &m->holds[i];
        if (h->until < 0 && h->node == node && h->code == code && h->peer == peer &&
            strcmp(h->what, what) == 0)
            return h;
    }
    return NULL;
}

static void close_hold(msc_t *m, msc_hold_t *h, const char *end, sim_time_t at)
{
    h->until = at;
    h->seq_until = m->seq;
    h->step_until = data_step(m);
    snprintf(h->end, sizeof(h->end), "%s", end);
}

/* The hop the node just received for (code, peer): the message it keeps. */
static int just_received(const msc_t *m, int node, int code, int peer, sim_time_t at)
{
    for (size_t i = m->n_hops; i-- > 0;) {
        const msc_hop_t *h = &m->hops[i];
        if (h->to == node && h->end_at == at && h->code == code && h->intended == peer)
            return (int)i;
        if (h->sent_at < at - SIM_S(600))
            break;
    }
    return -1;
}

/* An AR buffers a packet for a departed address: the hop in flight for
 * (code, peer) sent first is the one arriving now (FIFO on equal paths). */
static void ar_buffered(msc_t *m, const sim_trace_rec_t *rec, bool is_data)
{
    long best = -1;
    for (size_t k = 0; k < m->n_open; k++) {
        const msc_hop_t *h = &m->hops[m->open[k]];
        if (h->fate == MSC_IN_FLIGHT && h->code == rec->code && h->intended == rec->peer &&
            h->is_data == is_data && (best < 0 || h->sent_at < m->hops[m->open[best]].sent_at))
            best = (long)k;
    }
    if (best < 0)
        return;
    size_t i = m->open[best];
    msc_hop_t *h = &m->hops[i];
    h->to = rec->node;
    h->end_at = rec->at;
    h->seq_end = m->seq;
    h->fate = MSC_HELD;
    h->step_end = data_step(m); /* non-data: the note's step, set by on_scheme() */
    open_hold(m, rec->node, (int)i, rec->code, rec->peer, "AR buffer", is_data, rec->at);
}

static void scheme_holds(msc_t *m, const sim_trace_rec_t *rec, const char *what, bool is_data)
{
    int node = rec->node, code = rec->code, peer = rec->peer;
    if (strcmp(what, "AR buffered") == 0) {
        ar_buffered(m, rec, is_data);
    } else if (strcmp(what, "HA buffered") == 0) {
        open_hold(m, node, just_received(m, node, code, peer, rec->at), code, peer, "HA copy (T_b)",
                  false, rec->at);
    } else if (strcmp(what, "proxy kept a copy") == 0) {
        open_hold(m, node, just_received(m, node, code, peer, rec->at), code, peer,
                  "proxy copy (T_h)", false, rec->at);
    } else if (strcmp(what, "HA re-forwarded") == 0 || strcmp(what, "proxy re-sent") == 0) {
        bool ha = what[0] == 'H';
        msc_hold_t *h = find_hold(m, node, code, peer, ha ? "HA copy (T_b)" : "proxy copy (T_h)");
        if (h) {
            h->n_resent++;
            m->pending.node = node;
            m->pending.code = code;
            m->pending.hop = h->hop;
            m->pending.at = rec->at;
            if (ha)
                close_hold(m, h, "re-forwarded", rec->at);
        }
    } else if (strcmp(what, "HA copy discarded (T_b)") == 0) {
        msc_hold_t *h = find_hold(m, node, code, peer, "HA copy (T_b)");
        if (h)
            close_hold(m, h, "discarded (T_b)", rec->at);
    } else if (strcmp(what, "proxy copy discarded (T_h)") == 0) {
        msc_hold_t *h = find_hold(m, node, code, peer, "proxy copy (T_h)");
        if (h)
            close_hold(m, h, "discarded (T_h)", rec->at);
    }
}

/* Holds opened or closed, and hops buffered, by the note being recorded
 * happen at its step. */
static void steps_of_note(msc_t *m, size_t step)
{
    for (size_t i = m->n_holds; i-- > 0;) {
        msc_hold_t *h = &m->holds[i];
        if (h->seq_from == m->seq)
            h->step_from = step;
        if (h->until >= 0 && h->seq_until == m->seq)
            h->step_until = step;
    }
    for (size_t i = m->n_hops; i-- > 0;) {
        msc_hop_t *h = &m->hops[i];
        if (h->fate == MSC_HELD && h->seq_end == m->seq)
            h->step_end = step;
    }
}

static void on_scheme(msc_t *m, const sim_trace_rec_t *rec)
{
    const char *what = rec->what ? rec->what : "";
    bool names_msg = note_names_message(what);
    bool is_data = names_msg && rec->code < 0;
    if (is_data && !(m->flags & MSC_KEEP_DATA))
        return;
    scheme_holds(m, rec, what, is_data);
    msc_mark_t *k = add_mark(m, rec, MSC_MARK_SCHEME);
    if (!k)
        return;
    k->is_data = is_data;
    size_t ki = m->n_marks - 1;
    const char *msg = names_msg ? (is_data ? "data" : code_name(rec->code)) : "";
    snprintf(k->text, sizeof(k->text), "%s%s%s", what, msg[0] ? " " : "", msg);
    if (is_data) {
        k->step = data_step(m);
        return;
    }
    msc_step_t *s = mark_step(m, ki, rec);
    if (!s)
        return;
    steps_of_note(m, m->n_steps - 1);
    if (rec->peer >= 0 && names_msg)
        snprintf(s->text, sizeof(s->text), "%s: %s %s for %s", name_of(m, rec->node), what, msg,
                 name_of(m, rec->peer));
    else
        snprintf(s->text, sizeof(s->text), "%s: %s", name_of(m, rec->node), what);
}

static void on_note(msc_t *m, const sim_trace_rec_t *rec)
{
    msc_mark_t *k = add_mark(m, rec, MSC_MARK_NOTE);
    if (!k)
        return;
    size_t ki = m->n_marks - 1;
    msc_step_t *s = mark_step(m, ki, rec);
    if (s)
        snprintf(s->text, sizeof(s->text), "%s: %s", name_of(m, rec->node), m->marks[ki].what);
}

/* --------------------------------------------------------------- the bus */

static void on_record(void *ctx, const sim_trace_rec_t *rec)
{
    msc_t *m = ctx;
    m->seq++;
    /* The state after a step is what the model has done by the next record
     * of the same instant: a handoff's "CoA usable" is published before the
     * new address is configured, a received BU before the cache changes. */
    if ((m->flags & MSC_KEEP_VIEWS) && m->n_steps > 0 && m->steps[m->n_steps - 1].at == rec->at)
        mob_world_view(m->w, &m->views[m->n_steps - 1]);
    switch (rec->kind) {
    case SIM_TR_PKT_SENT: {
        bool is_data = mob_packet_is_data(rec->bytes, rec->len);
        if (!is_data || (m->flags & MSC_KEEP_DATA))
            on_sent(m, rec, is_data);
        break;
    }
    case SIM_TR_PKT_RECEIVED:
        on_end(m, rec, false);
        break;
    case SIM_TR_PKT_DROPPED:
        if (rec->code >= 0 || (m->flags & MSC_KEEP_DATA) || open_find(m, rec->id) >= 0)
            on_end(m, rec, true);
        break;
    case SIM_TR_HANDOFF:
        on_handoff(m, rec);
        break;
    case SIM_TR_BINDING:
        on_binding(m, rec);
        break;
    case SIM_TR_SCHEME:
        on_scheme(m, rec);
        break;
    case SIM_TR_NOTE:
        on_note(m, rec);
        break;
    default:
        break;
    }
}

int msc_create(sim_t *sim, const mob_world_t *w, unsigned flags, msc_t **out)
{
    msc_t *m = calloc(1, sizeof(*m));
    if (!m)
        return -SIM_ENOMEM;
    m->sim = sim;
    m->w = w;
    m->flags = flags;
    if (mob_config_copy(&m->cfg, mob_world_config(w)) < 0) {
        free(m);
        return -SIM_ENOMEM;
    }
    m->pending.hop = -1;
    m->n_nodes = mob_world_n_nodes(w);
    m->names = calloc(m->n_nodes > 0 ? (size_t)m->n_nodes : 1, sizeof(*m->names));
    m->cur_net = calloc(m->cfg.n_hosts > 0 ? (size_t)m->cfg.n_hosts : 1, sizeof(*m->cur_net));
    if (!m->names || !m->cur_net)
        goto out_free;
    for (int i = 0; i < m->n_nodes; i++)
        snprintf(m->names[i], sizeof(m->names[i]), "%s", mob_world_node_name(w, i));
    for (int i = 0; i < m->cfg.n_hosts; i++)
        m->cur_net[i] = m->cfg.hosts[i].start;
    if (sim_trace_subscribe(sim_bus(sim), SIM_TR_ALL, on_record, m) < 0)
        goto out_free;
    m->attached = true;
    *out = m;
    return 0;
out_free:
    free(m->names);
    free(m->cur_net);
    mob_config_free(&m->cfg);
    free(m);
    return -SIM_ENOMEM;
}

int msc_finish(msc_t *m)
{
    if (!m->finished) {
        if (m->attached)
            sim_trace_unsubscribe(sim_bus(m->sim), on_record, m);
        m->attached = false;
        const mob_metrics_t *x = mob_world_metrics(m->w);
        m->restored_ab = x->restored_ab;
        m->restored_ba = x->restored_ba;
        m->restored_at_ab = x->restored_at_ab;
        m->restored_at_ba = x->restored_at_ba;
        if (x->pairs && x->n_pairs > 1) {
            bool all = true;
            sim_time_t last = -1;
            for (size_t i = 0; i < x->n_pairs; i++) {
                const mob_pair_metrics_t *p = &x->pairs[i];
                if (p->has_ab) {
                    all &= p->restored_ab;
                    last = p->restored_at_ab > last ? p->restored_at_ab : last;
                }
                if (p->has_ba) {
                    all &= p->restored_ba;
                    last = p->restored_at_ba > last ? p->restored_at_ba : last;
                }
            }
            m->restored_ab = m->restored_ba = all;
            m->restored_at_ab = m->restored_at_ba = last;
        }
        m->finished = true;
        m->sim = NULL;
        m->w = NULL;
    }
    return m->oom ? -SIM_ENOMEM : 0;
}

void msc_destroy(msc_t *m)
{
    if (!m)
        return;
    msc_finish(m);
    free(m->names);
    free(m->cur_net);
    mob_config_free(&m->cfg);
    free(m->hops);
    free(m->marks);
    free(m->holds);
    free(m->handoffs);
    free(m->steps);
    free(m->views);
    free(m->open);
    free(m);
}

/* --------------------------------------------------------------- queries */

size_t msc_n_hops(const msc_t *m)
{
    return m->n_hops;
}

const msc_hop_t *msc_hop(const msc_t *m, size_t i)
{
    return i < m->n_hops ? &m->hops[i] : NULL;
}

size_t msc_n_marks(const msc_t *m)
{
    return m->n_marks;
}

const msc_mark_t *msc_mark(const msc_t *m, size_t i)
{
    return i < m->n_marks ? &m->marks[i] : NULL;
}

size_t msc_n_holds(const msc_t *m)
{
    return m->n_holds;
}

const msc_hold_t *msc_hold(const msc_t *m, size_t i)
{
    return i < m->n_holds ? &m->holds[i] : NULL;
}

size_t msc_n_handoffs(const msc_t *m)
{
    return m->n_handoffs;
}

const msc_handoff_t *msc_handoff(const msc_t *m, size_t i)
{
    return i < m->n_handoffs ? &m->handoffs[i] : NULL;
}

size_t msc_n_steps(const msc_t *m)
{
    return m->n_steps;
}

const msc_step_t *msc_step(const msc_t *m, size_t i)
{
    return i < m->n_steps ? &m->steps[i] : NULL;
}

const mob_world_view_t *msc_step_view(const msc_t *m, size_t i)
{
    return (m->flags & MSC_KEEP_VIEWS) && i < m->n_steps ? &m->views[i] : NULL;
}

int msc_n_nodes(const msc_t *m)
{
    return m->n_nodes;
}

const char *msc_node_name(const msc_t *m, int node)
{
    return node >= 0 && node < m->n_nodes ? m->names[node] : "?";
}

int msc_node_by_name(const msc_t *m, const char *name)
{
    for (int i = 0; i < m->n_nodes; i++)
        if (strcmp(m->names[i], name) == 0)
            return i;
    return -1;
}

const char *msc_title(const msc_t *m)
{
    return m->cfg.name;
}

const char *msc_description(const msc_t *m)
{
    return m->cfg.description;
}

int msc_n_hosts(const msc_t *m)
{
    return m->cfg.n_hosts;
}

bool msc_host_stationary(const msc_t *m, int host)
{
    return host >= 0 && host < m->cfg.n_hosts && m->cfg.hosts[host].kind == MOB_HOST_CORRESPONDENT;
}

int msc_find_hop(const msc_t *m, const char *origin, const char *label, const char *to,
                 msc_fate_t fate)
{
    for (size_t i = 0; i < m->n_hops; i++) {
        const msc_hop_t *h = &m->hops[i];
        if ((!origin || strcmp(name_of(m, h->origin), origin) == 0) &&
            strcmp(h->label, label) == 0 && (!to || strcmp(name_of(m, h->to), to) == 0) &&
            h->fate == fate)
            return (int)i;
    }
    return -1;
}

long msc_find_step(const msc_t *m, size_t from, const char *const *words)
{
    for (size_t i = from; i < m->n_steps; i++) {
        bool all = true;
        for (const char *const *w = words; *w && all; w++)
            all = strstr(m->steps[i].text, *w) != NULL;
        if (all)
            return (long)i;
    }
    return -1;
}

/* ---------------------------------------------------- window and order */

void msc_opts_default(msc_opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->from = o->to = -1;
    o->data_every = 0;
    o->px_per_ms = 3.0;
    o->gap = SIM_MS(100);
    o->interactive = false;
}

void msc_window(const msc_t *m, const msc_opts_t *o, sim_time_t *from, sim_time_t *to)
{
    sim_time_t first = -1, last_detach = -1;
    for (size_t i = 0; i < m->n_handoffs; i++) {
        if (first < 0 || m->handoffs[i].from < first)
            first = m->handoffs[i].from;
        if (m->handoffs[i].from > last_detach)
            last_detach = m->handoffs[i].from;
    }
    sim_time_t f, t;
    if (first >= 0) {
        f = first > SIM_MS(50) ? first - SIM_MS(50) : 0;
    } else {
        f = m->n_steps ? m->steps[0].at : 0;
        last_detach = f;
    }
    sim_time_t restored =
        m->restored_at_ab > m->restored_at_ba ? m->restored_at_ab : m->restored_at_ba;
    if (m->restored_ab && m->restored_ba && restored >= last_detach)
        t = restored + SIM_MS(150);
    else
        t = last_detach + SIM_S(3);
    *from = o && o->from >= 0 ? o->from : f;
    *to = o && o->to >= 0 ? o->to : t;
    if (*to < *from)
        *to = *from;
}

/* Steps whose records fall in the window, plus the ends of the hops that
 * left within it. */
void msc_step_range(const msc_t *m, const msc_opts_t *o, size_t *first, size_t *end)
{
    sim_time_t f, t;
    msc_window(m, o, &f, &t);
    size_t a = 0;
    while (a < m->n_steps && m->steps[a].at < f)
        a++;
    size_t b = a;
    for (size_t i = a; i < m->n_steps; i++) {
        const msc_step_t *s = &m->steps[i];
        bool in = s->at <= t;
        if (!in && s->ref == MSC_REF_HOP_END) {
            const msc_hop_t *h = &m->hops[s->item];
            in = h->sent_at >= f && h->sent_at <= t;
        }
        if (in)
            b = i + 1;
    }
    *first = a;
    *end = b;
}

static int router_of_net(const msc_t *m, int net)
{
    if (net < 0 || net >= m->cfg.n_nets)
        return -1; /* a stationary correspondent has no home network */
    const mob_net_t *n = &m->cfg.nets[net];
    char name[NODE_NAME_MAX];
    if (n->is_home && n->home_agent[0])
        snprintf(name, sizeof(name), "%s", n->home_agent);
    else
        snprintf(name, sizeof(name), "%s_%s", n->is_home ? "HA" : "AR", n->name);
    return msc_node_by_name(m, name);
}

/* Networks host h visits: its start, then its moves in time order. */
static int visited_nets(const msc_t *m, int h, int *nets, int cap)
{
    int n = 0;
    if (m->cfg.hosts[h].start >= 0)
        nets[n++] = m->cfg.hosts[h].start;
    sim_time_t last = -1;
    for (;;) {
        int next = -1;
        for (int i = 0; i < m->cfg.n_moves; i++) {
            const mob_move_t *mv = &m->cfg.moves[i];
            if (mv->host == h && mv->at > last && (next < 0 || mv->at < m->cfg.moves[next].at))
                next = i;
        }
        if (next < 0)
            break;
        last = m->cfg.moves[next].at;
        bool seen = false;
        for (int k = 0; k < n; k++)
            seen |= nets[k] == m->cfg.moves[next].to;
        if (!seen && n < cap)
            nets[n++] = m->cfg.moves[next].to;
    }
    if (m->cfg.mobility[h].enabled)
        for (int i = 0; i < m->cfg.mobility[h].n_nets && n < cap; i++) {
            bool seen = false;
            for (int k = 0; k < n; k++)
                seen |= nets[k] == m->cfg.mobility[h].nets[i];
            if (!seen)
                nets[n++] = m->cfg.mobility[h].nets[i];
        }
    return n;
}

void msc_shown(const msc_t *m, const msc_opts_t *o, bool *hops, bool *marks)
{
    sim_time_t f, t;
    msc_window(m, o, &f, &t);
    int n_nodes = m->n_nodes;
    size_t *nth = calloc(n_nodes > 0 ? (size_t)n_nodes : 1, sizeof(*nth));
    for (size_t i = 0; hops && i < m->n_hops; i++) {
        const msc_hop_t *h = &m->hops[i];
        bool in = h->sent_at >= f && h->sent_at <= t;
        if (!h->is_data) {
            hops[i] = in;
        } else if (h->parent >= 0) {
            hops[i] = in && hops[h->parent];
        } else if (o->data_every <= 0 || !nth || h->from < 0 || h->from >= n_nodes || !in) {
            hops[i] = false;
        } else {
            /* thin by the original send: every N-th data packet of each host */
            hops[i] = nth[h->from]++ % (size_t)o->data_every == 0;
        }
    }
    free(nth);
    for (size_t i = 0; marks && i < m->n_marks; i++) {
        const msc_mark_t *k = &m->marks[i];
        marks[i] = k->at >= f && k->at <= t && (!k->is_data || o->data_every > 0);
    }
}

/* The side of the chart each host stands on (0 left, 1 right): with more
 * than two hosts, the two ends of each pair of correspondents (cfg.peers in
 * order) on opposite sides where they can be, every other host on the side
 * with fewer; host 0 left and host 1 right otherwise. */
static void host_sides(const msc_t *m, int *side)
{
    int n = m->cfg.n_hosts, count[2] = {0, 0};
    for (int h = 0; h < n; h++)
        side[h] = -1;
    for (int i = 0; n > 2 && i < m->cfg.n_peers; i++) {
        int a = m->cfg.peers[i].a, b = m->cfg.peers[i].b;
        if (a < 0 || a >= n || b < 0 || b >= n || a == b)
            continue;
        if (side[a] < 0 && side[b] < 0) {
            side[a] = 0;
            side[b] = 1;
        } else if (side[a] < 0) {
            side[a] = !side[b];
        } else if (side[b] < 0) {
            side[b] = !side[a];
        }
    }
    for (int h = 0; h < n; h++)
        if (side[h] >= 0)
            count[side[h]]++;
    for (int h = 0; h < n; h++)
        if (side[h] < 0)
            count[side[h] = count[0] <= count[1] ? 0 : 1]++;
}

int msc_lifelines(const msc_t *m, const msc_opts_t *o, int *order, int cap)
{
    int n_nodes = m->n_nodes;
    bool *part = calloc(n_nodes > 0 ? (size_t)n_nodes : 1, sizeof(*part));
    bool *placed = calloc(n_nodes > 0 ? (size_t)n_nodes : 1, sizeof(*placed));
    if (!part || !placed) {
        free(part);
        free(placed);
        return 0;
    }
    bool *hops = calloc(m->n_hops + 1, sizeof(*hops));
    bool *marks = calloc(m->n_marks + 1, sizeof(*marks));
    if (!hops || !marks) {
        free(hops);
        free(marks);
        free(part);
        free(placed);
        return 0;
    }
    msc_shown(m, o, hops, marks);
    for (int h = 0; h < m->cfg.n_hosts && h < n_nodes; h++)
        part[h] = true;
    for (size_t i = 0; i < m->n_hops; i++)
        if (hops[i]) {
            const msc_hop_t *h = &m->hops[i];
            if (h->from >= 0 && h->from < n_nodes)
                part[h->from] = true;
            if (h->to >= 0 && h->to < n_nodes)
                part[h->to] = true;
        }
    for (size_t i = 0; i < m->n_marks; i++)
        if (marks[i] && m->marks[i].node >= 0 && m->marks[i].node < n_nodes)
            part[m->marks[i].node] = true;
    free(hops);
    free(marks);

    int n = 0;
#define PLACE(node)                                                                                \
    do {                                                                                           \
        int nd_ = (node);                                                                          \
        if (nd_ >= 0 && nd_ < n_nodes && part[nd_] && !placed[nd_] && n < cap) {                   \
            order[n++] = nd_;                                                                      \
            placed[nd_] = true;                                                                    \
        }                                                                                          \
    } while (0)
    int n_hosts = m->cfg.n_hosts, cap_nets = m->cfg.n_nets > 0 ? m->cfg.n_nets : 1;
    int *nets = malloc((size_t)cap_nets * sizeof(*nets));
    if (!nets) {
        free(part);
        free(placed);
        return 0;
    }
    /* Hosts of the left side (config order), each followed by its access
     * routers in the order visited and its home agent; the nodes of nobody
     * in the middle; the hosts of the right side mirrored: home agent,
     * access routers last visited first, the host. With two hosts: A, A's
     * ARs, HA_A, ..., HA_B, B's ARs, B. A router that hosts share stands
     * with the first of them. */
    int *side = calloc(n_hosts > 0 ? (size_t)n_hosts : 1, sizeof(*side));
    bool *right = calloc(n_nodes > 0 ? (size_t)n_nodes : 1, sizeof(*right));
    if (!side || !right) {
        free(side);
        free(right);
        free(nets);
        free(part);
        free(placed);
        return 0;
    }
    host_sides(m, side);
    for (int h = 0; h < n_hosts; h++) {
        if (side[h] != 0)
            continue;
        PLACE(h);
        int k = visited_nets(m, h, nets, cap_nets);
        for (int i = 0; i < k; i++)
            PLACE(router_of_net(m, nets[i]));
        PLACE(router_of_net(m, m->cfg.hosts[h].home));
    }
    for (int h = 0; h < n_hosts && h < n_nodes; h++) {
        if (side[h] != 1)
            continue;
        right[h] = true;
        int k = visited_nets(m, h, nets, cap_nets);
        for (int i = 0; i < k; i++) {
            int r = router_of_net(m, nets[i]);
            if (r >= 0)
                right[r] = true;
        }
        int ha = router_of_net(m, m->cfg.hosts[h].home);
        if (ha >= 0)
            right[ha] = true;
    }
    for (int i = 0; i < n_nodes; i++)
        if (!right[i])
            PLACE(i);
    for (int h = 0; h < n_hosts; h++) {
        if (side[h] != 1)
            continue;
        PLACE(router_of_net(m, m->cfg.hosts[h].home));
        int k = visited_nets(m, h, nets, cap_nets);
        for (int i = k; i-- > 0;)
            PLACE(router_of_net(m, nets[i]));
        PLACE(h);
    }
    free(side);
    for (int i = 0; i < n_nodes; i++)
        PLACE(i);
#undef PLACE
    free(nets);
    free(right);
    free(part);
    free(placed);
    return n;
}
