package dev.gleaner.core.error;

/**
 * An expected failure with a meaning the client can act on. The web edge maps each kind to
 * one HTTP status and an RFC 9457 problem; service code never names HTTP statuses.
 */
public abstract sealed class GleanerException extends RuntimeException
        permits InvalidInputException, NotFoundException, ConflictException, TargetRefusedException,
        CapacityException, RenderFailedException, UnauthenticatedException, DependencyUnavailableException,
        ActionFailedException {

    protected GleanerException(String message) {
        super(message, null, false, false);
    }

    /** A short, stable title for the problem document. */
    public abstract String title();
}
