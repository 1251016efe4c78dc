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

/* The page of scenarios/FIG.json, or of the world of cfg when given. */
static bool page_open_of(page_t *p, const char *fig, const mob_config_t *cfg)
{
    memset(p, 0, sizeof(*p));
    if (!vz_tmpdir(p->dir, sizeof(p->dir)))
        return false;
    snprintf(p->path, sizeof(p->path), "%s/%s.html", p->dir, fig);
    p->m = cfg ? vz_record_config(cfg, MSC_KEEP_VIEWS) : vz_record(fig, MSC_KEEP_VIEWS);
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

static bool page_open(page_t *p, const char *fig)
{
    return page_open_of(p, fig, NULL);
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

/* Four hosts where D has two correspondents (pairs A-B, A-D, C-D): when
 * D's binding cache takes C's new address, the panels show one cache and
 * BUL line per correspondent, each naming its peer; the page has the same
 * words under ids bce-D (the first correspondent) and bce-D-C. */
static void test_demo_panels_show_every_correspondent(void)
{
    mob_config_t c;
    vz_four_hosts(&c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mob_config_add_peer(&c));
    c.peers[1] = (mob_peer_t){.a = 0, .b = 3};
    c.peers[2] = (mob_peer_t){.a = 2, .b = 3};
    page_t p;
    bool opened = page_open_of(&p, "four", &c);
    mob_config_free(&c);
    CU_ASSERT_TRUE_FATAL(opened);
    const char *words[] = {"D: binding cache for C updated", NULL};
    long i = msc_find_step(p.m, 0, words);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    /* the step names C's own address, not the first correspondent's (A) */
    CU_ASSERT_STRING_EQUAL(msc_step(p.m, (size_t)i)->text,
                           "D: binding cache for C updated: C is at 2001:db8:a2::300 (A2)");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(demo_write_state(p.m, (size_t)i, f), 0);
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(buf, "D     CoA   2001:db8:b1::400 (B1)\n"
                    "      home  home BU seq 1 accepted\n"
                    "      cache A at 2001:db8:a2::100 (A2), expires 421.250 s\n"
                    "      BUL   to A: bound; home token yes, care-of token yes; BU seq 1\n"
                    "      cache C at 2001:db8:a2::300 (A2), expires 421.450 s\n"
                    "      BUL   to C: bound; home token yes, care-of token yes; BU seq 1\n"));
    /* A talks to B and D; B and C to one each */
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "BUL   to B: RR;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "BUL   to D: bound;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "cache D at 2001:db8:b1::400 (B1)"));
    CU_ASSERT_EQUAL(vz_count(buf, "      cache "), 6);
    CU_ASSERT_EQUAL(vz_count(buf, "      BUL   "), 6);
    free(buf);
    const mob_world_view_t *v = msc_step_view(p.m, (size_t)i);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(v->n_hosts, 4);
    CU_ASSERT_EQUAL(v->host[3].n_corr, 2);
    CU_ASSERT_EQUAL(v->host[3].n_corr_total, 2);
    CU_ASSERT_STRING_EQUAL(v->host[3].corr[1].peer, "C");
    CU_ASSERT_FALSE(v->host[3].corr[1].peer_stationary);

    CU_ASSERT_TRUE_FATAL(vz_have("chromium"));
    char q[64];
    snprintf(q, sizeof(q), "?step=%zu", demo_step_of(p.m, &p.o, (size_t)i));
    char *dom = chromium(&p, q, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dom);
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, "id=\"bce-D\">A at 2001:db8:a2::100 (A2), expires"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, "id=\"bce-D-C\">C at 2001:db8:a2::300 (A2), expires"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, "id=\"bul-D-C\">to C: bound;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, "id=\"bul-A-D\">to D: bound;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dom, "id=\"coa-C\">2001:db8:a2::300 (A2)"));
    free(dom);
    page_close(&p);
}

/* A stationary correspondent S (hand-filled view): no home registration,
 * no BUL, its cache holds A's binding; A's cache for S stays empty because
 * S never moves; correspondents beyond those shown are counted. */
static void test_panels_of_a_stationary_correspondent(void)
{
    mob_world_view_t v;
    memset(&v, 0, sizeof(v));
    v.n_hosts = v.n_hosts_total = 2;
    mob_host_view_t *a = &v.host[0], *s = &v.host[1];
    snprintf(a->name, sizeof(a->name), "A");
    a->attached = true;
    net_addr_parse("2001:db8:a::100", &a->hoa);
    net_addr_parse("2001:db8:a2::100", &a->coa);
    a->home_registered = true;
    a->home_seq = 2;
    a->n_corr = 1;
    a->n_corr_total = 3;
    snprintf(a->corr[0].peer, sizeof(a->corr[0].peer), "S");
    a->corr[0].peer_stationary = true;
    a->corr[0].cr_state = "bound";
    a->corr[0].have_home_token = a->corr[0].have_coa_token = true;
    a->corr[0].bu_seq = 3;
    snprintf(s->name, sizeof(s->name), "S");
    s->stationary = true;
    s->attached = true;
    net_addr_parse("2001:db8:c::5", &s->hoa);
    s->coa = s->hoa;
    s->n_corr = s->n_corr_total = 1;
    snprintf(s->corr[0].peer, sizeof(s->corr[0].peer), "A");
    s->corr[0].bce_valid = true;
    s->corr[0].bce_coa = a->coa;
    s->corr[0].bce_expires = SIM_S(420);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(demo_write_view(NULL, &v, f), 0);
    fclose(f);
    CU_ASSERT_STRING_EQUAL(buf,
                           "A     CoA   2001:db8:a2::100\n"
                           "      home  home BU seq 2 accepted\n"
                           "      cache empty (S is stationary: reached at its address)\n"
                           "      BUL   to S: bound; home token yes, care-of token yes; BU seq 3\n"
                           "      ...   and 2 more correspondents\n"
                           "S     CoA   2001:db8:c::5\n"
                           "      home  none: stationary correspondent, no home agent\n"
                           "      cache A at 2001:db8:a2::100, expires 420.000 s\n");
    free(buf);
}

void suite_demo_html(void)
{
    ADD_SUITE("analysis/demo-html", TEST(test_html_demo_is_one_self_contained_file),
              TEST(test_html_demo_shows_state_after_bu_dies), TEST(test_html_demo_buttons_and_play),
              TEST(test_html_demo_screenshot), TEST(test_demo_panels_show_every_correspondent),
              TEST(test_panels_of_a_stationary_correspondent));
}
