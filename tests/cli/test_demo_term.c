/* `mobsim demo` in a terminal, as a teacher uses it: driven in tmux with
 * send-keys, the screen read back with capture-pane, at given steps. Also
 * through a pipe (no colours, no cursor codes), the --html page and its
 * errors. Runs $MOBSIM_DEMO (make test-run sets it to build/mobsim-demo,
 * which is `mobsim demo` on its own), from the repository root. tmux is
 * installed by scripts/install-deps: missing is a failure. */
#include "analysis/demo.h"
#include "tests/analysis/viz_util.h"
#include "tests/testing.h"

#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *demo_bin(void)
{
    const char *d = getenv("MOBSIM_DEMO");
    return d && *d ? d : "build/mobsim-demo";
}

typedef struct term {
    char sock[64];
} term_t;

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static char *tmux(const term_t *t, const char *args)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "tmux -L %s %s 2>&1", t->sock, args);
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    return out;
}

static char *screen(const term_t *t)
{
    return tmux(t, "capture-pane -p -t demo");
}

/* Waits (up to 10 s) until the screen shows `text` and is complete (the
 * key help is its last line, or the demo has exited); returns it. */
static char *wait_for(const term_t *t, const char *text)
{
    char *s = NULL;
    for (int i = 0; i < 200; i++) {
        free(s);
        s = screen(t);
        if (s && strstr(s, text) && (strstr(s, "[Enter] next") || strstr(s, "DEMO-EXIT=")))
            return s;
        sleep_ms(50);
    }
    fprintf(stderr, "\nscreen never showed \"%s\":\n%s\n", text, s ? s : "");
    return s;
}

static void keys(const term_t *t, const char *k)
{
    char args[1100];
    snprintf(args, sizeof(args), "send-keys -t demo %s", k);
    free(tmux(t, args));
}

/* The step whose text contains all of words, as the demo numbers it. */
static size_t step_no(const msc_t *m, const char *const *words)
{
    msc_opts_t o;
    msc_opts_default(&o);
    long i = msc_find_step(m, 0, words);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    return demo_step_of(m, &o, (size_t)i);
}

/* Figure 1 on a 110x50 terminal: Enter steps, b goes back, a number jumps,
 * q quits; the event, the state panels and the chart so far on screen. */
static void test_terminal_demo_of_fig1_in_tmux(void)
{
    CU_ASSERT_TRUE_FATAL(vz_have("tmux")); /* scripts/install-deps installs it */
    CU_ASSERT_EQUAL_FATAL(access(demo_bin(), X_OK), 0);
    msc_t *m = vz_record("fig1", MSC_KEEP_VIEWS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    const char *coti[] = {"CoTI from A for B died at AR_B1: stale-address", NULL};
    const char *b_hoti[] = {"HoTI from B for A died at AR_A1", NULL};
    size_t n_coti = step_no(m, coti), n_hoti = step_no(m, b_hoti);
    CU_ASSERT_TRUE_FATAL(n_coti > 3 && n_hoti > n_coti);

    term_t t;
    snprintf(t.sock, sizeof(t.sock), "mobsim-demo-%ld", (long)getpid());
    char cwd[512], args[1024];
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof(cwd)));
    snprintf(args, sizeof(args),
             "-f /dev/null new-session -d -s demo -x 110 -y 50 "
             "\"cd '%s' && TERM=xterm '%s' fig1; echo DEMO-EXIT=\\$?; sleep 30\"",
             cwd, demo_bin());
    free(tmux(&t, args));

    /* step 1: A's link breaks */
    char *s = wait_for(&t, "step 1/");
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">> A: L2 detach: leaves A1 for A2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "A     CoA   none: detached, moving to A2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "cache B at 2001:db8:b1::200 (B1)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "[Enter] next   b back   q quit"));
    free(s);

    /* Enter up to the step where A's CoTI dies at B's old access router */
    for (size_t i = 1; i < n_coti; i++)
        keys(&t, "Enter");
    char want[64];
    snprintf(want, sizeof(want), "step %zu/", n_coti);
    s = wait_for(&t, want);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">> CoTI from A for B died at AR_B1: stale-address (sent at "
                                     "1.100 s)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "t = 1.130 s"));
    /* A is on A2 and registered there; B is between networks; B still
     * believes A is at A1 */
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "A     CoA   2001:db8:a2::100 (A2)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "HA_A  A at 2001:db8:a2::100 (A2), seq 2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "B     CoA   none: detached, moving to B2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "cache A at 2001:db8:a1::100 (A1)"));
    /* the chart so far ends with this loss, marked as the current row */
    const char *cur = strstr(s, "\n>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cur);
    CU_ASSERT_PTR_NOT_NULL(strstr(cur, "CoTI LOST: stale-address"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "HA_A: home binding: A at A2"));
    CU_ASSERT_PTR_NULL(strstr(s, "HA_B: home binding"));
    free(s);

    /* b: one step back */
    keys(&t, "b Enter");
    snprintf(want, sizeof(want), "step %zu/", n_coti - 1);
    s = wait_for(&t, want);
    CU_ASSERT_PTR_NULL(strstr(s, ">> CoTI from A"));
    free(s);

    /* a number: straight to B's HoTI dying at A's old access router */
    snprintf(args, sizeof(args), "%zu Enter", n_hoti);
    keys(&t, args);
    snprintf(want, sizeof(want), "step %zu/", n_hoti);
    s = wait_for(&t, want);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">> HoTI from B for A died at AR_A1: stale-address"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "HA_B  B at 2001:db8:b2::200 (B2)"));
    free(s);

    /* q quits with status 0 */
    keys(&t, "q Enter");
    s = wait_for(&t, "DEMO-EXIT=");
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "DEMO-EXIT=0"));
    free(s);
    free(tmux(&t, "kill-server"));
    msc_destroy(m);
}

