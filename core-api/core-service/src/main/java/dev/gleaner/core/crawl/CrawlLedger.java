package dev.gleaner.core.crawl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.gleaner.core.db.Rows;
import dev.gleaner.core.job.JobRuns;
import dev.gleaner.core.job.JobStatus;
import dev.gleaner.core.job.RequestHash;
import reactor.core.publisher.Mono;

/**
 * Every change to a crawl, its frontier, its counts and its events, each in one transaction that takes
 * the crawl's row lock first, so two instances working on one crawl never add a URL twice, never
 * exceed {@code maxPages}, and number its events in the order they commit.
 */
@Repository
public class CrawlLedger {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final CrawlRepository crawls;

    public CrawlLedger(DatabaseClient db, TransactionalOperator tx, CrawlRepository crawls) {
        this.db = db;
        this.tx = tx;
        this.crawls = crawls;
    }

    /**
     * Page jobs marked as put on the stream now (the caller puts them there); whether more wait; how many run or
     * are on the stream; with a delay between page starts, when the next may start (else null).
     */
    public record Dispatch(List<UUID> jobIds, boolean waiting, long busy, Instant nextAt) {

        /** Nothing of the crawl runs, is on the stream or waits: it may have ended (or, open, is not found). */
        boolean idle() {
            return !waiting && busy == 0;
        }
    }

    /** A new crawl, and the URLs it starts with. */
    public record Inserted(CrawlRepository.Crawl crawl, List<Found> fresh) {
    }

    /** Writes a new crawl with its first URLs (the start page, the sitemaps' URLs) and its audit, in one transaction. */
    public Mono<Inserted> insert(UUID id, UUID tenantId, CrawlCommand command, String optionsJson, String pageRequestJson,
            boolean keepLinks, String webhookJson, List<Found> seeds, int maxAttempts, String requestId, Mono<Void> audit) {
        Mono<Void> crawl = db.sql("""
                        INSERT INTO crawls (id, tenant_id, url, options, page_request, max_pages, max_concurrency, delay_ms,
                                            keep_links, request_id, webhook, webhook_pending)
                        VALUES (:id, :t, :url, CAST(:o AS jsonb), CAST(:p AS jsonb), :maxPages, :concurrency, :delay, :keep,
                                :requestId, CAST(:hook AS jsonb), :pending)""")
                .bind("hook", Parameter.fromOrEmpty(webhookJson, String.class)).bind("pending", webhookJson != null)
                .bind("id", id).bind("t", tenantId).bind("url", command.url().toString()).bind("o", optionsJson)
                .bind("p", pageRequestJson).bind("maxPages", command.maxPages()).bind("concurrency", command.maxConcurrency())
                .bind("delay", command.delayMs()).bind("keep", keepLinks)
                .bind("requestId", Parameter.fromOrEmpty(requestId, String.class))
                .then();
        return crawl.then(audit).then(addLocked(id, seeds, maxAttempts, requestId))
                .flatMap(fresh -> crawls.find(tenantId, id).map(written -> new Inserted(written, fresh)))
                .as(tx::transactional);
    }

    /**
     * Adds what a crawl met to its frontier, in the caller's transaction: the crawl's row is locked, URLs
     * already there are left, pages to fetch beyond {@code maxPages} (or of a crawl that ended) are dropped,
     * and each page to fetch gets a queued job, not yet on the stream ({@link #dispatch} puts it there).
     */
    private Mono<List<Found>> addLocked(UUID crawlId, List<Found> found, int maxAttempts, String requestId) {
        record Locked(UUID tenantId, String pageRequest, int room, int discovered, boolean open) {
        }
        Mono<Locked> lock = db.sql("""
                        SELECT tenant_id, page_request::text AS page_request, max_pages - admitted AS room, discovered,
                               finished_at IS NULL AND cancelled_at IS NULL AS open
                        FROM crawls WHERE id = :id FOR UPDATE""")
                .bind("id", crawlId)
                .map(row -> new Locked(row.get("tenant_id", UUID.class), row.get("page_request", String.class),
                        row.get("room", Integer.class), row.get("discovered", Integer.class),
                        Boolean.TRUE.equals(row.get("open", Boolean.class))))
                .one();
        if (found.isEmpty()) {
            return lock.thenReturn(List.of());
        }
        String[] candidates = found.stream().map(Found::key).toArray(String[]::new);
        return lock.flatMap(locked -> db.sql("SELECT key FROM crawl_pages WHERE crawl_id = :id AND key = ANY(CAST(:keys AS text[]))")
                .bind("id", crawlId).bind("keys", candidates)
                .map(row -> row.get("key", String.class)).all().collect(HashSet<String>::new, Set::add)
                .flatMap(known -> {
                    List<Found> fresh = new ArrayList<>();
                    int room = locked.room();
                    for (Found f : found) {
                        if (!known.add(f.key())) {
                            continue;
                        }
                        if (f.fate() == Found.Fate.FETCH) {
                            if (!locked.open() || room <= 0) {
                                continue;
                            }
                            room--;
                        }
                        fresh.add(f);
                    }
                    return fresh.isEmpty() ? Mono.just(List.<Found>of())
                            : write(crawlId, locked.tenantId(), locked.pageRequest(), locked.discovered(), fresh,
                                    maxAttempts, requestId).thenReturn(List.copyOf(fresh));
                }));
    }

