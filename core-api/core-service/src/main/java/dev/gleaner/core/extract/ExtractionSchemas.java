package dev.gleaner.core.extract;

import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;

/**
 * Tenants' JSON Schemas, compiled by networknt's json-schema-validator (draft 2020-12 unless a schema names
 * another in {@code $schema}). A schema is the tenant's input: it may not make Gleaner fetch anything, so
 * references to other documents are never resolved (a {@code $ref} to a URL fails the schema, it is not fetched).
 */
public final class ExtractionSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)
                    .block(iri -> !iri.toString().startsWith("https://json-schema.org/")))
                    .schemaCacheEnabled(false));
    private static final SchemaLocation HERE = SchemaLocation.of("urn:gleaner:extract-schema");
    /** Draft 2020-12's meta-schema, from the library's own copy: a tenant's schema is checked against it first. */
    private static final Schema META = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    private static final int PROBLEMS_SHOWN = 5;

    private ExtractionSchemas() {
    }

    /** The compiled schema; fails with the reason when {@code schema} is not one, or refers elsewhere. */
    public static Schema compile(JsonNode schema) {
        if (schema == null || !(schema.isObject() || schema.isBoolean())) {
            throw new IllegalArgumentException("must be a JSON Schema (an object)");
        }
        List<String> faults = problems(META, schema);
        if (!faults.isEmpty()) {
            throw new IllegalArgumentException("is not a valid JSON Schema (draft 2020-12): "
                    + String.join("; ", faults.subList(0, Math.min(PROBLEMS_SHOWN, faults.size()))));
        }
        try {
            Schema compiled = REGISTRY.getSchema(HERE, schema);
            compiled.initializeValidators();
            return compiled;
        } catch (SchemaException | IllegalStateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a JSON Schema Gleaner can use: " + e.getMessage());
        }
    }

    /**
     * What in {@code value} does not validate, each as {@code <where>: <why>} (where as a JSON pointer, e.g.
     * {@code /price}; the whole value as {@code /}); empty when it validates.
     */
    public static List<String> problems(Schema schema, JsonNode value) {
        List<Error> errors = schema.validate(value);
        return errors.stream().map(e -> {
            String where = e.getInstanceLocation().toString();
            return (where.isEmpty() ? "/" : where) + ": " + e.getMessage();
        }).toList();
    }
}
