package dev.gleaner.core.fetch;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.gleaner.farm.client.guard.GuardedAddressResolverGroup;
import dev.gleaner.farm.client.guard.TargetGuard;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * core-api's one HTTP client to the outside (pages, robots.txt, sitemaps, webhooks): every connection
 * resolves its host once through the egress guard, is checked, and goes to the checked address
 * ({@link GuardedAddressResolverGroup}); look-ups run on virtual threads, never on an event loop. Its
 * users configure redirects and the rest for themselves.
 */
@Component
public class GuardedHttp implements DisposableBean {

    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private final ConnectionProvider connections = ConnectionProvider.builder("gleaner-outbound")
            .maxConnections(1_000).pendingAcquireMaxCount(10_000).maxIdleTime(Duration.ofSeconds(30))
            .pendingAcquireTimeout(Duration.ofSeconds(60)).build();
    private final HttpClient client;

    public GuardedHttp(TargetGuard guard) {
        this.client = HttpClient.create(connections).resolver(new GuardedAddressResolverGroup(guard, lookups));
    }

    public HttpClient client() {
        return client;
    }

    @Override
    public void destroy() {
        connections.dispose();
        lookups.shutdown();
    }
}
