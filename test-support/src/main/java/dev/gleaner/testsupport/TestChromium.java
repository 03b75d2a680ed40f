package dev.gleaner.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Chromium the tests drive: {@code GLEANER_CHROMIUM_PATH} when set, else Debian's headless
 * shell (package {@code chromium-headless-shell}, which {@code ./gleaner test} installs when missing).
 */
public final class TestChromium {

    private TestChromium() {
    }

    public static Path path() {
        String configured = System.getenv("GLEANER_CHROMIUM_PATH");
        Path path = Path.of(configured != null && !configured.isBlank() ? configured : "/usr/lib/chromium/chromium-headless-shell");
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("No Chromium at " + path + ": run the tests through ./gleaner test,"
                    + " which installs one, or set GLEANER_CHROMIUM_PATH");
        }
        return path;
    }
}
