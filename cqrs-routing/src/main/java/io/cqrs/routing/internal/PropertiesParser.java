package io.cqrs.routing.internal;

import io.cqrs.routing.LagSettings;
import io.cqrs.routing.ReadYourWritesSettings;
import io.cqrs.routing.fallback.SpillConfig;
import io.cqrs.routing.fallback.SpillMode;
import io.cqrs.routing.health.BreakerConfig;

import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.ReplicaSelector;
import io.cqrs.routing.RoutingConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link RoutingConfig#fromProperties} behind the scenes. Key reference: see that method. */
public final class PropertiesParser {

    private static final String PREFIX = "cqrs.";
    private static final Pattern REPLICA = Pattern.compile("cqrs\\.replicas\\[(\\d+)]\\.(.+)");
    private static final Set<String> ENDPOINT_KEYS = Set.of("name", "url", "username", "password",
            "password-file", "password-env", "weight");
    private static final Set<String> POOL_KEYS = Set.of("maximum-pool-size", "minimum-idle", "connection-timeout-ms");
    private static final Set<String> ROUTING_KEYS = Set.of("selector", "fallback-to-source", "replica-pools-read-only");
    private static final Set<String> LAG_KEYS = Set.of("enabled", "probes", "heartbeat-table", "heartbeat-writer",
            "interval-ms", "max-lag-ms", "hysteresis", "failure-threshold");
    private static final Set<String> BREAKER_KEYS = Set.of("failure-rate-threshold", "minimum-number-of-calls",
            "sliding-window-type", "sliding-window-size", "wait-in-open-ms", "half-open-calls");
    private static final Set<String> FALLBACK_KEYS = Set.of("max-concurrent", "mode", "max-wait-ms");
    private static final Set<String> CONSISTENCY_KEYS = Set.of("capture", "session-tokens", "token-wait-ms");

    private PropertiesParser() {
    }

    public static RoutingConfig parse(Properties properties, UnaryOperator<String> env) {
        Map<String, String> source = new LinkedHashMap<>();
        TreeMap<Integer, Map<String, String>> replicas = new TreeMap<>();
        Map<String, String> pool = new LinkedHashMap<>();
        Map<String, String> routing = new LinkedHashMap<>();
        Map<String, String> lag = new LinkedHashMap<>();
        Map<String, String> breaker = new LinkedHashMap<>();
        Map<String, String> fallback = new LinkedHashMap<>();
        Map<String, String> consistency = new LinkedHashMap<>();
        for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String value = properties.getProperty(key);
            Matcher m = REPLICA.matcher(key);
            if (key.startsWith("cqrs.source.")) {
                put(source, key, key.substring("cqrs.source.".length()), value, ENDPOINT_KEYS, true);
            } else if (m.matches()) {
                int index = Integer.parseInt(m.group(1));
                put(replicas.computeIfAbsent(index, i -> new LinkedHashMap<>()), key, m.group(2), value, ENDPOINT_KEYS, true);
            } else if (key.startsWith("cqrs.pool.")) {
                put(pool, key, key.substring("cqrs.pool.".length()), value, POOL_KEYS, true);
            } else if (key.startsWith("cqrs.routing.")) {
                put(routing, key, key.substring("cqrs.routing.".length()), value, ROUTING_KEYS, false);
            } else if (key.startsWith("cqrs.lag.")) {
                put(lag, key, key.substring("cqrs.lag.".length()), value, LAG_KEYS, false);
            } else if (key.startsWith("cqrs.breaker.")) {
                put(breaker, key, key.substring("cqrs.breaker.".length()), value, BREAKER_KEYS, false);
            } else if (key.startsWith("cqrs.fallback.")) {
                put(fallback, key, key.substring("cqrs.fallback.".length()), value, FALLBACK_KEYS, false);
            } else if (key.startsWith("cqrs.consistency.")) {
                put(consistency, key, key.substring("cqrs.consistency.".length()), value, CONSISTENCY_KEYS, false);
            } else {
                throw unknown(key, "cqrs.source.*, cqrs.replicas[N].*, cqrs.pool.*, cqrs.routing.*, cqrs.lag.*,"
                        + " cqrs.breaker.*, cqrs.fallback.* or cqrs.consistency.*");
            }
        }

