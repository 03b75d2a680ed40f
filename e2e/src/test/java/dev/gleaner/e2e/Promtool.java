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

/**
 * Prometheus's {@code promtool} (Debian's prometheus package, which {@code ./gleaner test} installs), and the metric
 * names Gleaner's code registers, for the tests of what Prometheus and Grafana read.
 */
final class Promtool {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern METRIC = Pattern.compile("\\b(gleaner_[a-z0-9_]+)");
    private static final Pattern REGISTERED = Pattern.compile("\"(gleaner\\.[a-z0-9.]+)\"");
    private static final List<String> SUFFIXES = List.of("", "_total", "_seconds_bucket", "_seconds_count",
            "_seconds_sum", "_bucket", "_count", "_sum", "_bytes");

    private Promtool() {
    }

    static String path() {
        return tool("GLEANER_PROMTOOL", "promtool", "Debian's prometheus package");
    }

    /**
     * A program the tests run: the one {@code variable} names, or {@code name} on the PATH; fails saying that
     * {@code ./gleaner test} installs {@code package}.
     */
    static String tool(String variable, String name, String debianPackage) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new AssertionError(name + " is not installed: './gleaner test' installs " + debianPackage
                + " (or set " + variable + ")");
    }

    /** Runs promtool in {@code dir}, which must succeed; its output. */
    static String run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(path()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** Every group 1 of {@code pattern} in {@code text}, in order. */
    static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The {@code gleaner_*} metric names a PromQL expression reads. */
    static List<String> metrics(String expr) {
        return all(METRIC, expr);
    }

    /** Every meter name Gleaner's main code registers, e.g. {@code gleaner.jobs.queue.depth}. */
    static Set<String> registered() throws IOException {
        Set<String> registered = new HashSet<>();
        try (Stream<Path> sources = Files.walk(ROOT)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")
                    && !p.toString().contains("/target/")).toList()) {
                registered.addAll(all(REGISTERED, Files.readString(source)));
            }
        }
        return registered;
    }

    /** Whether a Prometheus name comes from a registered meter (dots to underscores, its type's suffixes). */
    static boolean registeredAs(String metric, Set<String> registered) {
        return SUFFIXES.stream().anyMatch(suffix -> metric.endsWith(suffix) && registered.contains(
                metric.substring(0, metric.length() - suffix.length()).replace('_', '.')));
    }
}
