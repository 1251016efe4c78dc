/* analysis/msc_draw.c - the writers of msc.h: SVG, mscgen and ASCII charts.
 *
 * Layout: time runs down. Every drawn point (a hop leaving or arriving, a
 * mark, a hold or handoff starting or ending) is one trace record; records
 * at the same instant are stacked a slot apart in the order they happened,
 * so a home agent visibly receives a packet before it tunnels it on, and two
 * messages sent by one node at one instant do not overlap. Between instants
 * the chart is drawn to scale (opts.px_per_ms), except stretches longer than
 * opts.gap during which no message is in flight: those are cut out and
 * marked with their length, so a retransmission one second later does not
 * push the chart off the page.
 */
#include "analysis/msc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/mh.h"

enum { MAX_LIFE = 64 };

#define SLOT      12.0  /* px between records at one instant */
#define CUT_H     34.0  /* px of a cut-out stretch */
#define COL_W     150.0 /* px between lifelines */
#define LEFT      120.0 /* x of the first lifeline */
#define RIGHT_PAD 210.0
#define HEAD_H    26.0

typedef struct point {
    sim_time_t t;
    uint64_t seq;
    int node;
    double y;
} point_t;

typedef struct cut {
    double y0, y1;
    sim_time_t t0, t1;
} cut_t;

typedef struct group {
    sim_time_t t;
    double y;
} group_t;

typedef struct layout {
    const msc_t *m;
    msc_opts_t o;
    sim_time_t from, to;
    bool *hops, *marks, *holds, *handoffs;
    int order[MAX_LIFE];
    int n_life;
    int *col_of; /* node -> column, -1 not drawn */
    point_t *pts;
    size_t n_pts, cap_pts;
    group_t *groups;
    size_t n_groups;
    cut_t *cuts;
    size_t n_cuts;
    double y_top, y_bottom, width, title_h;
    sim_time_t t_last; /* the last instant drawn */
    struct box {
        double x0, y0, x1, y1;
    } * labels; /* arrow labels placed so far (SVG writer) */
    size_t n_labels;
} layout_t;

/* ------------------------------------------------------------- layout */

static bool add_point(layout_t *L, sim_time_t t, uint64_t seq, int node)
{
    if (L->n_pts == L->cap_pts) {
        size_t cap = L->cap_pts ? 2 * L->cap_pts : 256;
        point_t *p = realloc(L->pts, cap * sizeof(*p));
        if (!p)
            return false;
        L->pts = p;
        L->cap_pts = cap;
    }
    L->pts[L->n_pts++] = (point_t){t, seq, node, 0};
    return true;
}

