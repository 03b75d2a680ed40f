package dev.gleaner.core.crawl;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.gleaner.core.client.crawl.CrawlRequest;
import dev.gleaner.core.client.scrape.ScrapeResponse;
import dev.gleaner.core.job.CrawlPageEnd;
import dev.gleaner.core.job.JobRuns;
import dev.gleaner.core.job.JobStatus;
import dev.gleaner.core.site.SiteUrls;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ends a crawl's page: a fetched page's links (one more link away, within {@code maxDepth}) and where
 * it redirected to go to the frontier with the page's end, in one transaction; then the crawl moves on.
 */
@Component
public class CrawlPages implements CrawlPageEnd {

    private static final Logger log = LoggerFactory.getLogger(CrawlPages.class);

    private final CrawlRepository crawls;
    private final CrawlLedger ledger;
    private final CrawlFrontier frontier;
    private final CrawlProgress progress;
    private final CrawlEvents events;
    private final CrawlMetrics metrics;
    private final JobRuns runs;
    private final JsonMapper json;

    public CrawlPages(CrawlRepository crawls, CrawlLedger ledger, CrawlFrontier frontier, CrawlProgress progress, CrawlEvents events,
            CrawlMetrics metrics, JobRuns runs, JsonMapper json) {
        this.crawls = crawls;
        this.ledger = ledger;
        this.frontier = frontier;
        this.progress = progress;
        this.events = events;
        this.metrics = metrics;
        this.runs = runs;
        this.json = json;
    }

    @Override
    public Mono<Boolean> end(JobRuns.Claim claim, JobStatus status, ScrapeResponse response, String errorJson) {
        return crawls.context(claim.jobId())
                .flatMap(page -> {
                    CrawlCommand crawl = CrawlCommand.validate(json.readValue(page.optionsJson(), CrawlRequest.class),
                            Integer.MAX_VALUE);
                    // a page fetched is followed even when the model's extraction from it failed
                    Mono<List<Found>> found = response != null && !response.isBlocked() && page.open()
                            ? discovered(crawl, page, response) : Mono.just(List.of());
                    return found.flatMap(f -> ledger.endPage(claim, page.crawlId(), status, result(page, response),
                                    errorJson, f, events.page(page.url(), page.depth(), claim.jobId(), status, errorJson),
                                    events::progress))
                            .map(fresh -> {
                                metrics.page(status);
                                metrics.added(fresh);
                                return true;
                            })
                            .onErrorResume(CrawlLedger.FencedOff.class, e -> runs.fencedOff(claim))
                            .flatMap(ended -> !ended ? Mono.just(false) : progress.advance(page.crawlId())
                                    .onErrorResume(e -> {
                                        log.warn("crawl {} did not move on after a page ({}); its sweeper moves it on",
                                                page.crawlId(), e.toString());
                                        return Mono.empty();
                                    })
                                    .thenReturn(true));
                })
                // a job of a crawl without its frontier row cannot happen; end it as a job
                .switchIfEmpty(Mono.defer(() -> runs.finish(claim, status, result(null, response), errorJson)));
    }

    /** Where the page redirected to (fetched already), then its links. */
    private Mono<List<Found>> discovered(CrawlCommand crawl, CrawlRepository.PageContext page, ScrapeResponse response) {
        List<Found> found = new ArrayList<>();
        String landed = SiteUrls.normalise(response.finalUrl(), crawl.ignoreQueryParameters());
        if (landed != null && !SiteUrls.key(landed).equals(SiteUrls.key(page.url()))) {
            found.add(new Found(landed, page.depth(), Found.Fate.ALIAS));
        }
        if (!crawl.followsLinks() || page.depth() >= crawl.maxDepth() || response.links() == null) {
            return Mono.just(found);
        }
        return frontier.classify(crawl, response.links(), page.depth() + 1).map(links -> {
            found.addAll(links);
            return found;
        });
    }

    /** The page's result as stored: without the links the crawl asked for when its request did not. */
    private String result(CrawlRepository.PageContext page, ScrapeResponse response) {
        if (response == null) {
            return null;
        }
        ObjectNode tree = json.valueToTree(response);
        if (page != null && !page.keepLinks()) {
            tree.remove("links");
        }
        return json.writeValueAsString(tree);
    }
}
