package dev.gleaner.core.policy;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.gleaner.core.client.policy.DomainView;
import dev.gleaner.core.lifecycle.PeriodicTask;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import reactor.core.publisher.Mono;

/**
 * The policy gate's state across domains, as gauges (each instance reports the same cluster-wide numbers: take
 * their max): domains fetched from over the last day, breakers open and half-open, domains whose rate is cut below
 * its ceiling, and pauses in force; and the 429/503 share of the busiest domains, one series each
 * ({@code gleaner_domain_throttle_ratio{domain}}, for the per-domain alert). Read every 15 s from what the gate keeps
 * in Redis.
 */
@Component
public class DomainGauges extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(DomainGauges.class);
    private static final int MAX_DOMAINS = 1000;
    /** Domains given a 429 share of their own: the busiest, so that the series stay few. */
    static final int RATIO_DOMAINS = 20;
    /** Fewer requests than this in the last minutes say nothing about a domain's 429 share. */
    static final int RATIO_MIN_REQUESTS = 20;

    private final DomainViews gate;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong halfOpen = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final MultiGauge throttleRatio;

    public DomainGauges(DomainViews gate, DomainPauses pauses, MeterRegistry meters) {
        super("domain-gauges", Duration.ofSeconds(15));
        this.gate = gate;
        Gauge.builder("gleaner.domain.seen", seen, AtomicLong::get)
                .description("Domains fetched from over the last day").register(meters);
        Gauge.builder("gleaner.domain.breakers", open, AtomicLong::get).tag("state", "open")
                .description("Domains whose circuit breaker is in this state").register(meters);
        Gauge.builder("gleaner.domain.breakers", halfOpen, AtomicLong::get).tag("state", "half-open")
                .description("Domains whose circuit breaker is in this state").register(meters);
        Gauge.builder("gleaner.domain.throttled", throttled, AtomicLong::get)
                .description("Domains whose politeness rate 429s or 503s cut below its ceiling").register(meters);
        Gauge.builder("gleaner.domain.pauses", pauses, p -> p.inForce().size())
                .description("Domain pauses in force").register(meters);
        this.throttleRatio = MultiGauge.builder("gleaner.domain.throttle.ratio")
                .description("Share of the last minutes' requests a domain answered 429 or 503, for the busiest "
                        + RATIO_DOMAINS + " domains with " + RATIO_MIN_REQUESTS + " requests or more")
                .register(meters);
    }

    /**
     * The 429/503 share of the last minutes' requests of the busiest domains (at most {@link #RATIO_DOMAINS}, each
     * with {@link #RATIO_MIN_REQUESTS} requests or more), busiest first.
     */
    static Map<String, Double> throttleRatios(List<DomainView> views) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        views.stream()
                .filter(v -> v.recent().requests() >= RATIO_MIN_REQUESTS)
                .sorted(Comparator.comparingLong((DomainView v) -> v.recent().requests()).reversed()
                        .thenComparing(DomainView::domain))
                .limit(RATIO_DOMAINS)
                .forEach(v -> ratios.put(v.domain(), (double) v.recent().throttled() / v.recent().requests()));
        return ratios;
    }

    @Override
    public Mono<Void> round() {
        return gate.seen(MAX_DOMAINS).concatMap(gate::view).collectList()
                .doOnNext(views -> {
                    seen.set(views.size());
                    open.set(views.stream().filter(v -> v.breaker().equals("open")).count());
                    halfOpen.set(views.stream().filter(v -> v.breaker().equals("half-open")).count());
                    throttled.set(views.stream().filter(v -> v.ratePerSecond() < v.ceilingPerSecond()).count());
                    throttleRatio.register(throttleRatios(views).entrySet().stream()
                            .map(e -> MultiGauge.Row.of(Tags.of("domain", e.getKey()), e.getValue()))
                            .toList(), true);
                })
                .onErrorResume(e -> {
                    log.debug("domain gauges not read: {}", e.toString());
                    return Mono.empty();
                })
                .then();
    }
}
