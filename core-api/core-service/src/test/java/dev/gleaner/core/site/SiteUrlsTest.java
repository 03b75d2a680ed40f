package dev.gleaner.core.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class SiteUrlsTest {

    @Test
    void spellingsOfOnePageBecomeOne() {
        assertThat(SiteUrls.normalise("HTTP://Example.COM:80/a/./b/../c?b=2&a=1&utm_source=x&gclid=y#top", false))
                .isEqualTo("http://example.com/a/c?a=1&b=2");
        assertThat(SiteUrls.normalise("https://example.com:443/x?fbclid=1", false)).isEqualTo("https://example.com/x");
        assertThat(SiteUrls.normalise("https://example.com/x?page=2&sort=up", true)).isEqualTo("https://example.com/x");
        assertThat(SiteUrls.normalise("https://example.com", false)).isEqualTo("https://example.com/");
    }

    @Test
    void aTrailingSlashIsNotAnotherPageButTheSpellingIsKept() {
        String withSlash = SiteUrls.normalise("http://example.com/docs/", false);
        assertThat(withSlash).isEqualTo("http://example.com/docs/");
        assertThat(SiteUrls.key(withSlash)).isEqualTo(SiteUrls.key("http://example.com/docs"));
        assertThat(SiteUrls.key("http://example.com/docs/?a=1")).isEqualTo("http://example.com/docs?a=1");
        assertThat(SiteUrls.key("http://example.com/")).isEqualTo("http://example.com/");
    }

    @Test
    void onlyWebAddressesAreKept() {
        assertThat(SiteUrls.normalise("mailto:someone@example.com", false)).isNull();
        assertThat(SiteUrls.normalise("javascript:void(0)", false)).isNull();
        assertThat(SiteUrls.normalise("ftp://example.com/file", false)).isNull();
    }

    @Test
    void aSiteIsItsHostAndPortWithSubdomainsOnlyWhenAsked() {
        URI site = URI.create("http://example.com/start");
        assertThat(SiteUrls.onSite(site, URI.create("http://EXAMPLE.com:80/other"), false)).isTrue();
        assertThat(SiteUrls.onSite(site, URI.create("http://example.com:8080/other"), false)).isFalse();
        assertThat(SiteUrls.onSite(site, URI.create("http://docs.example.com/"), false)).isFalse();
        assertThat(SiteUrls.onSite(site, URI.create("http://docs.example.com/"), true)).isTrue();
        assertThat(SiteUrls.onSite(site, URI.create("http://notexample.com/"), true)).isFalse();
    }
}
