#include "tests/analysis/viz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "tests/models/fixture.h"

/* The scenario files' worlds (scenarios/figN.json), built in C. */
static bool fig_config(const char *fig, mob_config_t *c)
{
    fx_config(c);
    c->bu_lifetime = SIM_S(420);
    sim_time_t b_at = SIM_MS(1030);
    if (strcmp(fig, "fig1") == 0) {
        c->scheme = MOB_SCHEME_BASELINE;
    } else if (strcmp(fig, "fig3") == 0) {
        c->scheme = MOB_SCHEME_BASELINE;
        b_at = SIM_MS(1200);
    } else if (strcmp(fig, "fig4") == 0) {
        c->scheme = MOB_SCHEME_FORWARDING;
        c->fwd_buffer = SIM_MS(100);
    } else if (strcmp(fig, "fig5") == 0) {
        c->scheme = MOB_SCHEME_PROXIES;
    } else if (strcmp(fig, "fig6") == 0) {
        c->scheme = MOB_SCHEME_HOA_SIGNALING;
    } else {
        return false;
    }
    snprintf(c->name, sizeof(c->name), "%s", fig);
    snprintf(c->description, sizeof(c->description), "%s: A moves at 1 s, B at %.3f s, %s", fig,
             sim_time_to_s(b_at), mob_scheme_name(c->scheme));
    fx_move(c, 0, SIM_S(1), NET_A2);
    fx_move(c, 1, b_at, NET_B2);
    return true;
}

msc_t *vz_record(const char *fig, unsigned flags)
{
    mob_config_t c;
    if (!fig_config(fig, &c))
        return NULL;
    sim_err_t err = {0};
    sim_t *sim = sim_create((sim_stream_id_t){c.seed, 0, 0});
    mob_world_t *w = NULL;
    msc_t *m = NULL;
    if (!sim || mob_world_create(&c, sim, &w, &err) < 0 || msc_create(sim, w, flags, &m) < 0 ||
        mob_world_run(w) < 0 || msc_finish(m) < 0) {
        msc_destroy(m);
        m = NULL;
    }
    mob_world_destroy(w);
    sim_destroy(sim);
    return m;
}

char *vz_run(const char *cmd, int *status)
{
    FILE *p = popen(cmd, "r");
    if (!p) {
        *status = -1;
        return strdup("");
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, p)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *b = realloc(buf, 2 * cap);
            if (!b)
                break;
            buf = b;
            cap *= 2;
        }
    }
    int ws = pclose(p);
    *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    if (buf)
        buf[n] = 0;
    return buf;
}

bool vz_have(const char *prog)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null", prog);
    int st;
    free(vz_run(cmd, &st));
    return st == 0;
}

bool vz_tmpdir(char *buf, size_t cap)
{
    snprintf(buf, cap, "/tmp/mobsim-viz-XXXXXX");
    return mkdtemp(buf) != NULL;
}

char *vz_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (buf) {
        size_t got = fread(buf, 1, (size_t)len, f);
        buf[got] = 0;
    }
    fclose(f);
    return buf;
}

int vz_count(const char *hay, const char *needle)
{
    int n = 0;
    size_t len = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)); p += len)
        n++;
    return n;
}
