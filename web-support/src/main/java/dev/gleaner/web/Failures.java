package dev.gleaner.web;

/** Describing a failure in one short line, for problem details and logs. */
public final class Failures {

    private Failures() {
    }

    /** The first line of the root cause's message, or its type when it has none. */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
