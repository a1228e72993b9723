# crier's front door. `make run` and `make test` work on a fresh Debian 12 machine as root: they
# install the missing Debian packages first (scripts/install-deps.sh).

JOBS        ?= $(shell nproc)
BUILD       ?= build
ASAN_BUILD  ?= build-asan
CMAKE_FLAGS ?=
FUZZ_SECONDS ?= 300
LISTEN      ?= 127.0.0.1:8000

.PHONY: all deps deps-test build run test unit asan fuzz fuzz-smoke bench format clean

all: build

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

# The optimised build used by `make run`, the tests and the benchmarks.
$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRIER_WERROR=ON $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Starts the server with the demo DocType Issue on SQLite (./crier-data/crier.db). Set
# CRIER_ADMIN_PASSWORD before the first start to choose the Administrator password.
run: build
	$(BUILD)/crier serve --demo --listen $(LISTEN)

# Everything: unit and integration tests, the differential suites against Python, then the same
# unit tests under AddressSanitizer+UndefinedBehaviorSanitizer and each fuzzer for 30 seconds.
test: deps-test build
	@scripts/run-tests.sh $(BUILD) $(ASAN_BUILD)

# Only the optimised build's ctest suites (fast inner loop while developing).
unit: build
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure

# The sanitizer build (clang, ASan+UBSan, libFuzzer targets).
$(ASAN_BUILD)/build.ninja: CMakeLists.txt
	CC=clang CXX=clang++ cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS="-O1" -DCRIER_SANITIZE=ON -DCRIER_FUZZ=ON -DCRIER_BENCH=OFF $(CMAKE_FLAGS)

asan: deps-test $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# Long fuzzing runs: each target for FUZZ_SECONDS on its kept corpus (new inputs are kept).
fuzz: asan
	@scripts/run-fuzzers.sh $(ASAN_BUILD) $(FUZZ_SECONDS) --keep

bench: build
	@scripts/install-deps.sh bench
	@scripts/run-benchmarks.sh $(BUILD)

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
