/* analysis/demo.c - the teaching views of demo.h: state panels, the
 * terminal screen and the self-contained HTML page. The words of the state
 * panels are made here once (fields_of_host() and friends) and used by both
 * front ends, so the terminal and the browser never disagree. */
#include "analysis/demo.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------- state words */

typedef struct corr_fields {
    char peer[MOB_NAME_MAX];
    char bce[160]; /* "B at 2001:db8:b1::200 (B1), expires 420.000 s" or "empty (...)" */
    char bul[160]; /* "to B: RR; home token no, care-of token no; BU seq 1"; "" none */
} corr_fields_t;

typedef struct host_fields {
    char name[MOB_NAME_MAX];
    char coa[128]; /* "2001:db8:a2::100 (A2)" or "none: detached, moving to A2" */
    char home[96]; /* "home BU seq 2 accepted" */
    int n_corr;    /* shown */
    int more;      /* correspondents not shown (beyond MOB_VIEW_MAX) */
    corr_fields_t corr[MOB_VIEW_MAX];
} host_fields_t;

typedef struct ha_fields {
    char name[MOB_NAME_MAX];
    char binds[256]; /* "A at 2001:db8:a2::100 (A2), seq 2" */
    char copies[32]; /* "0" */
} ha_fields_t;

static void addr_net(const msc_t *m, const net_addr_t *a, char *buf, size_t cap)
{
    char t[NET_ADDR_STRLEN];
    net_addr_format(a, t, sizeof(t));
    const char *net = m ? msc_net_of(m, a) : "";
    snprintf(buf, cap, "%s%s%s%s", t, net[0] ? " (" : "", net, net[0] ? ")" : "");
}

/* The CN role's cache entry and the MN role's BUL entry for one
 * correspondent; a stationary host has no BUL (bul ""). */
static void fields_of_corr(const msc_t *m, const mob_host_view_t *hv, const mob_corr_view_t *c,
                           corr_fields_t *x)
{
    char a[96];
    const char *p = c->peer[0] ? c->peer : "peer";
    snprintf(x->peer, sizeof(x->peer), "%s", p);
    if (c->bce_valid) {
        addr_net(m, &c->bce_coa, a, sizeof(a));
        snprintf(x->bce, sizeof(x->bce), "%s at %s, expires %.3f s", p, a,
                 sim_time_to_s(c->bce_expires));
    } else if (c->peer_stationary) {
        snprintf(x->bce, sizeof(x->bce), "empty (%s is stationary: reached at its address)", p);
    } else {
        snprintf(x->bce, sizeof(x->bce), "empty (%s reached through its home agent)", p);
    }
    x->bul[0] = 0;
    if (!hv->stationary)
        snprintf(x->bul, sizeof(x->bul), "to %s: %s; home token %s, care-of token %s; BU seq %u", p,
                 c->cr_state ? c->cr_state : "?", c->have_home_token ? "yes" : "no",
                 c->have_coa_token ? "yes" : "no", (unsigned)c->bu_seq);
}

static void fields_of_host(const msc_t *m, const mob_world_view_t *v, int i, host_fields_t *h)
{
    const mob_host_view_t *hv = &v->host[i];
    char a[96];
    snprintf(h->name, sizeof(h->name), "%s", hv->name);
    if (hv->attached) {
        addr_net(m, &hv->coa, a, sizeof(a));
        snprintf(h->coa, sizeof(h->coa), "%s", a);
    } else {
        snprintf(h->coa, sizeof(h->coa), "none: detached, moving to %s", hv->net);
    }
    if (hv->stationary)
        snprintf(h->home, sizeof(h->home), "none: stationary correspondent, no home agent");
    else
        snprintf(h->home, sizeof(h->home), "home BU seq %u %s", (unsigned)hv->home_seq,
                 hv->home_registered ? "accepted" : "not acknowledged yet");
    h->n_corr = hv->n_corr < MOB_VIEW_MAX ? hv->n_corr : MOB_VIEW_MAX;
    h->more = hv->n_corr_total > h->n_corr ? hv->n_corr_total - h->n_corr : 0;
    for (int c = 0; c < h->n_corr; c++)
        fields_of_corr(m, hv, &hv->corr[c], &h->corr[c]);
}

