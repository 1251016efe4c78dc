/* The HTML teaching demo (analysis/demo.h) as a reader meets it: one file
 * that opens in a browser without a network, steps through the run, and
 * shows the protocol state of each step. Driven in headless Chromium
 * (Debian's chromium, installed by scripts/install-deps: missing is a
 * failure, not a skip). A screenshot is left in build/test-out/. */
#include "analysis/demo.h"
#include "tests/analysis/viz_util.h"
#include "tests/testing.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct page {
    char dir[64];
    char path[128];
    msc_t *m;
    msc_opts_t o;
} page_t;

static bool page_open(page_t *p, const char *fig)
{
    memset(p, 0, sizeof(*p));
    if (!vz_tmpdir(p->dir, sizeof(p->dir)))
        return false;
    snprintf(p->path, sizeof(p->path), "%s/%s.html", p->dir, fig);
    p->m = vz_record(fig, MSC_KEEP_VIEWS);
    msc_opts_default(&p->o);
    FILE *f = fopen(p->path, "w");
    if (!p->m || !f) {
        if (f)
            fclose(f);
        return false;
    }
    int rc = demo_write_html(p->m, &p->o, f);
    return fclose(f) == 0 && rc == 0;
}

static void page_close(page_t *p)
{
    msc_destroy(p->m);
    unlink(p->path);
    rmdir(p->dir);
}

/* The DOM after the page's scripts ran, or a screenshot when `shot` is
 * given. query: "?step=25&click=next". */
static char *chromium(const page_t *p, const char *query, const char *extra, const char *shot)
{
    char profile[64], cmd[2048];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(profile, sizeof(profile)));
    snprintf(cmd, sizeof(cmd),
             "timeout 60 chromium --headless --no-sandbox --disable-gpu "
             "--disable-background-networking --disable-component-update --disable-sync "
             "--no-first-run --user-data-dir=%s %s %s%s 'file://%s%s' 2>/dev/null; "
             "rm -rf '%s'",
             profile, extra ? extra : "",
             shot ? "--hide-scrollbars --window-size=1400,1000 "
                    "--screenshot="
                  : "--dump-dom",
             shot ? shot : "", p->path, query, profile);
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    return out;
}

static size_t bu_death_step(const msc_t *m)
{
    const char *words[] = {"BU seq", "from A", "died at AR_B1", NULL};
    long s = msc_find_step(m, 0, words);
    CU_ASSERT_TRUE_FATAL(s >= 0);
    return (size_t)s;
}

/* No server, no network, no external assets: everything is inline. */
static void test_html_demo_is_one_self_contained_file(void)
{
    page_t p;
    CU_ASSERT_TRUE_FATAL(page_open(&p, "fig3"));
    char *html = vz_slurp(p.path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "var DATA={\"lanes\":[{\"x\":120.0,\"name\":\"A\"}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "],\"steps\":["));
    CU_ASSERT_PTR_NULL(strstr(html, " src="));
    CU_ASSERT_PTR_NULL(strstr(html, " href="));
    CU_ASSERT_PTR_NULL(strstr(html, "@import"));
    CU_ASSERT_PTR_NULL(strstr(html, "url("));
    /* the only URL is the SVG namespace name */
    CU_ASSERT_EQUAL(vz_count(html, "http"), vz_count(html, "http://www.w3.org/2000/svg"));
    /* one JSON step per demo step, each with the state panels' words */
    CU_ASSERT_EQUAL((size_t)vz_count(html, "{\"i\":"), demo_n_steps(p.m, &p.o));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "\"bce\":\"A at 2001:db8:a1::100 (A1), expires"));
    free(html);
    page_close(&p);
}

/* Figure 3 in the browser: at the step where A's BU dies at B's old AR,
 * the event says so, B's binding cache still holds A's old CoA, the BU's
 * arrow is drawn (with its cross) and B's later registration is not. */
