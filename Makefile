# zfxxgk build: GNU make + pkg-config.
#   make            build build/zfxxgk
#   make run        install what is missing, build, serve the demo on 127.0.0.1:8080
#   make test       install what is missing, build, run every test; last line "N passed, N failed"
#   make SANITIZE=address,undefined test    the same under ASan/UBSan (in build-san/)
#   make fuzz       build the libFuzzer targets (clang)
#   make format     clang-format the sources

CC ?= cc
# Builds use every processor unless -j was given (sub-makes share the top one's jobs).
ifeq ($(MAKELEVEL)$(filter -j%,$(MAKEFLAGS)),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
V ?=
Q := $(if $(V),,@)
SANITIZE ?=
ifeq ($(SANITIZE),)
O ?= build
else
O ?= build-san
endif

PKGS := libmicrohttpd sqlite3 jansson xlsxwriter libsodium libpq libutf8proc opencc libzip pangocairo libxml-2.0 libcurl poppler-glib gumbo libhs zlib libbrotlienc
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
        -Wformat=2 -Wno-format-nonliteral -Wpointer-arith -Wundef
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) -Isrc -Isrc/base -I$(O)/gen -MMD -MP \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
# the unit tests decode what the server encodes (test_compress, test_page_cache)
TEST_LDLIBS = $(shell pkg-config --libs libbrotlidec 2>/dev/null)
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all -O1
LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIB_SRC := $(sort $(wildcard src/base/*.c src/law/*.c src/text/*.c src/ingest/*.c \
             src/render/*.c src/store/*.c src/demo/*.c src/web/*.c src/cli/*.c))
LIB_SRC := $(filter-out src/cli/main.c,$(LIB_SRC))
GEN_SRC := $(O)/gen/embedded_data.c
LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o) $(O)/gen/embedded_data.o
EMBED := data/cn-calendar.tsv data/NOTICE $(wildcard data/embed/*)

UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)

.PHONY: all run test deps test-only check unit fuzz format check-format clean bench help
all: $(O)/zfxxgk

help:
	@sed -n '2,8p' Makefile | sed 's/^# //'

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo '  CC      $<')
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=c11 -O1 -Wall -Werror -o $@ $<

$(GEN_SRC): $(O)/tools/embed $(EMBED)
	@mkdir -p $(dir $@)
	$(Q)$(O)/tools/embed $@ $(EMBED)

$(O)/gen/embedded_data.o: $(GEN_SRC)
	$(Q)$(CC) -std=c11 -O1 -c -o $@ $<

$(O)/libzf.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(O)/zfxxgk: $(O)/src/cli/main.o $(O)/libzf.a
	@$(if $(V),,echo '  LINK    $@')
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/tests/tap.o: tests/tap.c tests/tap.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests -c -o $@ $<

$(O)/tests/store_test.o: tests/store_test.c tests/store_test.h tests/tap.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests -c -o $@ $<

# an archive, so that only the programs that use the harness carry it (and its mark)
$(O)/tests/libstoretest.a: $(O)/tests/store_test.o
	@rm -f $@
	$(Q)ar rcs $@ $^

$(O)/tests/%: tests/unit/%.c $(O)/tests/tap.o $(O)/tests/libstoretest.a $(O)/libzf.a
	@mkdir -p $(dir $@)
	@$(if $(V),,echo '  TEST    $@')
	$(Q)$(CC) $(ALL_CFLAGS) -Itests $(LDFLAGS) -o $@ $< $(O)/tests/tap.o $(O)/tests/libstoretest.a $(O)/libzf.a $(LDLIBS) \
		$(TEST_LDLIBS)

unit: $(UNIT_BIN)

deps:
	@scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory $(O)/zfxxgk
	@mkdir -p var
	$(O)/zfxxgk serve --demo --db var/zfxxgk.db

# test-only skips the dependency check (used by CI after deps ran once).
test: deps
	@$(MAKE) --no-print-directory test-only

test-only: $(O)/zfxxgk $(UNIT_BIN)
	@O=$(O) tests/run

check: test

bench: $(O)/zfxxgk
	@bench/run

FUZZ_SRC := $(wildcard fuzz/*.c)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build-fuzz/%)
fuzz:
	@$(MAKE) --no-print-directory O=build-fuzz CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" LDFLAGS="-fsanitize=address,undefined" build-fuzz/libzf.a
	@$(MAKE) --no-print-directory O=build-fuzz CC=clang $(FUZZ_BIN)

build-fuzz/%: fuzz/%.c build-fuzz/libzf.a
	clang -std=c11 -g -O1 -Isrc -Isrc/base -fsanitize=fuzzer,address,undefined -o $@ $< build-fuzz/libzf.a $(LDLIBS)

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'fuzz/*.c' 'tools/*.c')

check-format:
	clang-format --dry-run -Werror $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'fuzz/*.c' 'tools/*.c')

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(O) -name '*.d' 2>/dev/null)
