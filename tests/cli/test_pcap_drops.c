/* `mobsim run FILE --pcap-drops F` (issue 16): the packets that died, each
 * stamped with the instant it died. Checked against the same run's --json:
 * the control messages in the file are exactly the entries of lost[], at
 * their died_at instants and of their types, and the data packets number
 * data.lost. The file is read back with libpcap (the --pcap format: link
 * type 229, nanosecond timestamps) and, when tshark is installed, by tshark.
 * Runs $MOBSIM from the repository root. */
#include "tests/analysis/viz_util.h"
#include "tests/testing.h"
#include "tests/util.h"

#include <cjson/cJSON.h>
#include <pcap/pcap.h>
#include <string.h>
#include <unistd.h>

#include "models/world.h"

#define MAX_DROPS 8192

typedef struct drops {
    size_t n_data, n_ctl;
    sim_time_t ctl_at[MAX_DROPS]; /* control messages, in file order */
    char ctl_label[MAX_DROPS][48];
    int linktype;
    bool nano_ok; /* every timestamp's fraction below 1e9 */
} drops_t;

static int read_drops(const char *path, drops_t *d)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (!p)
        return -1;
    memset(d, 0, sizeof(*d));
    d->linktype = pcap_datalink(p);
    d->nano_ok = true;
    struct pcap_pkthdr *h;
    const u_char *bytes;
    while (pcap_next_ex(p, &h, &bytes) == 1) {
        if (h->ts.tv_usec >= 1000000000)
            d->nano_ok = false;
        if (mob_packet_is_data(bytes, h->caplen)) {
            d->n_data++;
            continue;
        }
        if (d->n_ctl == MAX_DROPS)
            break;
        d->ctl_at[d->n_ctl] = (sim_time_t)h->ts.tv_sec * SIM_S(1) + (sim_time_t)h->ts.tv_usec;
        mob_packet_label(bytes, h->caplen, d->ctl_label[d->n_ctl], sizeof(d->ctl_label[0]));
        d->n_ctl++;
    }
    pcap_close(p);
    return 0;
}

/* Runs SCN with --json and --pcap-drops DIR/drops.pcap; returns the JSON. */
static cJSON *run_with_drops(const char *scn, const char *pcap)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "'%s' run %s --json --pcap-drops '%s' 2>/dev/null", tu_mobsim(), scn,
             pcap);
    int st;
    char *out = vz_run(cmd, &st);
    cJSON *root = st == 0 ? cJSON_Parse(out) : NULL;
    free(out);
    return root;
}

/* lost[] entry i's died_at in ns (JSON seconds, exact to well below 1 ns). */
static sim_time_t died_at(const cJSON *e)
{
    double s = cJSON_GetNumberValue(cJSON_GetObjectItem(e, "died_at"));
    return (sim_time_t)(s * 1e9 + 0.5);
}

/* Each lost[] entry matches one control packet of the file at its died_at
 * whose label starts with its type; each packet matches one entry. */
static void assert_drops_match_lost(const cJSON *lost, const drops_t *d)
{
    size_t n = (size_t)cJSON_GetArraySize(lost);
    CU_ASSERT_EQUAL(d->n_ctl, n);
    bool used[MAX_DROPS] = {false};
    const cJSON *e;
    size_t matched = 0;
    cJSON_ArrayForEach(e, lost)
    {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(e, "type"));
        sim_time_t at = died_at(e);
        for (size_t k = 0; k < d->n_ctl; k++) {
            if (used[k] || d->ctl_at[k] != at || strncmp(d->ctl_label[k], type, strlen(type)))
                continue;
            used[k] = true;
            matched++;
            break;
        }
    }
    CU_ASSERT_EQUAL(matched, n);
}