static void fields_of_ha(const msc_t *m, const mob_ha_view_t *av, ha_fields_t *h)
{
    snprintf(h->name, sizeof(h->name), "%s", av->name);
    size_t len = 0;
    h->binds[0] = 0;
    for (int b = 0; b < av->n_bindings && len < sizeof(h->binds); b++) {
        char a[96];
        addr_net(m, &av->bind[b].coa, a, sizeof(a));
        len += (size_t)snprintf(h->binds + len, sizeof(h->binds) - len, "%s%s at %s, seq %u",
                                b ? "; " : "", av->bind[b].host, a, (unsigned)av->bind[b].seq);
    }
    if (av->n_bindings == 0)
        snprintf(h->binds, sizeof(h->binds), "no binding");
    snprintf(h->copies, sizeof(h->copies), "%d", av->copies_held);
}

/* The panel lines after chart step i, into lines[][LINE_CAP]; returns the
 * count. Per host: CoA, home, then per correspondent its cache and BUL
 * lines; then one line per home agent. */
enum {
    PANEL_LINES = MOB_VIEW_MAX * (3 + 2 * MOB_VIEW_MAX) + MOB_VIEW_MAX,
    LINE_CAP = 400,
};
typedef char panel_t[PANEL_LINES][LINE_CAP];

static int view_lines(const msc_t *m, const mob_world_view_t *v, char lines[][LINE_CAP])
{
    int n = 0;
    for (int h = 0; h < v->n_hosts; h++) {
        host_fields_t f;
        fields_of_host(m, v, h, &f);
        snprintf(lines[n++], LINE_CAP, "%-5s CoA   %s", f.name, f.coa);
        snprintf(lines[n++], LINE_CAP, "      home  %s", f.home);
        for (int c = 0; c < f.n_corr; c++) {
            snprintf(lines[n++], LINE_CAP, "      cache %s", f.corr[c].bce);
            if (f.corr[c].bul[0])
                snprintf(lines[n++], LINE_CAP, "      BUL   %s", f.corr[c].bul);
        }
        if (f.n_corr == 0)
            snprintf(lines[n++], LINE_CAP, "      cache empty (no correspondent)");
        if (f.more)
            snprintf(lines[n++], LINE_CAP, "      ...   and %d more correspondents", f.more);
    }
    for (int a = 0; a < v->n_has; a++) {
        ha_fields_t f;
        fields_of_ha(m, &v->ha[a], &f);
        snprintf(lines[n++], LINE_CAP, "%-5s %s; copies kept %s", f.name, f.binds, f.copies);
    }
    return n;
}

static int panel_lines(const msc_t *m, size_t i, char lines[][LINE_CAP])
{
    const mob_world_view_t *v = msc_step_view(m, i);
    return v ? view_lines(m, v, lines) : 0;
}

int demo_write_state(const msc_t *m, size_t i, FILE *f)
{
    const mob_world_view_t *v = msc_step_view(m, i);
    return v ? demo_write_view(m, v, f) : (ferror(f) ? -SIM_EIO : 0);
}

int demo_write_view(const msc_t *m, const mob_world_view_t *v, FILE *f)
{
    panel_t *lines = malloc(sizeof(*lines));
    if (!lines)
        return -SIM_ENOMEM;
    int n = view_lines(m, v, *lines);
    for (int k = 0; k < n; k++)
        fprintf(f, "%s\n", (*lines)[k]);
    free(lines);
    return ferror(f) ? -SIM_EIO : 0;
}

/* -------------------------------------------------------------- steps */

size_t demo_n_steps(const msc_t *m, const msc_opts_t *o)
{
    size_t a, b;
    msc_step_range(m, o, &a, &b);
    return b - a;
}

size_t demo_step_of(const msc_t *m, const msc_opts_t *o, size_t i)
{
    size_t a, b;
    msc_step_range(m, o, &a, &b);
    return i >= a && i < b ? i - a + 1 : 0;
}

/* ------------------------------------------------------------ terminal */

#define C_BOLD   "\033[1m"
#define C_RED    "\033[31m"
#define C_GREEN  "\033[32m"
#define C_YELLOW "\033[33m"
#define C_DIM    "\033[2m"
#define C_OFF    "\033[0m"

static void put_line(FILE *f, const demo_screen_t *s, const char *color, const char *text)
{
    int w = s->width > 20 ? s->width : 20;
    if (s->color && color)
        fprintf(f, "%s%.*s%s\n", color, w, text, C_OFF);
    else
        fprintf(f, "%.*s\n", w, text);
}

