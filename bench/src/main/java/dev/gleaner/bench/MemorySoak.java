package dev.gleaner.bench;

import java.time.LocalDate;
import java.util.Locale;

import dev.gleaner.devstack.process.ServiceProcess;
import dev.gleaner.farm.client.node.ProcessMemory;

/**
 * Many renders on one farm node, its memory sampled every {@code every} renders: the node's JVM
 * and everything under it (Playwright drivers and Chromium), as proportional set sizes. Shows
 * whether memory comes back (browsers are recycled after their render limit, contexts closed after
 * each render) or creeps up.
 */
final class MemorySoak {

    private MemorySoak() {
    }

    static String run(ServiceProcess node, LoadRun chunk, Scenario scenario, int renders, String page) throws Exception {
        ProcessHandle process = ProcessHandle.of(node.pid()).orElseThrow();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%s · %d cores · Java %s · %d renders of %s on one farm node at concurrency %d, through leases%n%n"
                        + "| renders | node JVM MiB | drivers + Chromium MiB | node total MiB | vs. at %d | renders/s | failed |%n"
                        + "|---:|---:|---:|---:|---:|---:|---:|%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), renders, page,
                chunk.concurrency(), chunk.renders()));
        long reference = 0;
        for (int done = 0; done < renders; ) {
            LoadRun.Result result = chunk.run(scenario);
            done += chunk.renders();
            long jvm = ProcessMemory.proportionalSetSize(process.pid());
            long browsers = ProcessMemory.ofDescendants(process);
            long total = jvm + browsers;
            if (reference == 0) {
                reference = total;
            }
            out.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %+.1f %% | %.2f | %d |%n", done,
                    mib(jvm), mib(browsers), mib(total), 100.0 * (total - reference) / reference, result.throughput(),
                    result.failures()));
            System.err.printf(Locale.ROOT, "[bench] soak: %d renders, node %.0f MiB%n", done, mib(total));
        }
        return out.toString();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
