package io.cqrs.routing;

import java.time.Duration;

/**
 * The one shape of a configuration error, for builders and properties alike:
 * {@code <key> = <value> <problem>; <fix>}. The key is always the {@code cqrs.*} property key of
 * the setting, whichever way it was set, so a message found in a log leads to the property.
 */
final class ConfigError {

    private ConfigError() {
    }

    static IllegalArgumentException of(String key, Object value, String problemAndFix) {
        return new IllegalArgumentException(key + " = " + value + " " + problemAndFix);
    }

    /** A duration setting, echoed in the unit of its {@code -ms} key. */
    static IllegalArgumentException ofMillis(String key, Duration value, String problemAndFix) {
        return of(key, value == null ? "null" : Long.toString(value.toMillis()), problemAndFix);
    }

    static Duration nonNegative(String key, Duration value, Duration dflt) {
        if (value == null || value.isNegative()) {
            throw ofMillis(key, value, "is invalid; use 0 or more milliseconds (default " + dflt.toMillis() + ")");
        }
        return value;
    }

    static int atLeast(String key, int value, int min, int dflt) {
        if (value < min) {
            throw of(key, value, "is invalid; use at least " + min + " (default " + dflt + ")");
        }
        return value;
    }
}
