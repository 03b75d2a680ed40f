package dev.gleaner.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many instances of each service the dev stack runs, from {@code ./gleaner up --scale
 * gateway=2,core-api=2,farm=2} (passed on as {@code GLEANER_SCALE}). A scaled stack puts Debian's nginx in
 * front of its gateways, on the gateway port; an unscaled one (no {@code --scale}) runs one of each with no
 * balancer, as before.
 *
 * @param gateways gateway instances
 * @param coreApis core-api instances (every one works the job stream and registers for the gateways)
 * @param farms    browser-farm nodes
 * @param balanced whether nginx balances over the gateways (true whenever {@code --scale} was given)
 */
public record Scale(int gateways, int coreApis, int farms, boolean balanced) {

    /** Most instances of one service on one machine: each is a JVM of its own. */
    public static final int MAX = 8;
    public static final Scale SINGLE = new Scale(1, 1, 1, false);

    public Scale {
        check("gateway", gateways);
        check("core-api", coreApis);
        check("farm", farms);
    }

    private static void check(String service, int count) {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("--scale " + service + "=" + count + ": between 1 and " + MAX);
        }
    }

    /**
     * Reads {@code gateway=N,core-api=N,farm=N}: any of the three, in any order, each at most once; a service
     * not named runs once. Null or blank is {@link #SINGLE}.
     *
     * @throws IllegalArgumentException naming what was wrong
     */
    public static Scale parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return SINGLE;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] pair = part.strip().split("=", -1);
            if (pair.length != 2 || !pair[1].strip().matches("[0-9]{1,2}")) {
                throw new IllegalArgumentException("--scale: '" + part.strip() + "' is not service=count"
                        + " (e.g. gateway=2,core-api=2,farm=2)");
            }
            String service = pair[0].strip();
            if (!service.equals("gateway") && !service.equals("core-api") && !service.equals("farm")) {
                throw new IllegalArgumentException("--scale: unknown service '" + service
                        + "' (gateway, core-api or farm)");
            }
            if (counts.put(service, Integer.parseInt(pair[1].strip())) != null) {
                throw new IllegalArgumentException("--scale: " + service + " is named twice");
            }
        }
        return new Scale(counts.getOrDefault("gateway", 1), counts.getOrDefault("core-api", 1),
                counts.getOrDefault("farm", 1), true);
    }
}
