package io.cqrs.routing.internal;

import io.cqrs.routing.BreakerConfig;
import io.cqrs.routing.ConsistencyConfig;
import io.cqrs.routing.DiscoveryConfig;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.FallbackConfig;
import io.cqrs.routing.LagConfig;
import io.cqrs.routing.PoolConfig;
import io.cqrs.routing.ReplicaSelector;
import io.cqrs.routing.RoutingConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link RoutingConfig#fromProperties} behind the scenes: turns strings into the values the
 * config builders take, and nothing more. Every range and rule is checked by the builders, so a
 * bad value fails with the same message whichever way it was set; this class only reports what
 * is not a number, a boolean or a known word, and unknown keys. Key reference: see that method.
 */
public final class PropertiesParser {

    private static final String PREFIX = "cqrs.";
    private static final Pattern REPLICA = Pattern.compile("cqrs\\.replicas\\[(\\d+)]\\.(.+)");
    private static final Set<String> ENDPOINT_KEYS = Set.of(EndpointConfig.KEY_NAME, EndpointConfig.KEY_URL,
            EndpointConfig.KEY_USERNAME, EndpointConfig.KEY_PASSWORD, EndpointConfig.KEY_PASSWORD_FILE,
            EndpointConfig.KEY_PASSWORD_ENV, EndpointConfig.KEY_WEIGHT);
    /** Every key outside the endpoints and the HikariCP pass-through, by section. */
    private static final Map<String, Set<String>> SECTIONS = Map.of(
            "cqrs.pool.", Set.of(PoolConfig.KEY_MAXIMUM_POOL_SIZE, PoolConfig.KEY_MINIMUM_IDLE,
                    PoolConfig.KEY_CONNECTION_TIMEOUT_MS),
            "cqrs.routing.", Set.of(RoutingConfig.KEY_SELECTOR, RoutingConfig.KEY_FALLBACK_TO_SOURCE,
                    RoutingConfig.KEY_REPLICA_POOLS_READ_ONLY),
            "cqrs.lag.", Set.of(LagConfig.KEY_ENABLED, LagConfig.KEY_PROBES, LagConfig.KEY_HEARTBEAT_TABLE,
                    LagConfig.KEY_HEARTBEAT_WRITER, LagConfig.KEY_INTERVAL_MS, LagConfig.KEY_MAX_LAG_MS,
                    LagConfig.KEY_HYSTERESIS, LagConfig.KEY_FAILURE_THRESHOLD, LagConfig.KEY_PROBE_TIMEOUT_MS),
            "cqrs.breaker.", Set.of(BreakerConfig.KEY_FAILURE_RATE_THRESHOLD, BreakerConfig.KEY_MINIMUM_NUMBER_OF_CALLS,
                    BreakerConfig.KEY_SLIDING_WINDOW_TYPE, BreakerConfig.KEY_SLIDING_WINDOW_SIZE,
                    BreakerConfig.KEY_WAIT_IN_OPEN_MS, BreakerConfig.KEY_HALF_OPEN_CALLS),
            "cqrs.fallback.", Set.of(FallbackConfig.KEY_MAX_CONCURRENT, FallbackConfig.KEY_MODE, FallbackConfig.KEY_MAX_WAIT_MS),
            "cqrs.consistency.", Set.of(ConsistencyConfig.KEY_CAPTURE, ConsistencyConfig.KEY_SESSION_TOKENS,
                    ConsistencyConfig.KEY_TOKEN_WAIT_MS),
            "cqrs.discovery.", Set.of(DiscoveryConfig.KEY_ENABLED, DiscoveryConfig.KEY_INTERVAL_MS,
                    DiscoveryConfig.KEY_WRITE_WAIT_MS, DiscoveryConfig.KEY_URL_TEMPLATE));

    private final Map<String, String> values = new TreeMap<>();
    private final UnaryOperator<String> env;

    private PropertiesParser(UnaryOperator<String> env) {
        this.env = env;
    }

