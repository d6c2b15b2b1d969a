package io.cqrs.routing;

import io.cqrs.common.GtidSet;
import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.consistency.GtidTexts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The GTIDs of a session's committed writes: a replica that contains them can serve the
 * session's reads (read-your-writes). Immutable; {@link #serialize()} gives a short
 * URL/header-safe string ({@code v1.m.<base64url>} for MySQL, {@code v1.a.<base64url>} for
 * MariaDB) that {@link #parse(String)} reads back in another process.
 *
 * @param flavor the server family the GTIDs come from
 * @param gtids  the GTID set (MySQL) or position (MariaDB) in canonical form; empty when
 *               nothing was written
 */
public record ConsistencyToken(ServerFlavor flavor, String gtids) {

    static final String VERSION = "v1";
    private static final String FORMAT = "v1.<m|a>.<base64url GTID set>, e.g. from ConsistencyToken.serialize()";

    /** Normalizes the GTID text (null is the empty set). */
    public ConsistencyToken {
        Objects.requireNonNull(flavor, "flavor");
        String g = gtids == null ? "" : gtids;
        gtids = GtidSet.isCanonical(flavor, g) ? g : GtidTexts.normalize(flavor, g); // one scan when already canonical
    }

    /** A token for these GTIDs of this flavour. */
    public static ConsistencyToken of(ServerFlavor flavor, String gtids) {
        return new ConsistencyToken(flavor, gtids);
    }

    /** A token that every replica satisfies. */
    public static ConsistencyToken empty(ServerFlavor flavor) {
        return new ConsistencyToken(flavor, "");
    }

    /** True when the token holds no GTID. */
    public boolean isEmpty() {
        return gtids.isEmpty();
    }

    /**
     * A token covering both: MySQL the union of the sets, MariaDB per domain the highest
     * sequence number.
     *
     * @throws IllegalArgumentException when the flavours differ
     */
    public ConsistencyToken merge(ConsistencyToken other) {
        Objects.requireNonNull(other, "other");
        if (other.flavor != flavor) {
            throw new IllegalArgumentException("Cannot merge a " + flavor.displayName() + " token with a "
                    + other.flavor.displayName() + " token: one router serves one server family");
        }
        if (other.isEmpty() || other.gtids.equals(gtids)) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        String union = GtidSet.unionOfCanonical(flavor, gtids, other.gtids); // no parsing for token + one new GTID
        return union == gtids ? this : union == other.gtids ? other : new ConsistencyToken(flavor, union);
    }

    /** Whether a server whose executed set is {@code executedGtids} has all of this token's writes. */
    public boolean isContainedIn(String executedGtids) {
        return isEmpty() || GtidTexts.contains(flavor, executedGtids, gtids);
    }

    /** The token as text for an HTTP header or gRPC metadata; {@link #parse(String)} reads it back. */
    public String serialize() {
        return VERSION + '.' + code(flavor) + '.'
                + Base64.getUrlEncoder().withoutPadding().encodeToString(gtids.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads a token written by {@link #serialize()}.
     *
     * @throws IllegalArgumentException for anything else; the message quotes at most the
     *                                  first 40 characters of the input and the expected format
     */
    public static ConsistencyToken parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Consistency token is empty; expected " + FORMAT);
        }
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw garbage(text, "");
        }
        ServerFlavor flavor = switch (parts[1]) {
            case "m" -> ServerFlavor.MYSQL;
            case "a" -> ServerFlavor.MARIADB;
            default -> throw garbage(text, " (unknown flavour code '" + abbreviate(parts[1]) + "')");
        };
        String gtids;
        try {
            gtids = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw garbage(text, " (payload is not base64url)");
        }
        try {
            return new ConsistencyToken(flavor, gtids);
        } catch (IllegalArgumentException e) {
            throw garbage(text, " (payload is not a " + flavor.displayName() + " GTID set)");
        }
    }

    @Override
    public String toString() {
        return "ConsistencyToken[" + flavor.displayName() + " " + (isEmpty() ? "<empty>" : gtids) + "]";
    }

    private static char code(ServerFlavor flavor) {
        return flavor == ServerFlavor.MARIADB ? 'a' : 'm';
    }

    private static IllegalArgumentException garbage(String text, String detail) {
        return new IllegalArgumentException("Not a consistency token: '" + abbreviate(text) + "'" + detail
                + "; expected " + FORMAT);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
