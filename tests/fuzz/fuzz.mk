# tests/fuzz/fuzz.mk - libFuzzer targets (included by the Makefile).
#   make fuzz                       fuzz pkt for FUZZ_TIME seconds (default 60)
#   make fuzz FUZZ_RUNS=10000000    a fixed number of executions instead
#   make fuzz-corpus                rewrite the seed corpus from the samples
# Needs clang and libclang-rt-14-dev: scripts/install-deps --fuzz. New
# inputs go to $(BUILD)/fuzz/corpus-pkt; the checked-in seeds in
# tests/fuzz/corpus/pkt are only read (and replayed by `make test`).

FUZZ_CC    ?= clang
FUZZ_TIME  ?= 60
FUZZ_RUNS  ?=
FUZZ_FLAGS := -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. \
              -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SRC   := tests/fuzz/fuzz_pkt.c models/mh.c models/pkt.c models/addr.c
FUZZ_BIN   := $(BUILD)/fuzz/fuzz_pkt
FUZZ_LIMIT := $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_TIME))

.PHONY: fuzz fuzz-build fuzz-corpus

$(FUZZ_BIN): $(FUZZ_SRC) tests/fuzz/pkt_target.h models/mh.h models/pkt.h models/wire.h models/addr.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $(FUZZ_SRC)

fuzz-build:
	@scripts/install-deps --fuzz
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

fuzz: fuzz-build
	@mkdir -p $(BUILD)/fuzz/corpus-pkt $(BUILD)/fuzz/artifacts
	$(FUZZ_BIN) $(FUZZ_LIMIT) -max_len=4096 -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/artifacts/ $(BUILD)/fuzz/corpus-pkt tests/fuzz/corpus/pkt

$(BUILD)/fuzz/make_corpus: tests/fuzz/make_corpus.c tests/models/samples.c $(BUILD)/libmobsim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ tests/fuzz/make_corpus.c tests/models/samples.c $(BUILD)/libmobsim.a $(LIBS)

fuzz-corpus: $(BUILD)/fuzz/make_corpus
	$(BUILD)/fuzz/make_corpus tests/fuzz/corpus/pkt
