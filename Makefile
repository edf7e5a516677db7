# One non-recursive make for the whole tree (docs/DESIGN.md, "Layout").
#
#   make [all]          build common/libcommon.a and the four programs into $(BUILD)/
#   make check          install test dependencies, build, run every test; ends with
#                       "N passed, N failed" and fails if anything failed
#   make check SAN=1    the same with ASan + UBSan (into build-san/)
#   make demo           two-node VRRP failover in namespaces
#   make install        PREFIX=/usr/local DESTDIR=
#   make fuzz           build the libFuzzer harnesses (clang)
#   make clean
#
# Each program directory has a module.mk that names its sources; a test or a
# helper never needs to edit this file to add a source file or a test.

PREFIX  ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=

SAN ?=
ifeq ($(SAN),1)
BUILD ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD ?= build
SANFLAGS :=
endif

CC      ?= cc
PKGS    := libmnl libcap-ng
# '=' on purpose: pkg-config runs when a recipe needs it, after `make check`
# has installed what was missing.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
SSL_LIBS   = $(shell pkg-config --libs openssl 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

OPT      ?= -O2 -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter
ALL_CFLAGS = -std=gnu11 $(OPT) $(WARN) $(SANFLAGS) -D_GNU_SOURCE -I. $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

PROGS :=
MANPAGES := $(wildcard man/*.[578])

all:

# --- common/ ------------------------------------------------------------------
COMMON_SRCS := $(wildcard common/*.c)
COMMON_OBJS := $(COMMON_SRCS:%.c=$(BUILD)/%.o)
LIBCOMMON   := $(BUILD)/common/libcommon.a

$(LIBCOMMON): $(COMMON_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# --- programs -----------------------------------------------------------------
# A program PROG lives in PROG/ and is built as $(BUILD)/bin/PROG: PROG/main.c
# holds main(), every other PROG/*.c
# goes into $(BUILD)/PROG/libPROG.a so that unit tests can link it.
# module.mk may set PROG_LIBS (extra libraries) before the template runs.
include $(wildcard */module.mk)

define PROG_template
$(1)_SRCS := $$(filter-out $(1)/main.c,$$(wildcard $(1)/*.c))
$(1)_OBJS := $$($(1)_SRCS:%.c=$$(BUILD)/%.o)
$$(BUILD)/$(1)/lib$(1).a: $$($(1)_OBJS)
	@rm -f $$@
	$$(AR) rcs $$@ $$^
$$(BUILD)/bin/$(1): $$(BUILD)/$(1)/main.o $$(BUILD)/$(1)/lib$(1).a $$(LIBCOMMON)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$($(1)_LIBS) $$(PKG_LIBS)
endef
$(foreach p,$(PROGS),$(eval $(call PROG_template,$(p))))

BINS := $(PROGS:%=$(BUILD)/bin/%)
all: $(LIBCOMMON) $(BINS)

# --- unit tests (cmocka) ------------------------------------------------------
# tests/unit/PROG_what.c links $(BUILD)/PROG/libPROG.a when PROG is a program,
# tests/unit/common_what.c links only libcommon.a.  -Wl,--wrap lines may be put
# in tests/unit/NAME.wrap (one linker flag per line).
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)
unit_prog = $(firstword $(subst _, ,$(1)))
unit_lib = $(if $(filter $(call unit_prog,$(1)),$(PROGS)),$(BUILD)/$(call unit_prog,$(1))/lib$(call unit_prog,$(1)).a)
unit_wrap = $(if $(wildcard tests/unit/$(1).wrap),$(shell cat tests/unit/$(1).wrap))

.SECONDEXPANSION:
$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $$(call unit_lib,$$*) $(LIBCOMMON)
	$(CC) $(ALL_LDFLAGS) $(call unit_wrap,$*) -o $@ $^ $($(call unit_prog,$*)_LIBS) $(PKG_LIBS) $(CMOCKA_LIBS)

tests: all $(UNIT_BINS)

# --- fuzzers (clang libFuzzer) ------------------------------------------------
# fuzz/NAME.c (fuzz/PROG_what.c links libPROG.a like the unit tests); the corpus
# lives in fuzz/corpus/NAME/.  Built into $(FUZZ_BUILD) with clang.
FUZZ_BUILD := build-fuzz
FUZZ_SRCS := $(wildcard fuzz/*.c)
FUZZ_NAMES := $(FUZZ_SRCS:fuzz/%.c=%)
fuzz:
	@[ -z "$(FUZZ_NAMES)" ] || $(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang \
	    OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -DFUZZING" \
	    $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz/%)

$(BUILD)/fuzz/%: $(BUILD)/fuzz/%.o $$(call unit_lib,$$*) $(LIBCOMMON)
	$(CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $($(call unit_prog,$*)_LIBS) $(PKG_LIBS)

# --- install ------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(SBINDIR)
	install -m 0755 $(BINS) $(DESTDIR)$(SBINDIR)/
	for m in $(MANPAGES); do \
		s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
		install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done

# --- check / demo -------------------------------------------------------------
# The two README commands install what they need first, then run a sub-make so
# that pkg-config sees the freshly installed libraries.
check:
	@scripts/deps.sh test
	@scripts/fixtures.sh
	@$(MAKE) --no-print-directory tests fuzz
	@BUILD=$(BUILD) SAN=$(SAN) tests/run

demo:
	@scripts/deps.sh demo
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) contrib/demo.sh

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) bench/run

lint:
	mandoc -Tlint -Wwarning $(MANPAGES)

clean:
	rm -rf build build-san build-fuzz

.PHONY: all tests fuzz install check demo bench lint clean

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
