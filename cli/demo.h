/* cli/demo.h - `mobsim demo`: the step-by-step teaching view of a figure. */
#ifndef MOBSIM_CLI_DEMO_H
#define MOBSIM_CLI_DEMO_H

/* argv[0] is the command name ("demo"). Returns the exit status: 0, 1 (the
 * run or a write failed), 2 (bad usage or scenario), with one line on
 * stderr when not 0. Reads keys from standard input one line at a time. */
int cli_demo(int argc, char **argv);

#endif /* MOBSIM_CLI_DEMO_H */
