package dev.gleaner.core.crawl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.gleaner.core.job.JobStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events of a crawl's stream ({@code GET /v1/crawls/{id}/events}), as stored:
 * <ul>
 * <li>{@code page} {url, depth, status, jobId}: a page was fetched (its content: {@code /pages} or the job)</li>
 * <li>{@code page_failed} {url, depth, status, jobId, error}: a page failed, was blocked or cancelled</li>
 * <li>{@code progress} {counts}: every {@value #PROGRESS_EVERY} ended pages</li>
 * <li>{@code finished} {status, counts}: the last event</li>
 * </ul>
 */
@Component
public class CrawlEvents {

    static final int PROGRESS_EVERY = 10;

    private final JsonMapper json;

    public CrawlEvents(JsonMapper json) {
        this.json = json;
    }

    CrawlRepository.NewEvent page(String url, int depth, UUID jobId, JobStatus status, String errorJson) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("url", url);
        data.put("depth", depth);
        data.put("status", status.wire());
        data.put("jobId", jobId);
        if (errorJson != null) {
            data.put("error", json.readTree(errorJson));
        }
        return new CrawlRepository.NewEvent(status == JobStatus.SUCCEEDED ? "page" : "page_failed",
                json.writeValueAsString(data));
    }

    CrawlRepository.NewEvent progress(CrawlRepository.Crawl crawl) {
        return new CrawlRepository.NewEvent("progress", json.writeValueAsString(Map.of("counts", crawl.counts())));
    }

    CrawlRepository.NewEvent finished(CrawlRepository.Crawl crawl) {
        return new CrawlRepository.NewEvent("finished",
                json.writeValueAsString(Map.of("status", crawl.status(), "counts", crawl.counts())));
    }
}