        RoutingConfig.Builder b = RoutingConfig.builder();
        if (!source.containsKey("url")) {
            throw new IllegalArgumentException("cqrs.source.url is required: the JDBC URL of the source (write) server,"
                    + " e.g. jdbc:mysql://db1:3306/app");
        }
        b.source(endpoint("cqrs.source", source, "source", env));
        int expected = 0;
        for (Map.Entry<Integer, Map<String, String>> r : replicas.entrySet()) {
            if (r.getKey() != expected) {
                throw new IllegalArgumentException("cqrs.replicas[" + r.getKey() + "].* is set but cqrs.replicas[" + expected
                        + "] is missing; number replicas from 0 without gaps");
            }
            String prefix = "cqrs.replicas[" + expected + "]";
            if (!r.getValue().containsKey("url")) {
                throw new IllegalArgumentException(prefix + ".url is required: the JDBC URL of replica " + expected
                        + ", e.g. jdbc:mysql://db2:3306/app");
            }
            b.replica(endpoint(prefix, r.getValue(), "replica-" + (expected + 1), env));
            expected++;
        }

        Map<String, String> poolHikari = hikari(pool);
        int max = integer(pool, "cqrs.pool.", "maximum-pool-size", io.cqrs.routing.PoolSettings.DEFAULT_MAXIMUM_POOL_SIZE);
        b.maximumPoolSize(max);
        b.minimumIdle(integer(pool, "cqrs.pool.", "minimum-idle", max));
        b.connectionTimeout(Duration.ofMillis(integer(pool, "cqrs.pool.", "connection-timeout-ms",
                (int) io.cqrs.routing.PoolSettings.DEFAULT_CONNECTION_TIMEOUT.toMillis())));
        poolHikari.forEach(b::poolHikariProperty);

