package dev.gleaner.core.scrape;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gleaner.core.client.scrape.ArtifactRef;
import dev.gleaner.core.client.scrape.ScrapeResponse;
import dev.gleaner.core.content.ContentFormats;
import dev.gleaner.core.content.PageContent;
import dev.gleaner.core.policy.BlockDetector;
import dev.gleaner.farm.client.render.Phases;
import dev.gleaner.farm.client.render.RenderResult;

/** A scrape's answer, made from the page as fetched, what was stored of it and the formats made of it. */
final class ScrapeAnswers {

    private ScrapeAnswers() {
    }

    private static ScrapeResponse.Metadata metadata(RenderResult r, PageContent.Meta meta) {
        return meta == null ? ScrapeResponse.Metadata.titleOnly(r.title())
                : new ScrapeResponse.Metadata(r.title(), meta.description(), meta.canonical(), meta.language(),
                        meta.openGraph(), r.statusCode());
    }

    static ScrapeResponse of(UUID id, ScrapeCommand command, ScrapeService.Fetched fetched,
            Map<String, ArtifactRef> stored, ContentFormats.Made made, long start) {
        LeasedRender.Rendered timed = fetched.rendered();
        RenderResult r = timed.result();
        Phases p = r.phases();
        List<ScrapeResponse.ActionOutcome> actions = r.actions().isEmpty() ? null : r.actions().stream()
                .map(a -> new ScrapeResponse.ActionOutcome(a.type(), a.ok(),
                        a.artifact() != null ? stored.get(a.artifact()) : a.value(), a.error()))
                .toList();
        ArtifactRef rawArtifact = stored.get(ScrapeService.RAW_HTML);
        String raw = command.options().format("rawHtml").isPresent() && rawArtifact == null ? r.html() : null;
        return new ScrapeResponse(id, r.url(), r.finalUrl(), r.statusCode(), r.headers(), made.html(), raw, rawArtifact,
                made.markdown(),
                made.text(), made.links(), made.images(),
                stored.get("screenshot"), stored.get("pdf"), actions, metadata(r, made.meta()),
                new ScrapeResponse.Timings((System.nanoTime() - start) / 1_000_000L, timed.leaseMs(), r.renderMs(),
                        p.contextMs(), p.navigationMs(), p.waitMs(), p.actionsMs(), p.captureMs()),
                r.blocked().stream().map(b -> new ScrapeResponse.Blocked(b.url(), b.reason())).toList(),
                r.consoleErrors(), made.extract(), fetched.via().wire(), fetched.escalation(), null, null,
                fetched.detection().map(d -> d.kind().wire()).orElse(ScrapeResponse.OK),
                fetched.detection().map(BlockDetector.Detection::signal).orElse(null), null, null);
    }
}
