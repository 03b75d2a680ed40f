package dev.gleaner.core.error;

/** An idempotency key was used again with another request; the earlier job stands, nothing was written. */
public final class IdempotencyMismatchException extends GleanerException {

    public IdempotencyMismatchException() {
        super("this Idempotency-Key was already used with a different request; use a new key for a new request");
    }

    @Override
    public String title() {
        return "Idempotency key reused";
    }
}
