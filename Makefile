# ZZK Vault — the README's two commands are `make demo` and `make test`.
SWIFT ?= swift
DEMO_DIR ?= demo-vault
# make demo then serves the demo vault on DEMO_LISTEN (Ctrl-C stops it); DEMO_SERVE=0 skips that.
DEMO_SERVE ?= 1
DEMO_LISTEN ?= 127.0.0.1:8080

.PHONY: deps build demo test cedar-check api-check page-check newcomer-check web bench bench-large policies openapi threat-model cli-doc release clean stress sanitize sanitize-address sanitize-thread

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
	@if [ "$(DEMO_SERVE)" != "0" ]; then \
	  echo ""; \
	  echo "Open http://$(DEMO_LISTEN)/ in a browser and log in as a demo user (passphrases above):"; \
	  echo "   akowalczyk (social worker), pedagog / edoradca / mdzielnicowy (specialists), iod (IOD), admin"; \
	  echo "(the JSON API is described at http://$(DEMO_LISTEN)/api/v1/openapi.yaml). Ctrl-C stops the server."; \
	  exec $$($(SWIFT) build --show-bin-path)/zzk serve --vault "$(DEMO_DIR)" --listen "$(DEMO_LISTEN)"; \
	fi

# Builds and runs the whole test suite against real SQLite files and real libsodium, then
# checks the policy evaluator against Cedar itself (cedarpy from PyPI) on 50 000 requests, then
# the JSON API against docs/openapi.yaml on a live demo server (schemathesis from PyPI), then
# the web pages' journeys in Debian's chromium through Selenium, with axe-core on every page,
# then a newcomer's walkthrough of README.md and docs/workflow.md as written, on a terminal.
# The Swift tests' full output goes to test-artifacts/ (scripts/swift-tests prints a summary).
test: deps
	SWIFT=$(SWIFT) scripts/swift-tests
	$(MAKE) cedar-check
	$(MAKE) api-check
	$(MAKE) page-check
	$(MAKE) newcomer-check

# A newcomer follows README.md's CLI lines and docs/workflow.md exactly as written, on a terminal.
newcomer-check:
	python3 scripts/newcomer-walkthrough "$$($(SWIFT) build --show-bin-path)/zzk"

page-check:
	scripts/page-check "$$($(SWIFT) build --show-bin-path)/zzk"

api-check:
	scripts/api-check "$$($(SWIFT) build --show-bin-path)/zzk"

cedar-check:
	@python3 -c "import cedarpy" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check cedarpy
	python3 scripts/cedar-differential.py "$$($(SWIFT) build --show-bin-path)/zzk"

