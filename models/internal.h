/* models/internal.h - the world's insides, shared by the model's modules
 * (net.c: delivery; host.c: mobile host = MN role + CN role; ha.c: home
 * agent; world.c: building, handoffs, data traffic, metrics). Not for use
 * outside models/: everything callers need is in models/world.h.
 *
 * Node ids: hosts first (0 .. n_hosts-1), then one router per network in
 * network order: the home agent of a home network, the access router (AR)
 * of a foreign one. The router of network i is node n_hosts + i.
 */
#ifndef MOBSIM_MODELS_INTERNAL_H
#define MOBSIM_MODELS_INTERNAL_H

#include <gsl/gsl_rng.h>

#include "models/addr.h"
#include "models/config.h"
#include "models/metrics.h"
#include "models/mh.h"
#include "models/pkt.h"
#include "models/quantile.h"
#include "models/rr.h"
#include "models/world.h"
#include "sim/sim.h"

/* RNG stream purposes (sim_rng): separate uses stay independent. */
enum {
    MOB_RNG_DELAY = SIM_RNG_MODEL, /* path delays */
    MOB_RNG_LOSS,                  /* link losses */
    MOB_RNG_CRYPTO,                /* Kcn, nonces, cookies */
    MOB_RNG_MOBILITY,              /* Poisson handoffs */
    MOB_RNG_HANDOFF,               /* handoff phase delays */
};

/* RFC 6275 §12, §13 */
#define MOB_INITIAL_BINDACK_TIMEOUT SIM_S(1)
#define MOB_INITIAL_BINDACK_TIMEOUT_FIRST SIM_MS(1500)
#define MOB_MAX_BINDACK_TIMEOUT SIM_S(32)
#define MOB_MAX_RR_BINDING_LIFETIME SIM_S(420)
#define MOB_ICMP_PERSISTENT_THRESHOLD 3 /* delete after more than 3 (UMIP) */
#define MOB_BRR_RECENT_USE SIM_S(60)     /* UMIP: BRR only for bindings used lately */

typedef enum pkt_kind {
    MOB_PK_SIGNALING = 0, /* RFC 6275 control messages */
    MOB_PK_DATA,          /* CBR UDP */
    MOB_PK_SCHEME,        /* a scheme's own messages (counted as signaling too) */
    MOB_PK_ICMP,
} mob_pkt_kind_t;

/* A packet in flight: its bytes plus what the simulator knows about it for
 * accounting (never used for protocol decisions: receivers parse the bytes). */
typedef struct mob_pkt {
    uint64_t id;        /* this transmission */
    uint64_t msg_id;    /* the message, kept through tunnels and forwards */
    int origin;         /* node that created the message */
    int intended;       /* node it is meant for, -1 unknown */
    uint8_t kind;       /* mob_pkt_kind_t */
    uint8_t mh_type;    /* for signaling (11 for scheme messages) */
    uint8_t subtype;    /* scheme messages: enum mob_scheme_msg */
    net_addr_t orig_dst; /* address the originator sent it to */
    sim_time_t created; /* when the originator sent it */
    bool lost;          /* lost on the link: dies on arrival with "link-loss" */
    size_t len;
    uint8_t bytes[];
} mob_pkt_t;

/* A binding cache entry (CN role, or HA home binding). */
typedef struct mob_bce {
    bool valid;
    net_addr_t hoa, coa;
    uint16_t seq;
    sim_time_t expires;
    sim_handle_t expiry;
    int icmp_errors;
    sim_time_t set_at; /* when coa last changed */
    sim_handle_t brr;  /* CN role: Binding Refresh Request before expiry */
} mob_bce_t;

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
    bool bu_acked;       /* the peer acknowledged our binding for for_coa */
} mob_cr_t;

struct mob_mn {
    int index; /* host index = node id */
    int peer;  /* the other host */
    net_addr_t hoa;
    int home_net;
    /* attachment */
    bool attached;   /* has a usable CoA */
    int net;         /* current network (valid while attached or attaching) */
    net_addr_t coa;
    int prev_net;         /* network left by the last handoff, -1 none */
    net_addr_t prev_coa;  /* the CoA held there */
    sim_handle_t phase;  /* the next handoff phase event */
    sim_handle_t next_move; /* Poisson mobility: the next handoff */
    sim_handle_t data_timer;
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
    /* MN role toward the peer */
    mob_cr_t cr;
    /* CN role: binding cache entry for the peer's home address */
    mob_bce_t bce;
    rr_cn_t *rr;
    uint16_t last_peer_seq;
    bool have_peer_seq;
    /* data */
    uint32_t data_seq;
    sim_time_t last_rx; /* last data packet received */
    sim_time_t max_gap;
    bool last_rx_ro;    /* last received data packet came route-optimized */
    sim_time_t first_ro_rx_after_restore;
};

