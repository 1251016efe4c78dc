/* tests/cli/test_golden.c - the golden results: refactors preserve behaviour.
 *
 * The --json metrics of the seven figure scenarios (restored, restored_at,
 * restore_time, signaling sent/lost/reforwarded, data, the lost[] list with
 * where and when each message died) and the sweep.csv rows of every shipped
 * sweep are compared byte for byte with tests/golden/, written by
 * scripts/update-golden before the work began, but for the provenance
 * (issue 17): the CSV's "#" comment lines and the JSON's one "provenance"
 * line hold the commit, command line and date, which change every run,
 * and are dropped from the output before the comparison
 * (tu_strip_provenance); that they are there is checked too. The golden
 * files hold none. So are the pcap bytes of every shipped scenario (their
 * SHA-256 in tests/golden/pcap.sha256: the wire format, checksums and RR
 * tokens byte for byte). A change here means the
 * model's behaviour moved: only an issue that says the model was wrong
 * justifies rewriting them, and its closing note says what moved and why.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "analysis/provenance.h"
#include "tests/testing.h"
#include "tests/util.h"

/* Reads a whole file; NULL when it cannot. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    fclose(f);
    if (buf) {
        buf[n] = 0; /* n < cap: the loop ends on a short read */
        *len = n;
    }
    return buf;
}

/* The first line where two texts differ, for the failure message. */
static void report_difference(const char *what, const char *got, size_t ng, const char *want,
                              size_t nw)
{
    size_t i = 0, line = 1, start = 0;
    while (i < ng && i < nw && got[i] == want[i]) {
        if (got[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    const char *ge = memchr(got + start, '\n', ng - start);
    const char *we = memchr(want + start, '\n', nw - start);
    int gl = (int)((ge ? (size_t)(ge - got) : ng) - start);
    int wl = (int)((we ? (size_t)(we - want) : nw) - start);
    fprintf(stderr,
            "\n%s: differs from the golden copy at line %zu:\n  got:    %.*s\n  golden: %.*s\n",
            what, line, gl > 300 ? 300 : gl, got + start, wl > 300 ? 300 : wl, want + start);
}

static bool same_as_golden(const char *produced, const char *golden)
{
    size_t ng = 0, nw = 0;
    char *got = slurp(produced, &ng);
    char *want = slurp(golden, &nw);
    if (got) {
        bool has = false;
        for (const char *l = got; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
            has = has || prov_is_provenance_line(l);
        if (!has)
            fprintf(stderr, "\n%s: no provenance line\n", produced);
        CU_ASSERT(has);
        ng = strlen(tu_strip_provenance(got));
    }
    bool same = got && want && ng == nw && memcmp(got, want, ng) == 0;
    if (!same && got && want)
        report_difference(golden, got, ng, want, nw);
    else if (!same)
        fprintf(stderr, "\n%s or %s cannot be read\n", produced, golden);
    free(got);
    free(want);
    return same;
}

static void test_figure_scenarios_give_their_golden_metrics(void)
{
    static const char *const figs[] = {"fig1", "fig3", "control", "fig1-rfc6275",
                                       "fig4", "fig5", "fig6"};
    char dir[] = "/tmp/mobsim-golden-XXXXXX";
    CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
    for (size_t i = 0; i < sizeof(figs) / sizeof(figs[0]); i++) {
        char out[512], cmd[1024], golden[256];
        snprintf(out, sizeof(out), "%s/%s.json", dir, figs[i]);
        snprintf(cmd, sizeof(cmd), "%s run scenarios/%s.json --json -o %s", tu_mobsim(), figs[i],
                 out);
        snprintf(golden, sizeof(golden), "tests/golden/%s.json", figs[i]);
        CU_ASSERT_EQUAL(system(cmd), 0);
        CU_ASSERT(same_as_golden(out, golden));
        unlink(out);
    }
    rmdir(dir);
}

static void test_shipped_sweeps_give_their_golden_rows(void)
{
    static const char *const sweeps[] = {"sweep-offset", "sweep-tb", "sweep-th-tp",
                                         "sweep-poisson"};
    char dir[] = "/tmp/mobsim-golden-XXXXXX";
    CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
    for (size_t i = 0; i < sizeof(sweeps) / sizeof(sweeps[0]); i++) {
        char out[512], cmd[1024], golden[256], csv[600];
        snprintf(out, sizeof(out), "%s/%s", dir, sweeps[i]);
        snprintf(cmd, sizeof(cmd), "%s sweep scenarios/%s.json -o %s --no-plots > /dev/null",
                 tu_mobsim(), sweeps[i], out);
        snprintf(golden, sizeof(golden), "tests/golden/%s.csv", sweeps[i]);
        snprintf(csv, sizeof(csv), "%s/sweep.csv", out);
        CU_ASSERT_EQUAL(system(cmd), 0);
        CU_ASSERT(same_as_golden(csv, golden));
    }
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

/* The SHA-256 of a file as 64 hex digits in hex[65]; false when unreadable. */
static bool sha256_hex(const char *path, char hex[65])
{
    size_t n = 0;
    char *bytes = slurp(path, &n);
    if (!bytes)
        return false;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    bool ok = EVP_Digest(bytes, n, md, &mdlen, EVP_sha256(), NULL) == 1 && mdlen == 32;
    free(bytes);
    for (unsigned int i = 0; ok && i < mdlen; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return ok;
}

static void test_shipped_scenarios_write_their_golden_pcap_bytes(void)
{
    FILE *list = fopen("tests/golden/pcap.sha256", "r");
    CU_ASSERT_FATAL(list != NULL);
    char dir[] = "/tmp/mobsim-golden-XXXXXX";
    CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
    char want[80], name[128];
    int n_checked = 0;
    while (fscanf(list, "%79s %127s", want, name) == 2) {
        char out[512], cmd[1024], got[65] = "";
        snprintf(out, sizeof(out), "%s/%s.pcap", dir, name);
        snprintf(cmd, sizeof(cmd), "%s run scenarios/%s.json --pcap %s > /dev/null", tu_mobsim(),
                 name, out);
        CU_ASSERT_EQUAL(system(cmd), 0);
        CU_ASSERT(sha256_hex(out, got));
        if (strcmp(got, want) != 0)
            fprintf(stderr, "\n%s: pcap sha256 %s, golden %s\n", name, got, want);
        CU_ASSERT_STRING_EQUAL(got, want);
        unlink(out);
        n_checked++;
    }
    fclose(list);
    rmdir(dir);
    CU_ASSERT(n_checked >= 8); /* fig1, fig3..fig6, control, fig1-rfc6275 at least */
}

void suite_golden(void)
{
    ADD_SUITE("golden", TEST(test_figure_scenarios_give_their_golden_metrics),
              TEST(test_shipped_sweeps_give_their_golden_rows),
              TEST(test_shipped_scenarios_write_their_golden_pcap_bytes));
}
