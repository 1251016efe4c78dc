# bench/sweep.mk - sweep throughput (issue 7), included by the Makefile.
#   make sweep-bench                         3 repetitions of 10^5 episodes
#   make sweep-bench SWEEP_BENCH_ARGS="1 2500"   repetitions, replications
# Results: bench/RESULTS.md.

SWEEP_BENCH_ARGS ?=

.PHONY: sweep-bench
sweep-bench: $(BUILD)/mobsim
	@scripts/install-deps --mpi
	@$(MAKE) --no-print-directory $(BUILD)/mobsim-mpi
	MOBSIM=$(BUILD)/mobsim MOBSIM_MPI=$(BUILD)/mobsim-mpi bench/sweep_bench.sh $(SWEEP_BENCH_ARGS)
