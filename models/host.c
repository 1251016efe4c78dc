/* models/host.c - a host's correspondents (host.h). */
#include "models/host.h"

#include <stdlib.h>
#include <string.h>

int mob_corr_add(mob_world_t *w, struct mob_mn *h, int peer)
{
    if (mob_corr_for(w, h, peer))
        return 0; /* listed twice: one entry */
    if (h->n_corr == h->cap_corr) {
        int cap = h->cap_corr ? 2 * h->cap_corr : 1;
        mob_corr_t *c = realloc(h->corr, (size_t)cap * sizeof(*c));
        if (!c)
            return -1;
        h->corr = c;
        h->cap_corr = cap;
    }
    /* past MOB_CORR_SCAN_MAX entries the map holds them all (host.h) */
    if (h->n_corr == MOB_CORR_SCAN_MAX)
        for (int i = 0; i < h->n_corr; i++)
            if (mob_addrmap_put(&h->corr_by_hoa, &h->corr[i].peer_hoa, i) < 0)
                return -1;
    if (h->n_corr >= MOB_CORR_SCAN_MAX &&
        mob_addrmap_put(&h->corr_by_hoa, &w->hosts[peer].hoa, h->n_corr) < 0)
        return -1;
    mob_corr_t *c = &h->corr[h->n_corr++];
    memset(c, 0, sizeof(*c));
    c->host = h;
    c->peer = peer;
    c->peer_hoa = w->hosts[peer].hoa;
    return 0;
}

mob_corr_t *mob_corr_from(mob_world_t *w, const struct mob_mn *h, const net_addr_t *src)
{
    if (h->n_corr == 1)
        return &h->corr[0];
    int p = mob_addrmap_get(&w->homes, src);
    if (p < 0)
        p = mob_nodes_holder(&w->nodes, src);
    if (p < 0 || p >= w->cfg.n_hosts)
        return NULL;
    return mob_corr_for(w, h, p);
}
