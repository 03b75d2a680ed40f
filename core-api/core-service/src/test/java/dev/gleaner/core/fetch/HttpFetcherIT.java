package dev.gleaner.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.gleaner.core.client.scrape.ScrapeRequest;
import dev.gleaner.core.error.RenderFailedException;
import dev.gleaner.core.error.TargetRefusedException;
import dev.gleaner.core.scrape.ScrapeCommand;
import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.testsupport.CountingSocket;
import dev.gleaner.testsupport.TestFixtureSite;

/**
 * core-api's own HTTP fetcher against the fixture site over real sockets: redirects followed and the
 * final URL reported, compressed answers read, the budget kept, the size capped, and the egress guard
 * keeping every connection (redirect hops too) off addresses it does not allow.
 */
class HttpFetcherIT {

    private static final FixtureSite SITE = TestFixtureSite.get();
    private static final HttpServer HUGE = huge();
    private static final GuardedHttp OUTBOUND = new GuardedHttp(TargetGuard.configured(
            "127.0.0.1:" + SITE.port() + ",127.0.0.1:" + HUGE.getAddress().getPort()));
    private static final HttpFetcher FETCHER = new HttpFetcher(OUTBOUND);

    private static HttpServer huge() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            server.createContext("/huge", exchange -> {
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[64 * 1024];
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 200; i++) { // 12.5 MiB
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // the fetcher stopped reading: expected
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        OUTBOUND.destroy();
        HUGE.stop(0);
    }

    private static RenderResult fetch(String url, Duration budget) {
        return FETCHER.fetch(ScrapeCommand.validate(new ScrapeRequest(url), budget)).block(Duration.ofSeconds(60));
    }

    @Test
    void aPageBehindRedirectsIsFetchedWithItsFinalUrlStatusHeadersAndTitle() {
        RenderResult page = fetch(SITE.url("/redirect/3"), Duration.ofSeconds(20));
        assertThat(page.outcome()).isEqualTo(RenderOutcome.OK);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.finalUrl()).isEqualTo(SITE.url("/final"));
        assertThat(page.url()).isEqualTo(SITE.url("/redirect/3"));
        assertThat(page.headers()).containsKey("content-type");
        assertThat(page.title()).isNotBlank();
    }

    @Test
    void aCompressedAnswerIsReadAsText() {
        RenderResult page = fetch(SITE.url("/gzipped"), Duration.ofSeconds(20));
        assertThat(page.html()).contains("Sent gzip-encoded, as real sites do.");
        assertThat(page.title()).isEqualTo("Compressed page");
    }

    @Test
    void aTargetTheGuardRefusesIsNeverConnectedTo() {
        try (CountingSocket forbidden = new CountingSocket()) {
            assertThatThrownBy(() -> fetch("http://" + forbidden.hostAndPort() + "/", Duration.ofSeconds(20)))
                    .isInstanceOf(TargetRefusedException.class);
            String hop = SITE.url("/redirect-to?url=" + URLEncoder.encode("http://" + forbidden.hostAndPort() + "/admin",
                    StandardCharsets.UTF_8));
            assertThatThrownBy(() -> fetch(hop, Duration.ofSeconds(20)))
                    .as("a redirect to a refused address").isInstanceOf(TargetRefusedException.class);
            assertThat(forbidden.connections()).isZero();
        }
    }

    @Test
    void aPageSlowerThanTheBudgetTimesOut() {
        assertThatThrownBy(() -> fetch(SITE.url("/slow?ms=5000"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(RenderFailedException.class,
                        e -> assertThat(e.outcome()).isEqualTo(RenderOutcome.TIMEOUT));
    }

    @Test
    void aPageLargerThanTheCapIsRefusedNotRead() {
        assertThatThrownBy(() -> fetch("http://127.0.0.1:" + HUGE.getAddress().getPort() + "/huge",
                Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(RenderFailedException.class, e -> assertThat(e.getMessage()).contains("10 MiB"));
    }

    @Test
    void theCharsetComesFromTheHeaderThenTheMetaElementThenUtf8() {
        byte[] latin = "<p>caf\u00e9</p>".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HttpFetcher.charset("text/html; charset=ISO-8859-1", latin)).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(HttpFetcher.charset("text/html", "<meta charset=\"windows-1252\"><p>x</p>".getBytes()).name())
                .isEqualTo("windows-1252");
        assertThat(HttpFetcher.charset(null, "<p>plain</p>".getBytes())).isEqualTo(StandardCharsets.UTF_8);
        assertThat(HttpFetcher.charset("text/html; charset=nonsense-99", new byte[0])).isEqualTo(StandardCharsets.UTF_8);
    }
}
