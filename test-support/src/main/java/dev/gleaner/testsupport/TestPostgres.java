package dev.gleaner.testsupport;

import org.testcontainers.postgresql.PostgreSQLContainer;

import dev.gleaner.devstack.infra.EmbeddedPostgresServer;
import dev.gleaner.devstack.infra.PostgresCoordinates;

/** One real PostgreSQL per test JVM: a container when Docker answers, else an embedded server. */
public final class TestPostgres {

    private static PostgresCoordinates coordinates;

    private TestPostgres() {
    }

    public static synchronized PostgresCoordinates get() {
        if (coordinates == null) {
            coordinates = TestInfrastructure.dockerAvailable() ? startContainer() : startEmbedded();
        }
        return coordinates;
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    private static PostgresCoordinates startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        return new PostgresCoordinates(container.getHost(), container.getFirstMappedPort(), container.getDatabaseName(),
                container.getUsername(), container.getPassword());
    }

    private static PostgresCoordinates startEmbedded() {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(0, null);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
        return server.coordinates();
    }
}
