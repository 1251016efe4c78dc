/* cli/window.c - `mobsim window FILE [--search]`: the vulnerability window of
 * baseline MIPv6 for a scenario's timing, derived and (optionally) searched
 * by simulation, with the smallest scheme timers that cover it. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/window.h"
#include "scenarios/scn.h"

static const char help[] =
    "usage: mobsim window FILE [--search] [--range T] [--step T] [--set K=V]...\n"
    "\n"
    "Derives the vulnerability window of baseline MIPv6 route optimization for the\n"
    "scenario's timing: the handoff offsets D = t_B - t_A (B's move minus A's) at\n"
    "which some control message (HoTI, CoTI, HoT, CoT, BU, BA) is lost, and the\n"
    "smallest T_b, T_p, T_h and fwd_buffer with which each scheme covers it.\n"
    "The scenario needs one move per host, constant delays, no loss\n"
    "(docs/theory.md gives the derivation).\n"
    "\n"
    "Options:\n"
    "  --search      also find the window by simulation (baseline runs at every\n"
    "                step of D, each change bisected to 1 ns) and print both\n"
    "  --range T     search D in [-T, T] (default 2s)\n"
    "  --step T      search grid (default 1ms); narrower windows can be missed\n"
    "  --set K=V     override a scenario key, as for `mobsim run`\n"
    "  -h, --help    this text\n"
    "\n"
    "Example:\n"
    "  mobsim window scenarios/fig1.json --search\n"
    "  mobsim window scenarios/fig1.json --set mh_routing=rfc6275\n"
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

int cli_window(int argc, char **argv)
{
    const char *file = NULL;
    bool search = false;
    sim_time_t range = SIM_S(2), step = SIM_MS(1);
    const char **sets = calloc((size_t)argc + 1, sizeof(*sets));
    size_t n_sets = 0;
    sim_err_t err = {0};
    int status = CLI_USAGE;
    if (!sets)
        return CLI_FAIL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            status = CLI_OK;
            goto out;
        } else if (strcmp(a, "--search") == 0) {
            search = true;
        } else if (strcmp(a, "--range") == 0 || strcmp(a, "--step") == 0) {
            if (i + 1 >= argc) {
                cli_usage_error("window", "%s needs a time such as \"2s\"", a);
                goto out;
            }
            sim_time_t *dst = strcmp(a, "--range") == 0 ? &range : &step;
            if (sim_time_parse(argv[++i], dst, &err) < 0 || *dst <= 0) {
                cli_usage_error("window", "%s: %s", a, err.code ? err.msg : "expected a positive time");
                goto out;
            }
        } else if (strcmp(a, "--set") == 0) {
            if (i + 1 >= argc) {
                cli_usage_error("window", "--set needs K=V");
                goto out;
            }
            sets[n_sets++] = argv[++i];
        } else if (strncmp(a, "--set=", 6) == 0) {
            sets[n_sets++] = a + 6;
        } else if (a[0] == '-' && a[1]) {
            cli_usage_error("window", "unknown option \"%s\"", a);
            goto out;
        } else if (!file) {
            file = a;
        } else {
            cli_usage_error("window", "one scenario file expected, got \"%s\" too", a);
            goto out;
        }
    }
    if (!file) {
        cli_usage_error("window", "a scenario FILE is required");
        goto out;
    }
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
        free(cfg);
        goto out;
    }
    printf("vulnerability window of %s (D = t_B - t_A; %s routing)\n", cfg->name,
           cfg->mh_routing == MOB_MH_RFC6275 ? "RFC 6275" : "binding-cache");
    print_intervals("analytic", &an);
    if (search) {
        window_t se;
        rc = window_search(cfg, range, step, &se, progress, NULL, &err);
        if (isatty(STDERR_FILENO))
            fprintf(stderr, "\r\033[K");
        if (rc < 0) {
            fprintf(stderr, "mobsim window: %s\n", err.msg);
            status = cli_status_of(rc);
            free(cfg);
            goto out;
        }
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
    free(cfg);
    status = fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
out:
    free(sets);
    return status;
}
