package dev.gleaner.farm.node.egress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gleaner.farm.client.guard.EgressCredentials;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;

/**
 * The node's egress guard: a forward proxy on loopback that every byte Chromium fetches goes
 * through (documents, sub-resources, frames, workers, WebSockets; plain HTTP forwarded, HTTPS and
 * WebSockets tunnelled with CONNECT). For each connection it resolves the host once, refuses it
 * when any address is not allowed ({@link TargetGuard}), and connects to the address it checked,
 * so there is no window for DNS rebinding. Pages are never rewritten.
 *
 * <p>Each render gets its own listening port ({@link #open()}), so every request is attributed to
 * its render without credentials, and what was refused is reported with the render's result.
 * Traffic that arrives on the browser-wide port (nothing a render asked for) is refused.
 *
 * <p>core-api's own fetches (pages over HTTP, robots.txt, sitemaps, webhooks) may leave from here too, so that only
 * the farm reaches the internet: {@link #openShared} listens on a network address, under the same guard, for
 * clients that show {@link EgressCredentials}; others get 407.
 */
public final class EgressProxy implements AutoCloseable {

    /** Header on the proxy's own 403, naming why the guard refused the request. */
    public static final String REFUSED_HEADER = TargetVerdict.REFUSED_HEADER;

    private static final Logger log = LoggerFactory.getLogger(EgressProxy.class);
    private static final long CONNECT_TIMEOUT_MS = 10_000;
    private static final long IDLE_TIMEOUT_MS = 60_000;

    private final Server server;
    private final HttpConfiguration http;
    private final ServerConnector browserWide;
    private final Map<Connector, EgressSession> sessions = new ConcurrentHashMap<>();

    public EgressProxy(TargetGuard guard) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("egress");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.http = new HttpConfiguration();
        // Chromium leaves | ^ { } [ ] ` unescaped in paths and queries; the proxy must pass such URLs on
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setSendServerVersion(false);
        this.browserWide = connector();
        server.addConnector(browserWide);

        HttpClient client = new HttpClient();
        client.setSocketAddressResolver(new GuardedResolver(guard));
        client.setConnectTimeout(CONNECT_TIMEOUT_MS);
        client.setIdleTimeout(IDLE_TIMEOUT_MS);
        client.setFollowRedirects(false);
        client.setExecutor(threads);
        GuardedForward forward = new GuardedForward(guard, this::sessionOf);
        forward.setHttpClient(client);
        GuardedConnect connect = new GuardedConnect(guard, this::sessionOf, forward);
        connect.setConnectTimeout(CONNECT_TIMEOUT_MS);
        connect.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.setHandler(connect);
        server.addBean(client);
    }

    private ServerConnector connector() {
        return connector("127.0.0.1", 0);
    }

    private ServerConnector connector(String host, int port) {
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        return connector;
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the egress proxy did not start", e);
        }
        log.info("egress proxy listening on {} (browser-wide; each render gets its own port)", browserWideUrl());
    }

    /** The proxy Chromium is launched with: for anything outside a render, and it refuses everything. */
    public String browserWideUrl() {
        return "http://127.0.0.1:" + browserWide.getLocalPort();
    }

    /** A port of its own for one render; close it when the render ends. */
    public EgressSession open() {
        ServerConnector connector = connector();
        server.addConnector(connector);
        try {
            connector.start();
        } catch (Exception e) {
            release(connector);
            throw new IllegalStateException("could not open an egress port for a render", e);
        }
        // no request can arrive before the session is known: nobody has been told the port yet
        EgressSession session = new EgressSession(connector, this::release, null);
        sessions.put(connector, session);
        return session;
    }

    /**
     * The shared port for core-api's fetches, on {@code host:port} (port 0: any free one), open until the proxy
     * closes; every request on it must carry a {@code Proxy-Authorization} that {@code credentials} accept.
     */
    public EgressSession openShared(String host, int port, EgressCredentials credentials) {
        ServerConnector connector = connector(host, port);
        server.addConnector(connector);
        try {
            connector.start();
        } catch (Exception e) {
            release(connector);
            throw new IllegalStateException("could not listen for core-api's fetches on " + host + ":" + port, e);
        }
        // until the session is known, a request finds none and is refused
        EgressSession session = new EgressSession(connector, this::release, credentials);
        sessions.put(connector, session);
        log.info("egress proxy listening for core-api's fetches on {}:{}", host, session.port());
        return session;
    }

    private void release(ServerConnector connector) {
        sessions.remove(connector);
        try {
            connector.stop();
        } catch (Exception e) {
            log.warn("closing an egress port failed: {}", e.toString());
        }
        server.removeConnector(connector);
    }

    private EgressSession sessionOf(Request request) {
        return sessions.get(request.getConnectionMetaData().getConnector());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("the egress proxy did not stop cleanly: {}", e.toString());
        }
    }
}
