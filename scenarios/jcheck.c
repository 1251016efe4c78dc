/* scenarios/jcheck.c - typed readers of JSON values that record the JSON path
 * (see jcheck.h). Shared by the scenario loader and the sweep-file loader. */
#include "scenarios/jcheck.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jc_init(jc_t *v, const char *file, sim_err_t *err)
{
    memset(v, 0, sizeof(*v));
    v->file = file;
    v->err = err;
    v->path[0] = '$';
    v->plen = 1;
}

/* Text helpers for messages                                                  */

/* Writes s as a quoted, escaped, one-line string, at most ~40 characters. */
void jc_quote(char *buf, size_t cap, const char *s)
{
    size_t o = 0, i = 0;
    const size_t limit = 40;
    if (cap < 8) {
        if (cap)
            buf[0] = 0;
        return;
    }
    buf[o++] = '"';
    for (; s[i] && o + 8 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (i >= limit) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (ch == '"' || ch == '\\') {
            buf[o++] = '\\';
            buf[o++] = (char)ch;
        } else if (ch < 0x20 || ch >= 0x7f) {
            o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", ch);
        } else {
            buf[o++] = (char)ch;
        }
    }
    buf[o++] = '"';
    buf[o] = 0;
}

/* An argument as typed, for messages: printable ASCII as is, other bytes as
 * \xNN, at most ~60 characters. */
void jc_show_arg(char *buf, size_t cap, const char *s)
{
    size_t o = 0;
    for (size_t i = 0; s[i] && o + 8 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (i >= 60) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (ch < 0x20 || ch >= 0x7f)
            o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", ch);
        else
            buf[o++] = (char)ch;
    }
    buf[o] = 0;
}

/* "got ..." part of messages: what the user actually wrote. */
void jc_describe(char *buf, size_t cap, const cJSON *item)
{
    if (!item)
        snprintf(buf, cap, "nothing");
    else if (cJSON_IsString(item))
        jc_quote(buf, cap, item->valuestring);
    else if (cJSON_IsNumber(item)) {
        /* the shortest text that reads back as the same double: -0.1, not
         * -0.10000000000000001 */
        snprintf(buf, cap, "%.15g", item->valuedouble);
        if (strtod(buf, NULL) != item->valuedouble)
            snprintf(buf, cap, "%.17g", item->valuedouble);
    } else if (cJSON_IsTrue(item))
        snprintf(buf, cap, "true");
    else if (cJSON_IsFalse(item))
        snprintf(buf, cap, "false");
    else if (cJSON_IsNull(item))
        snprintf(buf, cap, "null");
    else if (cJSON_IsArray(item))
        snprintf(buf, cap, "an array");
    else if (cJSON_IsObject(item))
        snprintf(buf, cap, "an object");
    else
        snprintf(buf, cap, "something else");
}

/* Levenshtein distance of two short strings, capped: for "did you mean". */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    int prev[41], cur[41];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof(int) * (lb + 1));
    }
    return prev[lb];
}

