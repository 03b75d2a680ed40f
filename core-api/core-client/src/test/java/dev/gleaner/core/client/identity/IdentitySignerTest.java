package dev.gleaner.core.client.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class IdentitySignerTest {

    private static final String SECRET = "a-secret-of-enough-length";
    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    private final IdentitySigner signer = new IdentitySigner(SECRET, Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));
    private final long ts = NOW.getEpochSecond();
    private final String t = Long.toString(ts);
    private final SignedRequest request = new SignedRequest("POST", "/v1/scrape?a=1", "req-1", body("{\"url\":\"x\"}"));
    private final String signature = signer.sign("tenant:t1", ts, request);

    private static String body(String json) {
        return SignedRequest.digest(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSignatureVerifiesForExactlyWhatWasSigned() {
        assertThat(signer.verify("tenant:t1", t, request, signature)).isTrue();
    }

    @Test
    void changingAnySignedPartBreaksTheSignature() {
        assertThat(signer.verify("tenant:t2", t, request, signature)).isFalse();
        assertThat(signer.verify("tenant:t1", t, new SignedRequest("GET", "/v1/scrape?a=1", "req-1", request.bodyDigest()),
                signature)).isFalse();
        assertThat(signer.verify("tenant:t1", t, new SignedRequest("POST", "/v1/other?a=1", "req-1", request.bodyDigest()),
                signature)).as("path").isFalse();
        assertThat(signer.verify("tenant:t1", t, new SignedRequest("POST", "/v1/scrape?a=2", "req-1", request.bodyDigest()),
                signature)).as("query").isFalse();
        assertThat(signer.verify("tenant:t1", t, new SignedRequest("POST", "/v1/scrape?a=1", "req-2", request.bodyDigest()),
                signature)).as("request id").isFalse();
        assertThat(signer.verify("tenant:t1", t, new SignedRequest("POST", "/v1/scrape?a=1", "req-1", body("{\"url\":\"y\"}")),
                signature)).as("body").isFalse();
        assertThat(signer.verify("tenant:t1", Long.toString(ts + 1), request, signature)).isFalse();
    }

    @Test
    void theTargetIsThePathAndTheQuery() {
        assertThat(SignedRequest.target("/v1/scrape", null)).isEqualTo("/v1/scrape");
        assertThat(SignedRequest.target("/v1/scrape", "")).isEqualTo("/v1/scrape");
        assertThat(SignedRequest.target("/v1/scrape", "a=%20")).isEqualTo("/v1/scrape?a=%20");
        assertThat(SignedRequest.digest(null)).isEqualTo(SignedRequest.digest(new byte[0]));
    }

    @Test
    void anotherSecretDoesNotVerify() {
        IdentitySigner other = new IdentitySigner("another-secret-of-length", Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(other.verify("tenant:t1", t, request, signature)).isFalse();
    }

    @Test
    void aSignatureOlderOrNewerThanTheAllowedSkewIsRefused() {
        IdentitySigner later = new IdentitySigner(SECRET, Duration.ofSeconds(30), Clock.fixed(NOW.plusSeconds(31), ZoneOffset.UTC));
        IdentitySigner earlier = new IdentitySigner(SECRET, Duration.ofSeconds(30), Clock.fixed(NOW.minusSeconds(31), ZoneOffset.UTC));
        assertThat(later.verify("tenant:t1", t, request, signature)).isFalse();
        assertThat(earlier.verify("tenant:t1", t, request, signature)).isFalse();
    }

    @Test
    void missingOrMalformedHeadersAreRefused() {
        assertThat(signer.verify(null, t, request, signature)).isFalse();
        assertThat(signer.verify("tenant:t1", "yesterday", request, signature)).isFalse();
        assertThat(signer.verify("tenant:t1", t, request, null)).isFalse();
    }

    @Test
    void aShortSecretIsRejected() {
        assertThatThrownBy(() -> new IdentitySigner("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
