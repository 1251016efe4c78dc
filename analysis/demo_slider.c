/* analysis/demo_slider.c - the slider page of demo_slider.h: 81 offsets x 4
 * schemes of real runs, their charts packed per scheme, their outcomes as
 * JSON, and the script that shows one of them at a time. */
#include "analysis/demo_slider.h"

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "analysis/episode.h"
#include "analysis/report.h"
#include "analysis/window.h"

/* ------------------------------------------------------------- runs */

/* One run: its outcome (the `mobsim run --json` keys of demo_slider.h, plus
 * offset_ms, verdict and text) and its chart. */
typedef struct slide_run {
    cJSON *outcome;
    char *svg;
    size_t svg_len;
} slide_run_t;

typedef struct run_ctx {
    msc_t *m;
    const mob_config_t *cfg;
    cJSON *metrics;
    const demo_slider_opts_t *o;
} run_ctx_t;

static int attach(void *ctx, sim_t *sim, mob_world_t *w, sim_err_t *err)
{
    run_ctx_t *r = ctx;
    if (msc_create(sim, w, 0, &r->m) < 0)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    return 0;
}

static int finish(void *ctx, mob_world_t *w, sim_err_t *err)
{
    run_ctx_t *r = ctx;
    r->metrics = report_metrics_json(r->cfg, mob_world_metrics(w));
    if (!r->metrics || msc_finish(r->m) < 0)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    return 0;
}

static void detach(void *ctx, sim_t *sim, mob_world_t *w)
{
    (void)sim;
    (void)w;
    run_ctx_t *r = ctx;
    if (r->m)
        msc_finish(r->m); /* leaves the bus before the sim goes */
}

static bool tick(void *ctx, sim_time_t now, sim_time_t horizon)
{
    const run_ctx_t *r = ctx;
    return r->o->tick(r->o->tick_ctx, now, horizon);
}

/* The keys of `mobsim run --json` that the page shows, moved from metrics
 * into out. false when out of memory. */
static bool keep_keys(cJSON *metrics, cJSON *out)
{
    static const char *const keys[] = {"restored",  "restored_at", "restore_time",  "last_detach",
                                       "signaling", "lost",        "lost_unlisted", "data"};
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(metrics, keys[k]);
        if (!v)
            return false;
        cJSON_AddItemToObject(out, keys[k], v);
    }
    return true;
}

/* "both directions restored 0.250 s after the later link break (t=1.000 s)"
 * or which direction was not restored; the words of `mobsim run`. */
static void outcome_text(const mob_config_t *cfg, const cJSON *o, char *buf, size_t cap)
{
    char ab[2 * MOB_NAME_MAX + 4], ba[2 * MOB_NAME_MAX + 4];
    report_direction_key(cfg, true, ab, sizeof(ab));
    report_direction_key(cfg, false, ba, sizeof(ba));
    const cJSON *rt = cJSON_GetObjectItemCaseSensitive(o, "restore_time");
    const cJSON *ld = cJSON_GetObjectItemCaseSensitive(o, "last_detach");
    if (cJSON_IsNumber(rt)) {
        snprintf(buf, cap, "both directions restored %.3f s after the later link break (t=%.3f s)",
                 rt->valuedouble, cJSON_IsNumber(ld) ? ld->valuedouble : 0.0);
        return;
    }
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(o, "restored");
    bool r_ab = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, ab));
    bool r_ba = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, ba));
    const char *na = cfg->hosts[0].name, *nb = cfg->hosts[1].name;
    if (!r_ab && !r_ba)
        snprintf(buf, cap, "neither %s -> %s nor %s -> %s restored by the horizon (t=%.3f s)", na,
                 nb, nb, na, sim_time_to_s(cfg->horizon));
    else
        snprintf(buf, cap, "%s -> %s restored, %s -> %s not restored by the horizon (t=%.3f s)",
                 r_ab ? na : nb, r_ab ? nb : na, r_ab ? nb : na, r_ab ? na : nb,
                 sim_time_to_s(cfg->horizon));
}