static int cmp_point(const void *a, const void *b)
{
    const point_t *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool drawn(const layout_t *L, int node)
{
    return node >= 0 && node < msc_n_nodes(L->m) && L->col_of[node] >= 0;
}

static void layout_free(layout_t *L)
{
    free(L->hops);
    free(L->marks);
    free(L->holds);
    free(L->handoffs);
    free(L->col_of);
    free(L->pts);
    free(L->groups);
    free(L->cuts);
    free(L->labels);
}

static bool pick_items(layout_t *L)
{
    const msc_t *m = L->m;
    size_t nh = msc_n_hops(m), nk = msc_n_marks(m), nd = msc_n_holds(m), nf = msc_n_handoffs(m);
    int nn = msc_n_nodes(m);
    L->hops = calloc(nh + 1, sizeof(bool));
    L->marks = calloc(nk + 1, sizeof(bool));
    L->holds = calloc(nd + 1, sizeof(bool));
    L->handoffs = calloc(nf + 1, sizeof(bool));
    L->col_of = malloc((size_t)(nn > 0 ? nn : 1) * sizeof(int));
    if (!L->hops || !L->marks || !L->holds || !L->handoffs || !L->col_of)
        return false;
    msc_shown(m, &L->o, L->hops, L->marks);
    L->n_life = msc_lifelines(m, &L->o, L->order, MAX_LIFE);
    for (int i = 0; i < nn; i++)
        L->col_of[i] = -1;
    for (int c = 0; c < L->n_life; c++)
        L->col_of[L->order[c]] = c;
    for (size_t i = 0; i < nd; i++) {
        const msc_hold_t *h = msc_hold(m, i);
        bool in = h->from >= L->from && h->from <= L->to;
        if (h->hop >= 0)
            in = L->hops[h->hop];
        L->holds[i] = in && drawn(L, h->node) && (!h->is_data || L->o.data_every > 0);
    }
    for (size_t i = 0; i < nf; i++) {
        const msc_handoff_t *h = msc_handoff(m, i);
        L->handoffs[i] =
            h->from <= L->to && (h->until < 0 || h->until >= L->from) && drawn(L, h->host);
    }
    return true;
}

static bool collect_points(layout_t *L)
{
    const msc_t *m = L->m;
    bool ok = true;
    /* the chart ends at the window's end or at the last drawn arrival */
    L->t_last = L->to;
    for (size_t i = 0; i < msc_n_hops(m); i++)
        if (L->hops[i] && msc_hop(m, i)->end_at > L->t_last)
            L->t_last = msc_hop(m, i)->end_at;
    for (size_t i = 0; i < msc_n_hops(m); i++) {
        if (!L->hops[i])
            continue;
        const msc_hop_t *h = msc_hop(m, i);
        ok &= add_point(L, h->sent_at, h->seq_sent, h->from);
        if (h->end_at >= 0)
            ok &= add_point(L, h->end_at, h->seq_end, h->to);
    }
    for (size_t i = 0; i < msc_n_marks(m); i++)
        if (L->marks[i])
            ok &= add_point(L, msc_mark(m, i)->at, msc_mark(m, i)->seq, msc_mark(m, i)->node);
    for (size_t i = 0; i < msc_n_holds(m); i++) {
        const msc_hold_t *h = msc_hold(m, i);
        if (!L->holds[i])
            continue;
        if (h->from >= L->from)
            ok &= add_point(L, h->from, h->seq_from, h->node);
        if (h->until >= 0 && h->until <= L->t_last)
            ok &= add_point(L, h->until, h->seq_until, h->node);
    }
    for (size_t i = 0; i < msc_n_handoffs(m); i++) {
        const msc_handoff_t *h = msc_handoff(m, i);
        if (!L->handoffs[i])
            continue;
        if (h->from >= L->from)
            ok &= add_point(L, h->from, h->seq_from, h->host);
        if (h->until >= 0 && h->until <= L->t_last)
            ok &= add_point(L, h->until, h->seq_until, h->host);
    }
    return ok;
}

/* true when some drawn hop is on its way during the whole of (t0, t1). */
static bool in_flight_between(const layout_t *L, sim_time_t t0, sim_time_t t1)
{
    for (size_t i = 0; i < msc_n_hops(L->m); i++) {
        if (!L->hops[i])
            continue;
        const msc_hop_t *h = msc_hop(L->m, i);
        if (h->sent_at <= t0 && (h->end_at < 0 || h->end_at >= t1))
            return true;
    }
    return false;
}

static bool place_points(layout_t *L)
{
    qsort(L->pts, L->n_pts, sizeof(*L->pts), cmp_point);
    size_t w = 0; /* drop duplicates: a record can be two items' point */
    for (size_t i = 0; i < L->n_pts; i++)
        if (w == 0 || cmp_point(&L->pts[w - 1], &L->pts[i]) != 0)
            L->pts[w++] = L->pts[i];
    L->n_pts = w;
    L->groups = malloc((L->n_pts + 1) * sizeof(*L->groups));
    L->cuts = malloc((L->n_pts + 1) * sizeof(*L->cuts));
    if (!L->groups || !L->cuts)
        return false;
    int nn = msc_n_nodes(L->m);
    int *rows = calloc((size_t)(nn > 0 ? nn : 1) + 1, sizeof(*rows));
    if (!rows)
        return false;
    double y = L->y_top;
    for (size_t i = 0; i < L->n_pts;) {
        sim_time_t t = L->pts[i].t;
        if (L->n_groups > 0) {
            sim_time_t t0 = L->groups[L->n_groups - 1].t;
            double scaled = (double)(t - t0) / 1e6 * L->o.px_per_ms;
            if (L->o.gap >= 0 && t - t0 > L->o.gap && !in_flight_between(L, t0, t)) {
                L->cuts[L->n_cuts++] = (cut_t){y + SLOT * 0.8, y + SLOT * 0.8 + CUT_H, t0, t};
                y += CUT_H + SLOT * 1.6;
            } else {
                y += scaled > SLOT ? scaled : SLOT;
            }
        }
        L->groups[L->n_groups++] = (group_t){t, y};
        /* records of one instant: stacked per node in the order they
         * happened, so a node's receive comes before what it sends on */
        memset(rows, 0, (size_t)(nn > 0 ? nn : 1) * sizeof(*rows));
        int height = 1;
        for (; i < L->n_pts && L->pts[i].t == t; i++) {
            int node = L->pts[i].node >= 0 && L->pts[i].node < nn ? L->pts[i].node : nn;
            L->pts[i].y = y + rows[node] * SLOT;
            if (++rows[node] > height)
                height = rows[node];
        }
        y += (height - 1) * SLOT;
    }
    free(rows);
    L->y_bottom = y + 40;
    return true;
}

/* y of the record (t, seq), or of the instant t when it is not a point. */
static double y_at(const layout_t *L, sim_time_t t, uint64_t seq)
{
    size_t lo = 0, hi = L->n_pts;
    point_t key = {t, seq, -1, 0};
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_point(&L->pts[mid], &key);
        if (c == 0)
            return L->pts[mid].y;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* between points: the last group at or before t, to scale */
    if (L->n_groups == 0)
        return L->y_top;
    size_t g = 0;
    while (g + 1 < L->n_groups && L->groups[g + 1].t <= t)
        g++;
    if (t < L->groups[0].t)
        return L->y_top;
    double y = L->groups[g].y;
    /* within group g: just below the last of its records before this one */
    for (size_t i = 0; i < L->n_pts; i++)
        if (L->pts[i].t == L->groups[g].t && (L->pts[i].seq < seq || L->pts[i].t < t) &&
            L->pts[i].y > y)
            y = L->pts[i].y;
    if (g + 1 < L->n_groups && L->pts[0].t <= t && t > L->groups[g].t) {
        double lim = L->groups[g + 1].y - SLOT / 2;
        double dy = (double)(t - L->groups[g].t) / 1e6 * L->o.px_per_ms;
        for (size_t c = 0; c < L->n_cuts; c++)
            if (L->cuts[c].t0 == L->groups[g].t)
                dy = (L->cuts[c].y0 + L->cuts[c].y1) / 2 - y;
        y = y + dy < lim ? y + dy : lim;
    }
    return y;
}

static int layout_build(layout_t *L, const msc_t *m, const msc_opts_t *o)
{
    memset(L, 0, sizeof(*L));
    L->m = m;
    if (o)
        L->o = *o;
    else
        msc_opts_default(&L->o);
    if (L->o.px_per_ms <= 0)
        L->o.px_per_ms = 3.0;
    msc_window(m, &L->o, &L->from, &L->to);
    L->title_h = 64;
    L->y_top = L->title_h + HEAD_H + 62;
    if (!pick_items(L) || !collect_points(L) || !place_points(L)) {
        layout_free(L);
        return -SIM_ENOMEM;
    }
    L->width = LEFT + (L->n_life > 0 ? (L->n_life - 1) * COL_W : 0) + RIGHT_PAD;
    return 0;
}

double msc_svg_column_x(int col)
{
    return LEFT + col * COL_W;
}

static double col_x(const layout_t *L, int node)
{
    return LEFT + L->col_of[node] * COL_W;
}

/* --------------------------------------------------------------- SVG */

void msc_xml_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t')
                fputc(*s, f);
        }
    }
}

static void fmt_s(sim_time_t t, char *buf, size_t cap)
{
    if (t % SIM_MS(1) == 0)
        snprintf(buf, cap, "%.3f", sim_time_to_s(t));
    else
        snprintf(buf, cap, "%.6f", sim_time_to_s(t));
}

static void step_attrs(const layout_t *L, FILE *f, size_t s, long e)
{
    if (!L->o.interactive)
        return;
    fprintf(f, " data-s=\"%zu\"", s);
    if (e >= 0)
        fprintf(f, " data-e=\"%ld\"", e);
}

static const char *const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

