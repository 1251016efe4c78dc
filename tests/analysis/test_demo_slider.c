/* The slider page (analysis/demo_slider.h, `mobsim demo --interactive`):
 * its data without a browser (81 offsets x 4 schemes, each outcome the one
 * `mobsim run` gives at that offset), and the page driven in headless
 * Chromium through chromedriver (tests/analysis/slider_driver.py): the
 * verdict changes exactly at the edges of `mobsim window fig1`. The browser
 * test is skipped, saying so, when chromium or chromedriver is missing
 * (scripts/install-deps installs chromium-driver as an optional test dep). */
#include "analysis/demo_slider.h"
#include "tests/analysis/viz_util.h"
#include "tests/testing.h"
#include "tests/util.h"

#include <cjson/cJSON.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct slider_page {
    char dir[64], path[128];
    cJSON *meta; /* SLIDER, with "runs" */
} slider_page_t;

/* `mobsim demo fig1 --html P --interactive`, and its SLIDER data parsed. */
static bool slider_open(slider_page_t *p)
{
    memset(p, 0, sizeof(*p));
    if (!vz_tmpdir(p->dir, sizeof(p->dir)))
        return false;
    snprintf(p->path, sizeof(p->path), "%s/slider.html", p->dir);
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "%s demo fig1 --html %s --interactive 2>&1", tu_mobsim(), p->path);
    int st;
    free(vz_run(cmd, &st));
    CU_ASSERT_EQUAL(st, 0);
    char *html = vz_slurp(p->path);
    if (!html)
        return false;
    char *a = strstr(html, "var SLIDER="), *b = a ? strstr(a, ";\nSLIDER.runs=") : NULL;
    char *c = b ? strstr(b, "];\nvar CHARTS=") : NULL;
    bool ok = a && b && c;
    if (ok) {
        *b = 0;
        c[1] = 0;
        p->meta = cJSON_Parse(a + strlen("var SLIDER="));
        cJSON *runs = cJSON_Parse(b + strlen(";\nSLIDER.runs="));
        ok = p->meta && runs && cJSON_AddItemToObject(p->meta, "runs", runs);
    }
    free(html);
    return ok;
}

static void slider_close(slider_page_t *p)
{
    cJSON_Delete(p->meta);
    unlink(p->path);
    rmdir(p->dir);
}

/* The page holds 4 schemes x 81 offsets, -400 ms .. +400 ms in 10 ms, and
 * every run's outcome is `mobsim run fig1 --set scheme=S --set
 * moves[1].at=T --json`'s, key for key. */
static void test_slider_page_holds_every_run_as_mobsim_run_gives_it(void)
{
    slider_page_t p;
    CU_ASSERT_TRUE_FATAL(slider_open(&p));
    const cJSON *runs = cJSON_GetObjectItem(p.meta, "runs");
    const cJSON *schemes = cJSON_GetObjectItem(p.meta, "schemes");
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(runs), 4);
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(schemes), 4);
    static const char *const keys[] = {"restored",  "restored_at", "restore_time",  "last_detach",
                                       "signaling", "lost",        "lost_unlisted", "data"};
    int compared = 0, restored = 0;
    for (int s = 0; s < 4; s++) {
        const cJSON *row = cJSON_GetArrayItem(runs, s);
        const char *name = cJSON_GetArrayItem(schemes, s)->valuestring;
        CU_ASSERT_STRING_EQUAL(name, mob_scheme_name((mob_scheme_t)s));
        CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(row), 81);
        for (int k = 0; k < 81; k++) {
            const cJSON *r = cJSON_GetArrayItem(row, k);
            int off = cJSON_GetObjectItem(r, "offset_ms")->valueint;
            CU_ASSERT_EQUAL(off, -400 + 10 * k);
            char cmd[512];
            snprintf(cmd, sizeof(cmd),
                     "%s run fig1 --set scheme=%s --set 'moves[1].at=%dms' --json", tu_mobsim(),
                     name, 1000 + off);
            int st;
            char *out = vz_run(cmd, &st);
            CU_ASSERT_EQUAL(st, 0);
            cJSON *want = out ? cJSON_Parse(out) : NULL;
            free(out);
            CU_ASSERT_PTR_NOT_NULL_FATAL(want);
            for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
                bool same = cJSON_Compare(cJSON_GetObjectItem(r, keys[i]),
                                          cJSON_GetObjectItem(want, keys[i]), true);
                if (!same)
                    fprintf(stderr, "\n  %s at %+d ms: %s differs from mobsim run\n", name, off,
                            keys[i]);
                CU_ASSERT_TRUE(same);
            }
            bool is_restored = cJSON_IsNumber(cJSON_GetObjectItem(want, "restore_time"));
            CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(r, "verdict")->valuestring,
                                   is_restored ? "restored" : "not restored");
            restored += is_restored;
            compared++;
            cJSON_Delete(want);
        }
    }
    CU_ASSERT_EQUAL(compared, 324);
    /* the slider shows both outcomes: fig1's baseline loses inside its window */
    CU_ASSERT_TRUE(restored > 0 && restored < 324);
    slider_close(&p);
}

