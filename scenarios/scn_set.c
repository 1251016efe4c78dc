/* scenarios/scn_set.c - paths into a scenario tree ("moves[1].at"), the
 * `--set K=V` overrides that use them, and their canonical spelling.
 *
 * A path is checked whole before the tree changes, so an override that
 * fails leaves the tree as it was. Messages name the canonical path
 * ("$.moves[1]" for "moves[01]"), which is also what validation messages
 * name, so "(from --set ...)" can be matched by string.
 */
#include "scenarios/scn_int.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct set_ctx {
    jc_t j;                      /* the path walked, the error */
    char created[SCNI_PATH_MAX]; /* the first key the walk had to create, "" none */
} set_ctx_t;

/* ------------------------------------------------------------------------ */
/* Overrides: paths such as "moves[1].at"                                     */

#define PATH_STEPS_MAX 32

typedef struct path_step {
    bool is_index;
    int index;
    char key[64];
} path_step_t;

#define PATH_RULE                                                                                  \
    "expected a path of keys separated by \".\" with [N] indices, such as \"params.T_b\" or \"moves[1].at\""

static int parse_path(const char *path, path_step_t *steps, int *n_steps, sim_err_t *err)
{
    const char *p = path;
    int n = 0;
    if (p[0] == '$')
        p += (p[1] == '.') ? 2 : 1;
    bool need_key = true; /* at the start and after "." */
    while (*p) {
        if (n == PATH_STEPS_MAX)
            return sim_err_set(err, SIM_EINVAL, "%s (at most %d steps)", PATH_RULE, PATH_STEPS_MAX);
        path_step_t *s = &steps[n];
        if (*p == '[') {
            if (need_key && n > 0)
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            p++;
            if (*p < '0' || *p > '9')
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            long idx = 0;
            while (*p >= '0' && *p <= '9') {
                idx = idx * 10 + (*p - '0');
                if (idx > 1000000)
                    return sim_err_set(err, SIM_EINVAL, "%s (index too large)", PATH_RULE);
                p++;
            }
            if (*p != ']')
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            p++;
            s->is_index = true;
            s->index = (int)idx;
            need_key = false;
        } else if (*p == '.') {
            if (need_key)
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            p++;
            need_key = true;
            continue;
        } else {
            if (!need_key)
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            size_t k = 0;
            while (*p && *p != '.' && *p != '[' && *p != ']') {
                unsigned char ch = (unsigned char)*p;
                if (ch <= ' ' || ch == 0x7f || ch == '"' || k + 1 >= sizeof(s->key))
                    return sim_err_set(err, SIM_EINVAL, PATH_RULE);
                s->key[k++] = *p++;
            }
            if (k == 0)
                return sim_err_set(err, SIM_EINVAL, PATH_RULE);
            s->key[k] = 0;
            s->is_index = false;
            need_key = false;
        }
        n++;
    }
    if (n == 0 || need_key)
        return sim_err_set(err, SIM_EINVAL, PATH_RULE);
    *n_steps = n;
    return 0;
}

static const char *type_name(const cJSON *item)
{
    if (cJSON_IsObject(item))
        return "an object";
    if (cJSON_IsArray(item))
        return "an array";
    if (cJSON_IsString(item))
        return "a string";
    if (cJSON_IsNumber(item))
        return "a number";
    if (cJSON_IsBool(item))
        return "true/false";
    return "null";
}

/* Applies value at path; on success the canonical path ("$.moves[1].at")
 * is left in v->j.path. Checks the whole walk before changing anything. */
static int set_apply(cJSON *root, const char *path, const cJSON *value, set_ctx_t *v)
{
    path_step_t steps[PATH_STEPS_MAX];
    int n = 0;
    int rc = parse_path(path, steps, &n, v->j.err);
    if (rc)
        return rc;
    if (!cJSON_IsObject(root)) {
        char canon[SCNI_PATH_MAX];
        if (scn_path_canonical(path, canon, sizeof(canon), v->j.err))
            return -SIM_EINVAL;
        return jc_fail(&v->j, "expected a scenario object to set %s in", canon);
    }
    /* pass 1: walk as far as the tree goes, check the rest can be created */
    cJSON *cur = root;
    int i = 0;
    for (; i < n; i++) {
        const path_step_t *s = &steps[i];
        if (s->is_index) {
            if (!cJSON_IsArray(cur))
                return jc_fail(&v->j, "expected an array to index with [%d], but this is %s",
                               s->index, type_name(cur));
            int size = cJSON_GetArraySize(cur);
            jc_push_index(&v->j, s->index);
            if (s->index >= size)
                return jc_fail(&v->j, "expected an index below %d (the array has %d element%s)",
                               size, size, size == 1 ? "" : "s");
            if (i + 1 < n)
                cur = cJSON_GetArrayItem(cur, s->index);
        } else {
            if (!cJSON_IsObject(cur)) {
                if (cJSON_IsArray(cur))
                    return jc_fail(
                        &v->j,
                        "expected an index such as [0] here: this is an array, it has no key \"%s\"",
                        s->key);
                return jc_fail(&v->j, "expected an object to hold \"%s\", but this is %s", s->key,
                               type_name(cur));
            }
            cJSON *next = cJSON_GetObjectItemCaseSensitive(cur, s->key);
            jc_push_key(&v->j, s->key);
            if (!next) { /* created below, with every step after it */
                snprintf(v->created, sizeof(v->created), "%s", v->j.path);
                break;
            }
            if (i + 1 < n)
                cur = next;
        }
    }
    for (int j = i + 1; j < n; j++) { /* what is created must be objects */
        if (steps[j].is_index) {
            jc_push_index(&v->j, steps[j].index);
            return jc_fail(
                &v->j, "expected an index into an existing array, but the array does not exist");
        }
        jc_push_key(&v->j, steps[j].key);
    }
    /* pass 2: build the new piece, then hook it in (one place can fail) */
    cJSON *piece = cJSON_Duplicate(value, true);
    if (!piece)
        return sim_err_set(v->j.err, SIM_ENOMEM, "out of memory");
    for (int j = n - 1; j > i && j >= 1; j--) {
        cJSON *obj = cJSON_CreateObject();
        if (!obj || !cJSON_AddItemToObject(obj, steps[j].key, piece)) {
            cJSON_Delete(obj);
            cJSON_Delete(piece);
            return sim_err_set(v->j.err, SIM_ENOMEM, "out of memory");
        }
        piece = obj;
    }
    const path_step_t *last = &steps[i < n ? i : n - 1];
    cJSON_bool ok;
    if (last->is_index)
        ok = cJSON_ReplaceItemInArray(cur, last->index, piece);
    else if (cJSON_GetObjectItemCaseSensitive(cur, last->key))
        ok = cJSON_ReplaceItemInObjectCaseSensitive(cur, last->key, piece);
    else
        ok = cJSON_AddItemToObject(cur, last->key, piece);
    if (!ok) {
        cJSON_Delete(piece);
        return sim_err_set(v->j.err, SIM_ENOMEM, "out of memory");
    }
    return 0;
}

