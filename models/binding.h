/* models/binding.h - binding cache entries (RFC 6275 §9.1), the record the
 * CN role keeps per correspondent and the home agent per mobile node. Data
 * only: cn.c and ha.c own the logic. */
#ifndef MOBSIM_MODELS_BINDING_H
#define MOBSIM_MODELS_BINDING_H

#include <stdbool.h>
#include <stdint.h>

#include "models/addr.h"
#include "sim/queue.h"
#include "sim/time.h"

typedef struct mob_bce {
    bool valid;
    net_addr_t hoa, coa;
    uint16_t seq;
    sim_time_t expires;
    sim_handle_t expiry;
    int icmp_errors;
    sim_time_t set_at; /* when coa last changed */
    sim_handle_t brr;  /* CN role: Binding Refresh Request before expiry */
    /* HA: DAD for hoa in progress (RFC 6275 §10.3.1); until it ends the
     * entry is tentative (valid false): coa, seq, expires and dad_life are
     * the latest BU's, unused and unanswered */
    sim_handle_t dad;
    uint16_t dad_life; /* the latest BU's lifetime field, for the BA */
} mob_bce_t;

#endif /* MOBSIM_MODELS_BINDING_H */
