# One non-recursive make for the whole tree (docs/DESIGN.md, "Layout").
#
#   make [all]          build common/libcommon.a and the four programs into $(BUILD)/
#   make check          install test dependencies, build, run every test; ends with
#                       "N passed, N failed" and fails if anything failed
#   make check SAN=1    the same with ASan + UBSan (into build-san/)
#   make demo           two-node VRRP failover in namespaces
#   make install        PREFIX=/usr/local DESTDIR= (binaries, man pages, systemd
#                       units, bash completion)
#   make dist           build/ha-tools-VERSION.tar.gz from the tracked files
#   make deb            Debian packages into build/deb/, checked by lintian
#   make fuzz           build the libFuzzer harnesses (clang)
#   make fuzz-long      run each for FUZZ_RUNS (10 million) executions
#   make clean
#
# Each program directory has a module.mk that names its sources; a test or a
# helper never needs to edit this file to add a source file or a test.

PREFIX  ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR  ?= $(PREFIX)/share/man
# systemd units: /lib/systemd/system for PREFIX=/usr (Debian 12's place for
# packaged units), else PREFIX/lib/systemd/system (/usr/local/lib/systemd/system
# is on systemd's search path too).
UNITDIR ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
# bash-completion loads completions/PROG on first use of PROG
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
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

# The one version number is the first line of debian/changelog (a native
# package: the package's version is the programs' version).  -V and
# --version print it; `make dist` names the tarball with it.
HA_VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
ifeq ($(HA_VERSION),)
$(error no version: debian/changelog's first line must read "ha-tools (VERSION) ...")
endif

OPT      ?= -O2 -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter
ALL_CFLAGS = -std=gnu11 $(OPT) $(WARN) $(SANFLAGS) $(CPPFLAGS) -D_GNU_SOURCE -DHA_VERSION='"$(HA_VERSION)"' -I. $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
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
# main() prints HA_VERSION: a new changelog entry rebuilds the mains
$(PROGS:%=$(BUILD)/%/main.o): debian/changelog
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
# Units are rendered from contrib/*.service.in with the SBINDIR they are
# installed for, so ExecStart= is where the binary is, for any PREFIX.
UNITS_IN := $(wildcard contrib/*.service.in)
TIMERS   := $(wildcard contrib/*.timer)
COMPLETIONS := $(wildcard contrib/completion/*)

install: all
	install -d $(DESTDIR)$(SBINDIR)
	install -m 0755 $(BINS) $(DESTDIR)$(SBINDIR)/
	for m in $(MANPAGES); do \
		s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
		install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done
	install -d $(DESTDIR)$(UNITDIR)
	for u in $(UNITS_IN); do \
		n=$${u##*/}; sed 's|@SBINDIR@|$(SBINDIR)|g' $$u >$(DESTDIR)$(UNITDIR)/$${n%.in} && \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$${n%.in} || exit 1; \
	done
	install -m 0644 $(TIMERS) $(DESTDIR)$(UNITDIR)/
	install -d $(DESTDIR)$(COMPLETIONDIR)
	install -m 0644 $(COMPLETIONS) $(DESTDIR)$(COMPLETIONDIR)/

# --- dist and deb -------------------------------------------------------------
# The tarball holds the tracked files of the work tree as they are (edits not
# yet committed included), with the last commit's time on every file.
DIST := $(BUILD)/ha-tools-$(HA_VERSION).tar.gz
dist:
	@git rev-parse --git-dir >/dev/null 2>&1 || \
		{ echo "make dist: needs a git work tree (it packs the tracked files)" >&2; exit 1; }
	@mkdir -p $(BUILD)
	git ls-files -z | tar --null -T - --sort=name --owner=0 --group=0 --numeric-owner \
		--mtime=@$$(git log -1 --format=%ct) --transform 's,^,ha-tools-$(HA_VERSION)/,' \
		-cf - | gzip -9n >$(DIST).tmp
	@mv $(DIST).tmp $(DIST)
	@echo "$(DIST)"

# dpkg-buildpackage writes its results into the parent directory: build in
# an unpacked dist under $(BUILD)/deb/ so that they land there.  The package
# is built as Debian would build it: none of this make's variables (SAN=1,
# BUILD=..., the tests' TOP) reach it.
deb:
	@scripts/deps.sh deb
	@$(MAKE) --no-print-directory dist
	rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb
	tar -xzf $(DIST) -C $(BUILD)/deb
	cd $(BUILD)/deb/ha-tools-$(HA_VERSION) && \
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SAN -u BUILD -u BIN -u TOP -u OPT \
		DEB_BUILD_OPTIONS="parallel=2 $${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -us -uc
	lintian --fail-on error $(BUILD)/deb/ha-tools_$(HA_VERSION)_*.changes
	@ls $(BUILD)/deb/*.deb

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

# every fuzzer for FUZZ_RUNS executions (10 million each by default): hours
fuzz-long:
	@scripts/deps.sh test
	@scripts/fixtures.sh
	@$(MAKE) --no-print-directory fuzz
	@tests/fuzz-long

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) bench/run

lint:
	mandoc -Tlint -Wwarning $(MANPAGES)

clean:
	rm -rf build build-san build-fuzz

.PHONY: all tests fuzz fuzz-long install dist deb check demo bench lint clean

# (not those of the package build under $(BUILD)/deb/, a tree of its own)
-include $(shell find $(BUILD) -path $(BUILD)/deb -prune -o -name '*.d' -print 2>/dev/null)
