/* models/node.c - the node table (node.h). */
#include "models/node.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mob_nodes_add(mob_node_table_t *t, const char *name, mob_node_kind_t kind, int net,
                  mob_receive_fn *receive, mob_receive_fn *gateway, void *state)
{
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 8;
        mob_node_t *n = realloc(t->node, (size_t)cap * sizeof(*n));
        if (!n)
            return -1;
        t->node = n;
        t->cap = cap;
    }
    mob_node_t *n = &t->node[t->n];
    memset(n, 0, sizeof(*n));
    snprintf(n->name, sizeof(n->name), "%s", name);
    n->kind = (uint8_t)kind;
    n->net = net;
    n->receive = receive;
    n->gateway = gateway;
    n->state = state;
    return t->n++;
}

int mob_nodes_bind(mob_node_table_t *t, const net_addr_t *a, int id)
{
    if (mob_addrmap_get(&t->by_addr, a) >= 0)
        return 0;
    return mob_addrmap_put(&t->by_addr, a, id);
}

void mob_nodes_unbind(mob_node_table_t *t, const net_addr_t *a, int id)
{
    if (mob_addrmap_get(&t->by_addr, a) == id)
        mob_addrmap_del(&t->by_addr, a);
}

int mob_nodes_find(const mob_node_table_t *t, const char *name)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->node[i].name, name) == 0)
            return i;
    return -1;
}

void mob_nodes_fini(mob_node_table_t *t)
{
    free(t->node);
    mob_addrmap_fini(&t->by_addr);
    *t = (mob_node_table_t){0};
}
