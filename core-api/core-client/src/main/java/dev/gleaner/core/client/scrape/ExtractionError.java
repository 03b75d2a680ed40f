package dev.gleaner.core.client.scrape;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a language model's extraction failed (the answer's {@code outcome} is then {@code extraction_failed}), typed
 * as a problem would be.
 *
 * @param type      {@code urn:gleaner:problem:extraction-invalid} (the answer, repaired once, still did not
 *                  validate), {@code …:model-timed-out}, {@code …:model-rate-limited}, {@code …:model-unavailable}
 *                  (5xx or unreachable) or {@code …:model-refused} (the model's endpoint refused the call)
 * @param title     its short title
 * @param detail    what happened
 * @param errors    with {@code extraction-invalid}: what did not validate, e.g. {@code /price: string found, number expected} (where as a JSON pointer)
 * @param rawAnswer with {@code extraction-invalid}: the model's last answer, as it gave it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExtractionError(String type, String title, String detail, List<String> errors, String rawAnswer) {
}
