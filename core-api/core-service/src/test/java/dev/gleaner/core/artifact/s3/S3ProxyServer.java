package dev.gleaner.core.artifact.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.gleaner.devstack.infra.Ports;

/**
 * An S3-compatible server on loopback for tests: S3Proxy (from Maven Central, copied to
 * {@code target/s3proxy/s3proxy.jar} by the build) with its in-memory store, run as a process of its own
 * with the JVM that runs the tests. Closing it stops the process.
 */
final class S3ProxyServer implements AutoCloseable {

    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key-0123456789";

    private final Process process;
    private final int port;

    private S3ProxyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static S3ProxyServer start() {
        Path jar = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no S3Proxy at " + jar + "; the build copies it there (mvn verify)");
        }
        int port = Ports.free();
        try {
            Path dir = Files.createTempDirectory("s3proxy");
            Path properties = dir.resolve("s3proxy.conf");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=transient",
                    "jclouds.identity=unused",
                    "jclouds.credential=unused",
                    "jclouds.regions=us-east-1", ""));
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties",
                    properties.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
            S3ProxyServer server = new S3ProxyServer(process, port);
            server.awaitListening(Duration.ofSeconds(90), dir.resolve("s3proxy.log"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(Duration timeout, Path log) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy stopped at start: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                process.onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
            }
        }
        close();
        throw new IllegalStateException("S3Proxy did not listen within " + timeout + ": " + Files.readString(log));
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        process.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        process.destroyForcibly();
    }
}
