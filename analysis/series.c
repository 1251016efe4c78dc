/* analysis/series.c - data delivery over time (see series.h). */
#include "analysis/series.h"

#include <stdlib.h>
#include <string.h>

#include "models/packet.h"

typedef struct direction {
    int from, to;    /* node ids */
    unsigned *count; /* per bin */
    size_t n, cap;   /* bins used / allocated */
} direction_t;

struct series {
    mob_world_t *w;
    sim_time_t bin;
    direction_t dir[SERIES_DIRECTIONS_MAX];
    size_t n_dir;
    bool attached, oom;
};

static direction_t *direction_of(series_t *s, int from, int to)
{
    for (size_t i = 0; i < s->n_dir; i++)
        if (s->dir[i].from == from && s->dir[i].to == to)
            return &s->dir[i];
    if (s->n_dir == SERIES_DIRECTIONS_MAX)
        return NULL;
    direction_t *d = &s->dir[s->n_dir++];
    memset(d, 0, sizeof(*d));
    d->from = from;
    d->to = to;
    return d;
}

static void on_received(void *ctx, const sim_trace_rec_t *rec)
{
    series_t *s = ctx;
    const mob_pkt_t *p = rec->detail;
    if (!p || p->kind != MOB_PK_DATA || rec->node != p->intended || rec->at < 0)
        return;
    direction_t *d = direction_of(s, p->origin, p->intended);
    if (!d)
        return;
    size_t i = (size_t)(rec->at / s->bin);
    if (i >= d->cap) {
        size_t nc = d->cap ? d->cap : 1024;
        while (nc <= i)
            nc *= 2;
        unsigned *c = realloc(d->count, nc * sizeof(*c));
        if (!c) {
            s->oom = true;
            return;
        }
        memset(c + d->cap, 0, (nc - d->cap) * sizeof(*c));
        d->count = c;
        d->cap = nc;
    }
    d->count[i]++;
    if (i + 1 > d->n)
        d->n = i + 1;
}

int series_attach(sim_t *sim, mob_world_t *w, sim_time_t bin, series_t **out)
{
    *out = NULL;
    series_t *s = calloc(1, sizeof(*s));
    if (!s)
        return -SIM_ENOMEM;
    s->w = w;
    s->bin = bin > 0 ? bin : SIM_MS(10);
    if (sim_trace_subscribe(sim_bus(sim), SIM_TR_MASK(SIM_TR_PKT_RECEIVED), on_received, s)) {
        free(s);
        return -SIM_ENOMEM;
    }
    s->attached = true;
    *out = s;
    return 0;
}

void series_detach(series_t *s, sim_t *sim)
{
    if (s && s->attached)
        sim_trace_unsubscribe(sim_bus(sim), on_received, s);
    if (s)
        s->attached = false;
}

size_t series_n_directions(const series_t *s)
{
    return s->n_dir;
}

void series_direction(const series_t *s, size_t d, int *from, int *to)
{
    *from = s->dir[d].from;
    *to = s->dir[d].to;
}

size_t series_n_bins(const series_t *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_dir; i++)
        n = s->dir[i].n > n ? s->dir[i].n : n;
    return n;
}

unsigned series_count(const series_t *s, size_t d, size_t i)
{
    return d < s->n_dir && i < s->dir[d].n ? s->dir[d].count[i] : 0;
}

/* A node name as an identifier part: letters, digits, "_". */
static void put_ident(FILE *f, const char *name)
{
    for (const char *p = name; *p; p++)
        fputc((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
                  ? *p
                  : '_',
              f);
}

int series_write_csv(const series_t *s, FILE *f, sim_time_t horizon, sim_err_t *err)
{
    if (s->oom)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    fputs("time_s", f);
    for (size_t d = 0; d < s->n_dir; d++) {
        fputc(',', f);
        put_ident(f, mob_world_node_name(s->w, s->dir[d].from));
        fputs("_to_", f);
        put_ident(f, mob_world_node_name(s->w, s->dir[d].to));
    }
    fputc('\n', f);
    size_t n = (size_t)((horizon + s->bin - 1) / s->bin), used = series_n_bins(s);
    if (used > n)
        n = used;
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%.12g", sim_time_to_s((sim_time_t)i * s->bin));
        for (size_t d = 0; d < s->n_dir; d++)
            fprintf(f, ",%u", series_count(s, d, i));
        fputc('\n', f);
    }
    return ferror(f) ? sim_err_set(err, SIM_EIO, "write failed") : 0;
}

void series_destroy(series_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_dir; i++)
        free(s->dir[i].count);
    free(s);
}
