# Every Gleaner service: its jar on Temurin's JRE 25 over Debian (where Debian's Chromium installs), run
# under tini, which forwards signals to the JVM and reaps orphaned processes (Chromium's, on a farm node)
# in any container runtime, with or without Docker's `init: true`.
# Build the jars first (./mvnw -DskipTests package); the build context is the repository root:
#   docker build -f infra/docker/service.Dockerfile --build-arg JAR=gateway/target/gleaner-gateway.jar .
#   docker build -f infra/docker/service.Dockerfile --build-arg JAR=browser-farm/farm-node/target/gleaner-farm-node.jar \
#     --build-arg CHROMIUM=true .
FROM eclipse-temurin:25-jre AS jre

FROM debian:bookworm-slim
ARG JAR
ARG CHROMIUM=false
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tini \
 && if [ "$CHROMIUM" = true ]; then \
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium-headless-shell fonts-liberation; \
    fi \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home gleaner
COPY infra/docker/healthcheck /app/healthcheck
COPY ${JAR} /app/app.jar
USER gleaner
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    GLEANER_CHROMIUM_PATH=/usr/lib/chromium/chromium-headless-shell \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 --enable-native-access=ALL-UNNAMED"
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-jar", "/app/app.jar"]
