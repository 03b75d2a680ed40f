package dev.gleaner.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainKeyTest {

    @ParameterizedTest
    @CsvSource({
            "www.shop.example.co.uk, example.co.uk",
            "Example.COM, example.com",
            "news.example.com., example.com",
            "alice.github.io, alice.github.io",
            "bob.github.io, bob.github.io",
            "127.0.0.1, 127.0.0.1",
            "[::1], ::1",
            "localhost, localhost",
            "intranet-host, intranet-host",
            "a.b.c.example.org, example.org"})
    void aHostIsKeyedByItsRegistrableDomainAndAnAddressByItself(String host, String key) {
        assertThat(DomainKey.of(host)).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource({"http://www.example.co.uk:8080/a?b=c, example.co.uk", "https://[::1]:9/, ::1"})
    void aUrlIsKeyedByItsHost(String url, String key) {
        assertThat(DomainKey.ofUrl(URI.create(url))).hasValue(key);
    }
}
