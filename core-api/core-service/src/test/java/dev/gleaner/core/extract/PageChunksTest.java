package dev.gleaner.core.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A long page is cut within the limit, at paragraph breaks where it can, and nothing is lost. */
class PageChunksTest {

    @Test
    void aShortPageIsOneChunk() {
        assertThat(PageChunks.split("# Title\n\nSome text.", 100)).containsExactly("# Title\n\nSome text.");
        assertThat(PageChunks.split("", 100)).containsExactly("");
    }

    @Test
    void aLongPageIsCutAtParagraphBreaksWithinTheLimit() {
        String paragraph = "word ".repeat(15).strip();
        String page = String.join("\n\n", java.util.Collections.nCopies(10, paragraph));
        List<String> chunks = PageChunks.split(page, 200);
        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(200));
        assertThat(chunks).allSatisfy(c -> assertThat(c).startsWith("word").endsWith("word"));
        assertThat(String.join(" ", chunks).replaceAll("\\s+", " ")).isEqualTo(page.replaceAll("\\s+", " "));
    }

    @Test
    void aParagraphLongerThanTheLimitIsCutAtLinesOrAnywhere() {
        String line = "x".repeat(50);
        assertThat(PageChunks.split(line + "\n" + line + "\n" + line, 120)).containsExactly(line + "\n" + line, line);
        assertThat(PageChunks.split("y".repeat(250), 100)).containsExactly("y".repeat(100), "y".repeat(100), "y".repeat(50));
    }
}
