/* analysis/pcap.c - pcap writer on libpcap (see pcap.h). */
#include "analysis/pcap.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/outfile.h"

struct pcap_sink {
    char *path; /* final name (outfile.h decides where the bytes go) */
    outfile_t out;
    pcap_t *pd;
    pcap_dumper_t *dumper; /* owns out's FILE once created */
    uint64_t count;
};

static void sink_free(pcap_sink_t *s)
{
    if (s->dumper)
        pcap_dump_close(s->dumper);
    s->dumper = NULL;
    outfile_abort(&s->out);
    if (s->pd)
        pcap_close(s->pd);
    free(s->path);
    free(s);
}

int pcap_sink_open(const char *path, pcap_sink_t **out, sim_err_t *err)
{
    if (strcmp(path, "-") == 0)
        return sim_err_set(err, SIM_EINVAL, "-: a pcap needs a file name (pcap is binary)");
    pcap_sink_t *s = calloc(1, sizeof(*s));
    if (!s)
        return sim_err_set(err, SIM_ENOMEM, "%s: out of memory", path);
    s->path = strdup(path);
    /* DLT_IPV6 = link type 229 (PROTOCOL.md §6); ns timestamps */
    s->pd = pcap_open_dead_with_tstamp_precision(DLT_IPV6, PCAP_SINK_SNAPLEN,
                                                 PCAP_TSTAMP_PRECISION_NANO);
    if (!s->path || !s->pd) {
        sink_free(s);
        return sim_err_set(err, SIM_ENOMEM, "%s: out of memory", path);
    }
    int rc = outfile_open(&s->out, s->path, err);
    if (rc) {
        sink_free(s);
        return rc;
    }
    s->dumper = pcap_dump_fopen(s->pd, s->out.f);
    if (!s->dumper) {
        rc =
            sim_err_set(err, SIM_EIO, "%s: cannot write pcap header: %s", path, pcap_geterr(s->pd));
        sink_free(s);
        return rc;
    }
    s->out.f = NULL; /* the dumper closes it */
    *out = s;
    return 0;
}

int pcap_sink_write(pcap_sink_t *s, sim_time_t at, const uint8_t *bytes, size_t len)
{
    if (at < 0)
        return -SIM_ERANGE;
    struct pcap_pkthdr h;
    memset(&h, 0, sizeof(h));
    h.ts.tv_sec = (time_t)(at / SIM_S(1));
    h.ts.tv_usec = (suseconds_t)(at % SIM_S(1)); /* nanoseconds: NANO precision */
    h.len = len > UINT32_MAX ? UINT32_MAX : (bpf_u_int32)len;
    h.caplen = len > PCAP_SINK_SNAPLEN ? PCAP_SINK_SNAPLEN : (bpf_u_int32)len;
    pcap_dump((u_char *)s->dumper, &h, bytes);
    s->count++;
    return 0;
}

void pcap_sink_on_trace(void *ctx, const sim_trace_rec_t *rec)
{
    if (rec->kind == SIM_TR_PKT_SENT && rec->bytes && rec->len)
        pcap_sink_write(ctx, rec->at, rec->bytes, rec->len);
}

int pcap_sink_attach(pcap_sink_t *s, sim_trace_bus_t *bus)
{
    return sim_trace_subscribe(bus, SIM_TR_MASK(SIM_TR_PKT_SENT), pcap_sink_on_trace, s);
}

void pcap_sink_detach(pcap_sink_t *s, sim_trace_bus_t *bus)
{
    sim_trace_unsubscribe(bus, pcap_sink_on_trace, s);
}

static void on_drop(void *ctx, const sim_trace_rec_t *rec)
{
    if (rec->kind == SIM_TR_PKT_DROPPED && rec->bytes && rec->len)
        pcap_sink_write(ctx, rec->at, rec->bytes, rec->len);
}

int pcap_sink_attach_drops(pcap_sink_t *s, sim_trace_bus_t *bus)
{
    return sim_trace_subscribe(bus, SIM_TR_MASK(SIM_TR_PKT_DROPPED), on_drop, s);
}

void pcap_sink_detach_drops(pcap_sink_t *s, sim_trace_bus_t *bus)
{
    sim_trace_unsubscribe(bus, on_drop, s);
}

uint64_t pcap_sink_count(const pcap_sink_t *s)
{
    return s->count;
}

int pcap_sink_close(pcap_sink_t *s, sim_err_t *err)
{
    if (!s)
        return 0;
    int rc = 0;
    FILE *fp = pcap_dump_file(s->dumper);
    errno = 0;
    if (pcap_dump_flush(s->dumper) != 0 || ferror(fp))
        rc = sim_err_set(err, SIM_EIO, "cannot write %s: %s", s->path,
                         strerror(errno ? errno : EIO));
    pcap_dump_close(s->dumper);
    s->dumper = NULL;
    if (!rc)
        rc = outfile_commit(&s->out, err);
    sink_free(s); /* removes the temporary file after a failure */
    return rc;
}

void pcap_sink_abort(pcap_sink_t *s)
{
    if (s)
        sink_free(s);
}