int demo_write_screen(const msc_t *m, const msc_opts_t *o, size_t n, const demo_screen_t *s,
                      FILE *f)
{
    size_t first, end;
    msc_step_range(m, o, &first, &end);
    if (end == first) {
        put_line(f, s, NULL, "mobsim demo: nothing happens in this run's window");
        return ferror(f) ? -SIM_EIO : 0;
    }
    size_t total = end - first;
    if (n < 1)
        n = 1;
    if (n > total)
        n = total;
    size_t i = first + n - 1;
    const msc_step_t *st = msc_step(m, i);
    char line[1024];
    int used = 0;

    snprintf(line, sizeof(line), "mobsim demo %s - %s", msc_title(m), msc_description(m));
    put_line(f, s, C_BOLD, line);
    char t[32];
    snprintf(t, sizeof(t), st->at % SIM_MS(1) ? "%.6f" : "%.3f", sim_time_to_s(st->at));
    snprintf(line, sizeof(line), "step %zu/%zu   t = %s s", n, total, t);
    put_line(f, s, C_DIM, line);
    snprintf(line, sizeof(line), ">> %s", st->text);
    put_line(f, s, st->is_loss ? C_BOLD C_RED : C_BOLD, line);
    put_line(f, s, NULL, "");
    used += 4;

    panel_t *now = malloc(sizeof(*now)), *before = malloc(sizeof(*before));
    if (!now || !before) {
        free(now);
        free(before);
        return -SIM_ENOMEM;
    }
    int k = panel_lines(m, i, *now);
    int kb = i > first ? panel_lines(m, i - 1, *before) : 0;
    for (int l = 0; l < k; l++) {
        bool changed = l < kb && strcmp((*now)[l], (*before)[l]) != 0;
        snprintf(line, sizeof(line), "%c %s", changed ? '*' : ' ', (*now)[l]);
        put_line(f, s, changed ? C_YELLOW : NULL, line);
    }
    free(now);
    free(before);
    used += k;
    put_line(f, s, NULL, "");
    put_line(f, s, C_DIM, "sequence so far (# handoff, + binding, * scheme, x lost, = tunnel):");
    used += 2;
    /* chart rows: what is left of the screen, minus header, in-flight and help lines */
    int rows = s->height - used - 4;
    if (rows < 3)
        rows = 3;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return -SIM_ENOMEM;
    int rc = msc_write_ascii(m, o, i, s->width, rows, mem);
    fclose(mem);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    for (char *p = buf, *nl; p && *p; p = nl + 1) {
        nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = 0;
        const char *color = NULL;
        if (strstr(p, " LOST") || strstr(p, " drops "))
            color = C_RED;
        else if (p[0] == '>')
            color = C_BOLD;
        put_line(f, s, color, p);
    }
    free(buf);
    put_line(f, s, C_DIM, "[Enter] next   b back   q quit   N go to step N");
    return ferror(f) ? -SIM_EIO : 0;
}

/* ---------------------------------------------------------------- HTML */

