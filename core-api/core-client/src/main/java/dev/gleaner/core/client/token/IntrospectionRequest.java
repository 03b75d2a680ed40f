package dev.gleaner.core.client.token;

/** @param token the API token exactly as the client presented it */
public record IntrospectionRequest(String token) {

    /** Path of core-api's internal introspection endpoint; only the gateway may call it. */
    public static final String PATH = "/internal/v1/tokens/introspect";

    @Override
    public String toString() {
        return "IntrospectionRequest[token=<redacted>]";
    }
}
