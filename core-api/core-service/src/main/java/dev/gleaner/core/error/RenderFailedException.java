package dev.gleaner.core.error;

import dev.gleaner.farm.client.render.RenderOutcome;

/** The browser could not produce the page; the outcome says why. */
public final class RenderFailedException extends GleanerException {

    private final RenderOutcome outcome;

    public RenderFailedException(RenderOutcome outcome, String detail) {
        super(detail == null ? outcome.name() : detail);
        this.outcome = outcome;
    }

    public RenderOutcome outcome() {
        return outcome;
    }

    @Override
    public String title() {
        return switch (outcome) {
            case TIMEOUT -> "Page timed out";
            case NAVIGATION_FAILED -> "Page unreachable";
            case INVALID_REQUEST -> "Request cannot be met on this page";
            default -> "Render failed";
        };
    }
}
