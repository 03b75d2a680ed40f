package dev.gleaner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.gleaner.devstack.DevStack;
import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.devstack.process.ServiceProcess;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chaos under load, on a stack of its own scaled as {@code ./gleaner up --scale gateway=2,core-api=2,farm=2} does
 * it (nginx in front of two gateways): a steady stream of jobs, half fetched over HTTP and half rendered in
 * Chromium, while one core-api is killed with SIGKILL, then one farm node, and then Redis restarts with all its
 * data lost. Afterwards PostgreSQL shows every submitted job succeeded exactly once, and no Chromium process
 * is left, neither of the killed node nor of the others once the stack has stopped.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ChaosIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final FixtureSite SITE = E2eStack.SITE;
    /** Jobs that must succeed between two blows, so that each one lands on a system under load. */
    private static final int PROGRESS = 8;
    private static final Duration PHASE = Duration.ofSeconds(180);

    private static DevStack stack;

    @BeforeAll
    static void startScaledStack() {
        Map<String, String> env = E2eStack.baseEnvironment("e2e/target/chaos-state", "127.0.0.1:" + SITE.port());
        env.put("GLEANER_SCALE", "gateway=2,core-api=2,farm=2");
        env.put("GLEANER_FARM_CAPACITY", "2");
        stack = E2eStack.start(env);
        stack.demo().putOnOwnPlan(URI.create(stack.coreApiUrl()), stack.settings().adminApiKey(), 100, 200);
    }

    @AfterAll
    static void stopScaledStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void underLoadKillingACoreApiThenAFarmNodeThenLosingRedisLeavesEveryJobDoneOnceAndNoChromium() throws Exception {
        assertThat(stack.gatewayUrls()).hasSize(2);
        assertThat(stack.coreApiUrls()).hasSize(2);
        assertThat(stack.farmUrls()).hasSize(2);
        assertThat(stack.environment()).containsEntry("GLEANER_GATEWAY_URL", stack.gatewayUrl())
                .containsEntry("GLEANER_GATEWAY_URLS", String.join(",", stack.gatewayUrls()));

        Load load = new Load();
        load.start();
        Set<ProcessHandle> chromiumTree = ConcurrentHashMap.newKeySet();
        try (Connection db = DriverManager.getConnection(stack.database().jdbcUrl(), stack.database().user(),
                stack.database().password())) {
            awaitProgress(db, "before any blow", chromiumTree);

            ProcessHandle.of(service("core-api-2").pid()).orElseThrow().destroyForcibly();
            awaitProgress(db, "after core-api-2 was killed", chromiumTree);

            ProcessHandle farm = ProcessHandle.of(service("browser-farm-2").pid()).orElseThrow();
            List<ProcessHandle> farmTree = farm.descendants().toList();
            assertThat(farmTree).as("the node's Playwright driver and Chromium").hasSizeGreaterThan(1);
            farm.destroyForcibly();
            await("the killed node's Playwright driver and Chromium exit with it").atMost(Duration.ofSeconds(60))
                    .until(() -> farmTree.stream().noneMatch(ProcessHandle::isAlive));
            awaitProgress(db, "after browser-farm-2 was killed", chromiumTree);

            stack.restartRedisLosingData();
            awaitProgress(db, "after Redis restarted empty", chromiumTree);

            load.stop();
            assertThat(load.refused).as("submissions refused for good").isEmpty();
            Map<String, String> submitted = Map.copyOf(load.accepted);
            assertThat(submitted).hasSizeGreaterThanOrEqualTo(4 * PROGRESS);

            await("every submitted job ended").atMost(PHASE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(db, "SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid AND status IN"
                            + " ('succeeded', 'failed', 'cancelled')") == submitted.size());
            assertThat(count(db, "SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid"))
                    .as("one job per idempotency key, however often a submission was repeated").isEqualTo(submitted.size());
            assertThat(count(db, "SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid AND status = 'succeeded'"))
                    .as("succeeded jobs").isEqualTo(submitted.size());
            assertThat(count(db, "SELECT count(*) FROM job_attempts a JOIN jobs j ON j.id = a.job_id"
                    + " WHERE j.tenant_id = ?::uuid AND a.outcome = 'succeeded'"))
                    .as("successful attempts: exactly one per job").isEqualTo(submitted.size());
            assertThat(count(db, "SELECT count(*) FROM (SELECT a.job_id FROM job_attempts a JOIN jobs j ON j.id = a.job_id"
                    + " WHERE j.tenant_id = ?::uuid AND a.outcome = 'succeeded' GROUP BY a.job_id HAVING count(*) > 1) x"))
                    .isZero();
        } finally {
            load.stop();
            sampleChromium(chromiumTree);
            stack.close();
            stack = null;
        }
        assertThat(chromiumTree).as("Chromium processes seen").isNotEmpty();
        await("no Chromium left once the stack stopped").atMost(Duration.ofSeconds(60))
                .until(() -> chromiumTree.stream().filter(ProcessHandle::isAlive).toList(), List::isEmpty);
    }

    private static ServiceProcess service(String name) {
        return stack.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** Every process under a live farm node: its Playwright driver and the Chromium processes it launched. */
    private static void sampleChromium(Set<ProcessHandle> seen) {
        stack.services().stream().filter(s -> s.name().startsWith("browser-farm"))
                .flatMap(s -> ProcessHandle.of(s.pid()).stream())
                .filter(ProcessHandle::isAlive)
                .forEach(node -> node.descendants().forEach(seen::add));
    }

    private static void awaitProgress(Connection db, String phase, Set<ProcessHandle> chromiumTree) throws Exception {
        long target = succeeded(db) + PROGRESS;
        await(PROGRESS + " more jobs succeed " + phase).atMost(PHASE).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    sampleChromium(chromiumTree);
                    return succeeded(db);
                }, n -> n >= target);
    }

    private static long succeeded(Connection db) throws Exception {
        return count(db, "SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid AND status = 'succeeded'");
    }

    private static long count(Connection db, String sql) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, stack.demo().tenantId());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Submits a job every 300 ms through nginx, alternately fetched over HTTP and rendered in Chromium, each under
     * an idempotency key of its own. A submission that fails (a connection reset by a killed instance, a 5xx
     * while Redis is away, a 429) is repeated with the same key until it is accepted, as a careful client would.
     */
    private static final class Load {

        final Map<String, String> accepted = new ConcurrentHashMap<>();
        final Map<String, String> refused = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();
        private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        private final List<Thread> submitters = new java.util.concurrent.CopyOnWriteArrayList<>();

        void start() {
            ticks.scheduleAtFixedRate(() -> submitters.add(Thread.ofVirtual().start(this::submitNext)), 0, 300,
                    TimeUnit.MILLISECONDS);
        }

        /** Stops submitting and waits for the submissions under way to be accepted or given up. */
        void stop() throws InterruptedException {
            ticks.shutdown();
            assertThat(ticks.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            for (Thread submitter : submitters) {
                submitter.join(Duration.ofSeconds(150));
            }
        }

        private void submitNext() {
            int n = next.getAndIncrement();
            String key = "chaos-" + n + "-" + UUID.randomUUID();
            String body = JSON.writeValueAsString(n % 2 == 0
                    ? Map.of("url", SITE.url("/slow?ms=500&chaos=" + n), "render", "http", "timeoutMs", 60_000)
                    : Map.of("url", SITE.url("/js-content?chaos=" + n), "waitForSelector", "#js-content",
                            "timeoutMs", 60_000));
            String[] last = {""};
            try {
                await("job " + key + " accepted").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> trySubmit(key, body, last));
            } catch (RuntimeException e) {
                // not accepted within the deadline, or refused for good
                refused.put(key, last[0]);
            }
        }

        /** True once accepted; false to be tried again; refused for good on a 4xx that is not 401 or 429. */
        private boolean trySubmit(String key, String body, String[] last) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + stack.demo().token())
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202 || response.statusCode() == 200) {
                    accepted.put(key, JSON.readTree(response.body()).get("id").asString());
                    return true;
                }
                last[0] = response.statusCode() + " " + response.body();
                if (response.statusCode() / 100 == 4 && response.statusCode() != 429 && response.statusCode() != 401) {
                    throw new IllegalStateException("refused for good: " + last[0]);
                }
            } catch (java.io.IOException e) {
                last[0] = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return false;
        }
    }
}
