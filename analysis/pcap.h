/* analysis/pcap.h - packets of a run as a pcap file Wireshark opens.
 *
 * A pcap sink writes the classic pcap format itself (the bytes libpcap's
 * pcap_dump() writes; pcap.c says why not through libpcap): link type
 * 229, "Raw IPv6" (every record is one IPv6 packet as the models put it on
 * a link), with nanosecond timestamps (magic 0xa1b23c4d), because simulated time is exact to the
 * nanosecond and two packets a few ns apart must not look simultaneous. The
 * timestamp of a packet is its simulated time since the start of the run
 * (epoch 0, so Wireshark shows 1970-01-01 00:00:00 plus simulated time).
 *
 * Output follows analysis/outfile.h: a new or regular file is written to a
 * temporary file beside it (beside a symlink's target) and renamed into place
 * only by a successful pcap_sink_close(), so a failed or abandoned run never
 * leaves a half-written file under the final name; a character device or a
 * FIFO is written straight; a directory is refused.
 *
 * Attached to a trace bus, the sink dumps the bytes of every SIM_TR_PKT_SENT
 * record at rec->at: the models publish every packet they put on a link,
 * tunneled forms included, as SIM_TR_PKT_SENT with its bytes.
 *
 * One sink belongs to one thread (one world); it is not shared.
 */
#ifndef MOBSIM_ANALYSIS_PCAP_H
#define MOBSIM_ANALYSIS_PCAP_H

#include <stddef.h>
#include <stdint.h>

#include "sim/err.h"
#include "sim/time.h"
#include "sim/trace.h"

#define PCAP_SINK_SNAPLEN 65535

typedef struct pcap_sink pcap_sink_t;

/* Opens a sink that will become `path` (copied) on close. Returns 0 and
 * *out, or -SIM_EINVAL (a directory, "-"), -SIM_EIO, -SIM_ENOMEM with a
 * message naming the file in err. */
int pcap_sink_open(const char *path, pcap_sink_t **out, sim_err_t *err);

/* Appends one packet (bytes borrowed) stamped `at`. Packets longer than
 * PCAP_SINK_SNAPLEN are cut to it (the original length is recorded).
 * Returns 0, or -SIM_ERANGE for a negative time (nothing written). Write
 * errors surface at pcap_sink_close(). */
int pcap_sink_write(pcap_sink_t *s, sim_time_t at, const uint8_t *bytes, size_t len);

/* Subscribes the sink to SIM_TR_PKT_SENT on bus (borrowed; the sink must be
 * detached or the bus destroyed before the sink is closed). Records without
 * bytes are skipped. Returns 0 or -SIM_ENOMEM. */
int pcap_sink_attach(pcap_sink_t *s, sim_trace_bus_t *bus);
void pcap_sink_detach(pcap_sink_t *s, sim_trace_bus_t *bus);

/* The same for the packets that died (`run --pcap-drops`): the bytes of
 * every SIM_TR_PKT_DROPPED record, stamped rec->at, the instant the packet
 * died. The bytes are the packet as it was where it died: a packet lost in
 * a tunnel is recorded in its tunneled form. Which node dropped it and why
 * are in the record, not in a raw IPv6 pcap: lost[] and --trace name them
 * at the same instant. A sink may be attached both ways at once. */
int pcap_sink_attach_drops(pcap_sink_t *s, sim_trace_bus_t *bus);
void pcap_sink_detach_drops(pcap_sink_t *s, sim_trace_bus_t *bus);

/* The trace callback itself (ctx: the sink), for callers that subscribe
 * with their own mask or forward records from another sink. */
void pcap_sink_on_trace(void *ctx, const sim_trace_rec_t *rec);

/* Packets written so far. */
uint64_t pcap_sink_count(const pcap_sink_t *s);

/* Flushes, closes and renames the file into place, then frees s. Returns 0,
 * or -SIM_EIO with a message naming the file (the temporary file is removed
 * and `path` left as it was). NULL is a no-op returning 0. */
int pcap_sink_close(pcap_sink_t *s, sim_err_t *err);

/* Closes without publishing: removes the temporary file, frees s. NULL is a
 * no-op. */
void pcap_sink_abort(pcap_sink_t *s);

#endif /* MOBSIM_ANALYSIS_PCAP_H */
