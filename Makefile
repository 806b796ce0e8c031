# The commands people type. CMake does the building; this file only names
# the jobs. See README.md.
BUILD   ?= build
ASAN    ?= build-asan
PREFIX  ?= /usr/local
DESTDIR ?=
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)

FORMATTED = $(wildcard src/*/*.c src/*/*.h tests/unit/*.c tests/crash/*.c tests/fuzz/*.c bench/*.c)

.PHONY: all deps build run check asan bench install format format-check clean

all: build

deps:
	@sh scripts/deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# ebb's main job: the page, on this computer only (Ctrl-C stops it)
run: build
	./$(BUILD)/ebb serve --open

check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# the unit and command-line tests again under AddressSanitizer and UBSan
asan: deps
	cmake -S . -B $(ASAN) -DEBB_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS) -L 'unit|cli|web'

bench: build
	sh bench/run.sh $(BUILD)

install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)

format:
	clang-format -i $(FORMATTED)

format-check:
	clang-format --dry-run --Werror $(FORMATTED)

clean:
	rm -rf $(BUILD) $(ASAN)
