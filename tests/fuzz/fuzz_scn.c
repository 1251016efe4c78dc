/* tests/fuzz/fuzz_scn.c - libFuzzer target for the scenario loader and its
 * --set overrides (input format and properties: scn_target.h).
 * Build and run: `make fuzz-scn` (clang, -fsanitize=fuzzer,address,undefined).
 * A broken property aborts, so libFuzzer saves the input; every such input
 * becomes a file in tests/fuzz/corpus/scn, replayed by `make test`. */
#include <stdio.h>
#include <stdlib.h>

#include "tests/fuzz/scn_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int bad = fuzz_scn_target(data, size);
    if (bad) {
        fprintf(stderr, "fuzz_scn: property %d broken\n", bad);
        abort();
    }
    return 0;
}
