# Targets a Go developer expects. Each works from a fresh clone with only Go
# installed (and RabbitMQ on 127.0.0.1:5672 for the broker tests).
GO          ?= go
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# Static, reproducible binary; the Dockerfile uses exactly these flags.
BUILD_FLAGS  = -trimpath -ldflags "-s -w"
export CGO_ENABLED = 0

.PHONY: build test test-faults run sandbox bench lint docker clean

build:
	$(GO) build $(BUILD_FLAGS) -o bin/gotowebinar ./cmd/gotowebinar
	$(GO) build $(BUILD_FLAGS) -o bin/testcomponent ./cmd/testcomponent

test:
	$(GO) vet ./...
	CGO_ENABLED=1 $(GO) test -race -count=1 ./...

# Fault tests stop and start the local broker's app: they disturb every
# other user of it, so they are not part of `make test`.
test-faults:
	CGO_ENABLED=1 $(GO) test -race -count=1 -tags faults -run Fault -timeout 20m ./...

lint:
	@out=$$(gofmt -l . ); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

clean:
	rm -rf bin dist