/* Role text under a node's name: "A1 -> A2", "home agent of A", "A's old AR". */
static void node_role(const layout_t *L, int node, char *buf, size_t cap)
{
    const msc_t *m = L->m;
    const char *name = msc_node_name(m, node);
    buf[0] = 0;
    if (node < msc_n_hosts(m)) {
        size_t len = 0;
        for (size_t i = 0; i < msc_n_handoffs(m); i++) {
            const msc_handoff_t *h = msc_handoff(m, i);
            if (h->host != node || !L->handoffs[i])
                continue;
            if (len == 0)
                len += (size_t)snprintf(buf + len, cap - len, "%s", h->from_net);
            if (len < cap)
                len += (size_t)snprintf(buf + len, cap - len, " \xe2\x86\x92 %s", h->to_net);
            if (len >= cap)
                break;
        }
        if (len == 0)
            snprintf(buf, cap, "%s",
                     msc_host_stationary(m, node) ? "stationary host" : "mobile host");
        return;
    }
    if (strncmp(name, "AR_", 3) == 0) {
        for (size_t i = 0; i < msc_n_handoffs(m); i++) {
            const msc_handoff_t *h = msc_handoff(m, i);
            if (!L->handoffs[i])
                continue;
            if (strcmp(h->from_net, name + 3) == 0) {
                snprintf(buf, cap, "%s's old AR", msc_node_name(m, h->host));
                return;
            }
            if (strcmp(h->to_net, name + 3) == 0) {
                snprintf(buf, cap, "%s's new AR", msc_node_name(m, h->host));
                return;
            }
        }
        snprintf(buf, cap, "access router");
        return;
    }
    if (strncmp(name, "HA", 2) == 0) {
        snprintf(buf, cap, "home agent");
        if (strlen(name) > 3 && name[2] == '_' && msc_node_by_name(m, name + 3) >= 0)
            snprintf(buf, cap, "home agent of %s", name + 3);
    }
}

static void svg_head_row(const layout_t *L, FILE *f, double y, bool roles)
{
    for (int c = 0; c < L->n_life; c++) {
        int node = L->order[c];
        double x = LEFT + c * COL_W;
        const char *fill = node < msc_n_hosts(L->m)                           ? "#fde7c4"
                           : strncmp(msc_node_name(L->m, node), "HA", 2) == 0 ? "#d7e6fa"
                                                                              : "#ececec";
        fprintf(f,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"112\" height=\"%.0f\" rx=\"4\" fill=\"%s\" "
                "stroke=\"#555\"/>\n",
                x - 56, y, HEAD_H, fill);
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" "
                "font-weight=\"bold\">",
                x, y + 17.5);
        msc_xml_escape(f, msc_node_name(L->m, node));
        fputs("</text>\n", f);
        if (roles) {
            char role[96];
            node_role(L, node, role, sizeof(role));
            fprintf(f,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10.5\" "
                    "fill=\"#555\">",
                    x, y + HEAD_H + 13);
            msc_xml_escape(f, role);
            fputs("</text>\n", f);
        }
    }
}

/* Splits text into lines of at most `chars` characters at spaces. */
static void svg_wrapped(FILE *f, const char *text, double x, double y, int chars, double dy)
{
    char line[512];
    const char *p = text;
    while (*p) {
        size_t n = strlen(p);
        if (n > (size_t)chars) {
            n = (size_t)chars;
            while (n > 0 && p[n] != ' ')
                n--;
            if (n == 0)
                n = (size_t)chars;
        }
        if (n >= sizeof(line))
            n = sizeof(line) - 1;
        memcpy(line, p, n);
        line[n] = 0;
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#333\">", x, y);
        msc_xml_escape(f, line);
        fputs("</text>\n", f);
        y += dy;
        p += n;
        while (*p == ' ')
            p++;
    }
}

static void svg_title(const layout_t *L, FILE *f)
{
    fprintf(f, "<text x=\"16\" y=\"24\" font-size=\"16\" font-weight=\"bold\">");
    msc_xml_escape(f, msc_title(L->m));
    char a[32], b[32];
    fmt_s(L->from, a, sizeof(a));
    fmt_s(L->to, b, sizeof(b));
    fprintf(f,
            "</text>\n<text x=\"%.1f\" y=\"24\" font-size=\"11\" fill=\"#666\" "
            "text-anchor=\"end\">simulated trace, %s s .. %s s</text>\n",
            L->width - 16, a, b);
    int chars = (int)((L->width - 32) / 6.6);
    svg_wrapped(f, msc_description(L->m), 16, 44, chars, 15);
}

static void svg_axis(const layout_t *L, FILE *f)
{
    double last = -1e9;
    double x1 = LEFT + (L->n_life - 1) * COL_W + 60;
    fputs("<g font-size=\"10.5\" fill=\"#444\">\n", f);
    for (size_t g = 0; g < L->n_groups; g++) {
        double y = L->groups[g].y;
        if (y - last < 14)
            continue;
        last = y;
        char t[32];
        fmt_s(L->groups[g].t, t, sizeof(t));
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e6e6e6\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s s</text>\n",
                LEFT - 64, y, x1, y, LEFT - 68, y + 3.5, t);
    }
    fputs("</g>\n", f);
    fprintf(f,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10.5\" fill=\"#666\" "
            "text-anchor=\"end\">time \xe2\x86\x93</text>\n",
            LEFT - 68, L->y_top - 18);
}

static void svg_cuts(const layout_t *L, FILE *f)
{
    double x0 = LEFT - 110, x1 = LEFT + (L->n_life - 1) * COL_W + 80;
    for (size_t c = 0; c < L->n_cuts; c++) {
        const cut_t *k = &L->cuts[c];
        char d[32];
        double dt = sim_time_to_s(k->t1 - k->t0);
        snprintf(d, sizeof(d), dt < 1 ? "%.0f ms" : "%.3f s", dt < 1 ? dt * 1e3 : dt);
        fprintf(f,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#f7f7f7\"/>\n"
                "<path d=\"M%.1f %.1f",
                x0, k->y0, x1 - x0, k->y1 - k->y0, x0, k->y0 + 4);
        for (double x = x0; x < x1; x += 12)
            fprintf(f, " L%.1f %.1f L%.1f %.1f", x + 6, k->y0, x + 12, k->y0 + 4);
        fprintf(f, "\" fill=\"none\" stroke=\"#aaa\"/>\n<path d=\"M%.1f %.1f", x0, k->y1 - 4);
        for (double x = x0; x < x1; x += 12)
            fprintf(f, " L%.1f %.1f L%.1f %.1f", x + 6, k->y1, x + 12, k->y1 - 4);
        fprintf(f,
                "\" fill=\"none\" stroke=\"#aaa\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
                "font-size=\"11\" fill=\"#777\" font-style=\"italic\">%s without messages in "
                "flight</text>\n",
                LEFT - 104, (k->y0 + k->y1) / 2 + 4, d);
    }
}

static void svg_lifelines(const layout_t *L, FILE *f)
{
    for (int c = 0; c < L->n_life; c++) {
        double x = LEFT + c * COL_W;
        bool host = L->order[c] < msc_n_hosts(L->m);
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"%s\"/>\n",
                x, L->title_h + HEAD_H, x, L->y_bottom, host ? "#555" : "#999", host ? "2" : "1");
        for (size_t k = 0; k < L->n_cuts; k++)
            fprintf(f,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#f7f7f7\" "
                    "stroke-width=\"3\" stroke-dasharray=\"3 4\"/>\n",
                    x, L->cuts[k].y0 + 5, x, L->cuts[k].y1 - 5);
    }
}

