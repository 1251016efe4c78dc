/* tools/wireshark/mobsim.lua (issue 16): tshark with the dissector decodes
 * the schemes' Experimental Mobility Header messages of real runs, with the
 * field values the protocol implies: fig5's PROXY-QUERY/ANSWER pairs (same
 * id, the queried home address, the host's new CoA), fig4's FWD-INSTALLs
 * (old CoA -> new CoA for fwd_lifetime), in the order and at the instants
 * mobsim's own trace log gives; fig6 (hoa-signaling sends none) gets no
 * mobsim tree and every standard Mobility Header field stays as Wireshark's
 * own dissector gives it. Skipped with a message when tshark is missing.
 * Runs $MOBSIM from the repository root. */
#include "tests/analysis/viz_util.h"
#include "tests/testing.h"
#include "tests/util.h"

#include <cjson/cJSON.h>
#include <string.h>
#include <unistd.h>

#define LUA "tools/wireshark/mobsim.lua"

#define A_HOA "2001:db8:a::100"
#define A_C1  "2001:db8:a1::100"
#define A_C2  "2001:db8:a2::100"
#define B_HOA "2001:db8:b::200"
#define B_C1  "2001:db8:b1::200"
#define B_C2  "2001:db8:b2::200"

static bool have_tshark(void)
{
    if (vz_have("tshark"))
        return true;
    fprintf(stderr, "\n  skipped: tshark not found (scripts/install-deps installs the Debian "
                    "package tshark)\n");
    return false;
}

typedef struct fig_run {
    char dir[64], pcap[128], trace[160];
    cJSON *json;
} fig_run_t;

/* Runs scenarios/FIG.json with --json, --pcap and --trace into a new
 * directory. */
static bool fig_run(const char *fig, fig_run_t *r)
{
    memset(r, 0, sizeof(*r));
    if (!vz_tmpdir(r->dir, sizeof(r->dir)))
        return false;
    snprintf(r->pcap, sizeof(r->pcap), "%s/%s.pcap", r->dir, fig);
    snprintf(r->trace, sizeof(r->trace), "%s/%s.log", r->dir, fig);
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "'%s' run scenarios/%s.json --json --pcap '%s' --trace '%s' 2>&1",
             tu_mobsim(), fig, r->pcap, r->trace);
    int st;
    char *out = vz_run(cmd, &st);
    r->json = st == 0 ? cJSON_Parse(out) : NULL;
    free(out);
    return r->json != NULL;
}

static void fig_done(fig_run_t *r)
{
    cJSON_Delete(r->json);
    unlink(r->pcap);
    unlink(r->trace);
    rmdir(r->dir);
}

/* tshark's -T fields output for the frames matching filter ("|" between
 * fields); with_lua false runs it without the dissector. */
static char *tshark_fields(const char *pcap, bool with_lua, const char *filter, const char *fields)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "tshark %s -r '%s' %s%s%s -T fields -E separator='|' %s 2>/dev/null",
             with_lua ? "-X lua_script:" LUA : "", pcap, filter ? "-Y '" : "", filter ? filter : "",
             filter ? "'" : "", fields);
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    return out;
}

static double scheme_messages(const cJSON *json)
{
    return cJSON_GetNumberValue(
        cJSON_GetObjectItem(cJSON_GetObjectItem(json, "scheme"), "messages"));
}

/* "1.130000000 PROXY-QUERY\n..." from the trace log's sent lines whose
 * label is a scheme message: what mobsim's C decoder saw on the wire. */
static char *sent_scheme_messages(const char *trace)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "awk '$2==\"sent\" && ($6 ~ /^PROXY-/ || $6 == \"FWD-INSTALL\") {print $1, $6}' '%s'",
             trace);
    int st;
    return vz_run(cmd, &st);
}

static const char *subtype_name(int st)
{
    static const char *const names[] = {"?", "FWD-INSTALL", "PROXY-QUERY", "PROXY-ANSWER",
                                        "PROXY-UPDATE"};
    return st >= 1 && st <= 4 ? names[st] : "?";
}

