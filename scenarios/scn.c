/* scenarios/scn.c - the scenario loader: JSON text -> cJSON tree, and the
 * whole load (parse, --set overrides, validation).
 *
 * cJSON is lenient where JSON is not, so the text is checked before and
 * after cJSON reads it: NUL bytes and \u0000 escapes, numbers with leading
 * zeros, a byte order mark anywhere but at the very start, nesting deeper
 * than cJSON's limit, strings and keys that are not valid UTF-8, repeated
 * keys. The schema is in scn_schema.c, paths and --set in scn_set.c.
 */
#include "scenarios/scn_int.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Parsing                                                                    */

/* Line and column (1-based, columns in bytes) of offset pos in text. */
static void line_col(const char *text, size_t pos, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < pos; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* cJSON only says where it stopped. Scan the text up to there for the
 * mistakes people make most (trailing commas, comments, single quotes) so
 * the message says what is wrong, and where it really is. */
static void syntax_hint(const char *text, size_t len, size_t stop, size_t *at, char *hint,
                        size_t cap)
{
    bool in_str = false;
    size_t limit = stop < len ? stop + 1 : len;
    for (size_t i = 0; i < limit; i++) {
        char ch = text[i];
        if (in_str) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_str = false;
            continue;
        }
        if (ch == '"') {
            in_str = true;
        } else if (ch == ',') {
            size_t j = i + 1;
            while (j < len &&
                   (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r'))
                j++;
            if (j < len && (text[j] == '}' || text[j] == ']')) {
                *at = i;
                snprintf(hint, cap, "trailing comma before \"%c\"", text[j]);
                return;
            }
        } else if (ch == '/' && i + 1 < len && (text[i + 1] == '/' || text[i + 1] == '*')) {
            *at = i;
            snprintf(hint, cap,
                     "comments are not JSON (use a key starting with \"_\", such as \"_comment\")");
            return;
        } else if (ch == '\'') {
            *at = i;
            snprintf(hint, cap, "strings take double quotes, not single quotes");
            return;
        }
    }
    *at = stop;
    size_t rest = stop;
    while (rest < len &&
           (text[rest] == ' ' || text[rest] == '\t' || text[rest] == '\n' || text[rest] == '\r'))
        rest++;
    if (rest >= len) {
        *at = len;
        snprintf(hint, cap,
                 in_str ? "unexpected end of file inside a string (a \" is missing)"
                        : "unexpected end of file (a \"}\" or \"]\" is missing?)");
        return;
    }
    char near[64];
    size_t n = 0;
    while (n < 20 && stop + n < len && text[stop + n] != '\n' && text[stop + n] != '\r')
        n++;
    char frag[32];
    memcpy(frag, text + stop, n);
    frag[n] = 0;
    jc_quote(near, sizeof(near), frag);
    snprintf(hint, cap, "unexpected text at %s", near);
}

/* ------------------------------------------------------------------------ */
/* Strict JSON: what cJSON accepts although RFC 8259 does not                 */

#define SCN_NESTING_MAX 1000 /* cJSON's CJSON_NESTING_LIMIT */

typedef struct strict_problem {
    size_t at;     /* offset in the text; len when there is no problem */
    size_t from;   /* where the token holding it starts (a string's quote) */
    char what[96]; /* "a number with a leading zero (\"01\")" */
} strict_problem_t;

static unsigned hex4(const char *p)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d = (c >= '0' && c <= '9')   ? (unsigned)(c - '0')
                     : (c >= 'a' && c <= 'f') ? (unsigned)(c - 'a' + 10)
                     : (c >= 'A' && c <= 'F') ? (unsigned)(c - 'A' + 10)
                                              : 16u;
        if (d == 16)
            return 0x110000u; /* not hex: cJSON reports it */
        v = v * 16 + d;
    }
    return v;
}

/* A string starting after its opening quote at text[i]: raw control
 * characters and unpaired UTF-16 surrogate escapes. Returns the offset of the
 * closing quote (or len). Invalid UTF-8 bytes are left to the tree walk,
 * which can name the JSON path. */