/* Home agent (router of a home network). */
typedef struct mob_ha {
    int net;
    int node;
    net_addr_t addr;
    bool deployed;       /* scheme deployed here */
    mob_bce_t bind[MOB_MAX_HOSTS]; /* home bindings of the hosts whose home this is */
} mob_ha_t;

/* Something a scheme holds for a while (scheme.c). */
typedef enum mob_held_role {
    MOB_HELD_AR_BUFFER = 0, /* forwarding: packet for a departed address, awaiting an entry */
    MOB_HELD_HA_COPY,       /* hoa-signaling: copy of a tunneled control message (T_b) */
    MOB_HELD_PROXY_COPY,    /* proxies: copy of a relayed control message (T_h) */
    MOB_HELD_WATCH,         /* proxies: peer HA watching for a new CoA (T_p) */
} mob_held_role_t;

typedef struct mob_held {
    bool used;
    uint8_t role;
    int node;         /* who holds it */
    int host;         /* the mobile host it concerns */
    uint16_t id;      /* proxies: query id */
    net_addr_t addr;  /* buffer: departed address; copies: where it went; watch: querier */
    net_addr_t hoa;   /* the mobile host's home address */
    mob_pkt_t *pkt;   /* owned; NULL for a watch */
    sim_handle_t timer;
} mob_held_t;

/* forwarding: an access router's entry old CoA -> new CoA */
typedef struct mob_fwd {
    bool used;
    int net;
    net_addr_t old_coa, new_coa;
    sim_handle_t timer;
} mob_fwd_t;

#define MOB_MAX_FWD 64

struct mob_world {
    mob_config_t cfg;
    sim_t *sim;
    int n_nodes;
    char node_names[MOB_MAX_HOSTS + MOB_MAX_NETS][MOB_NAME_MAX + 4];
    net_addr_t router_addr[MOB_MAX_NETS];
    struct mob_mn hosts[MOB_MAX_HOSTS];
    mob_ha_t ha[MOB_MAX_NETS]; /* indexed by network; valid where is_home */
    mob_metrics_t m;
    uint64_t next_pkt_id, next_msg_id;
    mob_q_t delays;      /* data delays for p95, bounded memory (quantile.h) */
    sim_time_t delay_sum;
    sim_time_t sig_latency_sum;
    uint64_t n_sig_delivered;
    int oom;             /* set when an allocation failed mid-run */
    gsl_rng *rng_delay, *rng_loss, *rng_crypto, *rng_handoff;
    /* schemes */
    mob_held_t *held;
    size_t n_held, cap_held;
    int copies_at[MOB_MAX_HOSTS + MOB_MAX_NETS]; /* copies held per node now */
    mob_fwd_t fwd[MOB_MAX_FWD];
    uint16_t next_query_id;
};

/* ---- net.c ---- */
int mob_net_of_addr(const mob_world_t *w, const net_addr_t *a); /* -1 none */
int mob_router_node(const mob_world_t *w, int net);
sim_time_t mob_draw_delay(mob_world_t *w, const mob_delay_t *d, gsl_rng *rng);

/* Makes a packet from a description (bytes built by pkt_build). NULL on
 * failure (w->oom set). */
mob_pkt_t *mob_pkt_make(mob_world_t *w, const pkt_desc_t *d, mob_pkt_kind_t kind, int origin,
                        int intended);
/* A new transmission of the same message with other bytes (tunnel, forward). */
mob_pkt_t *mob_pkt_derive(mob_world_t *w, const mob_pkt_t *from, const uint8_t *bytes, size_t len);

/* Puts pkt on the network from node `from` sitting on network `from_net`;
 * takes ownership of pkt. */
void mob_net_send(mob_world_t *w, int from, int from_net, mob_pkt_t *pkt);

