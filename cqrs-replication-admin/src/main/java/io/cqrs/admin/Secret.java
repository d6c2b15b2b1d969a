package io.cqrs.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A password and where it comes from: an environment variable, a file, or a value handed over
 * programmatically. The value is read only when a connection needs it ({@link #reveal()}) and
 * never appears in {@link #toString()}, logs or exception messages; only its origin does.
 */
public final class Secret {

    private static final Secret NONE = new Secret("no password", () -> "");

    private final String origin;
    private final Supplier<String> value;

    private Secret(String origin, Supplier<String> value) {
        this.origin = origin;
        this.value = value;
    }

    /** The empty password (e.g. the sandbox's root account). */
    public static Secret none() {
        return NONE;
    }

    /** A password given by the program itself (tests, embedding applications). */
    public static Secret of(String password) {
        Objects.requireNonNull(password, "password");
        return new Secret("given value", () -> password);
    }

    /** The value of an environment variable, read when needed. */
    public static Secret fromEnv(String variable) {
        Objects.requireNonNull(variable, "variable");
        return new Secret("environment variable " + variable, () -> {
            String v = System.getenv(variable);
            if (v == null) {
                throw new AdminException("environment variable " + variable + " is not set; export it with the password, "
                        + "or use a password file instead");
            }
            return v;
        });
    }

    /** The first line of a file (trailing newline removed), read when needed. Keep the file mode 0600. */
    public static Secret fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new Secret("file " + file, () -> {
            if (!Files.isReadable(file)) {
                throw new AdminException("password file " + file.toAbsolutePath() + " does not exist or is not readable; "
                        + "create it (mode 0600) with the password on its first line");
            }
            try {
                String s = Files.readString(file, StandardCharsets.UTF_8);
                int nl = s.indexOf('\n');
                s = nl >= 0 ? s.substring(0, nl) : s;
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            } catch (IOException e) {
                throw new AdminException("cannot read password file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        });
    }

    /** The password itself. Only pass it to a driver or into SQL that is never logged unmasked. */
    public String reveal() {
        return value.get();
    }

    /** Where the password comes from, e.g. "environment variable DB_PASSWORD" (never the value). */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "****(" + origin + ")";
    }
}
