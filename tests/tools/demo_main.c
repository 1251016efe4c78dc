/* tests/tools/demo_main.c - build/mobsim-demo: `mobsim demo` on its own, so
 * the terminal demo can be tested (in tmux) apart from cli/main.c.
 * `mobsim-demo ARGS` behaves as `mobsim demo ARGS`. */
#include "cli/cli.h"
#include "cli/demo.h"

int main(int argc, char **argv)
{
    return cli_finish_stdout(cli_demo(argc, argv));
}
