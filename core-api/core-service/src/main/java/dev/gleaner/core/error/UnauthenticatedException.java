package dev.gleaner.core.error;

/** The caller is not (or not as the kind of caller) an endpoint accepts. */
public final class UnauthenticatedException extends GleanerException {

    public UnauthenticatedException(String message) {
        super(message);
    }

    @Override
    public String title() {
        return "Unauthenticated";
    }
}
