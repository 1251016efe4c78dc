# bench/cost.mk - the cost of an event and of a data packet (issue 18):
#   make cost-bench   callgrind instruction counts of `mobsim run fig1 --json`
#                     (whole process and the episode) and fig1 episodes/s
#                     medians, this tree beside COST_BASE built in /tmp, each
#                     figure printed with its goal from issue 18.
# COST_BASE is the commit before issue 18's work. Results: bench/RESULTS.md.
COST_BASE ?= 4752782
.PHONY: cost-bench
cost-bench: $(BUILD)/mobsim $(BUILD)/episodes
	bench/cost_bench.sh $(BUILD) $(COST_BASE)
