/* analysis/pcap.c - pcap writer on libpcap (see pcap.h). */
#include "analysis/pcap.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct pcap_sink {
    char *path; /* final name */
    char *tmp;  /* where we write until close */
    pcap_t *pd;
    pcap_dumper_t *dumper;
    uint64_t count;
};

static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = malloc(na + nb + 1);
    if (s) {
        memcpy(s, a, na);
        memcpy(s + na, b, nb + 1);
    }
    return s;
}

static void sink_free(pcap_sink_t *s)
{
    if (s->dumper)
        pcap_dump_close(s->dumper);
    if (s->pd)
        pcap_close(s->pd);
    free(s->path);
    free(s->tmp);
    free(s);
}

/* Opens the temporary file next to the final one (same file system, so the
 * rename is atomic) and a libpcap dumper on it. */
static int open_tmp(pcap_sink_t *s, sim_err_t *err)
{
    int fd = mkstemp(s->tmp);
    if (fd < 0)
        return sim_err_set(err, SIM_EIO, "%s: cannot create %s: %s", s->path, s->tmp,
                           strerror(errno));
    FILE *fp = fdopen(fd, "wb");
    if (!fp || fchmod(fd, 0644) != 0) {
        int e = errno;
        if (fp)
            fclose(fp);
        else
            close(fd);
        unlink(s->tmp);
        return sim_err_set(err, SIM_EIO, "%s: cannot open %s: %s", s->path, s->tmp, strerror(e));
    }
    s->dumper = pcap_dump_fopen(s->pd, fp);
    if (!s->dumper) {
        fclose(fp);
        unlink(s->tmp);
        return sim_err_set(err, SIM_EIO, "%s: cannot write pcap header: %s", s->path,
                           pcap_geterr(s->pd));
    }
    return 0;
}

int pcap_sink_open(const char *path, pcap_sink_t **out, sim_err_t *err)
{
    pcap_sink_t *s = calloc(1, sizeof(*s));
    if (!s)
        return sim_err_set(err, SIM_ENOMEM, "%s: out of memory", path);
    s->path = join(path, "");
    s->tmp = join(path, ".tmp.XXXXXX");
    /* DLT_IPV6 = link type 229 (PROTOCOL.md §6); ns timestamps */
    s->pd = pcap_open_dead_with_tstamp_precision(DLT_IPV6, PCAP_SINK_SNAPLEN,
                                                 PCAP_TSTAMP_PRECISION_NANO);
    if (!s->path || !s->tmp || !s->pd) {
        sink_free(s);
        return sim_err_set(err, SIM_ENOMEM, "%s: out of memory", path);
    }
    int rc = open_tmp(s, err);
    if (rc) {
        sink_free(s);
        return rc;
    }
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
    if (pcap_dump_flush(s->dumper) != 0 || ferror(fp))
        rc = sim_err_set(err, SIM_EIO, "%s: cannot write %s: %s", s->path, s->tmp, strerror(errno));
    pcap_dump_close(s->dumper);
    s->dumper = NULL;
    if (!rc && rename(s->tmp, s->path) != 0)
        rc = sim_err_set(err, SIM_EIO, "%s: cannot rename %s into place: %s", s->path, s->tmp,
                         strerror(errno));
    if (rc)
        unlink(s->tmp);
    sink_free(s);
    return rc;
}

void pcap_sink_abort(pcap_sink_t *s)
{
    if (!s)
        return;
    pcap_dump_close(s->dumper);
    s->dumper = NULL;
    unlink(s->tmp);
    sink_free(s);
}
