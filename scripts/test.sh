#!/bin/sh
# The test command of the README: vet and every test, against the local
# RabbitMQ (started or installed first). With a C compiler the tests run
# under the race detector.
set -eu
cd "$(dirname "$0")/.."
sh scripts/ensure-rabbitmq.sh
go vet ./...
race=""
if command -v gcc >/dev/null 2>&1 || command -v cc >/dev/null 2>&1; then
	race="-race"
	export CGO_ENABLED=1
fi
go test $race -count=1 ./...
