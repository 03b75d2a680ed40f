package dev.gleaner.farm.client.guard;

import java.net.InetAddress;
import java.util.List;

/** Whether a URL (or a host and port) may be fetched. */
public sealed interface TargetVerdict {

    /** The header on an egress proxy's 403 that names why the guard refused (the farm's, to Chromium and core-api). */
    String REFUSED_HEADER = "X-Gleaner-Refused";

    /**
     * @param addresses what the host resolved to when it was checked, every one allowed: connect to
     *                  one of these, never resolve the name again (that would open a DNS-rebinding window)
     */
    record Allowed(List<InetAddress> addresses) implements TargetVerdict {

        public Allowed {
            addresses = List.copyOf(addresses);
        }
    }

    /** @param reason says which rule refused the target, safe to show to the caller */
    record Refused(String reason) implements TargetVerdict {
    }

    default boolean allowed() {
        return this instanceof Allowed;
    }
}
