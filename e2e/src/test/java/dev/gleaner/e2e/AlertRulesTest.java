package dev.gleaner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The alert rules ({@code infra/prometheus/alerts.yml}) as Prometheus reads them: checked and unit-tested by
 * promtool (Debian's prometheus package, which {@code ./gleaner test} installs), every alert with a runbook and a
 * unit test that makes it fire, and every metric they watch one that Gleaner's code registers.
 */
class AlertRulesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path RULES = ROOT.resolve("infra/prometheus/alerts.yml");
    private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\w+)\\s*$");
    private static final Pattern RUNBOOK = Pattern.compile("(?m)^\\s*runbook_url: (\\S+)\\s*$");
    private static final Pattern EXPR = Pattern.compile("(?m)^\\s*expr: (.+)$");
    private static final Pattern METRIC = Pattern.compile("\\b(gleaner_[a-z0-9_]+)");
    private static final Pattern REGISTERED = Pattern.compile("\"(gleaner\\.[a-z0-9.]+)\"");

    private static String promtool() {
        String configured = System.getenv("GLEANER_PROMTOOL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "promtool"))) {
                return Path.of(dir, "promtool").toString();
            }
        }
        throw new AssertionError("promtool is not installed: './gleaner test' installs Debian's prometheus package"
                + " (or set GLEANER_PROMTOOL)");
    }

    /** Runs promtool in the rules' directory; its exit code and output. */
    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(promtool()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(RULES.getParent().toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void promtoolFindsTheRulesAndTheConfigurationValid() throws Exception {
        assertThat(run("check", "rules", "alerts.yml")).contains("SUCCESS");
        assertThat(run("check", "config", "prometheus.yml")).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void everyAlertsUnitTestsPass() throws Exception {
        assertThat(run("test", "rules", "alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlertHasItsRunbookAndAUnitTestInWhichItFires() throws IOException {
        String rules = Files.readString(RULES);
        String tests = Files.readString(RULES.resolveSibling("alerts.test.yml"));
        List<String> alerts = all(ALERT, rules);
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(11).doesNotHaveDuplicates();
        List<String> runbooks = all(RUNBOOK, rules);
        assertThat(runbooks).hasSameSizeAs(alerts);
        for (int i = 0; i < alerts.size(); i++) {
            String alert = alerts.get(i);
            assertThat(runbooks.get(i)).isEqualTo("docs/runbooks/" + alert + ".md");
            Path runbook = ROOT.resolve(runbooks.get(i));
            assertThat(runbook).as(alert + "'s runbook").exists();
            assertThat(Files.readString(runbook)).contains("## What it means", "## How to confirm", "## What to do");
            assertThat(Pattern.compile("alertname: " + alert + "\\s+exp_alerts:\\s+- exp_labels").matcher(tests).find())
                    .as(alert + " fires in a unit test").isTrue();
        }
    }

    @Test
    void everyMetricTheRulesWatchIsOneTheCodeRegisters() throws IOException {
        Set<String> registered = new HashSet<>();
        try (Stream<Path> sources = Files.walk(ROOT)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")
                    && !p.toString().contains("/target/")).toList()) {
                registered.addAll(all(REGISTERED, Files.readString(source)));
            }
        }
        Set<String> watched = new HashSet<>();
        for (String expr : all(EXPR, Files.readString(RULES))) {
            watched.addAll(all(METRIC, expr));
        }
        assertThat(watched).isNotEmpty();
        for (String metric : watched) {
            assertThat(registeredAs(metric, registered)).as(metric + " is registered by the code").isTrue();
        }
    }

    /** Whether a Prometheus name comes from a registered meter (dots to underscores, its type's suffixes). */
    private static boolean registeredAs(String metric, Set<String> registered) {
        for (String suffix : List.of("", "_total", "_seconds_bucket", "_seconds_count", "_seconds_sum", "_bucket",
                "_count", "_sum", "_bytes")) {
            if (metric.endsWith(suffix) && registered.contains(
                    metric.substring(0, metric.length() - suffix.length()).replace('_', '.'))) {
                return true;
            }
        }
        return false;
    }
}
