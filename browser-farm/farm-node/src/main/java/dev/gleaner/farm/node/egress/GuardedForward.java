package dev.gleaner.farm.node.egress;

import java.util.Locale;
import java.util.function.Function;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;
import dev.gleaner.web.Failures;
import dev.gleaner.farm.client.guard.Urls;

/**
 * Plain-HTTP requests in absolute form ({@code GET http://host/path}): refused with 403 when the
 * guard refuses their host and port, else forwarded by an HTTP client whose name resolution is
 * the guard itself ({@link GuardedResolver}). Redirects are not followed here: the browser follows
 * them, and each hop comes back through the proxy and is checked again.
 */
final class GuardedForward extends ProxyHandler.Forward {

    private final TargetGuard guard;
    private final Function<Request, EgressSession> sessions;

    GuardedForward(TargetGuard guard, Function<Request, EgressSession> sessions) {
        this.guard = guard;
        this.sessions = sessions;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        EgressSession session = sessions.apply(request);
        HttpURI uri = request.getHttpURI();
        String host = uri.getHost();
        if (session == null) {
            Refusals.write(response, callback, "not part of any render");
            return true;
        }
        if (!session.authorized(request)) {
            Refusals.unauthorized(response, callback);
            return true;
        }
        if (host == null || !"http".equalsIgnoreCase(uri.getScheme())) {
            Refusals.write(response, callback, "only http:// requests are forwarded; https and WebSockets use CONNECT");
            return true;
        }
        int port = port(uri);
        java.util.Optional<String> paused = session.pausedRefusal(host);
        if (paused.isPresent()) {
            session.refused(uri.asString(), host, port, paused.get());
            Refusals.write(response, callback, paused.get());
            return true;
        }
        if (guard.checkHost(host, port) instanceof TargetVerdict.Refused refused) {
            session.refused(uri.asString(), host, port, refused.reason());
            Refusals.write(response, callback, refused.reason());
            return true;
        }
        return super.handle(request, response, callback);
    }

    /**
     * The URL to fetch. Chromium sends characters such as {@code | ^ { } [ ]} unescaped, which the
     * HTTP client cannot carry: they go on percent-encoded, which servers read as the same URL.
     */
    @Override
    protected HttpURI rewriteHttpURI(Request request) {
        HttpURI uri = request.getHttpURI();
        try {
            uri.toURI();
            return uri;
        } catch (IllegalArgumentException e) {
            return Urls.parse(uri.asString()).<HttpURI>map(HttpURI::from).orElse(uri);
        }
    }

    @Override
    protected void onServerToProxyResponseFailure(Request clientToProxyRequest,
            org.eclipse.jetty.client.Request proxyToServerRequest, org.eclipse.jetty.client.Response serverToProxyResponse,
            Response proxyToClientResponse, Callback proxyToClientCallback, Throwable failure) {
        EgressSession session = sessions.apply(clientToProxyRequest);
        HttpURI uri = clientToProxyRequest.getHttpURI();
        String reason = Failures.rootMessage(failure);
        if (session != null && uri.getHost() != null) {
            // the resolver refuses an address the pre-check allowed when the name's answers changed in between
            if (reason.startsWith("refused: ")) {
                session.refused(uri.asString(), uri.getHost(), port(uri), reason.substring("refused: ".length()));
            } else {
                session.unreachable(uri.asString(), uri.getHost(), port(uri), reason);
            }
        }
        super.onServerToProxyResponseFailure(clientToProxyRequest, proxyToServerRequest, serverToProxyResponse,
                proxyToClientResponse, proxyToClientCallback, failure);
    }

    static int port(HttpURI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }
}