static size_t scan_string(const char *text, size_t len, size_t i, strict_problem_t *p)
{
    for (; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '"')
            return i;
        if (ch < 0x20) {
            p->at = i;
            snprintf(
                p->what, sizeof(p->what),
                "a control character (0x%02x) inside a string (write it as an escape such as \\n)",
                ch);
            return len;
        }
        if (ch != '\\' || i + 1 >= len)
            continue;
        i++;
        if (text[i] != 'u' || i + 4 >= len)
            continue;
        unsigned u = hex4(text + i + 1);
        if (u >= 0xdc00 && u <= 0xdfff) {
            p->at = i - 1;
            snprintf(p->what, sizeof(p->what),
                     "\\u%04X is the second half of a UTF-16 surrogate pair without the first half",
                     u);
            return len;
        }
        if (u >= 0xd800 && u <= 0xdbff) {
            unsigned lo = (i + 10 < len && text[i + 5] == '\\' && text[i + 6] == 'u')
                              ? hex4(text + i + 7)
                              : 0;
            if (lo < 0xdc00 || lo > 0xdfff) {
                p->at = i - 1;
                snprintf(
                    p->what, sizeof(p->what),
                    "\\u%04X is the first half of a UTF-16 surrogate pair without the second half",
                    u);
                return len;
            }
            i += 6; /* the low half */
        }
        i += 4;
    }
    return len;
}

/* Scans the text once, outside and inside strings, for the first of: a
 * number with a leading zero ("01", "-01", "00.5"), a byte order mark other
 * than one at the very start, nesting deeper than SCN_NESTING_MAX, a raw
 * control character or an unpaired surrogate escape in a string. The text
 * need not be valid JSON otherwise (cJSON judges the syntax). */
static void strict_scan(const char *text, size_t len, size_t skip, strict_problem_t *p)
{
    int depth = 0;
    p->at = p->from = len;
    p->what[0] = 0;
    for (size_t i = skip; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '"') {
            p->from = i;
            i = scan_string(text, len, i + 1, p);
            if (p->at < len)
                return;
        } else if (ch == '[' || ch == '{') {
            if (++depth > SCN_NESTING_MAX) {
                p->at = p->from = i;
                snprintf(p->what, sizeof(p->what),
                         "nested deeper than %d levels of arrays and objects", SCN_NESTING_MAX);
                return;
            }
        } else if (ch == ']' || ch == '}') {
            depth--;
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            size_t j = i + (ch == '-');
            if (j + 1 < len && text[j] == '0' && text[j + 1] >= '0' && text[j + 1] <= '9') {
                size_t n = 0;
                while (i + n < len && n < 20 && strchr("0123456789+-.eE", text[i + n]) &&
                       text[i + n])
                    n++;
                p->at = p->from = i;
                snprintf(p->what, sizeof(p->what),
                         "numbers have no leading zeros, got %.*s (write %s)", (int)n, text + i,
                         ch == '-' ? "-1 for -01" : "1 for 01, 0.5 for 00.5");
                return;
            }
            while (i + 1 < len && text[i + 1] && strchr("0123456789+-.eE", text[i + 1]))
                i++;
        } else if (ch == 0xef && i + 2 < len && (unsigned char)text[i + 1] == 0xbb &&
                   (unsigned char)text[i + 2] == 0xbf) {
            p->at = p->from = i;
            snprintf(
                p->what, sizeof(p->what),
                "a byte order mark (U+FEFF) is allowed only once, at the very start of the file");
            return;
        }
    }
}

/* cJSON decodes "\u0000" into a NUL that ends the C string: "a\u0000b"
 * would silently become "a". Returns the offset of such an escape inside a
 * string, or len when there is none. */
size_t scni_find_nul_escape(const char *text, size_t len)
{
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        if (!in_str) {
            in_str = text[i] == '"';
            continue;
        }
        if (text[i] == '"') {
            in_str = false;
        } else if (text[i] == '\\' && i + 1 < len) {
            if (text[i + 1] == 'u' && i + 5 < len && strncmp(text + i + 2, "0000", 4) == 0)
                return i;
            i++;
        }
    }
    return len;
}

/* Objects may not repeat a key: cJSON keeps both and lookups see the first,
 * so the second would be silently ignored. Sorting keeps big objects cheap. */
static int cmp_keys(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    int c = strcmp(x->string, y->string);
    return c ? c : (x < y ? -1 : x > y); /* equal keys in document order */
}