/* A JSON string; '<' escaped so that no text can close the script. */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '<')
            fputs("\\u003c", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_view(const msc_t *m, const mob_world_view_t *v, FILE *f)
{
    fputs("\"hosts\":[", f);
    for (int h = 0; v && h < v->n_hosts; h++) {
        host_fields_t x;
        fields_of_host(m, v, h, &x);
        fputs(h ? ",{\"name\":" : "{\"name\":", f);
        json_str(f, x.name);
        fputs(",\"coa\":", f);
        json_str(f, x.coa);
        fputs(",\"home\":", f);
        json_str(f, x.home);
        fputs(",\"corr\":[", f);
        for (int c = 0; c < x.n_corr; c++) {
            fputs(c ? ",{\"peer\":" : "{\"peer\":", f);
            json_str(f, x.corr[c].peer);
            fputs(",\"bce\":", f);
            json_str(f, x.corr[c].bce);
            fputs(",\"bul\":", f);
            json_str(f, x.corr[c].bul);
            fputs("}", f);
        }
        fprintf(f, "],\"more\":%d}", x.more);
    }
    fputs("],\"has\":[", f);
    for (int a = 0; v && a < v->n_has; a++) {
        ha_fields_t x;
        fields_of_ha(m, &v->ha[a], &x);
        fputs(a ? ",{\"name\":" : "{\"name\":", f);
        json_str(f, x.name);
        fputs(",\"binds\":", f);
        json_str(f, x.binds);
        fputs(",\"copies\":", f);
        json_str(f, x.copies);
        fputs("}", f);
    }
    fputs("]", f);
}

static int json_steps(const msc_t *m, const msc_opts_t *o, FILE *f)
{
    size_t first, end;
    msc_step_range(m, o, &first, &end);
    double *ys = malloc((msc_n_steps(m) + 1) * sizeof(*ys));
    if (!ys)
        return -SIM_ENOMEM;
    int rc = msc_step_ys(m, o, ys);
    if (rc < 0) {
        free(ys);
        return rc;
    }
    fputs("[\n", f);
    for (size_t i = first; i < end; i++) {
        const msc_step_t *s = msc_step(m, i);
        char t[32];
        snprintf(t, sizeof(t), s->at % SIM_MS(1) ? "%.6f" : "%.3f", sim_time_to_s(s->at));
        fprintf(f, "%s{\"i\":%zu,\"t\":\"%s\",\"y\":%.1f,\"loss\":%s,\"text\":",
                i > first ? ",\n" : "", i, t, ys[i], s->is_loss ? "true" : "false");
        json_str(f, s->text);
        fputc(',', f);
        json_view(m, msc_step_view(m, i), f);
        fputc('}', f);
    }
    fputs("\n]", f);
    free(ys);
    return 0;
}

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>";

static const char html_style[] =
    "</title>\n<style>\n"
    "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:0;color:#222;"
    "background:#fafafa}\n"
    "header{padding:10px 16px;background:#1f3b73;color:#fff}\n"
    "header h1{font-size:18px;margin:0 0 4px}header p{margin:0;font-size:13px;opacity:.9}\n"
    "#main{display:flex;gap:14px;padding:12px 16px;align-items:flex-start}\n"
    "#side{flex:0 0 430px;position:sticky;top:8px}\n"
    "#controls{display:flex;gap:6px;align-items:center;flex-wrap:wrap;margin-bottom:8px}\n"
    "button{font-size:14px;padding:5px 11px;border:1px solid #889;border-radius:4px;"
    "background:#fff;cursor:pointer}button:hover{background:#eef}\n"
    "#pos{font-size:13px;color:#444}#slider{width:100%;margin:4px 0 8px}\n"
    "#event{background:#fff;border:1px solid #ccd;border-left:5px solid #1f3b73;padding:8px 10px;"
    "font-size:14px;min-height:38px;margin-bottom:10px}\n"
    "#event.loss{border-left-color:#d0021b;color:#a00010;font-weight:bold}\n"
    ".panel{background:#fff;border:1px solid #ccd;border-radius:5px;margin-bottom:8px;"
    "padding:6px 10px;font-size:12.5px}\n"
    ".panel h2{font-size:14px;margin:0 0 4px}\n"
    ".panel table{border-collapse:collapse;width:100%}.panel td{padding:2px 4px;"
    "vertical-align:top}\n"
    ".panel td:first-child{color:#666;width:58px;white-space:nowrap}\n"
    ".changed{background:#fff3c4;transition:background .3s}\n"
    "#chart{flex:1 1 auto;overflow:auto;max-height:calc(100vh - 110px);background:#fff;"
    "border:1px solid #ccd}\n"
    "#chart svg{width:100%;height:auto;display:block}\n"
    "#lanes{position:sticky;top:0;height:22px;margin-bottom:-22px;z-index:2;"
    "background:rgba(255,255,255,.85);border-bottom:1px solid #dde}\n"
    "#lanes span{position:absolute;top:3px;transform:translateX(-50%);font-size:12px;"
    "font-weight:bold;color:#1f3b73}\n"
    "#chart .fut{display:none}#chart .fly{opacity:.45}#chart .fly .end{display:none}\n"
    "#chart .cur line,#chart .cur path{stroke-width:3}\n"
    "#chart .cur text{font-weight:bold}\n"
    "kbd{border:1px solid #aaa;border-radius:3px;padding:0 3px;font-size:11px}\n"
    "#help{font-size:12px;color:#555}\n"
    "</style>\n</head>\n<body>\n";

static const char html_script[] =
    "<script>\n"
    "'use strict';\n"
    "(function(){\n"
    "var S=DATA.steps,k=0,timer=null,prev=null;if(!S.length)return;\n"
    "var els=Array.prototype.slice.call(document.querySelectorAll('#chart [data-s]'));\n"
    "var svg=document.querySelector('#chart svg');\n"
    "function scale(){var w=svg.viewBox.baseVal.width;return "
    "w?svg.getBoundingClientRect().width/w:1;}\n"
    "function lanes(){var h='',z=scale();DATA.lanes.forEach(function(l){\n"
    "  h+='<span style=\"left:'+(l.x*z)+'px\">'+l.name+'</span>';});"
    "document.getElementById('lanes').innerHTML=h;}\n"
    "function $(id){return document.getElementById(id);}\n"
    "function set(id,text){var e=$(id);if(!e)return;\n"
    "  if(prev!==null&&e.textContent!==text)e.classList.add('changed');\n"
    "  else e.classList.remove('changed');e.textContent=text;}\n"
    "function cid(p,x,j){return p+'-'+x.name+(j?'-'+x.corr[j].peer:'');}\n"
    "function panels(){var h='';S[0].hosts.forEach(function(x){\n"
    "  h+='<div class=\"panel\" id=\"host-'+x.name+'\"><h2>'+x.name+'</h2><table>'+\n"
    "  '<tr><td>CoA</td><td id=\"coa-'+x.name+'\"></td></tr>'+\n"
    "  '<tr><td>home</td><td id=\"home-'+x.name+'\"></td></tr>';\n"
    "  x.corr.forEach(function(c,j){h+='<tr><td>cache</td><td id=\"'+cid('bce',x,j)+\n"
    "    '\"></td></tr>';if(c.bul)h+='<tr><td>BUL</td><td id=\"'+cid('bul',x,j)+'\"></td></tr>';});\n"
    "  if(x.more)h+='<tr><td>...</td><td>and '+x.more+' more correspondents</td></tr>';\n"
    "  h+='</table></div>';});\n"
    "  S[0].has.forEach(function(x){h+='<div class=\"panel\"><h2>'+x.name+\n"
    "  ' <small>home agent</small></h2><table><tr><td>bindings</td><td id=\"ha-'+x.name+\n"
    "  '\"></td></tr><tr><td>copies</td><td "
    "id=\"copies-'+x.name+'\"></td></tr></table></div>';});\n"
    "  $('panels').innerHTML=h;}\n"
    "function show(n){k=Math.max(0,Math.min(S.length-1,n));var s=S[k];\n"
    "  $('step-no').textContent=(k+1)+' / '+S.length;$('step-time').textContent=s.t+' s';\n"
    "  var ev=$('step-text');ev.textContent=s.text;$('event').className=s.loss?'loss':'';\n"
    "  s.hosts.forEach(function(x){set('coa-'+x.name,x.coa);set('home-'+x.name,x.home);\n"
    "    x.corr.forEach(function(c,j){set(cid('bce',x,j),c.bce);set(cid('bul',x,j),c.bul);});});\n"
    "  s.has.forEach(function(x){set('ha-'+x.name,x.binds);set('copies-'+x.name,x.copies);});\n"
    "  var cur=s.i;els.forEach(function(e){var a=+e.getAttribute('data-s');\n"
    "    var b=e.hasAttribute('data-e')?+e.getAttribute('data-e'):Infinity;\n"
    "    e.classList.toggle('fut',a>cur);e.classList.toggle('fly',a<=cur&&b>cur);\n"
    "    e.classList.toggle('cur',a===cur||b===cur);});\n"
    "  var now=$('now');if(now&&s.y>=0){now.setAttribute('y1',s.y);now.setAttribute('y2',s.y);\n"
    "    now.setAttribute('visibility','visible');var c=$('chart'),y=s.y*scale();\n"
    "    if(y<c.scrollTop+40||y>c.scrollTop+c.clientHeight-40)c.scrollTop=y-c.clientHeight/3;}\n"
    "  $('slider').value=k+1;prev=k;document.body.setAttribute('data-step',k+1);}\n"
    "function play(){if(timer){clearInterval(timer);timer=null;$('btn-play').textContent="
    "'\\u25b6 play';return;}\n"
    "  $('btn-play').textContent='\\u23f8 pause';timer=setInterval(function(){\n"
    "    if(k>=S.length-1){play();return;}show(k+1);},700);}\n"
    "panels();lanes();window.addEventListener('resize',lanes);$('slider').max=S.length;\n"
    "$('btn-first').onclick=function(){show(0);};$('btn-back').onclick=function(){show(k-1);};\n"
    "$('btn-next').onclick=function(){show(k+1);};$('btn-last').onclick=function(){"
    "show(S.length-1);};\n"
    "$('btn-play').onclick=play;$('slider').oninput=function(){show(this.value-1);};\n"
    "document.addEventListener('keydown',function(e){\n"
    "  if(e.key==='ArrowRight'||e.key==='Enter'||e.key===' '||e.key==='n'){show(k+1);"
    "e.preventDefault();}\n"
    "  else if(e.key==='ArrowLeft'||e.key==='b'){show(k-1);e.preventDefault();}\n"
    "  else if(e.key==='p'){play();}else if(e.key==='Home'){show(0);}"
    "else if(e.key==='End'){show(S.length-1);}});\n"
    "var q=new URLSearchParams(location.search);\n"
    "new URLSearchParams(location.hash.replace(/^#/,'')).forEach(function(v,n){q.set(n,v);});\n"
    "show(q.has('step')?parseInt(q.get('step'),10)-1:0);\n"
    "if(q.has('click'))q.get('click').split(',').forEach(function(b){var e=$('btn-'+b);"
    "if(e)e.click();});\n"
    "if(q.get('play')==='1')play();\n"
    "})();\n"
    "</script>\n</body>\n</html>\n";

int demo_write_html(const msc_t *m, const msc_opts_t *o, FILE *f)
{
    msc_opts_t io = *o;
    io.interactive = true;
    fputs(html_head, f);
    msc_xml_escape(f, "mobsim demo: ");
    msc_xml_escape(f, msc_title(m));
    fputs(html_style, f);
    fputs("<header><h1>", f);
    msc_xml_escape(f, msc_title(m));
    fputs("</h1><p>", f);
    msc_xml_escape(f, msc_description(m));
    fputs("</p></header>\n<div id=\"main\">\n<div id=\"side\">\n<div id=\"controls\">"
          "<button id=\"btn-first\" title=\"first step (Home)\">&laquo; first</button>"
          "<button id=\"btn-back\" title=\"back (Left, b)\">&#x25c0; back</button>"
          "<button id=\"btn-next\" title=\"step (Right, Enter)\">step &#x25b6;</button>"
          "<button id=\"btn-play\" title=\"play / pause (p)\">&#x25b6; play</button>"
          "<button id=\"btn-last\" title=\"last step (End)\">last &raquo;</button>"
          "<span id=\"pos\">step <b id=\"step-no\"></b> &middot; t = <b id=\"step-time\"></b>"
          "</span></div>\n<input id=\"slider\" type=\"range\" min=\"1\" value=\"1\">\n"
          "<div id=\"event\"><span id=\"step-text\"></span></div>\n<div id=\"panels\"></div>\n"
          "<p id=\"help\">Keys: <kbd>&rarr;</kbd>/<kbd>Enter</kbd> step, <kbd>&larr;</kbd>/"
          "<kbd>b</kbd> back, <kbd>p</kbd> play. Yellow: changed by this step. The chart "
          "shows what has happened so far; faded arrows are still in flight.</p>\n"
          "</div>\n<div id=\"chart\"><div id=\"lanes\"></div>\n",
          f);
    int rc = msc_write_svg(m, &io, f);
    if (rc < 0)
        return rc;
    fputs("</div>\n</div>\n<script>\nvar DATA={\"lanes\":[", f);
    int order[64];
    int n = msc_lifelines(m, &io, order, 64);
    for (int c = 0; c < n; c++) {
        fprintf(f, "%s{\"x\":%.1f,\"name\":", c ? "," : "", msc_svg_column_x(c));
        json_str(f, msc_node_name(m, order[c]));
        fputc('}', f);
    }
    fputs("],\"steps\":", f);
    rc = json_steps(m, &io, f);
    if (rc < 0)
        return rc;
    fputs("};\n</script>\n", f);
    fputs(html_script, f);
    return ferror(f) ? -SIM_EIO : 0;
}