/* Through a pipe, or on a dumb terminal: plain text, no escape codes. */
static void test_terminal_demo_without_tty_has_no_escapes(void)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "printf '\\n\\n\\nb\\nq\\n' | TERM=xterm '%s' fig6", demo_bin());
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_PTR_NULL(strchr(out, '\033'));
    CU_ASSERT_EQUAL(vz_count(out, "[Enter] next"), 5); /* steps 1, 2, 3, 4 and back to 3 */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "step 3/"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "step 4/"));
    CU_ASSERT_PTR_NULL(strstr(out, "step 5/"));
    free(out);
    /* end of input ends the demo like q */
    snprintf(cmd, sizeof(cmd), "'%s' fig3 </dev/null", demo_bin());
    out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "step 1/"));
    free(out);
}

static void test_demo_html_option_and_errors(void)
{
    char dir[64], cmd[1024], path[128];
    CU_ASSERT_TRUE_FATAL(vz_tmpdir(dir, sizeof(dir)));
    snprintf(path, sizeof(path), "%s/fig6.html", dir);
    snprintf(cmd, sizeof(cmd), "'%s' fig6 --html '%s' 2>&1", demo_bin(), path);
    int st;
    char *out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
    char *html = vz_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "HA re-forwarded CoTI"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "</html>"));
    free(html);
    /* nothing else left in the directory (the temporary file was renamed) */
    snprintf(cmd, sizeof(cmd), "ls -A '%s'", dir);
    out = vz_run(cmd, &st);
    CU_ASSERT_STRING_EQUAL(out, "fig6.html\n");
    free(out);
    unlink(path);
    /* bad usage and unknown figures: status 2, one line on stderr */
    const char *bad[] = {
        "", "nofig", "fig1 --from soon", "fig1 --bogus", "fig1 fig3", "fig1 --set scheme=nonsense"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(cmd, sizeof(cmd), "'%s' %s </dev/null 2>&1 >/dev/null", demo_bin(), bad[i]);
        out = vz_run(cmd, &st);
        CU_ASSERT_EQUAL(st, 2);
        CU_ASSERT_EQUAL(vz_count(out, "\n"), 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "mobsim demo: "));
        free(out);
    }
    /* a page that cannot be written: status 2, nothing left behind */
    snprintf(cmd, sizeof(cmd), "'%s' fig1 --html '%s/no/such/dir/x.html' 2>&1", demo_bin(), dir);
    out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "cannot write"));
    free(out);
    snprintf(cmd, sizeof(cmd), "'%s' --help", demo_bin());
    out = vz_run(cmd, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: mobsim demo FIG"));
    free(out);
    rmdir(dir);
}

void suite_demo_term(void)
{
    ADD_SUITE("cli/demo", TEST(test_terminal_demo_of_fig1_in_tmux),
              TEST(test_terminal_demo_without_tty_has_no_escapes),
              TEST(test_demo_html_option_and_errors));
}
