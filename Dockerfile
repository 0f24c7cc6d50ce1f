# Multi-stage build of the component image. The build step is the same as
# `make build` (same flags; a test compares them): a static binary, put on
# an empty base with only the CA certificates (for amqps:// and the GoTo
# API), running as a non-root user.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/gotowebinar ./cmd/gotowebinar

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
WORKDIR /app
COPY --from=build /out/gotowebinar /app/gotowebinar
# The runtime carries component.json inside the binary; the copy here is
# for tools that inspect the image.
COPY component.json /app/component.json
USER 65532:65532
ENTRYPOINT ["/app/gotowebinar"]
# Message processing by default; `service <method>` for service calls.
CMD ["run"]