static void test_fig5_proxy_queries_and_answers_decode_with_their_fields(void)
{
    if (!have_tshark())
        return;
    fig_run_t r;
    CU_ASSERT_TRUE_FATAL(fig_run("fig5", &r));
    char *out = tshark_fields(r.pcap, true, "mobsim",
                              "-e frame.time_epoch -e mobsim.subtype -e mobsim.id "
                              "-e mobsim.lifetime -e mobsim.hoa -e mobsim.coa -e mip6.mhtype");
    /* every scheme message the run counted is one decoded frame */
    CU_ASSERT_EQUAL(vz_count(out, "\n"), (int)scheme_messages(r.json));
    CU_ASSERT_EQUAL(vz_count(out, "\n"), 12);
    char *want = sent_scheme_messages(r.trace), got[4096] = "";
    struct {
        unsigned id;
        char hoa[48];
    } queries[32];
    int n_q = 0, n_answers = 0;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        /* time|subtype|id|lifetime|hoa|coa|mhtype; coa is empty for a query */
        char *fld[7] = {NULL}, *rest = line;
        int n = 0;
        while (n < 7 && (fld[n] = strsep(&rest, "|")) != NULL)
            n++;
        CU_ASSERT_EQUAL_FATAL(n, 7);
        const char *t = fld[0], *hoa = fld[4], *coa = fld[5];
        unsigned st = (unsigned)atoi(fld[1]), id = (unsigned)atoi(fld[2]);
        unsigned life = (unsigned)atoi(fld[3]), mh = (unsigned)atoi(fld[6]);
        CU_ASSERT_EQUAL(mh, 11);  /* Experimental Mobility Header */
        CU_ASSERT_EQUAL(life, 0); /* lifetime is FWD-INSTALL's only */
        snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s %s\n", t, subtype_name((int)st));
        if (st == 2) { /* a query for a peer's home address: ids never repeat */
            CU_ASSERT_STRING_EQUAL(coa, "");
            CU_ASSERT_TRUE(strcmp(hoa, A_HOA) == 0 || strcmp(hoa, B_HOA) == 0);
            for (int q = 0; q < n_q; q++)
                CU_ASSERT_NOT_EQUAL(queries[q].id, id);
            if (n_q < 32) {
                queries[n_q].id = id;
                snprintf(queries[n_q++].hoa, sizeof(queries[0].hoa), "%s", hoa);
            }
        } else if (st == 3) { /* answers an earlier query: its home address, the new CoA */
            n_answers++;
            int q = 0;
            while (q < n_q && queries[q].id != id)
                q++;
            CU_ASSERT_TRUE(q < n_q);
            if (q < n_q)
                CU_ASSERT_STRING_EQUAL(hoa, queries[q].hoa);
            CU_ASSERT_STRING_EQUAL(coa, strcmp(hoa, A_HOA) == 0 ? A_C2 : B_C2);
        } else {
            CU_FAIL("fig5 sends only PROXY-QUERY and PROXY-ANSWER");
        }
    }
    CU_ASSERT_EQUAL(n_q, 6);
    CU_ASSERT_EQUAL(n_answers, 6);
    /* the Lua decoder and mobsim's own labels agree, frame by frame */
    CU_ASSERT_STRING_EQUAL(got, want);
    free(want);
    free(out);
    fig_done(&r);
}

static void test_fig4_fwd_install_carries_old_and_new_coa_and_lifetime(void)
{
    if (!have_tshark())
        return;
    fig_run_t r;
    CU_ASSERT_TRUE_FATAL(fig_run("fig4", &r));
    char *out = tshark_fields(r.pcap, true, "mobsim",
                              "-e frame.time_epoch -e ipv6.src -e mobsim.subtype -e mobsim.id "
                              "-e mobsim.lifetime -e mobsim.old_coa -e mobsim.new_coa");
    /* each host, from its new CoA once usable, to its old network's AR:
     * forward old CoA -> new CoA for fwd_lifetime (10 s) */
    CU_ASSERT_STRING_EQUAL(out, "1.100000000|" A_C2 "|1|0|10000|" A_C1 "|" A_C2 "\n"
                                "1.130000000|" B_C2 "|1|0|10000|" B_C1 "|" B_C2 "\n");
    CU_ASSERT_EQUAL(scheme_messages(r.json), 2);
    char *want = sent_scheme_messages(r.trace);
    CU_ASSERT_STRING_EQUAL(want, "1.100000000 FWD-INSTALL\n1.130000000 FWD-INSTALL\n");
    free(want);
    free(out);
    fig_done(&r);
}

static void test_fig6_has_no_scheme_message_and_standard_fields_are_untouched(void)
{
    if (!have_tshark())
        return;
    fig_run_t r;
    CU_ASSERT_TRUE_FATAL(fig_run("fig6", &r));
    CU_ASSERT_EQUAL(scheme_messages(r.json), 0);
    char *none = tshark_fields(r.pcap, true, "mobsim", "-e frame.number");
    CU_ASSERT_STRING_EQUAL(none, "");
    free(none);
    const char *std = "-e frame.number -e mip6.mhtype -e mip6.bu.seqnr -e mip6.bu.lifetime "
                      "-e mip6.ba.status -e mip6.hoti.cookie -e mip6.cot.cookie";
    char *with = tshark_fields(r.pcap, true, "mipv6", std);
    char *without = tshark_fields(r.pcap, false, "mipv6", std);
    CU_ASSERT_STRING_EQUAL(with, without);
    CU_ASSERT_TRUE(vz_count(with, "\n") >= 20); /* fig6's 20 signaling messages, tunnels too */
    CU_ASSERT_TRUE(vz_count(with, "|5|") >= 1); /* a BU among them */
    free(with);
    free(without);
    fig_done(&r);
}

void suite_cli_wireshark(void)
{
    ADD_SUITE("cli/wireshark", TEST(test_fig5_proxy_queries_and_answers_decode_with_their_fields),
              TEST(test_fig4_fwd_install_carries_old_and_new_coa_and_lifetime),
              TEST(test_fig6_has_no_scheme_message_and_standard_fields_are_untouched));
}
