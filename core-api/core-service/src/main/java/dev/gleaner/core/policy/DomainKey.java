package dev.gleaner.core.policy;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import crawlercommons.domains.EffectiveTldFinder;

/**
 * What the per-domain policy is keyed by: a host's registrable domain (its public suffix plus one
 * label, from the public suffix list that crawler-commons ships: {@code www.shop.example.co.uk} →
 * {@code example.co.uk}), or the address itself for an IP-address target. A host with no known
 * public suffix ({@code localhost}, an internal name) is its own key.
 */
public final class DomainKey {

    private DomainKey() {
    }

    /** The key of a URL's host; empty when it has none. */
    public static Optional<String> ofUrl(URI url) {
        return url == null || url.getHost() == null || url.getHost().isBlank() ? Optional.empty()
                : Optional.of(of(url.getHost()));
    }

    /** The key of a host name or address literal ({@code [::1]} included). */
    public static String of(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            return name.substring(1, name.length() - 1);
        }
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.indexOf(':') >= 0 || name.matches("[0-9.]+")) {
            return name; // an IP address is its own key
        }
        // strict: a name under no listed suffix is not cut down; private suffixes (e.g. github.io) count too,
        // so two tenants' sites on one hosting suffix are two domains
        String assigned = EffectiveTldFinder.getAssignedDomain(name, true, false);
        return assigned == null || assigned.isBlank() ? name : assigned;
    }
}
