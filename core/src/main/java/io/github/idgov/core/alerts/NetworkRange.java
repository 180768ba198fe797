package io.github.idgov.core.alerts;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The network range an address belongs to, for "first use from a new range": the /24 of an IPv4 address, the /64
 * of an IPv6 one (a typical site or subnet; a host moving inside it is not news). Only literal addresses are
 * parsed, never a name lookup.
 */
public final class NetworkRange {

    private NetworkRange() {
    }

    public static Optional<String> of(String address) {
        if (address == null || address.isBlank() || !literal(address.trim())) {
            return Optional.empty();
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(address.trim()); // a literal: no lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        byte[] bytes = parsed.getAddress();
        if (parsed instanceof Inet4Address) {
            return Optional.of((bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24");
        }
        if (parsed instanceof Inet6Address) {
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return Optional.of(prefix + ":/64");
        }
        return Optional.empty();
    }

    /** Digits, dots, hex and colons only (and a zone id after %): never a host name that would need DNS. */
    private static boolean literal(String address) {
        String head = address.contains("%") ? address.substring(0, address.indexOf('%')) : address;
        return !head.isEmpty() && head.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
                && (head.contains(":") || head.chars().allMatch(c -> Character.isDigit(c) || c == '.'));
    }
}