static int run_one(const mob_config_t *cfg, long offset_ms, const demo_slider_opts_t *o,
                   slide_run_t *out, sim_err_t *err)
{
    run_ctx_t r = {.cfg = cfg, .o = o};
    episode_hooks_t h = {attach, finish, detach, o->tick ? tick : NULL, 0, &r};
    int rc = episode_run(cfg, (sim_stream_id_t){cfg->seed, 0, 0}, &h, err);
    if (rc == 0) {
        msc_opts_t mo;
        msc_opts_default(&mo);
        mo.from = o->from;
        mo.to = o->to;
        FILE *mem = open_memstream(&out->svg, &out->svg_len);
        rc = mem ? msc_write_svg(r.m, &mo, mem) : -SIM_ENOMEM;
        if (mem && fclose(mem) != 0 && rc == 0)
            rc = -SIM_ENOMEM;
        if (rc < 0)
            sim_err_set(err, -rc, "out of memory");
    }
    if (rc == 0) {
        out->outcome = cJSON_CreateObject();
        char text[256];
        bool ok = out->outcome && cJSON_AddNumberToObject(out->outcome, "offset_ms", offset_ms) &&
                  keep_keys(r.metrics, out->outcome);
        if (ok) {
            outcome_text(cfg, out->outcome, text, sizeof(text));
            bool restored =
                cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(out->outcome, "restore_time"));
            ok = cJSON_AddStringToObject(out->outcome, "verdict",
                                         restored ? "restored" : "not restored") &&
                 cJSON_AddStringToObject(out->outcome, "text", text);
        }
        if (!ok)
            rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    cJSON_Delete(r.metrics);
    msc_destroy(r.m);
    return rc;
}

/* ---------------------------------------------------------- packing */

/* The charts of one scheme, joined by NUL, as a zlib stream in base64
 * (NUL-terminated, malloc'd into *out). */
static int pack_charts(const slide_run_t *runs, int n, char **out)
{
    size_t len = 0;
    for (int k = 0; k < n; k++)
        len += runs[k].svg_len + 1;
    unsigned char *raw = malloc(len);
    if (!raw)
        return -SIM_ENOMEM;
    size_t at = 0;
    for (int k = 0; k < n; k++) {
        memcpy(raw + at, runs[k].svg, runs[k].svg_len);
        at += runs[k].svg_len;
        raw[at++] = 0;
    }
    uLongf zlen = compressBound(len);
    unsigned char *z = malloc(zlen);
    char *b64 = NULL;
    int rc = -SIM_ENOMEM;
    if (z && compress2(z, &zlen, raw, len - 1, 9) == Z_OK) { /* no NUL after the last */
        b64 = malloc(4 * ((zlen + 2) / 3) + 1);
        if (b64) {
            EVP_EncodeBlock((unsigned char *)b64, z, (int)zlen);
            rc = 0;
        }
    }
    free(raw);
    free(z);
    *out = b64;
    return rc;
}

/* ------------------------------------------------------------ page */

static long offset_ms_of(int k)
{
    return (long)((-DEMO_SLIDER_RANGE + (sim_time_t)k * DEMO_SLIDER_STEP) / SIM_MS(1));
}

int demo_slider_check(const mob_config_t *base, sim_err_t *err)
{
    int am, bm;
    sim_err_t e = {0};
    if (window_check(base, &am, &bm, &e) < 0) {
        const char *why = strncmp(e.msg, "window: ", 8) == 0 ? e.msg + 8 : e.msg;
        return sim_err_set(err, SIM_EINVAL, "--interactive: %s", why);
    }
    if (base->moves[am].at < DEMO_SLIDER_RANGE)
        return sim_err_set(err, SIM_EINVAL, "--interactive: expected %s's move at 400ms or later",
                           base->hosts[0].name);
    return 0;
}