int scn_set_apply(cJSON *root, const char *path, const cJSON *value, sim_err_t *err)
{
    set_ctx_t v;
    memset(&v, 0, sizeof(v));
    jc_init(&v.j, NULL, err);
    return set_apply(root, path, value, &v);
}

cJSON *scn_set_value(const char *text)
{
    const char *end = NULL;
    cJSON *val = cJSON_ParseWithOpts(text, &end, true);
    if (val && cJSON_IsNumber(val) && !isfinite(val->valuedouble)) {
        cJSON_Delete(val); /* "1e999": keep the text, validation will refuse it */
        val = NULL;
    }
    return val ? val : cJSON_CreateString(text);
}

/* Applies "K=V". For the "(from --set ...)" note, canon gets the path it
 * set ("$.params.T_b") and created the first key it had to add, if any. */
int scni_set_apply_text(cJSON *root, const char *assignment, char *canon, char *created, size_t cap,
                        sim_err_t *err)
{
    char shown[128];
    jc_show_arg(shown, sizeof(shown), assignment);
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        return sim_err_set(err, SIM_EINVAL, "--set %s: expected KEY=VALUE such as params.T_b=120ms",
                           shown);
    size_t klen = (size_t)(eq - assignment);
    char key[256];
    if (klen >= sizeof(key))
        return sim_err_set(err, SIM_EINVAL, "--set %s: %s", shown, PATH_RULE);
    memcpy(key, assignment, klen);
    key[klen] = 0;
    if (scni_find_nul_escape(eq + 1, strlen(eq + 1)) < strlen(eq + 1))
        return sim_err_set(err, SIM_EINVAL,
                           "--set %s: expected a value without \\u0000 (a NUL character)", shown);
    cJSON *value = scn_set_value(eq + 1);
    if (!value)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    set_ctx_t v;
    memset(&v, 0, sizeof(v));
    jc_init(&v.j, NULL, err);
    int rc = set_apply(root, key, value, &v);
    cJSON_Delete(value);
    if (rc) {
        char pre[160];
        snprintf(pre, sizeof(pre), "--set %s", shown);
        sim_err_prefix(err, pre);
        return rc;
    }
    if (canon)
        snprintf(canon, cap, "%s", v.j.path);
    if (created)
        snprintf(created, cap, "%s", v.created);
    return 0;
}

int scn_set_apply_text(cJSON *root, const char *assignment, sim_err_t *err)
{
    return scni_set_apply_text(root, assignment, NULL, NULL, 0, err);
}

/* true when path is at or below prefix ("$.moves[1]" covers "$.moves[1].at"). */
bool scni_path_covers(const char *prefix, const char *path)
{
    size_t n = strlen(prefix);
    return strncmp(prefix, path, n) == 0 && (path[n] == 0 || path[n] == '.' || path[n] == '[');
}

int scn_path_canonical(const char *path, char *buf, size_t cap, sim_err_t *err)
{
    path_step_t steps[PATH_STEPS_MAX];
    int n = 0;
    int rc = parse_path(path, steps, &n, err);
    if (rc)
        return rc;
    size_t len = 0;
    int w = snprintf(buf, cap, "$");
    if (w < 0 || (size_t)w >= cap)
        return sim_err_set(err, SIM_EINVAL, "%s (path too long)", PATH_RULE);
    len = (size_t)w;
    for (int i = 0; i < n; i++) {
        w = steps[i].is_index ? snprintf(buf + len, cap - len, "[%d]", steps[i].index)
                              : snprintf(buf + len, cap - len, ".%s", steps[i].key);
        if (w < 0 || (size_t)w >= cap - len)
            return sim_err_set(err, SIM_EINVAL, "%s (path too long)", PATH_RULE);
        len += (size_t)w;
    }
    return 0;
}

bool scn_path_overlaps(const char *a, const char *b)
{
    return scni_path_covers(a, b) || scni_path_covers(b, a);
}
