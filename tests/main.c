/* tests/main.c - the CUnit runner for every suite.
 *
 * Suites register themselves: each test file defines `void suite_NAME(void)`
 * (at the start of a line) that adds its suite and tests; the Makefile
 * collects those names into suites.inc. Usage: run_tests [SUITE-SUBSTRING]...
 * runs only the suites whose names contain one of the arguments. Exit status
 * is 0 only when every test passed (and at least one ran).
 */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>

#define SUITE(name) void name(void);
#include "suites.inc"
#undef SUITE

typedef struct {
    const char *name;
    void (*add)(void);
} suite_entry_t;

static const suite_entry_t all_suites[] = {
#define SUITE(name) {#name, name},
#include "suites.inc"
#undef SUITE
};

static int wanted(const char *name, int argc, char **argv)
{
    if (argc < 2)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strstr(name, argv[i]))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "run_tests: cannot initialise CUnit: %s\n", CU_get_error_msg());
        return 1;
    }
    for (size_t i = 0; i < sizeof(all_suites) / sizeof(all_suites[0]); i++)
        if (wanted(all_suites[i].name, argc, argv))
            all_suites[i].add();
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned run = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    printf("\n");
    if (run == 0) {
        fprintf(stderr, "run_tests: no test ran\n");
        return 1;
    }
    return failed ? 1 : 0;
}
