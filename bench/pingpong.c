/* bench/pingpong.c - a protocol-shaped workload on mobsim's event core.
 *
 * The workload of ../shared/bench/ns3/pingpong.cc, event for event:
 * K node pairs (A_i, B_i); pair i's link has a one-way latency of 10 ms (even
 * i) or 50 ms (odd i). Each pair runs W stop-and-wait streams: A sends
 * PING(stream, seq), B answers PONG(stream, seq), and the PONG makes A send
 * PING(seq + 1). Every message is a 64-byte buffer (a serialized header)
 * allocated by the sender, handed to the receiver's handler after the link
 * latency and copied back out and freed there: what a model does with a packet.
 *
 * Timers, as in a protocol model:
 *  - retransmission timer per stream at A, armed at every PING send with
 *    RTO = 5 x RTT and cancelled (sim_cancel: taken out of the queue at once)
 *    when the PONG arrives; it fires only after a loss and resends the PING.
 *    Each message is lost with probability LOSS (default 0.01).
 *  - periodic tick per node every 100 ms.
 * Start times of streams and ticks are spread at random over one period.
 *
 * Same xorshift64 generator, seed and draw order as pingpong.cc, and the same
 * stop rule (a stop event scheduled at T after the set-up, so events due at
 * exactly T run only if scheduled before it), so for the same K, T, W and LOSS
 * both process the same events and print the same recv, timeouts, ticks,
 * sent, lost, rto_armed and stale counts (bench/run-bench checks this).
 *
 * "events" counts handler invocations that did work (receives, RTO expiries,
 * ticks), exactly as pingpong.cc counts them, so ns_per_event divides the
 * same work by the same number on both sides. sim_events is what sim_run()
 * ran: those events plus the W*K initial sends and the stop event (cancelled
 * timers are not in it: mobsim removes them from the queue; ns-3's
 * ns3_events counts them in cancel mode).
 *
 * Usage: pingpong K SIM_SECONDS [W] [LOSS]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sim/sim.h"

enum { PING = 1, PONG = 2 };

/* The 64-byte payload carried by every message. */
typedef struct msg {
    uint32_t src, dst, stream, seq;
    uint64_t sent_ns;
    uint8_t kind;
    uint8_t pad[39];
} msg_t;

_Static_assert(sizeof(msg_t) == 64, "payload must be 64 bytes");

typedef struct counters {
    uint64_t recv, timeouts, ticks, sent, lost, armed, stale, backwards;
} counters_t;

typedef struct world world_t;

typedef struct stream {
    uint32_t seq;
    sim_handle_t rto;
} stream_t;

typedef struct node {
    uint32_t id;
    struct node *peer;
    world_t *world;
    sim_time_t latency, rto;
    stream_t *streams; /* only on the A side */
} node_t;

struct world {
    uint64_t rng; /* xorshift64 state */
    double loss;
    sim_time_t last_now;
    counters_t c;
    int err; /* first failure (out of memory), stops the run */
};

static const sim_time_t tick_period = SIM_MS(100);

