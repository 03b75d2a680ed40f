package dev.gleaner.farm.node.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.farm.client.guard.AllowedTargets;
import dev.gleaner.farm.client.guard.EgressCredentials;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.testsupport.CountingSocket;
import dev.gleaner.testsupport.TestFixtureSite;

/**
 * The egress proxy on its own, driven by a plain HTTP client, with a resolver the test controls:
 * a name whose answer changes between two look-ups (DNS rebinding) never reaches the private
 * address, CONNECT to a refused address opens no tunnel, and allowed targets are reached.
 */
class EgressProxyIT {

    private static final FixtureSite SITE = TestFixtureSite.get();

    private final CountingSocket listener = new CountingSocket();
    /** An allowed server that answers any request line, echoing it (the JDK's own server refuses such lines). */
    private final ServerSocket echo = listen();
    /** Allowed, and counting connections: what the shared port lets through without credentials must be nothing. */
    private final CountingSocket allowedListener = new CountingSocket();
    private final AtomicInteger lookups = new AtomicInteger();
    /** rebind.test: a public address the first time it is looked up, the private listener's after that. */
    private final TargetGuard guard = new TargetGuard(AllowedTargets.parse("127.0.0.1:" + SITE.port() + ",127.0.0.1:" + echo.getLocalPort()
            + ",127.0.0.1:" + allowedListener.port()), host -> {
        if (host.equals("rebind.test")) {
            return new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.215.14" : "127.0.0.1")};
        }
        return InetAddress.getAllByName(host);
    });
    private final EgressProxy proxy = new EgressProxy(guard);

