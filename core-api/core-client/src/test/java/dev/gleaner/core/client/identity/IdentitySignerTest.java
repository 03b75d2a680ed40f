package dev.gleaner.core.client.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class IdentitySignerTest {

    private static final String SECRET = "a-secret-of-enough-length";
    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    private final IdentitySigner signer = new IdentitySigner(SECRET, Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC));
    private final long ts = NOW.getEpochSecond();
    private final String signature = signer.sign("tenant:t1", ts, "POST", "/v1/scrape", "req-1");

    @Test
    void aSignatureVerifiesForExactlyWhatWasSigned() {
        assertThat(signer.verify("tenant:t1", Long.toString(ts), "POST", "/v1/scrape", "req-1", signature)).isTrue();
    }

    @Test
    void changingAnySignedPartBreaksTheSignature() {
        String t = Long.toString(ts);
        assertThat(signer.verify("tenant:t2", t, "POST", "/v1/scrape", "req-1", signature)).isFalse();
        assertThat(signer.verify("tenant:t1", t, "GET", "/v1/scrape", "req-1", signature)).isFalse();
        assertThat(signer.verify("tenant:t1", t, "POST", "/v1/other", "req-1", signature)).isFalse();
        assertThat(signer.verify("tenant:t1", t, "POST", "/v1/scrape", "req-2", signature)).isFalse();
        assertThat(signer.verify("tenant:t1", Long.toString(ts + 1), "POST", "/v1/scrape", "req-1", signature)).isFalse();
    }

    @Test
    void anotherSecretDoesNotVerify() {
        IdentitySigner other = new IdentitySigner("another-secret-of-length", Duration.ofSeconds(60),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(other.verify("tenant:t1", Long.toString(ts), "POST", "/v1/scrape", "req-1", signature)).isFalse();
    }

    @Test
    void aSignatureOlderThanTheAllowedSkewIsRefused() {
        IdentitySigner later = new IdentitySigner(SECRET, Duration.ofSeconds(60),
                Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));
        assertThat(later.verify("tenant:t1", Long.toString(ts), "POST", "/v1/scrape", "req-1", signature)).isFalse();
    }

    @Test
    void missingOrMalformedHeadersAreRefused() {
        assertThat(signer.verify(null, Long.toString(ts), "POST", "/v1/scrape", "req-1", signature)).isFalse();
        assertThat(signer.verify("tenant:t1", "yesterday", "POST", "/v1/scrape", "req-1", signature)).isFalse();
        assertThat(signer.verify("tenant:t1", Long.toString(ts), "POST", "/v1/scrape", "req-1", null)).isFalse();
    }

    @Test
    void aShortSecretIsRejected() {
        assertThatThrownBy(() -> new IdentitySigner("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