    private Mono<Void> write(UUID crawlId, UUID tenantId, String pageRequest, int discovered, List<Found> fresh,
            int maxAttempts, String requestId) {
        int n = fresh.size();
        String[] urls = new String[n];
        String[] keys = new String[n];
        Integer[] seqs = new Integer[n];
        Integer[] depths = new Integer[n];
        String[] skipped = new String[n];
        String[] jobIds = new String[n];
        List<String> fetchIds = new ArrayList<>();
        List<String> fetchUrls = new ArrayList<>();
        List<Integer> fetchSeqs = new ArrayList<>();
        int[] bySkip = new int[Found.Fate.values().length];
        for (int i = 0; i < n; i++) {
            Found f = fresh.get(i);
            urls[i] = f.url();
            keys[i] = f.key();
            seqs[i] = discovered + i + 1;
            depths[i] = f.depth();
            skipped[i] = f.fate().skipped() == null ? "" : f.fate().skipped();
            bySkip[f.fate().ordinal()]++;
            if (f.fate() == Found.Fate.FETCH) {
                String jobId = UUID.randomUUID().toString();
                jobIds[i] = jobId;
                fetchIds.add(jobId);
                fetchUrls.add(f.url());
                fetchSeqs.add(seqs[i]);
            } else {
                jobIds[i] = "";
            }
        }
        Mono<Void> jobs = fetchIds.isEmpty() ? Mono.empty() : db.sql("""
                        INSERT INTO jobs (id, tenant_id, status, request, request_hash, max_attempts, request_id,
                                          dispatched_at, crawl_id, position)
                        SELECT j.id, :t, 'queued', jsonb_set(CAST(:p AS jsonb), '{url}', to_jsonb(j.url)), :h, :max,
                               :requestId, NULL, :crawl, j.seq
                        FROM unnest(CAST(:ids AS uuid[]), CAST(:urls AS text[]), CAST(:seqs AS int[])) AS j(id, url, seq)""")
                .bind("t", tenantId).bind("p", pageRequest).bind("h", RequestHash.of(pageRequest)).bind("max", maxAttempts)
                .bind("requestId", Parameter.fromOrEmpty(requestId, String.class)).bind("crawl", crawlId)
                .bind("ids", fetchIds.toArray(String[]::new)).bind("urls", fetchUrls.toArray(String[]::new))
                .bind("seqs", fetchSeqs.toArray(Integer[]::new))
                .then();
        Mono<Void> pages = db.sql("""
                        INSERT INTO crawl_pages (crawl_id, key, url, seq, depth, skipped, job_id)
                        SELECT :crawl, p.key, p.url, p.seq, p.depth, NULLIF(p.skipped, ''), CAST(NULLIF(p.job, '') AS uuid)
                        FROM unnest(CAST(:keys AS text[]), CAST(:urls AS text[]), CAST(:seqs AS int[]), CAST(:depths AS int[]),
                                    CAST(:skipped AS text[]), CAST(:jobs AS text[])) AS p(key, url, seq, depth, skipped, job)""")
                .bind("crawl", crawlId).bind("keys", keys).bind("urls", urls).bind("seqs", seqs).bind("depths", depths)
                .bind("skipped", skipped).bind("jobs", jobIds)
                .then();
        Mono<Void> counts = db.sql("""
                        UPDATE crawls SET discovered = discovered + :n, admitted = admitted + :fetch,
                               skipped_robots = skipped_robots + :robots, skipped_rules = skipped_rules + :rules,
                               skipped_refused = skipped_refused + :refused, aliases = aliases + :aliases
                        WHERE id = :crawl""")
                .bind("crawl", crawlId).bind("n", n).bind("fetch", bySkip[Found.Fate.FETCH.ordinal()])
                .bind("robots", bySkip[Found.Fate.ROBOTS.ordinal()]).bind("rules", bySkip[Found.Fate.RULES.ordinal()])
                .bind("refused", bySkip[Found.Fate.REFUSED.ordinal()]).bind("aliases", bySkip[Found.Fate.ALIAS.ordinal()])
                .then();
        return jobs.then(pages).then(counts);
    }

