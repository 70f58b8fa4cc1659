# aimlater in a container: docker build -t aimlater . (see the README's
# "Run it in production"). Two stages: the Go toolchain builds one static
# binary; the image that runs it has nothing else.

# Build. The SQLite driver is pure Go, so CGO_ENABLED=0 gives a static
# binary; the time-zone database is embedded (cmd/aimlater/tzdata.go). The
# build context keeps .git (see .dockerignore) so that `aimlater version`
# names the commit; VERSION, when given, replaces the module's version.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w${VERSION:+ -X main.version=$VERSION}" \
        -o /out/aimlater ./cmd/aimlater \
    && mkdir -p /out/data

# Run. Distroless static: no shell, no package manager, CA certificates for
# Slack's TLS, and the user nonroot (65532). /data is a volume owned by it:
# the database, its -wal, -shm and .lock, and backups written there.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/aimlater /usr/local/bin/aimlater
COPY --from=build --chown=65532:65532 /out/data /data
ENV AIMLATER_DB=/data/aimlater.db \
    AIMLATER_HTTP_ADDR=127.0.0.1:9090
WORKDIR /data
USER 65532:65532
VOLUME ["/data"]
EXPOSE 9090
# No curl in the image: the binary asks its own /healthz, on the address
# AIMLATER_HTTP_ADDR names (a listener on 0.0.0.0 is asked on loopback).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/aimlater", "probe"]
ENTRYPOINT ["/usr/local/bin/aimlater"]
CMD ["serve"]