/* The closest of names[] to s when close enough to be a likely typo. */
const char *jc_closest(const char *s, const char *const *names, size_t n)
{
    const char *best = NULL;
    int best_d = 3;
    size_t ls = strlen(s);
    for (size_t i = 0; i < n; i++) {
        int d = edit_distance(s, names[i]);
        int allowed = ls <= 3 ? 1 : 2;
        if (d <= allowed && d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}

/* "\"a\", \"b\" or \"c\"" into buf. */
void jc_list_names(char *buf, size_t cap, const char *const *names, size_t n)
{
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        const char *sep = i == 0 ? "" : (i + 1 == n ? " or " : ", ");
        int w = snprintf(buf + o, cap - o, "%s\"%s\"", sep, names[i]);
        if (w < 0 || (size_t)w >= cap - o) {
            buf[o] = 0;
            break;
        }
        o += (size_t)w;
    }
}

bool jc_is_plain_key(const char *key)
{
    if (!*key)
        return false;
    for (const char *p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-'))
            return false;
    return true;
}

static void path_append(jc_t *v, const char *text)
{
    size_t n = strlen(text);
    if (v->plen + n >= sizeof(v->path)) /* keep what fits; messages stay one line */
        n = sizeof(v->path) - 1 - v->plen;
    memcpy(v->path + v->plen, text, n);
    v->plen += n;
    v->path[v->plen] = 0;
}

size_t jc_push_key(jc_t *v, const char *key)
{
    size_t old = v->plen;
    char buf[JC_PATH_MAX];
    if (jc_is_plain_key(key)) { /* ".key", at most 64 bytes of it (no snprintf: every key) */
        size_t n = strnlen(key, 64);
        buf[0] = '.';
        memcpy(buf + 1, key, n);
        buf[n + 1] = 0;
    } else {
        char q[128];
        jc_quote(q, sizeof(q), key);
        snprintf(buf, sizeof(buf), "[%s]", q);
    }
    path_append(v, buf);
    return old;
}

size_t jc_push_index(jc_t *v, int i)
{
    size_t old = v->plen;
    char buf[24], digits[12];
    unsigned u = i < 0 ? 0u - (unsigned)i : (unsigned)i;
    size_t n = 0, o = 0;
    do
        digits[n++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    buf[o++] = '[';
    if (i < 0)
        buf[o++] = '-';
    while (n > 0)
        buf[o++] = digits[--n];
    buf[o++] = ']';
    buf[o] = 0; /* "[%d]" */
    path_append(v, buf);
    return old;
}

void jc_pop(jc_t *v, size_t old)
{
    v->plen = old;
    v->path[old] = 0;
}

int jc_vfail(jc_t *v, const char *fmt, va_list ap)
{
    char msg[SIM_ERR_MSG_MAX];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    snprintf(v->err_path, sizeof(v->err_path), "%s", v->path);
    if (v->file)
        return sim_err_set(v->err, SIM_EINVAL, "%s: %s: %s", v->file, v->path, msg);
    return sim_err_set(v->err, SIM_EINVAL, "%s: %s", v->path, msg);
}

int jc_nomem(jc_t *v)
{
    snprintf(v->err_path, sizeof(v->err_path), "%s", v->path);
    if (v->file)
        return sim_err_set(v->err, SIM_ENOMEM, "%s: %s: out of memory", v->file, v->path);
    return sim_err_set(v->err, SIM_ENOMEM, "%s: out of memory", v->path);
}

int jc_fail(jc_t *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = jc_vfail(v, fmt, ap);
    va_end(ap);
    return rc;
}

int jc_fail_at(jc_t *v, const char *key, const char *fmt, ...)
{
    size_t mark = jc_push_key(v, key);
    va_list ap;
    va_start(ap, fmt);
    int rc = jc_vfail(v, fmt, ap);
    va_end(ap);
    jc_pop(v, mark);
    return rc;
}

const cJSON *jc_member(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* ------------------------------------------------------------------------ */
/* Readers for one value at the current path                                  */

int jc_expect_object(jc_t *v, const cJSON *item, const char *what)
{
    if (cJSON_IsObject(item))
        return 0;
    char got[96];
    jc_describe(got, sizeof(got), item);
    return jc_fail(v, "expected %s, got %s", what, got);
}

/* Unknown keys are refused (with a suggestion), so a typo never silently
 * falls back to a default. Keys starting with "_" are comments. Duplicates
 * were refused by the parser, but trees can come from elsewhere (sweeps):
 * check again, cheaply, among the known keys. */
int jc_check_keys(jc_t *v, const cJSON *obj, const char *const *allowed, size_t n)
{
    for (const cJSON *c = obj->child; c; c = c->next) {
        if (c->string[0] == '_')
            continue;
        size_t i = 0;
        while (i < n && strcmp(c->string, allowed[i]) != 0)
            i++;
        size_t old = jc_push_key(v, c->string);
        if (i == n) {
            char list[512], hint[96] = "";
            jc_list_names(list, sizeof(list), allowed, n);
            const char *near = jc_closest(c->string, allowed, n);
            if (near)
                snprintf(hint, sizeof(hint), " (did you mean \"%s\"?)", near);
            return jc_fail(
                v, "unknown key%s; expected one of %s (keys starting with \"_\" are comments)",
                hint, list);
        }
        for (const cJSON *d = obj->child; d != c; d = d->next)
            if (strcmp(d->string, c->string) == 0)
                return jc_fail(v, "expected each key once, but this key appears again");
        jc_pop(v, old);
    }
    return 0;
}

int jc_check_schema_ref(jc_t *v, const cJSON *root)
{
    const cJSON *it = jc_member(root, "$schema");
    if (!it || cJSON_IsString(it))
        return 0;
    char got[96];
    jc_describe(got, sizeof(got), it);
    size_t old = jc_push_key(v, "$schema");
    int rc = jc_fail(
        v,
        "expected the path or URL of a JSON Schema such as \"../schemas/scenario.schema.json\", got %s",
        got);
    jc_pop(v, old);
    return rc;
}

int jc_get_bool(jc_t *v, const cJSON *item, bool *out)
{
    if (!cJSON_IsBool(item)) {
        char got[96];
        jc_describe(got, sizeof(got), item);
        return jc_fail(v, "expected true or false, got %s", got);
    }
    *out = cJSON_IsTrue(item);
    return 0;
}

int jc_get_number(jc_t *v, const cJSON *item, double lo, double hi, const char *what, double *out)
{
    if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble) || item->valuedouble < lo ||
        item->valuedouble > hi) {
        char got[96];
        jc_describe(got, sizeof(got), item);
        return jc_fail(v, "expected %s, got %s", what, got);
    }
    *out = item->valuedouble;
    return 0;
}

int jc_get_time(jc_t *v, const cJSON *item, sim_time_t *out)
{
    sim_err_t inner = {0};
    int rc;
    if (cJSON_IsString(item))
        rc = sim_time_parse(item->valuestring, out, &inner);
    else if (cJSON_IsNumber(item))
        rc = sim_time_from_seconds(item->valuedouble, out, &inner);
    else
        rc = -SIM_EINVAL;
    if (rc == 0)
        return 0;
    /* lead with what is expected; add sim_time_parse's reason when it says
     * more than "not a time" */
    const char *why = "";
    char got[96];
    jc_describe(got, sizeof(got), item);
    if (strstr(inner.msg, "finer than"))
        return jc_fail(v, "expected a whole number of nanoseconds, got %s (finer than 1 ns)", got);
    if (strstr(inner.msg, "negative"))
        why = " (a time cannot be negative)";
    else if (strstr(inner.msg, "too large"))
        why = " (too large)";
    return jc_fail(v, JC_TIME_EXAMPLE ", got %s%s", got, why);
}

int jc_get_enum(jc_t *v, const cJSON *item, const char *const *names, size_t n, int *out)
{
    char list[256];
    jc_list_names(list, sizeof(list), names, n);
    if (cJSON_IsString(item)) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(item->valuestring, names[i]) == 0) {
                *out = (int)i;
                return 0;
            }
        char got[96], hint[96] = "";
        jc_quote(got, sizeof(got), item->valuestring);
        const char *near = jc_closest(item->valuestring, names, n);
        if (near)
            snprintf(hint, sizeof(hint), " (did you mean \"%s\"?)", near);
        return jc_fail(v, "expected one of %s, got %s%s", list, got, hint);
    }
    char got[96];
    jc_describe(got, sizeof(got), item);
    return jc_fail(v, "expected one of %s, got %s", list, got);
}

