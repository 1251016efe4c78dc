/* tests/fuzz/split_input.h - the input layout every text fuzz target shares:
 * JSON text, then up to max "K=V" --set assignments, each after a NUL byte.
 * fuzz_split() copies the bytes into a NUL-terminated buffer the caller frees
 * (NULL when out of memory), sets *text_len and fills sets[] with pointers
 * into that buffer. */
#ifndef MOBSIM_TESTS_FUZZ_SPLIT_INPUT_H
#define MOBSIM_TESTS_FUZZ_SPLIT_INPUT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char *fuzz_split(const uint8_t *data, size_t size, size_t *text_len, const char **sets,
                        size_t max, size_t *n_sets)
{
    char *copy = malloc(size + 1);
    if (!copy)
        return NULL;
    memcpy(copy, data, size);
    copy[size] = 0;
    *text_len = strnlen(copy, size);
    *n_sets = 0;
    for (size_t p = *text_len; p < size && *n_sets < max;) {
        p++; /* the NUL */
        sets[(*n_sets)++] = copy + p;
        p += strnlen(copy + p, size - p);
    }
    return copy;
}

#endif /* MOBSIM_TESTS_FUZZ_SPLIT_INPUT_H */
