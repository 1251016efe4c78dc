# bench/scale.mk - how the model scales with the number of nodes (issue 13),
# included by the Makefile.
#   make scale-bench                        P = 1 10 100 1000 10000, 10 s, 5 repetitions
#   make scale-bench SCALE_BENCH_ARGS="-r 3 100000"   options and P of bench/scale.c
# Results: bench/RESULTS.md (section "Scale bench"). Never part of make test.

SCALE_BENCH_ARGS ?=

.PHONY: scale-bench

$(BUILD)/scale: $(BUILD)/obj/bench/scale.o $(BUILD)/libmobsim.a
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libmobsim.a $(LIBS)

scale-bench: $(BUILD)/scale
	$(BUILD)/scale $(SCALE_BENCH_ARGS)

-include $(BUILD)/obj/bench/scale.d