# Performance figures (release build) against the C baseline, written to BENCHMARKS.md with
# the machine and date. Default sizes run in a few minutes; bench-large adds 10^6 persons.
bench: deps
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk (the W8 load generator)"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	@test -x /usr/bin/time || { echo "Installing GNU time (the import's peak RSS)"; apt-get update -qq && apt-get install -y -qq time >/dev/null; }
	$(SWIFT) build -c release --product zzk-bench
	$(SWIFT) build -c release --product zzk
	$$($(SWIFT) build -c release --show-bin-path)/zzk-bench --out $(BENCH_OUT) $(BENCH_FLAGS)

BENCH_OUT ?= BENCHMARKS.md

# The 10^6-person figures (W7 at 10^6, W4 over 10^6 entries, import RSS at 10^6 × 20 fields):
# about half an hour on 2 cores, written to BENCHMARKS-large.md.
bench-large:
	$(MAKE) bench BENCH_FLAGS=--large BENCH_OUT=BENCHMARKS-large.md

# Re-embeds the pages' templates and stylesheet (web/) into the server after editing them.
web:
	scripts/embed-web

# Re-embeds Policies/*.yaml into the binary after editing them.
policies:
	scripts/embed-policies

# Re-embeds docs/openapi.yaml into the server after editing it.
openapi:
	scripts/embed-openapi

# Regenerates docs/cli.md's command reference from every command's --help (a test checks it).
cli-doc: build
	scripts/cli-reference "$$($(SWIFT) build --show-bin-path)/zzk" --write

# Re-embeds docs/threat-model.md into the DPIA draft after editing it.
threat-model:
	scripts/embed-threat-model

clean:
	rm -rf .build "$(DEMO_DIR)"

# zzk built in release, with its man page and its bash, zsh and fish completions, under $(PREFIX)
# (default /usr/local; PREFIX=$HOME/.local needs no root). The man page is generated from zzk's
# own help by swift-argument-parser's GenerateManual plugin (it builds every product in release
# first): one page, zzk.1, or with MANUAL_FLAGS=--multi-page also one per subcommand
# (zzk.user.add.1, ...). The completion scripts come from zzk --generate-completion-script.
# DESTDIR stages the files for a package. make uninstall removes what make install put there.
.PHONY: install uninstall
PREFIX ?= /usr/local
DESTDIR ?=
MANUAL_FLAGS ?=
MANUAL_DIR := .build/plugins/GenerateManual/outputs/zzk
COMPLETIONS_DIR := .build/completions
INSTALL_BIN = $(DESTDIR)$(PREFIX)/bin
INSTALL_MAN = $(DESTDIR)$(PREFIX)/share/man/man1
INSTALL_BASH = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
INSTALL_ZSH = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
INSTALL_FISH = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

# Builds, as you, what install copies: zzk in release, its man page and its completions.
release: deps
	$(SWIFT) build -c release --product zzk
	rm -rf "$(MANUAL_DIR)" "$(COMPLETIONS_DIR)"
	$(SWIFT) package plugin generate-manual $(MANUAL_FLAGS)
	mkdir -p "$(COMPLETIONS_DIR)"
	bin="$$($(SWIFT) build -c release --show-bin-path)" && \
	  "$$bin/zzk" --generate-completion-script bash > "$(COMPLETIONS_DIR)/zzk" && \
	  "$$bin/zzk" --generate-completion-script zsh > "$(COMPLETIONS_DIR)/_zzk" && \
	  "$$bin/zzk" --generate-completion-script fish > "$(COMPLETIONS_DIR)/zzk.fish" && \
	  cp "$$bin/zzk" "$(COMPLETIONS_DIR)/zzk-binary"

# Copies what release built; builds it first only when it is not there yet, so that
# `make release && sudo make install` leaves nothing of root's in .build.
install:
	@if [ ! -x "$(COMPLETIONS_DIR)/zzk-binary" ]; then $(MAKE) release; fi
	install -d "$(INSTALL_BIN)" "$(INSTALL_MAN)" "$(INSTALL_BASH)" "$(INSTALL_ZSH)" "$(INSTALL_FISH)"
	install -m 0755 "$(COMPLETIONS_DIR)/zzk-binary" "$(INSTALL_BIN)/zzk"
	install -m 0644 "$(MANUAL_DIR)"/*.1 "$(INSTALL_MAN)/"
	install -m 0644 "$(COMPLETIONS_DIR)/zzk" "$(INSTALL_BASH)/zzk"
	install -m 0644 "$(COMPLETIONS_DIR)/_zzk" "$(INSTALL_ZSH)/_zzk"
	install -m 0644 "$(COMPLETIONS_DIR)/zzk.fish" "$(INSTALL_FISH)/zzk.fish"
	@echo "Installed $(INSTALL_BIN)/zzk; try: zzk --version, man zzk"

uninstall:
	rm -f "$(INSTALL_BIN)/zzk" "$(INSTALL_MAN)/zzk.1" "$(INSTALL_MAN)"/zzk.*.1
	rm -f "$(INSTALL_BASH)/zzk" "$(INSTALL_ZSH)/_zzk" "$(INSTALL_FISH)/zzk.fish"

# Builds the libFuzzer targets (release, -sanitize=fuzzer,address) and runs each for FUZZ_SECONDS
# (default 60); FUZZ_TARGETS="policy csv audit" picks some. See docs/fuzzing.md.
.PHONY: fuzz
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS="$(FUZZ_SECONDS)" SWIFT="$(SWIFT)" scripts/fuzz

# Crash safety and concurrency at full strength (docs/threat-model.md, "Crash safety and
# concurrency"): $(STRESS_KILLS) SIGKILLs spread round-robin over person import, team open,
# team add-member, consent withdrawal, keys rotate and dsr erase, each followed by
# integrity_check, audit verify and an all-or-nothing check; then four zzk processes at once on
# one vault at $(STRESS_SCALE)x the CI work. Prints the kills per operation and applied/absent
# counts. `swift test` alone runs the short CI versions (12 kills, 1x).
# SWIFT_TEST_FLAGS passes extra options, e.g. SWIFT_TEST_FLAGS="--scratch-path /tmp/build".
STRESS_KILLS ?= 240
STRESS_SCALE ?= 4
stress: deps
	$(SWIFT) build --build-tests $(SWIFT_TEST_FLAGS)
	ZZK_STRESS_KILLS=$(STRESS_KILLS) ZZK_STRESS_SCALE=$(STRESS_SCALE) \
	  $(SWIFT) test --skip-build $(SWIFT_TEST_FLAGS) --filter 'CrashSafetyTests|ConcurrencyTests'

# The whole test suite under AddressSanitizer and ThreadSanitizer (docs/fuzzing.md, "Sanitizers"),
# each with its own build folder (a sanitized build cannot share objects with a plain one). SwiftPM's
# --sanitize flag instruments every Swift target and links the runtime, so the zzk executable the
# CLI tests spawn is sanitized too. The test process passes ASAN_OPTIONS / TSAN_OPTIONS /
# UBSAN_OPTIONS / LSAN_OPTIONS on to its children (and nothing else of its environment), and
# every child's standard error is checked for a sanitizer report, so a report in a child fails
# its test. halt_on_error stops at the first report; exitcode= gives it a status zzk never uses
# (zzk exits 0-4). LeakSanitizer checks every zzk child (ZZK_CHILD_ASAN_OPTIONS) but not the
# test process, where Foundation's Process objects and XCTest leak (toolchain code, not ours).
# libsodium and libsqlite3 are the system's uninstrumented shared libraries. Time limits are
# multiplied by SANITIZE_TIME_SCALE (ZZK_TIME_LIMIT_SCALE): the one test with a limit runs 2-4x
# slower sanitized and shares the 2 cores with every other test and its zzk children.
# ASAN_SKIP / TSAN_SKIP are the documented exclusions (none so far); ASAN_FILTER / TSAN_FILTER
# pick a subset; ASAN_BUILD / TSAN_BUILD move the build folders.
ASAN_OPTIONS_SANITIZE ?= detect_leaks=0:halt_on_error=1:exitcode=86
ASAN_CHILD_OPTIONS_SANITIZE ?= detect_leaks=1:halt_on_error=1:exitcode=86
TSAN_OPTIONS_SANITIZE ?= halt_on_error=1:exitcode=87
SANITIZE_TIME_SCALE ?= 10
ASAN_SKIP ?=
TSAN_SKIP ?=
ASAN_FILTER ?=
TSAN_FILTER ?=
ASAN_BUILD ?= .build/asan
TSAN_BUILD ?= .build/tsan
sanitize: sanitize-address sanitize-thread

sanitize-address: deps
	$(SWIFT) build --build-tests --scratch-path '$(ASAN_BUILD)' --sanitize=address
	ZZK_TIME_LIMIT_SCALE=$(SANITIZE_TIME_SCALE) ASAN_OPTIONS='$(ASAN_OPTIONS_SANITIZE)' \
	  ZZK_CHILD_ASAN_OPTIONS='$(ASAN_CHILD_OPTIONS_SANITIZE)' \
	  $(SWIFT) test --skip-build --scratch-path '$(ASAN_BUILD)' --sanitize=address \
	  $(if $(ASAN_FILTER),--filter '$(ASAN_FILTER)') $(if $(ASAN_SKIP),--skip '$(ASAN_SKIP)')

sanitize-thread: deps
	$(SWIFT) build --build-tests --scratch-path '$(TSAN_BUILD)' --sanitize=thread
	ZZK_TIME_LIMIT_SCALE=$(SANITIZE_TIME_SCALE) TSAN_OPTIONS='$(TSAN_OPTIONS_SANITIZE)' \
	  $(SWIFT) test --skip-build --scratch-path '$(TSAN_BUILD)' --sanitize=thread \
	  $(if $(TSAN_FILTER),--filter '$(TSAN_FILTER)') $(if $(TSAN_SKIP),--skip '$(TSAN_SKIP)')
