package dev.gleaner.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gleaner.devstack.DevStack;
import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.devstack.process.ServiceProcess;
import dev.gleaner.farm.client.node.ProcessMemory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./gleaner soak --minutes N}: mixed load through the gateway for N minutes, by {@code concurrency}
 * clients, each in turn scraping a JavaScript page in Chromium, scraping a static page over HTTP into Markdown,
 * and submitting a job (a browser render of a page with assets) and waiting for it to end. Every interval it
 * prints one row: what was done and failed in it, its latency, and each service's memory (proportional set
 * sizes; the farm's with its Playwright drivers and Chromium). Flat memory and flat throughput are the target.
 */
final class MixedSoak {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final DevStack stack;
    private final FixtureSite site;
    private final int concurrency;
    private final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);

    MixedSoak(DevStack stack, FixtureSite site, int concurrency) {
        this.stack = stack;
        this.site = site;
        this.concurrency = concurrency;
    }

    String run(int minutes, int everyMinutes) throws Exception {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%s · %d cores · Java %s · %d min of mixed load through the gateway by %d clients (browser scrape,"
                        + " HTTP scrape to Markdown, browser job), a row every %d min%n%n"
                        + "| min | done | failed | per s | p50 ms | p95 ms | gateway MiB | core-api MiB | farm JVM MiB"
                        + " | drivers + Chromium MiB | all MiB |%n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), minutes,
                concurrency, everyMinutes));
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        List<double[]> rows = new ArrayList<>();
        try {
            for (int i = 0; i < concurrency; i++) {
                int client = i;
                clients.submit(() -> loop(client));
            }
            long start = System.nanoTime();
            for (int minute = everyMinutes; minute <= minutes; minute += everyMinutes) {
                long until = start + TimeUnit.MINUTES.toNanos(minute);
                long now;
                while ((now = System.nanoTime()) < until) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(until - now, TimeUnit.SECONDS.toNanos(5)));
                }
                List<Double> interval = drain();
                int failed = failures.getAndSet(0);
                long[] memory = memory();
                double perSecond = interval.size() / (everyMinutes * 60.0);
                LoadRun.Result result = new LoadRun.Result("soak", interval, failed, everyMinutes * 60.0);
                rows.add(new double[] {perSecond, memory[4]});
                out.append(String.format(Locale.ROOT, "| %d | %d | %d | %.2f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
                        minute, interval.size(), failed, perSecond, result.percentile(50), result.percentile(95),
                        mib(memory[0]), mib(memory[1]), mib(memory[2]), mib(memory[3]), mib(memory[4])));
                System.err.printf(Locale.ROOT, "[soak] %d min: %d done, %d failed, %.2f/s, all services %.0f MiB%n",
                        minute, interval.size(), failed, perSecond, mib(memory[4]));
            }
        } finally {
            running.set(false);
            clients.shutdown();
            clients.awaitTermination(3, TimeUnit.MINUTES);
        }
        if (rows.size() >= 2) {
            // the first interval includes the JIT's warm-up: from three rows on, the second is the reference
            int reference = rows.size() >= 3 ? 1 : 0;
            double[] first = rows.get(reference);
            double[] last = rows.getLast();
            out.append(String.format(Locale.ROOT, "%nFrom row %d to the last: throughput %+.1f %%, memory %+.1f %%.%n",
                    reference + 1, 100 * (last[0] - first[0]) / first[0], 100 * (last[1] - first[1]) / first[1]));
        }
        return out.toString();
    }

    private void loop(int client) {
        int n = 0;
        while (running.get()) {
            int kind = (client + n++) % 3;
            long begin = System.nanoTime();
            try {
                switch (kind) {
                    case 0 -> post("/v1/scrape", Map.of("url", site.url("/js-content"), "waitForSelector", "#js-content",
                            "formats", List.of("text")), 200);
                    case 1 -> post("/v1/scrape", Map.of("url", site.url("/site/a.html"), "render", "http",
                            "formats", List.of("markdown")), 200);
                    default -> awaitJob(post("/v1/jobs", Map.of("url", site.url("/assets?n=8&soak=" + n),
                            "render", "browser", "formats", List.of("links")), 202).get("id").asString());
                }
                latencies.add((System.nanoTime() - begin) / 1e6);
            } catch (Exception e) {
                failures.incrementAndGet();
                if (failures.get() <= 3) {
                    System.err.println("[soak] failed: " + e.getMessage());
                }
            }
        }
    }

    private JsonNode post(String path, Map<String, Object> body, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + stack.demo().token())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private void awaitJob(String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs/" + id))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + stack.demo().token()).build(),
                    HttpResponse.BodyHandlers.ofString());
            String status = response.statusCode() == 200 ? JSON.readTree(response.body()).get("status").asString() : "";
            if (status.equals("succeeded")) {
                return;
            }
            if (status.equals("failed") || status.equals("cancelled")) {
                throw new IllegalStateException("job " + id + " " + status + ": " + response.body());
            }
            // a client's polling interval
            Thread.sleep(200);
        }
        throw new IllegalStateException("job " + id + " did not end within 3 min");
    }

    private List<Double> drain() {
        List<Double> interval = new ArrayList<>();
        Double next;
        while ((next = latencies.poll()) != null) {
            interval.add(next);
        }
        Collections.sort(interval);
        return interval;
    }

    /** Gateway, core-api, the farm node's JVM, what runs under it, and every service (admin-ui too). */
    private long[] memory() {
        long[] memory = new long[5];
        for (ServiceProcess service : stack.services()) {
            long jvm = ProcessMemory.proportionalSetSize(service.pid());
            long under = ProcessHandle.of(service.pid()).map(ProcessMemory::ofDescendants).orElse(0L);
            switch (service.name()) {
                case "gateway" -> memory[0] = jvm;
                case "core-api" -> memory[1] = jvm;
                case "browser-farm" -> {
                    memory[2] = jvm;
                    memory[3] = under;
                }
                default -> { }
            }
            memory[4] += jvm + under;
        }
        return memory;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
