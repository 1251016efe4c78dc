/* tests/testing.h - helpers shared by the CUnit suites. */
#ifndef MOBSIM_TESTS_TESTING_H
#define MOBSIM_TESTS_TESTING_H

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>

/* Adds a suite with the given tests; aborts the runner if CUnit cannot. */
#define ADD_SUITE(name, ...)                                                                       \
    do {                                                                                           \
        CU_pSuite s_ = CU_add_suite(name, NULL, NULL);                                             \
        struct {                                                                                   \
            const char *n;                                                                         \
            CU_TestFunc f;                                                                         \
        } t_[] = {__VA_ARGS__};                                                                    \
        for (size_t i_ = 0; s_ && i_ < sizeof(t_) / sizeof(t_[0]); i_++)                           \
            if (!CU_add_test(s_, t_[i_].n, t_[i_].f))                                              \
                s_ = NULL;                                                                         \
        if (!s_) {                                                                                 \
            fprintf(stderr, "cannot add suite %s: %s\n", name, CU_get_error_msg());                \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

#define TEST(f) {#f, f}

#endif
