/* models/host.h - the state of a host: its MN role (mn.c), its CN role
 * (cn.c) and its data flows (flow.c). A stationary correspondent
 * (MOB_HOST_CORRESPONDENT) has the CN role and the flows only: one address
 * (hoa == coa, on its network), no home agent, no moves. Data only; the
 * node's handler is in host_node.h. The world owns the records
 * (w->hosts); a role module works on them and owns nothing itself.
 */
#ifndef MOBSIM_MODELS_HOST_H
#define MOBSIM_MODELS_HOST_H

#include "models/binding.h"
#include "models/node.h"
#include "models/rr.h"
#include "models/state.h"

/* Retransmitting message state (home BU, HoTI, CoTI, CN BU). */
typedef struct mob_retx {
    bool active;
    sim_time_t timeout; /* current timeout */
    sim_handle_t timer;
    int n_sent;
} mob_retx_t;

typedef enum mob_cr_state {
    MOB_CR_IDLE = 0, /* nothing in progress */
    MOB_CR_RR,       /* waiting for HoT and/or CoT */
    MOB_CR_BU_WAIT,  /* tokens in hand, waiting for the home BA before the BU */
    MOB_CR_BU_SENT,  /* BU sent with A bit, waiting for BA */
    MOB_CR_BOUND,    /* correspondent registration done for the current CoA */
    MOB_CR_FAILED,   /* gave up (BA 128-131, 134, 139) */
} mob_cr_state_t;

/* MN role: correspondent registration with the peer (Binding Update List entry). */
typedef struct mob_cr {
    mob_cr_state_t state;
    net_addr_t for_coa; /* the CoA being registered / registered */
    uint64_t hoti_cookie, coti_cookie;
    bool have_home_token, have_coa_token;
    uint8_t home_token[RR_TOKEN_LEN], coa_token[RR_TOKEN_LEN];
    uint16_t home_nonce_index, coa_nonce_index;
    sim_time_t home_token_at; /* when the HoTI that earned it was sent */
    mob_retx_t hoti, coti, bu;
    uint16_t bu_seq;
    bool bu_acked; /* the peer acknowledged our binding for for_coa */
    bool dereg;    /* a de-registration from home (§11.5.5): HoTI only, BU lifetime 0 */
    /* route optimization given up (RFC 6275 §5.2.9, params.max_ro_failure):
     * bidirectional tunneling with this peer until the next move */
    bool ro_fallback;
    int ro_failures;          /* failed RR/BU attempts since the last move */
    sim_time_t ro_fail_at;    /* when the last one was counted */
    sim_handle_t refresh;     /* a new RR + BU before the binding's lifetime ends (§11.7.2) */
    sim_handle_t bu_defer;    /* a BU held back by MAX_UPDATE_RATE (§11.8) */
    sim_time_t bu_sent_at[3]; /* the last 3 BUs to the peer (MAX_UPDATE_RATE) */
    int n_bu_sent;            /* BUs recorded (ring: the next slot, the oldest, is n % 3) */
} mob_cr_t;

/* One correspondent of a host (RFC 6275 §11.1 / §9.1): the MN role's
 * Binding Update List entry and return-routability state toward it, the CN
 * role's binding cache entry for its home address, and the data flow with
 * it. A host has one per peer (w->hosts[i].corr), found by the peer's home
 * address in O(1) (mob_corr_of). */
typedef struct mob_corr {
    struct mob_mn *host; /* whose entry this is */
    int peer;            /* host index (= node id) of the correspondent */
    net_addr_t peer_hoa; /* its home address (the key of mob_corr_of) */
    /* MN role toward the peer */
    mob_cr_t cr;
    /* CN role: binding cache entry for the peer's home address */
    mob_bce_t bce;
    uint16_t last_peer_seq;
    bool have_peer_seq;
    /* data with the peer: this host's flow toward it (world.c sets rate and
     * size from the pair, or the scenario's traffic) */
    int pair;    /* index of the pair in w->pm (both entries of a pair share it) */
    double rate; /* packets per second to the peer; 0: none */
    int size;    /* UDP payload bytes */
    uint32_t data_seq;
    sim_handle_t data_timer;
    struct mob_flow_tpl *tpl; /* flow.c: the data packets' template; NULL before the first */
    sim_time_t last_rx;       /* last data packet received from the peer */
    sim_time_t max_gap;
    bool last_rx_ro; /* last received data packet came route-optimized */
    sim_time_t first_ro_rx_after_restore;
    /* location privacy (hosts[].route_optimization false or
     * no_route_optimization_with): the MN role never does RR/BU toward the
     * peer; data both ways through the home agent(s) */
    bool no_ro;
} mob_corr_t;

