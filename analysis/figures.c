/* analysis/figures.c - the reproduction report (see figures.h). */
#include "analysis/figures.h"
#include "analysis/provenance.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/episode.h"
#include "analysis/msc.h"
#include "analysis/outfile.h"
#include "analysis/series.h"
#include "analysis/window.h"
#include "models/world.h"
#include "scenarios/scn.h"
#include "sim/sim.h"

/* The figures, in the paper's order, with its captions (Wong and Dutta,
 * "Simultaneous Mobility in MIPv6"). The control and the strict RFC 6275
 * run are mobsim's additions. */
static const struct {
    const char *name, *title, *caption;
} figure_list[] = {
    {"control", "Control (Fig. 2 timing)",
     "Return routability completes when the two hosts move seconds apart (paper Fig. 2 shows the "
     "procedure)."},
    {"fig1", "Figure 1", "Mishandling of simultaneous mobility by MIPv6 with Route Optimization."},
    {"fig3", "Figure 3",
     "Scenario where one side completes return routability procedure but the other does not."},
    {"fig4", "Figure 4", "Use of Forwarding Mechanism in Previous Network."},
    {"fig5", "Figure 5", "Solution With Stationary Proxies."},
    {"fig6", "Figure 6", "Solution with Signaling to Home Address."},
    {"fig1-rfc6275", "Figure 1, strict RFC 6275",
     "The Figure 1 timing when HoTI, CoTI and BU go to the peer's home address (RFC 6275 "
     "section 6.1): losses are repaired by retransmission through the home agents."},
};

typedef struct figure_run {
    msc_t *msc;
    series_t *series;
    figures_item_t *it;
} figure_run_t;

static int attach_chart(void *ctx, sim_t *sim, mob_world_t *w, sim_err_t *err)
{
    figure_run_t *r = ctx;
    if (msc_create(sim, w, 0, &r->msc) < 0 || series_attach(sim, w, SIM_MS(10), &r->series) < 0)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    return 0;
}

/* The run's delivery series around the handoffs, A to B and B to A. */
static void keep_delivery(figures_item_t *it, const series_t *s, mob_world_t *w)
{
    size_t b0 = (size_t)(FIGURES_DELIVERY_T0 * 100 + 0.5);
    for (size_t d = 0; d < series_n_directions(s); d++) {
        int from, to;
        series_direction(s, d, &from, &to);
        const char *f = mob_world_node_name(w, from);
        int k = strcmp(f, "A") == 0 ? 0 : strcmp(f, "B") == 0 ? 1 : -1;
        for (size_t i = 0; k >= 0 && i < FIGURES_DELIVERY_BINS; i++)
            it->delivery[k][i] = series_count(s, d, b0 + i);
    }
}

static int finish_chart(void *ctx, mob_world_t *w, sim_err_t *err)
{
    figure_run_t *r = ctx;
    r->it->metrics = *mob_world_metrics(w);
    if (r->series)
        keep_delivery(r->it, r->series, w);
    if (msc_finish(r->msc) < 0)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    return 0;
}

/* After a failed run too: the recorder leaves the bus before the sim goes. */
static void detach_chart(void *ctx, sim_t *sim, mob_world_t *w)
{
    (void)sim;
    (void)w;
    figure_run_t *r = ctx;
    if (r->msc)
        msc_finish(r->msc);
    series_detach(r->series, sim);
}

/* Writes the chart of r as dir/NAME.svg and dir/NAME.msc (analysis/outfile.h). */
static int write_charts(const figure_run_t *r, const char *dir, sim_err_t *err)
{
    msc_opts_t opts;
    msc_opts_default(&opts);
    const char *ext[2] = {"svg", "msc"};
    for (int k = 0; k < 2; k++) {
        char path[4096];
        outfile_t o;
        snprintf(path, sizeof(path), "%s/%s.%s", dir, r->it->name, ext[k]);
        int rc = outfile_open(&o, path, err);
        if (rc < 0)
            return rc;
        int wr = k == 0 ? msc_write_svg(r->msc, &opts, o.f) : msc_write_mscgen(r->msc, &opts, o.f);
        if (wr < 0) {
            outfile_abort(&o);
            return sim_err_set(err, SIM_EIO, "cannot write %s", path);
        }
        if ((rc = outfile_commit(&o, err)) < 0)
            return rc;
        if (k == 0)
            snprintf(r->it->svg_path, sizeof(r->it->svg_path), "%s", path);
    }
    return 0;
}

