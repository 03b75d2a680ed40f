package dev.gleaner.devstack;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import dev.gleaner.devstack.infra.PostgresCoordinates;

/**
 * Everything the dev stack needs to know, read from environment variables (see README.md's
 * configuration reference) with the defaults that {@code ./gleaner up} uses.
 *
 * @param root              the repository root (service jars are under {@code <module>/target})
 * @param stateDir          where logs, pids and dev.env go ({@code .gleaner})
 * @param gatewayPort       gateway port
 * @param corePort          core-api port
 * @param farmPort          browser-farm node port
 * @param adminPort         admin-ui port
 * @param demoSitePort      port of the local demo site (the fixture site); 0 for none
 * @param externalDb        an external PostgreSQL; null to start an embedded one
 * @param embeddedDbPort    port of the embedded PostgreSQL
 * @param externalRedisUrl  an external Redis; null to start an embedded one
 * @param embeddedRedisPort port of the embedded Redis
 * @param chromiumPath      the Chromium the farm launches
 * @param farmCapacity      browsers on the farm node
 * @param allowedTargets    GLEANER_ALLOWED_TARGETS as the user set it (host:port and CIDR entries that pass the
 *                          SSRF guard); the dev stack adds its demo site to it
 * @param identitySecret    HMAC secret shared by gateway and core-api
 * @param adminApiKey       key for core-api's admin API
 * @param adminUser         admin console user
 * @param adminPassword     admin console password
 * @param seedDemo          whether to create the demo tenant and token
 * @param coreEnvironment   core-api's job-pipeline and crawl variables as the user set them ({@code GLEANER_JOBS_*},
 *                          {@code GLEANER_CRAWLS_*}, {@code GLEANER_API_ENABLED}), passed on to every core-api instance
 * @param gatewayEnvironment the gateway's limit variables as the user set them ({@code GLEANER_RATE_LIMIT*},
 *                          {@code GLEANER_AUTH_FAILURES_*}, {@code GLEANER_TOKEN_CACHE_TTL})
 * @param scale             how many instances of each service, and whether nginx balances the gateways
 *                          ({@code GLEANER_SCALE}, set by {@code ./gleaner up --scale})
 * @param telemetryEnvironment the trace variables as the user set them ({@code GLEANER_OTLP_*},
 *                          {@code GLEANER_TRACING_*}), passed on to every gateway, core-api and farm node
 */
public record DevStackSettings(
        Path root,
        Path stateDir,
        int gatewayPort,
        int corePort,
        int farmPort,
        int adminPort,
        int demoSitePort,
        PostgresCoordinates externalDb,
        int embeddedDbPort,
        String externalRedisUrl,
        int embeddedRedisPort,
        String chromiumPath,
        int farmCapacity,
        String allowedTargets,
        String identitySecret,
        String adminApiKey,
        String adminUser,
        String adminPassword,
        boolean seedDemo,
        Map<String, String> coreEnvironment,
        Map<String, String> gatewayEnvironment,
        Scale scale,
        Map<String, String> telemetryEnvironment) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static DevStackSettings fromEnvironment(Map<String, String> env, Path root) {
        PostgresCoordinates db = present(env, "GLEANER_DB_HOST")
                ? new PostgresCoordinates(env.get("GLEANER_DB_HOST"), intOf(env, "GLEANER_DB_PORT", 5432),
                        env.getOrDefault("GLEANER_DB_NAME", "gleaner"), env.getOrDefault("GLEANER_DB_USER", "gleaner"),
                        env.getOrDefault("GLEANER_DB_PASSWORD", ""))
                : null;
        return new DevStackSettings(
                root,
                root.resolve(env.getOrDefault("GLEANER_STATE_DIR", ".gleaner")),
                intOf(env, "GLEANER_GATEWAY_PORT", 8080),
                intOf(env, "GLEANER_CORE_PORT", 8081),
                intOf(env, "GLEANER_FARM_PORT", 8082),
                intOf(env, "GLEANER_ADMIN_PORT", 8083),
                intOf(env, "GLEANER_DEMO_SITE_PORT", 8090),
                db,
                intOf(env, "GLEANER_EMBEDDED_PG_PORT", 15432),
                present(env, "GLEANER_REDIS_URL") ? env.get("GLEANER_REDIS_URL") : null,
                intOf(env, "GLEANER_EMBEDDED_REDIS_PORT", 16379),
                env.getOrDefault("GLEANER_CHROMIUM_PATH", "/usr/lib/chromium/chromium-headless-shell"),
                intOf(env, "GLEANER_FARM_CAPACITY", 2),
                env.getOrDefault("GLEANER_ALLOWED_TARGETS", "").strip(),
                env.getOrDefault("GLEANER_IDENTITY_SECRET", secret()),
                env.getOrDefault("GLEANER_ADMIN_API_KEY", "gla_" + secret()),
                env.getOrDefault("GLEANER_ADMIN_USER", "admin"),
                env.getOrDefault("GLEANER_ADMIN_PASSWORD", secret().substring(0, 16)),
                Boolean.parseBoolean(env.getOrDefault("GLEANER_SEED_DEMO", "true")),
                env.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("GLEANER_JOBS_") || e.getKey().startsWith("GLEANER_CRAWLS_")
                                || e.getKey().startsWith("GLEANER_LLM_")
                                || e.getKey().startsWith("GLEANER_DOMAIN_") || e.getKey().equals("GLEANER_API_ENABLED"))
                        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)),
                env.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("GLEANER_RATE_LIMIT") || e.getKey().startsWith("GLEANER_AUTH_FAILURES_")
                                || e.getKey().startsWith("GLEANER_ADMIN_RATE_")
                                || e.getKey().equals("GLEANER_TOKEN_CACHE_TTL"))
                        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)),
                Scale.parse(env.get("GLEANER_SCALE")),
                env.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("GLEANER_OTLP_") || e.getKey().startsWith("GLEANER_TRACING_"))
                        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** A fresh random secret, URL-safe. */
    public static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public Path jar(String module, String artifact) {
        return root.resolve(module).resolve("target").resolve(artifact + ".jar");
    }

    private static boolean present(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    private static int intOf(Map<String, String> env, String name, int fallback) {
        return present(env, name) ? Integer.parseInt(env.get(name).trim()) : fallback;
    }
}