static void svg_handoffs(const layout_t *L, FILE *f)
{
    const msc_t *m = L->m;
    for (size_t i = 0; i < msc_n_handoffs(m); i++) {
        if (!L->handoffs[i])
            continue;
        const msc_handoff_t *h = msc_handoff(m, i);
        double x = col_x(L, h->host);
        double y0 = h->from >= L->from ? y_at(L, h->from, h->seq_from) : L->y_top - 20;
        double y1 =
            h->until >= 0 && h->until <= L->t_last ? y_at(L, h->until, h->seq_until) : L->y_bottom;
        fprintf(f, "<g class=\"handoff\"");
        step_attrs(L, f, h->step_from, h->until >= 0 ? (long)h->step_until : -1);
        char a[32], b[32] = "-";
        fmt_s(h->from, a, sizeof(a));
        if (h->until >= 0)
            fmt_s(h->until, b, sizeof(b));
        fprintf(f,
                "><title>%s: handoff %s \xe2\x86\x92 %s, L2 detach %s s, CoA usable %s s</title>"
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"%.1f\" rx=\"3\" "
                "fill=\"#f5a623\" fill-opacity=\"0.35\" stroke=\"#e08e0b\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10.5\" fill=\"#b86e00\" "
                "font-weight=\"bold\" text-anchor=\"middle\">handoff</text></g>\n",
                msc_node_name(m, h->host), h->from_net, h->to_net, a, b, x - 11, y0,
                y1 - y0 > 1 ? y1 - y0 : 1, x, y0 - 4);
    }
}

/* y range of a drawn hold: to its end, or to the bottom when it outlives
 * the chart */
static void hold_ys(const layout_t *L, const msc_hold_t *h, double *y0, double *y1)
{
    *y0 = h->from >= L->from ? y_at(L, h->from, h->seq_from) : L->y_top - 20;
    *y1 = h->until >= 0 && h->until <= L->t_last ? y_at(L, h->until, h->seq_until) : L->y_bottom;
    if (*y1 < *y0 + 2)
        *y1 = *y0 + 2;
}

static void svg_holds(const layout_t *L, FILE *f)
{
    const msc_t *m = L->m;
    size_t n = msc_n_holds(m);
    int *lane = calloc(n + 1, sizeof(*lane));
    if (!lane)
        return;
    for (size_t i = 0; i < n; i++) {
        if (!L->holds[i])
            continue;
        const msc_hold_t *h = msc_hold(m, i);
        double y0, y1;
        hold_ys(L, h, &y0, &y1);
        /* copies kept at once at one node sit side by side */
        for (bool clash = true; clash;) {
            clash = false;
            for (size_t k = 0; k < i && !clash; k++) {
                const msc_hold_t *o = msc_hold(m, k);
                double z0, z1;
                if (!L->holds[k] || o->node != h->node || lane[k] != lane[i])
                    continue;
                hold_ys(L, o, &z0, &z1);
                clash = z0 < y1 && y0 < z1;
            }
            lane[i] += clash;
        }
        double x = col_x(L, h->node) + lane[i] * 7;
        bool used = h->n_resent > 0 || h->until < 0;
        fprintf(f, "<g class=\"hold\"");
        step_attrs(L, f, h->step_from, h->until >= 0 ? (long)h->step_until : -1);
        const msc_hop_t *hop = h->hop >= 0 ? msc_hop(m, (size_t)h->hop) : NULL;
        fprintf(f, "><title>%s keeps %s's %s (%s), then %s</title>", msc_node_name(m, h->node),
                hop ? msc_node_name(m, hop->origin) : "?", hop ? hop->label : "message", h->what,
                h->until >= 0 ? h->end : "still kept");
        fprintf(f,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"%.1f\" fill=\"#8e44ad\" "
                "fill-opacity=\"%s\" stroke=\"#8e44ad\" stroke-opacity=\"%s\"%s/></g>\n",
                x - 3.5, y0, y1 - y0, used ? "0.35" : "0.1", used ? "1" : "0.5",
                used ? "" : " stroke-dasharray=\"3 2\"");
    }
    free(lane);
}

static void arrowhead(FILE *f, double x1, double y1, double x2, double y2, const char *color)
{
    double a = atan2(y2 - y1, x2 - x1), l = 9, w = 3.6;
    double bx = x2 - l * cos(a), by = y2 - l * sin(a);
    fprintf(f, "<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f z\" fill=\"%s\"/>", x2, y2,
            bx + w * sin(a), by - w * cos(a), bx - w * sin(a), by + w * cos(a), color);
}

static const char *hop_color(const msc_hop_t *h)
{
    if (h->fate == MSC_LOST)
        return "#d0021b";
    if (h->is_data)
        return "#9a9a9a";
    if (h->code == MH_EXPERIMENTAL)
        return "#7d3c98";
    if (h->code == MH_HOT || h->code == MH_COT || h->code == MH_BA)
        return "#1e7b4a";
    return "#1f3b73";
}

static void svg_hop_title(const layout_t *L, FILE *f, const msc_hop_t *h)
{
    const msc_t *m = L->m;
    char a[32], b[32];
    fmt_s(h->sent_at, a, sizeof(a));
    fputs("<title>", f);
    msc_xml_escape(f, h->label);
    fprintf(f, " from %s for %s: %s \xe2\x86\x92 %s%s, sent %s s", msc_node_name(m, h->origin),
            msc_node_name(m, h->intended), msc_node_name(m, h->from), msc_node_name(m, h->to),
            h->is_tunnel ? " (tunneled)" : "", a);
    if (h->end_at >= 0) {
        fmt_s(h->end_at, b, sizeof(b));
        fprintf(f, ", %s %s s", h->fate == MSC_LOST ? "lost" : "arrived", b);
    }
    if (h->held_until >= 0) {
        fmt_s(h->held_until, b, sizeof(b));
        fprintf(f, ", buffered until %s s", b);
    }
    if (h->fate == MSC_LOST)
        fprintf(f, " at %s: %s", msc_node_name(m, h->to), h->why);
    fputs("</title>", f);
}

static void svg_cross(const layout_t *L, FILE *f, double x, double y, const char *why)
{
    fprintf(f,
            "<path d=\"M%.1f %.1f L%.1f %.1f M%.1f %.1f L%.1f %.1f\" stroke=\"#d0021b\" "
            "stroke-width=\"2.6\"/>",
            x - 6, y - 6, x + 6, y + 6, x - 6, y + 6, x + 6, y - 6);
    bool left = x > LEFT + (L->n_life - 1) * COL_W - 1;
    fprintf(f,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10.5\" fill=\"#d0021b\" font-weight=\"bold\" "
            "text-anchor=\"%s\" class=\"why\">",
            left ? x - 10 : x + 10, y + 4, left ? "end" : "start");
    msc_xml_escape(f, why);
    fputs("</text>", f);
}