static int run_one(const char *file, const char *dir, figures_item_t *it, sim_err_t *err)
{
    mob_config_t *cfg = malloc(sizeof(*cfg));
    if (!cfg)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    figure_run_t r = {NULL, NULL, it};
    int rc = scn_load_file(file, NULL, 0, cfg, err);
    if (rc < 0)
        goto out;
    snprintf(it->description, sizeof(it->description), "%s", cfg->description);
    snprintf(it->scheme, sizeof(it->scheme), "%s", mob_scheme_name(cfg->scheme));
    it->n_moves = 0;
    for (int i = 0; i < cfg->n_moves && it->n_moves < 4; i++) {
        it->move_at[it->n_moves] = sim_time_to_s(cfg->moves[i].at);
        snprintf(it->move_host[it->n_moves++], sizeof(it->move_host[0]), "%.15s",
                 cfg->hosts[cfg->moves[i].host].name);
    }
    episode_hooks_t h = {
        .attach = attach_chart, .finish = finish_chart, .detach = detach_chart, .ctx = &r};
    rc = episode_run(cfg, (sim_stream_id_t){cfg->seed, 0, 0}, &h, err);
    if (rc == -SIM_EINVAL)
        sim_err_prefix(err, file);
    else if (rc < 0)
        sim_err_set(err, -rc, "%s: the run failed", file);
    if (rc == 0)
        rc = write_charts(&r, dir, err);
out:
    msc_destroy(r.msc);
    series_destroy(r.series);
    mob_config_free(cfg);
    free(cfg);
    return rc;
}

static void window_text(const char *file, figures_t *out)
{
    mob_config_t *cfg = malloc(sizeof(*cfg));
    window_t a;
    char *p = out->window_text;
    size_t cap = sizeof(out->window_text);
    p[0] = 0;
    if (!cfg)
        return;
    for (int routing = 0; routing < 2; routing++) {
        const char *set = routing ? "mh_routing=rfc6275" : "mh_routing=binding-cache";
        if (scn_load_file(file, &set, 1, cfg, NULL) < 0 || window_analytic(cfg, &a, NULL) < 0)
            break;
        size_t n = strlen(p);
        n += (size_t)snprintf(p + n, cap - n, "%s routing: offsets D = t_B - t_A losing signaling:",
                              routing ? "strict RFC 6275" : "binding-cache (paper)");
        for (int i = 0; i < a.n && n < cap; i++) {
            char lo[32], hi[32];
            sim_time_format(a.iv[i].lo < 0 ? -a.iv[i].lo : a.iv[i].lo, lo, sizeof(lo));
            sim_time_format(a.iv[i].hi < 0 ? -a.iv[i].hi : a.iv[i].hi, hi, sizeof(hi));
            n += (size_t)snprintf(p + n, cap - n, "%s[%s%s, %s%s]", i ? " u " : " ",
                                  a.iv[i].lo < 0 ? "-" : "", lo, a.iv[i].hi < 0 ? "-" : "", hi);
        }
        if (n < cap && routing == 0) {
            char tb[32], th[32], tp[32], fb[32];
            sim_time_format(a.t_b_min - 1, tb, sizeof(tb));
            sim_time_format(a.t_h_min - 1, th, sizeof(th));
            sim_time_format(a.t_p_min - 1, tp, sizeof(tp));
            sim_time_format(a.fwd_buffer_min - 1, fb, sizeof(fb));
            n += (size_t)snprintf(p + n, cap - n,
                                  "\nscheme timers that cover it: T_b > %s, T_h > %s, T_p > %s, "
                                  "fwd_buffer > %s",
                                  tb, th, tp, fb);
        }
        if (n < cap)
            snprintf(p + n, cap - n, "\n");
        mob_config_free(cfg);
    }
    mob_config_free(cfg);
    free(cfg);
}

