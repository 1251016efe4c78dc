/* scenarios/scn_population.c - the algorithms of the `population` generator.
 *
 * Pure generation on indices, no JSON: the cell graphs (ring, grid, random
 * geometric with a bucket grid), the largest-remainder apportionment of
 * class shares and the pairing of hosts with their peers (random perfect
 * matchings among mobile hosts, stationary correspondents from a shuffled
 * deck). scn_schema.c reads the block, calls these and puts the results
 * into the config (names, prefixes, maps). Every draw comes from the
 * caller's stream, in a fixed order, so a seed gives one population.
 *
 * Time and memory are O(cells * degree) for graphs and O(hosts * k) for
 * peers: nothing here looks at all pairs of cells or hosts.
 */
#include "scenarios/scn_int.h"

#include "models/addrmap.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int scni_pairs_add(scni_pairs_t *s, int a, int b)
{
    if (s->n == s->cap) {
        int ncap = s->cap ? s->cap * 2 : 64;
        int(*p)[2] = realloc(s->p, (size_t)ncap * sizeof(*p));
        if (!p)
            return -1;
        s->p = p;
        s->cap = ncap;
    }
    s->p[s->n][0] = a;
    s->p[s->n][1] = b;
    s->n++;
    return 0;
}

void scni_pairs_fini(scni_pairs_t *s)
{
    free(s->p);
    memset(s, 0, sizeof(*s));
}

int scni_pop_ring(int n, scni_pairs_t *out)
{
    if (n == 2)
        return scni_pairs_add(out, 0, 1);
    for (int i = 0; i < n; i++)
        if (scni_pairs_add(out, i, (i + 1) % n))
            return -1;
    return 0;
}

int scni_pop_grid(int n, int w, scni_pairs_t *out)
{
    for (int i = 0; i < n; i++) {
        if ((i % w) + 1 < w && scni_pairs_add(out, i, i + 1))
            return -1;
        if (i + w < n && scni_pairs_add(out, i, i + w))
            return -1;
    }
    return 0;
}

/* Cells in buckets of a g x g grid of the unit square: bucket b holds
 * cell[start[b] .. start[b + 1]). */
typedef struct buckets {
    int g;
    int *start, *cell;
} buckets_t;

static int bucket_of(double x, int g)
{
    int b = (int)(x * g);
    return b < 0 ? 0 : b >= g ? g - 1 : b;
}

int scni_pop_geometric(int n, double radius, int max_edges, gsl_rng *r, scni_pairs_t *out)
{
    double *x = malloc((size_t)n * sizeof(*x)), *y = malloc((size_t)n * sizeof(*y));
    int *deg = calloc((size_t)n, sizeof(*deg));
    /* buckets at least radius wide (neighbours lie in adjacent buckets),
     * at most about n of them */
    int g = (int)ceil(1.0 / radius), gmax = (int)ceil(sqrt((double)n));
    if (g > gmax)
        g = gmax;
    if (g < 1)
        g = 1;
    buckets_t bk = {g, calloc((size_t)g * g + 1, sizeof(int)), malloc((size_t)n * sizeof(int))};
    int *bof = malloc((size_t)n * sizeof(*bof));
    int rc = -1;
    if (!x || !y || !deg || !bk.start || !bk.cell || !bof)
        goto done;
    for (int i = 0; i < n; i++) {
        x[i] = gsl_rng_uniform(r);
        y[i] = gsl_rng_uniform(r);
        bof[i] = bucket_of(y[i], g) * g + bucket_of(x[i], g);
        bk.start[bof[i] + 1]++;
    }
    for (int b = 0; b < g * g; b++)
        bk.start[b + 1] += bk.start[b];
    {
        int *fill = malloc((size_t)g * g * sizeof(*fill));
        if (!fill)
            goto done;
        memcpy(fill, bk.start, (size_t)g * g * sizeof(*fill));
        for (int i = 0; i < n; i++)
            bk.cell[fill[bof[i]]++] = i;
        free(fill);
    }
    double r2 = radius * radius;
    for (int i = 0; i < n; i++) {
        int bx = bof[i] % g, by = bof[i] / g;
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) {
                int cx = bx + dx, cy = by + dy;
                if (cx < 0 || cy < 0 || cx >= g || cy >= g)
                    continue;
                int b = cy * g + cx;
                for (int k = bk.start[b]; k < bk.start[b + 1]; k++) {
                    int j = bk.cell[k];
                    if (j <= i)
                        continue;
                    double ex = x[i] - x[j], ey = y[i] - y[j];
                    if (ex * ex + ey * ey > r2)
                        continue;
                    if (out->n >= max_edges) {
                        rc = 1;
                        goto done;
                    }
                    if (scni_pairs_add(out, i, j))
                        goto done;
                    deg[i]++;
                    deg[j]++;
                }
            }
    }
    /* an isolated cell joins its nearest cell: search rings of buckets
     * outward until no closer cell can lie beyond the ring */
    for (int i = 0; i < n && n > 1; i++) {
        if (deg[i])
            continue;
        int bx = bof[i] % g, by = bof[i] / g, best = -1;
        double bd = INFINITY;
        for (int ring = 0; ring < g; ring++) {
            for (int cy = by - ring; cy <= by + ring; cy++)
                for (int cx = bx - ring; cx <= bx + ring; cx++) {
                    if (cx < 0 || cy < 0 || cx >= g || cy >= g)
                        continue;
                    if (abs(cx - bx) != ring && abs(cy - by) != ring)
                        continue;
                    int b = cy * g + cx;
                    for (int k = bk.start[b]; k < bk.start[b + 1]; k++) {
                        int j = bk.cell[k];
                        double ex = x[i] - x[j], ey = y[i] - y[j], d = ex * ex + ey * ey;
                        if (j != i && (d < bd || (d == bd && j < best))) {
                            bd = d;
                            best = j;
                        }
                    }
                }
            double reach = (double)ring / g; /* cells beyond the ring are farther */
            if (best >= 0 && bd <= reach * reach)
                break;
        }
        if (out->n >= max_edges) {
            rc = 1;
            goto done;
        }
        if (scni_pairs_add(out, i < best ? i : best, i < best ? best : i))
            goto done;
        deg[i]++;
        deg[best]++;
    }
    rc = 0;
