package dev.gleaner.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.error.InvalidInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Cleaned HTML, Markdown, text, links, images, main content and extraction rules on recorded pages. */
class PageContentTest {

    private static final String BASE = "https://shop.example.com/news/release.html";

    private static PageContent article() throws IOException {
        try (InputStream in = PageContentTest.class.getResourceAsStream("/content/article.html")) {
            return PageContent.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BASE);
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = PageContentTest.class.getResourceAsStream("/content/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ExtractRules rules(String json) {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        JsonMapper.builder().build().readTree(json).properties().forEach(e -> rules.put(e.getKey(), e.getValue()));
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        ExtractRules compiled = ExtractRules.compile(rules, errors);
        assertThat(errors).isEmpty();
        return compiled;
    }

    @Test
    void onlyTheMainContentLeavesOutHeaderNavigationSidebarAndFooter() throws IOException {
        PageContent main = PageContent.parse(fixture("blog-post.html"), "https://acme.example/blog/render-costs", true,
                null);

        assertThat(main.markdown()).contains("How we cut render costs in half", "Fetching without a browser",
                        "four out of five never reach a browser")
                .doesNotContain("Related posts", "Subscribe to our newsletter", "All rights reserved", "Careers");
        assertThat(main.text()).doesNotContain("About us");
        assertThat(PageContent.parse(fixture("blog-post.html"), "https://acme.example/", false, null).text())
                .as("the whole page without it").contains("Related posts", "All rights reserved");
    }

    @Test
    void extractionRulesTurnThePageIntoJsonTextAttributesListsAndObjects() throws IOException {
        ExtractRules rules = rules("""
                {"title": "h1",
                 "description": {"selector": "meta[name=description]", "attr": "content"},
                 "chart": {"selector": "img[alt=Chart]", "attr": "src"},
                 "features": {"selector": "main ul li", "list": true},
                 "plans": {"selector": "tbody tr", "list": true,
                           "fields": {"name": "td:nth-child(1)", "renders": "td:nth-child(2)"}},
                 "missing": ".nothing-here",
                 "none": {"selector": ".nothing-here", "list": true}}""");
        Map<String, Object> found = PageContent.parse(fixture("article.html"), BASE, false, rules).extracted();

        assertThat(found).containsExactly(
                Map.entry("title", "Release notes"),
                Map.entry("description", " What changed in 2.1. "),
                Map.entry("chart", "https://shop.example.com/news/images/chart.png"),
                Map.entry("features", List.of("Faster starts", "Smaller images")),
                Map.entry("plans", List.of(Map.of("name", "Free", "renders", "100"), Map.of("name", "Team", "renders", "10000"))),
                new java.util.AbstractMap.SimpleEntry<>("missing", null),
                Map.entry("none", List.of()));
    }

    @Test
    void badExtractionRulesAreNamedByTheirPath() {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        JsonMapper.builder().build().readTree("""
                {"ok": "h1", "broken": "div[", "empty": "", "obj": {"attr": "href"},
                 "nested": {"selector": "li", "fields": {"deep": {"selector": "a", "colour": "red"}}},
                 "both": {"selector": "a", "attr": "href", "fields": {"x": "b"}}, "number": 3}""")
                .properties().forEach(e -> rules.put(e.getKey(), e.getValue()));
        List<InvalidInputException.FieldError> errors = new ArrayList<>();

        assertThat(ExtractRules.compile(rules, errors)).isNull();
        assertThat(errors).extracting(InvalidInputException.FieldError::field).containsExactly(
                "extract.rules.broken", "extract.rules.empty", "extract.rules.obj.selector",
                "extract.rules.nested.fields.deep.colour", "extract.rules.both.fields", "extract.rules.number");
    }

    @Test
    void linksAreNormalisedSoOnePageIsOneLink() {
        PageContent page = PageContent.parse("""
                <a href="HTTP://Shop.Example.COM:80/a/./b/../c.html#top">one</a>
                <a href="http://shop.example.com/a/c.html">the same</a>
                <a href="/p?b=2&a=1">sorted</a> <a href="/p?a=1&b=2">the same</a>
                <a href="/%7Euser/">tilde</a> <a href="mailto:x@example.org">not http</a>""", "http://shop.example.com/");
        assertThat(page.links()).containsExactly("http://shop.example.com/a/c.html", "http://shop.example.com/p?a=1&b=2",
                "http://shop.example.com/~user/");
    }

    @Test
    void cleanedHtmlKeepsTheStructureAndTextWithoutScriptsStylesCommentsOrTrackingPixels() throws IOException {
        String html = article().html();

        assertThat(html).contains("<h1 id=\"notes\">Release notes</h1>", "<table>", "<pre>")
                .contains("href=\"https://shop.example.com/changes?v=2.1#api\"")
                .doesNotContain("<script", "<style", "<!--", "<iframe", "track.example.net");
    }

    @Test
    void markdownKeepsHeadingsListsTablesCodeAndLinksAndDropsWhatIsNotContent() throws IOException {
        String markdown = article().markdown();

        assertThat(markdown).contains("Release notes\n=============").as("a setext or atx heading")
                .contains("Version **2.1** adds [API changes](https://shop.example.com/changes?v=2.1#api)")
                .contains("* Faster starts\n* Smaller images")
                .contains("| Plan | Renders |")
                .contains("| Team | 10000   |")
                .contains("```\n./gleaner up\n./gleaner test\n```") // a fenced code block
                .contains("![Chart](https://shop.example.com/news/images/chart.png)")
                .contains("[the blog](https://example.org/blog)");
        assertThat(markdown).doesNotContain("{#", "dataLayer", "font-family", "tracking", "Enable JavaScript", "tracked",
                "ads.example.net");
    }

    @Test
    void textIsWhatAReaderSeesOneBlockPerLine() throws IOException {
        String text = article().text();

        assertThat(text).contains("Release notes\nVersion 2.1 adds API changes and fixes three bugs.\n"
                + "Faster starts\nSmaller images");
        assertThat(text).contains("Team 10000").contains("./gleaner up");
        assertThat(text).doesNotContain("dataLayer", "font-family", "tracking", "tracked", "Enable JavaScript");
    }

    @Test
    void linksAreAbsoluteHttpOnlyWithoutFragmentsEachOnce() throws IOException {
        assertThat(article().links()).containsExactly("https://shop.example.com/", "https://shop.example.com/docs/",
                "https://shop.example.com/changes?v=2.1", "https://example.org/blog");
    }

    @Test
    void imagesAreAbsolute() throws IOException {
        assertThat(article().images()).containsExactly("https://shop.example.com/news/images/chart.png",
                "https://cdn.example.org/logo.svg");
    }

    @Test
    void metadataIsWhatThePageSaysOfItselfReadBeforeCleaning() throws IOException {
        PageContent.Meta meta = article().meta();

        assertThat(meta.description()).isEqualTo("What changed in 2.1.");
        assertThat(meta.canonical()).isEqualTo("https://shop.example.com/news/release-2.1");
        assertThat(meta.language()).isEqualTo("en");
        assertThat(meta.openGraph()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("title", "Release 2.1", "image", "https://cdn.example.org/og.png"));
    }

    @Test
    void emptyOrMissingHtmlGivesEmptyContent() {
        PageContent empty = PageContent.parse(null, null);
        assertThat(empty.markdown()).isEmpty();
        assertThat(empty.text()).isEmpty();
        assertThat(empty.links()).isEmpty();
        assertThat(empty.meta().description()).isNull();
        assertThat(empty.meta().openGraph()).isEmpty();
    }
}