/* Records the death of pkt at node `where` for reason `why`, and frees it. */
void mob_pkt_drop(mob_world_t *w, mob_pkt_t *pkt, int where, const char *why);

/* Publishes a trace record of a node receiving pkt. */
void mob_trace_received(mob_world_t *w, const mob_pkt_t *pkt, int node);
void mob_trace_note(mob_world_t *w, sim_trace_kind_t kind, int node, int peer, int code,
                    const char *what);

/* ---- host.c ---- */
void mob_host_receive(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, const pkt_view_t *v,
                      bool via_tunnel);
void mob_host_coa_ready(mob_world_t *w, struct mob_mn *h); /* after DAD: register */
void mob_host_detached(mob_world_t *w, struct mob_mn *h);
void mob_host_init_state(mob_world_t *w, struct mob_mn *h, bool cold);
void mob_host_send_data(mob_world_t *w, struct mob_mn *h);
void mob_host_icmp_error(mob_world_t *w, struct mob_mn *h, const pkt_view_t *inner);
/* Sends bytes from the host: directly from its CoA, or reverse-tunneled to
 * its HA when `tunnel` is true (inner source = HoA). */
void mob_host_output(mob_world_t *w, struct mob_mn *h, const pkt_desc_t *d,
                     mob_pkt_kind_t kind, int intended, bool tunnel);
void mob_host_fini(struct mob_mn *h);

/* ---- ha.c ---- */
/* A packet arrived at home network `net` for the HA or one of its MNs' home
 * addresses. */
void mob_ha_receive(mob_world_t *w, mob_ha_t *ha, mob_pkt_t *pkt, const pkt_view_t *v);
mob_ha_t *mob_ha_of_host(mob_world_t *w, const struct mob_mn *h);

/* ---- scheme.c: the paper's three fixes ---- */
/* Experimental Mobility Header (MH type 11, RFC 5096) message data of the
 * schemes' own messages; docs/schemes.md documents the layout. */
enum mob_scheme_msg {
    MOB_SMSG_FWD_INSTALL = 1,
    MOB_SMSG_PROXY_QUERY = 2,
    MOB_SMSG_PROXY_ANSWER = 3,
    MOB_SMSG_PROXY_UPDATE = 4,
};
#define MOB_SMSG_LEN 40

const char *mob_scheme_msg_name(int subtype);
/* A foreign network's AR: a packet for its own address (forwarding install). */
void mob_scheme_ar_receive(mob_world_t *w, int net, mob_pkt_t *pkt, const pkt_view_t *v);
/* A packet for an address nobody holds on foreign network net: true when a
 * scheme took it (forwarded or buffered). */
bool mob_scheme_ar_unclaimed(mob_world_t *w, int net, mob_pkt_t *pkt, const pkt_view_t *v);
/* A host's new CoA is usable: forwarding installs its entry at the old AR. */
void mob_scheme_coa_ready(mob_world_t *w, struct mob_mn *h);
/* The HA tunnels pkt (a packet for host's home address) to `to`. */
void mob_scheme_ha_tunneled(mob_world_t *w, mob_ha_t *ha, int host, const mob_pkt_t *pkt,
                            const pkt_view_t *v, const net_addr_t *to);
/* The HA accepted a home registration of host at a new CoA. */
void mob_scheme_home_registered(mob_world_t *w, mob_ha_t *ha, int host, const net_addr_t *coa);
/* The HA relays a reverse-tunneled control message (proxies): true when the
 * scheme sent it on (caller must not). */
bool mob_scheme_ha_relay(mob_world_t *w, mob_ha_t *ha, mob_pkt_t *pkt, const uint8_t *inner_bytes,
                         size_t inner_len, const pkt_view_t *inner);
/* The HA got a scheme message at its own address. */
void mob_scheme_ha_message(mob_world_t *w, mob_ha_t *ha, mob_pkt_t *pkt, const pkt_view_t *v);
/* The MN sends its control messages through its HA (proxies deployed there). */
bool mob_scheme_relay_via_ha(const mob_world_t *w, const struct mob_mn *h);
void mob_scheme_fini(mob_world_t *w);

/* ---- world.c ---- */
void mob_metrics_lost(mob_world_t *w, const mob_pkt_t *pkt, int where, const char *why);
void mob_binding_changed(mob_world_t *w, int node, int peer_host, const char *what);

#endif /* MOBSIM_MODELS_INTERNAL_H */
