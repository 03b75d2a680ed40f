package dev.gleaner.admin.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Charts drawn as SVG: scaled to the largest value, labelled, and safe with any text in them. */
class SvgChartTest {

    private static final List<Instant> SLOTS = List.of(Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T10:01:00Z"));

    @Test
    void stackedBarsAreScaledToTheLargestSlotAndEachBarSaysWhatItIs() {
        String svg = SvgChart.bars("Scrapes", "per minute", SLOTS, List.of(
                new SvgChart.Series("ok", "#0a0", new double[] {1, 2}),
                new SvgChart.Series("failed", "#a00", new double[] {1, 2})));
        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("<title>Scrapes</title>", "<desc>per minute</desc>")
                .contains("10:01 ok: 2").contains(">4</text>").contains("10:00").contains("10:01 UTC");
        assertThat(svg.split("<rect").length - 1).as("four bars and two legend keys").isEqualTo(6);
    }

    @Test
    void textIsEscapedSoAChartCannotCarryMarkup() {
        String svg = SvgChart.lines("<script>x</script>", "a'b", SLOTS,
                List.of(new SvgChart.Series("<img onerror=1>", "#000", new double[] {0, 0})));
        assertThat(svg).doesNotContain("<script>").doesNotContain("<img").contains("&lt;script&gt;", "a&#39;b");
    }
}
