/* tests/fuzz/fuzz_pkt.c - libFuzzer target for the wire parsers
 * (pkt_parse, mh_parse, tunnel and ICMPv6 inner packets, re-encoding).
 * Build and run: `make fuzz` (clang, -fsanitize=fuzzer,address,undefined).
 * A broken property (see pkt_target.h) aborts, so libFuzzer saves the
 * input; every such input becomes a CUnit regression test. */
#include <stdio.h>
#include <stdlib.h>

#include "tests/fuzz/pkt_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int bad = fuzz_pkt_target(data, size);
    if (bad) {
        fprintf(stderr, "fuzz_pkt: property %d broken\n", bad);
        abort();
    }
    return 0;
}
