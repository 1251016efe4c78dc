/* scenarios/jcheck.h - typed readers of JSON values that record the JSON path.
 *
 * One small module for every loader of user files (scenarios, sweeps): a
 * reader walks a cJSON tree keeping the path it stands at ("$.moves[1].at")
 * in a jc_t, and every check that fails leaves one line in the caller's
 * sim_err_t naming the file, that path and what was expected:
 *   fig1.json: $.moves[1].at: expected a time such as "120ms" ..., got "1.2 s"
 * and returns -SIM_EINVAL. Walkers push a key or an index before reading a
 * member and pop back to the returned mark afterwards:
 *
 *   size_t mark = jc_push_key(&j, "horizon");
 *   rc = jc_get_time(&j, item, &cfg->horizon);
 *   jc_pop(&j, mark);
 *
 * Nothing here allocates; a jc_t is plain storage owned by the caller and
 * borrows `file` and `err`. Thread-safe (no state outside the jc_t).
 */
#ifndef MOBSIM_SCENARIOS_JCHECK_H
#define MOBSIM_SCENARIOS_JCHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "sim/err.h"
#include "sim/time.h"

struct cJSON;

#define JC_PATH_MAX 256

#define JC_TIME_EXAMPLE                                                                            \
    "expected a time such as \"120ms\" (units ns, us, ms, s, min) or a number of seconds"

typedef struct jc {
    const char *file;       /* borrowed; NULL: messages start with the path */
    sim_err_t *err;         /* borrowed; may be NULL */
    char path[JC_PATH_MAX]; /* where the walk stands, "$" at the root */
    size_t plen;
    char err_path[JC_PATH_MAX]; /* the path of the last failure */
} jc_t;

/* A walk at "$" of `file`, reporting into err. */
void jc_init(jc_t *j, const char *file, sim_err_t *err);

/* Steps into a member: ".key" for plain keys, ["key"] quoted otherwise.
 * Returns the mark to jc_pop() back to. A path longer than JC_PATH_MAX is
 * cut (messages stay one line). */
size_t jc_push_key(jc_t *j, const char *key);
size_t jc_push_index(jc_t *j, int i);
void jc_pop(jc_t *j, size_t mark);

/* Records "FILE: PATH: message" (-SIM_EINVAL) and the path in err_path. */
int jc_fail(jc_t *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int jc_vfail(jc_t *j, const char *fmt, va_list ap);
/* Out of memory while loading: "FILE: PATH: out of memory" (-SIM_ENOMEM). */
int jc_nomem(jc_t *j);
/* jc_fail() one step further in, at member `key` of the current object. */
int jc_fail_at(jc_t *j, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The member of obj named key (case-sensitive), or NULL. */
const struct cJSON *jc_member(const struct cJSON *obj, const char *key);

/* Readers of the value at the current path: 0, or -SIM_EINVAL with the
 * message "expected ..., got ...". */
int jc_expect_object(jc_t *j, const struct cJSON *item, const char *what);
/* Refuses keys not in allowed[] (with a "did you mean" hint) and repeated
 * keys; keys starting with "_" are comments and skipped. */
int jc_check_keys(jc_t *j, const struct cJSON *obj, const char *const *allowed, size_t n);

/* The "$schema" member of a file's top-level object, when it has one: the
 * JSON Schema an editor checks the file against (schemas/), which mobsim
 * ignores; it must be a string (the schemas say so too). 0, or the error
 * at $["$schema"]. */
int jc_check_schema_ref(jc_t *v, const struct cJSON *root);
int jc_get_bool(jc_t *j, const struct cJSON *item, bool *out);
/* A finite number in [lo, hi]; `what` completes "expected ...". */
int jc_get_number(jc_t *j, const struct cJSON *item, double lo, double hi, const char *what,
                  double *out);
/* A time: a string with a unit ("120ms") or a number of seconds. */
int jc_get_time(jc_t *j, const struct cJSON *item, sim_time_t *out);
/* One of names[] (a string); *out is its index. */
int jc_get_enum(jc_t *j, const struct cJSON *item, const char *const *names, size_t n, int *out);
/* One line of printable UTF-8 text shorter than cap bytes, copied to buf. */
int jc_get_text(jc_t *j, const struct cJSON *item, char *buf, size_t cap);

/* Message helpers. */
/* s as a quoted, escaped, one-line string of at most ~40 characters. */
void jc_quote(char *buf, size_t cap, const char *s);
/* An argument as typed: printable ASCII as is, other bytes as \xNN. */
void jc_show_arg(char *buf, size_t cap, const char *s);
/* What the user wrote, for "got ...": a quoted string, a number, "an array"... */
void jc_describe(char *buf, size_t cap, const struct cJSON *item);
/* The closest of names[] to s when it is a likely typo, else NULL. */
const char *jc_closest(const char *s, const char *const *names, size_t n);
/* "\"a\", \"b\" or \"c\"" into buf. */
void jc_list_names(char *buf, size_t cap, const char *const *names, size_t n);
/* Letters, digits, "_" and "-" only (not empty). */
bool jc_is_plain_key(const char *key);
/* Printable one-line text: valid UTF-8 (jc_utf8_problem() finds nothing), no
 * control characters (C0, DEL, C1). */
bool jc_valid_text(const char *s);

/* ------------------------------------------------------------------------ */
/* Added for issue 12: strict UTF-8 and whole-tree string checks             */

/* NULL when s is valid UTF-8 (RFC 3629: no overlong forms, no surrogates
 * U+D800..U+DFFF, nothing above U+10FFFF) without C1 control characters
 * (U+0080..U+009F); otherwise what is wrong, such as "an overlong encoding",
 * with *at (may be NULL) the offset of the first bad byte. */
const char *jc_utf8_problem(const char *s, size_t *at);

/* Walks item and everything under it (keys and string values), pushing the
 * path as it goes: 0, or -SIM_EINVAL with the first string that
 * jc_utf8_problem() refuses:
 *   x.json: $.description: expected valid UTF-8 text, got "\xc0\xaf" (an overlong encoding at byte
 * 0) Depth is bounded by cJSON's nesting limit. */
int jc_check_strings(jc_t *j, const struct cJSON *item);

#endif /* MOBSIM_SCENARIOS_JCHECK_H */