        if (routing.containsKey("selector")) {
            b.selector(ReplicaSelector.named(routing.get("selector")));
        }
        b.fallbackToSource(bool(routing, "cqrs.routing.", "fallback-to-source", true));
        b.replicaPoolsReadOnly(bool(routing, "cqrs.routing.", "replica-pools-read-only", true));
        b.lag(lag(lag));
        b.breaker(breaker(breaker));
        b.spill(spill(fallback));
        b.readYourWrites(new ReadYourWritesSettings(bool(consistency, "cqrs.consistency.", "capture", true),
                bool(consistency, "cqrs.consistency.", "session-tokens", true),
                Duration.ofMillis(integer(consistency, "cqrs.consistency.", "token-wait-ms",
                        (int) ReadYourWritesSettings.DEFAULT_TOKEN_WAIT.toMillis()))));
        return b.build();
    }

    private static LagSettings lag(Map<String, String> p) {
        String pre = "cqrs.lag.";
        LagSettings.Builder l = LagSettings.builder()
                .enabled(bool(p, pre, "enabled", true))
                .heartbeatWriter(bool(p, pre, "heartbeat-writer", false))
                .interval(Duration.ofMillis(integer(p, pre, "interval-ms", (int) LagSettings.DEFAULT_INTERVAL.toMillis())))
                .maxLag(Duration.ofMillis(integer(p, pre, "max-lag-ms", (int) LagSettings.DEFAULT_MAX_LAG.toMillis())))
                .hysteresis(decimal(p, pre, "hysteresis", LagSettings.DEFAULT_HYSTERESIS))
                .failureThreshold(integer(p, pre, "failure-threshold", LagSettings.DEFAULT_FAILURE_THRESHOLD));
        if (p.containsKey("heartbeat-table")) {
            l.heartbeatTable(p.get("heartbeat-table"));
        }
        if (p.containsKey("probes")) {
            List<LagSettings.ProbeKind> kinds = new ArrayList<>();
            for (String k : p.get("probes").split(",")) {
                if (!k.isBlank()) {
                    kinds.add(probeKind(pre + "probes", k));
                }
            }
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException(pre + "probes is empty; list at least one of heartbeat, gtid, status"
                        + " (or set cqrs.lag.enabled=false)");
            }
            l.probes(kinds);
        }
        return l.build();
    }

    private static LagSettings.ProbeKind probeKind(String key, String value) {
        try {
            return LagSettings.ProbeKind.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " = '" + value.trim() + "' is not a lag probe; use a comma-separated"
                    + " list of heartbeat, gtid, status (e.g. heartbeat,gtid,status)");
        }
    }

    /** BreakerConfig validates; its messages name its own fields, so they are re-labelled with our keys. */
    private static BreakerConfig breaker(Map<String, String> p) {
        String pre = "cqrs.breaker.";
        BreakerConfig.Builder b = BreakerConfig.builder()
                .failureRateThreshold((float) decimal(p, pre, "failure-rate-threshold", BreakerConfig.DEFAULT_FAILURE_RATE_THRESHOLD))
                .minimumNumberOfCalls(integer(p, pre, "minimum-number-of-calls", BreakerConfig.DEFAULT_MINIMUM_NUMBER_OF_CALLS))
                .waitDurationInOpenState(Duration.ofMillis(integer(p, pre, "wait-in-open-ms",
                        (int) BreakerConfig.DEFAULT_WAIT_DURATION_IN_OPEN_STATE.toMillis())))
                .permittedNumberOfCallsInHalfOpenState(integer(p, pre, "half-open-calls",
                        BreakerConfig.DEFAULT_PERMITTED_NUMBER_OF_CALLS_IN_HALF_OPEN_STATE));
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType type = BreakerConfig.DEFAULT_SLIDING_WINDOW_TYPE;
        String t = p.get("sliding-window-type");
        if (t != null) {
            switch (t.toLowerCase(java.util.Locale.ROOT)) {
                case "count-based" -> type = io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED;
                case "time-based" -> type = io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.TIME_BASED;
                default -> throw new IllegalArgumentException(pre + "sliding-window-type = '" + t
                        + "' is not a window type; use count-based or time-based");
            }
        }
        b.slidingWindow(type, integer(p, pre, "sliding-window-size", BreakerConfig.DEFAULT_SLIDING_WINDOW_SIZE));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(relabel(e.getMessage(), Map.of(
                    "routing.breaker.failureRateThreshold", pre + "failure-rate-threshold",
                    "routing.breaker.minimumNumberOfCalls", pre + "minimum-number-of-calls",
                    "routing.breaker.slidingWindowSize", pre + "sliding-window-size",
                    "routing.breaker.waitDurationInOpenState", pre + "wait-in-open-ms",
                    "routing.breaker.permittedNumberOfCallsInHalfOpenState", pre + "half-open-calls")), e);
        }
    }

    private static SpillConfig spill(Map<String, String> p) {
        String pre = "cqrs.fallback.";
        SpillMode mode = SpillConfig.DEFAULT_MODE;
        String m = p.get("mode");
        if (m != null) {
            switch (m.toLowerCase(java.util.Locale.ROOT)) {
                case "fail-fast" -> mode = SpillMode.FAIL_FAST;
                case "wait" -> mode = SpillMode.WAIT;
                default -> throw new IllegalArgumentException(pre + "mode = '" + m + "' is not a spill mode; use fail-fast or wait");
            }
        }
        try {
            return new SpillConfig(integer(p, pre, "max-concurrent", SpillConfig.DEFAULT_MAX_CONCURRENT), mode,
                    Duration.ofMillis(integer(p, pre, "max-wait-ms", (int) SpillConfig.DEFAULT_MAX_WAIT.toMillis())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(relabel(e.getMessage(), Map.of(
                    SpillConfig.MAX_CONCURRENT, pre + "max-concurrent",
                    SpillConfig.MAX_WAIT, pre + "max-wait-ms")), e);
        }
    }

    private static String relabel(String message, Map<String, String> names) {
        String out = message;
        for (Map.Entry<String, String> n : names.entrySet()) {
            out = out.replace(n.getKey(), n.getValue());
        }
        return out;
    }

    private static double decimal(Map<String, String> p, String prefix, String key, double dflt) {
        String v = p.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(prefix + key + " = '" + v + "' is not a number; use e.g. " + dflt);
        }
    }

    private static void put(Map<String, String> target, String fullKey, String suffix, String value,
                            Set<String> known, boolean hikariAllowed) {
        if (hikariAllowed && suffix.startsWith("hikari.") && suffix.length() > "hikari.".length()) {
            target.put(suffix, value);
            return;
        }
        if (!known.contains(suffix)) {
            String section = fullKey.substring(0, fullKey.length() - suffix.length());
            List<String> keys = new ArrayList<>(new java.util.TreeSet<>(known));
            if (hikariAllowed) {
                keys.add("hikari.<HikariCP property>");
            }
            throw unknown(fullKey, section + keys);
        }
        target.put(suffix, value.trim());
    }

    private static IllegalArgumentException unknown(String key, String known) {
        return new IllegalArgumentException("unknown property '" + key + "'; expected one of " + known
                + " (see RoutingConfig.fromProperties)");
    }

    private static EndpointConfig endpoint(String prefix, Map<String, String> p, String defaultName,
                                           UnaryOperator<String> env) {
        EndpointConfig.Builder e = EndpointConfig.builder(p.getOrDefault("name", defaultName))
                .jdbcUrl(p.get("url"))
                .username(p.get("username"))
                .password(password(prefix, p, env))
                .weight(integer(p, prefix + ".", "weight", EndpointConfig.DEFAULT_WEIGHT));
        hikari(p).forEach(e::hikariProperty);
        return e.build();
    }

    private static Map<String, String> hikari(Map<String, String> p) {
        Map<String, String> out = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith("hikari.")) {
                out.put(k.substring("hikari.".length()), v);
            }
        });
        return out;
    }

    private static String password(String prefix, Map<String, String> p, UnaryOperator<String> env) {
        List<String> given = new ArrayList<>();
        for (String k : List.of("password", "password-file", "password-env")) {
            if (p.containsKey(k)) {
                given.add(k);
            }
        }
        if (given.size() > 1) {
            throw new IllegalArgumentException(prefix + " sets " + String.join(" and ", given)
                    + "; set only one of " + prefix + ".password, .password-file or .password-env");
        }
        if (p.containsKey("password")) {
            return p.get("password");
        }
        if (p.containsKey("password-file")) {
            String file = p.get("password-file");
            try {
                String s = Files.readString(Path.of(file));
                return s.replaceAll("[\\r\\n]+$", "");
            } catch (IOException | RuntimeException ex) {
                throw new IllegalArgumentException(prefix + ".password-file = '" + file + "' cannot be read ("
                        + ex.getClass().getSimpleName() + "); create the file, readable by this process only,"
                        + " or use " + prefix + ".password-env", ex);
            }
        }
        if (p.containsKey("password-env")) {
            String var = p.get("password-env");
            String value = env.apply(var);
            if (value == null) {
                throw new IllegalArgumentException(prefix + ".password-env = '" + var + "' names an environment variable"
                        + " that is not set; export " + var + " before starting, or use " + prefix + ".password-file");
            }
            return value;
        }
        return null;
    }

    private static int integer(Map<String, String> p, String prefix, String key, int dflt) {
        String v = p.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(prefix + key + " = '" + v + "' is not a whole number; use e.g. " + dflt);
        }
    }

    private static boolean bool(Map<String, String> p, String prefix, String key, boolean dflt) {
        String v = p.get(key);
        if (v == null) {
            return dflt;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(prefix + key + " = '" + v + "' is not a boolean; use true or false");
    }
}
