package dev.gleaner.core.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;

import dev.gleaner.core.client.admin.DashboardView;
import dev.gleaner.core.client.admin.FarmNodeView;
import dev.gleaner.core.client.policy.DomainView;
import dev.gleaner.core.db.Rows;
import dev.gleaner.core.farm.FarmAdmin;
import dev.gleaner.core.policy.DomainViews;
import reactor.core.publisher.Mono;

/**
 * The console's dashboard figures, made when asked: the last hour's scrapes per minute by outcome from the scrape
 * log, the job queue, the farm's slots from Redis, and the domains with the most errors as the policy gate counts
 * them; and the queue's and the slots' last hour, from the samples {@link DashboardSampler} takes. Failure policy: a
 * part whose store cannot answer fails the whole answer (503 from PostgreSQL, as every admin read); Redis's parts
 * answer empty rather than fail, since they are what an operator looks at in an outage.
 */
@Service
public class Dashboard {

    private static final int TOP_DOMAINS = 5;
    private static final int DOMAINS_LOOKED_AT = 200;

    private final DatabaseClient db;
    private final FarmAdmin farm;
    private final DomainViews domains;

    public Dashboard(DatabaseClient db, FarmAdmin farm, DomainViews domains) {
        this.db = db;
        this.farm = farm;
        this.domains = domains;
    }

    public Mono<DashboardView> now() {
        return Mono.zip(minutes(), queue(), browsers().defaultIfEmpty(new DashboardView.Browsers(0, 0, 0)),
                        topDomains(), history())
                .map(parts -> new DashboardView(Instant.now(), parts.getT1(), parts.getT2(), parts.getT3(),
                        parts.getT4(), parts.getT5()));
    }

    /**
     * Samples the queue and the farm's slots for this minute (a later sample of the minute, from any instance,
     * replaces an earlier one) and forgets samples older than two hours.
     */
    Mono<Void> sample() {
        return Mono.zip(queue(), browsers().map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(parts -> {
                    DashboardView.Queue queue = parts.getT1();
                    Optional<DashboardView.Browsers> slots = parts.getT2();
                    return db.sql("""
                                    INSERT INTO dashboard_samples (minute, queued, running, oldest_age_seconds, slots,
                                                                   busy, sampled_at)
                                    VALUES (date_trunc('minute', now()), :queued, :running, :oldest, :slots, :busy, now())
                                    ON CONFLICT (minute) DO UPDATE SET queued = EXCLUDED.queued,
                                        running = EXCLUDED.running, oldest_age_seconds = EXCLUDED.oldest_age_seconds,
                                        slots = EXCLUDED.slots, busy = EXCLUDED.busy, sampled_at = EXCLUDED.sampled_at""")
                            .bind("queued", queue.queued()).bind("running", queue.running())
                            .bind("oldest", Parameter.fromOrEmpty(queue.oldestQueuedAt() == null ? null
                                    : Math.max(0, Duration.between(queue.oldestQueuedAt(), Instant.now()).toSeconds()),
                                    Long.class))
                            .bind("slots", Parameter.fromOrEmpty(slots.map(DashboardView.Browsers::slots).orElse(null),
                                    Integer.class))
                            .bind("busy", Parameter.fromOrEmpty(slots.map(DashboardView.Browsers::busy).orElse(null),
                                    Long.class))
                            .fetch().rowsUpdated();
                })
                .then(db.sql("DELETE FROM dashboard_samples WHERE minute < now() - interval '2 hours'").fetch()
                        .rowsUpdated())
                .then();
    }

    private Mono<List<DashboardView.Sample>> history() {
        return db.sql("""
                        SELECT minute, queued, running, oldest_age_seconds, slots, busy FROM dashboard_samples
                        WHERE minute >= date_trunc('minute', now()) - interval '59 minutes' ORDER BY minute""")
                .map(row -> new DashboardView.Sample(row.get("minute", OffsetDateTime.class).toInstant(),
                        row.get("queued", Long.class), row.get("running", Long.class),
                        row.get("oldest_age_seconds", Long.class), row.get("slots", Integer.class),
                        row.get("busy", Long.class)))
                .all()
                .collectList();
    }

    private Mono<List<DashboardView.Minute>> minutes() {
        return db.sql("""
                        SELECT date_trunc('minute', created_at) AS minute, outcome, count(*) AS n,
                               count(*) FILTER (WHERE status_code IN (429, 503)) AS throttled
                        FROM scrapes WHERE created_at >= date_trunc('minute', now()) - interval '59 minutes'
                        GROUP BY 1, 2""")
                .map(row -> new Object[] {row.get("minute", OffsetDateTime.class).toInstant(),
                        row.get("outcome", String.class), row.get("n", Long.class), row.get("throttled", Long.class)})
                .all()
                .collectList()
                .map(rows -> {
                    Map<Instant, Map<String, Long>> outcomes = new TreeMap<>();
                    Map<Instant, Long> throttled = new TreeMap<>();
                    for (Object[] row : rows) {
                        Instant minute = (Instant) row[0];
                        outcomes.computeIfAbsent(minute, m -> new LinkedHashMap<>()).put((String) row[1], (Long) row[2]);
                        throttled.merge(minute, (Long) row[3], Long::sum);
                    }
                    List<DashboardView.Minute> made = new ArrayList<>();
                    outcomes.forEach((minute, counts) -> made.add(new DashboardView.Minute(minute, Map.copyOf(counts),
                            throttled.getOrDefault(minute, 0L))));
                    return made;
                });
    }

    private Mono<DashboardView.Queue> queue() {
        return db.sql("""
                        SELECT count(*) FILTER (WHERE status = 'queued') AS queued,
                               count(*) FILTER (WHERE status = 'running') AS running,
                               min(created_at) FILTER (WHERE status = 'queued') AS oldest
                        FROM jobs WHERE status IN ('queued', 'running')""")
                .map(row -> new DashboardView.Queue(row.get("queued", Long.class), row.get("running", Long.class),
                        Rows.instant(row, "oldest")))
                .one();
    }

    /** The farm's slots: the farm view's live nodes, summed; empty when the registry does not answer. */
    private Mono<DashboardView.Browsers> browsers() {
        return farm.list().collectList()
                .map(nodes -> new DashboardView.Browsers(nodes.size(),
                        nodes.stream().mapToInt(FarmNodeView::usable).sum(),
                        nodes.stream().mapToLong(FarmNodeView::busy).sum()))
                .onErrorResume(e -> Mono.empty());
    }

    private Mono<List<DashboardView.Domain>> topDomains() {
        return domains.seen(DOMAINS_LOOKED_AT)
                .flatMap(domains::view, 8)
                .map(Dashboard::errors)
                .filter(domain -> domain.errors() > 0)
                .sort(Comparator.comparingLong(DashboardView.Domain::errors).reversed())
                .take(TOP_DOMAINS)
                .collectList()
                .onErrorReturn(List.of());
    }

    private static DashboardView.Domain errors(DomainView seen) {
        DomainView.Recent recent = seen.recent();
        return new DashboardView.Domain(seen.domain(), recent.requests(), recent.throttled(), recent.failures(),
                recent.blocked() + recent.captchas());
    }
}
