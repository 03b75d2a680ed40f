package dev.gleaner.e2e;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import dev.gleaner.devstack.DevStack;
import dev.gleaner.devstack.DevStackSettings;
import dev.gleaner.devstack.fixture.CrawlSite;
import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.devstack.fixture.GateSite;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.testsupport.CountingSocket;
import dev.gleaner.testsupport.FakeModelServer;
import dev.gleaner.testsupport.FixtureModel;
import dev.gleaner.testsupport.OtlpReceiver;
import dev.gleaner.testsupport.TestChromium;
import dev.gleaner.testsupport.TestFixtureSite;
import dev.gleaner.testsupport.TestGateSite;
import tools.jackson.databind.JsonNode;

/**
 * The whole system as separate processes (gateway, core-api, a farm node with real Chromium, admin-ui) over
 * embedded PostgreSQL and Redis, started once for every end-to-end test class of the run and stopped when the
 * test JVM exits; with the local sites the tests fetch from.
 */
final class E2eStack {

    static final FixtureSite SITE = TestFixtureSite.get();
    /** Where the crawl site's redirect and links to a private address point: nothing may connect to it. */
    static final CountingSocket FORBIDDEN = new CountingSocket();
    /** Slow pages, so that a crawl is still running when one of its instances is killed. */
    static final CrawlSite CRAWL_SITE = CrawlSite.start(0, "http://" + FORBIDDEN.hostAndPort(), Duration.ofMillis(300));
    static final GateSite GATE_SITE = TestGateSite.get();
    /** The language model core-api extracts with: an OpenAI-compatible server on loopback, reading the page. */
    static final FakeModelServer MODEL = FixtureModel.start();
    static final String MODEL_KEY = FixtureModel.KEY;
    /** The collector every service exports its spans to, every trace sampled. */
    static final OtlpReceiver TRACES = OtlpReceiver.start();

    private static DevStack stack;

    private E2eStack() {
    }

    static synchronized DevStack get() {
        if (stack == null) {
            stack = start();
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                stack.close();
                MODEL.close();
                TRACES.close();
                CRAWL_SITE.close();
                FORBIDDEN.close();
            }));
        }
        return stack;
    }

    /** Waits for a JSON log line of a service that matches; fails after a deadline. */
    static JsonNode awaitLogLine(String service, Predicate<JsonNode> matches) {
        Path log = get().services().stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow().logFile();
        return await("a JSON log line of " + service).atMost(Duration.ofSeconds(10))
                .until(() -> Files.readAllLines(log).stream()
                        .filter(line -> line.startsWith("{"))
                        .map(E2eHttp.JSON::readTree)
                        .filter(matches)
                        .findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    /**
     * What every end-to-end stack is started with: free ports, Chromium, the state directory, the allowed
     * targets, no demo site, the policy gate's limits out of the way, and jobs of a killed instance taken over
     * after a few seconds.
     */
    static Map<String, String> baseEnvironment(String stateDir, String allowedTargets) {
        Map<String, String> env = new HashMap<>();
        for (String port : List.of("GATEWAY", "CORE", "FARM", "ADMIN", "EMBEDDED_PG", "EMBEDDED_REDIS")) {
            env.put("GLEANER_" + port + "_PORT", Integer.toString(Ports.free()));
        }
        env.put("GLEANER_DEMO_SITE_PORT", "0");
        env.put("GLEANER_CHROMIUM_PATH", TestChromium.path().toString());
        env.put("GLEANER_ALLOWED_TARGETS", allowedTargets);
        // every fixture but the gate's is on 127.0.0.1, one domain to the policy gate: the tests that are not about
        // the gate are neither slowed by its default rate nor cut off by its breaker; the gate's test sets a policy
        // for 127.0.0.3 through the admin API
        env.put("GLEANER_DOMAIN_RATE", "1000");
        env.put("GLEANER_DOMAIN_BURST", "1000");
        env.put("GLEANER_DOMAIN_MAX_CONCURRENCY", "1000");
        env.put("GLEANER_DOMAIN_BREAKER_FAILURES", "1000");
        env.put("GLEANER_DOMAIN_BLOCK_PAUSE_AFTER", "0");
        env.put("GLEANER_STATE_DIR", stateDir);
        // a killed instance's jobs are taken over after a few seconds of silence, not the default 30 s
        env.put("GLEANER_JOBS_CLAIM_IDLE", "4s");
        env.put("GLEANER_JOBS_SWEEP_INTERVAL", "1s");
        return env;
    }

    /** Starts a stack from its environment, with the repository as its root. */
    static DevStack start(Map<String, String> env) {
        return DevStack.start(DevStackSettings.fromEnvironment(env, Path.of("").toAbsolutePath().getParent()));
    }

    private static DevStack start() {
        Map<String, String> env = baseEnvironment("e2e/target/gleaner-state", "127.0.0.1:" + SITE.port()
                + ",127.0.0.1:" + CRAWL_SITE.port() + "," + GATE_SITE.hostAndPort());
        env.put("GLEANER_FARM_CAPACITY", "1");
        env.put("GLEANER_OTLP_ENDPOINT", TRACES.tracesUrl());
        env.put("GLEANER_TRACING_SAMPLING", "1.0");
        // the model is operator configuration: its loopback address is in no allowed target
        env.put("GLEANER_LLM_BASE_URL", MODEL.baseUrl());
        env.put("GLEANER_LLM_MODEL", "e2e-model");
        env.put("GLEANER_LLM_API_KEY", MODEL_KEY);
        return start(env);
    }
}
