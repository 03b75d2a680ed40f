package dev.gleaner.core.crawl;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import dev.gleaner.core.client.crawl.CrawlView;
import dev.gleaner.core.db.Rows;
import dev.gleaner.core.job.JobRepository;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Crawls, their frontier and their events in PostgreSQL, as read; {@link CrawlLedger} changes them. */
@Repository
public class CrawlRepository {

    /** A crawl row as the API shows it. */
    public record Crawl(UUID id, UUID tenantId, String url, String status, String optionsJson, Instant createdAt,
            Instant finishedAt, Instant cancelledAt, CrawlView.Counts counts) {
    }

    /** What ending one of its pages needs to know of the crawl and the page. */
    public record PageContext(UUID crawlId, UUID tenantId, String optionsJson, boolean keepLinks, boolean open,
            String url, int depth) {
    }

    /** One frontier row with its job, for the pages listing and the errors. */
    public record Page(String url, int seq, int depth, String skipped, UUID jobId, String status, String errorJson,
            String resultJson) {
    }

    /** One stored event. */
    public record Event(long seq, String type, String dataJson) {
    }

    /** A new event, numbered when written. */
    public record NewEvent(String type, String dataJson) {
    }

    private static final String CRAWL_COLUMNS = """
            c.id, c.tenant_id, c.url, c.status, c.options::text AS options, c.created_at, c.finished_at, c.cancelled_at,
            c.discovered - c.aliases AS discovered, c.done, c.failed, c.blocked, c.cancelled, c.skipped_robots,
            c.skipped_rules, c.skipped_refused,
            (SELECT count(*) FROM jobs j WHERE j.crawl_id = c.id AND j.status = 'queued') AS queued,
            (SELECT count(*) FROM jobs j WHERE j.crawl_id = c.id AND j.status = 'running') AS running
            """;

    private final DatabaseClient db;

    public CrawlRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The crawl and page a crawl's job is for. */
    public Mono<PageContext> context(UUID jobId) {
        return db.sql("""
                        SELECT c.id, c.tenant_id, c.options::text AS options, c.keep_links,
                               c.finished_at IS NULL AND c.cancelled_at IS NULL AS open, p.url, p.depth
                        FROM crawl_pages p JOIN crawls c ON c.id = p.crawl_id WHERE p.job_id = :job""")
                .bind("job", jobId)
                .map(row -> new PageContext(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
                        row.get("options", String.class), Boolean.TRUE.equals(row.get("keep_links", Boolean.class)),
                        Boolean.TRUE.equals(row.get("open", Boolean.class)), row.get("url", String.class),
                        row.get("depth", Integer.class)))
                .one();
    }

    /** The crawl when it is the tenant's (any tenant's for a null tenant: operators). */
    public Mono<Crawl> find(UUID tenantId, UUID id) {
        return db.sql("SELECT " + CRAWL_COLUMNS + " FROM crawls c WHERE c.id = :id"
                        + (tenantId == null ? "" : " AND c.tenant_id = :t"))
                .bind("id", id).bindValues(tenantId == null ? Map.of() : Map.of("t", tenantId))
                .map(CrawlRepository::crawl).one();
    }

