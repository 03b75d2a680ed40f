package dev.gleaner.core.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.gleaner.core.lifecycle.PeriodicTask;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import reactor.core.publisher.Mono;

/**
 * Each tenant's usage this month against its plan's allowances, as gauges read every 30 s from PostgreSQL (what
 * the meter flushed there): {@code gleaner_usage_used{tenant, allowance}} and, for allowances that are limited,
 * {@code gleaner_usage_allowance{tenant, allowance}} ({@code requests}, {@code pages}, {@code browser_seconds}).
 * Every instance reports the same numbers. Only tenants that used something this month appear.
 */
@Component
public class UsageGauges extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(UsageGauges.class);
    private static final String[][] ALLOWANCES = {
        {"requests", "requests", "requestsPerMonth"},
        {"pages", "pages", "pagesPerMonth"},
        {"browser_seconds", "browser_ms / 1000", "browserSecondsPerMonth"},
        {"llm_tokens", "llm_input_tokens + llm_output_tokens", "llmTokensPerMonth"}};

    private final DatabaseClient db;
    private final MultiGauge used;
    private final MultiGauge allowed;

    public UsageGauges(DatabaseClient db, MeterRegistry meters) {
        super("usage-gauges", Duration.ofSeconds(30));
        this.db = db;
        this.used = MultiGauge.builder("gleaner.usage.used")
                .description("What each tenant used this month (UTC), by allowance").register(meters);
        this.allowed = MultiGauge.builder("gleaner.usage.allowance")
                .description("Each tenant's monthly allowance, where its plan limits it").register(meters);
    }

    @Override
    public Mono<Void> round() {
        StringBuilder columns = new StringBuilder();
        for (String[] a : ALLOWANCES) {
            columns.append(", ").append(a[1]).append(" AS used_").append(a[0])
                    .append(", (p.allowances->>'").append(a[2]).append("')::bigint AS limit_").append(a[0]);
        }
        return db.sql("SELECT u.tenant_id::text AS tenant" + columns + """
                         FROM usage u JOIN tenants t ON t.id = u.tenant_id
                        JOIN plans p ON p.id = coalesce(t.plan_id, (SELECT d.id FROM plans d WHERE d.is_default))
                        WHERE u.period = :period""")
                .bind("period", UsageMeter.period().toString())
                .map(row -> {
                    List<MultiGauge.Row<?>> usedRows = new ArrayList<>();
                    List<MultiGauge.Row<?>> allowedRows = new ArrayList<>();
                    String tenant = row.get("tenant", String.class);
                    for (String[] a : ALLOWANCES) {
                        Tags tags = Tags.of("tenant", tenant, "allowance", a[0]);
                        usedRows.add(MultiGauge.Row.of(tags, number(row.get("used_" + a[0], Number.class))));
                        Number limit = row.get("limit_" + a[0], Number.class);
                        if (limit != null) {
                            allowedRows.add(MultiGauge.Row.of(tags, limit.doubleValue()));
                        }
                    }
                    return List.of(usedRows, allowedRows);
                })
                .all().collectList()
                .doOnNext(rows -> {
                    used.register(rows.stream().flatMap(r -> r.get(0).stream()).toList(), true);
                    allowed.register(rows.stream().flatMap(r -> r.get(1).stream()).toList(), true);
                })
                .onErrorResume(e -> {
                    log.debug("usage gauges not read: {}", e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private static double number(Number value) {
        return value == null ? 0 : value.doubleValue();
    }
}
