/* models/scheme_int.h - what scheme.c shares with the schemes' files
 * (scheme_forwarding.c, scheme_proxies.c, scheme_hoa.c): message encoding,
 * held items and the scheme state of a world. Private to those files.
 *
 * Ownership: a held item owns its packet (h->pkt) until mob_held_release()
 * frees it; take it (set h->pkt = NULL) before releasing to keep it.
 */
#ifndef MOBSIM_MODELS_SCHEME_INT_H
#define MOBSIM_MODELS_SCHEME_INT_H

#include "models/mh.h"
#include "models/packet.h"
#include "models/scheme.h"
#include "models/state.h"

typedef struct smsg {
    uint8_t subtype;
    uint16_t id;
    uint32_t lifetime_ms;
    net_addr_t a1, a2;
} smsg_t;

/* Something a scheme holds for a while. */
typedef enum mob_held_role {
    MOB_HELD_AR_BUFFER = 0, /* forwarding: packet for a departed address, awaiting an entry */
    MOB_HELD_HA_COPY,       /* hoa-signaling: copy of a tunneled control message (T_b) */
    MOB_HELD_PROXY_COPY,    /* proxies: copy of a relayed control message (T_h) */
    MOB_HELD_WATCH,         /* proxies: peer HA watching for a new CoA (T_p) */
} mob_held_role_t;

typedef struct mob_held {
    bool used;
    uint8_t role;
    bool linked;     /* in the chain of its key (mob_held_link) */
    int node;        /* who holds it */
    int host;        /* the mobile host it concerns */
    uint16_t id;     /* proxies: query id */
    net_addr_t addr; /* buffer: departed address; copies: where it went; watch: querier */
    net_addr_t hoa;  /* the mobile host's home address */
    mob_pkt_t *pkt;  /* owned; NULL for a watch */
    sim_handle_t timer;
    net_addr_t key; /* its chain's key (mob_held_key) */
    int next;       /* next item (index) of the chain, in index order; -1 last */
} mob_held_t;

/* Indices of freed entries, lowest first (a binary min-heap): entries are
 * reused lowest first, as the scan for the first free one used to do, in
 * O(log n). */
typedef struct mob_free_heap {
    size_t *idx;
    size_t n, cap;
} mob_free_heap_t;

/* forwarding: an access router's entry old CoA -> new CoA */
typedef struct mob_fwd {
    bool used;
    int net;
    net_addr_t old_coa, new_coa;
    sim_handle_t timer;
} mob_fwd_t;

struct mob_scheme_state {
    mob_held_t *held;
    size_t n_held, cap_held;
    mob_free_heap_t free_held;
    mob_addrmap_t held_chains; /* mob_held_key -> first item of the chain */
    int *copies_at;            /* copies held per node now (n_nodes) */
    mob_fwd_t *fwd;            /* forwarding entries; a freed one is reused */
    size_t n_fwd, cap_fwd;
    mob_free_heap_t free_fwd;
    mob_addrmap_t fwd_by_old; /* old CoA -> index in fwd (old CoAs are unique) */
    uint16_t next_query_id;
};

void mob_scheme_note(mob_world_t *w, int node, int peer, int code, const char *what);
bool mob_smsg_decode(const pkt_view_t *v, smsg_t *s);
/* Sends a scheme message from node `from` on network `net`; a sender
 * without a link (linked false: a detached host) drops it ("no-link"). */
void mob_smsg_send(mob_world_t *w, int from, int net, const net_addr_t *src, const net_addr_t *dst,
                   const smsg_t *s, int intended, bool linked);
bool mob_scheme_is_control(const pkt_view_t *v);
/* A held item (the lowest free entry), its timer armed; NULL (w->oom) when
 * out of memory. The caller fills it, then links it (mob_held_link). */
mob_held_t *mob_held_add(mob_world_t *w, mob_held_role_t role, int node, sim_time_t keep);
void mob_held_release(mob_world_t *w, mob_held_t *h);

/* The held items a scheme looks for together are chained by a key: an AR
 * buffer by its departed address (h->addr), an HA copy or a proxy watch by
 * (role, node, host), a proxy copy by (node, query id). A walk of a chain
 * visits its items in index order, the order the scans of the whole table
 * visited them in, at the cost of the chain instead of every item held in
 * the world (10^4 pairs hold 10^4 items at once). */
net_addr_t mob_held_key(const mob_held_t *h);
/* The key of the chain of (role, node, who): who is the host, or the query
 * id of a proxy copy. Not for AR buffers (their key is the address). */
net_addr_t mob_held_key_of(mob_held_role_t role, int node, int who);
/* Puts a filled item in its chain (after setting the fields of its key;
 * they must not change while it is linked). Out of memory: w->oom. */
void mob_held_link(mob_world_t *w, mob_held_t *h);
/* The first item (index) of the chain of key, or -1; then h->next. */
int mob_held_chain(const mob_world_t *w, const net_addr_t *key);

/* Freed entries, lowest first: push 0 or -1 (memory); pop the lowest into
 * *i, false when none is free. */
int mob_free_heap_push(mob_free_heap_t *f, size_t i);
bool mob_free_heap_pop(mob_free_heap_t *f, size_t *i);
void mob_free_heap_fini(mob_free_heap_t *f);
/* Sends a copy of orig on as a new transmission of the same message:
 * tunneled from `from` (an HA or AR) to `to`. orig is borrowed. */
void mob_scheme_tunnel_copy(mob_world_t *w, int from, int net, const net_addr_t *src,
                            const mob_pkt_t *orig, const net_addr_t *to);

#endif /* MOBSIM_MODELS_SCHEME_INT_H */
