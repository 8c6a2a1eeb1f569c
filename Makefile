# Thin wrapper around CMake. `make` builds into build/ (executables in
# build/bin/); `make run` runs the main job on the bundled default;
# `make test` runs the whole suite, then again under ASan+UBSan.
# Every target first installs missing Debian build dependencies
# (tools/setup-deps.sh; a no-op when all are present).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
CTEST_ARGS ?= --output-on-failure

.PHONY: all setup build run test test-plain test-asan fuzz bench clean

all: build

setup:
	@sh tools/setup-deps.sh

build: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@sh tools/run-main-job.sh $(BUILD)

test-plain: build
	cd $(BUILD) && ctest -j $(JOBS) $(CTEST_ARGS)

test-asan: setup
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DE2K_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest -j $(JOBS) $(CTEST_ARGS)

test: test-plain test-asan

# libFuzzer targets (clang). FUZZ_SECONDS per target; corpora in tests/fuzz/.
FUZZ_SECONDS ?= 60
fuzz: setup
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DE2K_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)
	@sh tests/fuzz/run-all.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: build
	@sh bench/run $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
