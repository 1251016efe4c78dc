/* analysis/tracelog.c - the text log of trace records (`mobsim run --trace F`). */
#include "analysis/tracelog.h"

#include <inttypes.h>
#include <stdlib.h>

#include "models/mh.h"
#include "models/world.h"

struct tracelog {
    sim_t *sim;
    FILE *out;
    tracelog_name_fn *name;
    const void *name_ctx;
    unsigned long long lines;
    bool failed;
};

static const char *const kind_names[SIM_TR_N_KINDS] = {
    [SIM_TR_PKT_SENT] = "sent",       [SIM_TR_PKT_RECEIVED] = "received",
    [SIM_TR_PKT_DROPPED] = "dropped", [SIM_TR_PKT_FORWARDED] = "forwarded",
    [SIM_TR_TIMER] = "timer",         [SIM_TR_BINDING] = "binding",
    [SIM_TR_HANDOFF] = "handoff",     [SIM_TR_SCHEME] = "scheme",
    [SIM_TR_NOTE] = "note",
};

const char *tracelog_kind_name(sim_trace_kind_t kind)
{
    return (kind >= 0 && kind < SIM_TR_N_KINDS) ? kind_names[kind] : "?";
}

static const char *node_name(const tracelog_t *log, int node, char *buf, size_t cap)
{
    if (node < 0)
        return "-";
    const char *n = log->name ? log->name(log->name_ctx, node) : NULL;
    if (n)
        return n;
    snprintf(buf, cap, "#%d", node);
    return buf;
}

/* The label as one printable token: control characters and spaces would
 * break the columns (and a newline the one-line-per-record promise). */
static void clean_label(const char *what, char *buf, size_t cap)
{
    size_t i = 0;
    if (!what || !*what)
        what = "-";
    for (; what[i] && i + 1 < cap; i++) {
        unsigned char ch = (unsigned char)what[i];
        buf[i] = (ch <= ' ' || ch == 0x7f) ? (ch == ' ' ? '_' : '?') : (char)ch;
    }
    buf[i] = 0;
}

/* What a packet record carries: the label of its bytes ("BU seq 7", "BA
 * seq 7 status 0", "PROXY-QUERY"; a tunnel is named by its inner packet),
 * else the Mobility Header type the models put in `code` (-1 for data, 255
 * for packets without a Mobility Header). One token: spaces become "_". */
static const char *message_name(const sim_trace_rec_t *rec, char *buf, size_t cap)
{
    switch (rec->kind) {
    case SIM_TR_PKT_SENT:
    case SIM_TR_PKT_RECEIVED:
    case SIM_TR_PKT_DROPPED:
    case SIM_TR_PKT_FORWARDED:
        if (rec->bytes && rec->len) {
            char label[64];
            mob_packet_label(rec->bytes, rec->len, label, sizeof(label));
            clean_label(label, buf, cap);
            return buf;
        }
        if (rec->code == -1)
            return "data";
        if (rec->code >= 0 && rec->code < 255)
            return mh_type_name(rec->code);
        return "other";
    default:
        return "-";
    }
}

static void on_record(void *ctx, const sim_trace_rec_t *rec)
{
    tracelog_t *log = ctx;
    char nb[24], pb[24], label[128], msg[64];
    sim_time_t t = rec->at < 0 ? 0 : rec->at;
    clean_label(rec->what, label, sizeof(label));
    int w = fprintf(log->out,
                    "%" PRId64 ".%09" PRId64 "  %-9s  %-8s -> %-8s  %-18s  %-20s  code=%d id=%" PRIu64
                    " len=%zu\n",
                    t / 1000000000, t % 1000000000, tracelog_kind_name(rec->kind),
                    node_name(log, rec->node, nb, sizeof(nb)),
                    node_name(log, rec->peer, pb, sizeof(pb)), message_name(rec, msg, sizeof(msg)), label,
                    rec->code, rec->id, rec->len);
    if (w < 0)
        log->failed = true;
    else
        log->lines++;
}

int tracelog_attach(sim_t *sim, FILE *out, tracelog_name_fn *name, const void *name_ctx,
                    tracelog_t **log)
{
    tracelog_t *l = calloc(1, sizeof(*l));
    if (!l)
        return -SIM_ENOMEM;
    l->sim = sim;
    l->out = out;
    l->name = name;
    l->name_ctx = name_ctx;
    int rc = sim_trace_subscribe(sim_bus(sim), SIM_TR_ALL, on_record, l);
    if (rc) {
        free(l);
        return rc;
    }
    *log = l;
    return 0;
}

int tracelog_detach(tracelog_t *log, sim_err_t *err)
{
    if (!log)
        return 0;
    sim_trace_unsubscribe(sim_bus(log->sim), on_record, log);
    bool failed = log->failed || fflush(log->out) != 0 || ferror(log->out);
    free(log);
    return failed ? sim_err_set(err, SIM_EIO, "cannot write the trace log") : 0;
}

unsigned long long tracelog_lines(const tracelog_t *log)
{
    return log->lines;
}
