package dev.gleaner.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.gleaner.devstack.DevStack;
import dev.gleaner.devstack.DevStackSettings;
import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.devstack.infra.EmbeddedRedisServer;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.devstack.process.ServiceProcess;

/**
 * {@code ./gleaner bench [--renders N] [--concurrency C] [--assets A] [--warmup W]}: renders
 * the fixture site's {@code /assets?n=A} page (A sub-resources, content written by its scripts)
 * N times at concurrency C in five ways, in one run on one machine: bare Playwright with a fresh
 * context per render (the isolated ceiling), the same with every request through
 * {@code route.fetch}, bare Playwright reusing one context (no isolation: the physical limit), the
 * farm node direct, and a scrape through the gateway. Prints a Markdown table for docs/benchmarks.md.
 * First, on a Redis of its own, it times lease acquire + release ({@link LeaseLatency});
 * {@code --renders 0} does only that. {@code --soak N} instead renders N times on the farm node and
 * samples its memory every 500 renders ({@link MemorySoak}).
 */
public final class BenchmarkMain {

    private static final Set<String> OPTIONS = Set.of("--renders", "--concurrency", "--assets", "--warmup", "--soak",
            "--jobs", "--http", "--crawl", "--gateway", "--connections", "--minutes", "--every");

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = options(args);
        if (options.containsKey("gateway")) {
            Path root = Path.of(System.getenv().getOrDefault("GLEANER_ROOT", "")).toAbsolutePath();
            System.out.println(GatewayRun.run(root, options.get("gateway"), options.getOrDefault("connections", 64)));
            return;
        }
        if (options.containsKey("minutes")) {
            Path chromium = Path.of(System.getenv().getOrDefault("GLEANER_CHROMIUM_PATH",
                    "/usr/lib/chromium/chromium-headless-shell"));
            Path root = Path.of(System.getenv().getOrDefault("GLEANER_ROOT", "")).toAbsolutePath();
            int minutes = options.get("minutes");
            int concurrency = options.getOrDefault("concurrency", 4);
            try (FixtureSite site = FixtureSite.start(0);
                    DevStack stack = start(settings(root, chromium, concurrency, site.port()))) {
                System.out.println(new MixedSoak(stack, site, concurrency)
                        .run(minutes, options.getOrDefault("every", minutes <= 15 ? 1 : 5)));
            }
            return;
        }
        if (options.containsKey("crawl")) {
            Path chromium = Path.of(System.getenv().getOrDefault("GLEANER_CHROMIUM_PATH",
                    "/usr/lib/chromium/chromium-headless-shell"));
            Path root = Path.of(System.getenv().getOrDefault("GLEANER_ROOT", "")).toAbsolutePath();
            System.out.println(CrawlRun.run(root, chromium, options.get("crawl"), options.getOrDefault("concurrency", 8)));
            return;
        }
        if (options.containsKey("jobs") || options.containsKey("http")) {
            Path chromium = Path.of(System.getenv().getOrDefault("GLEANER_CHROMIUM_PATH",
                    "/usr/lib/chromium/chromium-headless-shell"));
            Path root = Path.of(System.getenv().getOrDefault("GLEANER_ROOT", "")).toAbsolutePath();
            System.out.println(Admission.run(root, chromium, options.getOrDefault("jobs", 0),
                    options.getOrDefault("http", 0), options.getOrDefault("concurrency", 32),
                    options.getOrDefault("warmup", 200)));
            return;
        }
        int renders = options.getOrDefault("renders", 60);
        int concurrency = options.getOrDefault("concurrency", 2);
        int assets = options.getOrDefault("assets", 30);
        int warmup = options.getOrDefault("warmup", 3);
        Path chromium = Path.of(System.getenv().getOrDefault("GLEANER_CHROMIUM_PATH", "/usr/lib/chromium/chromium-headless-shell"));
        Path root = Path.of(System.getenv().getOrDefault("GLEANER_ROOT", "")).toAbsolutePath();

