package dev.gleaner.core.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.scrape.Extract;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.testsupport.CountingSocket;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A request's extraction by a model is checked before anything runs, every fault named. */
class ModelExtractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<FieldError> faults(Extract extract) {
        List<FieldError> errors = new ArrayList<>();
        ModelExtract.of(extract, errors);
        return errors;
    }

    @Test
    void aSchemaAPromptAndABudgetAreTaken() {
        List<FieldError> errors = new ArrayList<>();
        ModelExtract made = ModelExtract.of(new Extract(null, JSON.readTree("""
                {"type": "object", "required": ["price"], "properties": {"price": {"type": "number"}}}"""),
                " the price ", 5_000), errors);
        assertThat(errors).isEmpty();
        assertThat(made.prompt()).isEqualTo("the price");
        assertThat(made.budget().toMillis()).isEqualTo(5_000);
        assertThat(ExtractionSchemas.problems(made.validator(), JSON.readTree("{\"price\": \"cheap\"}")))
                .singleElement().asString().startsWith("/price: ");
        assertThat(ModelExtract.of(new Extract(null, null, "anything", null), errors).budget())
                .isEqualTo(ModelExtract.DEFAULT_BUDGET);
    }

    @Test
    void rulesAndAModelTogetherABadSchemaABlankPromptAndABadBudgetAreRefused() {
        JsonNode rule = JSON.readTree("\"h1\"");
        assertThat(faults(new Extract(Map.of("title", rule), null, "the title", null))).extracting(FieldError::field)
                .containsExactly("extract");
        assertThat(faults(new Extract(null, JSON.readTree("[1, 2]"), null, null))).extracting(FieldError::field)
                .containsExactly("extract.schema");
        assertThat(faults(new Extract(null, JSON.readTree("{\"type\": 42}"), null, null)))
                .extracting(FieldError::field).containsExactly("extract.schema");
        assertThat(faults(new Extract(null, null, " ", 500))).extracting(FieldError::field)
                .containsExactly("extract.prompt", "extract.timeoutMs");
        assertThat(faults(new Extract(Map.of("title", rule), null, null, 5_000))).extracting(FieldError::field)
                .containsExactly("extract.timeoutMs");
    }

    @Test
    void aSchemaMayReferToItsOwnDefinitions() {
        List<FieldError> errors = new ArrayList<>();
        ModelExtract made = ModelExtract.of(new Extract(null, JSON.readTree("""
                {"type": "array", "items": {"$ref": "#/$defs/product"},
                 "$defs": {"product": {"type": "object", "required": ["name"]}}}"""), null, null), errors);
        assertThat(errors).isEmpty();
        assertThat(ExtractionSchemas.problems(made.validator(), JSON.readTree("[{\"name\": \"a\"}, {}]")))
                .singleElement().asString().startsWith("/1: ");
    }

    @Test
    void aSchemaReferringToAnotherDocumentIsRefusedAndNothingIsFetched() {
        try (CountingSocket elsewhere = new CountingSocket()) {
            JsonNode schema = JSON.readTree("""
                    {"type": "object", "properties": {"price": {"$ref": "http://%s/schema.json"}}}"""
                    .formatted(elsewhere.hostAndPort()));
            List<FieldError> errors = new ArrayList<>();
            ModelExtract.of(new Extract(null, schema, null, null), errors);
            assertThat(errors).extracting(FieldError::field).containsExactly("extract.schema");
            assertThat(errors.getFirst().message()).contains("schema.json");
            assertThat(elsewhere.connections()).as("the referenced document is never fetched").isZero();
        }
    }
}
