package dev.gleaner.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gleaner.devstack.DevStack;
import dev.gleaner.devstack.DevStackSettings;
import dev.gleaner.devstack.fixture.CrawlSite;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./gleaner bench --crawl R [--concurrency C]}: pages per second of R HTTP-mode crawls of the
 * crawl fixture site ({@value CrawlSite#FETCHABLE} pages), through the gateway, with {@code maxConcurrency}
 * C and C job workers, beside a plain HTTP client fetching the same requests C at a time in the same
 * run (the ceiling: no robots.txt, no link extraction, no frontier, no job pipeline).
 */
final class CrawlRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CrawlRun() {
    }

    static String run(Path root, Path chromium, int crawls, int concurrency) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s · %d cores · Java %s · %d crawls of %d pages, concurrency %d%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), crawls,
                CrawlSite.FETCHABLE, concurrency));
        try (CrawlSite site = CrawlSite.start(0, "http://127.0.0.1:9")) {
            DevStackSettings settings = BenchmarkMain.settings(root, chromium, 1, site.port(),
                    Map.of("GLEANER_JOBS_CONCURRENCY", Integer.toString(concurrency)));
            try (DevStack stack = BenchmarkMain.start(settings)) {
                out.append("| scenario | run | pages | seconds | pages/s |\n|---|---:|---:|---:|---:|\n");
                double plainBest = 0;
                double crawlBest = 0;
                for (int run = 1; run <= crawls; run++) {
                    double plain = plain(site.fetchableRequestUrls(), concurrency, out, run);
                    double crawl = crawl(stack, site, concurrency, out, run);
                    plainBest = Math.max(plainBest, plain);
                    crawlBest = Math.max(crawlBest, crawl);
                }
                out.append(String.format(Locale.ROOT, "%nBest crawl %.0f pages/s, %.0f %% of the best plain loop (%.0f)%n",
                        crawlBest, 100 * crawlBest / plainBest, plainBest));
            }
        }
        return out.toString();
    }

    /** The ceiling: the same requests, {@code concurrency} at a time, by a plain client. */
    private static double plain(List<String> urls, int concurrency, StringBuilder out, int run) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        AtomicInteger ok = new AtomicInteger();
        long start = System.nanoTime();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String url : urls) {
                slots.acquire();
                threads.submit(() -> {
                    try {
                        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                        if (page.statusCode() / 100 <= 3) {
                            ok.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // counted as not ok
                    } finally {
                        slots.release();
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = ok.get() / seconds;
        out.append(String.format(Locale.ROOT, "| plain HTTP client, the crawl's requests (ceiling) | %d | %d | %.2f | %.0f |%n",
                run, ok.get(), seconds, rate));
        return rate;
    }

    private static double crawl(DevStack stack, CrawlSite site, int concurrency, StringBuilder out, int run)
            throws Exception {
        String body = JSON.writeValueAsString(Map.of("url", site.base() + "/", "excludePaths", List.of("^/logout$"),
                "render", "http", "maxConcurrency", concurrency, "formats", List.of("markdown")));
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/crawls"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + stack.demo().token())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("crawl refused: " + accepted.body());
        }
        String id = JSON.readTree(accepted.body()).get("id").asString();
        JsonNode crawl;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        do {
            Thread.sleep(50); // a client polling for the end; the timing comes from the crawl's own timestamps
            HttpResponse<String> got = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/crawls/" + id))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + stack.demo().token()).build(),
                    HttpResponse.BodyHandlers.ofString());
            crawl = JSON.readTree(got.body());
        } while (crawl.get("finishedAt") == null && Instant.now().isBefore(deadline));
        if (crawl.get("finishedAt") == null) {
            throw new IllegalStateException("crawl " + id + " did not end in 10 minutes: " + crawl);
        }
        long pages = crawl.get("counts").get("done").asLong() + crawl.get("counts").get("blocked").asLong();
        double seconds = Duration.between(Instant.parse(crawl.get("createdAt").asString()),
                Instant.parse(crawl.get("finishedAt").asString())).toNanos() / 1e9;
        double rate = pages / seconds;
        out.append(String.format(Locale.ROOT, "| POST /v1/crawls render http, through the gateway | %d | %d | %.2f | %.0f |%n",
                run, pages, seconds, rate));
        return rate;
    }
}