/* The window bar is `mobsim window fig1`'s analytic window. */
static void test_slider_window_is_mobsim_windows(void)
{
    slider_page_t p;
    CU_ASSERT_TRUE_FATAL(slider_open(&p));
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "%s window fig1", tu_mobsim());
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    const char *line = strstr(out, "analytic   [");
    CU_ASSERT_PTR_NOT_NULL_FATAL(line);
    int lo, hi;
    CU_ASSERT_EQUAL_FATAL(sscanf(line, "analytic   [%dms, %dms]", &lo, &hi), 2);
    const cJSON *w = cJSON_GetObjectItem(p.meta, "window");
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(w), 1);
    CU_ASSERT_EQUAL(cJSON_GetArrayItem(cJSON_GetArrayItem(w, 0), 0)->valueint, lo);
    CU_ASSERT_EQUAL(cJSON_GetArrayItem(cJSON_GetArrayItem(w, 0), 1)->valueint, hi);
    free(out);
    slider_close(&p);
}

/* --interactive is a page: without --html one usage line, status 2, and
 * a scenario the slider cannot move is refused the same way. */
static void test_interactive_without_html_is_a_usage_error(void)
{
    char cmd[512];
    int st;
    snprintf(cmd, sizeof(cmd), "%s demo fig1 --interactive 2>&1", tu_mobsim());
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(vz_count(out, "\n"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--interactive needs --html F"));
    free(out);
    snprintf(cmd, sizeof(cmd), "%s demo multi --html /tmp/mobsim-no-slider.html --interactive 2>&1",
             tu_mobsim());
    out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 2);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "--interactive: expected two hosts"));
    CU_ASSERT_NOT_EQUAL(access("/tmp/mobsim-no-slider.html", F_OK), 0);
    free(out);
}

/* In the browser: slider moved by arrow keys from -400 ms to +400 ms under
 * the baseline; the verdict flips exactly between the grid offsets on
 * either side of each window edge, nowhere else. */
static void test_browser_slider_verdict_changes_at_the_window_edges(void)
{
    if (!vz_have("chromium") || !vz_have("chromedriver") || !vz_have("python3")) {
        fprintf(stderr, "\n  skipped: the slider browser test needs chromium, chromedriver "
                        "(Debian chromium-driver) and python3\n");
        return;
    }
    slider_page_t p;
    CU_ASSERT_TRUE_FATAL(slider_open(&p));
    const cJSON *iv = cJSON_GetArrayItem(cJSON_GetObjectItem(p.meta, "window"), 0);
    int lo = cJSON_GetArrayItem(iv, 0)->valueint, hi = cJSON_GetArrayItem(iv, 1)->valueint;
    mkdir("build", 0777);
    mkdir("build/test-out", 0777);
    char cmd[768], abs[512];
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(abs, sizeof(abs) - 64));
    snprintf(cmd, sizeof(cmd),
             "timeout 120 python3 tests/analysis/slider_driver.py %s %s/build/test-out 2>&1",
             p.path, abs);
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (st != 0)
        fprintf(stderr, "\n%s\n", out);
    /* lines "OFFSET VERDICT" for the baseline, -400 .. 400 */
    int n = 0, changes = 0, prev_in = -1;
    char prev[32] = "";
    for (const char *l = out; (l = strstr(l, "baseline ")) != NULL; l++) {
        int off;
        char v1[16], v2[16];
        int got = sscanf(l, "baseline %d %15s %15s", &off, v1, v2);
        if (got < 2)
            continue;
        char verdict[32];
        snprintf(verdict, sizeof(verdict), "%s%s%s", v1, got == 3 && !strcmp(v1, "not") ? " " : "",
                 got == 3 && !strcmp(v1, "not") ? v2 : "");
        CU_ASSERT_EQUAL(off, -400 + 10 * n);
        bool in = off >= lo && off <= hi;
        CU_ASSERT_STRING_EQUAL(verdict, in ? "not restored" : "restored");
        if (n > 0 && strcmp(prev, verdict) != 0) {
            changes++;
            CU_ASSERT_NOT_EQUAL((int)in, prev_in); /* a change only across an edge */
        }
        snprintf(prev, sizeof(prev), "%s", verdict);
        prev_in = in;
        n++;
    }
    CU_ASSERT_EQUAL(n, 81);
    CU_ASSERT_EQUAL(changes, 2);
    /* the scheme selector: hoa-signaling (T_b 300 ms > 160 ms) restores at 0 */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "hoa-signaling 0 restored"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "chart ready"));
    free(out);
    struct stat sb;
    CU_ASSERT_EQUAL(stat("build/test-out/slider-baseline-0.png", &sb), 0);
    slider_close(&p);
}

void suite_demo_slider(void)
{
    ADD_SUITE("analysis/demo-slider", TEST(test_slider_page_holds_every_run_as_mobsim_run_gives_it),
              TEST(test_slider_window_is_mobsim_windows),
              TEST(test_interactive_without_html_is_a_usage_error),
              TEST(test_browser_slider_verdict_changes_at_the_window_edges));
}
