package dev.gleaner.core.webhook;

import java.util.List;
import java.util.Set;

import dev.gleaner.core.client.scrape.Webhook;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.web.HttpUrls;
import tools.jackson.databind.json.JsonMapper;

/** What a request's {@code webhook} may be. */
public final class WebhookRequests {

    /** The events of jobs and batches. */
    public static final Set<String> EVENTS = Set.of("job.succeeded", "job.failed", "batch.completed");
    /** The events of crawls. */
    public static final Set<String> CRAWL_EVENTS = Set.of("crawl.completed");
    static final int MAX_URL = 2_048;
    static final int MAX_METADATA_BYTES = 4_096;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebhookRequests() {
    }

    public static void check(Webhook webhook, List<FieldError> errors) {
        check(webhook, EVENTS, errors);
    }

    /** Checks a webhook whose {@code events} may name only {@code events}. */
    public static void check(Webhook webhook, Set<String> events, List<FieldError> errors) {
        if (webhook == null) {
            return;
        }
        HttpUrls.parse(webhook.url(), "webhook.url", MAX_URL, errors);
        if (webhook.events() != null) {
            if (webhook.events().isEmpty()) {
                errors.add(new FieldError("webhook.events", "must name at least one event, or be left out"));
            }
            for (int i = 0; i < webhook.events().size(); i++) {
                if (!events.contains(webhook.events().get(i))) {
                    errors.add(new FieldError("webhook.events[" + i + "]", "must be one of "
                            + String.join(", ", new java.util.TreeSet<>(events))));
                }
            }
        }
        if (webhook.metadata() != null && JSON.writeValueAsBytes(webhook.metadata()).length > MAX_METADATA_BYTES) {
            errors.add(new FieldError("webhook.metadata", "must be at most " + MAX_METADATA_BYTES + " bytes as JSON"));
        }
    }
}
