package dev.gleaner.core.error;

public final class NotFoundException extends GleanerException {

    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public String title() {
        return "Not found";
    }
}
