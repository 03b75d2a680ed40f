package dev.gleaner.core.web;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;

/** Tells a failure of PostgreSQL's availability (down, unreachable, pool exhausted) from any other error. */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof R2dbcNonTransientResourceException || t instanceof R2dbcTransientResourceException
                    || t instanceof ConnectException || t instanceof TimeoutException
                    || t.getClass().getName().startsWith("io.r2dbc.pool.")) {
                return true;
            }
        }
        return false;
    }
}
