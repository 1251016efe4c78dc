/* pcap sink: the file appears under its name only on a successful close,
 * timestamps are simulated nanoseconds, the trace-bus subscription dumps
 * exactly the SIM_TR_PKT_SENT records; and the integration check with
 * tshark: a pcap of every message type mobsim sends is dissected by
 * Wireshark 4.0 with the fields we put in (PROTOCOL.md §6) and no malformed
 * packet. tshark is a test dependency (scripts/install-deps): when it is
 * missing the test fails. */
#include <dirent.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/pcap.h"
#include "analysis/tracelog.h"
#include "models/world.h"
#include "sim/sim.h"
#include "sim/trace.h"
#include "tests/analysis/viz_util.h"
#include "tests/models/fixture.h"
#include "tests/models/samples.h"
#include "tests/testing.h"

typedef struct {
    char dir[64];
    char path[128];
} tmp_t;

static tmp_t tmp_make(void)
{
    tmp_t t;
    snprintf(t.dir, sizeof(t.dir), "/tmp/mobsim-pcap-XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(t.dir));
    snprintf(t.path, sizeof(t.path), "%s/run.pcap", t.dir);
    return t;
}

static int n_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static void tmp_remove(const tmp_t *t)
{
    DIR *d = opendir(t->dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char p[512];
        snprintf(p, sizeof(p), "%s/%s", t->dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(t->dir);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* ---- the sink ------------------------------------------------------------ */

static void test_file_appears_under_its_name_only_after_a_successful_close(void)
{
    tmp_t t = tmp_make();
    pcap_sink_t *s;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(pcap_sink_open(t.path, &s, &err), 0);
    uint8_t a[] = {0x60, 1, 2, 3}, b[] = {0x60, 9};
    CU_ASSERT_EQUAL(pcap_sink_write(s, SIM_S(3) + 123456789, a, sizeof(a)), 0);
    CU_ASSERT_EQUAL(pcap_sink_write(s, SIM_S(3) + 123456790, b, sizeof(b)), 0);
    CU_ASSERT_EQUAL(pcap_sink_write(s, -1, b, sizeof(b)), -SIM_ERANGE);
    CU_ASSERT_EQUAL(pcap_sink_count(s), 2);
    CU_ASSERT_FALSE(exists(t.path));
    CU_ASSERT_EQUAL(n_entries(t.dir), 1); /* the temporary file */
    CU_ASSERT_EQUAL(pcap_sink_close(s, &err), 0);
    CU_ASSERT_TRUE(exists(t.path));
    CU_ASSERT_EQUAL(n_entries(t.dir), 1);

    char ebuf[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline_with_tstamp_precision(t.path, PCAP_TSTAMP_PRECISION_NANO, ebuf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(pcap_datalink(p), DLT_IPV6);
    struct pcap_pkthdr *h;
    const u_char *data;
    CU_ASSERT_EQUAL(pcap_next_ex(p, &h, &data), 1);
    CU_ASSERT_EQUAL(h->ts.tv_sec, 3);
    CU_ASSERT_EQUAL(h->ts.tv_usec, 123456789); /* nanoseconds, not rounded to us */
    CU_ASSERT_EQUAL(h->caplen, sizeof(a));
    CU_ASSERT_EQUAL(memcmp(data, a, sizeof(a)), 0);
    CU_ASSERT_EQUAL(pcap_next_ex(p, &h, &data), 1);
    CU_ASSERT_EQUAL(h->ts.tv_usec, 123456790);
    CU_ASSERT_EQUAL(pcap_next_ex(p, &h, &data), PCAP_ERROR_BREAK);
    pcap_close(p);
    tmp_remove(&t);
}

static void test_aborted_sink_leaves_no_file_behind(void)
{
    tmp_t t = tmp_make();
    pcap_sink_t *s;
    CU_ASSERT_EQUAL_FATAL(pcap_sink_open(t.path, &s, NULL), 0);
    uint8_t a[] = {0x60, 0, 0, 0};
    pcap_sink_write(s, 0, a, sizeof(a));
    pcap_sink_abort(s);
    CU_ASSERT_EQUAL(n_entries(t.dir), 0);
    pcap_sink_abort(NULL);
    CU_ASSERT_EQUAL(pcap_sink_close(NULL, NULL), 0);
    tmp_remove(&t);
}

static void test_sink_in_a_missing_directory_fails_naming_the_file(void)
{
    pcap_sink_t *s = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(pcap_sink_open("/nonexistent-mobsim-dir/run.pcap", &s, &err), -SIM_EIO);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent-mobsim-dir/run.pcap"));
}

static void test_only_sent_packets_on_the_bus_are_dumped_at_their_simulated_time(void)
{
    tmp_t t = tmp_make();
    sim_trace_bus_t *bus = sim_trace_create();
    pcap_sink_t *s;
    CU_ASSERT_EQUAL_FATAL(pcap_sink_open(t.path, &s, NULL), 0);
    CU_ASSERT_EQUAL(pcap_sink_attach(s, bus), 0);
    CU_ASSERT_EQUAL(sim_trace_mask(bus), SIM_TR_MASK(SIM_TR_PKT_SENT));
    uint8_t pkt[] = {0x60, 0, 0, 0, 0, 0, 59, 64};
    sim_trace_rec_t sent = {
        .kind = SIM_TR_PKT_SENT, .at = SIM_MS(1500), .bytes = pkt, .len = sizeof(pkt)};
    sim_trace_rec_t dropped = sent;
    dropped.kind = SIM_TR_PKT_DROPPED;
    sim_trace_rec_t no_bytes = {.kind = SIM_TR_PKT_SENT, .at = SIM_MS(1600)};
    sim_trace_publish(bus, &sent);
    sim_trace_publish(bus, &dropped);
    sim_trace_publish(bus, &no_bytes);
    CU_ASSERT_EQUAL(pcap_sink_count(s), 1);
    pcap_sink_detach(s, bus);
    sim_trace_publish(bus, &sent);
    CU_ASSERT_EQUAL(pcap_sink_count(s), 1);
    CU_ASSERT_EQUAL(pcap_sink_close(s, NULL), 0);
    sim_trace_destroy(bus);

    char ebuf[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline_with_tstamp_precision(t.path, PCAP_TSTAMP_PRECISION_NANO, ebuf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    struct pcap_pkthdr *h;
    const u_char *data;
    CU_ASSERT_EQUAL(pcap_next_ex(p, &h, &data), 1);
    CU_ASSERT_EQUAL(h->ts.tv_sec, 1);
    CU_ASSERT_EQUAL(h->ts.tv_usec, 500000000);
    pcap_close(p);
    tmp_remove(&t);
}

/* ---- tshark -------------------------------------------------------------- */

/* The fields read back, one column each (PROTOCOL.md §6). */
enum col {
    C_FRAME,
    C_PROTOCOLS,
    C_TIME,
    C_MALFORMED,
    C_SEVERITY,
    C_MHTYPE,
    C_MH_PROTO,
    C_MH_CSUM,
    C_HOTI_COOKIE,
    C_COTI_COOKIE,
    C_HOT_NINDEX,
    C_HOT_COOKIE,
    C_HOT_TOKEN,
    C_COT_NINDEX,
    C_COT_COOKIE,
    C_BU_SEQ,
    C_BU_A,
    C_BU_H,
    C_BU_LIFETIME,
    C_BA_STATUS,
    C_BA_SEQ,
    C_BA_LIFETIME,
    C_BE_STATUS,
    C_BE_HADDR,
    C_NI_HNI,
    C_NI_CNI,
    C_BAD_AUTH,
    C_BRA,
    C_ACOA,
    C_HAO,
    C_RT_TYPE,
    C_RT_SEGLEFT,
    C_RH2_HOA,
    C_SRC,
    C_DST,
    C_SPORT,
    C_DPORT,
    C_ICMP_TYPE,
    C_ICMP_CODE,
    C_ICMP_CSUM_STATUS,
    C_N
};

static const char *const col_field[C_N] = {
    [C_FRAME] = "frame.number",
    [C_PROTOCOLS] = "frame.protocols",
    [C_TIME] = "frame.time_epoch",
    [C_MALFORMED] = "_ws.malformed",
    [C_SEVERITY] = "_ws.expert.severity",
    [C_MHTYPE] = "mip6.mhtype",
    [C_MH_PROTO] = "mip6.proto",
    [C_MH_CSUM] = "mip6.csum",
    [C_HOTI_COOKIE] = "mip6.hoti.cookie",
    [C_COTI_COOKIE] = "mip6.coti.cookie",
    [C_HOT_NINDEX] = "mip6.hot.nindex",
    [C_HOT_COOKIE] = "mip6.hot.cookie",
    [C_HOT_TOKEN] = "mip6.hot.token", /* also the CoT token in 4.0 */
    [C_COT_NINDEX] = "mip6.cot.nindex",
    [C_COT_COOKIE] = "mip6.cot.cookie",
    [C_BU_SEQ] = "mip6.bu.seqnr",
    [C_BU_A] = "mip6.bu.a_flag",
    [C_BU_H] = "mip6.bu.h_flag",
    [C_BU_LIFETIME] = "mip6.bu.lifetime",
    [C_BA_STATUS] = "mip6.ba.status",
    [C_BA_SEQ] = "mip6.ba.seqnr",
    [C_BA_LIFETIME] = "mip6.ba.lifetime",
    [C_BE_STATUS] = "mip6.be.status",
    [C_BE_HADDR] = "mip6.be.haddr",
    [C_NI_HNI] = "mip6.ni.hni",
    [C_NI_CNI] = "mip6.ni.cni",
    [C_BAD_AUTH] = "mip6.bad.auth",
    [C_BRA] = "mip6.bra.interval",
    [C_ACOA] = "mip6.acoa.acoa",
    [C_HAO] = "ipv6.opt.mipv6.home_address",
    [C_RT_TYPE] = "ipv6.routing.type",
    [C_RT_SEGLEFT] = "ipv6.routing.segleft",
    [C_RH2_HOA] = "ipv6.routing.mipv6.home_address",
    [C_SRC] = "ipv6.src", /* outer,inner for tunnels and ICMPv6 errors */
    [C_DST] = "ipv6.dst",
    [C_SPORT] = "udp.srcport",
    [C_DPORT] = "udp.dstport",
    [C_ICMP_TYPE] = "icmpv6.type",
    [C_ICMP_CODE] = "icmpv6.code",
    [C_ICMP_CSUM_STATUS] = "icmpv6.checksum.status",
};

#define HOA "2001:db8:a::100"
#define COA "2001:db8:a2::100"
#define HA  "2001:db8:a::1"
#define CN  "2001:db8:b::200"
#define AR  "2001:db8:a2::1"

typedef struct {
    int sample;
    enum col col;
    const char *want;
} expect_t;

/* What Wireshark must show for each sample (frame = sample id + 1). */
static const expect_t expected[] = {
    {SAMPLE_BRR, C_MHTYPE, "0"},
    {SAMPLE_BRR, C_SRC, CN},
    {SAMPLE_BRR, C_DST, HOA},
    {SAMPLE_BRR, C_MH_CSUM, "0x65e9"},
    {SAMPLE_HOTI_TUNNELED, C_PROTOCOLS, "ipv6:ipv6:mipv6"},
    {SAMPLE_HOTI_TUNNELED, C_MHTYPE, "1"},
    {SAMPLE_HOTI_TUNNELED, C_SRC, COA "," HOA},
    {SAMPLE_HOTI_TUNNELED, C_DST, HA "," CN},
    {SAMPLE_HOTI_TUNNELED, C_HOTI_COOKIE, "0xa1a2a3a4a5a6a7a8"},
    {SAMPLE_HOTI_TUNNELED, C_MH_CSUM, "0xd249"},
    {SAMPLE_COTI, C_MHTYPE, "2"},
    {SAMPLE_COTI, C_SRC, COA},
    {SAMPLE_COTI, C_COTI_COOKIE, "0xc1c2c3c4c5c6c7c8"},
    {SAMPLE_HOT, C_MHTYPE, "3"},
    {SAMPLE_HOT, C_HOT_NINDEX, "5"},
    {SAMPLE_HOT, C_HOT_COOKIE, "0xa1a2a3a4a5a6a7a8"},
    {SAMPLE_HOT, C_HOT_TOKEN, "0x9a140a795c7c9053"},
    {SAMPLE_COT, C_MHTYPE, "4"},
    {SAMPLE_COT, C_COT_NINDEX, "6"},
    {SAMPLE_COT, C_COT_COOKIE, "0xc1c2c3c4c5c6c7c8"},
    {SAMPLE_COT, C_HOT_TOKEN, "0x621d8d9dde417891"},
    {SAMPLE_COT, C_DST, COA},
    {SAMPLE_BU_CN, C_PROTOCOLS, "ipv6:ipv6.dstopts:mipv6"},
    {SAMPLE_BU_CN, C_MHTYPE, "5"},
    {SAMPLE_BU_CN, C_SRC, COA},
    {SAMPLE_BU_CN, C_DST, CN},
    {SAMPLE_BU_CN, C_HAO, HOA},
    {SAMPLE_BU_CN, C_BU_SEQ, "7"},
    {SAMPLE_BU_CN, C_BU_A, "1"},
    {SAMPLE_BU_CN, C_BU_H, "0"},
    {SAMPLE_BU_CN, C_BU_LIFETIME, "105"},
    {SAMPLE_BU_CN, C_NI_HNI, "5"},
    {SAMPLE_BU_CN, C_NI_CNI, "6"},
    {SAMPLE_BU_CN, C_BAD_AUTH, "05df3d4c8b1dce57751bea56"},
    {SAMPLE_BU_CN, C_MH_CSUM, "0xdb2f"},
    {SAMPLE_BA_CN, C_PROTOCOLS, "ipv6:ipv6.routing:mipv6"},
    {SAMPLE_BA_CN, C_MHTYPE, "6"},
    {SAMPLE_BA_CN, C_DST, COA},
    {SAMPLE_BA_CN, C_RT_TYPE, "2"},
    {SAMPLE_BA_CN, C_RT_SEGLEFT, "1"},
    {SAMPLE_BA_CN, C_RH2_HOA, HOA},
    {SAMPLE_BA_CN, C_BA_STATUS, "0"},
    {SAMPLE_BA_CN, C_BA_SEQ, "7"},
    {SAMPLE_BA_CN, C_BA_LIFETIME, "105"},
    {SAMPLE_BA_CN, C_BAD_AUTH, "4a293f27f28455c4ca049abe"},
    {SAMPLE_BA_CN, C_MH_CSUM, "0x22f1"},
    {SAMPLE_BE, C_MHTYPE, "7"},
    {SAMPLE_BE, C_BE_STATUS, "1"},
    {SAMPLE_BE, C_BE_HADDR, HOA},
    {SAMPLE_BE, C_MH_CSUM, "0x2e7c"},
    {SAMPLE_UDP_RH2, C_PROTOCOLS, "ipv6:ipv6.routing:udp:data"},
    {SAMPLE_UDP_RH2, C_SPORT, "40000"},
    {SAMPLE_UDP_RH2, C_DPORT, "40001"},
    {SAMPLE_UDP_RH2, C_RH2_HOA, HOA},
    {SAMPLE_UDP_RH2, C_RT_SEGLEFT, "1"},
    {SAMPLE_UDP_HAO, C_PROTOCOLS, "ipv6:ipv6.dstopts:udp:data"},
    {SAMPLE_UDP_HAO, C_HAO, HOA},
    {SAMPLE_UDP_HAO, C_SRC, COA},
    {SAMPLE_UDP_HAO, C_SPORT, "40001"},
    {SAMPLE_ICMP_UNREACH, C_ICMP_TYPE, "1"},
    {SAMPLE_ICMP_UNREACH, C_ICMP_CODE, "3"},
    {SAMPLE_ICMP_UNREACH, C_ICMP_CSUM_STATUS, "1"}, /* Good */
    {SAMPLE_ICMP_UNREACH, C_SRC, AR "," CN},
    {SAMPLE_ICMP_UNREACH, C_DST, CN "," COA},
    {SAMPLE_ICMP_UNREACH, C_RH2_HOA, HOA},
    {SAMPLE_EXPERIMENTAL, C_MHTYPE, "11"},
    {SAMPLE_EXPERIMENTAL, C_MH_PROTO, "59"},
    {SAMPLE_BU_HOME, C_MHTYPE, "5"},
    {SAMPLE_BU_HOME, C_DST, HA},
    {SAMPLE_BU_HOME, C_HAO, HOA},
    {SAMPLE_BU_HOME, C_BU_A, "1"},
    {SAMPLE_BU_HOME, C_BU_H, "1"},
    {SAMPLE_BU_HOME, C_BU_SEQ, "4242"},
    {SAMPLE_BU_HOME, C_BU_LIFETIME, "16383"},
    {SAMPLE_BU_HOME, C_ACOA, COA},
    {SAMPLE_BA_HOME, C_MHTYPE, "6"},
    {SAMPLE_BA_HOME, C_SRC, HA},
    {SAMPLE_BA_HOME, C_BA_SEQ, "4242"},
    {SAMPLE_BA_HOME, C_BRA, "12288"},
    {SAMPLE_BA_HOME, C_RH2_HOA, HOA},
    {SAMPLE_HOT_TUNNELED, C_PROTOCOLS, "ipv6:ipv6:mipv6"},
    {SAMPLE_HOT_TUNNELED, C_SRC, HA "," CN},
    {SAMPLE_HOT_TUNNELED, C_DST, COA "," HOA},
    {SAMPLE_HOT_TUNNELED, C_MHTYPE, "3"},
    {SAMPLE_HOT_TUNNELED, C_HOT_TOKEN, "0x9a140a795c7c9053"},
};

/* Sample id -> simulated send time: 10 ms apart plus id ns (ns precision). */
static sim_time_t sample_time(int id)
{
    return SIM_MS(10) * id + id;
}

static bool write_samples(const char *path)
{
    pcap_sink_t *s;
    sim_err_t err = {0};
    if (pcap_sink_open(path, &s, &err))
        return false;
    for (int id = 0; id < SAMPLE_N; id++) {
        uint8_t b[PKT_MAX_LEN];
        size_t len;
        CU_ASSERT_EQUAL(sample_build(id, b, sizeof(b), &len), 0);
        pcap_sink_write(s, sample_time(id), b, len);
    }
    return pcap_sink_close(s, &err) == 0;
}

static bool have_tshark(void)
{
    return system("command -v tshark >/dev/null 2>&1") == 0;
}

/* Splits a line at '|' in place, keeping empty cells. */
static int split(char *line, char **cells, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = 0;
    for (char *p = line; n < max;) {
        cells[n++] = p;
        char *bar = strchr(p, '|');
        if (!bar)
            break;
        *bar = 0;
        p = bar + 1;
    }
    return n;
}

/* Runs tshark over path and fills rows[frame-1][col] (strdup'ed). */
static int run_tshark(const char *path, char *rows[SAMPLE_N][C_N])
{
    char cmd[4096];
    int n = snprintf(cmd, sizeof(cmd), "tshark -r '%s' -T fields -E separator='|' -E occurrence=a",
                     path);
    for (int c = 0; c < C_N; c++)
        n += snprintf(cmd + n, sizeof(cmd) - (size_t)n, " -e %s", col_field[c]);
    snprintf(cmd + n, sizeof(cmd) - (size_t)n, " 2>/dev/null");
    FILE *p = popen(cmd, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    char line[8192];
    int n_rows = 0;
    while (fgets(line, sizeof(line), p)) {
        char *cells[C_N];
        int k = split(line, cells, C_N);
        CU_ASSERT_EQUAL(k, C_N);
        int frame = atoi(cells[C_FRAME]);
        if (k != C_N || frame < 1 || frame > SAMPLE_N)
            continue;
        for (int c = 0; c < C_N; c++)
            rows[frame - 1][c] = strdup(cells[c]);
        n_rows++;
    }
    CU_ASSERT_EQUAL(pclose(p), 0);
    return n_rows;
}

static void test_tshark_dissects_every_message_type_with_the_fields_we_sent(void)
{
    if (!have_tshark()) {
        CU_FAIL("tshark not found: run scripts/install-deps (Debian package tshark)");
        return;
    }
    tmp_t t = tmp_make();
    CU_ASSERT_TRUE_FATAL(write_samples(t.path));
    char *rows[SAMPLE_N][C_N] = {{0}};
    CU_ASSERT_EQUAL(run_tshark(t.path, rows), SAMPLE_N);
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        const expect_t *e = &expected[i];
        const char *got = rows[e->sample][e->col];
        if (!got || strcmp(got, e->want) != 0) {
            fprintf(stderr, "\n%s: %s = \"%s\", expected \"%s\"", sample_name(e->sample),
                    col_field[e->col], got ? got : "(no row)", e->want);
            CU_FAIL("tshark field differs");
        }
    }
    for (int id = 0; id < SAMPLE_N; id++) {
        if (!rows[id][C_FRAME])
            continue;
        /* no malformed packet, no expert item of severity error (0x00800000) */
        CU_ASSERT_STRING_EQUAL(rows[id][C_MALFORMED], "");
        CU_ASSERT_PTR_NULL(strstr(rows[id][C_SEVERITY], "8388608"));
        char want_time[32];
        snprintf(want_time, sizeof(want_time), "0.%09lld", (long long)sample_time(id));
        CU_ASSERT_STRING_EQUAL(rows[id][C_TIME], want_time);
        for (int c = 0; c < C_N; c++)
            free(rows[id][c]);
    }
    tmp_remove(&t);
}

static void test_tshark_finds_the_udp_checksums_good(void)
{
    /* Wireshark does not check UDP checksums by default; ask it to. (The
     * UDP packet quoted inside the ICMPv6 error is left out: Wireshark 4.0
     * verifies a quoted packet without applying its RH2, so it flags the
     * right checksum, computed over the RH2 home address, as wrong.) */
    if (!have_tshark()) {
        CU_FAIL("tshark not found: run scripts/install-deps (Debian package tshark)");
        return;
    }
    tmp_t t = tmp_make();
    CU_ASSERT_TRUE_FATAL(write_samples(t.path));
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "tshark -r '%s' -o udp.check_checksum:TRUE -Y 'udp && !icmpv6' -T fields "
             "-e frame.number -e udp.checksum.status 2>/dev/null",
             t.path);
    FILE *p = popen(cmd, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    char line[256];
    int n = 0;
    while (fgets(line, sizeof(line), p)) {
        int frame, status;
        CU_ASSERT_EQUAL(sscanf(line, "%d %d", &frame, &status), 2);
        CU_ASSERT(frame == SAMPLE_UDP_RH2 + 1 || frame == SAMPLE_UDP_HAO + 1);
        CU_ASSERT_EQUAL(status, 1); /* Good */
        n++;
    }
    CU_ASSERT_EQUAL(pclose(p), 0);
    CU_ASSERT_EQUAL(n, 2);
    tmp_remove(&t);
}

/* ---- a whole run ---------------------------------------------------------- */

/* Runs the paper's Figure 1 timing (A moves at 1 s, B at 1.03 s) under a
 * scheme with the sink on the trace bus; returns the packets written. */
static uint64_t pcap_of_run(const char *path, mob_scheme_t scheme)
{
    mob_config_t c;
    fx_config(&c);
    c.scheme = scheme;
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_MS(1030), NET_B2);
    sim_t *sim = sim_create((sim_stream_id_t){c.seed, 0, 0});
    mob_world_t *w = NULL;
    pcap_sink_t *s = NULL;
    sim_err_t err = {0};
    CU_ASSERT_PTR_NOT_NULL_FATAL(sim);
    CU_ASSERT_EQUAL_FATAL(mob_world_create(&c, sim, &w, &err), 0);
    CU_ASSERT_EQUAL_FATAL(pcap_sink_open(path, &s, &err), 0);
    CU_ASSERT_EQUAL(pcap_sink_attach(s, sim_bus(sim)), 0);
    CU_ASSERT_EQUAL(mob_world_run(w), 0);
    pcap_sink_detach(s, sim_bus(sim));
    uint64_t n = pcap_sink_count(s);
    CU_ASSERT_EQUAL(pcap_sink_close(s, &err), 0);
    mob_world_destroy(w);
    sim_destroy(sim);
    mob_config_free(&c);
    return n;
}

typedef struct {
    long frames, malformed, errors;
    long by_type[256];   /* MH messages per MH Type, tunneled ones counted once */
    long home_bu, cn_bu; /* BUs with H set; BUs with Binding Authorization Data */
} run_counts_t;

/* One tshark pass over a run's pcap, counted per frame. */
static bool tshark_counts(const char *path, run_counts_t *rc)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "tshark -r '%s' -T fields -E separator='|' -E occurrence=a -e frame.number "
             "-e mip6.mhtype -e mip6.bu.h_flag -e mip6.bad.auth -e _ws.malformed "
             "-e _ws.expert.severity 2>/dev/null",
             path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return false;
    memset(rc, 0, sizeof(*rc));
    char line[1024];
    while (fgets(line, sizeof(line), p)) {
        char *cells[6];
        if (split(line, cells, 6) != 6)
            continue;
        rc->frames++;
        rc->malformed += cells[4][0] != 0;
        rc->errors += strstr(cells[5], "8388608") != NULL;
        if (!cells[1][0])
            continue;
        int type = atoi(cells[1]) & 0xff;
        rc->by_type[type]++;
        rc->home_bu += type == 5 && strcmp(cells[2], "1") == 0;
        rc->cn_bu += type == 5 && cells[3][0] != 0;
    }
    return pclose(p) == 0;
}

static void test_tshark_reads_a_whole_run_of_every_scheme_without_a_malformed_packet(void)
{
    if (!have_tshark()) {
        CU_FAIL("tshark not found: run scripts/install-deps (Debian package tshark)");
        return;
    }
    static const mob_scheme_t schemes[] = {MOB_SCHEME_BASELINE, MOB_SCHEME_FORWARDING,
                                           MOB_SCHEME_PROXIES, MOB_SCHEME_HOA_SIGNALING};
    long cn_bus = 0, bas = 0;
    for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
        tmp_t t = tmp_make();
        uint64_t n = pcap_of_run(t.path, schemes[i]);
        run_counts_t rc = {0};
        CU_ASSERT_TRUE(tshark_counts(t.path, &rc));
        CU_ASSERT_TRUE(n > 0);
        CU_ASSERT_EQUAL(rc.frames, (long)n);
        /* the run's signalling is there: home registrations and RR */
        CU_ASSERT_TRUE(rc.home_bu > 0);
        CU_ASSERT_TRUE(rc.by_type[1] > 0 && rc.by_type[2] > 0);
        cn_bus += rc.cn_bu;
        bas += rc.by_type[6];
        if (rc.malformed || rc.errors)
            fprintf(stderr, "\n%s: %ld malformed, %ld error packets in %s (kept)",
                    mob_scheme_name(schemes[i]), rc.malformed, rc.errors, t.path);
        CU_ASSERT_EQUAL(rc.malformed, 0);
        CU_ASSERT_EQUAL(rc.errors, 0);
        if (!rc.malformed && !rc.errors)
            tmp_remove(&t);
    }
    /* some scheme restores route optimization: correspondent BUs and BAs */
    CU_ASSERT_TRUE(cn_bus > 0);
    CU_ASSERT_TRUE(bas > 0);
}

/* ---- many hosts ---------------------------------------------------------- */

static const char *world_name(const void *ctx, int node)
{
    return mob_world_node_name(ctx, node);
}

/* Four mobile hosts in two pairs (A-B, C-D; A, B and C move): the pcap of
 * the run opens in tshark with every frame and no malformed one, carries
 * each host's home address and the new care-of addresses, and the trace
 * log of the same run names every host as a sender. */
static void test_four_host_run_in_tshark_and_the_trace_log(void)
{
    if (!have_tshark()) {
        CU_FAIL("tshark not found: run scripts/install-deps (Debian package tshark)");
        return;
    }
    mob_config_t c;
    vz_four_hosts(&c);
    tmp_t t = tmp_make();
    sim_t *sim = sim_create((sim_stream_id_t){c.seed, 0, 0});
    mob_world_t *w = NULL;
    pcap_sink_t *s = NULL;
    tracelog_t *log = NULL;
    sim_err_t err = {0};
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sim);
    CU_ASSERT_EQUAL_FATAL(mob_world_create(&c, sim, &w, &err), 0);
    CU_ASSERT_EQUAL_FATAL(pcap_sink_open(t.path, &s, &err), 0);
    CU_ASSERT_EQUAL(pcap_sink_attach(s, sim_bus(sim)), 0);
    CU_ASSERT_EQUAL_FATAL(tracelog_attach(sim, f, world_name, w, &log), 0);
    CU_ASSERT_EQUAL(mob_world_run(w), 0);
    pcap_sink_detach(s, sim_bus(sim));
    CU_ASSERT_EQUAL(tracelog_detach(log, NULL), 0);
    fclose(f);
    uint64_t n = pcap_sink_count(s);
    CU_ASSERT_EQUAL(pcap_sink_close(s, &err), 0);
    mob_world_destroy(w);
    sim_destroy(sim);
    mob_config_free(&c);

    run_counts_t rc = {0};
    CU_ASSERT_TRUE(tshark_counts(t.path, &rc));
    CU_ASSERT_TRUE(n > 0);
    CU_ASSERT_EQUAL(rc.frames, (long)n);
    CU_ASSERT_EQUAL(rc.malformed, 0);
    CU_ASSERT_EQUAL(rc.errors, 0);
    CU_ASSERT_TRUE(rc.home_bu >= 3); /* A, B and C register their new CoAs */
    CU_ASSERT_TRUE(rc.cn_bu > 0);    /* C's BU to D */
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "tshark -r '%s' -T fields -E occurrence=a -E aggregator=' ' "
             "-e ipv6.addr 2>/dev/null | tr ' ' '\\n' | sort -u",
             t.path);
    FILE *p = popen(cmd, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    char addrs[8192] = "\n";
    size_t used = 1;
    for (char line[128]; fgets(line, sizeof(line), p) && used + strlen(line) < sizeof(addrs);)
        used += (size_t)snprintf(addrs + used, sizeof(addrs) - used, "%s", line);
    CU_ASSERT_EQUAL(pclose(p), 0);
    /* home addresses of the hosts that moved (tunnels, HoTI); D never
     * left B1, so its home address travels only in options */
    static const char *const want[] = {"2001:db8:a::100",  "2001:db8:b::200",  "2001:db8:a::300",
                                       "2001:db8:a2::100", "2001:db8:b2::200", "2001:db8:a2::300",
                                       "2001:db8:b1::400"};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        char line[64];
        snprintf(line, sizeof(line), "\n%s\n", want[i]);
        if (!strstr(addrs, line))
            fprintf(stderr, "\nnot in the pcap: %s", want[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(addrs, line));
    }
    tmp_remove(&t);

    /* every host sends, under its own name */
    static const char *const hosts[] = {"A", "B", "C", "D"};
    for (size_t i = 0; i < 4; i++) {
        char sent[64], handoff[64];
        snprintf(sent, sizeof(sent), "  %-9s  %-8s -> ", "sent", hosts[i]);
        snprintf(handoff, sizeof(handoff), "  %-9s  %-8s -> ", "handoff", hosts[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, sent));
        /* D stays where it is */
        bool moved = strstr(text, handoff) != NULL;
        CU_ASSERT_EQUAL(moved, i < 3);
    }
    CU_ASSERT_PTR_NULL(strstr(text, " #")); /* no node without a name */
    free(text);
}

void suite_pcap(void)
{
    ADD_SUITE("pcap", TEST(test_file_appears_under_its_name_only_after_a_successful_close),
              TEST(test_aborted_sink_leaves_no_file_behind),
              TEST(test_sink_in_a_missing_directory_fails_naming_the_file),
              TEST(test_only_sent_packets_on_the_bus_are_dumped_at_their_simulated_time),
              TEST(test_tshark_dissects_every_message_type_with_the_fields_we_sent),
              TEST(test_tshark_finds_the_udp_checksums_good),
              TEST(test_tshark_reads_a_whole_run_of_every_scheme_without_a_malformed_packet),
              TEST(test_four_host_run_in_tshark_and_the_trace_log));
}
