package dev.gleaner.farm.client.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.testsupport.CountingSocket;
import dev.gleaner.testsupport.TestFixtureSite;
import reactor.netty.http.client.HttpClient;

/**
 * The guard as a Reactor Netty resolver, for core-api's own fetches: a private target is never
 * connected, a name is looked up once however its answers change, allowed targets are fetched.
 */
class GuardedAddressResolverGroupIT {

    private static final FixtureSite SITE = TestFixtureSite.get();

    private final AtomicInteger lookups = new AtomicInteger();
    /** rebind.test: a public address first, loopback after; everything else as the system resolves it. */
    private final TargetGuard guard = new TargetGuard(AllowedTargets.parse("127.0.0.1:" + SITE.port()), host -> {
        if (host.equals("rebind.test")) {
            return new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "192.0.2.10" : "127.0.0.1")};
        }
        return InetAddress.getAllByName(host);
    });

    private HttpClient client() {
        return HttpClient.create()
                .resolver(new GuardedAddressResolverGroup(guard, Executors.newVirtualThreadPerTaskExecutor()))
                .responseTimeout(Duration.ofSeconds(30));
    }

    private String get(String url) {
        return client().get().uri(url).responseContent().aggregate().asString().block(Duration.ofSeconds(60));
    }

    @Test
    void aPrivateTargetIsRefusedBeforeAnyConnection() {
        try (CountingSocket socket = new CountingSocket()) {
            assertThatThrownBy(() -> get("http://" + socket.hostAndPort() + "/"))
                    .hasStackTraceContaining("refused: host '127.0.0.1' resolves to a loopback address");
            assertThat(socket.connections()).isZero();
        }
    }

    @Test
    void aRebindingNameIsLookedUpOnceAndItsLaterPrivateAnswerIsNeverUsed() {
        try (CountingSocket socket = new CountingSocket()) {
            // the first (documentation-range, so refused) answer decides; the loopback answer is never asked for
            assertThatThrownBy(() -> get("http://rebind.test:" + socket.port() + "/")).isInstanceOf(RuntimeException.class);
            assertThat(lookups).hasValue(1);
            assertThat(socket.connections()).isZero();
        }
    }

    @Test
    void anAllowedTargetIsFetched() {
        assertThat(get(SITE.url("/final"))).contains("You followed every redirect.");
    }
}
