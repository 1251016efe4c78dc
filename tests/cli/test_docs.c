/* docs/cli.md against the command: every subcommand and option the page
 * names exists in that subcommand's --help, and every option of every
 * --help has its place in the page; plus the install test
 * (tests/cli/test_install.sh). Runs $MOBSIM (default build/mobsim) from the
 * repository root.
 *
 * Extraction, kept loose so a new option is found wherever it is written:
 * - an option of a --help is any "-x" or "--name" in the option column of
 *   a line indented 1 to 4 spaces that starts with '-' (the column ends at
 *   the first run of two spaces: "  -o, --output F    write ...");
 * - the options of a command in cli.md are those of its synopsis line at
 *   the top ("    mobsim run FILE [--set ...]") and of every `code span`
 *   in its section ("## mobsim run" up to the next "## ").
 */
#include "tests/testing.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORDS 128

typedef struct words {
    size_t n;
    char w[MAX_WORDS][48];
} words_t;

static void add_word(words_t *s, const char *w, size_t len)
{
    if (len == 0 || len >= sizeof(s->w[0]))
        return;
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->w[i]) == len && strncmp(s->w[i], w, len) == 0)
            return;
    if (s->n < MAX_WORDS) {
        memcpy(s->w[s->n], w, len);
        s->w[s->n++][len] = 0;
    }
}

static bool has_word(const words_t *s, const char *w)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->w[i], w) == 0)
            return true;
    return false;
}

/* Every option ("-o", "--no-plots") in text[0..len) that starts a word. */
static void scan_options(const char *text, size_t len, words_t *out)
{
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '-' || (i > 0 && !strchr(" \t[|(,`", text[i - 1])))
            continue;
        size_t j = i + 1 + (i + 1 < len && text[i + 1] == '-');
        if (j >= len || !isalpha((unsigned char)text[j]))
            continue;
        size_t k = j;
        while (k < len && (isalnum((unsigned char)text[k]) || text[k] == '-' || text[k] == '_'))
            k++;
        if (j - i == 1 && k - j != 1)
            continue; /* "-np", "-o" only: a short option is one letter */
        add_word(out, text + i, k - i);
        i = k;
    }
}

static char *slurp(FILE *f)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, 2 * cap + 1);
            if (!b)
                break;
            buf = b;
            cap *= 2;
        }
    }
    if (buf)
        buf[n] = 0;
    return buf;
}

