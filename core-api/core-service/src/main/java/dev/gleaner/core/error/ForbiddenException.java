package dev.gleaner.core.error;

/** The caller is known but may not do this (e.g. ignore robots.txt without the right to). */
public final class ForbiddenException extends GleanerException {

    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public String title() {
        return "Not allowed";
    }
}
