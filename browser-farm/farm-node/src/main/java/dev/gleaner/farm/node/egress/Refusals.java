package dev.gleaner.farm.node.egress;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import dev.gleaner.farm.client.guard.EgressCredentials;

/**
 * How the proxy answers a request it will not forward: 403, with the reason in a header and the body; or 407 on
 * the shared port without valid credentials.
 */
final class Refusals {

    /** The {@code Proxy-Authenticate} challenge of the shared port. */
    static final String CHALLENGE = EgressCredentials.SCHEME + " realm=\"gleaner-egress\"";

    private Refusals() {
    }

    static void write(Response response, Callback callback, String reason) {
        response.setStatus(403);
        response.getHeaders().put(EgressProxy.REFUSED_HEADER, headerSafe(reason));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        Content.Sink.write(response, true, "Refused by Gleaner's egress guard: " + reason, callback);
    }

    static void unauthorized(Response response, Callback callback) {
        response.setStatus(407);
        response.getHeaders().put(HttpHeader.PROXY_AUTHENTICATE, CHALLENGE);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        Content.Sink.write(response, true, "This port of Gleaner's egress guard is for core-api only", callback);
    }

    private static String headerSafe(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
