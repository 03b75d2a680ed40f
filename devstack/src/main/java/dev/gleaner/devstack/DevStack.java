package dev.gleaner.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.devstack.infra.EmbeddedPostgresServer;
import dev.gleaner.devstack.infra.EmbeddedRedisServer;
import dev.gleaner.devstack.infra.NginxBalancer;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.devstack.infra.PostgresCoordinates;
import dev.gleaner.devstack.process.ServiceProcess;

/**
 * The whole of Gleaner on one machine: PostgreSQL and Redis (embedded unless external ones are
 * configured), then core-api and a browser-farm node, then gateway and admin-ui, each as its
 * own JVM, started in that order and waited for until ready. Closing it stops everything it
 * started, in reverse order.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final List<String> JVM_ARGS = List.of("-Xmx512m", "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED");

    private final DevStackSettings settings;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private FixtureSite demoSite;
    private String allowedTargets = "";
    private DemoTenant demo;
    private String redisUrl;
    /** What each service is started with; set once PostgreSQL and Redis are there. */
    private ServiceEnvironments environments;
    /** The environment of the first farm node, through whose egress port instances added later fetch. */
    private Map<String, String> firstFarm = Map.of();
    private PostgresCoordinates database;
    private NginxBalancer balancer;
    private EmbeddedRedisServer embeddedRedis;
    private final List<String> gatewayUrls = new ArrayList<>();
    private final List<String> coreUrls = new ArrayList<>();
    private final List<String> farmUrls = new ArrayList<>();

    private DevStack(DevStackSettings settings) {
        this.settings = settings;
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    public static DevStack start(DevStackSettings settings) {
        DevStack stack = new DevStack(settings);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        try {
            Files.createDirectories(settings.stateDir().resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresCoordinates db = settings.externalDb();
        if (db == null) {
            EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(settings.embeddedDbPort(), null);
            started.add(pg);
            db = pg.coordinates();
            log.info("embedded PostgreSQL on port {}", db.port());
        }
        database = db;
        redisUrl = settings.externalRedisUrl();
        if (redisUrl == null) {
            embeddedRedis = EmbeddedRedisServer.start(settings.embeddedRedisPort());
            started.add(embeddedRedis);
            redisUrl = embeddedRedis.url();
            log.info("embedded Redis on port {}", embeddedRedis.port());
        }
        if (settings.demoSitePort() > 0) {
            demoSite = FixtureSite.start(settings.demoSitePort());
            started.add(demoSite);
        }
        allowedTargets = ServiceEnvironments.allowedTargets(settings, demoSite);
        environments = new ServiceEnvironments(settings, db, redisUrl, allowedTargets);

        Scale scale = settings.scale();
        List<Launch> farms = new ArrayList<>();
        farms.add(farmNode("browser-farm", settings.farmPort(), Map.of()));
        for (int i = 2; i <= scale.farms(); i++) {
            farms.add(farmNode("browser-farm-" + i, Ports.free(), Map.of()));
        }
        firstFarm = farms.getFirst().env();
        List<Launch> backends = new ArrayList<>();
        for (int i = 1; i <= scale.coreApis(); i++) {
            // core-api's fetches leave from the farm: instance i through node i (round the nodes again past the last)
            Map<String, String> through = farms.get((i - 1) % farms.size()).env();
            int port = i == 1 ? settings.corePort() : Ports.free();
            backends.add(new Launch(i == 1 ? "core-api" : "core-api-" + i, coreJar(),
                    environments.coreApi(port, through, Map.of()), port));
        }
        backends.addAll(farms);
        backends.forEach(b -> (b.name().startsWith("core-api") ? coreUrls : farmUrls).add(url(b.port())));

        List<Launch> fronts = new ArrayList<>();
        for (int i = 1; i <= scale.gateways(); i++) {
            // behind the balancer, the gateways take ports of their own; the gateway port is the balancer's
            int port = scale.balanced() ? Ports.free() : settings.gatewayPort();
            fronts.add(new Launch(i == 1 ? "gateway" : "gateway-" + i, settings.jar("gateway", "gleaner-gateway"),
                    environments.gateway(port, coreUrls), port));
            gatewayUrls.add(url(port));
        }
        fronts.add(new Launch("admin-ui", settings.jar("admin-ui", "gleaner-admin-ui"),
                environments.adminUi(settings.adminPort(), Map.of()), settings.adminPort()));

        launchTogether(backends);
        launchTogether(fronts);
        if (scale.balanced()) {
            balancer = NginxBalancer.start(settings.stateDir().resolve("nginx"), settings.gatewayPort(),
                    fronts.stream().filter(f -> f.name().startsWith("gateway")).map(f -> "127.0.0.1:" + f.port()).toList(),
                    true, READY_TIMEOUT);
            log.info("nginx balancing over {} gateway(s) on port {} (pid {})", scale.gateways(), balancer.port(),
                    balancer.pid());
        }
        writePids();
        if (settings.seedDemo()) {
            demo = DemoTenant.seed(URI.create(url(settings.corePort())), settings.adminApiKey());
        }
    }

    private record Launch(String name, Path jar, Map<String, String> env, int port) {
    }

    private Path coreJar() {
        return settings.jar("core-api/core-service", "gleaner-core-api");
    }

    private Launch farmNode(String name, int port, Map<String, String> overrides) {
        return new Launch(name, settings.jar("browser-farm/farm-node", "gleaner-farm-node"),
                environments.farmNode(port, overrides), port);
    }

    /**
     * Starts one more farm node on a free port, sharing the first one's Redis and settings
     * but for {@code overrides} (GLEANER_FARM_* variables), and waits until it is ready. It is
     * stopped with the rest.
     *
     * @return the node's process and its URL
     */
    public synchronized FarmNode addFarmNode(Map<String, String> overrides) {
        int port = Ports.free();
        String name = "browser-farm-" + (services.stream().filter(s -> s.name().startsWith("browser-farm")).count() + 1);
        launchTogether(List.of(farmNode(name, port, overrides)));
        writePids();
        return new FarmNode(services.getLast(), url(port));
    }

    /** A farm node started by {@link #addFarmNode}. */
    public record FarmNode(ServiceProcess process, String url) {
    }

    /**
     * Starts one more core-api instance on a free port, on the same PostgreSQL, Redis and secrets as the first
     * but for {@code overrides} (e.g. {@code GLEANER_INSTANCE_ID}), and waits until it is ready. It works the same
     * job stream; it does not register for the gateways (so the gateway does not route to it) unless
     * {@code overrides} set {@code GLEANER_CORE_REGISTER=true}. It is stopped with the rest.
     *
     * @return the instance's process and its URL
     */
    public synchronized CoreApi addCoreApi(Map<String, String> overrides) {
        int port = Ports.free();
        String name = "core-api-" + (services.stream().filter(s -> s.name().startsWith("core-api")).count() + 1);
        Map<String, String> env = new LinkedHashMap<>(overrides);
        env.putIfAbsent("GLEANER_CORE_REGISTER", "false");
        launchTogether(List.of(new Launch(name, coreJar(), environments.coreApi(port, firstFarm, env), port)));
        writePids();
        return new CoreApi(services.getLast(), url(port));
    }

    /** A core-api instance started by {@link #addCoreApi}. */
    public record CoreApi(ServiceProcess process, String url) {
    }

    /**
     * Starts one more admin console on a free port, on the same core-api and admin API key as the first but for
     * {@code overrides} (GLEANER_ADMIN_* variables, e.g. {@code GLEANER_ADMIN_SESSION_TIMEOUT}), and waits until
     * it is ready. It is stopped with the rest.
     *
     * @return the console's URL
     */
    public synchronized String addAdminUi(Map<String, String> overrides) {
        int port = Ports.free();
        String name = "admin-ui-" + (services.stream().filter(s -> s.name().startsWith("admin-ui")).count() + 1);
        launchTogether(List.of(new Launch(name, settings.jar("admin-ui", "gleaner-admin-ui"),
                environments.adminUi(port, overrides), port)));
        writePids();
        return url(port);
    }

    /**
     * Stops the embedded Redis and starts a new, empty one on the same port, as when a Redis without
     * persistence restarts: every key the services kept there is lost (the chaos test).
     */
    public synchronized void restartRedisLosingData() {
        if (embeddedRedis == null) {
            throw new IllegalStateException("only an embedded Redis can be restarted; this stack uses " + redisUrl);
        }
        int index = started.indexOf(embeddedRedis);
        embeddedRedis.close();
        embeddedRedis = EmbeddedRedisServer.start(embeddedRedis.port());
        started.set(index, embeddedRedis);
        log.info("embedded Redis restarted empty on port {}", embeddedRedis.port());
    }

    /** The PostgreSQL core-api keeps its data in (embedded unless one was configured). */
    public PostgresCoordinates database() {
        return database;
    }

    private void launchTogether(List<Launch> launches) {
        List<ServiceProcess> batch = new ArrayList<>();
        for (Launch launch : launches) {
            ServiceProcess process = ServiceProcess.launch(launch.name(), launch.jar(), JVM_ARGS, launch.env(),
                    settings.stateDir().resolve("logs").resolve(launch.name() + ".log"));
            services.add(process);
            batch.add(process);
        }
        CompletableFuture<?>[] waits = new CompletableFuture<?>[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            ServiceProcess process = batch.get(i);
            URI readiness = URI.create(url(launches.get(i).port()) + "/actuator/health/readiness");
            waits[i] = CompletableFuture.runAsync(() -> process.awaitReady(readiness, READY_TIMEOUT));
        }
        try {
            CompletableFuture.allOf(waits).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        batch.forEach(p -> log.info("{} ready (pid {})", p.name(), p.pid()));
    }

    private void writePids() {
        String pids = services.stream().map(s -> s.name() + " " + s.pid()).collect(Collectors.joining("\n", "", "\n"))
                + (balancer == null ? "" : "nginx " + balancer.pid() + "\n");
        try {
            Files.writeString(settings.stateDir().resolve("pids"), pids, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String url(int port) {
        return "http://localhost:" + port;
    }

    /** The gateway, or nginx balancing over the gateways when the stack is scaled. */
    public String gatewayUrl() {
        return url(settings.gatewayPort());
    }

    /** Each gateway instance started at start-up (one unless scaled). */
    public List<String> gatewayUrls() {
        return List.copyOf(gatewayUrls);
    }

    /** Each core-api instance started at start-up (one unless scaled; not those of {@link #addCoreApi}). */
    public List<String> coreApiUrls() {
        return List.copyOf(coreUrls);
    }

    /** Each farm node started at start-up (one unless scaled; not those of {@link #addFarmNode}). */
    public List<String> farmUrls() {
        return List.copyOf(farmUrls);
    }

    public String coreApiUrl() {
        return url(settings.corePort());
    }

    public String farmUrl() {
        return url(settings.farmPort());
    }

    /** The Redis the services coordinate through (embedded unless one was configured). */
    public String redisUrl() {
        return redisUrl;
    }

    public String adminUrl() {
        return url(settings.adminPort());
    }

    public DevStackSettings settings() {
        return settings;
    }

    /** The demo tenant seeded at start, or null when seeding was off. */
    public DemoTenant demo() {
        return demo;
    }

    /** The local demo site, or null when it was off. */
    public FixtureSite demoSite() {
        return demoSite;
    }

    /** GLEANER_ALLOWED_TARGETS as the services got it: the demo site and the user's own entries. */
    public String allowedTargets() {
        return allowedTargets;
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /** Shell-syntax lines describing the running stack, as written to {@code .gleaner/dev.env}. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GLEANER_GATEWAY_URL", gatewayUrl());
        env.put("GLEANER_CORE_API_URL", coreApiUrl());
        env.put("GLEANER_FARM_URL", farmUrl());
        // each instance, when there are several (the gateway URL above is then nginx's, balancing over them)
        env.put("GLEANER_GATEWAY_URLS", String.join(",", gatewayUrls));
        env.put("GLEANER_CORE_API_URLS", String.join(",", coreUrls));
        env.put("GLEANER_FARM_URLS", String.join(",", farmUrls));
        env.put("GLEANER_ADMIN_URL", adminUrl());
        env.put("GLEANER_ADMIN_USER", settings.adminUser());
        env.put("GLEANER_ADMIN_PASSWORD", settings.adminPassword());
        env.put("GLEANER_ADMIN_API_KEY", settings.adminApiKey());
        if (demo != null) {
            env.put("GLEANER_DEMO_TENANT_ID", demo.tenantId());
            env.put("GLEANER_DEMO_TOKEN", demo.token());
        }
        if (demoSite != null) {
            env.put("GLEANER_DEMO_PAGE_URL", demoSite.url("/js-content"));
        }
        env.put("GLEANER_ALLOWED_TARGETS", allowedTargets);
        return env;
    }

    @Override
    public synchronized void close() {
        if (balancer != null) {
            log.info("stopping nginx");
            balancer.close();
            balancer = null;
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            ServiceProcess service = services.get(i);
            log.info("stopping {}", service.name());
            service.close();
        }
        services.clear();
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("stopping {} failed", started.get(i).getClass().getSimpleName(), e);
            }
        }
        started.clear();
        try {
            Files.deleteIfExists(settings.stateDir().resolve("pids"));
        } catch (IOException e) {
            log.debug("could not delete the pids file", e);
        }
    }
}
