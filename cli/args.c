/* cli/args.c - the one option parser of every subcommand (see cli.h).
 *
 * Table-driven rather than getopt_long: getopt_long accepts abbreviations
 * ("--out" for "--output") and prints its own messages, and every mobsim
 * error must be one line in mobsim's words. */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const cli_option_t *find_long(const cli_option_t *opts, const char *arg, size_t n)
{
    for (const cli_option_t *o = opts; o->name; o++)
        if (strlen(o->name) == n && strncmp(o->name, arg, n) == 0)
            return o;
    return NULL;
}

static const cli_option_t *find_short(const cli_option_t *opts, char c)
{
    for (const cli_option_t *o = opts; o->name; o++)
        if (o->short_name && o->short_name == c)
            return o;
    return NULL;
}

/* One argument starting with "-" (not "-", not "--"); *i may advance past
 * its value. Returns the callback's result or a usage error. */
static int one_option(const char *cmd, const cli_option_t *opts, int argc, char **argv, int *i,
                      cli_arg_fn *fn, void *ctx)
{
    const char *arg = argv[*i], *value = NULL;
    const cli_option_t *o;
    char spelled[64];
    if (arg[1] == '-') {
        const char *eq = strchr(arg, '=');
        size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
        o = find_long(opts, arg, n);
        snprintf(spelled, sizeof(spelled), "%.*s", (int)(n < 60 ? n : 60), arg);
        if (!o)
            return cli_usage_error(cmd, "unknown option \"%s\"", spelled);
        if (eq && !o->takes_value)
            return cli_usage_error(cmd, "option %s takes no value", o->name);
        if (eq)
            value = eq + 1;
    } else {
        o = find_short(opts, arg[1]);
        if (!o || (arg[2] && !o->takes_value))
            return cli_usage_error(cmd, "unknown option \"%s\"", arg);
        snprintf(spelled, sizeof(spelled), "-%c", arg[1]);
        if (arg[2])
            value = arg + 2;
    }
    if (o->takes_value && !value) {
        if (*i + 1 >= argc)
            return cli_usage_error(cmd, "option %s expects a value", spelled);
        value = argv[++*i];
    }
    return fn(ctx, o->id, spelled, value);
}

int cli_parse_args(const char *cmd, const cli_option_t *opts, int argc, char **argv, cli_arg_fn *fn,
                   void *ctx)
{
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int rc;
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        if (options_done || arg[0] != '-' || arg[1] == 0)
            rc = fn(ctx, CLI_OPERAND, NULL, arg);
        else
            rc = one_option(cmd, opts, argc, argv, &i, fn, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

bool cli_parse_time(const char *s, sim_time_t *out)
{
    char *end;
    errno = 0;
    if (!s || !*s)
        return false;
    double v = strtod(s, &end);
    if (end == s || errno || v < 0 || v != v)
        return false;
    double scale = 1e9;
    if (strcmp(end, "ms") == 0)
        scale = 1e6;
    else if (strcmp(end, "us") == 0)
        scale = 1e3;
    else if (strcmp(end, "ns") == 0)
        scale = 1;
    else if (strcmp(end, "s") != 0 && *end)
        return false;
    if (v * scale > 9e18)
        return false;
    *out = (sim_time_t)(v * scale + 0.5);
    return true;
}
