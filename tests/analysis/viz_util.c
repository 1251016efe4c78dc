#include "tests/analysis/viz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "scenarios/scn.h"
#include "tests/models/fixture.h"

msc_t *vz_record_config(const mob_config_t *c, unsigned flags)
{
    sim_err_t err = {0};
    sim_t *sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    mob_world_t *w = NULL;
    msc_t *m = NULL;
    if (!sim || mob_world_create(c, sim, &w, &err) < 0 || msc_create(sim, w, flags, &m) < 0 ||
        mob_world_run(w) < 0 || msc_finish(m) < 0) {
        if (err.msg[0])
            fprintf(stderr, "vz_record_config: %s\n", err.msg);
        msc_destroy(m);
        m = NULL;
    }
    mob_world_destroy(w);
    sim_destroy(sim);
    return m;
}

msc_t *vz_record(const char *fig, unsigned flags)
{
    char path[128];
    snprintf(path, sizeof(path), "scenarios/%s.json", fig); /* tests run from the root */
    mob_config_t c;
    sim_err_t err = {0};
    if (scn_load_file(path, NULL, 0, &c, &err) < 0) {
        fprintf(stderr, "vz_record: %s\n", err.msg);
        return NULL;
    }
    msc_t *m = vz_record_config(&c, flags);
    mob_config_free(&c);
    return m;
}

void vz_four_hosts(mob_config_t *c)
{
    fx_config(c);
    snprintf(c->name, sizeof(c->name), "four");
    snprintf(c->description, sizeof(c->description), "two pairs: A-B and C-D");
    *mob_config_add_host(c) = (mob_host_t){"C", MOB_HOST_MOBILE, NET_HOMEA, NET_A1, 0x300, -1};
    *mob_config_add_host(c) = (mob_host_t){"D", MOB_HOST_MOBILE, NET_HOMEB, NET_B1, 0x400, -1};
    *mob_config_add_peer(c) = (mob_peer_t){.a = 0, .b = 1};
    *mob_config_add_peer(c) = (mob_peer_t){.a = 2, .b = 3};
    c->horizon = SIM_S(10);
    fx_move(c, 0, SIM_S(1), NET_A2);
    fx_move(c, 1, SIM_MS(1030), NET_B2);
    fx_move(c, 2, SIM_MS(1200), NET_A2);
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
