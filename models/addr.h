/* models/addr.h - IPv6 addresses as 16 bytes in network order.
 *
 * Plain value type: copied freely, compared with net_addr_eq(). Text forms
 * go through inet_pton/inet_ntop (RFC 5952 canonical text on output).
 */
#ifndef MOBSIM_MODELS_ADDR_H
#define MOBSIM_MODELS_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct net_addr {
    uint8_t b[16];
} net_addr_t;

#define NET_ADDR_STRLEN 46 /* INET6_ADDRSTRLEN */

/* The two 64-bit halves, by memcpy (no alignment or aliasing assumed): gcc
 * 12 turns memcmp(,,16) == 0 into a call-sized sequence, these into two
 * loads and a compare each; every packet compares several addresses. */
static inline uint64_t net_addr_half_(const net_addr_t *a, int i)
{
    uint64_t w;
    memcpy(&w, a->b + 8 * i, 8);
    return w;
}

static inline bool net_addr_eq(const net_addr_t *a, const net_addr_t *b)
{
    return ((net_addr_half_(a, 0) ^ net_addr_half_(b, 0)) |
            (net_addr_half_(a, 1) ^ net_addr_half_(b, 1))) == 0;
}

static inline bool net_addr_is_zero(const net_addr_t *a)
{
    return (net_addr_half_(a, 0) | net_addr_half_(a, 1)) == 0;
}

/* true when the first 64 bits (the /64 prefix) of a and b are equal. */
static inline bool net_addr_same_64(const net_addr_t *a, const net_addr_t *b)
{
    return net_addr_half_(a, 0) == net_addr_half_(b, 0);
}

/* prefix's first 64 bits followed by a 64-bit interface identifier. */
net_addr_t net_addr_make(const net_addr_t *prefix, uint64_t iid);

/* Parses text ("2001:db8:a::100"); returns 0, or -1 when not an IPv6 address. */
int net_addr_parse(const char *text, net_addr_t *out);

/* Canonical text into buf (cap >= NET_ADDR_STRLEN); returns buf. */
char *net_addr_format(const net_addr_t *a, char *buf, size_t cap);

#endif /* MOBSIM_MODELS_ADDR_H */
