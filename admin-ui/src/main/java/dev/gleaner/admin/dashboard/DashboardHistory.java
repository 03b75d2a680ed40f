package dev.gleaner.admin.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.ToLongFunction;

import org.springframework.stereotype.Component;

import dev.gleaner.core.client.admin.DashboardView;

/**
 * The queue and the farm's slots over the last hour, as this console instance saw them: core-api answers only
 * what they are now (the scrapes' history it keeps itself), so every dashboard fetch adds a sample here, at most
 * one per {@link #SPACING}, shared by every open dashboard. The history starts when the console does.
 */
@Component
public class DashboardHistory {

    /** One sample of the figures that have no history in core-api. */
    public record Sample(Instant at, long queued, long running, long busy, long slots) {
    }

    static final Duration KEPT = Duration.ofHours(1);
    static final Duration SPACING = Duration.ofSeconds(5);

    private final Deque<Sample> samples = new ArrayDeque<>();

    public synchronized void add(DashboardView view) {
        Instant at = view.at();
        if (!samples.isEmpty() && samples.getLast().at().plus(SPACING).isAfter(at)) {
            return;
        }
        samples.addLast(new Sample(at, view.queue().queued(), view.queue().running(), view.browsers().busy(),
                view.browsers().slots()));
        while (!samples.isEmpty() && samples.getFirst().at().isBefore(at.minus(KEPT))) {
            samples.removeFirst();
        }
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** One figure of every sample, oldest first: a chart's series. */
    static double[] series(List<Sample> samples, ToLongFunction<Sample> figure) {
        double[] values = new double[samples.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = figure.applyAsLong(samples.get(i));
        }
        return values;
    }
}
