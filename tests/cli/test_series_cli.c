/* `mobsim run FILE --series F.csv`: data packets delivered per 10 ms bin
 * and direction. The counts add up to the run's delivered data, and they
 * show the paper's story: after Figure 1's handoffs nothing arrives under
 * baseline (every packet goes to a departed address), while Figure 4's
 * forwarders keep data flowing. Runs $MOBSIM from the repository root. */
#include "tests/analysis/viz_util.h"
#include "tests/testing.h"
#include "tests/util.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct sums {
    long rows, total, in_gap; /* in_gap: delivered in [1.1 s, 1.6 s) */
    double first_t, second_t;
} sums_t;

/* Runs fig with --series and --json; sums the series; *received is the
 * run's data.received. */
static char *run_series(const char *fig, const char *dir, sums_t *s, long *received)
{
    char cmd[1024], csv[128];
    snprintf(csv, sizeof(csv), "%s/%s.csv", dir, fig);
    snprintf(cmd, sizeof(cmd), "'%s' run scenarios/%s.json --json --series '%s' 2>/dev/null",
             tu_mobsim(), fig, csv);
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    cJSON *j = out ? cJSON_Parse(out) : NULL;
    const cJSON *data = cJSON_GetObjectItem(j, "data");
    *received = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(data, "received"));
    cJSON_Delete(j);
    free(out);
    char *text = vz_slurp(csv);
    memset(s, 0, sizeof(*s));
    for (char *line = text ? strchr(text, '\n') : NULL; line && line[1];
         line = strchr(line, '\n')) {
        double t;
        long ab, ba;
        line++;
        if (sscanf(line, "%lf,%ld,%ld", &t, &ab, &ba) != 3)
            break;
        if (s->rows == 0)
            s->first_t = t;
        if (s->rows == 1)
            s->second_t = t;
        s->rows++;
        s->total += ab + ba;
        if (t >= 1.1 && t < 1.6)
            s->in_gap += ab + ba;
    }
    unlink(csv);
    return text;
}

static void test_series_counts_every_delivery_and_shows_the_gap_after_the_handoffs(void)
{
    char dir[64];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    sums_t s;
    long received = -1;
    char *text = run_series("fig1", dir, &s, &received);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL(strncmp(text, "time_s,A_to_B,B_to_A\n", 21), 0);
    CU_ASSERT_EQUAL(s.rows, 6000); /* 60 s horizon in 10 ms bins */
    CU_ASSERT_DOUBLE_EQUAL(s.first_t, 0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s.second_t, 0.01, 1e-12);
    CU_ASSERT_EQUAL(s.total, received);
    CU_ASSERT_TRUE(received > 0);
    CU_ASSERT_EQUAL(s.in_gap, 0); /* baseline: both bindings broken */
    free(text);
    text = run_series("fig4", dir, &s, &received);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL(s.total, received);
    CU_ASSERT_TRUE(s.in_gap > 10); /* forwarding: the old CoAs forward */
    free(text);
    rmdir(dir);
}

void suite_series_cli(void)
{
    ADD_SUITE("series_cli",
              TEST(test_series_counts_every_delivery_and_shows_the_gap_after_the_handoffs));
}
