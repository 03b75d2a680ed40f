package dev.gleaner.admin.shell;

import java.util.UUID;

import com.vaadin.flow.component.textfield.TextField;

/** A field for a tenant's id, where empty means every tenant; a value that is not an id is marked, not sent. */
public final class TenantIdField extends TextField {

    public TenantIdField(String label) {
        super(label);
        setClearButtonVisible(true);
        setErrorMessage("a tenant id, or empty for every tenant");
    }

    /** Whether the value is empty or an id; marks the field when it is neither. */
    public boolean check() {
        try {
            tenantId();
            setInvalid(false);
            return true;
        } catch (IllegalArgumentException e) {
            setInvalid(true);
            return false;
        }
    }

    /** The id, or null when the field is empty; {@link IllegalArgumentException} when it is not an id. */
    public UUID tenantId() {
        return getValue().isBlank() ? null : UUID.fromString(getValue().strip());
    }
}