    public static RoutingConfig parse(Properties properties, UnaryOperator<String> env) {
        PropertiesParser p = new PropertiesParser(env);
        TreeMap<Integer, String> replicaPrefixes = new TreeMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (key.startsWith(PREFIX)) {
                p.accept(key, properties.getProperty(key), replicaPrefixes);
            }
        }
        return p.config(replicaPrefixes);
    }

    /** Checks that the key exists and keeps its value (trimmed, except HikariCP pass-through values). */
    private void accept(String key, String value, TreeMap<Integer, String> replicaPrefixes) {
        Matcher m = REPLICA.matcher(key);
        if (key.startsWith(EndpointConfig.SOURCE_PREFIX + ".")) {
            endpointKey(key, EndpointConfig.SOURCE_PREFIX);
        } else if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            replicaPrefixes.put(index, EndpointConfig.replicaPrefix(index));
            endpointKey(key, EndpointConfig.replicaPrefix(index));
        } else if (key.startsWith(PoolConfig.KEY_HIKARI_PREFIX) && key.length() > PoolConfig.KEY_HIKARI_PREFIX.length()) {
            values.put(key, value);
            return;
        } else {
            String section = SECTIONS.keySet().stream().filter(key::startsWith).findFirst().orElse(null);
            if (section == null) {
                throw unknown(key, "cqrs.source.*, cqrs.replicas[N].*, cqrs.pool.*, cqrs.routing.*, cqrs.lag.*,"
                        + " cqrs.breaker.*, cqrs.fallback.*, cqrs.consistency.* or cqrs.discovery.*");
            }
            if (!SECTIONS.get(section).contains(key)) {
                List<String> known = new ArrayList<>();
                new TreeSet<>(SECTIONS.get(section)).forEach(k -> known.add(k.substring(section.length())));
                if (section.equals("cqrs.pool.")) {
                    known.add("hikari.<HikariCP property>");
                }
                throw unknown(key, section + known);
            }
        }
        values.put(key, key.contains(".hikari.") ? value : value.trim());
    }

    private static void endpointKey(String key, String prefix) {
        String suffix = key.substring(prefix.length() + 1);
        if (suffix.startsWith(EndpointConfig.KEY_HIKARI) && suffix.length() > EndpointConfig.KEY_HIKARI.length()) {
            return;
        }
        if (!ENDPOINT_KEYS.contains(suffix)) {
            List<String> known = new ArrayList<>(new TreeSet<>(ENDPOINT_KEYS));
            known.add("hikari.<HikariCP property>");
            throw unknown(key, prefix + "." + known);
        }
    }

    private static IllegalArgumentException unknown(String key, String known) {
        return new IllegalArgumentException("unknown property '" + key + "'; expected one of " + known
                + " (see RoutingConfig.fromProperties)");
    }

    private RoutingConfig config(TreeMap<Integer, String> replicaPrefixes) {
        RoutingConfig.Builder b = RoutingConfig.builder();
        String sourceUrl = EndpointConfig.SOURCE_PREFIX + "." + EndpointConfig.KEY_URL;
        if (!values.containsKey(sourceUrl)) {
            throw new IllegalArgumentException(sourceUrl + " is required: the JDBC URL of the source (write) server,"
                    + " e.g. jdbc:mysql://db1:3306/app");
        }
        b.source(endpoint(EndpointConfig.SOURCE_PREFIX, "source"));
        int expected = 0;
        for (Map.Entry<Integer, String> r : replicaPrefixes.entrySet()) {
            if (r.getKey() != expected) {
                throw new IllegalArgumentException(r.getValue() + ".* is set but " + EndpointConfig.replicaPrefix(expected)
                        + " is missing; number replicas from 0 without gaps");
            }
            if (!values.containsKey(r.getValue() + "." + EndpointConfig.KEY_URL)) {
                throw new IllegalArgumentException(r.getValue() + ".url is required: the JDBC URL of replica " + expected
                        + ", e.g. jdbc:mysql://db2:3306/app");
            }
            b.replica(endpoint(r.getValue(), "replica-" + (expected + 1)));
            expected++;
        }

        PoolConfig.Builder pool = PoolConfig.custom();
        int max = integer(PoolConfig.KEY_MAXIMUM_POOL_SIZE, PoolConfig.DEFAULT_MAXIMUM_POOL_SIZE);
        pool.maximumPoolSize(max);
        pool.minimumIdle(integer(PoolConfig.KEY_MINIMUM_IDLE, max));
        pool.connectionTimeout(millis(PoolConfig.KEY_CONNECTION_TIMEOUT_MS, PoolConfig.DEFAULT_CONNECTION_TIMEOUT));
        hikari(PoolConfig.KEY_HIKARI_PREFIX).forEach(pool::hikariProperty);
        b.pool(pool.build());

        String selector = values.get(RoutingConfig.KEY_SELECTOR);
        if (selector != null) {
            b.selector(ReplicaSelector.named(selector));
        }
        b.fallbackToSource(bool(RoutingConfig.KEY_FALLBACK_TO_SOURCE, true));
        b.replicaPoolsReadOnly(bool(RoutingConfig.KEY_REPLICA_POOLS_READ_ONLY, true));
        b.lag(lag());
        b.breaker(breaker());
        b.fallback(fallback());
        b.consistency(ConsistencyConfig.custom()
                .capture(bool(ConsistencyConfig.KEY_CAPTURE, true))
                .sessionTokens(bool(ConsistencyConfig.KEY_SESSION_TOKENS, true))
                .tokenWait(millis(ConsistencyConfig.KEY_TOKEN_WAIT_MS, ConsistencyConfig.DEFAULT_TOKEN_WAIT))
                .build());
        b.discovery(DiscoveryConfig.custom()
                .enabled(bool(DiscoveryConfig.KEY_ENABLED, false))
                .interval(millis(DiscoveryConfig.KEY_INTERVAL_MS, DiscoveryConfig.DEFAULT_INTERVAL))
                .writeWait(millis(DiscoveryConfig.KEY_WRITE_WAIT_MS, DiscoveryConfig.DEFAULT_WRITE_WAIT))
                .urlTemplate(values.get(DiscoveryConfig.KEY_URL_TEMPLATE))
                .build());
        return b.build();
    }

    private LagConfig lag() {
        LagConfig.Builder l = LagConfig.custom()
                .enabled(bool(LagConfig.KEY_ENABLED, true))
                .heartbeatWriter(bool(LagConfig.KEY_HEARTBEAT_WRITER, false))
                .interval(millis(LagConfig.KEY_INTERVAL_MS, LagConfig.DEFAULT_INTERVAL))
                .maxLag(millis(LagConfig.KEY_MAX_LAG_MS, LagConfig.DEFAULT_MAX_LAG))
                .hysteresis(decimal(LagConfig.KEY_HYSTERESIS, LagConfig.DEFAULT_HYSTERESIS))
                .failureThreshold(integer(LagConfig.KEY_FAILURE_THRESHOLD, LagConfig.DEFAULT_FAILURE_THRESHOLD))
                .probeTimeout(millis(LagConfig.KEY_PROBE_TIMEOUT_MS, LagConfig.DEFAULT_PROBE_TIMEOUT));
        String table = values.get(LagConfig.KEY_HEARTBEAT_TABLE);
        if (table != null) {
            l.heartbeatTable(table);
        }
        String probes = values.get(LagConfig.KEY_PROBES);
        if (probes != null) {
            List<LagConfig.ProbeKind> kinds = new ArrayList<>();
            for (String k : probes.split(",")) {
                if (!k.isBlank()) {
                    kinds.add(word(LagConfig.KEY_PROBES, k.trim(), LagConfig.ProbeKind.values(), LagConfig.ProbeKind::key,
                            "is not a lag probe; use a comma-separated list of heartbeat, gtid, status (e.g. heartbeat,gtid,status)"));
                }
            }
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException(LagConfig.KEY_PROBES + " is empty; list at least one of heartbeat, gtid,"
                        + " status (or set " + LagConfig.KEY_ENABLED + "=false)");
            }
            l.probes(kinds);
        }
        return l.build();
    }

    private BreakerConfig breaker() {
        BreakerConfig.Builder b = BreakerConfig.custom()
                .failureRateThreshold((float) decimal(BreakerConfig.KEY_FAILURE_RATE_THRESHOLD,
                        BreakerConfig.DEFAULT_FAILURE_RATE_THRESHOLD))
                .minimumNumberOfCalls(integer(BreakerConfig.KEY_MINIMUM_NUMBER_OF_CALLS, BreakerConfig.DEFAULT_MINIMUM_NUMBER_OF_CALLS))
                .waitDurationInOpenState(millis(BreakerConfig.KEY_WAIT_IN_OPEN_MS, BreakerConfig.DEFAULT_WAIT_IN_OPEN))
                .permittedNumberOfCallsInHalfOpenState(integer(BreakerConfig.KEY_HALF_OPEN_CALLS, BreakerConfig.DEFAULT_HALF_OPEN_CALLS));
        SlidingWindowType type = BreakerConfig.DEFAULT_SLIDING_WINDOW_TYPE;
        String t = values.get(BreakerConfig.KEY_SLIDING_WINDOW_TYPE);
        if (t != null) {
            type = word(BreakerConfig.KEY_SLIDING_WINDOW_TYPE, t, SlidingWindowType.values(),
                    w -> w.name().toLowerCase(Locale.ROOT).replace('_', '-'), "is not a window type; use count-based or time-based");
        }
        b.slidingWindow(type, integer(BreakerConfig.KEY_SLIDING_WINDOW_SIZE, BreakerConfig.DEFAULT_SLIDING_WINDOW_SIZE));
        return b.build();
    }

    private FallbackConfig fallback() {
        FallbackConfig.Builder f = FallbackConfig.custom()
                .maxConcurrent(integer(FallbackConfig.KEY_MAX_CONCURRENT, FallbackConfig.DEFAULT_MAX_CONCURRENT))
                .maxWait(millis(FallbackConfig.KEY_MAX_WAIT_MS, FallbackConfig.DEFAULT_MAX_WAIT));
        String m = values.get(FallbackConfig.KEY_MODE);
        if (m != null) {
            f.mode(word(FallbackConfig.KEY_MODE, m, FallbackConfig.Mode.values(), FallbackConfig.Mode::key,
                    "is not a fallback mode; use fail-fast or wait"));
        }
        return f.build();
    }

    private EndpointConfig endpoint(String prefix, String defaultName) {
        String p = prefix + ".";
        EndpointConfig.Builder e = EndpointConfig.builder(values.getOrDefault(p + EndpointConfig.KEY_NAME, defaultName))
                .jdbcUrl(values.get(p + EndpointConfig.KEY_URL))
                .username(values.get(p + EndpointConfig.KEY_USERNAME))
                .password(password(prefix))
                .weight(integer(p + EndpointConfig.KEY_WEIGHT, EndpointConfig.DEFAULT_WEIGHT));
        hikari(p + EndpointConfig.KEY_HIKARI).forEach(e::hikariProperty);
        return e.build();
    }

    private Map<String, String> hikari(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private String password(String prefix) {
        String p = prefix + ".";
        List<String> given = new ArrayList<>();
        for (String k : List.of(EndpointConfig.KEY_PASSWORD, EndpointConfig.KEY_PASSWORD_FILE, EndpointConfig.KEY_PASSWORD_ENV)) {
            if (values.containsKey(p + k)) {
                given.add(k);
            }
        }
        if (given.size() > 1) {
            throw new IllegalArgumentException(prefix + " sets " + String.join(" and ", given)
                    + "; set only one of " + prefix + ".password, .password-file or .password-env");
        }
        if (values.containsKey(p + EndpointConfig.KEY_PASSWORD)) {
            return values.get(p + EndpointConfig.KEY_PASSWORD);
        }
        String file = values.get(p + EndpointConfig.KEY_PASSWORD_FILE);
        if (file != null) {
            try {
                return Files.readString(Path.of(file)).replaceAll("[\\r\\n]+$", "");
            } catch (IOException | RuntimeException ex) {
                throw new IllegalArgumentException(p + EndpointConfig.KEY_PASSWORD_FILE + " = '" + file + "' cannot be read ("
                        + ex.getClass().getSimpleName() + "); create the file, readable by this process only,"
                        + " or use " + p + EndpointConfig.KEY_PASSWORD_ENV, ex);
            }
        }
        String var = values.get(p + EndpointConfig.KEY_PASSWORD_ENV);
        if (var != null) {
            String value = env.apply(var);
            if (value == null) {
                throw new IllegalArgumentException(p + EndpointConfig.KEY_PASSWORD_ENV + " = '" + var + "' names an environment"
                        + " variable that is not set; export " + var + " before starting, or use " + p + EndpointConfig.KEY_PASSWORD_FILE);
            }
            return value;
        }
        return null;
    }

    private interface Spelling<E> {
        String of(E e);
    }

    private static <E> E word(String key, String value, E[] choices, Spelling<E> spelling, String problemAndFix) {
        for (E e : choices) {
            if (spelling.of(e).equalsIgnoreCase(value.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException(key + " = '" + value.trim() + "' " + problemAndFix);
    }

    private Duration millis(String key, Duration dflt) {
        return Duration.ofMillis(integer(key, (int) dflt.toMillis()));
    }

    private double decimal(String key, double dflt) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not a number; use e.g. " + dflt);
        }
    }

    private int integer(String key, int dflt) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not a whole number; use e.g. " + dflt);
        }
    }

    private boolean bool(String key, boolean dflt) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(key + " = '" + v + "' is not a boolean; use true or false");
    }
}
