package dev.gleaner.testsupport;

import org.testcontainers.containers.GenericContainer;

import dev.gleaner.devstack.infra.EmbeddedRedisServer;

/** One real Redis per test JVM: a container when Docker answers, else an embedded server. */
public final class TestRedis {

    private static String url;

    private TestRedis() {
    }

    /** The Redis URI, e.g. {@code redis://127.0.0.1:6379}. */
    public static synchronized String url() {
        if (url == null) {
            url = TestInfrastructure.dockerAvailable() ? startContainer() : startEmbedded();
        }
        return url;
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    private static String startContainer() {
        GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        redis.start();
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
    }

    private static String startEmbedded() {
        EmbeddedRedisServer server = EmbeddedRedisServer.start(0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-redis-stop"));
        return server.url();
    }
}
