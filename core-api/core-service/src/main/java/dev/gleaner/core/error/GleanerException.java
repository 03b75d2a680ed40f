package dev.gleaner.core.error;

import java.util.Locale;

/**
 * An expected failure with a meaning the client can act on. The web edge maps each kind to
 * one HTTP status and an RFC 9457 problem; service code never names HTTP statuses.
 */
public abstract sealed class GleanerException extends RuntimeException
        permits InvalidInputException, NotFoundException, ConflictException, TargetRefusedException,
        CapacityException, RenderFailedException, UnauthenticatedException, DependencyUnavailableException,
        ActionFailedException, IdempotencyMismatchException, ForbiddenException, DomainPausedException,
        DomainHeldException, QuotaExceededException, TenantSuspendedException,
        SignInThrottledException {

    protected GleanerException(String message) {
        super(message, null, false, false);
    }

    /** Where every problem type of Gleaner's starts. */
    public static final String TYPE_PREFIX = "urn:gleaner:problem:";

    /** A short, stable title for the problem document. */
    public abstract String title();

    /** The problem type: a URN made from the title, e.g. {@code urn:gleaner:problem:page-timed-out}. */
    public String type() {
        return TYPE_PREFIX + title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
