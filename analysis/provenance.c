/* analysis/provenance.c - where a result came from (analysis/provenance.h). */
#include "analysis/provenance.h"

#include "analysis/msc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/err.h"

/* Stamped by the Makefile (`git describe --always --dirty`); a build
 * outside it, or outside a checkout, says so. */
#ifndef MOBSIM_COMMIT
#define MOBSIM_COMMIT "unknown"
#endif

const char *prov_commit(void)
{
    return MOBSIM_COMMIT[0] ? MOBSIM_COMMIT : "unknown";
}

static bool is_plain_word(const char *w)
{
    if (!*w)
        return false;
    for (const char *c = w; *c; c++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%", *c))
            return false;
    return true;
}

/* A word as a POSIX shell reads it back: plain, or in single quotes with
 * each ' written '\''. */
static void put_word(FILE *f, const char *w)
{
    if (is_plain_word(w)) {
        fputs(w, f);
        return;
    }
    fputc('\'', f);
    for (const char *c = w; *c; c++)
        if (*c == '\'')
            fputs("'\\''", f);
        else
            fputc(*c, f);
    fputc('\'', f);
}

/* The clock, or SOURCE_DATE_EPOCH when it holds a whole number of seconds. */
static time_t now_or_epoch(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e >= '0' && *e <= '9') {
        char *end;
        errno = 0;
        long long v = strtoll(e, &end, 10);
        if (!errno && !*end)
            return (time_t)v;
    }
    return time(NULL);
}

int prov_init(prov_t *p, const char *program, int argc, char *const *argv)
{
    memset(p, 0, sizeof(*p));
    size_t len = 0;
    FILE *f = open_memstream(&p->command, &len);
    if (!f)
        return -SIM_ENOMEM;
    fputs(program, f);
    for (int i = 0; i < argc; i++) {
        fputc(' ', f);
        put_word(f, argv[i]);
    }
    if (fclose(f) != 0) {
        free(p->command);
        p->command = NULL;
        return -SIM_ENOMEM;
    }
    p->version = MOBSIM_VERSION;
    p->commit = prov_commit();
    time_t t = now_or_epoch();
    struct tm tm;
    if (gmtime_r(&t, &tm))
        strftime(p->date, sizeof(p->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        snprintf(p->date, sizeof(p->date), "unknown");
    return 0;
}

void prov_fini(prov_t *p)
{
    if (!p)
        return;
    free(p->command);
    memset(p, 0, sizeof(*p));
}

void prov_set_seed(prov_t *p, uint64_t seed, const char *seeding)
{
    p->has_seed = true;
    p->seed = seed;
    p->seeding = seeding;
}

static cJSON *prov_object(const prov_t *p)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o != NULL;
    ok = ok && cJSON_AddStringToObject(o, "mobsim", p->version ? p->version : MOBSIM_VERSION);
    ok = ok && cJSON_AddStringToObject(o, "commit", p->commit ? p->commit : prov_commit());
    ok = ok && cJSON_AddStringToObject(o, "command", p->command ? p->command : "");
    ok = ok && cJSON_AddStringToObject(o, "date", p->date);
    /* a seed is a 64-bit whole number: JSON numbers as doubles would round it */
    if (ok && p->has_seed) {
        char num[24];
        snprintf(num, sizeof(num), "%" PRIu64, p->seed);
        ok = cJSON_AddRawToObject(o, "seed", num) != NULL;
    } else if (ok) {
        ok = cJSON_AddNullToObject(o, "seed") != NULL;
    }
    ok = ok && (p->seeding ? cJSON_AddStringToObject(o, "seeding", p->seeding)
                           : cJSON_AddNullToObject(o, "seeding"));
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

char *prov_json_text(const prov_t *p)
{
    cJSON *o = prov_object(p);
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return text;
}

cJSON *prov_json(const prov_t *p)
{
    char *text = prov_json_text(p);
    cJSON *raw = text ? cJSON_CreateRaw(text) : NULL;
    cJSON_free(text);
    return raw;
}

/* Text on one comment line: a newline or CR in it cannot start a data row. */
static void put_one_line(FILE *f, const char *t)
{
    for (; *t; t++)
        if (*t == '\n')
            fputs("\\n", f);
        else if (*t == '\r')
            fputs("\\r", f);
        else
            fputc(*t, f);
}

void prov_write_csv_comments(FILE *f, const prov_t *p)
{
    fprintf(f, "# mobsim %s (commit %s)\n# command: ", p->version ? p->version : MOBSIM_VERSION,
            p->commit ? p->commit : prov_commit());
    put_one_line(f, p->command ? p->command : "");
    fprintf(f, "\n# date: %s\n", p->date);
    if (p->has_seed)
        fprintf(f, "# seed: %" PRIu64 " (%s)\n", p->seed, p->seeding ? p->seeding : "");
}

void prov_write_html(FILE *f, const prov_t *p)
{
    fprintf(f, "<p class=\"provenance\">mobsim %s (commit ", p->version ? p->version : "");
    msc_xml_escape(f, p->commit ? p->commit : prov_commit());
    fprintf(f, "), %s: <code>", p->date);
    msc_xml_escape(f, p->command ? p->command : "");
    fputs("</code>", f);
    if (p->has_seed) {
        fprintf(f, "; seed %" PRIu64 " (", p->seed);
        msc_xml_escape(f, p->seeding ? p->seeding : "");
        fputs(")", f);
    }
    fputs("</p>\n", f);
}

bool prov_is_provenance_line(const char *line)
{
    if (line[0] == '#')
        return true;
    while (*line == ' ' || *line == '\t')
        line++;
    return strncmp(line, "\"provenance\":", 13) == 0;
}
