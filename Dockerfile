# Multi-stage build of the component image. The build step is the same as
# `make build` (same flags; dockerfile_test.go compares them): a static
# binary, put on an empty base with only the CA certificates (for amqps://
# and the GoTo API), running as a non-root user.
FROM golang:1.26 AS build
# Stamped into `gotowebinar version`; `make docker` passes them.
ARG VERSION=dev
ARG COMMIT=unknown
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/elasticio/gotowebinar-component/internal/cli.version=${VERSION} -X github.com/elasticio/gotowebinar-component/internal/cli.commit=${COMMIT}" -o /out/gotowebinar ./cmd/gotowebinar

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
WORKDIR /app
COPY --from=build /out/gotowebinar /app/gotowebinar
# The runtime carries component.json inside the binary; the copy here is
# where the platform and tools that inspect the image look for it.
COPY component.json /app/component.json
USER 65532:65532
ENTRYPOINT ["/app/gotowebinar"]
# Message processing by default; `docker run IMAGE service <method>` for
# service calls, `docker run IMAGE --help` for the rest.
CMD ["run"]
