package dev.gleaner.farm.node.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of one farm node.
 *
 * @param nodeId            stable id of this node in the registry; a random one when blank
 * @param advertisedUrl     base URL at which core-api reaches this node; http://<host name>:<port> when blank
 * @param capacity          browsers (and so concurrent renders) this node runs; 0 (the default) sizes it from the
 *                          machine: the cores and the memory the JVM may see (a container's limits, not the host's)
 * @param maxRendersPerBrowser a browser is replaced after this many renders
 * @param maxBrowserMemory  a browser is replaced after a render that leaves its processes using more than this
 * @param hangGrace         how long past its budget a render may run before its browser is killed and replaced
 * @param chromiumPath      the Chromium executable Playwright launches; Playwright never downloads one
 * @param chromiumArgs      extra command-line switches for Chromium
 * @param heartbeatInterval how often the node refreshes its registration
 * @param heartbeatTtl      how long a registration lives without a heartbeat
 * @param reaperInterval    how often in-flight renders are checked against their leases
 * @param allowedTargets    host:port and CIDR entries pages may load from in spite of the guard (development and tests only)
 * @param redisUrl          Redis URI of the coordination store
 * @param redisNamespace    key namespace shared by every service of one installation
 * @param egressPort        when above 0, the port on which the egress guard also takes core-api's own fetches
 *                          (pages over HTTP, robots.txt, sitemaps, webhooks), so that only the farm reaches the internet
 * @param egressHost        the address that port listens on
 * @param egressSecret      what core-api proves it knows to use that port (GLEANER_EGRESS_SECRET, 16 characters or more)
 */
@Validated
@ConfigurationProperties("gleaner.farm")
public record FarmNodeProperties(
        String nodeId,
        String advertisedUrl,
        @Min(0) @DefaultValue("0") int capacity,
        @Min(1) @DefaultValue("1000") int maxRendersPerBrowser,
        @NotNull @DefaultValue("1GB") DataSize maxBrowserMemory,
        @NotNull @DefaultValue("5s") Duration hangGrace,
        @NotBlank @DefaultValue("/usr/lib/chromium/chromium-headless-shell") String chromiumPath,
        @DefaultValue List<String> chromiumArgs,
        @NotNull @DefaultValue("2s") Duration heartbeatInterval,
        @NotNull @DefaultValue("10s") Duration heartbeatTtl,
        @NotNull @DefaultValue("2s") Duration reaperInterval,
        @DefaultValue("") String allowedTargets,
        @NotBlank @DefaultValue("redis://localhost:6379") String redisUrl,
        @NotBlank @DefaultValue("gleaner") String redisNamespace,
        @Min(0) @Max(65535) @DefaultValue("0") int egressPort,
        @NotBlank @DefaultValue("0.0.0.0") String egressHost,
        @DefaultValue("") String egressSecret) {

    @Override
    public String toString() {
        return "FarmNodeProperties[nodeId=" + nodeId + ", capacity=" + capacity + ", egressPort=" + egressPort
                + ", egressSecret=" + (egressSecret.isEmpty() ? "none" : "(set)") + "]";
    }

    /** Memory a browser is budgeted when the capacity is sized from the machine, beside 1 GiB for the JVM. */
    static final long MEMORY_PER_BROWSER = 768L << 20;

    /** The browsers this node runs: {@link #capacity()} when set, else what the machine has room for. */
    public int effectiveCapacity() {
        if (capacity > 0) {
            return capacity;
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return fromMachine(Runtime.getRuntime().availableProcessors(), memory);
    }

    /** One browser per core, as far as memory goes (1 GiB kept for the JVM, 768 MiB per browser); at least one. */
    static int fromMachine(int cores, long memoryBytes) {
        long byMemory = (memoryBytes - (1L << 30)) / MEMORY_PER_BROWSER;
        return (int) Math.max(1, Math.min(cores, byMemory));
    }
}
