package dev.gleaner.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Markdown, text, links and images of a recorded page. */
class PageContentTest {

    private static final String BASE = "https://shop.example.com/news/release.html";

    private static PageContent article() throws IOException {
        try (InputStream in = PageContentTest.class.getResourceAsStream("/content/article.html")) {
            return PageContent.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BASE);
        }
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
                .contains("    ./gleaner up\n    ./gleaner test") // an indented code block
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
