package dev.gleaner.core.crawl;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.gleaner.core.job.JobQueue;
import dev.gleaner.core.job.JobRuns;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Moves a crawl on: puts as many of its waiting pages on the job stream as its {@code maxConcurrency}
 * and {@code delayMs} allow, and ends it once nothing of it is left. Runs after every page's end, on
 * the instance that ended it, and from the crawl sweeper on every instance, so a crawl moves on
 * whichever instance dies. With {@code delayMs}, the next start is also scheduled on this instance.
 */
@Component
public class CrawlProgress {

    private static final Logger log = LoggerFactory.getLogger(CrawlProgress.class);
    private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(2);

    private final CrawlLedger crawls;
    private final CrawlEvents events;
    private final CrawlMetrics metrics;
    private final JobQueue queue;
    private final JobRuns runs;
    private final Set<UUID> scheduled = ConcurrentHashMap.newKeySet();

    public CrawlProgress(CrawlLedger crawls, CrawlEvents events, CrawlMetrics metrics, JobQueue queue, JobRuns runs) {
        this.crawls = crawls;
        this.events = events;
        this.metrics = metrics;
        this.queue = queue;
        this.runs = runs;
    }

    public Mono<Void> advance(UUID crawlId) {
        return crawls.dispatch(crawlId)
                .flatMap(dispatch -> Flux.fromIterable(dispatch.jobIds())
                        .concatMap(jobId -> queue.offer(jobId).timeout(QUEUE_TIMEOUT)
                                .onErrorResume(e -> {
                                    log.warn("crawl {} page job {} not queued ({}); queued again from PostgreSQL",
                                            crawlId, jobId, e.toString());
                                    return runs.markUndispatched(jobId).onErrorResume(again -> Mono.empty());
                                }))
                        .then(Mono.fromRunnable(() -> later(crawlId, dispatch)))
                        .thenReturn(dispatch.idle()))
                .flatMap(idle -> !idle ? Mono.empty() : crawls.finishIfDone(crawlId, events::finished)
                        .doOnNext(crawl -> metrics.finished(Duration.between(crawl.createdAt(), crawl.finishedAt())))
                        .then());
    }

    /** With a delay between page starts, the next start on this instance once it is due. */
    private void later(UUID crawlId, CrawlLedger.Dispatch dispatch) {
        if (!dispatch.waiting() || dispatch.nextAt() == null || !dispatch.nextAt().isAfter(Instant.now())
                || !scheduled.add(crawlId)) {
            return;
        }
        Duration wait = Duration.between(Instant.now(), dispatch.nextAt());
        Mono.delay(wait.isNegative() ? Duration.ZERO : wait)
                .then(Mono.fromRunnable(() -> scheduled.remove(crawlId)))
                .then(Mono.defer(() -> advance(crawlId)))
                .subscribe(null, e -> log.warn("crawl {} did not move on: {}", crawlId, e.toString()));
    }
}
