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
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        String v4 = dottedQuadRange(address.trim());
        if (v4 != null) {
            return Optional.of(v4);
        }
        if (!literal(address.trim())) {
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

    /**
     * The /24 of a plain dotted-quad IPv4 address (four numbers 0-255 without leading zeros), read without the general
     * parser: the form of nearly every event's address. Null for anything else, which the general parser decides.
     */
    static String dottedQuadRange(String address) {
        int[] parts = new int[4];
        int part = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == '.') {
                if (digits == 0 || part == 3) {
                    return null;
                }
                parts[part++] = value;
                digits = 0;
                value = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // a leading zero: the general parser's business
                }
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        if (part != 3 || digits == 0) {
            return null;
        }
        return parts[0] + "." + parts[1] + "." + parts[2] + ".0/24";
    }

    /** Digits, dots, hex and colons only (and a zone id after %): never a host name that would need DNS. */
    private static boolean literal(String address) {
        String head = address.contains("%") ? address.substring(0, address.indexOf('%')) : address;
        return !head.isEmpty() && head.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
                && (head.contains(":") || head.chars().allMatch(c -> Character.isDigit(c) || c == '.'));
    }
}
