# The two commands of the README, and what they are made of.
#   make run    install what is missing, build, serve the demo cluster
#   make check  install what is missing, build, run every test
BUILD      ?= build
ASAN_BUILD ?= build-asan
DB         ?= var/clusterdesk.db
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= 2
MAKEFLAGS  += --no-print-directory
FUZZ_SECONDS ?= 15

.PHONY: run check deps build build-asan fuzz clean

run: build
	@mkdir -p $(dir $(DB))
	@$(BUILD)/clusterdesk demo --db $(DB)
	@echo "clusterdesk: open http://$(LISTEN)/ and sign in as admin@demo.clusterdesk.test / demo-password"
	@$(BUILD)/clusterdesk serve --db $(DB) --listen $(LISTEN)

# The sanitizer build runs the unit and API tests again; fuzzing runs
# briefly; the plain build's ctest summary closes the run.
check: build build-asan
	scripts/fuzz $(FUZZ_SECONDS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j$(JOBS)
	cd $(BUILD) && ctest --output-on-failure

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCD_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)

fuzz: deps
	scripts/fuzz $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
