package dev.gleaner.core.client.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The figures of the console's dashboard, as of {@code at} ({@code GET /admin/v1/dashboard}).
 *
 * @param minutes    the last hour's scrapes (sync and jobs' alike), one entry per minute that had any, oldest first
 * @param queue      jobs waiting and running now
 * @param browsers   the farm's browser slots now
 * @param topDomains the domains with the most errors (429/503, other failures, blocks) over the last minutes
 * @param history    the queue and the farm's slots over the last hour, one sample per minute, oldest first
 */
public record DashboardView(Instant at, List<Minute> minutes, Queue queue, Browsers browsers, List<Domain> topDomains,
        List<Sample> history) {

    /**
     * One minute of scrapes.
     *
     * @param outcomes  scrapes by outcome ({@code OK}, {@code BLOCKED}, {@code CAPTCHA}, {@code TIMEOUT}, …)
     * @param throttled those the site answered 429 or 503
     */
    public record Minute(Instant minute, Map<String, Long> outcomes, long throttled) {

        public long total() {
            return outcomes.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** @param oldestQueuedAt when the job waiting longest was submitted (null when none waits) */
    public record Queue(long queued, long running, Instant oldestQueuedAt) {
    }

    public record Browsers(int nodes, int slots, long busy) {
    }

    /**
     * The queue and the farm's slots as core-api sampled them in one minute.
     *
     * @param oldestAgeSeconds how long the job waiting longest had waited (null when none waited)
     * @param slots            null (and {@code busy} too) when the farm's registry did not answer
     */
    public record Sample(Instant minute, long queued, long running, Long oldestAgeSeconds, Integer slots, Long busy) {
    }

    public record Domain(String domain, long requests, long throttled, long failures, long blocked) {

        public long errors() {
            return throttled + failures + blocked;
        }
    }
}
