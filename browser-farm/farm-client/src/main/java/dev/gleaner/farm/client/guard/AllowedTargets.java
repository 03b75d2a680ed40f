package dev.gleaner.farm.client.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * Exceptions to the target guard, for development and tests only: {@code GLEANER_ALLOWED_TARGETS},
 * a comma-separated list of {@code host:port} entries (one port on the addresses the host names
 * now) and CIDR blocks (every port), e.g. {@code 127.0.0.1:8090,[::1]:8090,10.20.0.0/16}.
 * Empty by default: nothing the guard refuses is allowed.
 */
public final class AllowedTargets {

    /** The environment variable every service reads the list from. */
    public static final String VARIABLE = "GLEANER_ALLOWED_TARGETS";

    private record Endpoint(IPAddress address, int port) {
    }

    private final List<IPAddress> blocks;
    private final List<Endpoint> endpoints;
    private final String spec;

    private AllowedTargets(List<IPAddress> blocks, List<Endpoint> endpoints, String spec) {
        this.blocks = List.copyOf(blocks);
        this.endpoints = List.copyOf(endpoints);
        this.spec = spec;
    }

    public static AllowedTargets none() {
        return new AllowedTargets(List.of(), List.of(), "");
    }

    /**
     * Parses the list; host names in {@code host:port} entries are resolved once, here.
     *
     * @throws IllegalArgumentException naming the first entry that is neither {@code host:port} nor a CIDR block
     */
    public static AllowedTargets parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return none();
        }
        List<IPAddress> blocks = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/")) {
                IPAddress block = new IPAddressString(entry).getAddress();
                if (block == null || !block.isPrefixed()) {
                    throw invalid(entry);
                }
                blocks.add(block.toPrefixBlock());
            } else {
                endpoints.addAll(endpoints(entry));
            }
        }
        return new AllowedTargets(blocks, endpoints, spec.strip());
    }

    private static List<Endpoint> endpoints(String entry) {
        int colon = entry.lastIndexOf(':');
        String host = colon < 0 ? "" : entry.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(entry);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw invalid(entry);
        }
        try {
            return Arrays.stream(InetAddress.getAllByName(host))
                    .map(a -> new Endpoint(Addresses.normalised(a), port))
                    .toList();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(VARIABLE + ": host '" + host + "' of entry '" + entry + "' does not resolve");
        }
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException(VARIABLE + ": '" + entry
                + "' is neither host:port (e.g. 127.0.0.1:8090) nor a CIDR block (e.g. 10.0.0.0/8)");
    }

    /** Whether a connection to {@code address} on {@code port} is allowed in spite of the guard. */
    public boolean permits(IPAddress address, int port) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.port() == port && endpoint.address().equals(address)) {
                return true;
            }
        }
        for (IPAddress block : blocks) {
            if (block.getIPVersion() == address.getIPVersion() && block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return blocks.isEmpty() && endpoints.isEmpty();
    }

    /** The list as configured. */
    @Override
    public String toString() {
        return spec;
    }
}
