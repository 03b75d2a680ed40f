package dev.gleaner.core.fetch;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.gleaner.farm.client.guard.EgressCredentials;
import dev.gleaner.farm.client.guard.GuardedAddressResolverGroup;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;
import io.netty.handler.codec.http.HttpHeaderNames;
import dev.gleaner.web.Failures;
import io.netty.handler.proxy.HttpProxyHandler.HttpProxyConnectException;
import io.netty.handler.proxy.ProxyConnectException;
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

    /** The status at the end of Netty's message for a CONNECT the proxy did not accept, e.g. "502 Bad Gateway". */
    private static final Pattern PROXY_STATUS = Pattern.compile("status: (\\d{3}[ A-Za-z]*)$");
    private static final long PROXY_CONNECT_TIMEOUT_MS = 10_000;

    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private final ConnectionProvider connections = ConnectionProvider.builder("gleaner-outbound")
            .maxConnections(1_000).pendingAcquireMaxCount(10_000).maxIdleTime(Duration.ofSeconds(30))
            .pendingAcquireTimeout(Duration.ofSeconds(60)).build();
    private final HttpClient client;
    private final boolean viaFarm;

    @Autowired
    public GuardedHttp(TargetGuard guard, EgressProperties egress) {
        HttpClient base = HttpClient.create(connections);
        this.viaFarm = egress.viaFarm();
        if (viaFarm) {
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
                    && proxy.headers().contains(TargetVerdict.REFUSED_HEADER)) {
                return Optional.of(proxy.headers().get(TargetVerdict.REFUSED_HEADER));
            }
        }
        return Optional.empty();
    }

    /**
     * What went wrong with a request that failed for want of a connection, in words a tenant may read: never the
     * address of the farm's egress port (a cluster-internal one), which the transport's messages name.
     */
    public String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpProxyConnectException proxy) {
                Matcher status = PROXY_STATUS.matcher(String.valueOf(proxy.getMessage()));
                return "the egress guard could not open a connection to it"
                        + (status.find() ? " (" + status.group(1) + ")" : "");
            }
            // through the farm, core-api connects to nothing but the egress port and resolves no other name
            if (viaFarm && (t instanceof ConnectException || t instanceof ProxyConnectException
                    || t instanceof UnknownHostException)) {
                return "the egress guard could not be reached";
            }
        }
        return Failures.rootMessage(failure);
    }

    @Override
    public void destroy() {
        connections.dispose();
        lookups.shutdown();
    }
}
