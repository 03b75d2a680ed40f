package dev.gleaner.core.webhook;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.gleaner.core.config.WebhookProperties;
import dev.gleaner.core.job.Backoff;
import dev.gleaner.core.lifecycle.PeriodicTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Delivers webhooks from the outbox, on every instance (they skip each other's rows): every poll
 * interval it makes the deliveries of jobs and batches that ended, then sends what is due. A
 * receiver that answers 2xx has it; anything else is tried again after an exponential back-off with
 * jitter, until the delivery is dead after its last attempt (listed by the admin API, and sent
 * again from there). A target the egress guard refuses is dead at once.
 */
@Component
public class WebhookDispatcher extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 50;
    private static final int CONCURRENT_SENDS = 16;

    private final WebhookOutbox outbox;
    private final WebhookSecrets secrets;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final MeterRegistry meters;
    private final Backoff backoff;
    private final AtomicLong pending = new AtomicLong();

    public WebhookDispatcher(WebhookOutbox outbox, WebhookSecrets secrets, WebhookSender sender,
            WebhookProperties properties, MeterRegistry meters) {
        super("webhook", properties.pollInterval());
        this.outbox = outbox;
        this.secrets = secrets;
        this.sender = sender;
        this.properties = properties;
        this.meters = meters;
        this.backoff = new Backoff(properties.retryBase(), properties.retryMax());
        Gauge.builder("gleaner.webhooks.pending", pending, AtomicLong::get)
                .description("Webhook deliveries not yet delivered nor dead, cluster-wide").register(meters);
    }

    /** One round: make the deliveries of what ended, send what is due, read the backlog. */
    @Override
    public Mono<Void> round() {
        return outbox.fromEndedJobs(500)
                .then(outbox.fromCompletedBatches(100))
                .then(outbox.fromFinishedCrawls(100))
                .thenMany(outbox.claimDue(BATCH, properties.timeout().multipliedBy(2)))
                .flatMap(this::deliver, CONCURRENT_SENDS)
                .then(outbox.pending().doOnNext(pending::set))
                .then();
    }

    private Mono<Void> deliver(WebhookOutbox.Claimed delivery) {
        return secrets.of(delivery.tenantId())
                .flatMap(secret -> sender.send(delivery.url(), delivery.event(), delivery.id().toString(), secret,
                        delivery.payloadJson(), properties.timeout()))
                .flatMap(sent -> switch (sent) {
                    case WebhookSender.Sent.Answered answered when answered.status() / 100 == 2 -> {
                        count("delivered");
                        yield outbox.delivered(delivery.id(), answered.status());
                    }
                    case WebhookSender.Sent.Answered answered -> again(delivery, answered.status(),
                            "the receiver answered " + answered.status());
                    case WebhookSender.Sent.Unreachable unreachable -> again(delivery, null, unreachable.reason());
                    case WebhookSender.Sent.Refused refused -> {
                        log.warn("webhook {} to a refused target is dead: {}", delivery.id(), refused.reason());
                        count("dead");
                        yield outbox.failed(delivery.id(), null, refused.reason(), Duration.ZERO, true);
                    }
                });
    }

    private Mono<Void> again(WebhookOutbox.Claimed delivery, Integer status, String reason) {
        boolean dead = delivery.attempts() >= properties.maxAttempts();
        count(dead ? "dead" : "retry");
        if (dead) {
            log.warn("webhook {} ({}) is dead after {} attempts: {}", delivery.id(), delivery.event(),
                    delivery.attempts(), reason);
        }
        return outbox.failed(delivery.id(), status, reason, dead ? Duration.ZERO : backoff.after(delivery.attempts()),
                dead);
    }

    private void count(String outcome) {
        Counter.builder("gleaner.webhooks.deliveries").tag("outcome", outcome)
                .description("Webhook delivery attempts, by outcome").register(meters).increment();
    }
}
