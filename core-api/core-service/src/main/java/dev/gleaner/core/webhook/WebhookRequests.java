package dev.gleaner.core.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.gleaner.core.client.scrape.Webhook;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import tools.jackson.databind.json.JsonMapper;

/** What a request's {@code webhook} may be. */
public final class WebhookRequests {

    /** The events there are. */
    public static final Set<String> EVENTS = Set.of("job.succeeded", "job.failed", "batch.completed");
    static final int MAX_URL = 2_048;
    static final int MAX_METADATA_BYTES = 4_096;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebhookRequests() {
    }

    public static void check(Webhook webhook, List<FieldError> errors) {
        if (webhook == null) {
            return;
        }
        String url = webhook.url();
        if (url == null || url.isBlank() || url.length() > MAX_URL) {
            errors.add(new FieldError("webhook.url", "is required: an absolute http or https URL of at most " + MAX_URL
                    + " characters"));
        } else {
            try {
                URI uri = new URI(url.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    errors.add(new FieldError("webhook.url", "must be an absolute http or https URL with a host"));
                }
            } catch (URISyntaxException e) {
                errors.add(new FieldError("webhook.url", "is not a valid URL: " + e.getReason()));
            }
        }
        if (webhook.events() != null) {
            if (webhook.events().isEmpty()) {
                errors.add(new FieldError("webhook.events", "must name at least one event, or be left out"));
            }
            for (int i = 0; i < webhook.events().size(); i++) {
                if (!EVENTS.contains(webhook.events().get(i))) {
                    errors.add(new FieldError("webhook.events[" + i + "]", "must be one of batch.completed, job.failed,"
                            + " job.succeeded"));
                }
            }
        }
        if (webhook.metadata() != null && JSON.writeValueAsBytes(webhook.metadata()).length > MAX_METADATA_BYTES) {
            errors.add(new FieldError("webhook.metadata", "must be at most " + MAX_METADATA_BYTES + " bytes as JSON"));
        }
    }
}
