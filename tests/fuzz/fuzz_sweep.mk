# tests/fuzz/fuzz_sweep.mk - libFuzzer target for sweep files (included by
# the Makefile next to tests/fuzz/fuzz.mk).
#   make fuzz-sweep                          fuzz for FUZZ_SWEEP_TIME seconds (default 60)
#   make fuzz-sweep FUZZ_SWEEP_RUNS=10000000 a fixed number of executions instead
#   make fuzz-sweep-merge                    minimise seeds + work corpus (edges only, -use_counters=0)
#                                            into $(BUILD)/fuzz/merged-sweep, to copy into the seeds
# Input: sweep JSON, then up to 4 --set assignments after NUL bytes
# (tests/fuzz/sweep_target.h). Run from the repository root (a string "base"
# names a file in scenarios/). Needs clang and libclang-rt-14-dev
# (scripts/install-deps --fuzz). New inputs go to $(BUILD)/fuzz/corpus-sweep;
# the seeds in tests/fuzz/corpus/sweep are only read (and replayed by
# `make test`); copy an input there when it found something.

FUZZ_SWEEP_CC    ?= clang
FUZZ_SWEEP_TIME  ?= 60
FUZZ_SWEEP_RUNS  ?=
FUZZ_SWEEP_FLAGS := -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. \
                    -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SWEEP_SRC   := tests/fuzz/fuzz_sweep.c $(sort $(wildcard sim/*.c models/*.c scenarios/*.c analysis/*.c))
FUZZ_SWEEP_BIN   := $(BUILD)/fuzz/fuzz_sweep
FUZZ_SWEEP_LIMIT := $(if $(FUZZ_SWEEP_RUNS),-runs=$(FUZZ_SWEEP_RUNS),-max_total_time=$(FUZZ_SWEEP_TIME))
FUZZ_SWEEP_OPTS  := -max_len=4096 -timeout=10 -rss_limit_mb=2048 -dict=tests/fuzz/sweep.dict

.PHONY: fuzz-sweep fuzz-sweep-build fuzz-sweep-merge

$(FUZZ_SWEEP_BIN): $(FUZZ_SWEEP_SRC) tests/fuzz/sweep_target.h tests/fuzz/split_input.h \
                   $(wildcard sim/*.h models/*.h scenarios/*.h analysis/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_SWEEP_CC) $(FUZZ_SWEEP_FLAGS) -o $@ $(FUZZ_SWEEP_SRC) $(LIBS)

fuzz-sweep-build:
	@scripts/install-deps --fuzz
	@$(MAKE) --no-print-directory $(FUZZ_SWEEP_BIN)

fuzz-sweep: fuzz-sweep-build
	@mkdir -p $(BUILD)/fuzz/corpus-sweep $(BUILD)/fuzz/artifacts-sweep
	$(FUZZ_SWEEP_BIN) $(FUZZ_SWEEP_LIMIT) $(FUZZ_SWEEP_OPTS) -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/artifacts-sweep/ $(BUILD)/fuzz/corpus-sweep tests/fuzz/corpus/sweep

fuzz-sweep-merge: fuzz-sweep-build
	@mkdir -p $(BUILD)/fuzz/merged-sweep
	$(FUZZ_SWEEP_BIN) -merge=1 -use_counters=0 $(FUZZ_SWEEP_OPTS) $(BUILD)/fuzz/merged-sweep tests/fuzz/corpus/sweep \
	    $(BUILD)/fuzz/corpus-sweep
