package dev.gleaner.core.web;

import java.util.Collection;
import java.util.stream.Collectors;

import org.springframework.core.codec.DecodingException;
import org.springframework.web.server.ServerWebInputException;

import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.web.Failures;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** A request body that could not be read, described by the field it went wrong at. */
public final class BodyErrors {

    private BodyErrors() {
    }

    public static FieldError describe(ServerWebInputException e) {
        if (!(e.getCause() instanceof DecodingException)) {
            return new FieldError("body", e.getReason());
        }
        return describe(e.getCause(), e);
    }

    /** A JSON document that did not map onto the request it was read as (read by the service itself). */
    public static FieldError describe(JacksonException e) {
        return describe(e, e);
    }

    private static FieldError describe(Throwable first, Throwable whole) {
        for (Throwable cause = first; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return new FieldError(path(unknown), "is not a field of this request; known fields here: "
                        + known(unknown.getKnownPropertyIds()));
            }
            if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
                String expected = mismatched.getTargetType() == null ? "another type"
                        : describe(mismatched.getTargetType());
                return new FieldError(path(mismatched), "must be " + expected);
            }
        }
        return new FieldError("body", "the request body is not valid JSON for this endpoint: "
                + Failures.rootMessage(whole));
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
