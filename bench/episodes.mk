# Episode throughput of the whole model (issue 5): make episode-bench
$(BUILD)/episodes: $(BUILD)/obj/bench/episodes.o $(BUILD)/libmobsim.a
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libmobsim.a $(LIBS)

.PHONY: episode-bench
episode-bench: $(BUILD)/episodes
	$(BUILD)/episodes scenarios/fig1.json 300 5
