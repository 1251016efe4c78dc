/* tests/fuzz/fuzz_world.c - libFuzzer target that runs the world model for
 * up to 200 ms of simulated time on fuzzed scenarios (input format and
 * properties: world_target.h). Build and run: `make fuzz-world` (clang,
 * -fsanitize=fuzzer,address,undefined, -timeout=10 -rss_limit_mb=2048).
 * A broken property aborts, so libFuzzer saves the input; a hang is saved
 * as a timeout-* artifact. Keep such inputs in tests/fuzz/corpus/world,
 * replayed by `make test`. */
#include <stdio.h>
#include <stdlib.h>

#include "tests/fuzz/world_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int bad = fuzz_world_target(data, size);
    if (bad) {
        fprintf(stderr, "fuzz_world: property %d broken\n", bad);
        abort();
    }
    return 0;
}
