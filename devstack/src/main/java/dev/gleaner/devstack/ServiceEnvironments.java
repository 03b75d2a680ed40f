package dev.gleaner.devstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.devstack.infra.PostgresCoordinates;

/**
 * The environment each service of a {@link DevStack} is started with. Each service gets only the secrets it reads:
 * the gateway the identity secret, core-api the identity secret, the admin key and the database's password,
 * admin-ui the admin key, and the farm, which runs untrusted pages, only the egress secret (which opens nothing but
 * its own egress guard). core-api's own fetches leave from the farm, as in Kubernetes: each core-api through one
 * node's egress port.
 */
final class ServiceEnvironments {

    private static final Logger log = LoggerFactory.getLogger(ServiceEnvironments.class);

    private final DevStackSettings settings;
    private final String redisUrl;
    private final Map<String, String> core;
    private final Map<String, String> farm;
    private final String egressSecret = DevStackSettings.secret();

    ServiceEnvironments(DevStackSettings settings, PostgresCoordinates db, String redisUrl, String allowedTargets) {
        this.settings = settings;
        this.redisUrl = redisUrl;
        Map<String, String> common = new LinkedHashMap<>();
        common.put("GLEANER_REDIS_URL", redisUrl);
        common.put("GLEANER_ALLOWED_TARGETS", allowedTargets);
        common.putAll(settings.telemetryEnvironment());

        Map<String, String> core = new LinkedHashMap<>(common);
        core.put("GLEANER_IDENTITY_SECRET", settings.identitySecret());
        core.put("GLEANER_ADMIN_API_KEY", settings.adminApiKey());
        // the first admin operator, created when there is none; core-api keeps operators, admin-ui asks it
        core.put("GLEANER_ADMIN_USER", settings.adminUser());
        core.put("GLEANER_ADMIN_PASSWORD", settings.adminPassword());
        core.put("GLEANER_DB_HOST", db.host());
        core.put("GLEANER_DB_PORT", Integer.toString(db.port()));
        core.put("GLEANER_DB_NAME", db.database());
        core.put("GLEANER_DB_USER", db.user());
        core.put("GLEANER_DB_PASSWORD", db.password());
        core.put("GLEANER_ARTIFACT_DIR", settings.stateDir().resolve("artifacts").toAbsolutePath().toString());
        core.put("GLEANER_EGRESS_SECRET", egressSecret);
        core.putAll(settings.coreEnvironment());
        this.core = Map.copyOf(core);

        Map<String, String> farm = new LinkedHashMap<>(common);
        farm.put("GLEANER_FARM_CAPACITY", Integer.toString(settings.farmCapacity()));
        farm.put("GLEANER_CHROMIUM_PATH", settings.chromiumPath());
        farm.put("GLEANER_EGRESS_SECRET", egressSecret);
        farm.put("GLEANER_FARM_EGRESS_HOST", "127.0.0.1");
        this.farm = Map.copyOf(farm);
    }

    /**
     * What may be scraped in spite of the SSRF guard: the demo site, and whatever the user listed in
     * GLEANER_ALLOWED_TARGETS. Never all of loopback: core-api, the farm node, PostgreSQL and Redis
     * listen there too, and no tenant may reach them through a scrape.
     */
    static String allowedTargets(DevStackSettings settings, FixtureSite demoSite) {
        List<String> entries = new ArrayList<>();
        if (demoSite != null) {
            entries.add("127.0.0.1:" + demoSite.port());
        }
        if (!settings.allowedTargets().isBlank()) {
            entries.add(settings.allowedTargets());
        }
        String joined = String.join(",", entries);
        if (!joined.isEmpty()) {
            log.warn("GLEANER_ALLOWED_TARGETS={}: these targets may be scraped in spite of the SSRF guard"
                    + " (the demo site{}). For local development only.", joined,
                    settings.allowedTargets().isBlank() ? "" : ", and the entries you set");
        }
        return joined;
    }

    /** A core-api instance on {@code port}, its fetches through the farm node started with {@code farmNode}. */
    Map<String, String> coreApi(int port, Map<String, String> farmNode, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(core);
        env.put("GLEANER_CORE_PORT", Integer.toString(port));
        env.put("GLEANER_CORE_ADVERTISED_URL", DevStack.url(port));
        env.put("GLEANER_EGRESS_PROXY", "http://127.0.0.1:" + farmNode.get("GLEANER_FARM_EGRESS_PORT"));
        env.putAll(overrides);
        return env;
    }

    /** A farm node on {@code port}, with an egress port of its own for core-api's fetches, then {@code overrides}. */
    Map<String, String> farmNode(int port, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(farm);
        env.put("GLEANER_FARM_PORT", Integer.toString(port));
        env.put("GLEANER_FARM_EGRESS_PORT", Integer.toString(Ports.free()));
        env.put("GLEANER_FARM_ADVERTISED_URL", DevStack.url(port));
        env.putAll(overrides);
        return env;
    }

    /** A gateway on {@code port}, balancing over {@code coreUrls}. */
    Map<String, String> gateway(int port, List<String> coreUrls) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GLEANER_IDENTITY_SECRET", settings.identitySecret());
        env.put("GLEANER_CORE_API_URLS", String.join(",", coreUrls));
        // the rate-limit buckets
        env.put("GLEANER_REDIS_URL", redisUrl);
        env.putAll(settings.gatewayEnvironment());
        env.putAll(settings.telemetryEnvironment());
        env.put("GLEANER_GATEWAY_PORT", Integer.toString(port));
        return env;
    }

    /** An admin console on {@code port}, asking the first core-api, then {@code overrides}. */
    Map<String, String> adminUi(int port, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GLEANER_ADMIN_API_KEY", settings.adminApiKey());
        env.put("GLEANER_ADMIN_PORT", Integer.toString(port));
        env.put("GLEANER_CORE_API_URL", DevStack.url(settings.corePort()));
        env.putAll(overrides);
        return env;
    }
}
