package dev.gleaner.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.gleaner.core.error.RenderFailedException;
import dev.gleaner.core.error.TargetRefusedException;
import dev.gleaner.core.webhook.WebhookSender;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.farm.client.guard.EgressCredentials;
import dev.gleaner.farm.client.guard.TargetGuard;

/**
 * core-api's outside client when its fetches leave from the farm ({@code GLEANER_EGRESS_PROXY}), against a stand-in
 * for the farm's egress port that answers each CONNECT as told (the port itself, with its guard, is tested in the
 * farm's {@code EgressProxyIT} and end to end): every connection is a CONNECT naming the host unresolved, with
 * credentials the farm accepts; the farm's refusal is core-api's {@code Target refused}; and no failure a tenant
 * reads names the egress port's address.
 */
class GuardedHttpViaFarmIT {

    private static final String SECRET = "the-egress-secret-of-this-test";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A stand-in egress port: records each CONNECT's head, then answers it with {@code answer}. */
    private static final class FakeEgressPort implements AutoCloseable {
        final ServerSocket socket;
        final ConcurrentLinkedQueue<List<String>> connects = new ConcurrentLinkedQueue<>();

        FakeEgressPort(String answer) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                                StandardCharsets.ISO_8859_1));
                        List<String> head = new ArrayList<>();
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            head.add(line);
                        }
                        connects.add(head);
                        OutputStream out = client.getOutputStream();
                        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                        if (answer.startsWith("HTTP/1.1 200")) {
                            // the tunnel: the "site" answers the request sent through it
                            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                                // the request's head
                            }
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 25\r\n"
                                    + "Connection: close\r\n\r\nUser-agent: *\nDisallow: /")
                                    .getBytes(StandardCharsets.ISO_8859_1));
                        }
                        out.flush();
                    } catch (IOException e) {
                        if (socket.isClosed()) {
                            return;
                        }
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private GuardedHttp viaFarm(int port) {
        GuardedHttp http = new GuardedHttp(TargetGuard.configured(""),
                new EgressProperties(URI.create("http://127.0.0.1:" + port), SECRET));
        open.add(http::destroy);
        return http;
    }

    private FakeEgressPort egressPort(String answer) throws IOException {
        FakeEgressPort port = new FakeEgressPort(answer);
        open.add(port);
        return port;
    }

    @Test
    void everyConnectionIsATunnelNamingTheHostUnresolvedWithCredentialsTheFarmAccepts() throws Exception {
        FakeEgressPort farm = egressPort("HTTP/1.1 200 Connection established\r\n\r\n");
        HttpFetcher fetcher = new HttpFetcher(viaFarm(farm.port()));

        HttpFetcher.Resource robots = fetcher.fetchBytes(URI.create("http://unresolvable.test/robots.txt"), TIMEOUT)
                .block(TIMEOUT);

        assertThat(robots.status()).isEqualTo(200);
        assertThat(new String(robots.body(), StandardCharsets.UTF_8)).isEqualTo("User-agent: *\nDisallow: /");
        List<String> head = farm.connects.peek();
        assertThat(head.getFirst()).isEqualTo("CONNECT unresolvable.test:80 HTTP/1.1");
        String authorization = head.stream().filter(h -> h.regionMatches(true, 0, "Proxy-Authorization:", 0, 20))
                .map(h -> h.substring(20).strip()).findFirst().orElseThrow();
        assertThat(new EgressCredentials(SECRET).accepts(authorization)).isTrue();
        assertThat(authorization).doesNotContain(SECRET);
    }

    @Test
    void theFarmsRefusalIsTargetRefusedWithItsReasonForAPageAndAWebhook() throws Exception {
        FakeEgressPort farm = egressPort("HTTP/1.1 403 Forbidden\r\nX-Gleaner-Refused: loopback address 127.0.0.1\r\n"
                + "Content-Length: 0\r\n\r\n");
        GuardedHttp http = viaFarm(farm.port());

        assertThatThrownBy(() -> new HttpFetcher(http).fetchBytes(URI.create("http://rebinds.test/"), TIMEOUT).block(TIMEOUT))
                .isInstanceOf(TargetRefusedException.class).hasMessage("loopback address 127.0.0.1");
        WebhookSender.Sent sent = new WebhookSender(http).send("https://rebinds.test/hook", "job.finished", "d-1",
                "whsec_test", "{}", TIMEOUT).block(TIMEOUT);
        assertThat(sent).isEqualTo(new WebhookSender.Sent.Refused(
                "the egress guard refuses the target: loopback address 127.0.0.1"));
    }

    @Test
    void noFailureATenantReadsNamesTheEgressPortsAddress() throws Exception {
        FakeEgressPort failing = egressPort("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        assertThatThrownBy(() -> new HttpFetcher(viaFarm(failing.port()))
                .fetchBytes(URI.create("http://down.test/"), TIMEOUT).block(TIMEOUT))
                .isInstanceOf(RenderFailedException.class)
                .hasMessage("could not fetch down.test: the egress guard could not open a connection to it (502 Bad Gateway)");

        int closed = Ports.free();
        GuardedHttp unreachable = viaFarm(closed);
        assertThatThrownBy(() -> new HttpFetcher(unreachable).fetchBytes(URI.create("http://down.test/"), TIMEOUT)
                .block(TIMEOUT))
                .isInstanceOf(RenderFailedException.class)
                .hasMessage("could not fetch down.test: the egress guard could not be reached");
        WebhookSender.Sent sent = new WebhookSender(unreachable).send("https://down.test/hook", "job.finished", "d-2",
                "whsec_test", "{}", TIMEOUT).block(TIMEOUT);
        assertThat(sent).isEqualTo(new WebhookSender.Sent.Unreachable("the egress guard could not be reached"));
    }
}
