/* cli/window.c - `mobsim window FILE [--search]`: the vulnerability window of
 * baseline MIPv6 for a scenario's timing, derived and (optionally) searched
 * by simulation, with the smallest scheme timers that cover it. */
#include "cli/cli.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/window.h"
#include "scenarios/scn.h"

static const char help[] =
    "usage: mobsim window FILE [--search] [--range T] [--step T] [--set K=V]... [--json]\n"
    "\n"
    "Derives the vulnerability window of baseline MIPv6 route optimization for the\n"
    "scenario's timing: the handoff offsets D = t_B - t_A (B's move minus A's) at\n"
    "which some control message (HoTI, CoTI, HoT, CoT, BU, BA) is lost, and the\n"
    "smallest T_b, T_p, T_h and fwd_buffer with which each scheme covers it.\n"
    "The scenario needs one move per host, constant delays, no loss\n"
    "(docs/theory.md gives the derivation). FILE may be a shipped scenario's\n"
    "short name (fig1), as for `mobsim run`.\n"
    "\n"
    "Options:\n"
    "  --search      also find the window by simulation (baseline runs at every\n"
    "                step of D, each change bisected to 1 ns) and print both\n"
    "  --range T     search D in [-T, T] (default 2s)\n"
    "  --step T      search grid (default 1ms, at most T of --range); narrower\n"
    "                windows can be missed\n"
    "  --set K=V     override a scenario key, as for `mobsim run`\n"
    "  --json        print one JSON object instead: provenance, scenario,\n"
    "                routing, analytic and simulated windows [{lo, hi}] in\n"
    "                seconds, agreement, w_a, w_b, bounds (keys: docs/cli.md)\n"
    "  -h, --help    this text\n"
    "\n"
    "Example:\n"
    "  mobsim window scenarios/fig1.json --search\n"
    "  mobsim window scenarios/fig1.json --set mh_routing=rfc6275\n"
    "  mobsim window fig1 --search --json\n"
    "\n"
    "Exit status: 0 success (also when the two disagree: the output says so),\n"
    "1 failure, 2 bad input or usage.\n";

static void print_intervals(const char *label, const window_t *w)
{
    printf("%-10s", label);
    if (w->n == 0)
        printf(" (empty)");
    for (int i = 0; i < w->n; i++) {
        char lo[32], hi[32];
        sim_time_t a = w->iv[i].lo, b = w->iv[i].hi;
        sim_time_format(a < 0 ? -a : a, lo, sizeof(lo));
        sim_time_format(b < 0 ? -b : b, hi, sizeof(hi));
        printf("%s[%s%s, %s%s]", i ? " u " : " ", a < 0 ? "-" : "", lo, b < 0 ? "-" : "", hi);
    }
    printf("\n");
}

static void print_bound(const char *name, const char *scheme, sim_time_t v)
{
    char buf[32];
    if (v < 0) {
        printf("  %-11s %-14s not derived for mh_routing rfc6275\n", name, scheme);
        return;
    }
    sim_time_format(v - 1, buf, sizeof(buf));
    printf("  %-11s %-14s > %s  (smallest: %s + 1 ns)\n", name, scheme, buf, buf);
}

static void progress(void *ctx, uint64_t done, uint64_t total)
{
    (void)ctx;
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "\rsearching: %llu runs (grid of %llu)", (unsigned long long)done,
                (unsigned long long)total);
}

static bool same(const window_t *a, const window_t *b)
{
    if (a->n != b->n)
        return false;
    for (int i = 0; i < a->n; i++)
        if (a->iv[i].lo != b->iv[i].lo || a->iv[i].hi != b->iv[i].hi)
            return false;
    return true;
}

/* ------------------------------------------------------------ --json */

static double seconds(sim_time_t t)
{
    return (double)t / 1e9;
}

