/* tests/util.h - file-system helpers shared by the CUnit suites. */
#ifndef MOBSIM_TESTS_UTIL_H
#define MOBSIM_TESTS_UTIL_H

/* Removes dir and everything below it (symlinks are removed, not followed);
 * a missing dir is a no-op. For test cleanup: errors are ignored. */
void tu_rm_rf(const char *dir);

#endif