/* The page's description of the base scenario and the window bar. */
static cJSON *page_meta(const mob_config_t *base, const window_t *w, int am, int bm)
{
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    bool ok = cJSON_AddStringToObject(j, "name", base->name) &&
              cJSON_AddStringToObject(j, "description", base->description) &&
              cJSON_AddStringToObject(j, "a", base->hosts[0].name) &&
              cJSON_AddStringToObject(j, "b", base->hosts[1].name) &&
              cJSON_AddNumberToObject(j, "a_at", sim_time_to_s(base->moves[am].at)) &&
              cJSON_AddNumberToObject(j, "base_offset_ms",
                                      (double)(base->moves[bm].at - base->moves[am].at) / 1e6) &&
              cJSON_AddNumberToObject(j, "range_ms", (double)DEMO_SLIDER_RANGE / 1e6) &&
              cJSON_AddNumberToObject(j, "step_ms", (double)DEMO_SLIDER_STEP / 1e6) &&
              cJSON_AddStringToObject(j, "routing", window_routing_label(base));
    char params[256];
    snprintf(params, sizeof(params), "T_b %g ms, T_h %g ms, T_p %g ms, fwd_buffer %g ms",
             (double)base->T_b / 1e6, (double)base->T_h / 1e6, (double)base->T_p / 1e6,
             (double)base->fwd_buffer / 1e6);
    ok = ok && cJSON_AddStringToObject(j, "params", params);
    cJSON *iv = ok ? cJSON_AddArrayToObject(j, "window") : NULL;
    ok = iv != NULL;
    for (int i = 0; ok && i < w->n; i++) {
        double lohi[2] = {(double)w->iv[i].lo / 1e6, (double)w->iv[i].hi / 1e6};
        cJSON *e = cJSON_CreateDoubleArray(lohi, 2);
        ok = e && cJSON_AddItemToArray(iv, e);
    }
    cJSON *sch = ok ? cJSON_AddArrayToObject(j, "schemes") : NULL;
    ok = sch != NULL;
    for (int s = 0; ok && s < DEMO_SLIDER_SCHEMES; s++) {
        cJSON *e = cJSON_CreateString(mob_scheme_name((mob_scheme_t)s));
        ok = e && cJSON_AddItemToArray(sch, e);
    }
    if (!ok) {
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

/* All runs of one scheme into runs[DEMO_SLIDER_OFFSETS]. */
static int run_scheme(const mob_config_t *base, mob_scheme_t s, int am, int bm,
                      const demo_slider_opts_t *o, slide_run_t *runs, sim_err_t *err)
{
    mob_config_t *c = malloc(sizeof(*c));
    if (!c)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    int rc = 0;
    for (int k = 0; rc == 0 && k < DEMO_SLIDER_OFFSETS; k++) {
        if (mob_config_copy(c, base) < 0) {
            rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
            break;
        }
        c->scheme = s;
        c->moves[bm].at = c->moves[am].at + (sim_time_t)offset_ms_of(k) * SIM_MS(1);
        rc = run_one(c, offset_ms_of(k), o, &runs[k], err);
        mob_config_free(c);
    }
    free(c);
    return rc;
}

static void json_out(FILE *f, const cJSON *j, bool *ok)
{
    char *t = *ok ? cJSON_PrintUnformatted(j) : NULL;
    *ok = t != NULL;
    if (!t)
        return;
    /* '<' escaped so that no string can close the script element */
    for (const char *p = t; *p; p++) {
        if (*p == '<')
            fputs("\\u003c", f);
        else
            fputc(*p, f);
    }
    free(t);
}

/* The page: markup and style, then (after the data) the script. The script
 * reads SLIDER (meta, window, runs[scheme][offset]) and CHARTS (per scheme
 * the packed charts) and shows the run the slider and the selector pick. */
static const char page_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>";

static const char page_body[] =
    "</title>\n<style>\n"
    "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:0;color:#222;"
    "background:#fafafa}\n"
    "header{padding:10px 16px;background:#1f3b73;color:#fff}\n"
    "header h1{font-size:18px;margin:0 0 4px}header p{margin:0;font-size:13px;opacity:.9}\n"
    "#main{display:flex;gap:14px;padding:12px 16px;align-items:flex-start}\n"
    "#side{flex:0 0 470px;position:sticky;top:8px}\n"
    ".box{background:#fff;border:1px solid #ccd;border-radius:5px;margin-bottom:10px;"
    "padding:8px 10px;font-size:13px}\n"
    ".box h2{font-size:14px;margin:0 0 6px}\n"
    "#offset{width:100%;margin:6px 0}\n"
    "#offset-value{font-size:20px;font-weight:bold;color:#1f3b73}\n"
    "select{font-size:14px;padding:3px}\n"
    "#verdict{font-size:18px;font-weight:bold;padding:1px 8px;border-radius:4px;color:#fff}\n"
    "#verdict.ok{background:#2e7d32}#verdict.bad{background:#c62828}\n"
    "#outcome-text{display:block;margin-top:6px}\n"
    "#lost-list{margin:0;padding-left:22px;font-family:'DejaVu Sans Mono',monospace;"
    "font-size:11.5px}\n"
    "#lost-list li{color:#a00010}\n"
    ".note{color:#555;font-size:12px}\n"
    "#chart{flex:1 1 auto;background:#fff;border:1px solid #ccd;min-height:300px}\n"
    "#chart svg{width:100%;height:auto;display:block}\n"
    "#chart p{padding:12px}\n"
    "</style>\n</head>\n<body data-charts=\"loading\">\n"
    "<header><h1 id=\"title\"></h1><p id=\"description\"></p></header>\n"
    "<div id=\"main\">\n<div id=\"side\">\n"
    "<div class=\"box\"><h2>B's handoff against A's: &Delta; = t<sub>B</sub> &minus; "
    "t<sub>A</sub> = <span id=\"offset-value\"></span></h2>\n"
    "<input id=\"offset\" type=\"range\" aria-label=\"offset of B's handoff\">\n"
    "<div class=\"note\" id=\"moves\"></div>\n"
    "<p>scheme <select id=\"scheme\" aria-label=\"scheme\"></select> "
    "<span class=\"note\" id=\"params\"></span></p></div>\n"
    "<div class=\"box\"><h2>Vulnerability window</h2><div id=\"window-bar\"></div>\n"
    "<div class=\"note\" id=\"window-text\"></div></div>\n"
    "<div class=\"box\" id=\"outcome\"><h2>Outcome</h2><span id=\"verdict\"></span>"
    "<span id=\"outcome-text\"></span>\n<div class=\"note\" id=\"counts\"></div></div>\n"
    "<div class=\"box\"><h2>Lost control messages: <span id=\"lost-count\"></span></h2>"
    "<ol id=\"lost-list\"></ol></div>\n"
    "<p class=\"note\">Every position of the slider is a run of the simulator, made when "
    "this page was written (mobsim demo --interactive); nothing is computed here but the "
    "drawing. Keys: &larr;/&rarr; move the slider by 10 ms once it has the focus.</p>\n"
    "</div>\n<div id=\"chart\"><p>unpacking the charts&hellip;</p></div>\n</div>\n";

static const char page_script[] =
    "<script>\n'use strict';\n(function(){\n"
    "var M=SLIDER,R=M.range_ms,ST=M.step_ms,charts=null,failed=null;\n"
    "function $(id){return document.getElementById(id);}\n"
    "function esc(t){return String(t).replace(/&/g,'&amp;').replace(/</g,'&lt;');}\n"
    "function idx(ms){return Math.max(0,Math.min(M.runs[0].length-1,Math.round((ms+R)/ST)));}\n"
    "function fmt(ms){return (ms>0?'+':ms<0?'\\u2212':'')+Math.abs(ms)+' ms';}\n"
    "function inWin(ms){return M.window.some(function(w){return ms>=w[0]&&ms<=w[1];});}\n"
    "function sec(x){return x===null?'-':x.toFixed(3)+' s';}\n"
    "var W=460,x0=14,x1=W-14;function X(ms){return x0+(ms+R)/(2*R)*(x1-x0);}\n"
    "function bar(s){var h='<svg id=\"window-svg\" viewBox=\"0 0 '+W+' 74\" width=\"100%\" "
    "font-size=\"10\">';\n"
    "  h+='<line x1=\"'+x0+'\" y1=\"30\" x2=\"'+x1+'\" y2=\"30\" stroke=\"#888\"/>';\n"
    "  for(var t=-R;t<=R;t+=100)h+='<line x1=\"'+X(t)+'\" y1=\"28\" x2=\"'+X(t)+'\" y2=\"33\" "
    "stroke=\"#888\"/><text x=\"'+X(t)+'\" y=\"44\" text-anchor=\"middle\" fill=\"#666\">'+t+"
    "'</text>';\n"
    "  M.window.forEach(function(w){h+='<rect class=\"win\" x=\"'+X(w[0])+'\" y=\"14\" "
    "width=\"'+(X(w[1])-X(w[0]))+'\" height=\"14\" fill=\"#f4b6b6\" stroke=\"#c62828\"/>'+\n"
    "    '<text x=\"'+X(w[0])+'\" y=\"10\" text-anchor=\"middle\" fill=\"#c62828\">'+w[0]+"
    "'</text><text x=\"'+X(w[1])+'\" y=\"10\" text-anchor=\"middle\" fill=\"#c62828\">'+w[1]+"
    "'</text>';});\n"
    "  var cw=(x1-x0)/(M.runs[s].length-1);M.runs[s].forEach(function(r){h+='<rect x=\"'+"
    "(X(r.offset_ms)-cw/2)+'\" y=\"52\" width=\"'+cw+'\" height=\"10\" fill=\"'+"
    "(r.verdict==='restored'?'#66bb6a':'#e57373')+'\"><title>'+fmt(r.offset_ms)+': '+r.verdict+"
    "'</title></rect>';});\n"
    "  h+='<text x=\"'+x0+'\" y=\"72\" fill=\"#666\">'+esc(M.schemes[s])+' at each offset "
    "(green restored, red not); ms</text>';\n"
    "  h+='<path id=\"window-mark\" d=\"M0 12 L-5 2 L5 2 Z M0 12 L0 64\" stroke=\"#1f3b73\" "
    "stroke-width=\"2\" fill=\"#1f3b73\"/></svg>';$('window-bar').innerHTML=h;}\n"
    "var shown=-1;\n"
    "function show(){var s=$('scheme').selectedIndex,k=idx(+$('offset').value),r=M.runs[s][k];\n"
    "  var off=r.offset_ms,b=document.body;if(shown!==s){bar(s);shown=s;}\n"
    "  $('offset-value').textContent=fmt(off);\n"
    "  $('moves').textContent=M.a+' moves at '+M.a_at.toFixed(3)+' s, '+M.b+' at '+"
    "(M.a_at+off/1000).toFixed(3)+' s';\n"
    "  $('window-mark').setAttribute('transform','translate('+X(off)+',0)');\n"
    "  $('window-text').textContent='The baseline\\'s window ('+M.routing+'): '+"
    "(M.window.length?M.window.map(function(w){return '['+w[0]+' ms, '+w[1]+' ms]';})"
    ".join(', '):'none')+'. \\u0394 = '+fmt(off)+' is '+(inWin(off)?'inside':'outside')+' it.';\n"
    "  var v=$('verdict');v.textContent=r.verdict;v.className=r.verdict==='restored'?'ok':'bad';\n"
    "  $('outcome-text').textContent=r.text;\n"
    "  $('counts').textContent='signaling '+r.signaling.sent+' sent, '+r.signaling.lost+"
    "' lost, '+r.signaling.reforwarded+' re-forwarded; data '+r.data.lost+' of '+r.data.sent+"
    "' lost';\n"
    "  $('lost-count').textContent=r.signaling.lost;var h='';\n"
    "  r.lost.forEach(function(l){h+='<li>t='+l.sent_at.toFixed(3)+'s '+esc(l.type)+' '+"
    "esc(l.from)+' -&gt; '+esc(l.to)+' died at '+esc(l.where)+' t='+"
    "l.died_at.toFixed(3)+'s: '+esc(l.why)+'</li>';});\n"
    "  if(r.lost_unlisted)h+='<li>... and '+r.lost_unlisted+' more</li>';\n"
    "  $('lost-list').innerHTML=h;\n"
    "  if(charts)$('chart').innerHTML=charts[s][k];\n"
    "  else if(failed)$('chart').innerHTML='<p>This browser cannot unpack the charts ('+"
    "esc(failed)+'): they need DecompressionStream (Chromium 80, Firefox 113, Safari 16.4 or "
    "later).</p>';\n"
    "  b.setAttribute('data-offset',off);b.setAttribute('data-scheme',M.schemes[s]);\n"
    "  b.setAttribute('data-verdict',r.verdict);}\n"
    "function unpack(b64){var bin=atob(b64),u=new Uint8Array(bin.length);\n"
    "  for(var i=0;i<bin.length;i++)u[i]=bin.charCodeAt(i);\n"
    "  var st=new Blob([u]).stream().pipeThrough(new DecompressionStream('deflate'));\n"
    "  return new Response(st).text().then(function(t){return t.split('\\u0000');});}\n"
    "$('title').textContent=M.name+': slide '+M.b+'\\'s handoff against '+M.a+'\\'s';\n"
    "$('description').textContent=M.description;\n"
    "$('params').textContent='('+M.params+')';\n"
    "M.schemes.forEach(function(n){var o=document.createElement('option');o.textContent=n;"
    "$('scheme').appendChild(o);});\n"
    "var sl=$('offset');sl.min=-R;sl.max=R;sl.step=ST;\n"
    "var q=new URLSearchParams(location.search);\n"
    "new URLSearchParams(location.hash.replace(/^#/,'')).forEach(function(v,n){q.set(n,v);});\n"
    "sl.value=q.has('offset')?+q.get('offset'):ST*Math.round(M.base_offset_ms/ST);\n"
    "if(q.has('scheme'))$('scheme').selectedIndex=Math.max(0,M.schemes.indexOf(q.get('scheme')));\n"
    "sl.oninput=show;$('scheme').onchange=show;show();\n"
    "try{Promise.all(CHARTS.map(unpack)).then(function(a){charts=a;"
    "document.body.setAttribute('data-charts','ready');show();},function(e){failed=String(e);"
    "document.body.setAttribute('data-charts','unavailable');show();});}\n"
    "catch(e){failed=String(e);document.body.setAttribute('data-charts','unavailable');show();}\n"
    "})();\n</script>\n</body>\n</html>\n";

static int write_page(FILE *f, const mob_config_t *base, cJSON *meta, cJSON *const *outcomes,
                      char *const *packed)
{
    fputs(page_head, f);
    msc_xml_escape(f, "mobsim demo: ");
    msc_xml_escape(f, base->name);
    msc_xml_escape(f, " with a slider");
    fputs(page_body, f);
    fputs("<script>\nvar SLIDER=", f);
    bool ok = true;
    json_out(f, meta, &ok);
    fputs(";\nSLIDER.runs=[", f);
    for (int s = 0; ok && s < DEMO_SLIDER_SCHEMES; s++) {
        fputs(s ? ",\n" : "\n", f);
        json_out(f, outcomes[s], &ok);
    }
    fputs("];\nvar CHARTS=[", f);
    for (int s = 0; ok && s < DEMO_SLIDER_SCHEMES; s++)
        fprintf(f, "%s\"%s\"", s ? ",\n" : "\n", packed[s]);
    fputs("];\n</script>\n", f);
    fputs(page_script, f);
    if (!ok)
        return -SIM_ENOMEM;
    return ferror(f) ? -SIM_EIO : 0;
}

int demo_slider_write_html(const mob_config_t *base, const demo_slider_opts_t *o, FILE *f,
                           sim_err_t *err)
{
    int rc = demo_slider_check(base, err);
    if (rc < 0)
        return rc;
    int am, bm;
    window_check(base, &am, &bm, NULL);
    window_t w;
    rc = window_analytic(base, &w, err);
    if (rc < 0)
        return rc;
    cJSON *meta = page_meta(base, &w, am, bm);
    cJSON *outcomes[DEMO_SLIDER_SCHEMES] = {0};
    char *packed[DEMO_SLIDER_SCHEMES] = {0};
    slide_run_t *runs = calloc(DEMO_SLIDER_OFFSETS, sizeof(*runs));
    if (!meta || !runs)
        rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
    for (int s = 0; rc == 0 && s < DEMO_SLIDER_SCHEMES; s++) {
        memset(runs, 0, DEMO_SLIDER_OFFSETS * sizeof(*runs));
        rc = run_scheme(base, (mob_scheme_t)s, am, bm, o, runs, err);
        outcomes[s] = cJSON_CreateArray();
        if (rc == 0 && !outcomes[s])
            rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
        if (rc == 0 && pack_charts(runs, DEMO_SLIDER_OFFSETS, &packed[s]) < 0)
            rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
        for (int k = 0; k < DEMO_SLIDER_OFFSETS; k++) {
            if (rc == 0 && outcomes[s])
                cJSON_AddItemToArray(outcomes[s], runs[k].outcome);
            else
                cJSON_Delete(runs[k].outcome);
            free(runs[k].svg);
        }
    }
    if (rc == 0)
        rc = write_page(f, base, meta, outcomes, packed);
    if (rc == -SIM_EIO)
        sim_err_set(err, SIM_EIO, "writing failed");
    else if (rc == -SIM_ENOMEM && err && !err->msg[0])
        sim_err_set(err, SIM_ENOMEM, "out of memory");
    for (int s = 0; s < DEMO_SLIDER_SCHEMES; s++) {
        cJSON_Delete(outcomes[s]);
        free(packed[s]);
    }
    cJSON_Delete(meta);
    free(runs);
    return rc;
}
