package dev.gleaner.core.client.admin;

/** @param name a label for the token, such as the application that uses it */
public record IssueTokenRequest(String name) {
}
