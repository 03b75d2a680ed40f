package dev.gleaner.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import dev.gleaner.devstack.infra.PostgresCoordinates;

/**
 * The admission ceiling: single-row INSERTs, one connection per load thread, autocommit, into a copy of
 * the jobs table (its columns, defaults and indexes) on the same PostgreSQL core-api writes to.
 */
final class PlainInserts implements Scenario {

    private final PostgresCoordinates db;

    PlainInserts(PostgresCoordinates db) throws SQLException {
        this.db = db;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_jobs");
            s.execute("CREATE TABLE bench_jobs (LIKE jobs INCLUDING DEFAULTS INCLUDING INDEXES)");
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    @Override
    public String name() {
        return "plain INSERT loop on the same PostgreSQL (ceiling)";
    }

    @Override
    public Renderer newRenderer() {
        try {
            Connection connection = connect();
            PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO bench_jobs (id, tenant_id, status, request, request_hash, max_attempts, dispatched_at)
                    VALUES (?, ?, 'queued', CAST(? AS jsonb), ?, 3, now())""");
            UUID tenant = UUID.randomUUID();
            return new Renderer() {
                @Override
                public String render() {
                    try {
                        insert.setObject(1, UUID.randomUUID());
                        insert.setObject(2, tenant);
                        insert.setString(3, "{\"url\":\"http://127.0.0.1/page\",\"render\":\"http\"}");
                        insert.setBytes(4, new byte[32]);
                        insert.executeUpdate();
                        return "inserted";
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void close() {
                    try {
                        connection.close();
                    } catch (SQLException e) {
                        // the run is over
                    }
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
