package dev.gleaner.testsupport;

import org.testcontainers.DockerClientFactory;

/**
 * Decides once per JVM where real PostgreSQL and Redis come from: Testcontainers when a
 * Docker daemon answers, embedded servers otherwise. Either way the servers are started on
 * first use and shared by every test of the JVM (stopped when it exits).
 */
public final class TestInfrastructure {

    private static volatile Boolean docker;

    private TestInfrastructure() {
    }

    /** Whether a Docker daemon answers; asked once. Set GLEANER_TEST_DOCKER=false to never ask. */
    public static boolean dockerAvailable() {
        Boolean known = docker;
        if (known == null) {
            synchronized (TestInfrastructure.class) {
                if (docker == null) {
                    docker = !"false".equalsIgnoreCase(System.getenv("GLEANER_TEST_DOCKER")) && probeDocker();
                }
                known = docker;
            }
        }
        return known;
    }

    private static boolean probeDocker() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
