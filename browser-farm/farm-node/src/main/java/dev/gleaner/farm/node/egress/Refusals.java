package dev.gleaner.farm.node.egress;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** How the proxy answers a request it will not forward: 403, with the reason in a header and the body. */
final class Refusals {

    private Refusals() {
    }

    static void write(Response response, Callback callback, String reason) {
        response.setStatus(403);
        response.getHeaders().put(EgressProxy.REFUSED_HEADER, headerSafe(reason));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        Content.Sink.write(response, true, "Refused by Gleaner's egress guard: " + reason, callback);
    }

    private static String headerSafe(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