        int scripts = (assets + 1) / 3;
        String expected = scripts + " of " + scripts + " scripts ran";
        LoadRun load = new LoadRun(renders, concurrency, warmup, html -> html != null && html.contains(expected));
        String selector = "#" + FixtureSite.ASSETS_DONE_ID;
        List<LoadRun.Result> results = new ArrayList<>();
        int soak = options.getOrDefault("soak", 0);
        if (soak > 0) {
            System.out.println(soak(root, chromium, soak, concurrency, assets, warmup, load.check()));
            return;
        }
        String leaseReport;
        // the broker alone, on a Redis of its own, before anything else runs on the machine
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(Ports.free())) {
            System.err.println("[bench] lease acquire + release …");
            leaseReport = LeaseLatency.measure(redis.url(), 5_000);
        }
        if (renders == 0) {
            System.out.println(leaseReport);
            return;
        }
        try (FixtureSite site = FixtureSite.start(0)) {
            String url = site.url("/assets?n=" + assets);
            for (BarePlaywright.Mode mode : BarePlaywright.Mode.values()) {
                results.add(measure(load, new BarePlaywright(chromium, url, selector, mode)));
            }
            try (DevStack stack = start(settings(root, chromium, concurrency, site.port()))) {
                results.add(measure(load, new FarmNodeDirect(stack.redisUrl(), "gleaner", url, selector)));
                results.add(measure(load, new ThroughGateway(stack.gatewayUrl(), stack.demo().token(), url, selector)));
            }
        }
        System.out.println(report(results, chromium, renders, concurrency, assets, warmup));
        System.out.println(leaseReport);
    }

    /** {@code --soak N}: N renders on the farm node, 500 at a time, its memory after each 500. */
    private static String soak(Path root, Path chromium, int renders, int concurrency, int assets, int warmup,
            java.util.function.Predicate<String> check) throws Exception {
        try (FixtureSite site = FixtureSite.start(0);
                DevStack stack = start(settings(root, chromium, concurrency, site.port()))) {
            String page = "/assets?n=" + assets;
            ServiceProcess node = stack.services().stream().filter(s -> s.name().equals("browser-farm")).findFirst()
                    .orElseThrow();
            try (Scenario scenario = new FarmNodeDirect(stack.redisUrl(), "gleaner", site.url(page),
                    "#" + FixtureSite.ASSETS_DONE_ID)) {
                return MemorySoak.run(node, new LoadRun(Math.min(500, renders), concurrency, warmup, check), scenario,
                        renders, page);
            }
        }
    }

    static LoadRun.Result measure(LoadRun load, Scenario scenario) throws Exception {
        try (scenario) {
            System.err.println("[bench] " + scenario.name() + " …");
            return load.run(scenario);
        }
    }

    static DevStackSettings settings(Path root, Path chromium, int concurrency, int sitePort) {
        return settings(root, chromium, concurrency, sitePort, Map.of());
    }

    /**
     * Starts the dev stack, with the demo tenant on a plan of its own that no benchmark reaches (the default
     * plan's limits would measure the limits, not the path).
     */
    static DevStack start(DevStackSettings settings) {
        DevStack stack = DevStack.start(settings);
        // Ctrl-C (or SIGTERM) during a run stops the stack's services too, not only this JVM
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "gleaner-bench-shutdown"));
        stack.demo().putOnOwnPlan(java.net.URI.create(stack.coreApiUrl()), settings.adminApiKey(), 100_000, 1_000_000);
        return stack;
    }

    /** A dev stack on free ports for the benchmark; {@code extra} adds or overrides variables. */
    static DevStackSettings settings(Path root, Path chromium, int concurrency, int sitePort, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        for (String port : List.of("GLEANER_GATEWAY_PORT", "GLEANER_CORE_PORT", "GLEANER_FARM_PORT",
                "GLEANER_ADMIN_PORT", "GLEANER_EMBEDDED_PG_PORT", "GLEANER_EMBEDDED_REDIS_PORT")) {
            env.put(port, Integer.toString(Ports.free()));
        }
        env.put("GLEANER_DEMO_SITE_PORT", "0");
        env.put("GLEANER_CHROMIUM_PATH", chromium.toString());
        env.put("GLEANER_FARM_CAPACITY", Integer.toString(concurrency));
        env.put("GLEANER_ALLOWED_TARGETS", "127.0.0.1:" + sitePort);
        env.put("GLEANER_STATE_DIR", "bench/target/gleaner-state");
        // every benchmark loads one local site, one domain to the policy gate: the gate still runs on every fetch
        // (its Redis scripts are part of the path measured) but never holds one back
        env.put("GLEANER_DOMAIN_RATE", "100000");
        env.put("GLEANER_DOMAIN_BURST", "100000");
        env.put("GLEANER_DOMAIN_MAX_CONCURRENCY", "10000");
        env.put("GLEANER_DOMAIN_BREAKER_FAILURES", "1000000");
        env.put("GLEANER_DOMAIN_BLOCK_PAUSE_AFTER", "0");
        env.putAll(extra);
        return DevStackSettings.fromEnvironment(env, root);
    }

    private static String report(List<LoadRun.Result> results, Path chromium, int renders, int concurrency,
            int assets, int warmup) {
        double ceiling = throughputOf(results, BarePlaywright.Mode.FRESH_CONTEXT);
        double limit = throughputOf(results, BarePlaywright.Mode.REUSED_CONTEXT);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s · %d cores · Java %s · %s · %d renders at concurrency %d of"
                + " /assets?n=%d (%d warm-up renders per thread)%n%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), chromium, renders, concurrency,
                assets, warmup));
        out.append("| scenario | ok | failed | p50 ms | p95 ms | max ms | renders/s | of fresh-context ceiling"
                + " | of reused-context limit |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadRun.Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | %.0f | %.2f | %.0f %% | %.0f %% |%n",
                    r.scenario(), r.latencies().size(), r.failures(), r.percentile(50), r.percentile(95),
                    r.percentile(100), r.throughput(), 100 * r.throughput() / ceiling, 100 * r.throughput() / limit));
        }
        return out.toString();
    }

    private static double throughputOf(List<LoadRun.Result> results, BarePlaywright.Mode mode) {
        return results.stream().filter(r -> r.scenario().equals(mode.label)).findFirst().orElseThrow().throughput();
    }

    private static Map<String, Integer> options(String[] args) {
        Map<String, Integer> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: ./gleaner bench [--renders N] [--concurrency C]"
                        + " [--assets A] [--warmup W] [--soak N] | --jobs N [--http N] [--concurrency C] [--warmup W] | --crawl R [--concurrency C]"
                        + " | --gateway SECONDS [--connections C] | --minutes N [--concurrency C] [--every M];"
                        + " got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), Integer.parseInt(args[++i]));
        }
        return options;
    }
}
