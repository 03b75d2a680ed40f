package dev.gleaner.core.fetch;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.gleaner.farm.client.guard.EgressCredentials;
import dev.gleaner.farm.client.guard.GuardedAddressResolverGroup;
import dev.gleaner.farm.client.guard.TargetGuard;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.proxy.HttpProxyHandler.HttpProxyConnectException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.ProxyProvider;

/**
 * core-api's one HTTP client to the outside (pages, robots.txt, sitemaps, webhooks). Every connection goes through
 * an egress guard that resolves the host once, checks it and connects to the address it checked: core-api's own
 * ({@link GuardedAddressResolverGroup}; look-ups on virtual threads, never on an event loop), or, when
 * {@link EgressProperties#viaFarm()}, a farm node's, as a CONNECT tunnel through its shared egress port (the name is
 * resolved and checked there, not here). Its users configure redirects and the rest for themselves.
 */
@Component
public class GuardedHttp implements DisposableBean {

    /** The header on the farm's 403 naming why its guard refused (the farm's {@code EgressProxy.REFUSED_HEADER}). */
    static final String REFUSED_HEADER = "X-Gleaner-Refused";
    private static final long PROXY_CONNECT_TIMEOUT_MS = 10_000;

    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private final ConnectionProvider connections = ConnectionProvider.builder("gleaner-outbound")
            .maxConnections(1_000).pendingAcquireMaxCount(10_000).maxIdleTime(Duration.ofSeconds(30))
            .pendingAcquireTimeout(Duration.ofSeconds(60)).build();
    private final HttpClient client;

    @Autowired
    public GuardedHttp(TargetGuard guard, EgressProperties egress) {
        HttpClient base = HttpClient.create(connections);
        if (egress.viaFarm()) {
            EgressCredentials credentials = new EgressCredentials(egress.secret());
            this.client = base.proxy(proxy -> proxy.type(ProxyProvider.Proxy.HTTP)
                    .host(egress.proxy().getHost()).port(egress.proxy().getPort())
                    // made for each connection, so a header is never older than the connection it opens
                    .httpHeaders(headers -> headers.set(HttpHeaderNames.PROXY_AUTHORIZATION, credentials.header()))
                    .connectTimeoutMillis(PROXY_CONNECT_TIMEOUT_MS));
        } else {
            this.client = base.resolver(new GuardedAddressResolverGroup(guard, lookups));
        }
    }

    /** Through core-api's own guard: for tests of the fetching itself. */
    public GuardedHttp(TargetGuard guard) {
        this(guard, new EgressProperties(null, null));
    }

    public HttpClient client() {
        return client;
    }

    /**
     * Why a guard refused the target of a failed request, if one did: core-api's own (its resolver fails with
     * "refused: …") or the farm's (a 403 to the CONNECT, naming the reason).
     */
    public static Optional<String> refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException unknown && String.valueOf(unknown.getMessage()).startsWith("refused: ")) {
                return Optional.of(unknown.getMessage().substring("refused: ".length()));
            }
            if (t instanceof HttpProxyConnectException proxy && proxy.headers() != null
                    && proxy.headers().contains(REFUSED_HEADER)) {
                return Optional.of(proxy.headers().get(REFUSED_HEADER));
            }
        }
        return Optional.empty();
    }

    @Override
    public void destroy() {
        connections.dispose();
        lookups.shutdown();
    }
}