    EgressProxyIT() {
        proxy.start();
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try (Socket socket = echo.accept()) {
                    String line = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                            java.nio.charset.StandardCharsets.ISO_8859_1)).readLine();
                    byte[] body = String.valueOf(line).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().write(body);
                } catch (IOException e) {
                    if (echo.isClosed()) {
                        return;
                    }
                }
            }
        });
    }

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() throws IOException {
        proxy.close();
        listener.close();
        allowedListener.close();
        echo.close();
    }

    @Test
    void aRequestLineWithCharactersChromiumLeavesUnescapedIsForwardedPercentEncoded() throws Exception {
        String target = "/x?family=A|B^{y}[z]`";
        try (EgressSession session = proxy.open();
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), URI.create(session.proxyUrl()).getPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(("GET http://127.0.0.1:" + echo.getLocalPort() + target + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + echo.getLocalPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 200").contains("GET /x?family=A%7CB%5E%7By%7D%5Bz%5D%60 HTTP/1.1");
            assertThat(session.blocked()).isEmpty();
        }
    }

    private static HttpClient through(EgressSession session) {
        URI proxyUrl = URI.create(session.proxyUrl());
        return HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress(proxyUrl.getHost(), proxyUrl.getPort())))
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build();
    }

    @Test
    void aNameThatRebindsToAPrivateAddressAfterItsFirstLookUpNeverReachesIt() throws Exception {
        try (EgressSession session = proxy.open(); HttpClient client = through(session)) {
            HttpResponse<String> response = client.send(get("http://rebind.test:" + listener.port() + "/secret"),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isNotEqualTo(200);
            assertThat(listener.connections()).as("connections that reached the private socket").isZero();
            assertThat(lookups.get()).as("the name was looked up").isPositive();
            assertThat(session.blocked()).isNotEmpty()
                    .allSatisfy(b -> assertThat(b.url()).contains("rebind.test"));
        }
    }

    @Test
    void aTunnelToARefusedAddressIsNeverOpened() throws Exception {
        try (EgressSession session = proxy.open(); HttpClient client = through(session)) {
            assertThatThrownBy(() -> client.send(get("https://127.0.0.1:" + listener.port() + "/"),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

            assertThat(listener.connections()).isZero();
            assertThat(session.blocked()).extracting(b -> b.url()).containsExactly("127.0.0.1:" + listener.port());
            assertThat(session.refusalFor("https://127.0.0.1:" + listener.port() + "/anything")).isPresent();
        }
    }

    @Test
    void aDomainPausedForTheRenderIsRefusedOverHttpAndTunnelsWithoutARequestReachingIt() throws Exception {
        String path = "/paused-" + java.util.UUID.randomUUID();
        try (EgressSession session = proxy.open(); HttpClient client = through(session)) {
            session.serve(new RenderRequest("lease", 1, SITE.url("/"), 10_000, "r", null, java.util.List.of("127.0.0.1")));
            HttpResponse<String> refused = client.send(get(SITE.url(path)), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue(EgressProxy.REFUSED_HEADER)).contains("domain paused: 127.0.0.1");
            assertThat(SITE.hits(path)).as("requests that reached the paused domain").isZero();

            assertThatThrownBy(() -> client.send(get("https://127.0.0.1:" + echo.getLocalPort() + "/"),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
            assertThat(session.refusalFor("https://127.0.0.1:" + echo.getLocalPort() + "/")).contains(
                    "domain paused: 127.0.0.1");
        }
    }

    @Test
    void anAllowedTargetIsReachedAndNothingIsBlocked() throws Exception {
        try (EgressSession session = proxy.open(); HttpClient client = through(session)) {
            HttpResponse<String> response = client.send(get(SITE.url("/final")), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("You followed every redirect.");
            assertThat(session.blocked()).isEmpty();
        }
    }

    @Test
    void trafficOutsideAnyRenderIsRefusedAndAClosedRenderPortAcceptsNothing() throws Exception {
        URI browserWide = URI.create(proxy.browserWideUrl());
        try (HttpClient client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress(browserWide.getHost(), browserWide.getPort()))).build()) {
            HttpResponse<String> response = client.send(get(SITE.url("/final")), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
        }
        EgressSession session = proxy.open();
        session.close();
        try (HttpClient client = through(session)) {
            assertThatThrownBy(() -> client.send(get(SITE.url("/final")), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }

    private static final String SECRET = "the-egress-secret-of-this-test";

    /** What the shared port answers a raw request: the status line and headers, then what follows. */
    private static String exchange(EgressSession shared, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), shared.port())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private static String connect(String hostAndPort, String authorization) {
        return "CONNECT " + hostAndPort + " HTTP/1.1\r\nHost: " + hostAndPort + "\r\n"
                + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n") + "\r\n";
    }

    @Test
    void theSharedPortOpensNoTunnelAndForwardsNothingWithoutValidCredentials() throws Exception {
        EgressSession shared = proxy.openShared("127.0.0.1", 0, new EgressCredentials(SECRET));
        String target = "127.0.0.1:" + allowedListener.port();
        String stale = new EgressCredentials(SECRET, java.time.Clock.offset(java.time.Clock.systemUTC(),
                Duration.ofMinutes(-5))).header();
        String otherSecret = new EgressCredentials("not-the-secret-of-this-test").header();
        String path = "/shared-" + java.util.UUID.randomUUID();

        for (String authorization : java.util.Arrays.asList(null, stale, otherSecret, "Basic Y29yZTpzZWNyZXQ=")) {
            assertThat(exchange(shared, connect(target, authorization)))
                    .startsWith("HTTP/1.1 407").contains("Proxy-Authenticate: Gleaner");
            assertThat(exchange(shared, "GET " + SITE.url(path) + " HTTP/1.1\r\nHost: 127.0.0.1:" + SITE.port()
                    + (authorization == null ? "" : "\r\nProxy-Authorization: " + authorization) + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 407");
        }

        assertThat(allowedListener.connections()).as("tunnels opened to the target").isZero();
        assertThat(SITE.hits(path)).as("requests forwarded to the target").isZero();
        assertThat(shared.blocked()).isEmpty();
        assertThat(shared.turnedAway()).isEqualTo(8);
        assertThat(shared.admitted()).isZero();
    }

    @Test
    void theSharedPortTunnelsForValidCredentialsUnderTheSameGuard() throws Exception {
        EgressCredentials credentials = new EgressCredentials(SECRET);
        EgressSession shared = proxy.openShared("127.0.0.1", 0, credentials);

        String tunnelled = exchange(shared, connect("127.0.0.1:" + echo.getLocalPort(), credentials.header())
                + "GET /through-the-tunnel HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(tunnelled).startsWith("HTTP/1.1 200").contains("GET /through-the-tunnel HTTP/1.1");

        String refused = exchange(shared, connect("127.0.0.1:" + listener.port(), credentials.header()));
        assertThat(refused).startsWith("HTTP/1.1 403").contains(EgressProxy.REFUSED_HEADER + ": ");
        assertThat(listener.connections()).as("connections to the refused address").isZero();
        assertThat(shared.admitted()).isEqualTo(2);
    }
}