    /** Thrown inside a page's end when its attempt no longer held the job: the transaction is rolled back. */
    static final class FencedOff extends RuntimeException {
        FencedOff() {
            super("fenced off", null, false, false);
        }
    }

    /**
     * Ends a page's job with this attempt and, in the same transaction, adds what the page led to, counts
     * the page and writes its event; answers what was new to the frontier. Nothing is written (and
     * {@link FencedOff} is signalled) when the attempt no longer held the job.
     */
    public Mono<List<Found>> endPage(JobRuns.Claim claim, UUID crawlId, JobStatus status, String resultJson, String errorJson,
            List<Found> found, CrawlRepository.NewEvent event, Function<CrawlRepository.Crawl, CrawlRepository.NewEvent> progress) {
        Mono<Long> finished = db.sql("""
                        WITH ended AS (
                            UPDATE jobs SET status = :status, result = CAST(:result AS jsonb), error = CAST(:error AS jsonb),
                                   finished_at = now(), worker = NULL, lease_until = NULL
                            WHERE id = :id AND attempt = :attempt AND status = 'running' RETURNING id, attempt),
                        attempted AS (
                            UPDATE job_attempts a SET outcome = :status, finished_at = now() FROM ended e
                            WHERE a.job_id = e.id AND a.attempt = e.attempt)
                        UPDATE crawl_pages p SET reported = true FROM ended e WHERE p.job_id = e.id""")
                .bind("status", status.wire()).bind("id", claim.jobId()).bind("attempt", claim.attempt())
                .bind("result", Parameter.fromOrEmpty(resultJson, String.class))
                .bind("error", Parameter.fromOrEmpty(errorJson, String.class))
                .fetch().rowsUpdated();
        // the crawl's lock first, as everywhere; a fenced-off attempt rolls back what it added
        return addLocked(crawlId, found, claim.maxAttempts(), claim.requestId())
                .flatMap(fresh -> finished
                        .flatMap(n -> n == 0 ? Mono.<Integer>error(new FencedOff())
                                : append(crawlId, List.of(event), Map.of(status, 1)))
                        .flatMap(ended -> ended % CrawlEvents.PROGRESS_EVERY != 0 ? Mono.empty()
                                : crawls.find(claim.tenantId(), crawlId).flatMap(crawl -> append(crawlId,
                                        List.of(progress.apply(crawl)), Map.of())))
                        .thenReturn(fresh))
                .as(tx::transactional);
    }

    private Mono<Void> lock(UUID crawlId) {
        return db.sql("SELECT id FROM crawls WHERE id = :id FOR UPDATE").bind("id", crawlId).map(row -> 1).all().then();
    }