static double overlap(const struct box *a, const struct box *b)
{
    double w = (a->x1 < b->x1 ? a->x1 : b->x1) - (a->x0 > b->x0 ? a->x0 : b->x0);
    double h = (a->y1 < b->y1 ? a->y1 : b->y1) - (a->y0 > b->y0 ? a->y0 : b->y0);
    return w > 0 && h > 0 ? w * h : 0;
}

/* Where along the arrow (x1,y1)-(x2,y2) its label goes: a little before the
 * middle unless that covers a label already placed (arrows that cross
 * symmetrically, parallel arrows of one instant), then the first of a few
 * other spots that covers least. Remembers the box it took. */
static double place_label(layout_t *L, double x1, double y1, double x2, double y2, size_t chars)
{
    static const double spots[] = {0.4, 0.62, 0.28, 0.74, 0.5, 0.18};
    double len = 6.2 * (double)chars + 6, a = atan2(y2 - y1, x2 - x1);
    double hw = fabs(cos(a)) * len / 2 + fabs(sin(a)) * 7;
    double hh = fabs(sin(a)) * len / 2 + fabs(cos(a)) * 7;
    double best = spots[0], best_cover = -1;
    struct box pick = {0};
    for (size_t k = 0; k < sizeof(spots) / sizeof(spots[0]); k++) {
        double mx = x1 + spots[k] * (x2 - x1), my = y1 + spots[k] * (y2 - y1) - 5;
        struct box b = {mx - hw, my - hh, mx + hw, my + hh};
        double cover = 0;
        for (size_t i = 0; i < L->n_labels; i++)
            cover += overlap(&b, &L->labels[i]);
        if (best_cover < 0 || cover < best_cover - 1) {
            best = spots[k];
            best_cover = cover;
            pick = b;
        }
        if (cover == 0)
            break;
    }
    struct box *nb = realloc(L->labels, (L->n_labels + 1) * sizeof(*nb));
    if (nb) {
        L->labels = nb;
        L->labels[L->n_labels++] = pick;
    }
    return best;
}

static void svg_hop(layout_t *L, FILE *f, size_t i)
{
    const msc_t *m = L->m;
    const msc_hop_t *h = msc_hop(m, i);
    if (!drawn(L, h->from) || (h->to >= 0 && !drawn(L, h->to)))
        return;
    double x1 = col_x(L, h->from), y1 = y_at(L, h->sent_at, h->seq_sent);
    double x2, y2;
    if (h->end_at >= 0) {
        x2 = col_x(L, h->to);
        y2 = y_at(L, h->end_at, h->seq_end);
    } else { /* still in flight at the end of the run: a stub */
        x2 = x1 +
             (h->intended >= 0 && drawn(L, h->intended) && col_x(L, h->intended) < x1 ? -40 : 40);
        y2 = y1 + 20;
    }
    const char *color = hop_color(h);
    fprintf(f, "<g class=\"hop%s%s\"", h->fate == MSC_LOST ? " lost" : "",
            h->is_data ? " data" : "");
    step_attrs(L, f, h->step_sent, h->end_at >= 0 ? (long)h->step_end : -1);
    fputc('>', f);
    svg_hop_title(L, f, h);
    if (x1 == x2) { /* died where it was sent */
        if (h->fate == MSC_LOST)
            svg_cross(L, f, x1, y2, h->why);
        fputs("</g>\n", f);
        return;
    }
    const char *dash = h->is_tunnel ? " stroke-dasharray=\"7 4\"" : "";
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            "stroke-width=\"%s\"%s/>",
            x1, y1, x2, y2, color, h->is_data ? "0.8" : "1.5", dash);
    if (h->fate == MSC_LOST)
        fputs("<g class=\"end\">", f), svg_cross(L, f, x2, y2, h->why), fputs("</g>", f);
    else if (h->end_at >= 0)
        fputs("<g class=\"end\">", f), arrowhead(f, x1, y1, x2, y2, color), fputs("</g>", f);
    if (!h->is_data) {
        double a = atan2(y2 - y1, x2 - x1) * 180 / M_PI;
        if (a > 90)
            a -= 180;
        if (a < -90)
            a += 180;
        double frac = place_label(L, x1, y1, x2, y2, strlen(h->label));
        double mx = x1 + frac * (x2 - x1), my = y1 + frac * (y2 - y1);
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" dy=\"-4\" font-size=\"11\" fill=\"%s\" "
                "text-anchor=\"middle\" stroke=\"#fff\" stroke-width=\"3\" "
                "paint-order=\"stroke\" transform=\"rotate(%.2f %.1f %.1f)\">",
                mx, my, color, a, mx, my);
        msc_xml_escape(f, h->label);
        fputs("</text>", f);
    }
    fputs("</g>\n", f);
}

/* How many drawn arrows cross the box [x0, x1] x [y - 9, y + 5] of a line
 * of text: marks put their text on the side where fewer do. */
static int text_hits(const layout_t *L, double x0, double x1, double y)
{
    int hits = 0;
    for (size_t i = 0; i < msc_n_hops(L->m); i++) {
        const msc_hop_t *h = msc_hop(L->m, i);
        if (!L->hops[i] || h->end_at < 0 || !drawn(L, h->from) || !drawn(L, h->to))
            continue;
        double ax = col_x(L, h->from), ay = y_at(L, h->sent_at, h->seq_sent);
        double bx = col_x(L, h->to), by = y_at(L, h->end_at, h->seq_end);
        if (ax > bx) {
            double t = ax;
            ax = bx, bx = t;
            t = ay;
            ay = by, by = t;
        }
        double lo = ax > x0 ? ax : x0, hi = bx < x1 ? bx : x1;
        if (lo > hi || bx == ax)
            continue;
        double ylo = ay + (by - ay) * (lo - ax) / (bx - ax);
        double yhi = ay + (by - ay) * (hi - ax) / (bx - ax);
        double top = ylo < yhi ? ylo : yhi, bot = ylo < yhi ? yhi : ylo;
        hits += top <= y + 5 && bot >= y - 9;
    }
    return hits;
}

/* Whether mark k's text goes left of its lifeline (where fewer arrows
 * cross it); *box gets the text's box when box is not NULL. */
