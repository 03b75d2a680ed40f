package dev.gleaner.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.gleaner.devstack.infra.Ports;

/**
 * A real three-node Redis Cluster (three masters, every slot assigned) from Debian's {@code redis-server} and
 * {@code redis-cli} ({@code ./gleaner test} installs the package when missing; {@code GLEANER_REDIS_SERVER} names
 * another server binary), on loopback, started once per test JVM and stopped when it exits.
 */
public final class TestRedisCluster {

    private static final Duration READY = Duration.ofSeconds(60);
    private static TestRedisCluster cluster;

    private final List<Integer> ports;
    private final List<Process> nodes;

    private TestRedisCluster(List<Integer> ports, List<Process> nodes) {
        this.ports = ports;
        this.nodes = nodes;
    }

    /** The shared cluster, started on first use. */
    public static synchronized TestRedisCluster get() {
        if (cluster == null) {
            cluster = start();
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(cluster::stop));
        }
        return cluster;
    }

    /** {@code GLEANER_REDIS_URL} for this cluster: its seed nodes. */
    public String url() {
        return "redis-cluster://" + ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    private static TestRedisCluster start() {
        String server = binary("GLEANER_REDIS_SERVER", "redis-server");
        List<Integer> ports = new ArrayList<>();
        List<Process> nodes = new ArrayList<>();
        try {
            Path root = Files.createTempDirectory("gleaner-redis-cluster");
            for (int i = 0; i < 3; i++) {
                int port = Ports.free();
                Path dir = Files.createDirectories(root.resolve("node-" + port));
                nodes.add(new ProcessBuilder(server, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                        "--cluster-node-timeout", "5000", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                        "--daemonize", "no")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start());
                ports.add(port);
            }
            TestRedisCluster made = new TestRedisCluster(ports, nodes);
            for (int port : ports) {
                made.awaitOutput(READY, "PONG", "-p", Integer.toString(port), "ping");
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String created = cli(Duration.ofSeconds(60), create.toArray(String[]::new));
            if (!created.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create did not cover every slot:\n" + created);
            }
            for (int port : ports) {
                made.awaitOutput(READY, "cluster_state:ok", "-p", Integer.toString(port), "cluster", "info");
            }
            return made;
        } catch (IOException e) {
            nodes.forEach(Process::destroyForcibly);
            throw new UncheckedIOException("the Redis cluster did not start", e);
        } catch (RuntimeException e) {
            nodes.forEach(Process::destroyForcibly);
            throw e;
        }
    }

    /** Runs redis-cli until its output contains {@code expected}, failing after {@code timeout}. */
    private void awaitOutput(Duration timeout, String expected, String... args) {
        await("redis-cli " + String.join(" ", args) + " says " + expected).atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (Process node : nodes) {
                        if (!node.isAlive()) {
                            throw new IllegalStateException("a Redis cluster node exited with " + node.exitValue());
                        }
                    }
                    return cli(Duration.ofSeconds(5), args).contains(expected);
                });
    }

    private static String cli(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(binary("GLEANER_REDIS_CLI", "redis-cli")));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return output;
            }
            return output;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    private static String binary(String variable, String name) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: './gleaner test' installs Debian's redis-server"
                + " package (or set " + variable + ")");
    }

    private void stop() {
        nodes.forEach(Process::destroy);
        for (Process node : nodes) {
            try {
                if (!node.waitFor(10, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            } catch (InterruptedException e) {
                node.destroyForcibly();
            }
        }
    }
}