int figures_run_all(const char *scenario_dir, const char *dir, figures_t *out,
                    void (*progress)(void *ctx, const char *line), void *ctx, sim_err_t *err)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < sizeof(figure_list) / sizeof(figure_list[0]); i++) {
        char file[4096];
        snprintf(file, sizeof(file), "%s/%s.json", scenario_dir, figure_list[i].name);
        if (access(file, R_OK) != 0)
            return sim_err_set(err, SIM_EIO, "cannot read %s: %s", file, strerror(errno));
        figures_item_t *it = &out->item[out->n++];
        snprintf(it->name, sizeof(it->name), "%s", figure_list[i].name);
        snprintf(it->title, sizeof(it->title), "%s", figure_list[i].title);
        snprintf(it->caption, sizeof(it->caption), "%s", figure_list[i].caption);
        int rc = run_one(file, dir, it, err);
        if (rc < 0)
            return rc;
        if (progress) {
            char line[256];
            snprintf(line, sizeof(line), "%-14s %-13s restored %s/%s  signaling lost %llu",
                     it->name, it->scheme, it->metrics.restored_ab ? "yes" : "no",
                     it->metrics.restored_ba ? "yes" : "no",
                     (unsigned long long)it->metrics.sig_lost);
            progress(ctx, line);
        }
        if (strcmp(it->name, "fig1") == 0)
            window_text(file, out);
    }
    return 0;
}

int figures_add_plot(figures_t *f, const char *title, const char *svg_path, const char *note)
{
    if (f->n_plots >= FIGURES_MAX_PLOTS)
        return -SIM_ERANGE;
    figures_plot_t *p = &f->plot[f->n_plots++];
    p->reading[0] = p->csv[0] = 0;
    snprintf(p->title, sizeof(p->title), "%s", title);
    snprintf(p->path, sizeof(p->path), "%s", svg_path);
    snprintf(p->note, sizeof(p->note), "%s", note ? note : "");
    return 0;
}

/* The sweep plots in the order of the argument, with how to read each. */
static const struct {
    const char *name, *title, *reading;
} sweep_plot_list[] = {
    {"restore_time", "route optimization restored, and how fast",
     "Top: the fraction of runs in which route optimization was restored in both directions "
     "(Wilson 95% bars). Bottom: the restore time over the restored runs only (Student-t 95% "
     "bars); there is no line where no run restored, a cross at 0 marks those points instead. "
     "Where the x axis is a scheme timer, the dashed vertical line is the bound that mobsim "
     "window derives: below it retransmission still restores route optimization, only later."},
    {"restored", "restored fraction", "Fraction of runs restored with Wilson 95% bars."},
    {"vulnerable", "simulated against derived",
     "Runs that lost signaling (Wilson 95%) beside the probability derived from the "
     "vulnerability window (dotted)."},
    {"episodes", "episodes",
     "Handoffs in a simultaneous-mobility episode, simulated (95% CI) "
     "and the closed form of docs/theory.md (dotted)."},
    {"broken", "broken pair-time",
     "Pair-time without route optimization (solid) and without delivery (dashed), 95% CI."},
    {"signaling", "signaling cost",
     "Control messages sent (solid) and lost (dashed) per run, 95% CI."},
};

/* "description" of DIR/sweep.json into buf ("" when missing). */
static void sweep_description(const char *dir, char *buf, size_t cap)
{
    char path[4096];
    buf[0] = 0;
    snprintf(path, sizeof(path), "%.4000s/sweep.json", dir);
    FILE *in = fopen(path, "r");
    if (!in)
        return;
    char *text = NULL;
    size_t n = 0, got;
    char chunk[8192];
    while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0) {
        char *t = realloc(text, n + got + 1);
        if (!t)
            break;
        text = t;
        memcpy(text + n, chunk, got);
        n += got;
        text[n] = 0;
    }
    fclose(in);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "description");
    if (cJSON_IsString(d))
        snprintf(buf, cap, "%s", d->valuestring);
    cJSON_Delete(j);
    free(text);
}

