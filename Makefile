# bureau — build, run, test. `make run` and `make test` are the two commands the README promises.
.DEFAULT_GOAL := all
SHELL := /bin/bash

PKGS    := libmicrohttpd jansson sqlite3 libsodium xlsxwriter libzip expat libjpeg zlib
CC      ?= gcc
CSTD    := -std=c11 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wvla
CFLAGS_BASE = $(CSTD) $(WARN) -Isrc -Ibuild/gen $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)

# Every .c under src/ is part of the program; main.c alone is left out of the library that tests link.
SRCS     := $(filter-out src/main.c,$(wildcard src/*.c src/*/*.c))
SCHEMAS  := $(sort $(wildcard src/*/schema/*.sql))
DATAFILES:= $(sort $(wildcard data/*.txt data/*.csv data/*.json))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)

# Three builds of the same sources: release (O2), asan (ASan+UBSan), fuzz (clang, libFuzzer).
REL_DIR  := build/rel
ASAN_DIR := build/asan
FUZZ_DIR := build/fuzz
REL_CFLAGS  = $(CFLAGS_BASE) -O2 -g -DBUREAU_VERSION='"$(VERSION)"'
ASAN_CFLAGS = $(CFLAGS_BASE) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -DBUREAU_VERSION='"$(VERSION)-asan"'
FUZZ_CFLAGS = $(CFLAGS_BASE) -O1 -g -fsanitize=fuzzer-no-link,address,undefined -DBUREAU_FUZZ -DBUREAU_VERSION='"fuzz"'

.PHONY: all run test deps deps-run web test-unit test-asan test-api test-e2e fuzz fuzz-replay bench clean
all: build/bureau

deps:
	@bash scripts/deps.sh

# Embedded files: schema migrations and data lists become C arrays (build/gen/embedded.c).
build/gen/embedded.c: scripts/embed.sh $(SCHEMAS) $(DATAFILES)
	@mkdir -p build/gen
	@bash scripts/embed.sh $@ $(SCHEMAS) $(DATAFILES)

define objs
$(patsubst src/%.c,$(1)/%.o,$(SRCS)) $(1)/gen/embedded.o
endef

$(REL_DIR)/%.o: src/%.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -c $< -o $@
$(ASAN_DIR)/%.o: src/%.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -c $< -o $@
$(FUZZ_DIR)/%.o: src/%.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c $< -o $@
$(REL_DIR)/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -c $< -o $@
$(ASAN_DIR)/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -c $< -o $@
$(FUZZ_DIR)/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c $< -o $@

$(REL_DIR)/libbureau.a: $(call objs,$(REL_DIR))
	@rm -f $@; ar rcs $@ $^
$(ASAN_DIR)/libbureau.a: $(call objs,$(ASAN_DIR))
	@rm -f $@; ar rcs $@ $^
$(FUZZ_DIR)/libbureau.a: $(call objs,$(FUZZ_DIR))
	@rm -f $@; ar rcs $@ $^

build/bureau: src/main.c $(REL_DIR)/libbureau.a
	$(CC) $(REL_CFLAGS) $< $(REL_DIR)/libbureau.a $(LIBS) -o $@
build/bureau-asan: src/main.c $(ASAN_DIR)/libbureau.a
	$(CC) $(ASAN_CFLAGS) $< $(ASAN_DIR)/libbureau.a $(LIBS) -o $@

# Unit tests: each tests/unit/test_X.c is one cmocka program.
$(REL_DIR)/tests/%: tests/unit/%.c $(REL_DIR)/libbureau.a
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) $< $(REL_DIR)/libbureau.a $(LIBS) -lcmocka -o $@
$(ASAN_DIR)/tests/%: tests/unit/%.c $(ASAN_DIR)/libbureau.a
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) $< $(ASAN_DIR)/libbureau.a $(LIBS) -lcmocka -o $@
$(FUZZ_DIR)/%: fuzz/%.c $(FUZZ_DIR)/libbureau.a
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_DIR)/libbureau.a $(LIBS) -o $@

UNIT_REL  := $(patsubst tests/unit/%.c,$(REL_DIR)/tests/%,$(UNIT_SRC))
UNIT_ASAN := $(patsubst tests/unit/%.c,$(ASAN_DIR)/tests/%,$(UNIT_SRC))
FUZZ_BIN  := $(patsubst fuzz/%.c,$(FUZZ_DIR)/%,$(FUZZ_SRC))

web/dist/index.html: $(shell find web/src web/index.html web/package.json web/vite.config.* web/element-on-demand.js -type f 2>/dev/null)
	@bash scripts/deps.sh web
	cd web && npm run build
web: web/dist/index.html

# What running needs (no test-only packages such as LibreOffice).
deps-run:
	@bash scripts/deps.sh run

run: deps-run build/bureau web
	@mkdir -p var
	@if [ ! -f var/bureau.db ]; then ./build/bureau init --db var/bureau.db --demo; fi
	./build/bureau serve --db var/bureau.db --listen $${BUREAU_LISTEN:-127.0.0.1:8080} --web web/dist

# The whole suite. Each step prints its own results; scripts/test-summary.sh adds them up.
test: deps
	@bash scripts/run-tests.sh

test-unit: $(UNIT_REL)
	@bash scripts/run-tests.sh unit
test-asan: $(UNIT_ASAN) build/bureau-asan
	@bash scripts/run-tests.sh asan
test-api: build/bureau
	@bash scripts/run-tests.sh api
test-e2e: build/bureau web
	@bash scripts/run-tests.sh e2e
fuzz-replay: $(FUZZ_BIN)
	@bash scripts/run-tests.sh fuzz
# Longer fuzzing: FUZZ_SECONDS per harness (default 60).
fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p build/fuzz-corpus/$$n; \
	  echo "== $$n"; $$f -max_total_time=$${FUZZ_SECONDS:-60} build/fuzz-corpus/$$n fuzz/corpus/$$n || exit 1; done

bench: deps build/bureau web
	@bash bench/run.sh

unit-bins: $(UNIT_REL)
asan-bins: $(UNIT_ASAN) build/bureau-asan
fuzz-bins: $(FUZZ_BIN)

clean:
	rm -rf build
