# bench/population.mk - a population on one core (issue 15), included by
# the Makefile.
#   make population-bench     10^4 hosts in pairs, 30 s Poisson dwell over
#                             200 cells, 20 HAs, 1 h, 1 packet/s each way
#                             (with the issue's targets), then 10^5 hosts
#                             signaling only (time and RSS recorded)
#   make population-bench POPULATION_BENCH_ARGS="-h 60"    options of bench/population.c
# Results: bench/RESULTS.md (section "Populations (issue 15)"). Never part of make test.

POPULATION_BENCH_ARGS     ?=
POPULATION_BENCH_BIG_ARGS ?= -n 100000 -d 0

.PHONY: population-bench

$(BUILD)/population: $(BUILD)/obj/bench/population.o $(BUILD)/libmobsim.a
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libmobsim.a $(LIBS)

population-bench: $(BUILD)/population
	$(BUILD)/population $(POPULATION_BENCH_ARGS)
	$(BUILD)/population $(POPULATION_BENCH_BIG_ARGS) $(POPULATION_BENCH_ARGS)

-include $(BUILD)/obj/bench/population.d
