#include "models/addr.h"

#include <arpa/inet.h>

net_addr_t net_addr_make(const net_addr_t *prefix, uint64_t iid)
{
    net_addr_t a;
    memcpy(a.b, prefix->b, 8);
    for (int i = 0; i < 8; i++)
        a.b[15 - i] = (uint8_t)(iid >> (8 * i));
    return a;
}

int net_addr_parse(const char *text, net_addr_t *out)
{
    net_addr_t a;
    if (!text || inet_pton(AF_INET6, text, a.b) != 1)
        return -1;
    *out = a;
    return 0;
}

char *net_addr_format(const net_addr_t *a, char *buf, size_t cap)
{
    if (!inet_ntop(AF_INET6, a->b, buf, (socklen_t)cap) && cap)
        buf[0] = 0;
    return buf;
}
