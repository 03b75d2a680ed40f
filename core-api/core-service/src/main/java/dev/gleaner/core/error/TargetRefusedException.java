package dev.gleaner.core.error;

/** The target URL (or a redirect hop) is not allowed: the SSRF guard refused it. */
public final class TargetRefusedException extends GleanerException {

    public TargetRefusedException(String reason) {
        super(reason);
    }

    @Override
    public String title() {
        return "Target refused";
    }
}