struct mob_mn {
    int index; /* host index = node id */
    net_addr_t hoa;
    int home_net;    /* -1 for a stationary correspondent */
    bool stationary; /* a correspondent: CN role only, hoa == coa, never moves */
    /* attachment */
    bool attached; /* has a usable CoA */
    int net;       /* current network (valid while attached or attaching) */
    net_addr_t coa;
    int prev_net;        /* network left by the last handoff, -1 none */
    net_addr_t prev_coa; /* the CoA held there */
    sim_handle_t phase;  /* the next handoff phase event */
    int moving_to;       /* network of the handoff in progress */
    int next_phase;      /* the handoff phase `phase` will start */
    sim_time_t last_detach;
    bool signaling_busy;
    /* home registration */
    uint16_t home_seq;
    bool home_registered; /* HA acknowledged the current CoA */
    bool home_first;      /* no binding at the HA yet: 1.5 s first timeout */
    mob_retx_t home_bu;
    sim_handle_t home_refresh; /* re-register before the home binding expires */
    /* the home agent's binding cache entry for this host: kept here so a HA
     * serves any number of hosts in O(1); written only by ha.c */
    mob_bce_t home_bce;
    /* CN role: Kcn, nonces, tokens (shared by all correspondents) */
    rr_cn_t *rr;
    /* the last Binding Error sent (cn.c's rate limit, §9.3.1) */
    bool be_sent;
    sim_time_t last_be;
    /* correspondents */
    mob_corr_t *corr;
    int n_corr, cap_corr;
    /* peer home address -> index in corr; empty while n_corr is at most
     * MOB_CORR_SCAN_MAX (mob_corr_add) */
    mob_addrmap_t corr_by_hoa;
};

/* The host is on its home network (RFC 6275 §11.5.5): its care-of address
 * is its home address, it sends and receives on it directly (no tunnel, no
 * HAO, no RH2), and its bindings are de-registered. */
static inline bool mob_host_at_home(const struct mob_mn *h)
{
    return !h->stationary && h->home_net >= 0 && h->net == h->home_net;
}

/* Up to this many correspondents a host finds one by scanning its entries
 * (the home addresses are in them: no other cache line is read); beyond,
 * by the map. Most hosts have one or a few peers, and a map of one entry
 * costs 16 slots (384 bytes) per host, a tenth of a host's memory. */
#define MOB_CORR_SCAN_MAX 8

/* The entry for the correspondent with home address hoa, or NULL. O(1). */
static inline mob_corr_t *mob_corr_of(const struct mob_mn *h, const net_addr_t *hoa)
{
    if (h->n_corr <= MOB_CORR_SCAN_MAX) {
        for (int i = 0; i < h->n_corr; i++)
            if (net_addr_eq(&h->corr[i].peer_hoa, hoa))
                return &h->corr[i];
        return NULL;
    }
    int i = mob_addrmap_get(&h->corr_by_hoa, hoa);
    return i >= 0 ? &h->corr[i] : NULL;
}

/* The entry of h for peer host index p, or NULL. */
static inline mob_corr_t *mob_corr_for(mob_world_t *w, const struct mob_mn *h, int p)
{
    return mob_corr_of(h, &w->hosts[p].hoa);
}

/* The correspondent a message from address src is from: the host whose
 * home address src is, or the node holding src now; with a single
 * correspondent, that one (what a two-host world always did). NULL when
 * none. */
mob_corr_t *mob_corr_from(mob_world_t *w, const struct mob_mn *h, const net_addr_t *src);

/* Adds a correspondent (peer host index) to h: 0, or -1 (memory). The
 * entries' addresses change as entries are added: add them all before the
 * run. */
int mob_corr_add(mob_world_t *w, struct mob_mn *h, int peer);

static inline struct mob_mn *mob_peer_of(mob_world_t *w, const mob_corr_t *c)
{
    return &w->hosts[c->peer];
}

#endif /* MOBSIM_MODELS_HOST_H */
