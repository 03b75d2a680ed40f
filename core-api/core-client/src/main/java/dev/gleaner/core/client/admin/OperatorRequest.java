package dev.gleaner.core.client.admin;

/**
 * A new operator ({@code POST /admin/v1/operators}), or a change to one ({@code PUT /admin/v1/operators/{id}}:
 * username is not changed there, and a null role or password stays as it is).
 *
 * @param password at least 12 characters; stored as a bcrypt hash only
 * @param role     {@code admin} or {@code viewer}
 */
public record OperatorRequest(String username, String password, String role) {

    @Override
    public String toString() {
        return "OperatorRequest[username=" + username + ", role=" + role + "]";
    }
}
