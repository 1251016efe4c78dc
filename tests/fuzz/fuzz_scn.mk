# tests/fuzz/fuzz_scn.mk - libFuzzer target for the scenario loader (included
# by the Makefile next to tests/fuzz/fuzz.mk).
#   make fuzz-scn                       fuzz for FUZZ_SCN_TIME seconds (default 60)
#   make fuzz-scn FUZZ_SCN_RUNS=1000000 a fixed number of executions instead
# Input: scenario JSON, then up to 4 --set assignments after NUL bytes
# (tests/fuzz/scn_target.h). Needs clang and libclang-rt-14-dev
# (scripts/install-deps --fuzz). New inputs go to $(BUILD)/fuzz/corpus-scn;
# the seeds in tests/fuzz/corpus/scn are only read (and replayed by
# `make test`); copy an input there when it found something.

FUZZ_SCN_CC    ?= clang
FUZZ_SCN_TIME  ?= 60
FUZZ_SCN_RUNS  ?=
FUZZ_SCN_FLAGS := -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. \
                  -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
# the loader, the report writers and the whole model (the target builds a
# world from every accepted config)
FUZZ_SCN_SRC   := tests/fuzz/fuzz_scn.c $(sort $(wildcard sim/*.c models/*.c scenarios/*.c)) \
                  analysis/report.c
FUZZ_SCN_BIN   := $(BUILD)/fuzz/fuzz_scn
FUZZ_SCN_LIMIT := $(if $(FUZZ_SCN_RUNS),-runs=$(FUZZ_SCN_RUNS),-max_total_time=$(FUZZ_SCN_TIME))

.PHONY: fuzz-scn fuzz-scn-build

$(FUZZ_SCN_BIN): $(FUZZ_SCN_SRC) tests/fuzz/scn_target.h tests/fuzz/split_input.h $(wildcard sim/*.h models/*.h scenarios/*.h) \
                 analysis/report.h
	@mkdir -p $(dir $@)
	$(FUZZ_SCN_CC) $(FUZZ_SCN_FLAGS) -o $@ $(FUZZ_SCN_SRC) $(LIBS)

fuzz-scn-build:
	@scripts/install-deps --fuzz
	@$(MAKE) --no-print-directory $(FUZZ_SCN_BIN)

fuzz-scn: fuzz-scn-build
	@mkdir -p $(BUILD)/fuzz/corpus-scn $(BUILD)/fuzz/artifacts-scn
	$(FUZZ_SCN_BIN) $(FUZZ_SCN_LIMIT) -max_len=8192 -print_final_stats=1 -dict=tests/fuzz/scn.dict \
	    -artifact_prefix=$(BUILD)/fuzz/artifacts-scn/ $(BUILD)/fuzz/corpus-scn tests/fuzz/corpus/scn
