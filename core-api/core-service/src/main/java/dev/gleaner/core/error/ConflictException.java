package dev.gleaner.core.error;

/** The request clashes with existing state (e.g. a tenant name already taken). */
public final class ConflictException extends GleanerException {

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
