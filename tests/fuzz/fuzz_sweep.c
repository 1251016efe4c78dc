/* tests/fuzz/fuzz_sweep.c - libFuzzer target for the sweep-file loader
 * (input format, properties and guards: sweep_target.h). Build and run:
 * `make fuzz-sweep` (clang, -fsanitize=fuzzer,address,undefined). A broken
 * property aborts, so libFuzzer saves the input; keep such inputs in
 * tests/fuzz/corpus/sweep, replayed by `make test`. */
#include <stdio.h>
#include <stdlib.h>

#include "tests/fuzz/sweep_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int bad = fuzz_sweep_target(data, size);
    if (bad) {
        fprintf(stderr, "fuzz_sweep: property %d broken\n", bad);
        abort();
    }
    return 0;
}
