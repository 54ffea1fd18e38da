# corridor: two commands do everything on a fresh Debian machine.
#   make demo   set up, build, run the demo
#   make test   set up, build, run every C++ and Python test
# Set-up installs only what is missing: Debian -dev packages (apt) and a .venv
# with the Python tools (PyPI).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
BUILD := build
JOBS ?= 2
APT_PACKAGES := g++ cmake ninja-build pkg-config librocksdb-dev libboost-graph-dev libeigen3-dev \
                libgtest-dev libgmock-dev libbenchmark-dev python3-venv
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all setup deps venv build demo test test-cpp test-python test-sanitize bench clean

all: build

setup: deps venv

deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

# One CMake build in $(BUILD): scikit-build-core configures it with tests and
# benchmarks on, builds everything, and installs the package into the venv as
# an editable install (Python files served from python/, the compiled module
# from the build). `pip install .` builds a plain wheel from the same CMake.
build: setup
	CMAKE_BUILD_PARALLEL_LEVEL=$(JOBS) $(PY) -m pip install -q --no-build-isolation --no-deps \
	  -Cbuild-dir=$(BUILD) -Ccmake.define.CORRIDOR_TESTS=ON -Ccmake.define.CORRIDOR_BENCH=ON -e .

demo: build
	$(VENV)/bin/corridor demo --out demo

test: build
	$(MAKE) --no-print-directory test-cpp test-python

# One test at a time: the kernels use every core through OpenMP, and two
# parallel tests on two cores make OpenMP's spinning threads fight.
test-cpp:
	ctest --test-dir $(BUILD) --output-on-failure

test-python:
	$(PY) -m pytest -q

# The engine and storage suites under AddressSanitizer + UBSan (CI runs this).
test-sanitize: setup
	cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCORRIDOR_SANITIZE=ON \
	  -DCORRIDOR_TESTS=ON -DCORRIDOR_PYTHON=OFF
	cmake --build build-sanitize -j$(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir build-sanitize --output-on-failure -L 'engine|storage'

bench: build $(VENV)/.bench-installed
	$(BUILD)/bench/bench_kernels --benchmark_min_time=0.5
	$(PY) bench/ingest_projection.py
	$(PY) bench/compare.py --budget 60 --allpairs-max-edges 300000
	$(PY) bench/compare.py --scaling
	$(PY) bench/compare.py --update-readme
	$(PY) bench/linkpred_compare.py
	$(PY) bench/disruption_compare.py
	$(PY) bench/community_compare.py

# What only the benchmarks need beyond the dev tools (the peers, NetworKit,
# igraph and networkx, are dev tools: make test runs the benchmarks' smoke runs).
$(VENV)/.bench-installed: requirements-bench.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-bench.txt
	@touch $@

clean:
	rm -rf $(BUILD) build-sanitize demo
