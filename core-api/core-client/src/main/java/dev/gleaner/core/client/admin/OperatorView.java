package dev.gleaner.core.client.admin;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator of the console, never with a password or its hash.
 *
 * @param role         {@code admin} (may change things) or {@code viewer} (read-only)
 * @param lastSignInAt when the operator last signed in (null if never)
 */
public record OperatorView(UUID id, String username, String role, Instant createdAt, String createdBy,
        Instant lastSignInAt) {

    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";

    /** Whether the operator may change things (an admin). */
    public boolean canChange() {
        return ADMIN.equals(role);
    }
}