static void test_html_demo_shows_state_after_bu_dies(void)
{
    CU_ASSERT_TRUE_FATAL(vz_have("chromium")); /* scripts/install-deps installs it */
    page_t p;
    CU_ASSERT_TRUE_FATAL(page_open(&p, "fig3"));
    size_t i = bu_death_step(p.m);
    size_t n = demo_step_of(p.m, &p.o, i);
    CU_ASSERT_TRUE_FATAL(n > 0);
    char q[64], want[256];
    snprintf(q, sizeof(q), "?step=%zu", n);
    char *dom = chromium(&p, q, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dom);
    snprintf(want, sizeof(want), "data-step=\"%zu\"", n);
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, want));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(dom, "id=\"step-text\">BU seq 2 from A for B died at AR_B1: stale-address"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, "<div id=\"event\" class=\"loss\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, "id=\"bce-B\">A at 2001:db8:a1::100 (A1), expires"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, "id=\"coa-A\">2001:db8:a2::100 (A2)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, "id=\"coa-B\">none: detached, moving to B2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, "id=\"bul-A\">to B: BU sent;"));
    /* the BU's hop ends at this step: drawn, highlighted */
    const msc_step_t *st = msc_step(p.m, i);
    const msc_hop_t *bu = msc_hop(p.m, (size_t)st->item);
    snprintf(want, sizeof(want), "class=\"hop lost cur\" data-s=\"%zu\" data-e=\"%zu\"",
             bu->step_sent, i);
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, want));
    /* B's home BU from B2 (later) is not drawn yet */
    int later = msc_find_hop(p.m, "B", "home BU seq 2", "HA_B", MSC_DELIVERED);
    CU_ASSERT_TRUE_FATAL(later >= 0);
    snprintf(want, sizeof(want), "class=\"hop fut\" data-s=\"%zu\"",
             msc_hop(p.m, (size_t)later)->step_sent);
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, want));
    free(dom);
    page_close(&p);
}

/* The buttons step and go back; play advances on its own. */
static void test_html_demo_buttons_and_play(void)
{
    CU_ASSERT_TRUE_FATAL(vz_have("chromium"));
    page_t p;
    CU_ASSERT_TRUE_FATAL(page_open(&p, "fig3"));
    size_t i = bu_death_step(p.m);
    size_t n = demo_step_of(p.m, &p.o, i);
    char q[96], want[256];
    snprintf(q, sizeof(q), "?step=%zu&click=next,next,back", n);
    char *dom = chromium(&p, q, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dom);
    snprintf(want, sizeof(want), "data-step=\"%zu\"", n + 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, want));
    snprintf(want, sizeof(want), "id=\"step-text\">%s<", msc_step(p.m, i + 1)->text);
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, want));
    free(dom);
    /* 700 ms per step: five seconds of (virtual) time play several steps */
    dom = chromium(&p, "#step=1&play=1", "--virtual-time-budget=5000", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dom);
    const char *at = strstr(dom, "data-step=\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    int step = atoi(at + strlen("data-step=\""));
    CU_ASSERT_TRUE(step >= 5);
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, "id=\"btn-play\""));
    free(dom);
    page_close(&p);
}

/* A screenshot of the step where the BU dies, for people to look at. */
static void test_html_demo_screenshot(void)
{
    CU_ASSERT_TRUE_FATAL(vz_have("chromium"));
    page_t p;
    CU_ASSERT_TRUE_FATAL(page_open(&p, "fig3"));
    size_t n = demo_step_of(p.m, &p.o, bu_death_step(p.m));
    mkdir("build", 0777);
    mkdir("build/test-out", 0777);
    const char *shot = "build/test-out/demo-fig3.png";
    unlink(shot);
    char q[64], abs[512];
    snprintf(q, sizeof(q), "?step=%zu", n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(abs, sizeof(abs) - 64));
    strcat(abs, "/");
    strcat(abs, shot);
    free(chromium(&p, q, NULL, abs));
    struct stat sb;
    CU_ASSERT_EQUAL_FATAL(stat(shot, &sb), 0);
    CU_ASSERT_TRUE(sb.st_size > 20000);
    page_close(&p);
}

void suite_demo_html(void)
{
    ADD_SUITE("analysis/demo-html", TEST(test_html_demo_is_one_self_contained_file),
              TEST(test_html_demo_shows_state_after_bu_dies), TEST(test_html_demo_buttons_and_play),
              TEST(test_html_demo_screenshot));
}
