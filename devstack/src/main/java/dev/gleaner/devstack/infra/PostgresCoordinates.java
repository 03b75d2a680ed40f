package dev.gleaner.devstack.infra;

/** Where a PostgreSQL database is and how to sign in to it. */
public record PostgresCoordinates(String host, int port, String database, String user, String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
