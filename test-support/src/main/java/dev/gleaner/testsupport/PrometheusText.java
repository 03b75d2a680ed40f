package dev.gleaner.testsupport;

import java.util.function.Predicate;

/** Reads one value out of a service's {@code /actuator/prometheus} text, for tests. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The value of the first sample of {@code metric} (with or without labels); fails when there is none. */
    public static double value(String exposition, String metric) {
        return first(exposition, metric, labels -> true, "");
    }

    /** The value of the first sample of {@code metric} whose labels include {@code label}, e.g. {@code state="busy"}. */
    public static double value(String exposition, String metric, String label) {
        return first(exposition, metric, labels -> labels.contains(label), " with " + label);
    }

    private static double first(String exposition, String metric, Predicate<String> labelsMatch, String what) {
        return exposition.lines()
                .filter(line -> line.startsWith(metric + " ") && labelsMatch.test("")
                        || line.startsWith(metric + "{") && labelsMatch.test(line.substring(0, line.indexOf('}') + 1)))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample of " + metric + what + " in the exposition"));
    }
}
