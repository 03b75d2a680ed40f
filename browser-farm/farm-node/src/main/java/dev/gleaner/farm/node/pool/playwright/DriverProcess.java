package dev.gleaner.farm.node.pool.playwright;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.gleaner.farm.client.node.ProcessMemory;

/**
 * The operating system's view of one browser: the Playwright driver process a worker started and
 * the Chromium processes under it. Asked from any thread, without going through Playwright, so a
 * dead or hung browser can be told and killed even while its worker's thread is stuck.
 */
final class DriverProcess {

    /** Drivers start one at a time, so each can tell which new child process of the JVM is its own. */
    private static final Object START = new Object();

    private final ProcessHandle driver;

    private DriverProcess(ProcessHandle driver) {
        this.driver = driver;
    }

    /**
     * Runs {@code start} (which starts a driver) and finds the driver it started: the JVM's new child
     * whose executable is {@code node}. Null when none can be told apart (a driver started some other way).
     */
    static <T> T start(Supplier<T> start, Consumer<DriverProcess> found) {
        synchronized (START) {
            Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
            T started = start.get();
            found.accept(ProcessHandle.current().children()
                    .filter(p -> !before.contains(p.pid()))
                    .filter(p -> p.info().command().map(c -> c.endsWith("/node")).orElse(false))
                    .findFirst().map(DriverProcess::new).orElse(null));
            return started;
        }
    }

    long pid() {
        return driver.pid();
    }

    /** Whether the driver runs and Chromium (its child) too. */
    boolean chromiumAlive() {
        return running(driver) && driver.children().anyMatch(DriverProcess::running);
    }

    /**
     * Alive and not a zombie: a Chromium killed a moment ago stays in the process table, and counts as alive
     * to {@link ProcessHandle#isAlive()}, until the driver reaps it, which may come after Playwright has
     * already failed the render.
     */
    static boolean running(ProcessHandle process) {
        return process.isAlive() && !zombie(process);
    }

    /** The Chromium processes: the browser and its renderers, GPU and utility processes. */
    Set<ProcessHandle> chromium() {
        return driver.descendants().collect(Collectors.toSet());
    }

    /** The driver and everything under it, as they are now. */
    Set<ProcessHandle> all() {
        return Stream.concat(Stream.of(driver), driver.descendants()).collect(Collectors.toSet());
    }

    /** Kills Chromium and the driver at once. */
    void kill() {
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
    }

    /** What Chromium uses: the proportional set size of its processes (shared pages split), in bytes. */
    long memoryBytes() {
        return ProcessMemory.ofDescendants(driver);
    }

    /** A process that exited and waits for its parent to collect it: dead, though the OS still lists it. */
    static boolean zombie(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
