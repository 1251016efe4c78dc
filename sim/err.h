/* sim/err.h - error codes and the user-facing error message.
 *
 * Fallible functions return 0 or a negative SIM_E... code. Errors a user must
 * fix (scenario files, CLI arguments, malformed input) also fill a sim_err_t
 * with one line such as
 *   fig1.json: $.moves[1].at: expected a time such as "120ms"
 * The struct is plain storage owned by the caller; nothing here allocates.
 */
#ifndef MOBSIM_SIM_ERR_H
#define MOBSIM_SIM_ERR_H

#include <stddef.h>

enum {
    SIM_OK = 0,
    SIM_EINVAL = 1, /* bad input: the user must fix it (exit status 2) */
    SIM_ENOMEM = 2, /* out of memory */
    SIM_ERANGE = 3, /* a number or time out of range */
    SIM_EIO = 4,    /* a file could not be read or written */
    SIM_ESTATE = 5, /* the call does not fit the object's state */
};

#define SIM_ERR_MSG_MAX 1024

typedef struct sim_err {
    int code;                   /* 0 when no error was recorded */
    char msg[SIM_ERR_MSG_MAX];  /* one line, no trailing newline */
} sim_err_t;

/* Records code and a printf-style message into err (NULL err is allowed and
 * ignored). Returns -code so callers can write `return sim_err_set(...)`. */
int sim_err_set(sim_err_t *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Puts "prefix: " in front of the recorded message (file name, JSON path). */
void sim_err_prefix(sim_err_t *err, const char *prefix);

/* Short English name of a code ("bad input", "out of memory", ...). */
const char *sim_strerror(int code);

#endif /* MOBSIM_SIM_ERR_H */