static int find_duplicate(const cJSON *item, jc_t *j)
{
    if (cJSON_IsArray(item)) {
        int i = 0;
        for (const cJSON *c = item->child; c; c = c->next, i++) {
            size_t old = jc_push_index(j, i);
            int rc = find_duplicate(c, j);
            if (rc)
                return rc;
            jc_pop(j, old);
        }
        return 0;
    }
    if (!cJSON_IsObject(item))
        return 0;
    size_t n = 0;
    for (const cJSON *c = item->child; c; c = c->next)
        n++;
    if (n > 1) {
        const cJSON **keys = malloc(n * sizeof(*keys));
        if (!keys)
            return sim_err_set(j->err, SIM_ENOMEM, "out of memory");
        size_t k = 0;
        for (const cJSON *c = item->child; c; c = c->next)
            keys[k++] = c;
        qsort(keys, n, sizeof(*keys), cmp_keys);
        const cJSON *dup = NULL;
        for (size_t i = 1; i < n && !dup; i++)
            if (strcmp(keys[i - 1]->string, keys[i]->string) == 0)
                dup = keys[i];
        free(keys);
        if (dup) {
            jc_push_key(j, dup->string);
            return jc_fail(j, "expected each key once in an object, but this key appears again");
        }
    }
    for (const cJSON *c = item->child; c; c = c->next) {
        size_t old = jc_push_key(j, c->string);
        int rc = find_duplicate(c, j);
        if (rc)
            return rc;
        jc_pop(j, old);
    }
    return 0;
}

int scn_parse_text(const char *text, size_t len, const char *file, cJSON **out, sim_err_t *err)
{
    const char *name = file ? file : "<scenario>";
    size_t skip = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) /* a UTF-8 byte order mark */
        skip = 3;
    const char *nul = memchr(text, 0, len);
    if (nul) {
        int line, col;
        line_col(text, (size_t)(nul - text), &line, &col);
        return sim_err_set(
            err, SIM_EINVAL,
            "%s: line %d, column %d: invalid JSON: a NUL byte (is this a text file?)", name, line,
            col);
    }
    size_t esc = scni_find_nul_escape(text, len);
    if (esc < len) {
        int line, col;
        line_col(text, esc, &line, &col);
        return sim_err_set(
            err, SIM_EINVAL,
            "%s: line %d, column %d: invalid JSON: \\u0000 (a NUL character) is not allowed in strings",
            name, line, col);
    }
    strict_problem_t strict;
    strict_scan(text, len, skip, &strict);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text + skip, len - skip, &end, false);
    size_t stop = end ? (size_t)(end - text) : len;
    if (root) { /* only whitespace may follow the value */
        while (stop < len && (text[stop] == ' ' || text[stop] == '\t' || text[stop] == '\n' ||
                              text[stop] == '\r'))
            stop++;
        if (stop < len) {
            cJSON_Delete(root);
            root = NULL;
        }
    }
    /* a strict problem wins unless cJSON stopped at a syntax error before
     * the token that holds it */
    if (strict.at < len && (root || stop >= strict.from)) {
        int line, col;
        line_col(text, strict.at, &line, &col);
        cJSON_Delete(root);
        return sim_err_set(err, SIM_EINVAL, "%s: line %d, column %d: invalid JSON: %s", name, line,
                           col, strict.what);
    }
    if (!root) {
        if (stop > len)
            stop = len;
        char hint[160];
        size_t at;
        int line, col;
        syntax_hint(text, len, stop, &at, hint, sizeof(hint));
        line_col(text, at, &line, &col);
        return sim_err_set(err, SIM_EINVAL, "%s: line %d, column %d: invalid JSON: %s", name, line,
                           col, hint);
    }
    jc_t j;
    jc_init(&j, name, err);
    int rc = jc_check_strings(&j, root);
    if (rc == 0)
        rc = find_duplicate(root, &j);
    if (rc) {
        cJSON_Delete(root);
        return rc;
    }
    *out = root;
    return 0;
}

