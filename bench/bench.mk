# bench/bench.mk - the event-core benchmarks (issue 3), included by the Makefile.
#   make build/hold       the hold model on sim/        (build/hold N M)
#   make build/pingpong   the ping-pong workload on sim/ (build/pingpong K T [W] [LOSS])
#   make bench            yardsticks + both programs, one measured run, tables
# The yardsticks (C reference, ns-3 hold and pingpong) live in ../shared/bench,
# beside the repository: a fresh clone gets shared/ copied next to it.

BENCH_SHARED ?= $(abspath $(CURDIR)/../shared)
BENCH_PROGS  := $(BUILD)/hold $(BUILD)/pingpong
BENCH_OBJ    := $(BUILD)/obj/bench/hold.o $(BUILD)/obj/bench/pingpong.o

$(BUILD)/hold: $(BUILD)/obj/bench/hold.o $(BUILD)/libmobsim.a
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libmobsim.a $(LIBS)

$(BUILD)/pingpong: $(BUILD)/obj/bench/pingpong.o $(BUILD)/libmobsim.a
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libmobsim.a $(LIBS)

# Never a timed unit test: `make test` does not come here.
bench:
	@scripts/install-deps --bench
	@if [ ! -x "$(BENCH_SHARED)/bench/ns3/build.sh" ]; then \
	    echo "make bench: $(BENCH_SHARED)/bench/ns3/build.sh not found: the yardsticks of ../shared/bench must sit beside the repository (copy shared/ next to the clone)" >&2; \
	    exit 1; \
	fi
	"$(BENCH_SHARED)/bench/ns3/build.sh" $(BUILD)/yardsticks
	@$(MAKE) --no-print-directory $(BENCH_PROGS)
	bench/run-bench $(BUILD) $(BUILD)/yardsticks

-include $(BENCH_OBJ:.o=.d)