static double uniform01(world_t *w)
{
    w->rng ^= w->rng << 13;
    w->rng ^= w->rng >> 7;
    w->rng ^= w->rng << 17;
    return ((double)(w->rng >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* A correct event queue never goes back in time. */
static void check_clock(sim_t *sim, world_t *w)
{
    sim_time_t now = sim_now(sim);
    if (now < w->last_now)
        w->c.backwards++;
    w->last_now = now;
}

static void fail(sim_t *sim, world_t *w, int rc)
{
    if (!w->err)
        w->err = rc;
    sim_stop(sim);
}

static void node_receive(sim_t *sim, void *ctx, void *arg);
static void node_timeout(sim_t *sim, void *ctx, void *arg);

static void node_send(sim_t *sim, node_t *n, uint32_t stream, uint32_t seq, uint8_t kind)
{
    msg_t m;
    memset(&m, 0, sizeof(m));
    m.src = n->id;
    m.dst = n->peer->id;
    m.stream = stream;
    m.seq = seq;
    m.sent_ns = (uint64_t)sim_now(sim);
    m.kind = kind;
    uint8_t *buf = malloc(sizeof(m));
    if (!buf) {
        fail(sim, n->world, -SIM_ENOMEM);
        return;
    }
    memcpy(buf, &m, sizeof(m));
    n->world->c.sent++;
    if (uniform01(n->world) < n->world->loss) {
        n->world->c.lost++;
        free(buf);
        return;
    }
    int rc = sim_after(sim, n->latency, node_receive, n->peer, buf, NULL);
    if (rc < 0) {
        free(buf);
        fail(sim, n->world, rc);
    }
}

static void node_send_ping(sim_t *sim, node_t *n, uint32_t stream)
{
    stream_t *st = &n->streams[stream];
    node_send(sim, n, stream, st->seq, PING);
    sim_cancel(sim, &st->rto);
    int rc = sim_after(sim, n->rto, node_timeout, n, (void *)(uintptr_t)stream, &st->rto);
    if (rc < 0)
        fail(sim, n->world, rc);
    n->world->c.armed++;
}

static void node_start_stream(sim_t *sim, void *ctx, void *arg)
{
    node_send_ping(sim, ctx, (uint32_t)(uintptr_t)arg);
}

static void node_receive(sim_t *sim, void *ctx, void *arg)
{
    node_t *n = ctx;
    world_t *w = n->world;
    check_clock(sim, w);
    w->c.recv++;
    msg_t m;
    memcpy(&m, arg, sizeof(m));
    free(arg);
    if (m.kind == PING) {
        node_send(sim, n, m.stream, m.seq, PONG);
        return;
    }
    stream_t *st = &n->streams[m.stream];
    if (m.seq != st->seq) {
        w->c.stale++;
        return;
    }
    sim_cancel(sim, &st->rto);
    st->seq++;
    node_send_ping(sim, n, m.stream);
}

static void node_timeout(sim_t *sim, void *ctx, void *arg)
{
    node_t *n = ctx;
    check_clock(sim, n->world);
    n->world->c.timeouts++;
    node_send_ping(sim, n, (uint32_t)(uintptr_t)arg); /* the same seq again, re-armed */
}

static void node_tick(sim_t *sim, void *ctx, void *arg)
{
    (void)arg;
    node_t *n = ctx;
    check_clock(sim, n->world);
    n->world->c.ticks++;
    int rc = sim_after(sim, tick_period, node_tick, n, NULL, NULL);
    if (rc < 0)
        fail(sim, n->world, rc);
}

static void stop_run(sim_t *sim, void *ctx, void *arg)
{
    (void)ctx;
    (void)arg;
    sim_stop(sim);
}

/* Builds the pairs and schedules the first sends and ticks, drawing from the
 * generator in pingpong.cc's order. Returns 0 or a negative SIM_E code. */
static int setup(sim_t *sim, world_t *w, node_t *nodes, long k, long n_streams)
{
    for (long i = 0; i < k; i++) {
        node_t *a = &nodes[2 * i], *b = &nodes[2 * i + 1];
        sim_time_t lat = (i % 2 == 0) ? SIM_MS(10) : SIM_MS(50);
        *a = (node_t){
            .id = (uint32_t)(2 * i), .peer = b, .world = w, .latency = lat, .rto = lat * 10};
        *b = (node_t){
            .id = (uint32_t)(2 * i + 1), .peer = a, .world = w, .latency = lat, .rto = lat * 10};
        a->streams = calloc((size_t)n_streams, sizeof(*a->streams));
        if (!a->streams)
            return -SIM_ENOMEM;
        for (long s = 0; s < n_streams; s++) {
            sim_time_t start = (sim_time_t)(uniform01(w) * 2 * (double)lat);
            int rc = sim_at(sim, start, node_start_stream, a, (void *)(uintptr_t)s, NULL);
            if (rc < 0)
                return rc;
        }
    }
    for (long i = 0; i < 2 * k; i++) {
        sim_time_t phase = (sim_time_t)(uniform01(w) * (double)tick_period);
        int rc = sim_at(sim, phase, node_tick, &nodes[i], NULL, NULL);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) * 1e-9;
}

/* Frees the messages still in flight (their buffers are the events' arg). */
static void free_in_flight(sim_t *sim)
{
    sim_event_t ev;
    while (sim_queue_pop(sim_queue(sim), &ev))
        if (ev.fn == node_receive)
            free(ev.arg);
}

static void print_result(const world_t *w, long k, long n_streams, double t_seconds, double s,
                         uint64_t sim_events)
{
    const counters_t *c = &w->c;
    uint64_t events = c->recv + c->timeouts + c->ticks;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("mobsim-pingpong sim_run K=%ld W=%ld T=%g loss=%g mode=cancel seconds=%.3f "
           "events=%" PRIu64 " events_per_s=%.0f ns_per_event=%.1f sim_events=%" PRIu64
           " recv=%" PRIu64 " timeouts=%" PRIu64 " ticks=%" PRIu64 " sent=%" PRIu64 " lost=%" PRIu64
           " rto_armed=%" PRIu64 " stale=%" PRIu64 " backwards=%" PRIu64 " maxrss_kb=%ld\n",
           k, n_streams, t_seconds, w->loss, s, events, (double)events / s,
           s * 1e9 / (double)events, sim_events, c->recv, c->timeouts, c->ticks, c->sent, c->lost,
           c->armed, c->stale, c->backwards, ru.ru_maxrss);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr,
                "usage: %s K SIM_SECONDS [W] [LOSS]\n"
                "  K            node pairs (latency 10 ms for even pairs, 50 ms odd)\n"
                "  SIM_SECONDS  simulated time to run\n"
                "  W            stop-and-wait streams per pair (default 1)\n"
                "  LOSS         per-message loss probability (default 0.01)\n",
                argv[0]);
        return 2;
    }
    long k = atol(argv[1]);
    double t_seconds = atof(argv[2]);
    long n_streams = argc > 3 ? atol(argv[3]) : 1;
    world_t w = {.rng = 88172645463325252ULL, .loss = argc > 4 ? atof(argv[4]) : 0.01};
    sim_time_t horizon;
    sim_err_t err = {0};
    if (k < 1 || n_streams < 1 || w.loss < 0 || w.loss >= 1 ||
        sim_time_from_seconds(t_seconds, &horizon, &err) < 0 || horizon <= 0) {
        fprintf(stderr, "pingpong: bad arguments (run without arguments for usage)\n");
        return 2;
    }

    int rc = -SIM_ENOMEM;
    sim_t *sim = sim_create((sim_stream_id_t){1, 0, 0});
    node_t *nodes = calloc((size_t)(2 * k), sizeof(*nodes));
    if (sim && nodes)
        rc = setup(sim, &w, nodes, k, n_streams);
    /* the stop event goes in after the set-up, as Simulator::Stop(T) in pingpong.cc */
    if (rc == 0)
        rc = sim_at(sim, horizon, stop_run, NULL, NULL, NULL);

    uint64_t sim_events = 0;
    double s = 0;
    if (rc == 0) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        sim_events = sim_run(sim, SIM_TIME_MAX);
        clock_gettime(CLOCK_MONOTONIC, &b);
        s = seconds_between(&a, &b);
        rc = w.err;
    }
    if (rc == 0)
        print_result(&w, k, n_streams, t_seconds, s, sim_events);
    else
        fprintf(stderr, "pingpong: out of memory\n");

    if (sim)
        free_in_flight(sim);
    for (long i = 0; nodes && i < k; i++)
        free(nodes[2 * i].streams);
    free(nodes);
    sim_destroy(sim);
    return rc == 0 ? 0 : 1;
}