static bool mark_left(const layout_t *L, const msc_mark_t *k, struct box *box)
{
    double x = col_x(L, k->node), y = y_at(L, k->at, k->seq);
    double w = 5.7 * (double)strlen(k->text);
    bool left = L->col_of[k->node] > 0 &&
                text_hits(L, x - 14 - w, x - 14, y) < text_hits(L, x + 14, x + 14 + w, y);
    if (box)
        *box = (struct box){left ? x - 14 - w : x + 14, y - 8, left ? x - 14 : x + 14 + w, y + 4};
    return left;
}

/* Arrow labels keep clear of the marks' texts: those go in first. */
static void reserve_mark_texts(layout_t *L)
{
    for (size_t i = 0; i < msc_n_marks(L->m); i++) {
        const msc_mark_t *k = msc_mark(L->m, i);
        if (!L->marks[i] || !drawn(L, k->node))
            continue;
        struct box *nb = realloc(L->labels, (L->n_labels + 1) * sizeof(*nb));
        if (!nb)
            return;
        L->labels = nb;
        mark_left(L, k, &L->labels[L->n_labels++]);
    }
}

static void svg_mark(const layout_t *L, FILE *f, size_t i)
{
    const msc_mark_t *k = msc_mark(L->m, i);
    if (!drawn(L, k->node))
        return;
    double x = col_x(L, k->node), y = y_at(L, k->at, k->seq);
    const char *color = "#666";
    fprintf(f, "<g class=\"mark\"");
    step_attrs(L, f, k->step, -1);
    fputs("><title>", f);
    msc_xml_escape(f, msc_node_name(L->m, k->node));
    fputs(": ", f);
    msc_xml_escape(f, k->text);
    fputs("</title>", f);
    switch (k->kind) {
    case MSC_MARK_HANDOFF:
        color = "#b86e00";
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"2\"/>",
                x - 11, y, x + 11, y, color);
        break;
    case MSC_MARK_BINDING:
        color = "#1e7b4a";
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"/>", x, y, color);
        break;
    case MSC_MARK_SCHEME:
        color = "#7d3c98";
        fprintf(f, "<path d=\"M%.1f %.1f l5 5 l-5 5 l-5 -5 z\" fill=\"%s\"/>", x, y - 5, color);
        break;
    case MSC_MARK_NOTE:
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"%s\"/>", x - 3.5,
                y - 3.5, color);
        break;
    }
    bool left = mark_left(L, k, NULL);
    fprintf(f,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"%s\" stroke=\"#fff\" "
            "stroke-width=\"3\" paint-order=\"stroke\" text-anchor=\"%s\">",
            left ? x - 14 : x + 14, y + 3.5, color, left ? "end" : "start");
    msc_xml_escape(f, k->text);
    fputs("</text></g>\n", f);
}

static void svg_legend(const layout_t *L, FILE *f)
{
    double y = L->y_bottom + HEAD_H + 34, x = 16;
    fprintf(f, "<g font-size=\"11\" fill=\"#333\">\n");
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f3b73\" "
            "stroke-width=\"1.5\"/><text x=\"%.1f\" y=\"%.1f\">message</text>\n",
            x, y, x + 30, y, x + 36, y + 4);
    x += 110;
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f3b73\" "
            "stroke-width=\"1.5\" stroke-dasharray=\"7 4\"/><text x=\"%.1f\" "
            "y=\"%.1f\">tunneled</text>\n",
            x, y, x + 30, y, x + 36, y + 4);
    x += 110;
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1e7b4a\" "
            "stroke-width=\"1.5\"/><text x=\"%.1f\" y=\"%.1f\">reply</text>\n",
            x, y, x + 30, y, x + 36, y + 4);
    x += 90;
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#7d3c98\" "
            "stroke-width=\"1.5\"/><text x=\"%.1f\" y=\"%.1f\">scheme message</text>\n",
            x, y, x + 30, y, x + 36, y + 4);
    x += 150;
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d0021b\" "
            "stroke-width=\"1.5\"/>",
            x, y, x + 24, y);
    svg_cross(L, f, x + 26, y, "lost (reason)");
    y += 22;
    x = 16;
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"14\" fill=\"#f5a623\" "
            "fill-opacity=\"0.35\" stroke=\"#e08e0b\"/><text x=\"%.1f\" y=\"%.1f\">handoff: L2 "
            "detach .. CoA usable</text>\n",
            x + 4, y - 7, x + 36, y + 4);
    x += 236;
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"14\" fill=\"#8e44ad\" "
            "fill-opacity=\"0.3\" stroke=\"#8e44ad\"/><text x=\"%.1f\" y=\"%.1f\">copy kept / "
            "buffered</text>\n",
            x + 10, y - 7, x + 36, y + 4);
    x += 170;
    fprintf(f,
            "<path d=\"M%.1f %.1f l5 5 l-5 5 l-5 -5 z\" fill=\"#7d3c98\"/><text x=\"%.1f\" "
            "y=\"%.1f\">scheme action</text>\n",
            x + 15, y - 5, x + 36, y + 4);
    x += 130;
    fprintf(f,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#1e7b4a\"/><text x=\"%.1f\" "
            "y=\"%.1f\">binding changed</text>\n",
            x + 15, y, x + 36, y + 4);
    fputs("</g>\n", f);
}

int msc_write_svg(const msc_t *m, const msc_opts_t *o, FILE *f)
{
    layout_t L;
    int rc = layout_build(&L, m, o);
    if (rc < 0)
        return rc;
    double height = L.y_bottom + HEAD_H + 70;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\" class=\"msc\">\n",
            L.width, height, L.width, height, FONT);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n");
    svg_title(&L, f);
    svg_cuts(&L, f);
    svg_axis(&L, f);
    svg_lifelines(&L, f);
    svg_head_row(&L, f, L.title_h, true);
    svg_head_row(&L, f, L.y_bottom, false);
    svg_handoffs(&L, f);
    svg_holds(&L, f);
    reserve_mark_texts(&L);
    fputs("<g class=\"hops\">\n", f);
    for (size_t i = 0; i < msc_n_hops(m); i++)
        if (L.hops[i] && msc_hop(m, i)->is_data)
            svg_hop(&L, f, i);
    for (size_t i = 0; i < msc_n_hops(m); i++)
        if (L.hops[i] && !msc_hop(m, i)->is_data)
            svg_hop(&L, f, i);
    fputs("</g>\n<g class=\"marks\">\n", f);
    for (size_t i = 0; i < msc_n_marks(m); i++)
        if (L.marks[i])
            svg_mark(&L, f, i);
    fputs("</g>\n", f);
    if (L.o.interactive)
        fprintf(f,
                "<line id=\"now\" x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"0\" stroke=\"#0a84ff\" "
                "stroke-width=\"1.2\" stroke-dasharray=\"2 3\" visibility=\"hidden\"/>\n",
                LEFT - 64, LEFT + (L.n_life - 1) * COL_W + 60);
    svg_legend(&L, f);
    fputs("</svg>\n", f);
    layout_free(&L);
    return ferror(f) ? -SIM_EIO : 0;
}

