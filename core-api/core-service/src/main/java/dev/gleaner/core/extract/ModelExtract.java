package dev.gleaner.core.extract;

import java.time.Duration;
import java.util.List;

import com.networknt.schema.Schema;

import dev.gleaner.core.client.scrape.Extract;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * A request's extraction by a language model, checked: its JSON Schema compiled (or none), its prompt (or none),
 * and the budget every call for it (chunks, repair and retries) must fit in.
 */
public record ModelExtract(JsonNode schema, Schema validator, String prompt, Duration budget) {

    static final int MAX_PROMPT = 4_000;
    static final int MAX_SCHEMA = 20_000;
    static final int MIN_BUDGET_MS = 1_000;
    static final int MAX_BUDGET_MS = 120_000;
    static final Duration DEFAULT_BUDGET = Duration.ofSeconds(60);

    /** The request's model extraction, or null when it asks for none; faults go to {@code errors}. */
    public static ModelExtract of(Extract extract, List<FieldError> errors) {
        if (extract == null || !extract.byModel()) {
            if (extract != null && extract.timeoutMs() != null) {
                errors.add(new FieldError("extract.timeoutMs", "applies to extraction by a language model only"
                        + " (extract.schema or extract.prompt)"));
            }
            return null;
        }
        if (extract.rules() != null) {
            errors.add(new FieldError("extract", "gives either CSS rules or a language model's schema and prompt,"
                    + " not both"));
        }
        Schema validator = null;
        if (extract.schema() != null) {
            if (extract.schema().toString().length() > MAX_SCHEMA) {
                errors.add(new FieldError("extract.schema", "must be at most " + MAX_SCHEMA + " characters of JSON"));
            } else {
                try {
                    validator = ExtractionSchemas.compile(extract.schema());
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("extract.schema", e.getMessage()));
                }
            }
        }
        String prompt = extract.prompt();
        if (prompt != null && (prompt.isBlank() || prompt.length() > MAX_PROMPT)) {
            errors.add(new FieldError("extract.prompt", "must be 1 to " + MAX_PROMPT + " characters"));
        }
        Integer budgetMs = extract.timeoutMs();
        if (budgetMs != null && (budgetMs < MIN_BUDGET_MS || budgetMs > MAX_BUDGET_MS)) {
            errors.add(new FieldError("extract.timeoutMs", "must be between " + MIN_BUDGET_MS + " and " + MAX_BUDGET_MS));
        }
        return new ModelExtract(extract.schema(), validator, prompt == null ? null : prompt.strip(),
                budgetMs == null ? DEFAULT_BUDGET : Duration.ofMillis(budgetMs));
    }
}
