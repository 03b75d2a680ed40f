package dev.gleaner.core.error;

import java.time.Instant;

/** The tenant used up one of its plan's monthly allowances: nothing more until the next month (or another plan). */
public final class QuotaExceededException extends GleanerException {

    private final String allowance;
    private final long limit;
    private final long used;
    private final Instant resetsAt;

    public QuotaExceededException(String allowance, long limit, long used, Instant resetsAt) {
        super("the plan's " + allowance + " allowance for this month is used up (" + used + " of " + limit
                + "); it starts afresh at " + resetsAt);
        this.allowance = allowance;
        this.limit = limit;
        this.used = used;
        this.resetsAt = resetsAt;
    }

    /** {@code requests}, {@code pages} or {@code browserSeconds}. */
    public String allowance() {
        return allowance;
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used;
    }

    public Instant resetsAt() {
        return resetsAt;
    }

    @Override
    public String title() {
        return "Quota exceeded";
    }
}
