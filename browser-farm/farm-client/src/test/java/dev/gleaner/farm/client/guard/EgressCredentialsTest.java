package dev.gleaner.farm.client.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class EgressCredentialsTest {

    private static final String SECRET = "a-secret-of-thirty-two-characters";
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static EgressCredentials at(Instant instant, String secret) {
        return new EgressCredentials(secret, Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void aHeaderMadeWithTheSecretIsAcceptedAndCarriesNoSecret() {
        String header = at(NOW, SECRET).header();

        assertThat(at(NOW, SECRET).accepts(header)).isTrue();
        assertThat(at(NOW.plusSeconds(59), SECRET).accepts(header)).isTrue();
        assertThat(header).startsWith("Gleaner " + NOW.getEpochSecond() + ".").doesNotContain(SECRET);
    }

    @Test
    void anOtherSecretsOrAStaleOrForgedHeaderIsRefused() {
        String header = at(NOW, SECRET).header();
        String mac = header.substring(header.indexOf('.') + 1);

        assertThat(at(NOW, "another-secret-of-32-characters!").accepts(header)).isFalse();
        assertThat(at(NOW.plusSeconds(61), SECRET).accepts(header)).isFalse();
        assertThat(at(NOW.minusSeconds(61), SECRET).accepts(header)).isFalse();
        // the same signature with a fresher time, the signature alone, other schemes, nothing at all
        assertThat(at(NOW, SECRET).accepts("Gleaner " + (NOW.getEpochSecond() + 1) + "." + mac)).isFalse();
        assertThat(at(NOW, SECRET).accepts("Gleaner ." + mac)).isFalse();
        assertThat(at(NOW, SECRET).accepts(header.replace("Gleaner", "Basic"))).isFalse();
        assertThat(at(NOW, SECRET).accepts("Gleaner notanumber.x")).isFalse();
        assertThat(at(NOW, SECRET).accepts(null)).isFalse();
    }

    @Test
    void aShortSecretIsRefusedAtStartWithoutRepeatingIt() {
        assertThatThrownBy(() -> new EgressCredentials("short"))
                .hasMessageContaining("GLEANER_EGRESS_SECRET").hasMessageNotContaining("short");
        assertThat(new EgressCredentials(SECRET).toString()).doesNotContain(SECRET);
    }
}
