package dev.gleaner.farm.client.guard;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * The SSRF guard: refuses schemes other than http/https and any host that resolves to a
 * loopback, private, link-local (cloud metadata), carrier-grade NAT, multicast, documentation
 * or otherwise reserved address. Every address a name resolves to must pass, so a name that
 * mixes public and private answers is refused. Loopback can be allowed for local development
 * and tests; nothing else can.
 *
 * <p>Resolution blocks: call it from a thread that may block.
 */
public final class TargetGuard {

    private static final List<IPAddress> LOOPBACK = ranges("127.0.0.0/8", "::1/128");
    private static final List<IPAddress> DENIED = ranges(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32",
            "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8");

    /** Looks host names up; the JDK resolver unless a test supplies another. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowLoopback;
    private final Resolver resolver;

    public TargetGuard(boolean allowLoopback) {
        this(allowLoopback, InetAddress::getAllByName);
    }

    public TargetGuard(boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    public boolean allowsLoopback() {
        return allowLoopback;
    }

    public TargetVerdict check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new TargetVerdict.Refused("not a valid URL");
        }
        return check(uri);
    }

    public TargetVerdict check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new TargetVerdict.Refused("scheme '" + scheme + "' is not allowed; use http or https");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return new TargetVerdict.Refused("URL has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return new TargetVerdict.Refused("host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null) {
                return new TargetVerdict.Refused("host '" + host + "' resolves to " + refusal + " address "
                        + address.getHostAddress());
            }
        }
        return new TargetVerdict.Allowed();
    }

    private String refusal(InetAddress inet) {
        IPAddress address = new IPAddressString(inet.getHostAddress()).getAddress();
        if (address == null) {
            return "an unparseable";
        }
        if (address.isIPv6() && address.isIPv4Convertible()) {
            address = address.toIPv4();
        }
        if (contains(LOOPBACK, address)) {
            return allowLoopback ? null : "a loopback";
        }
        return contains(DENIED, address) ? "a private or reserved" : null;
    }

    private static boolean contains(List<IPAddress> ranges, IPAddress address) {
        for (IPAddress range : ranges) {
            if (range.getIPVersion() == address.getIPVersion() && range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<IPAddress> ranges(String... cidrs) {
        return Arrays.stream(cidrs)
                .map(c -> new IPAddressString(c).getAddress().toPrefixBlock())
                .toList();
    }
}