int msc_step_ys(const msc_t *m, const msc_opts_t *o, double *ys)
{
    layout_t L;
    int rc = layout_build(&L, m, o);
    if (rc < 0)
        return rc;
    size_t first, end;
    msc_step_range(m, &L.o, &first, &end);
    for (size_t i = 0; i < msc_n_steps(m); i++)
        ys[i] = -1;
    for (size_t i = first; i < end; i++) {
        const msc_step_t *s = msc_step(m, i);
        ys[i] = y_at(&L, s->at, s->seq);
    }
    layout_free(&L);
    return 0;
}

/* ------------------------------------------------------------- mscgen */

static void gen_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void gen_hop(const layout_t *L, FILE *f, const msc_hop_t *h, bool release)
{
    const msc_t *m = L->m;
    char a[32], b[32], label[192];
    fmt_s(h->sent_at, a, sizeof(a));
    if (release) {
        fmt_s(h->held_until, b, sizeof(b));
        gen_quoted(f, msc_node_name(m, h->to));
        fputs(" rbox ", f);
        gen_quoted(f, msc_node_name(m, h->to));
        snprintf(label, sizeof(label), "%s: buffered %s %s at %s",
                 h->fate == MSC_LOST ? "drops" : "lets go", h->label,
                 h->fate == MSC_LOST ? h->why : "", b);
        fputs(" [label=", f);
        gen_quoted(f, label);
        fputs("];\n", f);
        return;
    }
    fmt_s(h->end_at, b, sizeof(b));
    gen_quoted(f, msc_node_name(m, h->from));
    /* not mscgen's "-x": it draws the cross short of the target, and the
     * point of these charts is where a message died */
    const char *arc = h->is_tunnel ? " >> " : " => ";
    fputs(arc, f);
    gen_quoted(f, msc_node_name(m, h->to));
    if (h->fate == MSC_LOST)
        snprintf(label, sizeof(label), "%s  %s .. %s  X LOST at %s: %s", h->label, a, b,
                 msc_node_name(m, h->to), h->why);
    else
        snprintf(label, sizeof(label), "%s%s  %s .. %s%s", h->label,
                 h->is_tunnel ? " (tunnel)" : "", a, b,
                 h->fate == MSC_HELD || h->held_until >= 0 ? "  (buffered)" : "");
    fputs(" [label=", f);
    gen_quoted(f, label);
    if (h->fate == MSC_LOST)
        fputs(", linecolour=\"red\", textcolour=\"red\"", f);
    fputs("];\n", f);
}

static void gen_mark(const layout_t *L, FILE *f, const msc_mark_t *k)
{
    char a[32], label[160];
    fmt_s(k->at, a, sizeof(a));
    snprintf(label, sizeof(label), "%s  %s", k->text, a);
    gen_quoted(f, msc_node_name(L->m, k->node));
    fputs(k->kind == MSC_MARK_HANDOFF  ? " abox "
          : k->kind == MSC_MARK_SCHEME ? " note "
                                       : " rbox ",
          f);
    gen_quoted(f, msc_node_name(L->m, k->node));
    fputs(" [label=", f);
    gen_quoted(f, label);
    if (k->kind == MSC_MARK_BINDING)
        fputs(", textcolour=\"#1e7b4a\"", f);
    fputs("];\n", f);
}

int msc_write_mscgen(const msc_t *m, const msc_opts_t *o, FILE *f)
{
    layout_t L;
    int rc = layout_build(&L, m, o);
    if (rc < 0)
        return rc;
    fputs("# ", f);
    fputs(msc_title(m), f);
    fputs(": message sequence chart of a simulated trace (mobsim); times in seconds\n", f);
    fputs("msc {\n  hscale=\"1.6\", wordwraparcs=\"true\";\n  ", f);
    for (int c = 0; c < L.n_life; c++) {
        if (c)
            fputs(", ", f);
        gen_quoted(f, msc_node_name(m, L.order[c]));
    }
    fputs(";\n", f);
    size_t first, end;
    msc_step_range(m, &L.o, &first, &end);
    sim_time_t last = -1;
    for (size_t i = first; i < end; i++) {
        const msc_step_t *s = msc_step(m, i);
        for (size_t c = 0; c < L.n_cuts; c++)
            if (last >= 0 && L.cuts[c].t0 == last && s->at >= L.cuts[c].t1) {
                char d[32];
                fmt_s(L.cuts[c].t1 - L.cuts[c].t0, d, sizeof(d));
                fprintf(f, "  ... [label=\"%s s without messages in flight\"];\n", d);
            }
        last = s->at;
        if (s->ref == MSC_REF_MARK) {
            if (!L.marks[s->item] || !drawn(&L, msc_mark(m, (size_t)s->item)->node))
                continue;
            fputs("  ", f);
            gen_mark(&L, f, msc_mark(m, (size_t)s->item));
        } else if (s->ref == MSC_REF_HOP_END) {
            const msc_hop_t *h = msc_hop(m, (size_t)s->item);
            if (!L.hops[s->item] || !drawn(&L, h->from) || !drawn(&L, h->to))
                continue;
            fputs("  ", f);
            gen_hop(&L, f, h, h->step_end != i);
        }
    }
    fputs("}\n", f);
    layout_free(&L);
    return ferror(f) ? -SIM_EIO : 0;
}

/* -------------------------------------------------------------- ASCII */

typedef struct ascii {
    const layout_t *L;
    int colw, width;
    size_t rowlen; /* <= MAX_LIFE * 13 */
} ascii_t;

static int a_center(const ascii_t *A, int node)
{
    return A->L->col_of[node] * A->colw + A->colw / 2;
}

static void a_blank(const ascii_t *A, char *row)
{
    memset(row, ' ', A->rowlen);
    row[A->rowlen] = 0;
    for (int c = 0; c < A->L->n_life; c++)
        row[c * A->colw + A->colw / 2] = '|';
}

static void a_put(const ascii_t *A, char *row, int x, const char *s)
{
    for (; *s && x < (int)A->rowlen; s++, x++)
        if (x >= 0)
            row[x] = *s;
}

