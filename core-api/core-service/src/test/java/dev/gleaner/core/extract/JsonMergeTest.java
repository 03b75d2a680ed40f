package dev.gleaner.core.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The chunks of a long page merge by the schema's shape. */
class JsonMergeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode SCHEMA = JSON.readTree("""
            {"type": "object", "properties": {
              "title": {"type": "string"}, "price": {"type": ["number", "null"]},
              "tags": {"type": "array", "items": {"type": "string"}},
              "offers": {"type": "array", "items": {"type": "object"}},
              "seller": {"type": "object", "properties": {"name": {"type": "string"}, "phones": {"type": "array"}}}}}
            """);

    private static JsonNode merge(String first, String second) {
        return JsonMerge.merge(SCHEMA, JSON.readTree(first), JSON.readTree(second));
    }

    @Test
    void arraysAreConcatenatedWithoutRepeatsInOrder() {
        assertThat(merge("""
                {"tags": ["a", "b"], "offers": [{"p": 1}, {"p": 2}]}""", """
                {"tags": ["b", "c"], "offers": [{"p": 2}, {"p": 3}]}""")).isEqualTo(JSON.readTree("""
                {"tags": ["a", "b", "c"], "offers": [{"p": 1}, {"p": 2}, {"p": 3}]}"""));
    }

    @Test
    void scalarsComeFromTheFirstChunkThatHasThem() {
        assertThat(merge("""
                {"title": "Kettle", "price": null}""", """
                {"title": "Other title", "price": 24.5}""")).isEqualTo(JSON.readTree("""
                {"title": "Kettle", "price": 24.5}"""));
        assertThat(merge("""
                {"price": 3}""", """
                {"title": "Late title"}""")).isEqualTo(JSON.readTree("""
                {"price": 3, "title": "Late title"}"""));
    }

    @Test
    void nestedObjectsMergeFieldByField() {
        assertThat(merge("""
                {"seller": {"name": "Acme", "phones": ["1"]}}""", """
                {"seller": {"name": "Acme Ltd", "phones": ["1", "2"]}}""")).isEqualTo(JSON.readTree("""
                {"seller": {"name": "Acme", "phones": ["1", "2"]}}"""));
    }

    @Test
    void withoutASchemaTheValuesShapesDecide() {
        assertThat(JsonMerge.merge(null, JSON.readTree("[1, 2]"), JSON.readTree("[2, 3]")))
                .isEqualTo(JSON.readTree("[1, 2, 3]"));
        assertThat(JsonMerge.merge(null, JSON.readTree("{\"a\": 1}"), JSON.readTree("{\"a\": 2, \"b\": 3}")))
                .isEqualTo(JSON.readTree("{\"a\": 1, \"b\": 3}"));
    }
}
