package dev.gleaner.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.gleaner.core.client.plan.PlanLimits;
import dev.gleaner.core.client.plan.Rate;
import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.token.TokenRecord;
import dev.gleaner.devstack.infra.EmbeddedRedisServer;
import dev.gleaner.devstack.infra.NginxBalancer;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.devstack.process.ServiceProcess;
import dev.gleaner.farm.client.redis.RedisConnector;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./gleaner bench --gateway [--seconds S] [--connections C]}: one trivial upstream endpoint
 * (a Reactor Netty server answering a small JSON document), loaded by {@code wrk} in one run
 * directly; through Debian's nginx as a plain reverse proxy (keep-alive upstream, as many workers as
 * cores); and through the gateway with authentication (tokens resolved from their records in Redis,
 * as core-api writes them), with rate limiting and without, on one hot token and on 1,000 tokens
 * (each its own tenant and bucket). Each gateway is warmed up for 150 s first. First each
 * path's saturation throughput, then latency at half
 * the limited gateway's saturation, paced by wrk's per-connection delay, against the same paced
 * load sent directly.
 */
final class GatewayRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String NAMESPACE = "bench-gateway";
    private static final String PATH = "/v1/jobs/bench";
    private static final int TOKENS = 1_000;
    private static final int PACED_CONNECTIONS = 50;
    private static final int WARM_UP_ROUNDS = 15;
    private GatewayRun() {
    }

    static String run(Path root, int seconds, int connections) throws Exception {
        Path work = Files.createTempDirectory("gleaner-bench-gateway");
        Path hot = work.resolve("hot.txt");
        Path many = work.resolve("many.txt");
        List<Wrk.Load> saturation = new ArrayList<>();
        List<Wrk.Load> paced = new ArrayList<>();
        double limitedHot;
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(Ports.free());
                Upstream upstream = new Upstream();
                NginxBalancer nginx = NginxBalancer.start(work.resolve("nginx"), 0,
                        List.of("127.0.0.1:" + upstream.port()), false, Duration.ofSeconds(30))) {
            writeTokens(redis.url(), hot, many);
            String direct = "http://127.0.0.1:" + upstream.port();
            String proxied = "http://127.0.0.1:" + nginx.port();
            System.err.println("[bench] direct and nginx …");
            Wrk.run(work, PATH, direct, hot, connections, 5, 0, "warm-up");
            saturation.add(Wrk.run(work, PATH, direct, hot, connections, seconds, 0, "direct"));
            saturation.add(Wrk.run(work, PATH, proxied, hot, connections, seconds, 0, "nginx (plain reverse proxy)"));

            try (Gateway gateway = new Gateway(root, work, redis.url(), upstream.port(), true, hot)) {
                System.err.println("[bench] gateway with rate limits …");
                warmUp(work, gateway.url(), many, connections);
                Wrk.Load hotRun = Wrk.run(work, PATH, gateway.url(), hot, connections, seconds, 0, "gateway, auth + limits, hot token");
                saturation.add(hotRun);
                saturation.add(Wrk.run(work, PATH, gateway.url(), many, connections, seconds, 0,
                        "gateway, auth + limits, 1,000 tokens"));
                limitedHot = hotRun.perSecond();
                int half = (int) (limitedHot / 2);
                int delayMs = Math.max(1, Math.round(PACED_CONNECTIONS * 1000f / half));
                System.err.println("[bench] paced at about " + half + " requests/s …");
                paced.add(Wrk.run(work, PATH, direct, hot, PACED_CONNECTIONS, seconds, delayMs, "direct"));
                paced.add(Wrk.run(work, PATH, proxied, hot, PACED_CONNECTIONS, seconds, delayMs, "nginx"));
                paced.add(Wrk.run(work, PATH, gateway.url(), hot, PACED_CONNECTIONS, seconds, delayMs,
                        "gateway, auth + limits, hot token"));
                paced.add(Wrk.run(work, PATH, gateway.url(), many, PACED_CONNECTIONS, seconds, delayMs,
                        "gateway, auth + limits, 1,000 tokens"));
            }
            try (Gateway gateway = new Gateway(root, work, redis.url(), upstream.port(), false, hot)) {
                System.err.println("[bench] gateway without rate limits …");
                warmUp(work, gateway.url(), many, connections);
                saturation.add(Wrk.run(work, PATH, gateway.url(), hot, connections, seconds, 0, "gateway, auth, no limits, hot token"));
                saturation.add(Wrk.run(work, PATH, gateway.url(), many, connections, seconds, 0,
                        "gateway, auth, no limits, 1,000 tokens"));
            }
        }
        return report(saturation, paced, seconds, connections);
    }

    private static String report(List<Wrk.Load> saturation, List<Wrk.Load> paced, int seconds, int connections) {
        StringBuilder out = new StringBuilder();
        out.append("### Gateway overhead (GET ").append(PATH).append(", wrk ").append(connections)
                .append(" connections, ").append(seconds).append(" s each)\n\n");
        out.append("| path | requests/s | × nginx | p50 ms | p99 ms | failed |\n|---|---:|---:|---:|---:|---:|\n");
        double nginx = saturation.get(1).perSecond();
        saturation.forEach(l -> out.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %d |%n",
                l.path(), l.perSecond(), l.perSecond() / nginx, l.p50Ms(), l.p99Ms(), l.failed())));
        double direct = paced.getFirst().p99Ms();
        out.append("\n### Latency at half of the limited gateway's saturation (")
                .append(PACED_CONNECTIONS).append(" paced connections)\n\n");
        out.append("| path | requests/s | p50 ms | p99 ms | p99 added to direct, ms | failed |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        paced.forEach(l -> out.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %d |%n",
                l.path(), l.perSecond(), l.p50Ms(), l.p99Ms(), l.p99Ms() - direct, l.failed())));
        Wrk.Load limited = saturation.get(2);
        Wrk.Load unlimited = saturation.get(4);
        out.append(String.format(Locale.ROOT, "%nTargets: gateway with auth + limits ≥ 0.5× nginx: %.2f×; "
                        + "hot-token limiting ≥ 0.8× the gateway without limits: %.2f×; p99 added at half saturation "
                        + "≤ 2 ms: %.2f ms (hot token), %.2f ms (1,000 tokens).%n",
                limited.perSecond() / nginx, limited.perSecond() / unlimited.perSecond(),
                paced.get(2).p99Ms() - direct, paced.get(3).p99Ms() - direct));
        return out.toString();
    }

    /** One hot token and 1,000 others, each its own tenant on a generous plan, recorded in Redis as core-api would. */
    private static void writeTokens(String redisUrl, Path hot, Path many) throws IOException {
        Rate generous = new Rate(100_000, 1_000_000);
        PlanLimits limits = new PlanLimits(generous, generous, generous, generous);
        List<String> tokens = new ArrayList<>();
        try (RedisConnector redis = new RedisConnector(redisUrl)) {
            for (int i = 0; i <= TOKENS; i++) {
                ApiTokenFormat.Minted minted = ApiTokenFormat.mint();
                TokenRecord record = new TokenRecord(minted.publicId(), TokenRecord.ACTIVE, UUID.randomUUID(),
                        "bench-" + i, UUID.randomUUID(), 1L, limits);
                redis.reactive().set(TokenRecord.key(NAMESPACE, minted.secretHash()), JSON.writeValueAsString(record))
                        .block(Duration.ofSeconds(10));
                tokens.add(minted.token());
            }
        }
        Files.writeString(hot, tokens.getFirst() + "\n");
        Files.write(many, tokens.subList(1, tokens.size()));
    }

    /**
     * Loads a freshly started gateway for 15 rounds of 10 s: on two busy cores its JIT compilers take minutes to
     * reach its steady rate (measured: still growing after 10 rounds, flat from about 12).
     */
    private static void warmUp(Path work, String url, Path tokens, int connections) throws Exception {
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            Wrk.run(work, PATH, url, tokens, connections, 10, 0, "warm-up " + round);
        }
    }

    /** The trivial upstream: any request, a small JSON answer (health checks included). */
    private static final class Upstream implements AutoCloseable {

        private final DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.header("Content-Type", "application/json")
                        .sendString(Mono.just("{\"status\":\"UP\"}")))
                .bindNow(Duration.ofSeconds(10));

        int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.disposeNow(Duration.ofSeconds(10));
        }
    }

    /** The gateway's jar in a process of its own, routing to the upstream as its core-api. */
    private static final class Gateway implements AutoCloseable {

        private final int port = Ports.free();
        private final ServiceProcess process;

        Gateway(Path root, Path work, String redisUrl, int upstream, boolean limits, Path hot) throws IOException {
            process = ServiceProcess.launch("gateway", root.resolve("gateway/target/gleaner-gateway.jar"),
                    List.of("-Xmx512m"), Map.of(
                            "GLEANER_GATEWAY_PORT", Integer.toString(port),
                            "GLEANER_CORE_API_URLS", "http://127.0.0.1:" + upstream,
                            "GLEANER_IDENTITY_SECRET", "bench-gateway-identity-secret-0123",
                            "GLEANER_REDIS_URL", redisUrl,
                            "GLEANER_REDIS_NAMESPACE", NAMESPACE,
                            "GLEANER_RATE_LIMITS_ENABLED", Boolean.toString(limits)),
                    work.resolve("gateway-" + (limits ? "limits" : "no-limits") + ".log"));
            process.awaitReady(URI.create(url() + "/actuator/health/readiness"), Duration.ofSeconds(120));
            // routed once its load balancer has seen the upstream healthy
            awaitOk(URI.create(url() + PATH), Files.readString(hot).strip(), Duration.ofSeconds(60));
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private static void awaitOk(URI uri, String token, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            try {
                Thread.sleep(200); // polling a process that is starting, not synchronising a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(uri + " did not answer 200 within " + timeout + ": " + last);
    }
}