/* Printable one-line text: valid UTF-8, no control characters. */
bool jc_valid_text(const char *s)
{
    if (jc_utf8_problem(s, NULL))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

int jc_get_text(jc_t *v, const cJSON *item, char *buf, size_t cap)
{
    if (!cJSON_IsString(item) || !jc_valid_text(item->valuestring) ||
        strlen(item->valuestring) >= cap) {
        char got[96];
        jc_describe(got, sizeof(got), item);
        return jc_fail(v, "expected one line of text (UTF-8, at most %zu bytes), got %s", cap - 1,
                       got);
    }
    snprintf(buf, cap, "%s", item->valuestring);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Added for issue 12: strict UTF-8 and whole-tree string checks             */

const char *jc_utf8_problem(const char *s, size_t *at)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; p[i];) {
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        int extra;
        uint32_t cp, min;
        if (c >= 0xc0 && c <= 0xdf) {
            extra = 1, cp = c & 0x1fu, min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            extra = 2, cp = c & 0x0fu, min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf7) {
            extra = 3, cp = c & 0x07u, min = 0x10000;
        } else {
            if (at)
                *at = i;
            return c < 0xc0 ? "a continuation byte that starts no character"
                            : "a byte that is never UTF-8";
        }
        for (int k = 1; k <= extra; k++) {
            if ((p[i + k] & 0xc0) != 0x80) {
                if (at)
                    *at = i;
                return "a UTF-8 sequence cut short";
            }
            cp = (cp << 6) | (p[i + k] & 0x3fu);
        }
        const char *why = NULL;
        if (cp < min)
            why = "an overlong encoding";
        else if (cp >= 0xd800 && cp <= 0xdfff)
            why = "a UTF-16 surrogate (U+D800 to U+DFFF) encoded directly";
        else if (cp > 0x10ffff)
            why = "a code point above U+10FFFF";
        else if (cp >= 0x80 && cp <= 0x9f)
            why = "a C1 control character (U+0080 to U+009F)";
        if (why) {
            if (at)
                *at = i;
            return why;
        }
        i += (size_t)extra + 1;
    }
    return NULL;
}

static int utf8_fail(jc_t *j, const char *s)
{
    size_t at = 0;
    const char *why = jc_utf8_problem(s, &at);
    if (!why)
        return 0;
    char got[96];
    jc_quote(got, sizeof(got), s);
    return jc_fail(j, "expected valid UTF-8 text, got %s (%s, at byte %zu)", got, why, at);
}

int jc_check_strings(jc_t *j, const cJSON *item)
{
    if (cJSON_IsString(item))
        return utf8_fail(j, item->valuestring);
    if (!cJSON_IsArray(item) && !cJSON_IsObject(item))
        return 0;
    int i = 0;
    for (const cJSON *c = item->child; c; c = c->next, i++) {
        int rc;
        if (cJSON_IsObject(item)) {
            /* the key itself: the path shows it escaped, the message says why */
            size_t old = jc_push_key(j, c->string);
            rc = utf8_fail(j, c->string);
            if (rc == 0)
                rc = jc_check_strings(j, c);
            jc_pop(j, old);
        } else {
            size_t old = jc_push_index(j, i);
            rc = jc_check_strings(j, c);
            jc_pop(j, old);
        }
        if (rc)
            return rc;
    }
    return 0;
}