    /**
     * Writes events numbered after the crawl's last one and counts the pages that {@code ended}, in one
     * statement that takes the crawl's row lock; answers how many of its pages have ended now.
     */
    private Mono<Integer> append(UUID crawlId, List<CrawlRepository.NewEvent> events, Map<JobStatus, Integer> ended) {
        return db.sql("""
                        WITH n AS (
                            UPDATE crawls SET last_event = last_event + :k, done = done + :done, failed = failed + :failed,
                                   blocked = blocked + :blocked, cancelled = cancelled + :cancelled
                            WHERE id = :id RETURNING last_event, done + failed + blocked + cancelled AS ended),
                        written AS (
                            INSERT INTO crawl_events (crawl_id, seq, type, data)
                            SELECT :id, n.last_event - :k + e.ord, e.type, CAST(e.data AS jsonb)
                            FROM n, unnest(CAST(:types AS text[]), CAST(:data AS text[])) WITH ORDINALITY AS e(type, data, ord))
                        SELECT ended FROM n""")
                .bind("id", crawlId).bind("k", events.size())
                .bind("types", events.stream().map(CrawlRepository.NewEvent::type).toArray(String[]::new))
                .bind("data", events.stream().map(CrawlRepository.NewEvent::dataJson).toArray(String[]::new))
                .bind("done", ended.getOrDefault(JobStatus.SUCCEEDED, 0))
                .bind("failed", ended.getOrDefault(JobStatus.FAILED, 0))
                .bind("blocked", ended.getOrDefault(JobStatus.BLOCKED, 0))
                .bind("cancelled", ended.getOrDefault(JobStatus.CANCELLED, 0))
                .map(row -> row.get("ended", Integer.class)).one();
    }

    /** A page of an ended job that is not in the counts and events yet (its job ended outside the crawl's path). */
    public record Unreported(UUID jobId, String url, int depth, JobStatus status, String errorJson) {
    }

    /**
     * Counts and reports the pages whose jobs ended without the crawl's path (failed as lost by the job
     * sweeper, cancelled one by one), with the events {@code eventOf} makes for them.
     */
    public Mono<Integer> reportEnded(UUID crawlId, Function<Unreported, CrawlRepository.NewEvent> eventOf) {
        return lock(crawlId).then(db.sql("""
                        UPDATE crawl_pages p SET reported = true FROM jobs j
                        WHERE p.crawl_id = :id AND p.job_id = j.id AND NOT p.reported
                          AND j.status IN ('succeeded', 'failed', 'blocked', 'cancelled')
                        RETURNING j.id, p.url, p.depth, p.seq, j.status, j.error::text AS error""")
                        .bind("id", crawlId)
                        .map(row -> new Unreported(row.get("id", UUID.class), row.get("url", String.class),
                                row.get("depth", Integer.class), JobStatus.of(row.get("status", String.class)).orElseThrow(),
                                row.get("error", String.class)))
                        .all().collectList())
                .flatMap(ended -> {
                    if (ended.isEmpty()) {
                        return Mono.just(0);
                    }
                    Map<JobStatus, Integer> by = new EnumMap<>(JobStatus.class);
                    ended.forEach(u -> by.merge(u.status(), 1, Integer::sum));
                    List<CrawlRepository.NewEvent> events = ended.stream().map(eventOf).filter(Objects::nonNull).toList();
                    return append(crawlId, events, by).thenReturn(ended.size());
                })
                .as(tx::transactional);
    }

