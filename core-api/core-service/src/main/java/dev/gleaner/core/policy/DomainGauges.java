package dev.gleaner.core.policy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.gleaner.core.lifecycle.PeriodicTask;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * The policy gate's state across domains, as gauges (each instance reports the same cluster-wide numbers: take
 * their max): domains fetched from over the last day, breakers open and half-open, domains whose rate is cut below
 * its ceiling, and pauses in force. Read every 15 s from what the gate keeps in Redis.
 */
@Component
public class DomainGauges extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(DomainGauges.class);
    private static final int MAX_DOMAINS = 1000;

    private final DomainViews gate;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong halfOpen = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

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
    }

    @Override
    public Mono<Void> round() {
        return gate.seen(MAX_DOMAINS).concatMap(gate::view).collectList()
                .doOnNext(views -> {
                    seen.set(views.size());
                    open.set(views.stream().filter(v -> v.breaker().equals("open")).count());
                    halfOpen.set(views.stream().filter(v -> v.breaker().equals("half-open")).count());
                    throttled.set(views.stream().filter(v -> v.ratePerSecond() < v.ceilingPerSecond()).count());
                })
                .onErrorResume(e -> {
                    log.debug("domain gauges not read: {}", e.toString());
                    return Mono.empty();
                })
                .then();
    }
}
