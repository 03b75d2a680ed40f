package dev.gleaner.admin.shell;

import java.util.UUID;

import com.vaadin.flow.component.textfield.TextField;

/** A field for an id (a tenant's, a batch's…), where empty means any; a value that is not an id is marked, not sent. */
public final class IdField extends TextField {

    /** A tenant's id, or empty for every tenant. */
    public static IdField tenant(String label) {
        return new IdField(label, "a tenant id, or empty for every tenant");
    }

    public IdField(String label, String errorMessage) {
        super(label);
        setClearButtonVisible(true);
        setErrorMessage(errorMessage);
    }

    /** Whether the value is empty or an id; marks the field when it is neither. */
    public boolean check() {
        try {
            id();
            setInvalid(false);
            return true;
        } catch (IllegalArgumentException e) {
            setInvalid(true);
            return false;
        }
    }

    /** The id, or null when the field is empty; {@link IllegalArgumentException} when it is not an id. */
    public UUID id() {
        return getValue().isBlank() ? null : UUID.fromString(getValue().strip());
    }
}
