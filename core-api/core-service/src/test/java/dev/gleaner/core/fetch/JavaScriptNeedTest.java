package dev.gleaner.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The browser-or-not judgement on recorded pages. */
class JavaScriptNeedTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = JavaScriptNeedTest.class.getResourceAsStream("/fetch/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aStaticArticleWithAnalyticsScriptsNeedsNoBrowser() throws IOException {
        assertThat(JavaScriptNeed.of(fixture("static-article.html"), "text/html; charset=utf-8", null)).isEmpty();
    }

    @Test
    void anEmptyAppShellNeedsTheBrowser() throws IOException {
        assertThat(JavaScriptNeed.of(fixture("react-shell.html"), "text/html", null)).contains("noscript-wall");
        String shellWithoutNoscript = fixture("react-shell.html").replaceAll("<noscript>.*</noscript>", "");
        assertThat(JavaScriptNeed.of(shellWithoutNoscript, "text/html", null)).contains("empty-shell");
    }

    @Test
    void aNoscriptWallNeedsTheBrowser() throws IOException {
        assertThat(JavaScriptNeed.of(fixture("noscript-wall.html"), null, null)).contains("noscript-wall");
    }

    @Test
    void contentBuiltByScriptNeedsTheBrowser() throws IOException {
        assertThat(JavaScriptNeed.of(fixture("script-built.html"), "text/html", null)).contains("script-built");
    }

    @Test
    void anElementTheRequestWaitsForDecides() throws IOException {
        String article = fixture("static-article.html");
        assertThat(JavaScriptNeed.of(article, "text/html", "#notes h2")).isEmpty();
        assertThat(JavaScriptNeed.of(article, "text/html", "#comments")).contains("selector-missing");
        assertThat(JavaScriptNeed.of(article, "text/html", "div:has-text(x")).contains("selector-missing");
    }

    @Test
    void whatIsNotHtmlNeverNeedsTheBrowser() {
        assertThat(JavaScriptNeed.of("{\"items\": []}", "application/json", null)).isEmpty();
        assertThat(JavaScriptNeed.of("<script>x()</script>", "text/plain", null)).isEmpty();
    }
}
