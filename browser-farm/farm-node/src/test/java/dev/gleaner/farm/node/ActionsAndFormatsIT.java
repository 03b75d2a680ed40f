package dev.gleaner.farm.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.scrape.Action;
import dev.gleaner.core.client.scrape.Format;
import dev.gleaner.core.client.scrape.Viewport;
import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.render.ActionResult;
import dev.gleaner.farm.client.render.Artifact;
import dev.gleaner.farm.client.render.RenderOptions;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;

/** Actions and binary formats on fixture pages, in the real browser. */
class ActionsAndFormatsIT extends RealNode {

    private RenderResult render(String path, int timeoutMs, Viewport viewport, List<Action> actions,
            List<Format> formats) {
        Lease lease = lease();
        try {
            RenderResult result = pool.render(new RenderRequest(lease.leaseId(), lease.fencingToken(), SITE.url(path),
                    timeoutMs, "it", new RenderOptions(null, null, null, viewport, null, null, null, null, null, null,
                            null, null, actions, formats))).block(Duration.ofSeconds(90));
            assertThat(result).isNotNull();
            return result;
        } finally {
            leases.release(lease).block(Duration.ofSeconds(10));
        }
    }

    private static Action action(String type, String selector, String text, String key, String direction, Integer ms,
            String script, Boolean fullPage) {
        return new Action(type, selector, text, key, direction, ms, script, fullPage, null);
    }

