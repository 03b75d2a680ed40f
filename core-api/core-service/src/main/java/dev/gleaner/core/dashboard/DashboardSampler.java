package dev.gleaner.core.dashboard;

import java.time.Duration;

import org.springframework.stereotype.Component;

import dev.gleaner.core.lifecycle.PeriodicTask;
import reactor.core.publisher.Mono;

/**
 * Samples the dashboard's queue and slots every 15 s into PostgreSQL (kept one per minute for two hours), so that
 * the last hour's charts are the same on every console instance and outlive their restarts. A round that fails
 * (PostgreSQL down) leaves a gap in the charts and is logged; the next one runs.
 */
@Component
public class DashboardSampler extends PeriodicTask {

    static final Duration INTERVAL = Duration.ofSeconds(15);

    private final Dashboard dashboard;

    public DashboardSampler(Dashboard dashboard) {
        super("dashboard samples", INTERVAL);
        this.dashboard = dashboard;
    }

    @Override
    public Mono<Void> round() {
        return dashboard.sample().timeout(INTERVAL);
    }
}