    /**
     * Crawls newest first, for operators: of one tenant (or all), in one state ({@code running}, {@code succeeded},
     * {@code failed}, {@code cancelled}; null: any), after {@code after}.
     */
    public Flux<Crawl> list(UUID tenantId, String state, JobRepository.Position after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + CRAWL_COLUMNS + " FROM crawls c WHERE true");
        Map<String, Object> values = new HashMap<>();
        if (tenantId != null) {
            sql.append(" AND c.tenant_id = :t");
            values.put("t", tenantId);
        }
        if (state != null) {
            switch (state) {
                case "running" -> sql.append(" AND c.finished_at IS NULL AND c.cancelled_at IS NULL");
                case "cancelled" -> sql.append(" AND c.cancelled_at IS NOT NULL");
                default -> {
                    sql.append(" AND c.cancelled_at IS NULL AND c.finished_at IS NOT NULL AND c.status = :state");
                    values.put("state", state);
                }
            }
        }
        if (after != null) {
            sql.append(" AND (c.created_at, c.id) < (:afterCreated, :afterId)");
            values.put("afterCreated", after.createdAt().atOffset(ZoneOffset.UTC));
            values.put("afterId", after.id());
        }
        sql.append(" ORDER BY c.created_at DESC, c.id DESC LIMIT :limit");
        values.put("limit", limit);
        return db.sql(sql.toString()).bindValues(values).map(CrawlRepository::crawl).all();
    }

    /** Crawls that have not ended, oldest first. */
    public Flux<UUID> open(int limit) {
        return db.sql("SELECT id FROM crawls WHERE finished_at IS NULL ORDER BY created_at LIMIT :n")
                .bind("n", limit).map(row -> row.get("id", UUID.class)).all();
    }

    /** Crawls by status, and page jobs waiting in open crawls (the frontier), cluster-wide. */
    public Mono<Map<String, Long>> stats() {
        return db.sql("""
                        SELECT status AS k, count(*) AS n FROM crawls GROUP BY status
                        UNION ALL
                        SELECT 'frontier', count(*) FROM jobs WHERE crawl_id IS NOT NULL AND status = 'queued'""")
                .map(row -> Map.entry(row.get("k", String.class), row.get("n", Long.class))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Frontier rows with their jobs, after {@code afterSeq}, in discovery order; pages to fetch only, or skipped only. */
    public Flux<Page> pages(UUID crawlId, int afterSeq, int limit, boolean skipped, List<String> statuses) {
        return db.sql("""
                        SELECT p.url, p.seq, p.depth, p.skipped, p.job_id, j.status, j.error::text AS error,
                               CASE WHEN :withResult THEN j.result::text END AS result
                        FROM crawl_pages p LEFT JOIN jobs j ON j.id = p.job_id
                        WHERE p.crawl_id = :id AND p.seq > :after
                          AND (CASE WHEN :skipped THEN p.skipped = ANY(CAST(:statuses AS text[]))
                                    ELSE p.job_id IS NOT NULL AND (cardinality(CAST(:statuses AS text[])) = 0
                                         OR j.status = ANY(CAST(:statuses AS text[]))) END)
                        ORDER BY p.seq LIMIT :limit""")
                .bind("id", crawlId).bind("after", afterSeq).bind("limit", limit).bind("skipped", skipped)
                .bind("withResult", !skipped && statuses.isEmpty())
                .bind("statuses", statuses.toArray(String[]::new))
                .map(row -> new Page(row.get("url", String.class), row.get("seq", Integer.class),
                        row.get("depth", Integer.class), row.get("skipped", String.class), row.get("job_id", UUID.class),
                        row.get("status", String.class), row.get("error", String.class), row.get("result", String.class)))
                .all();
    }

    public Flux<Event> events(UUID crawlId, long afterSeq, int limit) {
        return db.sql("""
                        SELECT seq, type, data::text AS data FROM crawl_events WHERE crawl_id = :id AND seq > :after
                        ORDER BY seq LIMIT :limit""")
                .bind("id", crawlId).bind("after", afterSeq).bind("limit", limit)
                .map(row -> new Event(row.get("seq", Long.class), row.get("type", String.class),
                        row.get("data", String.class)))
                .all();
    }

    private static Crawl crawl(Readable row) {
        CrawlView.Counts counts = new CrawlView.Counts(number(row, "discovered"), number(row, "queued"),
                number(row, "running"), number(row, "done"), number(row, "failed"), number(row, "blocked"),
                number(row, "cancelled"), number(row, "skipped_robots"), number(row, "skipped_rules"),
                number(row, "skipped_refused"));
        return new Crawl(row.get("id", UUID.class), row.get("tenant_id", UUID.class), row.get("url", String.class),
                row.get("status", String.class), row.get("options", String.class), Rows.instant(row, "created_at"),
                Rows.instant(row, "finished_at"), Rows.instant(row, "cancelled_at"), counts);
    }

    private static long number(Readable row, String column) {
        Number n = row.get(column, Number.class);
        return n == null ? 0 : n.longValue();
    }
}
