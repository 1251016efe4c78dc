# tests/fuzz/fuzz_world.mk - libFuzzer target that runs the world model
# briefly on fuzzed scenarios (included by the Makefile next to
# tests/fuzz/fuzz.mk).
#   make fuzz-world                          fuzz for FUZZ_WORLD_TIME seconds (default 60)
#   make fuzz-world FUZZ_WORLD_RUNS=10000000 a fixed number of executions instead
#   make fuzz-world-merge                    minimise seeds + work corpus (edges only, -use_counters=0)
#                                            into $(BUILD)/fuzz/merged-world, to copy into the seeds
# Input: scenario JSON, then up to 4 --set assignments after NUL bytes; the
# run is clamped to 200 ms of simulated time (tests/fuzz/world_target.h).
# A hang is reported by -timeout as a timeout-* artifact. Needs clang and
# libclang-rt-14-dev (scripts/install-deps --fuzz). New inputs go to $(BUILD)/fuzz/corpus-world;
# the seeds in tests/fuzz/corpus/world are only read (and replayed by
# `make test`); copy an input there when it found something.

FUZZ_WORLD_CC    ?= clang
FUZZ_WORLD_TIME  ?= 60
FUZZ_WORLD_RUNS  ?=
# FUZZ_WORLD_SAN=undefined drops ASan for long runs (about 3x the executions
# per second); tests/fuzz/world.ignore keeps libFuzzer's comparison tracing out
# of the event queue and the checksum, half the time of an input otherwise.
FUZZ_WORLD_SAN   ?= address,undefined
FUZZ_WORLD_FLAGS := -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. \
                    -g -O1 -fsanitize=fuzzer,$(FUZZ_WORLD_SAN) -fno-sanitize-recover=undefined \
                    -fsanitize-coverage-ignorelist=tests/fuzz/world.ignore
FUZZ_WORLD_SRC   := tests/fuzz/fuzz_world.c $(sort $(wildcard sim/*.c models/*.c scenarios/*.c))
FUZZ_WORLD_BIN   := $(BUILD)/fuzz/fuzz_world
FUZZ_WORLD_LIMIT := $(if $(FUZZ_WORLD_RUNS),-runs=$(FUZZ_WORLD_RUNS),-max_total_time=$(FUZZ_WORLD_TIME))
FUZZ_WORLD_OPTS  := -max_len=8192 -timeout=10 -rss_limit_mb=2048 -dict=tests/fuzz/world.dict

.PHONY: fuzz-world fuzz-world-build fuzz-world-merge

$(FUZZ_WORLD_BIN): $(FUZZ_WORLD_SRC) tests/fuzz/world_target.h tests/fuzz/split_input.h tests/fuzz/world.ignore \
                   $(wildcard sim/*.h models/*.h scenarios/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_WORLD_CC) $(FUZZ_WORLD_FLAGS) -o $@ $(FUZZ_WORLD_SRC) $(LIBS)

fuzz-world-build:
	@scripts/install-deps --fuzz
	@$(MAKE) --no-print-directory $(FUZZ_WORLD_BIN)

fuzz-world: fuzz-world-build
	@mkdir -p $(BUILD)/fuzz/corpus-world $(BUILD)/fuzz/artifacts-world
	$(FUZZ_WORLD_BIN) $(FUZZ_WORLD_LIMIT) $(FUZZ_WORLD_OPTS) -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/artifacts-world/ $(BUILD)/fuzz/corpus-world tests/fuzz/corpus/world

fuzz-world-merge: fuzz-world-build
	@mkdir -p $(BUILD)/fuzz/merged-world
	$(FUZZ_WORLD_BIN) -merge=1 -use_counters=0 $(FUZZ_WORLD_OPTS) $(BUILD)/fuzz/merged-world tests/fuzz/corpus/world \
	    $(BUILD)/fuzz/corpus-world
