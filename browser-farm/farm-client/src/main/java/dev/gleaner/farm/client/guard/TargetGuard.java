package dev.gleaner.farm.client.guard;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.slf4j.LoggerFactory;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * The SSRF guard: refuses schemes other than http/https and any host that resolves to a
 * loopback, private, link-local (cloud metadata), carrier-grade NAT, multicast, documentation
 * or otherwise reserved address. Every address a name resolves to must pass, so a name that
 * mixes public and private answers is refused. The host is resolved once, and an allowed
 * verdict carries the addresses that were checked: callers connect to those and never resolve
 * the name again. Only the explicit {@link AllowedTargets} (development and tests) pass in spite
 * of the rules.
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

    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern NUMBER_HEX = Pattern.compile("0[xX][0-9a-fA-F]*");

    /** Looks host names up; the JDK resolver unless a test supplies another. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final AllowedTargets allowed;
    private final Resolver resolver;

    public TargetGuard(AllowedTargets allowed) {
        this(allowed, InetAddress::getAllByName);
    }

    public TargetGuard(AllowedTargets allowed, Resolver resolver) {
        this.allowed = allowed;
        this.resolver = resolver;
    }

    /**
     * The guard a service runs with: {@code allowedTargets} as {@link AllowedTargets#parse} reads it,
     * with a warning in the log when the list is not empty.
     */
    public static TargetGuard configured(String allowedTargets) {
        AllowedTargets allowed = AllowedTargets.parse(allowedTargets);
        if (!allowed.isEmpty()) {
            LoggerFactory.getLogger(TargetGuard.class).warn("{}={}: these targets pass the SSRF guard in spite of its rules."
                    + " For development and tests only.", AllowedTargets.VARIABLE, allowed);
        }
        return new TargetGuard(allowed);
    }

    /** Checks a URL as a browser writes it (characters such as {@code |} or {@code ^} left unescaped are fine). */
    public TargetVerdict check(String url) {
        return Urls.parse(url)
                .map(this::check)
                .orElseGet(() -> new TargetVerdict.Refused("not a valid URL"));
    }

    public TargetVerdict check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new TargetVerdict.Refused("scheme '" + scheme + "' is not allowed; use http or https");
        }
        return Urls.hostAndPort(uri)
                .map(hp -> checkHost(hp.host(), hp.port()))
                .orElseGet(() -> new TargetVerdict.Refused("URL has no host"));
    }

    /** Resolves {@code host} once and checks every address it names, for a connection to {@code port}. */
    public TargetVerdict checkHost(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.isBlank()) {
            return new TargetVerdict.Refused("URL has no host");
        }
        if (endsInANumber(bare) && !CANONICAL_IPV4.matcher(bare).matches()) {
            // browsers read 0177.0.0.1, 0x7f000001, 2130706433 or 127.1 as 127.0.0.1; the JDK reads some of them
            // otherwise (0177 as 177): refuse every form but the canonical one, so both sides see one address
            return new TargetVerdict.Refused("host '" + host + "' is not a canonical IPv4 address");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            return new TargetVerdict.Refused("host '" + host + "' does not resolve");
        }
        if (addresses.length == 0) {
            return new TargetVerdict.Refused("host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            String refusal = refusal(address, port);
            if (refusal != null) {
                return new TargetVerdict.Refused("host '" + host + "' resolves to " + refusal + " address "
                        + address.getHostAddress());
            }
        }
        return new TargetVerdict.Allowed(Arrays.asList(addresses));
    }

    /** The WHATWG URL standard's "ends in a number" test: such a host is parsed as an IPv4 address. */
    private static boolean endsInANumber(String host) {
        String[] labels = host.split("\\.", -1);
        String last = labels[labels.length - 1].isEmpty() && labels.length > 1 ? labels[labels.length - 2] : labels[labels.length - 1];
        return !last.isEmpty() && (last.chars().allMatch(Character::isDigit) || NUMBER_HEX.matcher(last).matches());
    }

    private String refusal(InetAddress inet, int port) {
        IPAddress address;
        try {
            address = Addresses.normalised(inet);
        } catch (IllegalArgumentException e) {
            return "an unparseable";
        }
        if (allowed.permits(address, port)) {
            return null;
        }
        if (contains(LOOPBACK, address)) {
            return "a loopback";
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
