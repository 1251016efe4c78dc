# mobsim - build, test, benchmark.
#   make            build/mobsim
#   make run        install missing packages, build, run the main job
#   make test       install missing packages, build, run every test (CUnit)
#   make asan       the tests under AddressSanitizer + UBSan (build/asan)
#   make mpi        build/mobsim-mpi: `mpirun -np N build/mobsim-mpi sweep FILE`
#   make bench      benchmarks against the C reference and ns-3 (bench/RESULTS.md)
#   make cost-bench instructions per event and per data packet (issue 18)
#   make fuzz       libFuzzer targets (clang), see tests/fuzz/
#   make install PREFIX=/usr/local [DESTDIR=...]    make uninstall (same PREFIX)
#   make clean      removes build/ only (not out/, where sweeps and reports go)
# Sources are found by directory: drop a .c into sim/, models/, scenarios/,
# analysis/ (the library), cli/ (the command) or tests/<area>/ (a suite).

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
# -flto: link-time optimization across files (gcc's LTO plugin; `ar` loads it
# from /usr/lib/bfd-plugins). The packet path crosses models/ files once per
# hop (net.c -> node handlers -> packet.c); inlining across them takes ~4 %
# off a fig1 episode's instructions (issue 18). `make asan` builds without.
OPT     ?= -O2 -g -flto=auto
SAN     ?=
CFLAGS_BASE := -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. -MMD -MP
ifeq ($(SAN),1)
OPT     := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
endif
CFLAGS  := $(CFLAGS_BASE) $(OPT) $(EXTRA_CFLAGS)
LDFLAGS := $(OPT) -pthread
# Libraries linked statically when their archives are installed (the -dev
# packages have them): the dynamic loader spent ~2.9 M instructions of a 27 M
# fig1 run binding libcrypto.so's symbols (mobsim uses SHA1), and 1.3 M more
# on libgsl, libgslcblas, libsqlite3 and libz (issue 18). cJSON has no archive
# in Debian. libpcap is not linked into mobsim at all (analysis/pcap.c writes
# the format itself); the tests read pcaps with it.
static_or = $(if $(filter /%,$(shell $(CC) -print-file-name=lib$(1).a)),$(shell $(CC) -print-file-name=lib$(1).a),-l$(1))
LIBCRYPTO := $(call static_or,crypto)
LIBS    := $(call static_or,gsl) $(call static_or,gslcblas) -lcjson $(LIBCRYPTO) \
           $(call static_or,sqlite3) $(call static_or,z) -lm
TEST_LIBS := -lpcap -lcunit