int figures_add_sweep(figures_t *f, const char *dir, const char *name, const char *html_dir)
{
    char desc[1024], csv[4096], href[4096];
    snprintf(csv, sizeof(csv), "%.4000s/sweep.csv", dir);
    if (access(csv, R_OK) != 0)
        return 0;
    sweep_description(dir, desc, sizeof(desc));
    size_t hl = strlen(html_dir);
    if (strncmp(csv, html_dir, hl) == 0 && csv[hl] == '/')
        snprintf(href, sizeof(href), "%s", csv + hl + 1);
    else
        snprintf(href, sizeof(href), "%s", csv);
    int added = 0;
    for (size_t i = 0; i < sizeof(sweep_plot_list) / sizeof(sweep_plot_list[0]); i++) {
        char svg[4096], title[128];
        snprintf(svg, sizeof(svg), "%.4000s/%s.svg", dir, sweep_plot_list[i].name);
        if (access(svg, R_OK) != 0)
            continue;
        snprintf(title, sizeof(title), "%.60s: %s", name, sweep_plot_list[i].title);
        if (figures_add_plot(f, title, svg, desc) < 0)
            break;
        figures_plot_t *p = &f->plot[f->n_plots - 1];
        snprintf(p->reading, sizeof(p->reading), "%s", sweep_plot_list[i].reading);
        snprintf(p->csv, sizeof(p->csv), "%s", href);
        added++;
    }
    return added;
}

/* Copies an SVG file into the page, without its XML declaration. */
static int inline_svg(FILE *out, const char *path)
{
    FILE *in = fopen(path, "r");
    if (!in)
        return -1;
    char buf[8192];
    size_t n;
    bool first = true;
    while ((n = fread(buf, 1, sizeof(buf) - 1, in)) > 0) {
        buf[n] = 0;
        char *start = buf;
        if (first) {
            char *svg = strstr(buf, "<svg");
            if (svg)
                start = svg;
            first = false;
        }
        fwrite(start, 1, n - (size_t)(start - buf), out);
    }
    fclose(in);
    return 0;
}

/* The figures with Figure 1's timing under every scheme, in scheme order. */
static const char *const delivery_figs[] = {"fig1", "fig4", "fig5", "fig6"};

/* One SVG, a panel per scheme stacked: data packets delivered per 10 ms,
 * A to B above the axis and B to A below, the handoffs as dashed lines. */
