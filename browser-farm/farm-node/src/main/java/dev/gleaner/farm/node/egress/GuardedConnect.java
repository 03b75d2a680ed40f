package dev.gleaner.farm.node.egress;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.function.Function;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;
import dev.gleaner.web.Failures;

/**
 * CONNECT tunnels (HTTPS, and WebSockets, which Chromium always tunnels through a proxy): the guard
 * resolves the host once and checks it; the tunnel opens to the checked address itself (an IP
 * literal, so nothing resolves the name again), or the CONNECT is refused with 403. Anything else
 * goes on to the plain-HTTP forwarder.
 */
final class GuardedConnect extends ConnectHandler {

    /** The guard refused the tunnel; its message is the reason. */
    private static final class Refusal extends IOException {
        Refusal(String reason) {
            super(reason, null);
        }
    }

    private final TargetGuard guard;
    private final Function<Request, EgressSession> sessions;

    GuardedConnect(TargetGuard guard, Function<Request, EgressSession> sessions, Handler next) {
        super(next);
        this.guard = guard;
        this.sessions = sessions;
    }

    /** The shared port's credentials; a render's port needs none. Refused: 407, and no tunnel. */
    @Override
    protected boolean handleAuthentication(Request request, Response response, String address) {
        EgressSession session = sessions.apply(request);
        if (session == null || session.authorized(request)) {
            return true;
        }
        response.getHeaders().put(HttpHeader.PROXY_AUTHENTICATE, Refusals.CHALLENGE);
        return false;
    }

    @Override
    protected void connectToServer(Request request, String host, int port, Promise<SocketChannel> promise) {
        EgressSession session = sessions.apply(request);
        if (session == null) {
            promise.failed(new Refusal("not part of any render"));
            return;
        }
        java.util.Optional<String> paused = session.pausedRefusal(host);
        if (paused.isPresent()) {
            session.refused(host + ":" + port, host, port, paused.get());
            promise.failed(new Refusal(paused.get()));
            return;
        }
        switch (guard.checkHost(host, port)) {
            case TargetVerdict.Refused refused -> {
                session.refused(host + ":" + port, host, port, refused.reason());
                promise.failed(new Refusal(refused.reason()));
            }
            case TargetVerdict.Allowed allowed ->
                    super.connectToServer(request, allowed.addresses().getFirst().getHostAddress(), port, promise);
        }
    }

    @Override
    protected void onConnectFailure(Request request, Response response, Callback callback, Throwable failure) {
        if (failure instanceof Refusal refusal) {
            Refusals.write(response, callback, refusal.getMessage());
            return;
        }
        EgressSession session = sessions.apply(request);
        String host = request.getHttpURI().getHost();
        int port = request.getHttpURI().getPort();
        if (session != null && host != null) {
            session.unreachable(host + ":" + port, host, port, Failures.rootMessage(failure));
        }
        super.onConnectFailure(request, response, callback, failure);
    }
}
