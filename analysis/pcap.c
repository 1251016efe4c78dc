/* analysis/pcap.c - pcap writer (see pcap.h).
 *
 * The file format is small and fixed (draft-ietf-opsawg-pcap; libpcap's
 * savefile.c and sf-pcap.c write the same bytes): a 24-byte header, then per
 * packet a 16-byte record header and the bytes. Fields are in the writer's
 * byte order, which the magic number tells a reader; magic 0xa1b23c4d means
 * nanosecond timestamps. Written here rather than through libpcap's
 * pcap_dump(): libpcap.so pulls libdbus and libsystemd with five more
 * libraries into every start of mobsim, a pcap or not (issue 18: 1.8 M of
 * the 4.9 M instructions a fig1 run spent before its first event).
 */
#include "analysis/pcap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/outfile.h"

#define PCAP_MAGIC_NS    UINT32_C(0xa1b23c4d) /* nanosecond timestamps */
#define PCAP_LINKTYPE_V6 UINT32_C(229)        /* LINKTYPE_IPV6: raw IPv6 (PROTOCOL.md §6) */

struct pcap_sink {
    char *path; /* final name (outfile.h decides where the bytes go) */
    outfile_t out;
    uint64_t count;
};

static void sink_free(pcap_sink_t *s)
{
    outfile_abort(&s->out);
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
    if (!s->path) {
        sink_free(s);
        return sim_err_set(err, SIM_ENOMEM, "%s: out of memory", path);
    }
    int rc = outfile_open(&s->out, s->path, err);
    if (rc) {
        sink_free(s);
        return rc;
    }
    /* magic, version 2.4, thiszone 0, sigfigs 0, snaplen, link type */
    const uint32_t magic = PCAP_MAGIC_NS, zero = 0, snap = PCAP_SINK_SNAPLEN;
    const uint32_t link = PCAP_LINKTYPE_V6;
    const uint16_t major = 2, minor = 4;
    uint8_t hdr[24];
    memcpy(hdr, &magic, 4);
    memcpy(hdr + 4, &major, 2);
    memcpy(hdr + 6, &minor, 2);
    memcpy(hdr + 8, &zero, 4);
    memcpy(hdr + 12, &zero, 4);
    memcpy(hdr + 16, &snap, 4);
    memcpy(hdr + 20, &link, 4);
    if (fwrite(hdr, sizeof(hdr), 1, s->out.f) != 1) {
        rc = sim_err_set(err, SIM_EIO, "%s: cannot write pcap header: %s", path,
                         strerror(errno ? errno : EIO));
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
    /* ts seconds, ts nanoseconds, captured length, original length; a time
     * past 2106 wraps the 32-bit seconds as libpcap's would */
    uint32_t rec[4];
    rec[0] = (uint32_t)(at / SIM_S(1));
    rec[1] = (uint32_t)(at % SIM_S(1));
    rec[2] = len > PCAP_SINK_SNAPLEN ? PCAP_SINK_SNAPLEN : (uint32_t)len;
    rec[3] = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
    /* a failed write shows in ferror() at close, which reports it */
    if (fwrite(rec, sizeof(rec), 1, s->out.f) == 1)
        fwrite(bytes, 1, rec[2], s->out.f);
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
    int rc = outfile_commit(&s->out, err); /* flush, close, rename; reports a failed write */
    sink_free(s);                          /* removes the temporary file after a failure */
    return rc;
}

void pcap_sink_abort(pcap_sink_t *s)
{
    if (s)
        sink_free(s);
}
