package dev.gleaner.core.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.stereotype.Component;

import dev.gleaner.core.client.webhook.WebhookSignature;
import dev.gleaner.core.fetch.GuardedHttp;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Sends one signed delivery: a POST of the JSON payload through the egress guard (the target's
 * addresses checked at each delivery, the connection pinned to the checked address), no redirects
 * followed, within the timeout.
 */
@Component
public class WebhookSender {

    /** How one attempt went: the receiver's status, or why there was none. */
    public sealed interface Sent {
        record Answered(int status) implements Sent {
        }

        record Unreachable(String reason) implements Sent {
        }

        /** The egress guard refused the target: sending again would not help. */
        record Refused(String reason) implements Sent {
        }
    }

    private final GuardedHttp guarded;
    private final HttpClient client;

    public WebhookSender(GuardedHttp guarded) {
        this.guarded = guarded;
        this.client = guarded.client().followRedirect(false);
    }

    public Mono<Sent> send(String url, String event, String deliveryId, String secret, String payload, Duration timeout) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        return client.responseTimeout(timeout)
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                        .set(HttpHeaderNames.USER_AGENT, "Gleaner-Webhooks/0.1")
                        .set(WebhookSignature.HEADER, WebhookSignature.header(secret, now, body))
                        .set(WebhookSignature.EVENT_HEADER, event)
                        .set(WebhookSignature.DELIVERY_HEADER, deliveryId))
                .post()
                .uri(url)
                .send(ByteBufFlux.fromString(Mono.just(payload)))
                .responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
                .timeout(timeout)
                .<Sent>map(Sent.Answered::new)
                .onErrorResume(e -> Mono.just(failure(e)));
    }

    private Sent failure(Throwable e) {
        return GuardedHttp.refusal(e).<Sent>map(reason -> new Sent.Refused("the egress guard refuses the target: " + reason))
                .orElseGet(() -> new Sent.Unreachable(guarded.describe(e)));
    }
}
