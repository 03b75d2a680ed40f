package dev.gleaner.core.client.docs;

import java.util.List;

/**
 * The public API's description, which anyone may read without a token: the OpenAPI document at
 * {@value #DOCUMENT} and the browsable UI under {@value #UI}. The gateway and core-api decide on the
 * path as the router reads it (decoded segments, ambiguous paths refused before this is asked).
 */
public final class ApiDocs {

    /** The OpenAPI 3 document (JSON). */
    public static final String DOCUMENT = "/v1/openapi.json";
    /** The Swagger UI. */
    public static final String UI = "/v1/docs";

    private ApiDocs() {
    }

    /** Whether the decoded path segments name the document, its UI configuration, or the UI. */
    public static boolean isDocs(List<String> segments) {
        if (segments.size() < 2 || !segments.get(0).equals("v1")) {
            return false;
        }
        return segments.get(1).equals("openapi.json") || segments.get(1).equals("docs");
    }
}
