/* Message sequence charts drawn from real traces (analysis/msc.h): the
 * paper's figures must show what the simulation did - which message died
 * where, when and why, which copy a home agent re-forwarded - and the SVG
 * must be well-formed XML that any viewer opens. */
#include "analysis/msc.h"
#include "models/mh.h"
#include "tests/analysis/viz_util.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

#include <string.h>
#include <unistd.h>

static char *svg_of(const msc_t *m, const msc_opts_t *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(msc_write_svg(m, o, f), 0);
    fclose(f);
    return buf;
}

static const msc_hop_t *lost_hop(const msc_t *m, const char *origin, const char *label,
                                 const char *where)
{
    int i = msc_find_hop(m, origin, label, where, MSC_LOST);
    return i >= 0 ? msc_hop(m, (size_t)i) : NULL;
}

/* Figure 1: A's and B's HoTI and CoTI chase the other's old care-of address
 * and die at the old access routers, A's at AR_B1, B's at AR_A1. */
static void test_fig1_rr_messages_end_in_crosses_at_old_access_routers(void)
{
    msc_t *m = vz_record("fig1", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    const msc_hop_t *h = lost_hop(m, "A", "CoTI", "AR_B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT_STRING_EQUAL(h->why, "stale-address");
    CU_ASSERT_STRING_EQUAL(msc_node_name(m, h->from), "A");
    CU_ASSERT_EQUAL(h->sent_at, SIM_MS(1100));
    CU_ASSERT_EQUAL(h->end_at, SIM_MS(1130));
    /* A's HoTI: reverse tunnel to HA_A, then HA_A's hop dies at AR_B1 */
    h = lost_hop(m, "A", "HoTI", "AR_B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT_STRING_EQUAL(h->why, "stale-address");
    CU_ASSERT_STRING_EQUAL(msc_node_name(m, h->from), "HA_A");
    CU_ASSERT_EQUAL(h->sent_at, SIM_MS(1130));
    CU_ASSERT_EQUAL(h->end_at, SIM_MS(1160));
    CU_ASSERT_TRUE_FATAL(h->parent >= 0);
    const msc_hop_t *tunnel = msc_hop(m, (size_t)h->parent);
    CU_ASSERT_STRING_EQUAL(msc_node_name(m, tunnel->from), "A");
    CU_ASSERT_STRING_EQUAL(msc_node_name(m, tunnel->to), "HA_A");
    CU_ASSERT_TRUE(tunnel->is_tunnel);
    CU_ASSERT_EQUAL(tunnel->fate, MSC_DELIVERED);
    /* B's, the mirror image, at AR_A1 */
    h = lost_hop(m, "B", "CoTI", "AR_A1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT_STRING_EQUAL(h->why, "stale-address");
    CU_ASSERT_EQUAL(h->sent_at, SIM_MS(1130));
    CU_ASSERT_EQUAL(h->end_at, SIM_MS(1160));
    h = lost_hop(m, "B", "HoTI", "AR_A1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT_STRING_EQUAL(msc_node_name(m, h->from), "HA_B");
    CU_ASSERT_EQUAL(h->end_at, SIM_MS(1190));

    msc_opts_t o;
    msc_opts_default(&o);
    char *svg = svg_of(m, &o);
    /* every lost hop is drawn with its cross and reason, said in its title */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(svg, "CoTI from A for B: A \xe2\x86\x92 AR_B1, sent 1.100 s, lost 1.130 s at AR_B1: "
                    "stale-address"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        svg, "HoTI from A for B: HA_A \xe2\x86\x92 AR_B1, sent 1.130 s, lost 1.160 s at AR_B1: "
             "stale-address"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(svg, "CoTI from B for A: B \xe2\x86\x92 AR_A1, sent 1.130 s, lost 1.160 s at AR_A1: "
                    "stale-address"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        svg, "HoTI from B for A: HA_B \xe2\x86\x92 AR_A1, sent 1.160 s, lost 1.190 s at AR_A1: "
             "stale-address"));
    /* the first round and the first retransmissions (1 s later) are in the
     * default window; each lost hop ends in a cross with its reason */
    CU_ASSERT_EQUAL(vz_count(svg, "<g class=\"hop lost\""), 8);
    CU_ASSERT_EQUAL(vz_count(svg, "class=\"why\">stale-address<"), 8);
    /* handoffs shaded on both movers' lifelines */
    CU_ASSERT_EQUAL(vz_count(svg, "<g class=\"handoff\""), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "A: handoff A1 \xe2\x86\x92 A2, L2 detach 1.000 s, CoA "
                                       "usable 1.100 s"));
    free(svg);
    msc_destroy(m);
}

/* Lifelines in the order of the paper's story: A, A's old AR, the home
 * agents, B's old AR, B; routers nobody used are left out. */
static void test_fig1_lifelines_in_story_order(void)
{
    msc_t *m = vz_record("fig1", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    msc_opts_t o;
    msc_opts_default(&o);
    int order[16];
    int n = msc_lifelines(m, &o, order, 16);
    const char *want[] = {"A", "AR_A1", "HA_A", "HA_B", "AR_B1", "B"};
    CU_ASSERT_EQUAL_FATAL(n, 6);
    for (int i = 0; i < n; i++)
        CU_ASSERT_STRING_EQUAL(msc_node_name(m, order[i]), want[i]);
    /* the headers appear left to right in the SVG */
    char *svg = svg_of(m, &o);
    const char *p = svg;
    for (int i = 0; i < n; i++) {
        char head[64];
        snprintf(head, sizeof(head), "font-weight=\"bold\">%s</text>", want[i]);
        const char *q = strstr(p, head);
        CU_ASSERT_PTR_NOT_NULL_FATAL(q);
        p = q;
    }
    free(svg);
    msc_destroy(m);
}

/* Figure 6: HA_B keeps a copy of A's CoTI (T_b) and re-forwards it to B's
 * new CoA when B's home BU arrives. */
static void test_fig6_chart_marks_ha_reforwarding(void)
{
    msc_t *m = vz_record("fig6", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    int ha_b = msc_node_by_name(m, "HA_B");
    const msc_mark_t *re = NULL;
    for (size_t i = 0; i < msc_n_marks(m) && !re; i++) {
        const msc_mark_t *k = msc_mark(m, i);
        if (k->kind == MSC_MARK_SCHEME && strcmp(k->what, "HA re-forwarded") == 0)
            re = k;
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(re);
    CU_ASSERT_EQUAL(re->node, ha_b);
    CU_ASSERT_EQUAL(re->at, SIM_MS(1160));
    CU_ASSERT_EQUAL(re->code, MH_COTI);
    CU_ASSERT_STRING_EQUAL(re->text, "HA re-forwarded CoTI");
    /* the copy: kept from 1.130 s (tunneled to B's old CoA) to 1.160 s */
    const msc_hold_t *kept = NULL;
    for (size_t i = 0; i < msc_n_holds(m) && !kept; i++)
        if (msc_hold(m, i)->node == ha_b && msc_hold(m, i)->code == MH_COTI)
            kept = msc_hold(m, i);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kept);
    CU_ASSERT_EQUAL(kept->from, SIM_MS(1130));
    CU_ASSERT_EQUAL(kept->until, SIM_MS(1160));
    CU_ASSERT_STRING_EQUAL(kept->end, "re-forwarded");
    CU_ASSERT_EQUAL(kept->n_resent, 1);
    /* the tunneled copy that died at AR_B1, and the re-forwarded one that
     * reached B, both continue A's CoTI */
    const msc_hop_t *dead = lost_hop(m, "A", "CoTI", "AR_B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(dead);
    CU_ASSERT_EQUAL(dead->end_at, SIM_MS(1160));
    int i = msc_find_hop(m, "A", "CoTI", "B", MSC_DELIVERED);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    const msc_hop_t *h = msc_hop(m, (size_t)i);
    CU_ASSERT_EQUAL(h->from, ha_b);
    CU_ASSERT_EQUAL(h->sent_at, SIM_MS(1160));
    CU_ASSERT_EQUAL(h->end_at, SIM_MS(1190));
    CU_ASSERT_TRUE(h->is_tunnel);
    CU_ASSERT_EQUAL(h->parent, kept->hop);

    msc_opts_t o;
    msc_opts_default(&o);
    char *svg = svg_of(m, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">HA re-forwarded CoTI</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "HA_B keeps A's CoTI (HA copy (T_b)), then re-forwarded"));
    free(svg);
    msc_destroy(m);
}

static void check_xml(const msc_t *m, const msc_opts_t *o, const char *dir, const char *name)
{
    char path[512], cmd[1024];
    snprintf(path, sizeof(path), "%s/%s.svg", dir, name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(msc_write_svg(m, o, f), 0);
    CU_ASSERT_EQUAL(fclose(f), 0);
    snprintf(cmd, sizeof(cmd), "xmllint --noout '%s' 2>&1", path);
    int st;
    char *out = vz_run(cmd, &st);
    if (st != 0)
        fprintf(stderr, "\n%s: %s\n", path, out);
    CU_ASSERT_EQUAL(st, 0);
    free(out);
    unlink(path);
}

/* Every figure's SVG - plain, interactive (the HTML demo's) and with data -
 * parses as XML. */
static void test_svg_of_every_figure_is_well_formed_xml(void)
{
    CU_ASSERT_TRUE_FATAL(vz_have("xmllint")); /* scripts/install-deps: libxml2-utils */
    char dir[64];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    const char *figs[] = {"fig1", "fig3", "fig4", "fig5", "fig6"};
    for (size_t i = 0; i < sizeof(figs) / sizeof(figs[0]); i++) {
        msc_t *m = vz_record(figs[i], MSC_KEEP_DATA);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        msc_opts_t o;
        msc_opts_default(&o);
        check_xml(m, &o, dir, figs[i]);
        o.interactive = true;
        o.data_every = 4;
        check_xml(m, &o, dir, figs[i]);
        msc_destroy(m);
    }
    rmdir(dir);
}

/* The default window runs from just before the first handoff to shortly
 * after both bindings are restored, or 3 s after the later handoff. */
static void test_default_window_follows_the_story(void)
{
    msc_opts_t o;
    msc_opts_default(&o);
    sim_time_t from, to;
    msc_t *m = vz_record("fig1", 0); /* never restored */
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    msc_window(m, &o, &from, &to);
    CU_ASSERT_EQUAL(from, SIM_MS(950));
    CU_ASSERT_EQUAL(to, SIM_MS(4030));
    msc_destroy(m);
    m = vz_record("fig6", 0); /* restored at 1.38 s (B to A) and 1.41 s (A to B) */
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    msc_window(m, &o, &from, &to);
    CU_ASSERT_EQUAL(from, SIM_MS(950));
    CU_ASSERT_EQUAL(to, SIM_MS(1410) + SIM_MS(150));
    /* a window given by the caller is obeyed */
    o.from = SIM_MS(1100);
    o.to = SIM_MS(1200);
    size_t a, b;
    msc_step_range(m, &o, &a, &b);
    CU_ASSERT_TRUE_FATAL(b > a);
    CU_ASSERT_EQUAL(msc_step(m, a)->at, SIM_MS(1100));
    for (size_t i = a; i < b; i++)
        CU_ASSERT_TRUE(msc_step(m, i)->at <= SIM_MS(1250)); /* ends of hops sent by 1.2 s */
    char *svg = svg_of(m, &o);
    CU_ASSERT_PTR_NULL(strstr(svg, ">1.000 s</text>")); /* A's detach: before the window */
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">1.100 s</text>"));
    CU_ASSERT_PTR_NULL(strstr(svg, ">BU seq 2</text>")); /* A's BU to B leaves at 1.32 s */
    free(svg);
    msc_destroy(m);
}

/* A second of silence between the first round and the retransmissions is
 * cut out and labelled, unless the caller asks for a true scale. */
static void test_idle_stretches_are_cut_and_labelled(void)
{
    msc_t *m = vz_record("fig1", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    msc_opts_t o;
    msc_opts_default(&o);
    char *cut = svg_of(m, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(cut, "910 ms without messages in flight"));
    o.gap = -1;
    char *full = svg_of(m, &o);
    CU_ASSERT_PTR_NULL(strstr(full, "without messages in flight"));
    int h_cut = 0, h_full = 0;
    CU_ASSERT_EQUAL(sscanf(strstr(cut, "height=\""), "height=\"%d", &h_cut), 1);
    CU_ASSERT_EQUAL(sscanf(strstr(full, "height=\""), "height=\"%d", &h_full), 1);
    CU_ASSERT_TRUE(h_full > h_cut + 2000); /* 910 ms at 3 px/ms */
    free(cut);
    free(full);
    msc_destroy(m);
}

/* Data packets: recorded on request, hidden unless asked for, then thinned
 * to every N-th packet of each host (with all its later hops). */
static void test_data_hidden_by_default_and_thinned_on_request(void)
{
    msc_t *m = vz_record("fig1", MSC_KEEP_DATA);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    msc_opts_t o;
    msc_opts_default(&o);
    char *svg = svg_of(m, &o);
    CU_ASSERT_EQUAL(vz_count(svg, "class=\"hop data\""), 0);
    free(svg);
    size_t n_data = 0, n = msc_n_hops(m);
    bool *all = calloc(n, sizeof(*all)), *thin = calloc(n, sizeof(*thin));
    CU_ASSERT_PTR_NOT_NULL_FATAL(all);
    CU_ASSERT_PTR_NOT_NULL_FATAL(thin);
    o.data_every = 1;
    msc_shown(m, &o, all, NULL);
    o.data_every = 5;
    msc_shown(m, &o, thin, NULL);
    size_t n_all = 0, n_thin = 0;
    for (size_t i = 0; i < n; i++) {
        const msc_hop_t *h = msc_hop(m, i);
        n_data += h->is_data;
        n_all += h->is_data && all[i];
        n_thin += h->is_data && thin[i];
        if (thin[i] && h->parent >= 0)
            CU_ASSERT_TRUE(thin[h->parent]); /* a shown hop's earlier hops are shown */
    }
    CU_ASSERT_TRUE(n_all > 300); /* 50 packets/s each way over ~3 s */
    CU_ASSERT_TRUE(n_thin * 5 >= n_all - 10 && n_thin * 5 <= n_all + 10);
    svg = svg_of(m, &o);
    CU_ASSERT_EQUAL((size_t)vz_count(svg, " data\"><title>"), n_thin); /* "hop (lost) data" */
    free(svg);
    free(all);
    free(thin);
    msc_destroy(m);
}

static char *text_of(int (*write)(const msc_t *, const msc_opts_t *, FILE *), const msc_t *m,
                     const msc_opts_t *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(write(m, o, f), 0);
    fclose(f);
    return buf;
}

static void test_mscgen_text_of_fig1(void)
{
    msc_t *m = vz_record("fig1", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    msc_opts_t o;
    msc_opts_default(&o);
    char *t = text_of(msc_write_mscgen, m, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "msc {"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"A\", \"AR_A1\", \"HA_A\", \"HA_B\", \"AR_B1\", \"B\";"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"A\" => \"AR_B1\" [label=\"CoTI  1.100 .. 1.130  X LOST at "
                                     "AR_B1: stale-address\", linecolour=\"red\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"HA_B\" => \"AR_A1\" [label=\"HoTI  1.160 .. 1.190  X LOST "
                                     "at AR_A1: stale-address\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"A\" >> \"HA_A\" [label=\"HoTI (tunnel)  1.100 .. 1.130\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"A\" abox \"A\" [label=\"L2 detach  1.000\"]"));
    CU_ASSERT_EQUAL(vz_count(t, "... [label=\"0.910 s without messages in flight\"]"), 1);
    /* arcs in the order things happened: A's CoTI died before B's */
    CU_ASSERT_TRUE(strstr(t, "\"A\" => \"AR_B1\"") < strstr(t, "\"B\" => \"AR_A1\""));
    free(t);
    msc_destroy(m);
}

/* noinline: GCC 12 otherwise mistakes the returned buffer for a local */
__attribute__((noinline)) static char *ascii_at(const msc_t *m, size_t step, int width)
{
    msc_opts_t o;
    msc_opts_default(&o);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(msc_write_ascii(m, &o, step, width, 100, f), 0);
    fclose(f);
    return buf;
}

/* The terminal's partial chart: what happened up to the step, no more. */
static void test_ascii_chart_stops_at_the_step(void)
{
    msc_t *m = vz_record("fig1", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    const char *words[] = {"CoTI from A", "died at AR_B1", NULL};
    long s = msc_find_step(m, 0, words);
    CU_ASSERT_TRUE_FATAL(s >= 0);
    CU_ASSERT_EQUAL(msc_step(m, (size_t)s)->at, SIM_MS(1130));
    CU_ASSERT_TRUE(msc_step(m, (size_t)s)->is_loss);
    char *t = ascii_at(m, (size_t)s, 110);
    /* the current row is the loss, marked '>', drawn from A's column to an
     * x on AR_B1's */
    const char *cur = strstr(t, "\n>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cur);
    CU_ASSERT_PTR_NOT_NULL(strstr(cur, "CoTI----"));
    CU_ASSERT_PTR_NOT_NULL(strstr(cur, "x"));
    CU_ASSERT_PTR_NOT_NULL(strstr(cur, "CoTI LOST: stale-address"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "A: L2 detach"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "HA_A: home binding: A at A2"));
    /* later events are not there yet; what is under way is listed */
    CU_ASSERT_PTR_NULL(strstr(t, "HA_B: home binding"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "in flight: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "HoTI HA_A->B (1.130)"));
    /* no line is wider than asked */
    for (const char *p = t, *nl; (nl = strchr(p, '\n')); p = nl + 1)
        CU_ASSERT_TRUE(nl - p <= 110);
    free(t);
    msc_destroy(m);
}

/* Figure 3 step by step: when A's BU dies at B's old AR, B's binding cache
 * still holds A's old care-of address; A thinks its BU is on its way. */
static void test_fig3_state_after_the_bu_dies(void)
{
    msc_t *m = vz_record("fig3", MSC_KEEP_VIEWS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    const char *words[] = {"BU seq", "from A", "died at AR_B1", NULL};
    long s = msc_find_step(m, 0, words);
    CU_ASSERT_TRUE_FATAL(s >= 0);
    const mob_world_view_t *v = msc_step_view(m, (size_t)s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    /* one correspondent each: the other host */
    CU_ASSERT_EQUAL_FATAL(v->host[1].n_corr, 1);
    CU_ASSERT_EQUAL_FATAL(v->host[0].n_corr, 1);
    CU_ASSERT_STRING_EQUAL(v->host[1].corr[0].peer, "A");
    CU_ASSERT_STRING_EQUAL(v->host[0].corr[0].peer, "B");
    CU_ASSERT_FALSE(v->host[0].stationary);
    CU_ASSERT_TRUE(v->host[1].corr[0].bce_valid);
    char a[NET_ADDR_STRLEN];
    CU_ASSERT_STRING_EQUAL(net_addr_format(&v->host[1].corr[0].bce_coa, a, sizeof(a)),
                           "2001:db8:a1::100");
    CU_ASSERT_STRING_EQUAL(net_addr_format(&v->host[0].coa, a, sizeof(a)), "2001:db8:a2::100");
    CU_ASSERT_STRING_EQUAL(v->host[0].corr[0].cr_state, "BU sent");
    CU_ASSERT_FALSE(v->host[1].attached);
    /* the state after "CoA usable" already holds the new address */
    const char *coa[] = {"A: CoA usable", NULL};
    long c = msc_find_step(m, 0, coa);
    CU_ASSERT_TRUE_FATAL(c >= 0);
    v = msc_step_view(m, (size_t)c);
    CU_ASSERT_TRUE(v->host[0].attached);
    CU_ASSERT_STRING_EQUAL(net_addr_format(&v->host[0].coa, a, sizeof(a)), "2001:db8:a2::100");
    msc_destroy(m);
}

/* Odd runs: moves during a handoff, a third network, lossy links, ICMP
 * errors, strict RFC 6275 routing, data kept. Every writer copes with all
 * of it at every step (ASan/UBSan watch), and the SVG stays XML. */
static void test_writers_survive_messy_runs(void)
{
    CU_ASSERT_TRUE_FATAL(vz_have("xmllint"));
    char dir[64];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    for (int variant = 0; variant < 3; variant++) {
        mob_config_t c;
        fx_config(&c);
        c.scheme = (mob_scheme_t)(variant + 1);
        c.loss = 0.05 * variant;
        c.icmp_unreachable = variant == 1;
        c.mh_routing = variant == 2 ? MOB_MH_RFC6275 : MOB_MH_BINDING_CACHE;
        c.horizon = SIM_S(8);
        fx_move(&c, 0, SIM_S(1), NET_A2);
        fx_move(&c, 0, SIM_MS(1060), NET_A3); /* again, mid-handoff */
        fx_move(&c, 1, SIM_MS(1040), NET_B2);
        fx_move(&c, 1, SIM_MS(2500), NET_B1); /* and back */
        sim_t *sim = sim_create((sim_stream_id_t){7, 0, (uint64_t)variant});
        mob_world_t *w = NULL;
        msc_t *m = NULL;
        sim_err_t err = {0};
        CU_ASSERT_EQUAL_FATAL(mob_world_create(&c, sim, &w, &err), 0);
        CU_ASSERT_EQUAL_FATAL(msc_create(sim, w, MSC_KEEP_DATA | MSC_KEEP_VIEWS, &m), 0);
        CU_ASSERT_EQUAL_FATAL(mob_world_run(w), 0);
        CU_ASSERT_EQUAL_FATAL(msc_finish(m), 0);
        mob_world_destroy(w);
        sim_destroy(sim);
        CU_ASSERT_TRUE(msc_n_handoffs(m) == 4);
        msc_opts_t o;
        msc_opts_default(&o);
        o.data_every = 3;
        o.interactive = true;
        check_xml(m, &o, dir, "messy");
        o.from = 0;
        o.to = SIM_S(8);
        check_xml(m, &o, dir, "messy-all");
        FILE *null = fopen("/dev/null", "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(null);
        CU_ASSERT_EQUAL(msc_write_mscgen(m, &o, null), 0);
        size_t a, b;
        msc_step_range(m, &o, &a, &b);
        CU_ASSERT_TRUE(b > a);
        for (size_t i = a; i < b; i += 7)
            CU_ASSERT_EQUAL(msc_write_ascii(m, &o, i, 80, 20, null), 0);
        fclose(null);
        /* every hop's fate agrees with where it ended */
        for (size_t i = 0; i < msc_n_hops(m); i++) {
            const msc_hop_t *h = msc_hop(m, i);
            if (h->fate == MSC_LOST)
                CU_ASSERT_TRUE(h->to >= 0 && h->why[0]);
            if (h->fate == MSC_DELIVERED)
                CU_ASSERT_TRUE(h->to >= 0 && h->end_at >= h->sent_at);
            if (h->parent >= 0)
                CU_ASSERT_TRUE((size_t)h->parent < i &&
                               msc_hop(m, (size_t)h->parent)->to == h->from);
        }
        msc_destroy(m);
        mob_config_free(&c);
    }
    rmdir(dir);
}

/* ---------------------------------------------------------- many hosts */

/* Four mobile hosts, two pairs (vz_four_hosts()): one lifeline per node that
 * takes part, each pair's hosts on opposite sides with their own routers
 * beside them (routers A and C share stand once, with A), every handoff
 * band on its own host's lifeline, and the SVG is XML. */
static void test_four_host_chart_has_a_lifeline_per_node_and_a_band_per_handoff(void)
{
    mob_config_t c;
    vz_four_hosts(&c);
    msc_t *m = vz_record_config(&c, 0);
    mob_config_free(&c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    msc_opts_t o;
    msc_opts_default(&o);
    int order[64];
    int n = msc_lifelines(m, &o, order, 64);
    char got[512] = "";
    for (int i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? " " : "",
                 msc_node_name(m, order[i]));
    /* (the new ARs only pass packets on: they take no part in this chart) */
    CU_ASSERT_STRING_EQUAL(got, "A AR_A1 HA_A C HA_B AR_B1 B D");

    /* a handoff per moving host, on that host's column */
    CU_ASSERT_EQUAL_FATAL(msc_n_handoffs(m), 3);
    char *svg = svg_of(m, &o);
    CU_ASSERT_EQUAL(vz_count(svg, "<g class=\"handoff\""), 3);
    static const struct {
        const char *host;
        int col;
    } bands[] = {{"A", 0}, {"B", 6}, {"C", 3}};
    for (size_t i = 0; i < sizeof(bands) / sizeof(bands[0]); i++) {
        char title[64], rect[64];
        snprintf(title, sizeof(title), "<title>%s: handoff ", bands[i].host);
        snprintf(rect, sizeof(rect), "<rect x=\"%.1f\"", msc_svg_column_x(bands[i].col) - 11);
        const char *t = strstr(svg, title);
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        const char *r = strstr(t, "<rect ");
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT_EQUAL(strncmp(r, rect, strlen(rect)), 0);
    }
    /* D never moves: no band under its name */
    CU_ASSERT_PTR_NULL(strstr(svg, "<title>D: handoff"));
    /* the chart grows with its lifelines: the last one's head fits */
    double width = 0;
    const char *sv = strstr(svg, "<svg ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL(sscanf(strstr(sv, "width=\""), "width=\"%lf\"", &width), 1);
    CU_ASSERT_TRUE(width >= msc_svg_column_x(n - 1) + 56);
    /* the binding cache mark of C's correspondent names C at its new network */
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "binding cache: C at A2"));
    free(svg);

    CU_ASSERT_TRUE_FATAL(vz_have("xmllint"));
    char dir[64];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    check_xml(m, &o, dir, "four");
    o.interactive = true;
    o.data_every = 5;
    check_xml(m, &o, dir, "four-data");
    rmdir(dir);
    msc_destroy(m);
}

void suite_msc(void)
{
    ADD_SUITE("analysis/msc", TEST(test_fig1_rr_messages_end_in_crosses_at_old_access_routers),
              TEST(test_fig1_lifelines_in_story_order), TEST(test_fig6_chart_marks_ha_reforwarding),
              TEST(test_svg_of_every_figure_is_well_formed_xml),
              TEST(test_default_window_follows_the_story),
              TEST(test_idle_stretches_are_cut_and_labelled),
              TEST(test_data_hidden_by_default_and_thinned_on_request),
              TEST(test_mscgen_text_of_fig1), TEST(test_ascii_chart_stops_at_the_step),
              TEST(test_fig3_state_after_the_bu_dies), TEST(test_writers_survive_messy_runs),
              TEST(test_four_host_chart_has_a_lifeline_per_node_and_a_band_per_handoff));
}
