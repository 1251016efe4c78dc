/* models/check.h - the outcome of one step of a scenario's script
 * (docs/check.md): plain data that models/script.c fills and
 * mob_world_checks() (world.h) hands out. */
#ifndef MOBSIM_MODELS_CHECK_H
#define MOBSIM_MODELS_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/time.h"

/* The outcome of one step of the scenario's script (docs/check.md), in
 * step order: an expectation's check, or a note of an inject step (a
 * "sniffed" authenticator without the tokens). */
typedef enum mob_check_kind {
    MOB_CHECK_NONE = 0, /* a step with nothing to report (a rule) */
    MOB_CHECK_EXPECT,   /* pass says how it went */
    MOB_CHECK_NOTE,
} mob_check_kind_t;

typedef struct mob_check {
    uint8_t kind; /* mob_check_kind_t */
    bool checked; /* an expectation was evaluated (false: the run stopped first) */
    bool pass;
    sim_time_t at;  /* when it was decided (a "by": when it first held, or by) */
    char what[160]; /* "B binding for A.hoa", "A received BA from B" */
    char expected[200];
    char actual[200];
    char hint[240]; /* the trace record to look at, "" none */
} mob_check_t;

#endif /* MOBSIM_MODELS_CHECK_H */