/* One row: the time, the lifelines with an arrow or a mark, a note. */
static void a_row(const ascii_t *A, FILE *f, bool current, const char *time, const char *row,
                  const char *note)
{
    char line[2048];
    snprintf(line, sizeof(line), "%c%7s %s  %s", current ? '>' : ' ', time, row, note);
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == ' ')
        line[--n] = 0;
    fprintf(f, "%.*s\n", A->width, line);
}

static void a_hop(const ascii_t *A, char *row, const msc_hop_t *h, char *note, size_t cap)
{
    int x1 = a_center(A, h->from), x2 = a_center(A, h->to);
    if (x1 == x2) {
        row[x1] = 'x';
        snprintf(note, cap, "%s LOST at %s: %s", h->label, msc_node_name(A->L->m, h->to), h->why);
        return;
    }
    int dir = x2 > x1 ? 1 : -1;
    for (int x = x1 + dir; x != x2; x += dir)
        row[x] = h->is_tunnel ? '=' : '-';
    if (h->fate == MSC_LOST)
        row[x2] = 'x';
    else
        row[x2 - dir] = dir > 0 ? '>' : '<';
    int len = abs(x2 - x1) - 3;
    int lab = (int)strlen(h->label);
    if (lab <= len) {
        int start = (x1 < x2 ? x1 : x2) + 2 + (len - lab) / 2;
        a_put(A, row, start, h->label);
        note[0] = 0;
    } else {
        snprintf(note, cap, "%s", h->label);
    }
    if (h->fate == MSC_LOST) {
        size_t n = strlen(note);
        snprintf(note + n, cap - n, "%s%s LOST: %s", n ? " " : "", n ? "" : h->label, h->why);
    } else if (h->origin != h->from) {
        size_t n = strlen(note);
        snprintf(note + n, cap - n, "%s(%s's)", n ? " " : "", msc_node_name(A->L->m, h->origin));
    }
}

int msc_write_ascii(const msc_t *m, const msc_opts_t *o, size_t upto, int width, int max_rows,
                    FILE *f)
{
    layout_t L;
    int rc = layout_build(&L, m, o);
    if (rc < 0)
        return rc;
    ascii_t A = {.L = &L, .colw = 10, .width = width > 40 ? width : 40};
    if (A.width > 1000)
        A.width = 1000;
    if (L.n_life > 0) {
        int avail = (A.width - 9 - 30) / L.n_life;
        A.colw = avail < 7 ? 7 : avail > 13 ? 13 : avail;
    }
    A.rowlen = (size_t)L.n_life * (size_t)A.colw;
    if (A.rowlen > MAX_LIFE * 13)
        A.rowlen = MAX_LIFE * 13;
    char row[MAX_LIFE * 13 + 1], note[256];
    /* header */
    a_blank(&A, row);
    memset(row, ' ', A.rowlen);
    for (int c = 0; c < L.n_life; c++) {
        const char *name = msc_node_name(m, L.order[c]);
        int n = (int)strlen(name) < A.colw - 1 ? (int)strlen(name) : A.colw - 1;
        int x = c * A.colw + A.colw / 2 - n / 2;
        for (int i = 0; i < n && x + i < (int)A.rowlen; i++)
            if (x + i >= 0)
                row[x + i] = name[i];
    }
    a_row(&A, f, false, "time", row, "");
    size_t first, end;
    msc_step_range(m, &L.o, &first, &end);
    /* rows: arrivals, losses, marks, releases of buffered packets */
    size_t *rows = malloc((end > first ? end - first : 1) * sizeof(*rows));
    if (!rows) {
        layout_free(&L);
        return -SIM_ENOMEM;
    }
    size_t n_rows = 0;
    for (size_t i = first; i < end && i <= upto; i++) {
        const msc_step_t *s = msc_step(m, i);
        if (s->ref == MSC_REF_HOP_SENT)
            continue;
        if (s->ref == MSC_REF_MARK &&
            (!L.marks[s->item] || !drawn(&L, msc_mark(m, (size_t)s->item)->node)))
            continue;
        if (s->ref == MSC_REF_HOP_END) {
            const msc_hop_t *h = msc_hop(m, (size_t)s->item);
            if (!L.hops[s->item] || !drawn(&L, h->from) || !drawn(&L, h->to))
                continue;
        }
        rows[n_rows++] = i;
    }
    size_t start = max_rows > 0 && n_rows > (size_t)max_rows ? n_rows - (size_t)max_rows : 0;
    sim_time_t last_t = -1;
    for (size_t r = start; r < n_rows; r++) {
        const msc_step_t *s = msc_step(m, rows[r]);
        a_blank(&A, row);
        note[0] = 0;
        if (s->ref == MSC_REF_MARK) {
            const msc_mark_t *k = msc_mark(m, (size_t)s->item);
            static const char sym[] = {'#', '+', '*', '.'};
            row[a_center(&A, k->node)] = sym[k->kind];
            snprintf(note, sizeof(note), "%s: %s", msc_node_name(m, k->node), k->text);
        } else {
            const msc_hop_t *h = msc_hop(m, (size_t)s->item);
            if (h->step_end != rows[r]) { /* a buffered packet let go */
                row[a_center(&A, h->to)] = h->fate == MSC_LOST ? 'x' : 'o';
                snprintf(note, sizeof(note), "%s %s buffered %s%s%s", msc_node_name(m, h->to),
                         h->fate == MSC_LOST ? "drops" : "forwards", h->label,
                         h->fate == MSC_LOST ? ": " : "", h->fate == MSC_LOST ? h->why : "");
            } else {
                a_hop(&A, row, h, note, sizeof(note));
            }
        }
        char t[32] = "";
        if (s->at != last_t)
            fmt_s(s->at, t, sizeof(t));
        last_t = s->at;
        a_row(&A, f, rows[r] == upto, t, row, note);
    }
    /* what is on its way after this step */
    char fly[1024] = "";
    size_t len = 0;
    for (size_t i = 0; i < msc_n_hops(m) && len < sizeof(fly) - 64; i++) {
        const msc_hop_t *h = msc_hop(m, i);
        if (!L.hops[i] || h->is_data || h->step_sent > upto || h->step_sent < first)
            continue;
        if (h->end_at >= 0 && h->step_end <= upto)
            continue;
        char t[32];
        fmt_s(h->sent_at, t, sizeof(t));
        len +=
            (size_t)snprintf(fly + len, sizeof(fly) - len, "%s%s %s->%s (%s)", len ? ", " : "",
                             h->label, msc_node_name(m, h->from), msc_node_name(m, h->intended), t);
    }
    fprintf(f, "in flight: %.*s\n", A.width - 11 > 0 ? A.width - 11 : 0, len ? fly : "-");
    free(rows);
    layout_free(&L);
    return ferror(f) ? -SIM_EIO : 0;
}