static void test_fig1_drops_are_exactly_lost_and_the_lost_data(void)
{
    char dir[64], pcap[128];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    snprintf(pcap, sizeof(pcap), "%s/drops.pcap", dir);
    cJSON *root = run_with_drops("scenarios/fig1.json", pcap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    drops_t *d = malloc(sizeof(*d));
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(read_drops(pcap, d), 0);
    CU_ASSERT_EQUAL(d->linktype, DLT_IPV6);
    CU_ASSERT_TRUE(d->nano_ok);
    const cJSON *lost = cJSON_GetObjectItem(root, "lost");
    /* fig1 loses 24 HoTI/CoTI at the departed CoAs, all listed */
    CU_ASSERT_EQUAL(cJSON_GetArraySize(lost), 24);
    CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "lost_unlisted")), 0);
    assert_drops_match_lost(lost, d);
    double data_lost =
        cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "data"), "lost"));
    CU_ASSERT_EQUAL((double)d->n_data, data_lost);
    CU_ASSERT_TRUE(d->n_data > 0);
    free(d);
    cJSON_Delete(root);
    unlink(pcap);
    rmdir(dir);
}

/* Figure 3: A's BU dies at AR_B1 (B left B1 before it arrived), 30 ms
 * after each send: at 1.25 s and then at each retransmission, the timeout
 * doubling from 1 s (RFC 6275 §11.8): 2.25, 4.25, 8.25, 16.25, 32.25 s. The
 * file holds exactly those six BUs at exactly those instants. */
static void test_fig3_bu_loss_is_in_the_file_at_the_instant_it_died(void)
{
    char dir[64], pcap[128];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    snprintf(pcap, sizeof(pcap), "%s/drops.pcap", dir);
    cJSON *root = run_with_drops("scenarios/fig3.json", pcap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    drops_t *d = malloc(sizeof(*d));
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(read_drops(pcap, d), 0);
    const cJSON *lost = cJSON_GetObjectItem(root, "lost");
    assert_drops_match_lost(lost, d);
    static const sim_time_t want[] = {SIM_MS(1250), SIM_MS(2250),  SIM_MS(4250),
                                      SIM_MS(8250), SIM_MS(16250), SIM_MS(32250)};
    size_t n_bu = 0;
    for (size_t k = 0; k < d->n_ctl; k++) {
        if (strncmp(d->ctl_label[k], "BU seq", 6) != 0)
            continue;
        if (n_bu < sizeof(want) / sizeof(want[0]))
            CU_ASSERT_EQUAL(d->ctl_at[k], want[n_bu]);
        n_bu++;
    }
    CU_ASSERT_EQUAL(n_bu, sizeof(want) / sizeof(want[0]));
    free(d);
    cJSON_Delete(root);
    unlink(pcap);
    rmdir(dir);
}

/* tshark reads the file: as many Mobility Header frames as lost[] entries,
 * the first (A's CoTI at AR_B1) at 1.13 s. */
static void test_tshark_reads_the_drops_file(void)
{
    if (!vz_have("tshark")) {
        fprintf(stderr, "\n  skipped: tshark not found (scripts/install-deps installs the Debian "
                        "package tshark)\n");
        return;
    }
    char dir[64], pcap[128], cmd[1024];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    snprintf(pcap, sizeof(pcap), "%s/drops.pcap", dir);
    cJSON *root = run_with_drops("scenarios/fig1.json", pcap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    snprintf(cmd, sizeof(cmd),
             "tshark -r '%s' -Y mipv6 -T fields -e frame.time_epoch -e mip6.mhtype 2>/dev/null",
             pcap);
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_EQUAL(vz_count(out, "\n"), cJSON_GetArraySize(cJSON_GetObjectItem(root, "lost")));
    CU_ASSERT_EQUAL(strncmp(out, "1.130000000\t2\n", 14), 0); /* CoTI: MH type 2 */
    free(out);
    cJSON_Delete(root);
    unlink(pcap);
    rmdir(dir);
}

/* Refused before the run like --pcap: standard output (pcap is binary). */
static void test_drops_to_standard_output_is_refused(void)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "'%s' run scenarios/fig1.json --pcap-drops - 2>&1 >/dev/null",
             tu_mobsim());
    int st;
    char *err = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "--pcap-drops needs a file name (pcap is binary)"));
    free(err);
}

void suite_cli_pcap_drops(void)
{
    ADD_SUITE("cli/pcap_drops", TEST(test_fig1_drops_are_exactly_lost_and_the_lost_data),
              TEST(test_fig3_bu_loss_is_in_the_file_at_the_instant_it_died),
              TEST(test_tshark_reads_the_drops_file),
              TEST(test_drops_to_standard_output_is_refused));
}
