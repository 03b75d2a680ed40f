package dev.gleaner.core.crawl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.gleaner.core.config.JobsProperties;
import dev.gleaner.core.lifecycle.PeriodicTask;
import reactor.core.publisher.Mono;

/**
 * Moves every open crawl on, on every instance, every job sweep interval: counts and reports pages
 * whose jobs ended outside the crawl's own path (failed as lost after their instance died, cancelled
 * one by one), puts waiting pages on the stream (a page end's own move-on died with its instance, a
 * retry is due), ends crawls with nothing left, and reads the crawl gauges.
 */
@Component
public class CrawlSweeper extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(CrawlSweeper.class);
    private static final int OPEN_PER_ROUND = 200;

    private final CrawlRepository crawls;
    private final CrawlLedger ledger;
    private final CrawlProgress progress;
    private final CrawlEvents events;
    private final CrawlMetrics metrics;

    public CrawlSweeper(CrawlRepository crawls, CrawlLedger ledger, CrawlProgress progress, CrawlEvents events, CrawlMetrics metrics,
            JobsProperties properties) {
        super("crawl sweep", properties.sweepInterval());
        this.crawls = crawls;
        this.ledger = ledger;
        this.progress = progress;
        this.events = events;
        this.metrics = metrics;
    }

    @Override
    public Mono<Void> round() {
        return crawls.open(OPEN_PER_ROUND)
                .concatMap(id -> ledger.reportEnded(id, page -> events.page(page.url(), page.depth(), page.jobId(),
                                page.status(), page.errorJson()))
                        .then(progress.advance(id))
                        .onErrorResume(e -> {
                            log.warn("crawl sweep could not move crawl {} on: {}", id, e.toString());
                            return Mono.empty();
                        }))
                .then(crawls.stats().doOnNext(metrics::stats).then());
    }
}
