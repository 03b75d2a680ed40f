package dev.gleaner.core.client.admin;

import java.time.Instant;

/**
 * @param name      a label for the token, such as the application that uses it
 * @param expiresAt when it stops working by itself (optional: never; within ten years)
 */
public record IssueTokenRequest(String name, Instant expiresAt) {

    public IssueTokenRequest(String name) {
        this(name, null);
    }
}
