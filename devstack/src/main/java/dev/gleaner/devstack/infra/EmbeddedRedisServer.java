package dev.gleaner.devstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;

import redis.embedded.RedisServer;

/** A Redis server run from the binary packaged in a Maven artifact, bound to loopback. */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private EmbeddedRedisServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** @param port 0 for any free port */
    public static EmbeddedRedisServer start(int port) {
        return start(port, null);
    }

    /**
     * @param port     0 for any free port
     * @param password what clients must authenticate with; null for none
     */
    public static EmbeddedRedisServer start(int port, String password) {
        int chosen = port > 0 ? port : Ports.free();
        try {
            var builder = RedisServer.newRedisServer()
                    .port(chosen)
                    .bind("127.0.0.1")
                    .onShutdownForceStop(true)
                    .setting("save \"\"")
                    .setting("appendonly no");
            if (password != null) {
                builder.setting("requirepass " + password);
            }
            RedisServer server = builder.build();
            server.start();
            return new EmbeddedRedisServer(server, chosen);
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded Redis did not start on port " + chosen, e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded Redis did not stop cleanly", e);
        }
    }
}