done:
    free(x);
    free(y);
    free(deg);
    free(bk.start);
    free(bk.cell);
    free(bof);
    return rc;
}

void scni_pop_apportion(const double *share, int n, int total, int *count)
{
    double *rem = malloc((size_t)(n ? n : 1) * sizeof(*rem));
    int given = 0;
    for (int i = 0; i < n; i++) {
        double q = share[i] * total;
        count[i] = (int)floor(q);
        given += count[i];
        if (rem)
            rem[i] = q - floor(q);
    }
    /* the seats left go to the largest remainders, ties to the first class */
    while (given < total && rem) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (rem[i] >= 0 && (best < 0 || rem[i] > rem[best]))
                best = i;
        if (best < 0)
            break;
        count[best]++;
        rem[best] = -1;
        given++;
    }
    /* shares summing to 1 within 1e-9 never leave more than n seats, but
     * never lose a host to rounding either */
    for (int i = 0; given < total && n > 0; i = (i + 1) % n, given++)
        count[i]++;
    free(rem);
}

/* The pairs already made are keyed by scni_key_pair(a, b) (scn_int.h). */
/* tries to find a partner that is not a repeat, per host and round */
#define MATCH_TRIES 8

int scni_pop_peers(const scni_peer_spec_t *s, gsl_rng *r, scni_pairs_t *out)
{
    int M = s->n_mobile, C = s->n_corr;
    int *deg = calloc((size_t)(M ? M : 1), sizeof(*deg));
    int *list = malloc((size_t)(M ? M : 1) * sizeof(*list));
    int *deck = malloc((size_t)(C ? C : 1) * sizeof(*deck));
    mob_addrmap_t made = MOB_ADDRMAP_INIT;
    int rc = -1;
    if (!deg || !list || !deck)
        goto done;
#define PAIR(a, b)                                                                                 \
    do {                                                                                           \
        net_addr_t key_ = scni_key_pair((a), (b));                                                 \
        if (scni_pairs_add(out, (a), (b)) || mob_addrmap_put(&made, &key_, out->n - 1))            \
            goto done;                                                                             \
    } while (0)
    /* co-passengers first: each member's mobile peers among its vehicle */
    for (int vh = 0; vh < s->n_vehicles; vh++) {
        const int *mem = s->members + s->vehicle_off[vh];
        int n = s->vehicle_off[vh + 1] - s->vehicle_off[vh];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n && deg[mem[i]] < s->m_mobile; j++) {
                if (deg[mem[j]] >= s->m_mobile)
                    continue;
                PAIR(mem[i], mem[j]);
                deg[mem[i]]++;
                deg[mem[j]]++;
            }
    }
    /* then m_mobile rounds of a random perfect matching of those short */
    for (int round = 0; round < s->m_mobile; round++) {
        int n = 0;
        for (int i = 0; i < M; i++)
            if (deg[i] < s->m_mobile)
                list[n++] = i;
        if (n > 1)
            gsl_ran_shuffle(r, list, (size_t)n, sizeof(*list));
        for (int i = 0; i + 1 < n; i += 2) {
            int a = list[i];
            net_addr_t key = scni_key_pair(a, list[i + 1]);
            for (int j = i + 2;
                 j < n && j < i + 2 + MATCH_TRIES && mob_addrmap_get(&made, &key) >= 0; j++) {
                int t = list[i + 1];
                list[i + 1] = list[j];
                list[j] = t;
                key = scni_key_pair(a, list[i + 1]);
            }
            if (mob_addrmap_get(&made, &key) >= 0)
                continue; /* a repeat that cannot be avoided */
            PAIR(a, list[i + 1]);
            deg[a]++;
            deg[list[i + 1]]++;
        }
    }
#undef PAIR
    /* the rest stationary: cards from a shuffled deck of correspondents,
     * reshuffled when used up, never twice for one host */
    int pos = C;
    for (int i = 0; i < M && C > 0; i++) {
        int need = s->k - deg[i], got = 0, chosen[SCNI_PEERS_K_MAX];
        while (got < need) {
            if (pos == C) {
                for (int c = 0; c < C; c++)
                    deck[c] = c;
                gsl_ran_shuffle(r, deck, (size_t)C, sizeof(*deck));
                pos = 0;
            }
            int c = deck[pos++], dup = 0;
            for (int q = 0; q < got; q++)
                dup |= chosen[q] == c;
            if (dup)
                continue;
            chosen[got++] = c;
            if (scni_pairs_add(out, i, M + c))
                goto done;
        }
    }
    rc = 0;
done:
    free(deg);
    free(list);
    free(deck);
    mob_addrmap_fini(&made);
    return rc;
}
