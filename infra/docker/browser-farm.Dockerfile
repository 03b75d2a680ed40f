# A farm node: the JVM service plus Debian's Chromium, which Playwright launches (it never downloads one).
# Build the jars first (./mvnw -DskipTests package); the build context is the repository root.
FROM eclipse-temurin:25-jre
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium-headless-shell fonts-liberation \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home gleaner
COPY browser-farm/farm-node/target/gleaner-farm-node.jar /app/app.jar
USER gleaner
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    GLEANER_CHROMIUM_PATH=/usr/lib/chromium/chromium-headless-shell \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 --enable-native-access=ALL-UNNAMED"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
