#include "sim/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int sim_err_set(sim_err_t *err, int code, const char *fmt, ...)
{
    if (code < 0)
        code = -code;
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
    }
    return -code;
}

void sim_err_prefix(sim_err_t *err, const char *prefix)
{
    if (!err || !prefix || !*prefix)
        return;
    char tmp[SIM_ERR_MSG_MAX];
    size_t plen = strlen(prefix);
    if (plen > SIM_ERR_MSG_MAX / 2)
        plen = SIM_ERR_MSG_MAX / 2;
    memcpy(tmp, prefix, plen);
    memcpy(tmp + plen, ": ", 2);
    size_t room = SIM_ERR_MSG_MAX - plen - 3;
    size_t mlen = strnlen(err->msg, room);
    memcpy(tmp + plen + 2, err->msg, mlen);
    tmp[plen + 2 + mlen] = 0;
    memcpy(err->msg, tmp, sizeof(err->msg));
}

const char *sim_strerror(int code)
{
    if (code < 0)
        code = -code;
    switch (code) {
    case SIM_OK:
        return "success";
    case SIM_EINVAL:
        return "bad input";
    case SIM_ENOMEM:
        return "out of memory";
    case SIM_ERANGE:
        return "out of range";
    case SIM_EIO:
        return "input/output error";
    case SIM_ESTATE:
        return "invalid state";
    default:
        return "unknown error";
    }
}
