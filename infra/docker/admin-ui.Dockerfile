# admin-ui. Build the jars first (./mvnw -DskipTests package); the build context is the repository root.
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 gleaner
COPY admin-ui/target/gleaner-admin-ui.jar /app/app.jar
USER gleaner
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 --enable-native-access=ALL-UNNAMED"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
