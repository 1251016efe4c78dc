# Episode throughput of the whole model (issue 5): make episode-bench
$(BUILD)/episodes: $(BUILD)/obj/bench/episodes.o $(BUILD)/libmobsim.a
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libmobsim.a $(LIBS)

# Prints this tree's fig1 episodes/s, a build of the commit before issue 13
# (EPISODE_BASE, built once in /tmp) in the same run, alternating, and the
# ratio; fails below 0.9x (bench/episode_compare.sh).
EPISODE_BASE ?= dafe014
.PHONY: episode-bench
episode-bench: $(BUILD)/episodes
	bench/episode_compare.sh $(BUILD) $(EPISODE_BASE)