static cJSON *intervals_json(const window_t *w)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; arr && i < w->n; i++) {
        cJSON *iv = cJSON_CreateObject();
        if (!iv || !cJSON_AddItemToArray(arr, iv) ||
            !cJSON_AddNumberToObject(iv, "lo", seconds(w->iv[i].lo)) ||
            !cJSON_AddNumberToObject(iv, "hi", seconds(w->iv[i].hi))) {
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

/* A timer bound: the smallest value that covers the window (the bound + 1
 * ns), or null where it is not derived (mh_routing rfc6275). */
static bool add_bound(cJSON *bounds, const char *name, const char *scheme, sim_time_t v)
{
    cJSON *b = cJSON_CreateObject();
    if (!b || !cJSON_AddItemToObject(bounds, name, b))
        return cJSON_Delete(b), false;
    return cJSON_AddStringToObject(b, "scheme", scheme) &&
           (v < 0 ? cJSON_AddNullToObject(b, "min") != NULL
                  : cJSON_AddNumberToObject(b, "min", seconds(v)) != NULL);
}

typedef struct window_result {
    const mob_config_t *cfg;
    const window_t *an, *se; /* se NULL without --search */
    sim_time_t range, step;
} window_result_t;

/* docs/cli.md, "window --json". */
static int print_json(const prov_t *prov, const window_result_t *r)
{
    const window_t *an = r->an;
    cJSON *root = cJSON_CreateObject(), *p = prov_json(prov);
    bool ok = root && p && cJSON_AddItemToObject(root, "provenance", p);
    if (!ok)
        cJSON_Delete(p);
    ok = ok && cJSON_AddStringToObject(root, "scenario", r->cfg->name);
    ok = ok && cJSON_AddStringToObject(root, "routing", window_routing_label(r->cfg));
    cJSON *a = ok ? intervals_json(an) : NULL;
    ok = a && cJSON_AddItemToObject(root, "analytic", a);
    if (ok && r->se) {
        cJSON *s = intervals_json(r->se);
        ok = s && cJSON_AddItemToObject(root, "simulated", s) &&
             cJSON_AddStringToObject(root, "agreement", same(an, r->se) ? "exact" : "different") &&
             cJSON_AddNumberToObject(root, "runs", (double)r->se->runs) &&
             cJSON_AddNumberToObject(root, "step", seconds(r->step)) &&
             cJSON_AddNumberToObject(root, "range", seconds(r->range));
    } else if (ok) {
        ok = cJSON_AddNullToObject(root, "simulated") && cJSON_AddNullToObject(root, "agreement");
    }
    ok = ok && cJSON_AddNumberToObject(root, "w_a", seconds(an->w_a)) &&
         cJSON_AddNumberToObject(root, "w_b", seconds(an->w_b));
    cJSON *b = ok ? cJSON_AddObjectToObject(root, "bounds") : NULL;
    ok = b && add_bound(b, "T_b", "hoa-signaling", an->t_b_min) &&
         add_bound(b, "T_p", "proxies", an->t_p_min) &&
         add_bound(b, "T_h", "proxies", an->t_h_min) &&
         add_bound(b, "fwd_buffer", "forwarding", an->fwd_buffer_min);
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text) {
        fprintf(stderr, "mobsim window: out of memory\n");
        return CLI_FAIL;
    }
    puts(text);
    cJSON_free(text);
    return CLI_OK;
}

enum { OPT_SEARCH = 1, OPT_RANGE, OPT_STEP, OPT_SET, OPT_JSON, OPT_HELP };

static const cli_option_t window_options[] = {
    {"--search", 0, false, OPT_SEARCH},
    {"--range", 0, true, OPT_RANGE},
    {"--step", 0, true, OPT_STEP},
    {"--set", 0, true, OPT_SET},
    {"--json", 0, false, OPT_JSON},
    {"--help", 'h', false, OPT_HELP},
    {NULL, 0, false, 0},
};

typedef struct window_args {
    const char *file;
    bool search, json;
    sim_time_t range, step;
    const char **sets;
    size_t n_sets;
} window_args_t;

static int on_arg(void *ctx, int id, const char *opt, const char *value)
{
    window_args_t *a = ctx;
    sim_err_t err = {0};
    switch (id) {
    case CLI_OPERAND:
        if (a->file)
            return cli_usage_error("window", "one scenario file expected, got \"%s\" too", value);
        a->file = value;
        return 0;
    case OPT_HELP:
        fputs(help, stdout);
        return -1;
    case OPT_SEARCH:
        a->search = true;
        return 0;
    case OPT_JSON:
        a->json = true;
        return 0;
    case OPT_SET:
        a->sets[a->n_sets++] = value;
        return 0;
    case OPT_RANGE:
    case OPT_STEP: {
        sim_time_t *dst = id == OPT_RANGE ? &a->range : &a->step;
        if (sim_time_parse(value, dst, &err) < 0 || *dst <= 0)
            return cli_usage_error("window", "%s: %s", opt,
                                   err.code ? err.msg : "expected a positive time");
        return 0;
    }
    }
    return cli_usage_error("window", "unknown option \"%s\"", opt);
}

int cli_window(int argc, char **argv)
{
    window_args_t args = {NULL, false, false, SIM_S(2), SIM_MS(1), NULL, 0};
    args.sets = calloc((size_t)argc + 1, sizeof(*args.sets));
    sim_err_t err = {0};
    int status;
    if (!args.sets)
        return CLI_FAIL;
    status = cli_parse_args("window", window_options, argc, argv, on_arg, &args);
    if (status) {
        status = status < 0 ? CLI_OK : status;
        goto out;
    }
    if (!args.file) {
        status = cli_usage_error("window", "a scenario FILE is required");
        goto out;
    }
    if (args.step > args.range) {
        char st[32], ra[32];
        sim_time_format(args.step, st, sizeof(st));
        sim_time_format(args.range, ra, sizeof(ra));
        status = cli_usage_error(
            "window", "--step %s is larger than --range %s: expected a step within the range", st,
            ra);
        goto out;
    }
    char path[4400];
    if ((status = cli_resolve_scenario("window", args.file, path, sizeof(path))))
        goto out;
    const char *file = path, **sets = args.sets;
    size_t n_sets = args.n_sets;
    bool search = args.search;
    sim_time_t range = args.range, step = args.step;
    mob_config_t *cfg = malloc(sizeof(*cfg));
    if (!cfg) {
        status = CLI_FAIL;
        goto out;
    }
    int rc = scn_load_file(file, sets, n_sets, cfg, &err);
    window_t an;
    if (rc == 0) {
        rc = window_analytic(cfg, &an, &err);
        if (rc < 0)
            sim_err_prefix(&err, file);
    }
    if (rc < 0) {
        fprintf(stderr, "mobsim window: %s\n", err.msg);
        status = cli_status_of(rc);
        mob_config_free(cfg);
        free(cfg);
        goto out;
    }
    bool json = args.json;
    if (!json) {
        printf("vulnerability window of %s (D = t_B - t_A; %s)\n", cfg->name,
               window_routing_label(cfg));
        print_intervals("analytic", &an);
    }
    window_t se;
    if (search) {
        rc = window_search(cfg, range, step, &se, progress, NULL, &err);
        if (isatty(STDERR_FILENO))
            fprintf(stderr, "\r\033[K");
        if (rc < 0) {
            fprintf(stderr, "mobsim window: %s\n", err.msg);
            status = cli_status_of(rc);
            mob_config_free(cfg);
            free(cfg);
            goto out;
        }
    }
    if (json) {
        prov_t prov;
        if (prov_init(&prov, CLI_PROGRAM, argc, argv) != 0) {
            status = CLI_FAIL;
        } else {
            prov_set_seed(&prov, cfg->seed, PROV_SEEDING_RUN);
            window_result_t res = {cfg, &an, search ? &se : NULL, range, step};
            status = print_json(&prov, &res);
            prov_fini(&prov);
        }
        mob_config_free(cfg);
        free(cfg);
        goto out;
    }
    if (search) {
        print_intervals("simulated", &se);
        char st[32], ra[32];
        sim_time_format(step, st, sizeof(st));
        sim_time_format(range, ra, sizeof(ra));
        printf("agreement: %s (%llu runs: grid %s over +-%s, transitions bisected to 1 ns)\n",
               same(&an, &se) ? "exact" : "DIFFERENT", (unsigned long long)se.runs, st, ra);
    }
    char wa[32], wb[32];
    sim_time_format(an.w_a, wa, sizeof(wa));
    sim_time_format(an.w_b, wb, sizeof(wb));
    printf("binding-cache extents: W_A = %s, W_B = %s\n", wa, wb);
    printf("smallest scheme timers that cover it:\n");
    print_bound("T_b", "hoa-signaling", an.t_b_min);
    print_bound("T_p", "proxies", an.t_p_min);
    print_bound("T_h", "proxies", an.t_h_min);
    print_bound("fwd_buffer", "forwarding", an.fwd_buffer_min);
    mob_config_free(cfg);
    free(cfg);
    status = CLI_OK; /* cli_finish_stdout() checks standard output */
out:
    free(args.sets);
    return status;
}
