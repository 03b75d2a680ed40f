package dev.gleaner.testsupport;

/** Reads one value out of a service's {@code /actuator/prometheus} text, for tests. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The value of the first sample of {@code metric} (with or without labels); fails when there is none. */
    public static double value(String exposition, String metric) {
        return exposition.lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample of " + metric + " in the exposition"));
    }
}
