# ZZK Vault — the README's two commands are `make demo` and `make test`.
SWIFT ?= swift
DEMO_DIR ?= demo-vault

.PHONY: deps build demo test cedar-check bench bench-large policies clean

deps:
	@scripts/ensure-deps

build: deps
	$(SWIFT) build

# Builds, then runs the demo on a fresh vault in ./$(DEMO_DIR) (an earlier demo vault there is replaced).
demo: build
	@if [ -e "$(DEMO_DIR)" ]; then \
	  if [ -f "$(DEMO_DIR)/vault.sqlite" ] || [ -z "$$(ls -A "$(DEMO_DIR)")" ]; then rm -rf "$(DEMO_DIR)"; \
	  else echo "$(DEMO_DIR) exists and is not a vault; move it away or run: make demo DEMO_DIR=another-folder" >&2; exit 1; fi; \
	fi
	$$($(SWIFT) build --show-bin-path)/zzk demo --vault "$(DEMO_DIR)"

# Builds and runs the whole test suite against real SQLite files and real libsodium, then
# checks the policy evaluator against Cedar itself (cedarpy from PyPI) on 50 000 requests.
test: deps
	$(SWIFT) test
	$(MAKE) cedar-check

cedar-check:
	@python3 -c "import cedarpy" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check cedarpy
	python3 scripts/cedar-differential.py "$$($(SWIFT) build --show-bin-path)/zzk"

# Performance figures (release build) against the C baseline, written to BENCHMARKS.md with
# the machine and date. Default sizes run in a few minutes; bench-large adds 10^6 persons.
bench: deps
	$(SWIFT) build -c release --product zzk-bench
	$(SWIFT) build -c release --product zzk
	$$($(SWIFT) build -c release --show-bin-path)/zzk-bench --out $(BENCH_OUT) $(BENCH_FLAGS)

BENCH_OUT ?= BENCHMARKS.md

# The 10^6-person figures (W7 at 10^6, W4 over 10^6 entries, import RSS at 10^6 × 20 fields):
# about half an hour on 2 cores, written to BENCHMARKS-large.md.
bench-large:
	$(MAKE) bench BENCH_FLAGS=--large BENCH_OUT=BENCHMARKS-large.md

# Re-embeds Policies/*.yaml into the binary after editing them.
policies:
	scripts/embed-policies

clean:
	rm -rf .build "$(DEMO_DIR)"

# Builds the libFuzzer targets (release, -sanitize=fuzzer,address) and runs each for FUZZ_SECONDS
# (default 60); FUZZ_TARGETS="policy csv audit" picks some. See docs/fuzzing.md.
.PHONY: fuzz
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS="$(FUZZ_SECONDS)" SWIFT="$(SWIFT)" scripts/fuzz
