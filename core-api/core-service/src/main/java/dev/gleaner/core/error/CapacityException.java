package dev.gleaner.core.error;

/** No browser slot could be had: the tenant is at its cap, or the farm is full or down. */
public final class CapacityException extends GleanerException {

    public enum Kind {
        TENANT_AT_CAP, FARM_FULL
    }

    private final Kind kind;

    public CapacityException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String title() {
        return kind == Kind.TENANT_AT_CAP ? "Concurrency limit reached" : "No browser available";
    }
}
