# Targets a Go developer expects. Each works from a fresh clone with only Go
# installed (and RabbitMQ on 127.0.0.1:5672 for the broker tests).
GO          ?= go
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT      ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
CLI          = github.com/elasticio/gotowebinar-component/internal/cli
# Static, reproducible binary that knows its version and commit (`gotowebinar
# version`); the Dockerfile uses exactly these flags (dockerfile_test.go).
BUILD_FLAGS  = -trimpath -ldflags "-s -w -X $(CLI).version=$(VERSION) -X $(CLI).commit=$(COMMIT)"
export CGO_ENABLED = 0

.PHONY: build test test-faults test-wire run sandbox bench lint docker clean

build:
	$(GO) build $(BUILD_FLAGS) -o bin/gotowebinar ./cmd/gotowebinar
	$(GO) build $(BUILD_FLAGS) -o bin/testcomponent ./cmd/testcomponent

test:
	sh scripts/test.sh

# Fault tests (RELIABILITY.md) stop and start the local broker's app and
# raise its memory alarm: they disturb every other user of it, so they are
# not part of `make test`. Tests are selected by build tag `faults` and by
# name (FAULTS_RUN, the one place the pattern lives); -p 1 keeps packages
# from running at the same time, since a broker restart in one would fail
# the alarm test of another.
FAULTS_RUN ?= Fault|Restart
test-faults:
	sh scripts/ensure-rabbitmq.sh
	CGO_ENABLED=1 $(GO) test -race -count=1 -p 1 -tags faults -run '$(FAULTS_RUN)' -timeout 20m ./...

# The wire comparison (README, "Compared with the Node.js sailor on the
# wire"): what the Go sailor and the official Node.js sailor 2.7.8 publish
# for the same input, compared field by field. Needs node and npm (skipped without them; the
# Node sailor is installed into bench/node once) and the broker on
# 127.0.0.1:5672, which it waits for rather than starts, since fault tests
# may be restarting it.
test-wire:
	$(GO) test -tags nodewire -count=1 -timeout 15m ./test/wire/

# The README's first command: a registrant created, then seen once by the
# newRegistrants trigger, on the in-memory bus against the sandbox.
run:
	$(GO) run ./examples/demo

sandbox:
	$(GO) run ./cmd/gotowebinar sandbox

docker:
	docker build --build-arg VERSION=$(VERSION) --build-arg COMMIT=$(COMMIT) -t gotowebinar-component:$(VERSION) .

# TEST_TAGS are the build tags of the tests kept out of the default run
# (broker faults, the Node side-by-side); lint checks those files too.
TEST_TAGS = faults,nodewire

lint:
	@out=$$(gofmt -l . ); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags $(TEST_TAGS) ./test/...
	$(STATICCHECK) ./...
	$(STATICCHECK) -tags $(TEST_TAGS) ./test/...
	@# The assembly (AES-NI, AVX2) has portable twins: keep them building.
	$(GO) vet -tags purego ./internal/sailor/...
	GOARCH=arm64 $(GO) vet ./internal/sailor/...

# Benchmarks (BENCHMARKS.md). bench-micro: the sailor's per-message work
# without a broker. bench: those, then the end-to-end table against the
# local broker (Go worker, bare amqp091-go floor, Node sailor when node and
# npm are present): about four minutes, five runs each so one slow
# stretch of the machine does not decide a median, and up to 8000 small
# messages so that a load phase at prefetch 10 lasts about two seconds
# (with 4000, one second, the go/floor ratio moved twice as much from
# invocation to invocation). Bigger runs:
# go run ./bench/cmd/e2e -n 8000 -n-large 2000 -runs 7 -load-time 10s
BENCH_FLAGS ?= -n 8000 -n-large 1000 -n-throttled 200 -seq 50 -runs 5
.PHONY: bench-micro
bench-micro:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 200x ./internal/sailor/ ./internal/sailor/membus/ ./internal/sailor/cipher/ ./internal/bunyan/

bench: bench-micro
	$(GO) run ./bench/cmd/e2e $(BENCH_FLAGS)

clean:
	rm -rf bin dist