LIB_SRC  := $(sort $(wildcard sim/*.c models/*.c scenarios/*.c analysis/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/*.c tests/sim/*.c tests/models/*.c tests/scenarios/*.c \
                               tests/analysis/*.c tests/cli/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/obj/%.o)

.PHONY: all run test test-run asan bench fuzz install uninstall clean deps check-layers mpi FORCE
all: $(BUILD)/mobsim

deps:
	@scripts/install-deps

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libmobsim.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/mobsim: $(CLI_OBJ) $(BUILD)/libmobsim.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libmobsim.a $(LIBS)

# The MPI build: the same command compiled with -DMOBSIM_MPI by mpicc, so
# `mpirun -np N build/mobsim-mpi sweep FILE` spreads a sweep over ranks.
MPICC   ?= mpicc
MPI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj-mpi/%.o)
$(BUILD)/obj-mpi/%.o: %.c
	@mkdir -p $(dir $@)
	$(MPICC) $(CFLAGS) -DMOBSIM_MPI -c -o $@ $<

$(BUILD)/mobsim-mpi: $(MPI_OBJ) $(BUILD)/libmobsim.a
	$(MPICC) $(LDFLAGS) -o $@ $(MPI_OBJ) $(BUILD)/libmobsim.a $(LIBS)

mpi:
	@scripts/install-deps --mpi
	@$(MAKE) --no-print-directory $(BUILD)/mobsim-mpi

# The suite registry: every `void suite_NAME(void)` defined in a test file.
$(BUILD)/tests/suites.inc: $(TEST_SRC)
	@mkdir -p $(dir $@)
	@grep -ho '^void suite_[a-z0-9_]*(void)$$' $(TEST_SRC) | sed 's/^void \(suite_[a-z0-9_]*\)(void)$$/SUITE(\1)/' > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

$(BUILD)/obj/tests/main.o: $(BUILD)/tests/suites.inc
$(BUILD)/obj/tests/main.o: CFLAGS += -I$(BUILD)/tests

# gcc 12's LTO inlines CUnit's string asserts into tests whose strings it
# cannot size and warns "reading 1 or more bytes from a region of size 0"
# (a false positive: the strings are NUL-terminated model labels).
$(BUILD)/run_tests: LDFLAGS += -Wno-stringop-overread
$(BUILD)/run_tests: $(TEST_OBJ) $(BUILD)/libmobsim.a
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJ) $(BUILD)/libmobsim.a $(LIBS) $(TEST_LIBS)

check-layers:
	@scripts/check-layers
	@scripts/check-messages

# `mobsim demo` without cli/main.c, for the terminal demo test (tmux).
$(BUILD)/mobsim-demo: $(BUILD)/obj/tests/tools/demo_main.o $(BUILD)/obj/cli/demo.o $(BUILD)/obj/cli/args.o $(BUILD)/obj/cli/common.o $(BUILD)/libmobsim.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

# Tests find the built commands through MOBSIM, MOBSIM_DEMO and MOBSIM_MPI
# (the sweep suite runs build/mobsim-mpi under mpirun; OpenMPI is in the
# default dependencies: scripts/install-deps).
test-run: $(BUILD)/run_tests $(BUILD)/mobsim $(BUILD)/mobsim-demo $(BUILD)/mobsim-mpi check-layers
	MOBSIM=$(BUILD)/mobsim MOBSIM_DEMO=$(BUILD)/mobsim-demo MOBSIM_MPI=$(BUILD)/mobsim-mpi $(BUILD)/run_tests

test: deps
	@$(MAKE) --no-print-directory test-run

asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=1 test-run

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/main-job $(BUILD)/mobsim

-include bench/bench.mk
-include bench/wire.mk
-include bench/episodes.mk
-include bench/sweep.mk
-include bench/scale.mk
-include bench/population.mk
-include bench/cost.mk
-include tests/fuzz/fuzz.mk
-include tests/fuzz/fuzz_scn.mk
-include tests/fuzz/fuzz_sweep.mk
-include tests/fuzz/fuzz_world.mk

# The data directory is compiled into cli/common.c (shipped scenarios'
# short names: `mobsim run fig1`); $(BUILD)/datadir remembers it, so a build
# with another PREFIX recompiles that one file. `make install` builds what is
# missing but never rebuilds (GNU: install does not modify the build): an
# install into another PREFIX finds its scenarios beside the executable.
DATADIR := $(PREFIX)/share/mobsim
$(BUILD)/obj/cli/common.o $(BUILD)/obj-mpi/cli/common.o: CFLAGS += -DMOBSIM_DATADIR='"$(DATADIR)"'
ifeq ($(filter install uninstall,$(MAKECMDGOALS)),)
$(BUILD)/obj/cli/common.o $(BUILD)/obj-mpi/cli/common.o: $(BUILD)/datadir
endif
$(BUILD)/datadir: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
FORCE:

# The commit every output records (analysis/provenance.h): stamped into
# provenance.o from `git describe`, "unknown" outside a checkout.
# $(BUILD)/commit remembers it, so a new commit (or a tree turning dirty)
# recompiles that one file and relinks, and an unchanged tree rebuilds nothing.
COMMIT := $(shell test -e .git && git describe --always --dirty 2>/dev/null || echo unknown)
$(BUILD)/obj/analysis/provenance.o: CFLAGS += -DMOBSIM_COMMIT='"$(COMMIT)"'
ifeq ($(filter install uninstall,$(MAKECMDGOALS)),)
$(BUILD)/obj/analysis/provenance.o: $(BUILD)/commit
endif
$(BUILD)/commit: FORCE
	@mkdir -p $(dir $@)
	@echo '$(COMMIT)' | cmp -s - $@ || echo '$(COMMIT)' > $@

# What install puts where (uninstall removes exactly these).
BINDIR   = $(DESTDIR)$(PREFIX)/bin
SCNDIR   = $(DESTDIR)$(PREFIX)/share/mobsim/scenarios
SCHEMADIR = $(DESTDIR)$(PREFIX)/share/mobsim/schemas
MAN1DIR  = $(DESTDIR)$(PREFIX)/share/man/man1
COMPDIR  = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
DOCDIR   = $(DESTDIR)$(PREFIX)/share/doc/mobsim
WSDIR    = $(DESTDIR)$(PREFIX)/share/mobsim/wireshark
SCN_FILES := $(notdir $(wildcard scenarios/*.json scenarios/*.csv))
SCHEMA_FILES := $(notdir $(wildcard schemas/*.json))
DOC_FILES := $(notdir $(wildcard docs/*.md))
IMG_FILES := $(notdir $(wildcard docs/img/*))

install: $(BUILD)/mobsim
	install -d $(BINDIR) $(SCNDIR) $(SCHEMADIR) $(MAN1DIR) $(COMPDIR) $(DOCDIR)/img $(WSDIR)
	install -m 755 $(BUILD)/mobsim $(BINDIR)/mobsim
	if [ -f $(BUILD)/mobsim-mpi ]; then install -m 755 $(BUILD)/mobsim-mpi $(BINDIR)/mobsim-mpi; fi
	install -m 644 $(addprefix scenarios/,$(SCN_FILES)) $(SCNDIR)/
	install -m 644 $(addprefix schemas/,$(SCHEMA_FILES)) $(SCHEMADIR)/
	install -m 644 man/mobsim.1 $(MAN1DIR)/mobsim.1
	install -m 644 completion/mobsim.bash $(COMPDIR)/mobsim
	install -m 644 $(addprefix docs/,$(DOC_FILES)) $(DOCDIR)/
	install -m 644 $(addprefix docs/img/,$(IMG_FILES)) $(DOCDIR)/img/
	install -m 644 tools/wireshark/mobsim.lua $(WSDIR)/mobsim.lua

# Removes the files install wrote, then mobsim's own directories when empty
# (bin, man1 and completions are shared with other packages and stay).
uninstall:
	rm -f $(BINDIR)/mobsim $(BINDIR)/mobsim-mpi $(MAN1DIR)/mobsim.1 $(COMPDIR)/mobsim
	rm -f $(addprefix $(SCNDIR)/,$(SCN_FILES)) $(addprefix $(SCHEMADIR)/,$(SCHEMA_FILES))
	rm -f $(addprefix $(DOCDIR)/,$(DOC_FILES)) $(addprefix $(DOCDIR)/img/,$(IMG_FILES))
	rm -f $(WSDIR)/mobsim.lua
	-rmdir $(SCNDIR) $(SCHEMADIR) $(WSDIR) $(DESTDIR)$(PREFIX)/share/mobsim $(DOCDIR)/img $(DOCDIR) 2>/dev/null

# Build outputs only: out/ holds the user's sweeps and reports.
clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BUILD)/obj/tests/tools/demo_main.d $(MPI_OBJ:.o=.d)