    private static BufferedImage image(Artifact artifact) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(artifact.data()));
        assertThat(image).as("decodes as an image").isNotNull();
        return image;
    }

    @Test
    void clickTypePressScrollAndWaitChangeThePageBeforeItIsCaptured() {
        RenderResult result = render("/interactive", 30_000, null, List.of(
                Action.click("#more"),
                action("type", "#q", "gleaner", null, null, null, null, null),
                action("press", null, null, "Enter", null, null, null, null),
                action("scroll", null, null, null, "bottom", null, null, null),
                action("wait", "#extra", null, null, null, null, null, null),
                action("wait", null, null, null, null, 100, null, null)), null);

        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(result.actions()).extracting(ActionResult::type)
                .containsExactly("click", "type", "press", "scroll", "wait", "wait");
        assertThat(result.actions()).allMatch(ActionResult::ok);
        assertThat(result.html()).contains("<p id=\"typed\">gleaner</p>").contains("Enter pressed")
                .contains("id=\"extra\" style=\"display: block;\"");
        assertThat(result.html()).doesNotContain("<p id=\"scrolled\">0</p>");
    }

    @Test
    void evaluateReturnsTheScriptsValueAwaitingAPromise() {
        RenderResult result = render("/interactive", 30_000, null, List.of(
                Action.evaluate("window.answer"),
                Action.evaluate("new Promise(resolve => setTimeout(() => resolve(document.title), 50))"),
                Action.evaluate("let n = 2; n * 21")), null);

        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(result.actions().get(0).value().toString()).isEqualTo("{\"items\":[1,2,3],\"name\":\"fixture\"}");
        assertThat(result.actions().get(1).value().asString()).isEqualTo("Interactive page");
        assertThat(result.actions().get(2).value().asInt()).isEqualTo(42);
    }

    @Test
    void aFailingActionEndsTheRenderNamingItsIndexAndWhy() {
        RenderResult result = render("/interactive", 30_000, null, List.of(
                Action.click("#more"),
                new Action("click", "#not-on-this-page", null, null, null, null, null, null, 800),
                Action.click("#next")), null);

        assertThat(result.outcome()).isEqualTo(RenderOutcome.ACTION_FAILED);
        assertThat(result.failedAction()).isEqualTo(1);
        assertThat(result.actions()).hasSize(2);
        assertThat(result.actions().get(1).ok()).isFalse();
        assertThat(result.detail()).contains("action 1 (click)").contains("#not-on-this-page");
    }

    @Test
    void dialogsAreDismissedAndADownloadIsNeitherWaitedOnNorSaved() {
        long start = System.nanoTime();
        RenderResult dialogs = render("/dialogs", 20_000, null, List.of(
                Action.click("#download"),
                Action.evaluate("document.getElementById('after').textContent")), null);

        assertThat(dialogs.outcome()).as(dialogs.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(dialogs.actions().get(1).value().asString()).isEqualTo("After the dialogs: confirm=false, prompt=null");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("nothing waited for an answer")
                .isLessThan(Duration.ofSeconds(15));

        start = System.nanoTime();
        RenderResult download = render("/download", 20_000, null, null, null);
        assertThat(download.outcome()).as(download.toString()).isEqualTo(RenderOutcome.NAVIGATION_FAILED);
        assertThat(download.detail()).contains("download");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));

        RenderResult next = render("/interactive", 30_000, null, List.of(Action.evaluate("1 + 1")), null);
        assertThat(next.outcome()).as(next.toString()).isEqualTo(RenderOutcome.OK);
    }

    @Test
    void aScriptThatNeverEndsOrNeverSettlesIsStoppedAtItsDeadline() {
        RenderResult loop = render("/interactive", 30_000, null, List.of(
                new Action("evaluate", null, null, null, null, null, "while (true) {}", null, 1_000)), null);
        assertThat(loop.outcome()).isEqualTo(RenderOutcome.ACTION_FAILED);
        assertThat(loop.actions().getFirst().error()).isNotBlank();

        RenderResult pending = render("/interactive", 30_000, null, List.of(
                new Action("evaluate", null, null, null, null, null, "new Promise(() => {})", null, 1_000)), null);
        assertThat(pending.outcome()).isEqualTo(RenderOutcome.ACTION_FAILED);
        assertThat(pending.actions().getFirst().error()).contains("did not settle");

        // the browser is still fine for the next render
        RenderResult next = render("/interactive", 30_000, null, List.of(Action.evaluate("1 + 1")), null);
        assertThat(next.outcome()).as(next.toString()).isEqualTo(RenderOutcome.OK);
    }

    @Test
    void aScreenshotDecodesToTheViewportsSizeAndAFullPageOneToThePagesHeight() throws IOException {
        RenderResult result = render("/interactive", 30_000, new Viewport(800, 600),
                List.of(action("screenshot", null, null, null, null, null, null, true)),
                List.of(Format.named("screenshot"), Format.named("html")));

        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        Artifact screenshot = result.artifacts().stream().filter(a -> a.name().equals("screenshot")).findFirst()
                .orElseThrow();
        assertThat(screenshot.contentType()).isEqualTo("image/png");
        BufferedImage viewport = image(screenshot);
        assertThat(viewport.getWidth()).isEqualTo(800);
        assertThat(viewport.getHeight()).isEqualTo(600);
        assertThat(result.actions().getFirst().artifact()).isEqualTo("action-0");
        Artifact fullPage = result.artifacts().stream().filter(a -> a.name().equals("action-0")).findFirst().orElseThrow();
        assertThat(image(fullPage).getHeight()).isGreaterThan(5000);
        assertThat(result.html()).contains("Interactive page");
    }

    @Test
    void aJpegScreenshotIsAJpeg() throws IOException {
        RenderResult result = render("/final", 30_000, null, null,
                List.of(new Format("screenshot", null, "jpeg", 50, null, null, null, null)));
        Artifact jpeg = result.artifacts().getFirst();
        assertThat(jpeg.contentType()).isEqualTo("image/jpeg");
        assertThat(jpeg.data()[0] & 0xff).isEqualTo(0xff);
        assertThat(jpeg.data()[1] & 0xff).isEqualTo(0xd8);
        assertThat(image(jpeg).getWidth()).isEqualTo(1280);
        assertThat(result.html()).as("html only when asked for, once formats are given").isNull();
    }

    @Test
    void aPdfParsesWithItsPagesTextAndPaperSize() throws IOException {
        RenderResult result = render("/interactive", 30_000, null, null,
                List.of(new Format("pdf", null, null, null, "A4", true, true, null)));

        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        Artifact pdf = result.artifacts().getFirst();
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.data())) {
            assertThat(document.getNumberOfPages()).isGreaterThan(1);
            PDRectangle paper = document.getPage(0).getMediaBox();
            // A4 landscape: 842 x 595 points
            assertThat(paper.getWidth()).isCloseTo(842f, within(1f));
            assertThat(paper.getHeight()).isCloseTo(595f, within(1f));
            assertThat(new PDFTextStripper().getText(document)).contains("Interactive page").contains("The bottom.");
        }
    }
}
