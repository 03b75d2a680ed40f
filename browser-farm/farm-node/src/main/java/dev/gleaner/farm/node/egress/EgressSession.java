package dev.gleaner.farm.node.egress;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;

import dev.gleaner.farm.client.guard.EgressCredentials;
import dev.gleaner.farm.client.guard.Urls;
import dev.gleaner.farm.client.render.BlockedRequest;
import dev.gleaner.farm.client.render.RenderRequest;

/**
 * One render's port on the egress proxy, and the requests of that render it refused or could not connect; or the
 * node's shared port for core-api's own fetches ({@link EgressProxy#openShared}), which asks for credentials and
 * keeps no list.
 */
public final class EgressSession implements AutoCloseable {

    private static final int MAX_REPORTED = 100;

    private final ServerConnector connector;
    private final int port;
    private final Consumer<ServerConnector> release;
    /** The credentials the shared port asks for; none on a render's port. */
    private final EgressCredentials credentials;
    private final ConcurrentLinkedQueue<Blocked> blocked = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong turnedAway = new AtomicLong();
    private volatile RenderRequest render;

    /** A refused or failed request; {@code hostAndPort} lets a failed navigation find its refusal. */
    private record Blocked(BlockedRequest request, String hostAndPort, boolean refused) {
    }

    /** For a connector that has started: its port is known. */
    EgressSession(ServerConnector connector, Consumer<ServerConnector> release, EgressCredentials credentials) {
        this.connector = connector;
        this.port = connector.getLocalPort();
        this.release = release;
        this.credentials = credentials;
    }

    /** Whether {@code request} may go on: always on a render's port, with valid credentials on the shared one. */
    boolean authorized(Request request) {
        if (credentials == null) {
            return true;
        }
        boolean accepted = credentials.accepts(request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION));
        (accepted ? admitted : turnedAway).incrementAndGet();
        return accepted;
    }

    /** On the shared port: the requests and tunnels whose credentials were accepted. */
    public long admitted() {
        return admitted.get();
    }

    /** On the shared port: the requests and tunnels turned away for want of valid credentials. */
    public long turnedAway() {
        return turnedAway.get();
    }

    /** The render this session serves: the domains paused for it are refused like the guard's refusals. */
    public void serve(RenderRequest render) {
        this.render = render;
    }

    /** Why a request to {@code host} is refused before the guard is asked: its domain is paused for this render. */
    Optional<String> pausedRefusal(String host) {
        RenderRequest serving = render;
        if (serving == null || host == null) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return serving.pausedDomainOf(bare.toLowerCase(Locale.ROOT)).map(domain -> RenderRequest.PAUSED + domain);
    }

    /** The proxy URL the render's browser context uses. */
    public String proxyUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The port this session listens on. */
    public int port() {
        return port;
    }

    void refused(String url, String host, int port, String reason) {
        add(new Blocked(new BlockedRequest(url, reason), key(host, port), true));
    }

    void unreachable(String url, String host, int port, String reason) {
        add(new Blocked(new BlockedRequest(url, "unreachable: " + reason), key(host, port), false));
    }

    private void add(Blocked entry) {
        if (credentials == null && count.incrementAndGet() <= MAX_REPORTED) {
            blocked.add(entry);
        }
    }

    /** Every request of the render that was refused or could not reach its server, in order (at most 100). */
    public List<BlockedRequest> blocked() {
        return blocked.stream().map(Blocked::request).toList();
    }

    /** Why the guard refused the host and port {@code url} connects to, if it did during this render. */
    public Optional<String> refusalFor(String url) {
        return Urls.parse(url).flatMap(Urls::hostAndPort)
                .flatMap(hp -> blocked.stream().filter(b -> b.refused() && b.hostAndPort().equals(key(hp.host(), hp.port())))
                        .map(b -> b.request().reason()).findFirst());
    }

    private static String key(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    public void close() {
        release.accept(connector);
    }
}
