package dev.gleaner.farm.client.guard;

import java.net.InetAddress;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/** Address conversions the guard and its allow list share. */
final class Addresses {

    private Addresses() {
    }

    /** The address as the ipaddress library models it, IPv4-mapped IPv6 forms turned into IPv4. */
    static IPAddress normalised(InetAddress inet) {
        IPAddress address = new IPAddressString(inet.getHostAddress()).getAddress();
        if (address == null) {
            throw new IllegalArgumentException("unparseable address " + inet);
        }
        return address.isIPv6() && address.isIPv4Convertible() ? address.toIPv4() : address.withoutPrefixLength();
    }
}