    /**
     * Marks as many waiting page jobs as the crawl may start now (its {@code maxConcurrency} less what is
     * running or on the stream; with {@code delayMs}, one when the delay has passed) as put on the stream,
     * in discovery order; the caller puts them there.
     */
    public Mono<Dispatch> dispatch(UUID crawlId) {
        return db.sql("""
                        WITH c AS (
                            SELECT id, max_concurrency, delay_ms, next_dispatch_at FROM crawls
                            WHERE id = :id AND finished_at IS NULL AND cancelled_at IS NULL FOR UPDATE),
                        busy AS (
                            SELECT count(*) AS n FROM jobs
                            WHERE crawl_id = :id AND (status = 'running' OR (status = 'queued' AND dispatched_at IS NOT NULL))),
                        room AS (
                            SELECT CASE WHEN c.delay_ms = 0 THEN greatest(0, c.max_concurrency - busy.n)
                                        WHEN c.next_dispatch_at <= now() THEN least(1, greatest(0, c.max_concurrency - busy.n))
                                        ELSE 0 END AS n
                            FROM c, busy),
                        picked AS (
                            SELECT j.id FROM jobs j
                            WHERE j.crawl_id = :id AND j.status = 'queued' AND j.dispatched_at IS NULL
                              AND j.not_before <= now()
                            ORDER BY j.position LIMIT coalesce((SELECT n FROM room), 0) FOR UPDATE SKIP LOCKED),
                        marked AS (
                            UPDATE jobs j SET dispatched_at = now() FROM picked WHERE j.id = picked.id RETURNING j.id),
                        paced AS (
                            UPDATE crawls SET next_dispatch_at = now() + make_interval(secs => delay_ms / 1000.0)
                            WHERE id = :id AND delay_ms > 0 AND EXISTS (SELECT 1 FROM marked)
                            RETURNING next_dispatch_at)
                        SELECT (SELECT array_agg(id)::text[] FROM marked) AS ids,
                               EXISTS (SELECT 1 FROM jobs j WHERE j.crawl_id = :id AND j.status = 'queued'
                                       AND j.dispatched_at IS NULL) AS waiting,
                               (SELECT n FROM busy) + (SELECT count(*) FROM marked) AS busy,
                               CASE WHEN (SELECT delay_ms FROM c) > 0 THEN coalesce((SELECT next_dispatch_at FROM paced),
                                   (SELECT next_dispatch_at FROM c)) END AS next_at""")
                .bind("id", crawlId)
                .map(row -> {
                    String[] ids = row.get("ids", String[].class);
                    List<UUID> jobIds = ids == null ? List.of() : Arrays.stream(ids).map(UUID::fromString).toList();
                    Number busy = row.get("busy", Number.class);
                    return new Dispatch(jobIds, Boolean.TRUE.equals(row.get("waiting", Boolean.class)),
                            busy == null ? 0 : busy.longValue(), Rows.instant(row, "next_at"));
                })
                .one()
                .as(tx::transactional);
    }

    /**
     * Ends the crawl when nothing of it is left to run or report: {@code succeeded} when a page was
     * fetched, {@code failed} when none was, {@code cancelled} when it was cancelled; writes its
     * {@code finished} event. Empty when it goes on (or ended before).
     */
    public Mono<CrawlRepository.Crawl> finishIfDone(UUID crawlId, Function<CrawlRepository.Crawl, CrawlRepository.NewEvent> eventOf) {
        return lock(crawlId).then(db.sql("""
                        UPDATE crawls c SET finished_at = now(),
                               status = CASE WHEN c.cancelled_at IS NOT NULL THEN 'cancelled'
                                             WHEN c.done > 0 THEN 'succeeded' ELSE 'failed' END
                        WHERE c.id = :id AND c.finished_at IS NULL
                          AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.crawl_id = c.id AND j.status IN ('queued', 'running'))
                          AND NOT EXISTS (SELECT 1 FROM crawl_pages p WHERE p.crawl_id = c.id AND p.job_id IS NOT NULL
                                          AND NOT p.reported)
                        RETURNING c.id, c.tenant_id""")
                        .bind("id", crawlId).map(row -> row.get("tenant_id", UUID.class)).one())
                .flatMap(tenant -> crawls.find(tenant, crawlId))
                .flatMap(crawl -> append(crawlId, List.of(eventOf.apply(crawl)), Map.of()).thenReturn(crawl))
                .as(tx::transactional);
    }

    /** Cancels a crawl that has not ended: its waiting pages are cancelled; pages being fetched finish. */
    public Mono<Void> cancel(UUID crawlId) {
        Mono<Long> crawl = db.sql("""
                        UPDATE crawls SET cancelled_at = now() WHERE id = :id AND finished_at IS NULL AND cancelled_at IS NULL""")
                .bind("id", crawlId).fetch().rowsUpdated();
        Mono<Integer> pages = db.sql("""
                        WITH gone AS (
                            UPDATE jobs SET status = 'cancelled', finished_at = now(), dispatched_at = NULL
                            WHERE crawl_id = :id AND status = 'queued' RETURNING id)
                        UPDATE crawl_pages p SET reported = true FROM gone WHERE p.job_id = gone.id""")
                .bind("id", crawlId).fetch().rowsUpdated().map(Long::intValue);
        return lock(crawlId).then(crawl).flatMap(n -> n == 0 ? Mono.just(0) : pages)
                .flatMap(n -> n == 0 ? Mono.<Void>empty() : append(crawlId, List.of(), Map.of(JobStatus.CANCELLED, n)).then())
                .as(tx::transactional);
    }
}