int scn_read_stream(FILE *f, const char *name, char **text, size_t *len, sim_err_t *err)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf)
        return sim_err_set(err, SIM_ENOMEM, "%s: out of memory", name);
    for (;;) {
        if (n == cap) {
            if (cap >= SCN_FILE_MAX) {
                /* exactly SCN_FILE_MAX bytes is allowed: refuse only when
                 * one more byte follows */
                int extra = fgetc(f);
                if (extra == EOF && !ferror(f))
                    break;
                free(buf);
                if (extra == EOF)
                    return sim_err_set(err, SIM_EIO, "%s: cannot read: %s", name, strerror(errno));
                return sim_err_set(err, SIM_EINVAL,
                                   "%s: expected a scenario file of at most %u bytes", name,
                                   SCN_FILE_MAX);
            }
            cap = cap * 2 > SCN_FILE_MAX ? SCN_FILE_MAX : cap * 2;
            char *bigger = realloc(buf, cap + 1);
            if (!bigger) {
                free(buf);
                return sim_err_set(err, SIM_ENOMEM, "%s: out of memory", name);
            }
            buf = bigger;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                free(buf);
                return sim_err_set(err, SIM_EIO, "%s: cannot read: %s", name, strerror(errno));
            }
            break;
        }
    }
    buf[n] = 0;
    *text = buf;
    *len = n;
    return 0;
}

int scn_read_file(const char *path, char **text, size_t *len, sim_err_t *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sim_err_set(err, SIM_EIO, "%s: cannot read: %s", path, strerror(errno));
    int rc = scn_read_stream(f, path, text, len, err);
    fclose(f);
    return rc;
}

int scn_parse_file(const char *path, cJSON **out, sim_err_t *err)
{
    char *text;
    size_t len;
    int rc = scn_read_file(path, &text, &len, err);
    if (rc)
        return rc;
    rc = scn_parse_text(text, len, path, out, err);
    free(text);
    return rc;
}

scn_kind_t scn_kind(const cJSON *root)
{
    if (cJSON_IsObject(root) && (jc_member(root, "base") || jc_member(root, "vary")))
        return SCN_KIND_SWEEP;
    return SCN_KIND_SCENARIO;
}

/* ------------------------------------------------------------------------ */
/* The whole load                                                             */

int scn_load_string(const char *text, size_t len, const char *file, const char *const *sets,
                    size_t n_sets, mob_config_t *out, sim_err_t *err)
{
    const char *name = file ? file : "<scenario>";
    cJSON *root;
    mob_config_defaults(out); /* a valid, empty config whatever happens */
    int rc = scn_parse_text(text, len, name, &root, err);
    if (rc)
        return rc;
    if (scn_kind(root) == SCN_KIND_SWEEP) {
        rc = sim_err_set(
            err, SIM_EINVAL,
            "%s: this is a sweep file (it has \"base\" or \"vary\"), expected a scenario; run it with `mobsim sweep`",
            name);
        goto out;
    }
    char(*canon)[SCNI_PATH_MAX] = NULL; /* per set: path, then created path */
    if (n_sets) {
        canon = calloc(2 * n_sets, sizeof(*canon));
        if (!canon) {
            rc = sim_err_set(err, SIM_ENOMEM, "out of memory");
            goto out;
        }
    }
    for (size_t i = 0; i < n_sets; i++)
        if ((rc = scni_set_apply_text(root, sets[i], canon[2 * i], canon[2 * i + 1],
                                      sizeof(canon[0]), err))) {
            sim_err_prefix(err, name);
            goto out_canon;
        }
    char err_path[SCNI_PATH_MAX] = "";
    rc = scn_config_from_json_at(root, name, out, err, err_path, sizeof(err_path));
    if (rc == -SIM_EINVAL && err && err_path[0]) {
        for (size_t i = n_sets; i-- > 0;) /* the last override of a path wins */
            if (scni_path_covers(canon[2 * i], err_path) ||
                (canon[2 * i + 1][0] && scni_path_covers(canon[2 * i + 1], err_path))) {
                char shown[128];
                jc_show_arg(shown, sizeof(shown), sets[i]);
                size_t m = strlen(err->msg);
                snprintf(err->msg + m, sizeof(err->msg) - m, " (from --set %s)", shown);
                break;
            }
    }
out_canon:
    free(canon);
out:
    cJSON_Delete(root);
    return rc;
}

int scn_load_file(const char *path, const char *const *sets, size_t n_sets, mob_config_t *out,
                  sim_err_t *err)
{
    char *text;
    size_t len;
    mob_config_defaults(out);
    int rc = scn_read_file(path, &text, &len, err);
    if (rc)
        return rc;
    rc = scn_load_string(text, len, path, sets, n_sets, out, err);
    free(text);
    return rc;
}