static void put_delivery_svg(FILE *f, const figures_t *fg)
{
    const figures_item_t *its[4];
    int n = 0;
    unsigned top = 1;
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < fg->n; i++)
            if (strcmp(fg->item[i].name, delivery_figs[k]) == 0) {
                its[n++] = &fg->item[i];
                for (int d = 0; d < 2; d++)
                    for (int b = 0; b < FIGURES_DELIVERY_BINS; b++)
                        if (fg->item[i].delivery[d][b] > top)
                            top = fg->item[i].delivery[d][b];
            }
    const double x0 = 170, w = 700, ph = 130, half = 45, bw = w / FIGURES_DELIVERY_BINS;
    const double t1 = FIGURES_DELIVERY_T0 + FIGURES_DELIVERY_BINS * 0.01;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 900 %.0f\" "
            "font-family=\"sans-serif\" font-size=\"12\">\n",
            n * ph + 40);
    for (int p = 0; p < n; p++) {
        const figures_item_t *it = its[p];
        double yc = p * ph + 15 + ph / 2;
        fprintf(f, "<text x=\"10\" y=\"%.1f\" font-weight=\"bold\">%s</text>", yc - 8, it->scheme);
        fprintf(f, "<text x=\"10\" y=\"%.1f\">(%s)</text>", yc + 8, it->name);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#1f77b4\">A&#8594;B</text>", x0 - 45,
                yc - half / 2);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#d62728\">B&#8594;A</text>", x0 - 45,
                yc + half / 2 + 8);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>\n", x0,
                yc, x0 + w, yc);
        for (int d = 0; d < 2; d++)
            for (int b = 0; b < FIGURES_DELIVERY_BINS; b++) {
                unsigned c = it->delivery[d][b];
                if (!c)
                    continue;
                double h = half * c / top;
                fprintf(f,
                        "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                        "fill=\"%s\"/>",
                        x0 + b * bw, d == 0 ? yc - h : yc, bw * 0.9, h,
                        d == 0 ? "#1f77b4" : "#d62728");
            }
        for (int m = 0; m < it->n_moves; m++) {
            double t = it->move_at[m];
            if (t < FIGURES_DELIVERY_T0 || t > t1)
                continue;
            double x = x0 + (t - FIGURES_DELIVERY_T0) / (t1 - FIGURES_DELIVERY_T0) * w;
            fprintf(f,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\" "
                    "stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"10\">"
                    "%s moves</text>\n",
                    x, yc - half - 5, x, yc + half + 5, x + 2, yc - half - 7 + 10 * (m % 2),
                    it->move_host[m]);
        }
    }
    double ya = n * ph + 15;
    for (double t = FIGURES_DELIVERY_T0; t <= t1 + 1e-9; t += 0.1) {
        double x = x0 + (t - FIGURES_DELIVERY_T0) / (t1 - FIGURES_DELIVERY_T0) * w;
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.1f</text>",
                x, ya - 5, x, ya, x, ya + 12, t);
    }
    fprintf(f,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">time (s); bars: data packets "
            "delivered per 10 ms (full height %u)</text>\n</svg>\n",
            x0 + w / 2, ya + 26, top);
}

static void secs(char *buf, size_t cap, bool valid, sim_time_t t)
{
    if (valid)
        snprintf(buf, cap, "%.3f s", sim_time_to_s(t));
    else
        snprintf(buf, cap, "not restored");
}

