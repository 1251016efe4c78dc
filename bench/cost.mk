# bench/cost.mk - the cost of an event and of a data packet (issue 18):
#   make cost-bench   callgrind instruction counts of `mobsim run fig1 --json`
#                     (whole process and the episode) and fig1 episodes/s
#                     medians, this tree beside COST_BASE built in /tmp, each
#                     figure printed with its goal from issue 18; then the
#                     same figures for ns-3 moving fig1's CBR packets
#                     (build/ns3_cbr, when libns3-dev is installed: it comes
#                     with `scripts/install-deps --bench`; COST_NS3=0 skips it)
#                     then the sweep figures (bench/cost_sweep.sh, ~4 min:
#                     instructions per no-traffic replication, -j2
#                     efficiency of every shipped sweep; COST_SWEEP=0 skips)
#   make build/ns3_cbr  bench/ns3_cbr.cc against Debian's ns-3 3.37
# COST_BASE is the commit before issue 18's work. Results: bench/RESULTS.md.
COST_BASE ?= 4752782
COST_NS3  ?= 1
COST_SWEEP ?= 1
NS3_CBR_LIBS = $(shell pkg-config --libs-only-L --libs-only-l ns3-applications ns3-internet \
                 ns3-point-to-point ns3-network ns3-core 2>/dev/null)

# The Debian .pc files' Cflags carry a stray "-I/usr\;" and their Libs name
# libgsl.so by absolute path (see ../shared/bench/ns3/Makefile): only the -L/-l
# flags are taken, and the headers are in /usr/include/ns3 anyway.
$(BUILD)/ns3_cbr: bench/ns3_cbr.cc
	@mkdir -p $(@D)
	@[ -n "$(NS3_CBR_LIBS)" ] || { echo "build/ns3_cbr: ns-3 not found (scripts/install-deps --bench installs libns3-dev)" >&2; exit 1; }
	g++ -O2 -std=c++17 -Wall -o $@ $< $(NS3_CBR_LIBS)

.PHONY: cost-bench
cost-bench: $(BUILD)/mobsim $(BUILD)/episodes
	@if [ "$(COST_NS3)" = 1 ] && [ -n "$(NS3_CBR_LIBS)" ]; then $(MAKE) --no-print-directory $(BUILD)/ns3_cbr; fi
	COST_NS3=$(COST_NS3) bench/cost_bench.sh $(BUILD) $(COST_BASE)
	@if [ "$(COST_SWEEP)" != 0 ]; then bench/cost_sweep.sh $(BUILD) $(COST_BASE); fi
