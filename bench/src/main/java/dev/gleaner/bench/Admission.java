package dev.gleaner.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.gleaner.devstack.DevStack;
import dev.gleaner.devstack.DevStackSettings;
import dev.gleaner.devstack.fixture.FixtureSite;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./gleaner bench --jobs N [--http M]}: how fast Gleaner admits jobs and serves HTTP-mode scrapes,
 * each beside its ceiling in the same run. Admission: N {@code POST /v1/jobs} through the gateway and
 * straight to core-api (workers off, so only admission is measured) beside N plain single-row INSERTs
 * into a copy of the jobs table on the same PostgreSQL. HTTP mode: M {@code POST /v1/scrape} with
 * {@code render: http} of a static fixture page, through the gateway and straight to core-api, beside
 * M plain GETs of the same page by the same client.
 */
final class Admission {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PAGE = "/site/a.html";

    private Admission() {
    }

    static String run(Path root, Path chromium, int jobs, int httpScrapes, int concurrency, int warmup) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s · %d cores · Java %s · concurrency %d, %d warm-up calls per thread%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), concurrency,
                warmup));
        try (FixtureSite site = FixtureSite.start(0)) {
            DevStackSettings settings = BenchmarkMain.settings(root, chromium, 1, site.port(),
                    Map.of("GLEANER_JOBS_WORKER", "false"));
            try (DevStack stack = BenchmarkMain.start(settings)) {
                String tenant = stack.demo().tenantId();
                HttpCalls.Door gateway = HttpCalls.gateway(stack.gatewayUrl(), stack.demo().token());
                HttpCalls.Door core = HttpCalls.coreApi(stack.coreApiUrl(), settings.identitySecret(), tenant);
                if (jobs > 0) {
                    String job = JSON.writeValueAsString(Map.of("url", site.url(PAGE), "render", "http"));
                    LoadRun load = new LoadRun(jobs, concurrency, warmup, body -> body != null);
                    List<LoadRun.Result> results = new ArrayList<>();
                    results.add(BenchmarkMain.measure(load, new PlainInserts(stack.database())));
                    results.add(BenchmarkMain.measure(load, HttpCalls.posting("POST /v1/jobs to core-api directly", core,
                            "/v1/jobs", job, 202)));
                    results.add(BenchmarkMain.measure(load, HttpCalls.posting("POST /v1/jobs through the gateway", gateway,
                            "/v1/jobs", job, 202)));
                    out.append(table("Job admission, " + jobs + " per scenario", "jobs/s", results)).append('\n');
                }
                if (httpScrapes > 0) {
                    String scrape = JSON.writeValueAsString(Map.of("url", site.url(PAGE), "render", "http"));
                    LoadRun load = new LoadRun(httpScrapes, concurrency, warmup, body -> body != null);
                    List<LoadRun.Result> results = new ArrayList<>();
                    results.add(BenchmarkMain.measure(load, HttpCalls.plainGet("plain HTTP client loop, GET " + PAGE
                            + " (ceiling)", site.url(PAGE))));
                    results.add(BenchmarkMain.measure(load, HttpCalls.posting("POST /v1/scrape render http, core-api"
                            + " directly", core, "/v1/scrape", scrape, 200)));
                    results.add(BenchmarkMain.measure(load, HttpCalls.posting("POST /v1/scrape render http, through the"
                            + " gateway", gateway, "/v1/scrape", scrape, 200)));
                    out.append(table("HTTP-mode scrapes of " + PAGE + ", " + httpScrapes + " per scenario", "pages/s",
                            results));
                }
            }
        }
        return out.toString();
    }

    private static String table(String title, String unit, List<LoadRun.Result> results) {
        double ceiling = results.getFirst().throughput();
        StringBuilder out = new StringBuilder("**" + title + "**\n\n");
        out.append("| scenario | ok | failed | p50 ms | p95 ms | max ms | ").append(unit).append(" | of the ceiling |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadRun.Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.0f | %.0f | %.0f %% |%n",
                    r.scenario(), r.latencies().size(), r.failures(), r.percentile(50), r.percentile(95),
                    r.percentile(100), r.throughput(), 100 * r.throughput() / ceiling));
        }
        return out.toString();
    }
}
