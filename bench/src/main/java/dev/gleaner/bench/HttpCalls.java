package dev.gleaner.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.client.identity.SignedRequest;

/**
 * The HTTP calls of the admission and HTTP-mode benchmarks, as scenarios: a tenant's call through the
 * gateway (its token), the same call straight to core-api (signed as the gateway signs it), and a plain
 * GET of a page (the client-loop ceiling).
 */
final class HttpCalls {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpCalls() {
    }

    /** How a request reaches Gleaner. */
    interface Door {
        HttpRequest.Builder post(String path, String body);
    }

    static Door gateway(String gatewayUrl, String token) {
        return (path, body) -> HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static Door coreApi(String coreUrl, String identitySecret, String tenantId) {
        IdentitySigner signer = new IdentitySigner(identitySecret);
        String principal = IdentityHeaders.TENANT_PREFIX + tenantId;
        return (path, body) -> {
            String requestId = UUID.randomUUID().toString();
            long ts = signer.now();
            return HttpRequest.newBuilder(URI.create(coreUrl + path))
                    .header("X-Request-Id", requestId)
                    .header(IdentityHeaders.PRINCIPAL, principal)
                    .header(IdentityHeaders.TIMESTAMP, Long.toString(ts))
                    .header(IdentityHeaders.SIGNATURE, signer.sign(principal, ts, new SignedRequest("POST", path, requestId,
                            SignedRequest.digest(body.getBytes(StandardCharsets.UTF_8)))))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        };
    }

    /** POSTs {@code body} to {@code path} through {@code door}; the answer's body when it has {@code status}. */
    static Scenario posting(String name, Door door, String path, String body, int status) {
        return named(name, () -> send(door.post(path, body).header("Content-Type", "application/json"), status));
    }

    /** A plain GET of {@code url}, nothing of Gleaner's in the way. */
    static Scenario plainGet(String name, String url) {
        return named(name, () -> send(HttpRequest.newBuilder(URI.create(url)).GET(), 200));
    }

    private static Scenario named(String name, Scenario.Renderer call) {
        return new Scenario() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Renderer newRenderer() {
                return call;
            }
        };
    }

    private static String send(HttpRequest.Builder request, int status) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != status) {
                throw new IllegalStateException("answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
