package dev.gleaner.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Runs a scenario: each of {@code concurrency} threads warms its renderer up, then all of them
 * start together and share {@code renders} measured renders. Every render's HTML must pass
 * {@code check}; one that does not counts as a failure.
 */
record LoadRun(int renders, int concurrency, int warmup, Predicate<String> check) {

    /** What one scenario measured; latencies in milliseconds, sorted. */
    record Result(String scenario, List<Double> latencies, int failures, double wallSeconds) {

        double percentile(double p) {
            if (latencies.isEmpty()) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latencies.size()) - 1;
            return latencies.get(Math.max(0, Math.min(latencies.size() - 1, index)));
        }

        double throughput() {
            return latencies.size() / wallSeconds;
        }
    }

    Result run(Scenario scenario) throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger left = new AtomicInteger(renders);
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch warmedUp = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                workers.add(threads.submit(() -> {
                    try (Scenario.Renderer renderer = scenario.newRenderer()) {
                        for (int w = 0; w < warmup; w++) {
                            renderer.render();
                        }
                        warmedUp.countDown();
                        go.await();
                        while (left.getAndDecrement() > 0) {
                            measureOne(renderer, latencies, failures);
                        }
                    }
                    return null;
                }));
            }
            while (!warmedUp.await(100, TimeUnit.MILLISECONDS)) {
                for (Future<?> worker : workers) {
                    if (worker.isDone()) {
                        worker.get(); // a renderer that could not start or warm up ends the run with its error
                    }
                }
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return new Result(scenario.name(), sorted, failures.get(), wall);
        } finally {
            threads.shutdownNow();
        }
    }

    private void measureOne(Scenario.Renderer renderer, ConcurrentLinkedQueue<Double> latencies, AtomicInteger failures) {
        long start = System.nanoTime();
        boolean ok;
        try {
            ok = check.test(renderer.render());
        } catch (RuntimeException e) {
            ok = false;
        }
        if (ok) {
            latencies.add((System.nanoTime() - start) / 1e6);
        } else {
            failures.incrementAndGet();
        }
    }
}
