package io.cqrs.routing.internal;

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

    private PropertiesParser() {
    }

    public static RoutingConfig parse(Properties properties, UnaryOperator<String> env) {
        Map<String, String> source = new LinkedHashMap<>();
        TreeMap<Integer, Map<String, String>> replicas = new TreeMap<>();
        Map<String, String> pool = new LinkedHashMap<>();
        Map<String, String> routing = new LinkedHashMap<>();
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
            } else {
                throw unknown(key, "cqrs.source.*, cqrs.replicas[N].*, cqrs.pool.* or cqrs.routing.*");
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
        return b.build();
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
