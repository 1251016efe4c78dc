# bench/wire.mk - wire-format speed (issue 4), included by the Makefile.
#   make wire-bench                          build and run, default sizes
#   make wire-bench WIRE_BENCH_ARGS="1000000 9"   messages per run, runs
# Results: bench/RESULTS.md (section "Wire format").

WIRE_BENCH_ARGS ?=

.PHONY: wire-bench

$(BUILD)/wire_bench: bench/wire_bench.c $(BUILD)/libmobsim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ bench/wire_bench.c $(BUILD)/libmobsim.a $(LIBS)

wire-bench: $(BUILD)/wire_bench
	$(BUILD)/wire_bench $(WIRE_BENCH_ARGS)
