package dev.gleaner.farm.client.guard;

/** Whether a URL may be fetched. */
public sealed interface TargetVerdict {

    record Allowed() implements TargetVerdict {
    }

    /** @param reason says which rule refused the target, safe to show to the caller */
    record Refused(String reason) implements TargetVerdict {
    }

    default boolean allowed() {
        return this instanceof Allowed;
    }
}
