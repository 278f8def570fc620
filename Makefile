# Converge: the two commands (see README.md).
#   make run   installs what is missing, builds, and starts converge
#   make test  installs what is missing, builds, and runs every test
# Release builds throughout: the tests really train networks, and debug builds run numeric
# loops many times slower. -enable-testing lets the test targets import internal symbols.

# Whether this CPU runs AVX2 and FMA (every x86-64 server CPU since 2013, AMD's Zen included).
AVX2_AND_FMA := $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo && echo yes)
# Where it does, the Swift code is compiled for Haswell too: the engine's own loops get
# vectors twice as wide, and transformer-tiny takes 10% less time. The numbers stay the same
# bits, because Swift fuses no multiply and add on its own: ten sessions' JSON output and every
# scenario's verification came out identical from both builds. `swift build` alone builds the
# portable version, which runs on any CPU.
TARGET_CPU := $(if $(AVX2_AND_FMA),-Xswiftc -target-cpu -Xswiftc haswell)
SWIFT_FLAGS := -c release -Xswiftc -enable-testing $(TARGET_CPU)
# OpenBLAS's kernel, pinned where the CPU runs it (see BLAS.pinnedKernel in the engine): the
# tests compare live training runs with sessions recorded on it. `converge` pins it itself.
OPENBLAS_CORETYPE ?= $(if $(AVX2_AND_FMA),Haswell)
export OPENBLAS_CORETYPE
BINARY := .build/release/converge
ARGS ?=

.PHONY: run test build setup bench golden format lint clean

setup:
	@bash scripts/setup.sh

build: setup
	swift build $(SWIFT_FLAGS) --product converge

run: build
	@$(BINARY) $(ARGS)

# One build of everything, tests included, then the tests without building again: building
# the products alone and then the tests would compile every module twice.
test: setup lint
	swift build $(SWIFT_FLAGS) --build-tests
	swift test $(SWIFT_FLAGS) --skip-build --disable-swift-testing
	bash scripts/check-fixtures.sh $(BINARY)

# Re-record the sessions the grader's tests replay (Tests/ConvergeGraderTests/Golden), after
# a change to the engine's numbers or to a scripted candidate.
golden: setup
	CONVERGE_RECORD_GOLDEN=1 swift test $(SWIFT_FLAGS) --disable-swift-testing --filter ConvergeGraderTests

# The code style is .swift-format's; `make format` applies it, `make lint` (part of
# `make test`) fails on any difference.
format:
	swift format format --in-place --recursive Sources Tests Package.swift

lint:
	swift format lint --strict --recursive Sources Tests Package.swift

bench: build
	@$(BINARY) bench

clean:
	rm -rf .build
