package dev.gleaner.core.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a job is in its life; the last four are final. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, BLOCKED, CANCELLED;

    /** The name in the API and the database. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    public static Optional<JobStatus> of(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
    }
}
