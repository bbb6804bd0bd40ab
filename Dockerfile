# syntax=docker/dockerfile:1
#
# The gamification service as a container image: dependencies built in a
# layer of their own (cargo-chef), so a source change rebuilds only the
# service itself; then a small non-root runtime holding the one binary.
#
#   docker build -t gamification .
#   docker run -e DATABASE_URL=postgres://... -e AUTH_TOKENS_FILE=/run/secrets/tokens ... gamification
#
# Not built on the machine this repository is developed on (it has no
# Docker engine); see README, "Running in production".

ARG RUST_VERSION=1.94

FROM rust:${RUST_VERSION}-slim-bookworm AS chef
RUN cargo install cargo-chef --locked
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
# Rebuilt only when Cargo.toml or Cargo.lock change (the recipe carries Cargo.lock).
RUN cargo chef cook --release --recipe-path recipe.json --bin gamification
COPY . .
RUN cargo build --release --locked --bin gamification

# glibc and libgcc, nothing else: no shell, no package manager; TLS is
# rustls (ring), so no OpenSSL either. Runs as uid 65532.
FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
COPY --from=builder /app/target/release/gamification /usr/local/bin/gamification
WORKDIR /home/nonroot
USER nonroot
ENV LISTEN_ADDR=0.0.0.0:50051 \
    LOG_FORMAT=json
# gRPC; Prometheus when METRICS_LISTEN=0.0.0.0:9090.
EXPOSE 50051 9090
# The binary checks itself (there is no shell for grpcurl). With TLS on,
# add --ca (and --cert/--key for mutual TLS), or rely on the orchestrator.
HEALTHCHECK --interval=10s --timeout=6s --start-period=60s --retries=3 \
    CMD ["/usr/local/bin/gamification", "healthcheck", "--addr", "127.0.0.1:50051"]
# SIGTERM stops it gracefully: give it SHUTDOWN_GRACE_SECS (default 20) and
# a little more (docker stop -t 30, compose stop_grace_period: 30s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/gamification"]
