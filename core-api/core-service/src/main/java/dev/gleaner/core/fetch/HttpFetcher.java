package dev.gleaner.core.fetch;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.parser.Parser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.gleaner.core.config.CrawlProperties;
import dev.gleaner.core.error.RenderFailedException;
import dev.gleaner.core.error.GleanerException;
import dev.gleaner.core.error.TargetRefusedException;
import dev.gleaner.core.policy.BlockDetector;
import dev.gleaner.core.policy.DomainGate;
import dev.gleaner.core.scrape.ScrapeCommand;
import dev.gleaner.farm.client.render.Phases;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Fetches a page over plain HTTP, without a browser, through the egress guard ({@link GuardedHttp}):
 * every connection, redirect hops included, resolves its host once, checks every address and connects
 * to the address it checked. Follows up to {@value #MAX_REDIRECTS} redirects itself, each hop through the
 * per-domain policy gate ({@link DomainGate#through}: the hop's domain's pauses, rate, concurrency cap and
 * breaker), accepts compressed answers, reads at most {@value #MAX_BODY_BYTES} bytes, and ends within the
 * scrape's budget, waits included. The answer has the shape of a render, so everything after the fetch is the
 * same.
 */
@Component
public class HttpFetcher {

    static final int MAX_REDIRECTS = 10;
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** How much of an answer the gate's block detection looks at. */
    private static final int SCANNED = 256 * 1024;
    /** What the fetcher calls itself unless configured otherwise ({@code GLEANER_USER_AGENT}) or the request names one. */
    public static final String USER_AGENT = CrawlProperties.HttpUserAgent.DEFAULT;
    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** Headers a tenant sets that do not follow a redirect to another host. */
    private static final java.util.Set<String> SAME_HOST_ONLY = java.util.Set.of("authorization", "cookie");

    private final GuardedHttp guarded;
    private final HttpClient client;
    private final String userAgent;
    private final DomainGate gate;

    /** A fetcher that passes no policy gate: for tests of the fetching itself. */
    public HttpFetcher(GuardedHttp guarded) {
        this(guarded, USER_AGENT, null);
    }

    @Autowired
    public HttpFetcher(GuardedHttp guarded, CrawlProperties properties, DomainGate gate) {
        this(guarded, properties.userAgent(), gate);
    }

    private HttpFetcher(GuardedHttp guarded, String userAgent, DomainGate gate) {
        this.userAgent = userAgent;
        this.gate = gate;
        this.guarded = guarded;
        this.client = guarded.client().compress(true).followRedirect(false);
    }

    /** What a GET brought back: the final response's status, headers (names lower-case), URL and body. */
    public record Resource(int status, Map<String, String> headers, String finalUrl, byte[] body) {
    }

    /** The page, or a typed failure: refused by the guard, unreachable, too slow, too large. */
    public Mono<RenderResult> fetch(ScrapeCommand command) {
        return fetch(command, command.timeout(), null);
    }

    /**
     * The page within {@code budget} (what is left of the request's), for {@code tenant} (whose pauses hold its
     * hops); a typed failure otherwise, a hop's domain held back by the gate included.
     */
    public Mono<RenderResult> fetch(ScrapeCommand command, Duration budget, UUID tenant) {
        long start = System.nanoTime();
        String url = command.url().toString();
        return get(command.url(), budget, tenant, true, headers -> {
            headers.set(HttpHeaderNames.USER_AGENT, command.options().userAgent() == null ? userAgent
                    : command.options().userAgent());
            headers.set(HttpHeaderNames.ACCEPT, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
            if (command.options().locale() != null) {
                headers.set(HttpHeaderNames.ACCEPT_LANGUAGE, command.options().locale() + ",*;q=0.5");
            }
            command.options().headers().forEach(headers::set);
        }).map(resource -> result(url, resource, start));
    }

    /**
     * Any resource (robots.txt, a sitemap) as bytes, the same way: guarded, redirects followed hop by hop through the
     * gate (as Gleaner's own fetch: only pauses of every tenant hold it), capped, in time.
     */
    public Mono<Resource> fetchBytes(URI url, Duration timeout) {
        return get(url, timeout, null, false, headers -> headers.set(HttpHeaderNames.USER_AGENT, userAgent));
    }

    /** {@code page}: a page's document, whose final answer may be a block page; else a resource of Gleaner's own. */
    private Mono<Resource> get(URI uri, Duration timeout, UUID tenant, boolean page, Consumer<HttpHeaders> headers) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return hop(uri, uri, deadline, tenant, page, headers, MAX_REDIRECTS)
                .onErrorMap(e -> failure(e, uri.toString()));
    }

    /** One hop, through the gate; a redirect (while hops are left) goes on to the next. */
    private Mono<Resource> hop(URI first, URI url, long deadline, UUID tenant, boolean page,
            Consumer<HttpHeaders> headers, int hopsLeft) {
        Consumer<HttpHeaders> sent = sameHost(first, url) ? headers
                : headers.andThen(h -> SAME_HOST_ONLY.forEach(h::remove));
        Mono<Resource> once = Mono.defer(() -> single(url, remaining(deadline), sent));
        Mono<Resource> gated = gate == null ? once : gate.through(tenant, url, deadline, once, resource ->
                DomainGate.Outcome.of(resource.status(), resource.headers(), !page || isRedirect(resource)
                        ? Optional.empty() : BlockDetector.detect(resource.status(), resource.headers(),
                                new String(resource.body(), 0, Math.min(resource.body().length, SCANNED),
                                        StandardCharsets.ISO_8859_1))));
        return gated.flatMap(resource -> {
            if (!isRedirect(resource) || hopsLeft == 0) {
                return Mono.just(resource);
            }
            URI next;
            try {
                next = url.resolve(resource.headers().get("location").strip());
            } catch (IllegalArgumentException e) {
                return Mono.just(resource); // a Location that is no URI: the redirect is the answer
            }
            return hop(first, next, deadline, tenant, page, headers, hopsLeft - 1);
        });
    }

    private static boolean isRedirect(Resource resource) {
        return resource.status() / 100 == 3 && resource.headers().containsKey("location");
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }

    /** One request, no redirect followed. */
    private Mono<Resource> single(URI uri, Duration timeout, Consumer<HttpHeaders> headers) {
        return client
                .headers(headers)
                .responseTimeout(timeout)
                .get()
                .uri(uri)
                .response((response, body) -> body.asByteArray()
                        .reduce(new ByteArrayOutputStream(), (all, chunk) -> {
                            if (all.size() + chunk.length > MAX_BODY_BYTES) {
                                throw new TooLarge();
                            }
                            all.writeBytes(chunk);
                            return all;
                        })
                        .map(all -> new Resource(response.status().code(), headers(response.responseHeaders()),
                                uri.toString(), all.toByteArray())))
                .next()
                .timeout(timeout)
                .onErrorMap(e -> failure(e, uri.toString()));
    }

    private static RenderResult result(String url, Resource resource, long start) {
        String html = new String(resource.body(), charset(resource.headers().get("content-type"), resource.body()));
        Matcher title = TITLE.matcher(html);
        long ms = (System.nanoTime() - start) / 1_000_000L;
        return new RenderResult(RenderOutcome.OK, url, resource.finalUrl(), resource.status(), resource.headers(), html,
                title.find() ? Parser.unescapeEntities(title.group(1).strip(), false) : "", ms,
                new Phases(0, ms, 0, 0, 0), null, null, null, null, null, null, null);
    }

    private static Map<String, String> headers(HttpHeaders headers) {
        Map<String, String> flat = new LinkedHashMap<>();
        for (String name : headers.names()) {
            flat.put(name.toLowerCase(Locale.ROOT), String.join(", ", headers.getAll(name)));
        }
        return flat;
    }

    /** The Content-Type's charset, else a {@code <meta charset>} near the top, else UTF-8. */
    public static Charset charset(String contentType, byte[] body) {
        String declared = null;
        if (contentType != null) {
            Matcher m = CHARSET.matcher(contentType);
            declared = m.find() ? m.group(1) : null;
        }
        if (declared == null) {
            Matcher m = CHARSET.matcher(new String(body, 0, Math.min(body.length, 2048), StandardCharsets.ISO_8859_1));
            declared = m.find() ? m.group(1) : null;
        }
        try {
            return declared == null ? StandardCharsets.UTF_8 : Charset.forName(declared);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private Throwable failure(Throwable e, String url) {
        if (e instanceof GleanerException) {
            return e; // typed already: refused, timed out, or held back by the gate at a later hop
        }
        Optional<String> refused = GuardedHttp.refusal(e);
        if (refused.isPresent()) {
            return new TargetRefusedException(refused.get());
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return new RenderFailedException(RenderOutcome.INVALID_REQUEST,
                        "the page is larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MiB");
            }
            if (t instanceof TimeoutException || t instanceof ReadTimeoutException) {
                return new RenderFailedException(RenderOutcome.TIMEOUT, "the page did not answer within the budget");
            }
        }
        return new RenderFailedException(RenderOutcome.NAVIGATION_FAILED, "could not fetch " + URI.create(url).getHost()
                + ": " + guarded.describe(e));
    }

    /** The body passed the size limit. */
    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("too large", null, false, false);
        }
    }

}