/* Standard output of `mobsim CMD --help` (cmd NULL: `mobsim --help`). */
static char *help_of(const char *cmd)
{
    const char *m = getenv("MOBSIM");
    m = m && *m ? m : "build/mobsim";
    int fd[2];
    CU_ASSERT_FATAL(pipe(fd) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        if (cmd)
            execl(m, m, cmd, "--help", (char *)NULL);
        else
            execl(m, m, "--help", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    char *text = slurp(f);
    fclose(f);
    int ws = 0;
    waitpid(pid, &ws, 0);
    CU_ASSERT(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    if (!(WIFEXITED(ws) && WEXITSTATUS(ws) == 0))
        fprintf(stderr, "\n  mobsim %s --help did not exit 0\n", cmd ? cmd : "");
    return text;
}

static char *read_doc(void)
{
    FILE *f = fopen("docs/cli.md", "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char *t = slurp(f);
    fclose(f);
    return t;
}

/* The options of a --help: its option column. */
static void help_options(const char *help, words_t *out)
{
    for (const char *l = help; *l;) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        size_t ind = 0;
        while (ind < len && l[ind] == ' ')
            ind++;
        if (ind >= 1 && ind <= 4 && ind < len && l[ind] == '-') {
            const char *gap = strstr(l + ind, "  ");
            size_t col = gap && gap < l + len ? (size_t)(gap - l) : len;
            scan_options(l, col, out);
        }
        l += len + (e != NULL);
    }
}

/* The commands of `mobsim --help`: "  run FILE   ..." under "Commands:". */
static void help_commands(const char *help, words_t *out)
{
    const char *p = strstr(help, "\nCommands:\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    p += strlen("\nCommands:\n");
    while (*p && *p != '\n') {
        const char *e = strchr(p, '\n');
        if (p[0] == ' ' && p[1] == ' ' && islower((unsigned char)p[2])) {
            size_t n = 0;
            while (islower((unsigned char)p[2 + n]))
                n++;
            add_word(out, p + 2, n);
        }
        if (!e)
            break;
        p = e + 1;
    }
}

/* The commands with a "## mobsim NAME" section in cli.md. */
static void doc_commands(const char *doc, words_t *out)
{
    for (const char *p = doc; (p = strstr(p, "\n## mobsim ")); p++) {
        const char *w = p + strlen("\n## mobsim ");
        size_t n = 0;
        while (islower((unsigned char)w[n]))
            n++;
        add_word(out, w, n);
    }
}

/* The options cli.md gives cmd: its synopsis line(s), and every code span
 * of its section. Returns false when it has no section. */
static bool doc_options(const char *doc, const char *cmd, words_t *out)
{
    char head[64];
    const char *first = strstr(doc, "\n## ");
    snprintf(head, sizeof(head), "\n    mobsim %s ", cmd);
    for (const char *p = doc; (p = strstr(p, head)) && (!first || p < first); p++) {
        const char *e = strchr(p + 1, '\n');
        scan_options(p, e ? (size_t)(e - p) : strlen(p), out);
        /* a continuation line, indented deeper */
        if (e && strncmp(e, "\n      ", 7) == 0 && strncmp(e, "\n    mobsim", 11) != 0) {
            const char *e2 = strchr(e + 1, '\n');
            scan_options(e, e2 ? (size_t)(e2 - e) : strlen(e), out);
        }
    }
    snprintf(head, sizeof(head), "\n## mobsim %s", cmd);
    const char *s = strstr(doc, head);
    while (s && isalpha((unsigned char)s[strlen(head)]))
        s = strstr(s + 1, head);
    if (!s)
        return false;
    const char *end = strstr(s + 1, "\n## ");
    if (!end)
        end = s + strlen(s);
    for (const char *c = s; c < end && (c = memchr(c, '`', (size_t)(end - c)));) {
        const char *d = memchr(c + 1, '`', (size_t)(end - c - 1));
        if (!d)
            break;
        scan_options(c + 1, (size_t)(d - c - 1), out);
        c = d + 1;
    }
    return true;
}

static void test_docs_commands(void)
{
    char *help = help_of(NULL), *doc = read_doc();
    words_t hc = {0}, dc = {0};
    help_commands(help, &hc);
    doc_commands(doc, &dc);
    CU_ASSERT(hc.n >= 7); /* run validate window figures demo sweep help */
    for (size_t i = 0; i < hc.n; i++) {
        CU_ASSERT(has_word(&dc, hc.w[i]));
        if (!has_word(&dc, hc.w[i]))
            fprintf(stderr, "\n  `mobsim --help` lists %s; docs/cli.md has no \"## mobsim %s\"",
                    hc.w[i], hc.w[i]);
    }
    for (size_t i = 0; i < dc.n; i++) {
        CU_ASSERT(has_word(&hc, dc.w[i]));
        if (!has_word(&hc, dc.w[i]))
            fprintf(stderr, "\n  docs/cli.md documents mobsim %s; `mobsim --help` does not list it",
                    dc.w[i]);
    }
    free(help);
    free(doc);
}

static void test_docs_options(void)
{
    char *main_help = help_of(NULL), *doc = read_doc();
    words_t cmds = {0};
    help_commands(main_help, &cmds);
    size_t checked = 0;
    for (size_t i = 0; i < cmds.n; i++) {
        const char *cmd = cmds.w[i];
        if (strcmp(cmd, "help") == 0)
            continue;
        char *help = help_of(cmd);
        words_t ho = {0}, dw = {0};
        help_options(help, &ho);
        CU_ASSERT(doc_options(doc, cmd, &dw));
        CU_ASSERT(has_word(&ho, "--help") && has_word(&ho, "-h"));
        for (size_t k = 0; k < ho.n; k++) {
            CU_ASSERT(has_word(&dw, ho.w[k]));
            if (!has_word(&dw, ho.w[k]))
                fprintf(stderr, "\n  mobsim %s --help has %s; docs/cli.md does not document it",
                        cmd, ho.w[k]);
        }
        for (size_t k = 0; k < dw.n; k++) {
            CU_ASSERT(has_word(&ho, dw.w[k]));
            if (!has_word(&ho, dw.w[k]))
                fprintf(stderr,
                        "\n  docs/cli.md gives mobsim %s the option %s; its --help has none", cmd,
                        dw.w[k]);
        }
        checked += ho.n;
        free(help);
    }
    CU_ASSERT(checked >= 30);
    free(main_help);
    free(doc);
}

/* The extraction itself, on text of known shape. */
static void test_docs_extraction(void)
{
    words_t w = {0};
    help_options("usage: x\n"
                 "  -o, --output F    write -q here is prose\n"
                 "  --from T, --to T  the window; --from must be before\n"
                 "                    --to\n"
                 "                      mobsim run --json\n"
                 "    --no-plots\n"
                 "A line with --not-an-option\n",
                 &w);
    CU_ASSERT_EQUAL(w.n, 5);
    CU_ASSERT(has_word(&w, "-o") && has_word(&w, "--output") && has_word(&w, "--from") &&
              has_word(&w, "--to") && has_word(&w, "--no-plots"));
    words_t d = {0};
    const char *mpi = "mpirun -np 4 build/mobsim-mpi sweep [--replications N | --quick] (-j4) `-`";
    scan_options(mpi, strlen(mpi), &d);
    CU_ASSERT_EQUAL(d.n, 2);
    CU_ASSERT(has_word(&d, "--replications") && has_word(&d, "--quick"));
}

static void test_install(void)
{
    const char *m = getenv("MOBSIM");
    char build[1024] = "build";
    if (m && *m && strrchr(m, '/'))
        snprintf(build, sizeof(build), "%.*s", (int)(strrchr(m, '/') - m), m);
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "sh tests/cli/test_install.sh '%s'", build);
    int st = system(cmd);
    CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* docs/ stands alone: no page points at the design notes the project was
 * built from (the shared design files), which an installed copy does not have. */
static void test_docs_stand_alone(void)
{
    int st = system("grep -l -E '(SCENARIOS|DESIGN|PROTOCOL|STYLE)\\.md' docs/*.md README.md "
                    "man/mobsim.1 > /dev/null 2>&1");
    CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 1); /* grep: no file matched */
}

void suite_docs(void)
{
    ADD_SUITE("docs", TEST(test_docs_extraction), TEST(test_docs_commands), TEST(test_docs_options),
              TEST(test_install), TEST(test_docs_stand_alone));
}
