package dev.gleaner.core.crawl;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import dev.gleaner.core.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Crawl meters ({@code gleaner_crawl_*}): crawls by status and the frontier are the cluster's, read by
 * the crawl sweeper; pages, skipped URLs and durations are what this instance did.
 */
@Component
public class CrawlMetrics {

    private static final String[] STATUSES = {"running", "succeeded", "failed", "cancelled"};

    private final MeterRegistry meters;
    private final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final AtomicLong frontier = new AtomicLong();
    private final Timer duration;

    public CrawlMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (String status : STATUSES) {
            AtomicLong value = new AtomicLong();
            byStatus.put(status, value);
            Gauge.builder("gleaner.crawl.crawls", value, AtomicLong::get).tag("status", status)
                    .description("Crawls by status, cluster-wide").register(meters);
        }
        Gauge.builder("gleaner.crawl.frontier.size", frontier, AtomicLong::get)
                .description("Pages of running crawls waiting to be fetched, cluster-wide").register(meters);
        this.duration = Timer.builder("gleaner.crawl.duration").description("From a crawl's start to its end")
                .register(meters);
    }

    void page(JobStatus outcome) {
        Counter.builder("gleaner.crawl.pages").tag("outcome", outcome.wire()).description("Crawl pages ended, by outcome")
                .register(meters).increment();
    }

    /** URLs new to a crawl's frontier: those it skips, counted by why. */
    void added(java.util.List<Found> fresh) {
        for (Found.Fate fate : Found.Fate.values()) {
            long count = fresh.stream().filter(found -> found.fate() == fate).count();
            if (fate.skipped() != null && fate != Found.Fate.ALIAS && count > 0) {
                Counter.builder("gleaner.crawl.skipped").tag("reason", fate.skipped())
                        .description("URLs a crawl met and did not fetch, by why (robots, rules, refused)")
                        .register(meters).increment(count);
            }
        }
    }

    void finished(Duration took) {
        duration.record(took);
    }

    void stats(Map<String, Long> stats) {
        byStatus.forEach((status, value) -> value.set(stats.getOrDefault(status, 0L)));
        frontier.set(stats.getOrDefault("frontier", 0L));
    }
}
