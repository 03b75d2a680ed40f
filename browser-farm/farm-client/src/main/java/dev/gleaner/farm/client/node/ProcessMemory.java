package dev.gleaner.farm.client.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much memory processes use, as Linux counts it fairly across processes that share pages:
 * the proportional set size (PSS, shared pages split among their sharers). Chromium's processes
 * share most of their code, so adding up their resident sizes would count it many times.
 */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** The process's PSS in bytes; 0 when it is gone (or this is not Linux). */
    public static long proportionalSetSize(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // gone meanwhile, or not Linux: it counts as nothing
        }
        return 0;
    }

    /** The PSS of every process under {@code root} (not {@code root} itself), in bytes. */
    public static long ofDescendants(ProcessHandle root) {
        return root.descendants().mapToLong(p -> proportionalSetSize(p.pid())).sum();
    }
}