int figures_write_html(const figures_t *fg, const char *dir, sim_err_t *err)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/index.html", dir);
    outfile_t o;
    int rc = outfile_open(&o, path, err);
    if (rc < 0)
        return rc;
    FILE *f = o.f;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<title>mobsim: Simultaneous Mobility in MIPv6, reproduced</title>\n"
          "<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}"
          "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 8px;"
          "text-align:right}th{background:#eee}td:first-child{text-align:left}"
          ".fig{display:flex;gap:1.5em;align-items:flex-start;margin:2em 0;"
          "border-top:1px solid #ccc;padding-top:1em}.fig .txt{flex:0 0 280px}"
          ".fig .chart{flex:1}.fig svg{max-width:100%;height:auto}"
          ".plot{margin:2em 0;border-top:1px solid #ccc;padding-top:1em}"
          ".plot svg{max-width:100%;height:auto}pre{background:#f6f6f6;padding:8px;"
          "white-space:pre-wrap}"
          "@media print{body{max-width:none;margin:0}.fig{display:block}"
          ".fig .txt{margin-bottom:1em}.plot{break-inside:avoid}}</style>\n"
          "</head><body>\n"
          "<h1>Simultaneous Mobility in MIPv6 &mdash; reproduced by mobsim</h1>\n"
          "<p>K. D. Wong and A. Dutta, &ldquo;Simultaneous Mobility in MIPv6&rdquo;. Every chart "
          "and number below comes from a simulated run of mobsim with real RFC 6275 packets and "
          "return-routability crypto; nothing is drawn by hand. The scenario files are in "
          "<code>scenarios/</code>; each chart is also written as SVG and mscgen text beside "
          "this page.</p>\n",
          f);
    if (fg->prov) /* where the page came from: version, commit, command, date */
        prov_write_html(f, fg->prov);
    fputs("<h2>The runs</h2>\n<table><tr><th>run</th><th>scheme</th><th>A&rarr;B restored</th>"
          "<th>B&rarr;A restored</th><th>restore time</th><th>signaling sent / lost / "
          "re-forwarded</th><th>data lost</th><th>longest gap A&rarr;B</th></tr>\n",
          f);
    for (int i = 0; i < fg->n; i++) {
        const figures_item_t *it = &fg->item[i];
        const mob_metrics_t *m = &it->metrics;
        char rt[32];
        secs(rt, sizeof(rt), m->has_restore_time, m->restore_time);
        fprintf(f,
                "<tr><td><a href=\"#%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                "<td>%llu / %llu / %llu</td><td>%llu of %llu</td><td>%.3f s</td></tr>\n",
                it->name, it->name, it->scheme, m->restored_ab ? "yes" : "no",
                m->restored_ba ? "yes" : "no", rt, (unsigned long long)m->sig_sent,
                (unsigned long long)m->sig_lost, (unsigned long long)m->sig_reforwarded,
                (unsigned long long)m->data_lost, (unsigned long long)m->data_sent,
                sim_time_to_s(m->disruption_ab));
    }
    fputs("</table>\n", f);
    fputs(
        "<h2 id=\"delivery\">Data delivery around the handoffs</h2>\n<p>Figure 1's timing (A "
        "moves at 1 s, B 30 ms later) under every scheme: data packets delivered per 10 ms, A to "
        "B above the axis, B to A below, the handoffs dashed. Under baseline both directions "
        "go silent: every packet goes to a care-of address its host has left, until route "
        "optimization falls back; each fix shortens the silence. The numbers come from <code>mobsim "
        "run scenarios/figN.json --series figN.csv</code>.</p>\n<div class=\"plot\">",
        f);
    put_delivery_svg(f, fg);
    fputs("</div>\n", f);
    if (fg->window_text[0]) {
        fputs("<h2>The vulnerability window (theory, checked by simulation)</h2>\n<pre>", f);
        msc_xml_escape(f, fg->window_text);
        fputs("</pre><p>From <code>mobsim window scenarios/fig1.json</code>; docs/theory.md "
              "derives it, and <code>--search</code> finds the same window by simulation to the "
              "nanosecond.</p>\n",
              f);
    }
    for (int i = 0; i < fg->n; i++) {
        const figures_item_t *it = &fg->item[i];
        fprintf(f, "<div class=\"fig\" id=\"%s\"><div class=\"txt\"><h3>", it->name);
        msc_xml_escape(f, it->title);
        fputs("</h3><p><i>", f);
        msc_xml_escape(f, it->caption);
        fputs("</i></p><p>", f);
        msc_xml_escape(f, it->description);
        fprintf(f,
                "</p><p>Files: <a href=\"%s.svg\">%s.svg</a>, <a href=\"%s.msc\">%s.msc</a>"
                "</p></div><div class=\"chart\">",
                it->name, it->name, it->name, it->name);
        if (inline_svg(f, it->svg_path) < 0)
            fputs("(chart missing)", f);
        fputs("</div></div>\n", f);
    }
    if (fg->n_plots) {
        fputs("<h2>Sweeps</h2>\n", f);
        for (int i = 0; i < fg->n_plots; i++) {
            fputs("<div class=\"plot\"><h3>", f);
            msc_xml_escape(f, fg->plot[i].title);
            fputs("</h3><p>", f);
            msc_xml_escape(f, fg->plot[i].note);
            fputs("</p>", f);
            if (fg->plot[i].reading[0]) {
                fputs("<p><i>", f);
                msc_xml_escape(f, fg->plot[i].reading);
                fputs("</i></p>", f);
            }
            if (fg->plot[i].csv[0]) {
                fputs("<p>Numbers: <a href=\"", f);
                msc_xml_escape(f, fg->plot[i].csv);
                fputs("\">", f);
                msc_xml_escape(f, fg->plot[i].csv);
                fputs("</a></p>", f);
            }
            if (inline_svg(f, fg->plot[i].path) < 0)
                fputs("(plot missing)", f);
            fputs("</div>\n", f);
        }
    }
    fputs("</body></html>\n", f);
    return outfile_commit(&o, err);
}
