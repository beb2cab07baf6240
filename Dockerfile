# tracepipe container image.
#
#   docker build -t tracepipe .
#   docker run --rm -e TRACEPIPE_KAFKA_BOOTSTRAP_SERVERS=broker:9092 -p 8080:8080 tracepipe
#
# Two stages: a JDK 17 stage builds the jar with the Maven wrapper, a JRE 17 stage runs it as a
# non-root user. Layout of the runtime image:
#   /opt/tracepipe/tracepipe.jar   the application (manifest: main class + Class-Path lib/...)
#   /opt/tracepipe/lib/            its dependencies
#   /etc/tracepipe/tracepipe.yaml  configuration (a minimal default; mount your own over it)
#   /var/lib/tracepipe/state       Kafka Streams (RocksDB) state; put a volume on /var/lib/tracepipe
# See docs/deploy.md.

ARG BUILD_IMAGE=eclipse-temurin:17-jdk-noble
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-noble

# --- build -------------------------------------------------------------------------------------
FROM ${BUILD_IMAGE} AS build
WORKDIR /src

# The wrapper and the poms first: the layer below (Maven itself, every plugin and dependency) is
# rebuilt only when a pom changes, not on every source change. Every module listed in pom.xml
# needs its pom copied here (.ci/check-deploy checks that).
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY config/pom.xml config/
COPY ingest/pom.xml ingest/
COPY anomaly/pom.xml anomaly/
COPY alerting/pom.xml alerting/
COPY sampling/pom.xml sampling/
COPY redaction/pom.xml redaction/
COPY devkit/pom.xml devkit/
COPY topology/pom.xml topology/
COPY app/pom.xml app/
COPY bench/pom.xml bench/
# With no sources yet this builds empty jars, which resolves and downloads everything the real
# build below needs (app's dependency:copy-dependencies included).
RUN ./mvnw -B -q -DskipTests -pl app -am clean package

COPY . .
RUN ./mvnw -B -q -DskipTests -pl app -am clean package \
 && test -f app/target/tracepipe.jar \
 && test -n "$(ls app/target/lib/*.jar)"

# --- runtime -----------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}

# A fixed, non-root UID/GID (also used by the Kubernetes securityContext: runAsUser/fsGroup 10001).
ARG TRACEPIPE_UID=10001
ARG TRACEPIPE_GID=10001
RUN groupadd --system --gid "${TRACEPIPE_GID}" tracepipe \
 && useradd --system --uid "${TRACEPIPE_UID}" --gid "${TRACEPIPE_GID}" \
      --home-dir /var/lib/tracepipe --no-create-home --shell /usr/sbin/nologin tracepipe \
 && mkdir -p /opt/tracepipe/lib /etc/tracepipe /var/lib/tracepipe/state \
 && printf '%s\n' \
      '# Default configuration of the tracepipe image. Mount your own file here, or override any' \
      '# key with an environment variable, e.g. TRACEPIPE_KAFKA_BOOTSTRAP_SERVERS=broker:9092.' \
      'kafka:' \
      '  state-dir: /var/lib/tracepipe/state' \
      > /etc/tracepipe/tracepipe.yaml \
 && chown -R "${TRACEPIPE_UID}:${TRACEPIPE_GID}" /var/lib/tracepipe

COPY --from=build /src/app/target/lib/ /opt/tracepipe/lib/
COPY --from=build /src/app/target/tracepipe.jar /opt/tracepipe/tracepipe.jar

WORKDIR /var/lib/tracepipe
USER 10001:10001
EXPOSE 8080

# /healthz answers 200 while the process is alive (readiness, /readyz, is for orchestrators that
# route traffic or gate rollouts; Kubernetes ignores HEALTHCHECK and uses its own probes). Plain
# bash, as the JRE image has no curl. Commands that serve no HTTP (generate, alerts) should turn
# it off: docker run --no-healthcheck, or `healthcheck: {disable: true}` in Compose.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# Memory: the heap gets 50% of the container's memory limit (MaxRAMPercentage=50). The other half
# is for what lives outside the heap: RocksDB (block cache, memtables, index and filter blocks of
# every state store segment), metaspace, code cache, thread stacks and the Kafka clients' direct
# buffers. With a 2 GiB limit that is a 1 GiB heap and 1 GiB off-heap. An explicit -Xmx (e.g. in
# JAVA_TOOL_OPTIONS) takes precedence over the percentage.
# ExitOnOutOfMemoryError: a JVM that ran out of heap exits, so that the orchestrator restarts it
# (the state is in RocksDB and its changelog topics, nothing is lost).
# Exec form: java is PID 1 and receives SIGTERM itself, which starts tracepipe's graceful shutdown
# (give it ~30 s: docker stop -t 45, Compose stop_grace_period, Kubernetes
# terminationGracePeriodSeconds).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50.0", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/tracepipe/tracepipe.jar"]
CMD ["run", "--config", "/etc/tracepipe/tracepipe.yaml"]
