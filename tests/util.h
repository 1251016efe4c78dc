/* tests/util.h - helpers shared by the CUnit suites: the binary under
 * test, file-system clean-up, output normalisation. */
#ifndef MOBSIM_TESTS_UTIL_H
#define MOBSIM_TESTS_UTIL_H

/* Removes dir and everything below it (symlinks are removed, not followed);
 * a missing dir is a no-op. For test cleanup: errors are ignored. */
void tu_rm_rf(const char *dir);

/* Removes, in place, the provenance lines of an output (CSV "#" comment
 * lines, the JSON line of the "provenance" key: analysis/provenance.h),
 * whose command and date differ between runs; returns text (NULL stays
 * NULL). What is left is the output as it is without them. */
char *tu_strip_provenance(char *text);

/* The mobsim binary under test: $MOBSIM (set by make test-run: build/ or
 * build/asan/), else build/mobsim. */
const char *tu_mobsim(void);

#endif
