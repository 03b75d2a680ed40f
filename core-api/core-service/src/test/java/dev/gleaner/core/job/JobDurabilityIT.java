package dev.gleaner.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.core.CoreApiCalls;
import dev.gleaner.core.StubNode;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.config.JobsProperties;
import dev.gleaner.core.scrape.ScrapeService;
import dev.gleaner.core.tenant.TenantRepository;
import dev.gleaner.devstack.infra.EmbeddedRedisServer;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import dev.gleaner.core.job.redis.JobKeys;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs are never lost to Redis: with jobs queued and Redis flushed, the queue is rebuilt from
 * PostgreSQL and every job runs exactly once; a job submitted while Redis is down is accepted and
 * runs once Redis is back. This context's own worker is off, so the jobs stay queued until the test
 * starts a worker of its own (the same class, on the context's beans).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "120s")
class JobDurabilityIT {

    private static final String NAMESPACE = "job-durability-it";
    private static final int REDIS_PORT = Ports.free();
    private static final String REDIS_URL = "redis://127.0.0.1:" + REDIS_PORT;
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static EmbeddedRedisServer redisServer = EmbeddedRedisServer.start(REDIS_PORT);
    private static final StubNode NODE = new StubNode(StubNode.Behaviour.RENDERS);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CoreApiCalls.register(registry);
        registry.add("gleaner.core.redis-url", () -> REDIS_URL);
        registry.add("gleaner.core.redis-namespace", () -> NAMESPACE);
        registry.add("gleaner.core.allowed-targets", () -> "127.0.0.1:9");
        registry.add("gleaner.core.jobs.worker", () -> "false");
        registry.add("gleaner.core.jobs.sweep-interval", () -> "300ms");
        registry.add("gleaner.core.jobs.claim-idle", () -> "3s");
    }

    @AfterAll
    static void stopAll() throws Exception {
        NODE.close();
        redisServer.close();
    }

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    JobQueue queue;
    @Autowired
    JobRuns runs;
    @Autowired
    ScrapeService scrapes;
    @Autowired
    JobMetrics metrics;
    @Autowired
    JsonMapper json;
    @Autowired
    CoreProperties core;
    @Autowired
    JobsProperties properties;
    @Autowired
    CrawlPageEnd crawlPages;
    @Autowired
    TenantRepository tenants;

    private final JobKeys keys = new JobKeys(NAMESPACE);

    /** The job worker as an instance with its worker role on would run it. */
    private JobWorker startWorker() {
        JobsProperties on = new JobsProperties(true, true, 4, properties.maxAttempts(), properties.retryBase(),
                properties.retryMax(), properties.claimIdle(), properties.sweepInterval(), properties.reofferAfter(),
                "");
        JobWorker worker = new JobWorker(queue, runs, scrapes, metrics, json, core, on,
                new InstanceId("test-worker-" + UUID.randomUUID()), crawlPages, tenants, JobTraces.NONE);
        worker.start();
        return worker;
    }

    private static void registerNode(RedisConnector redis) {
        new RedisNodeRegistry(redis.reactive(), new FarmKeys(NAMESPACE))
                .heartbeat(new NodeInfo("durability-node", NODE.url(), 4), Duration.ofSeconds(600))
                .block(Duration.ofSeconds(10));
    }

    private UUID submit(TenantView tenant, String url) {
        String id = new CoreApiCalls(web).signedPost("tenant:" + tenant.id(), "/v1/jobs", Map.of("url", url, "render", "browser")).exchange()
                .expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        return UUID.fromString(id);
    }

    private Map<UUID, List<String>> outcomes(TenantView tenant) {
        Map<UUID, List<String>> byJob = new java.util.HashMap<>();
        db.sql("""
                SELECT j.id, a.outcome FROM jobs j LEFT JOIN job_attempts a ON a.job_id = j.id
                WHERE j.tenant_id = :t ORDER BY a.attempt""")
                .bind("t", tenant.id())
                .map(r -> Map.entry(r.get("id", UUID.class), String.valueOf(r.get("outcome", String.class))))
                .all().collectList().block(Duration.ofSeconds(10))
                .forEach(e -> byJob.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return byJob;
    }

    private long statusCount(TenantView tenant, String status) {
        return db.sql("SELECT count(*) AS n FROM jobs WHERE tenant_id = :t AND status = :s")
                .bind("t", tenant.id()).bind("s", status).map(r -> r.get("n", Long.class)).one()
                .block(Duration.ofSeconds(10));
    }

    @Test
    void jobsQueuedWhenRedisLosesItsDataAreRebuiltFromPostgresqlAndEachRunsExactlyOnce() {
        try (RedisConnector redis = new RedisConnector(REDIS_URL)) {
            TenantView tenant = new CoreApiCalls(web).createTenant("flushed-" + UUID.randomUUID());
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(submit(tenant, "http://127.0.0.1:9/page?n=" + i));
            }
            assertThat(redis.reactive().xlen(keys.stream()).block(Duration.ofSeconds(5))).isGreaterThanOrEqualTo(20);

            // The sweeper may rebuild the stream at any moment after the flush, so the flush is shown by
            // a marker key, which nothing rebuilds, rather than by the stream's absence.
            String marker = NAMESPACE + ":flush-marker";
            redis.reactive().set(marker, "x").block(Duration.ofSeconds(5));
            redis.reactive().flushall().block(Duration.ofSeconds(5));
            assertThat(redis.reactive().exists(marker).block(Duration.ofSeconds(5))).as("Redis lost its data").isZero();

            await("the sweeper rebuilds the stream from PostgreSQL").atMost(DEADLINE)
                    .until(() -> redis.reactive().xlen(keys.stream()).block(Duration.ofSeconds(5)), n -> n >= 20);
            registerNode(redis);
            JobWorker worker = startWorker();
            try {
                await("every job ran").atMost(DEADLINE).until(() -> statusCount(tenant, "succeeded"), n -> n == 20);
            } finally {
                worker.stop();
            }
            Map<UUID, List<String>> attempts = outcomes(tenant);
            assertThat(attempts.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            attempts.forEach((id, list) -> assertThat(list).as("attempts of " + id).containsExactly("succeeded"));
        }
    }

    @Test
    void aJobSubmittedWhileRedisIsDownIsAcceptedAndRunsOnceRedisIsBack() {
        TenantView tenant = new CoreApiCalls(web).createTenant("redis-down-" + UUID.randomUUID());
        redisServer.close();
        UUID id;
        try {
            id = submit(tenant, "http://127.0.0.1:9/while-redis-was-down");
            Boolean undispatched = db.sql("SELECT dispatched_at IS NULL AS u FROM jobs WHERE id = :id").bind("id", id)
                    .map(r -> r.get("u", Boolean.class)).one().block(Duration.ofSeconds(10));
            assertThat(undispatched).as("waits in PostgreSQL to be queued").isTrue();
        } finally {
            redisServer = EmbeddedRedisServer.start(REDIS_PORT);
        }
        try (RedisConnector redis = new RedisConnector(REDIS_URL)) {
            registerNode(redis);
            JobWorker worker = startWorker();
            try {
                await("the job runs once Redis is back").atMost(DEADLINE)
                        .until(() -> statusCount(tenant, "succeeded"), n -> n == 1);
            } finally {
                worker.stop();
            }
            assertThat(outcomes(tenant).get(id)).containsExactly("succeeded");
        }
    }
}
