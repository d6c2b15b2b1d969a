package io.cqrs.sample;

import io.cqrs.routing.RoutingConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The sample app's configuration: the router's {@code cqrs.*} keys (see
 * {@link RoutingConfig#fromProperties}) plus a few {@code sample.*} keys:
 * <pre>
 * sample.grpc.port                   the gRPC port (default 50051; 0 = any free port)
 * </pre>
 * How long a read with a consistency token waits for its replica is the router's
 * {@code cqrs.consistency.token-wait-ms}.
 * Layers, later ones win: a properties file, then environment variables, then system properties.
 * An environment variable names a key in upper case with {@code . - [ ]} turned into {@code _}:
 * {@code CQRS_SOURCE_URL}, {@code CQRS_REPLICAS_0_URL}, {@code CQRS_SOURCE_PASSWORD_FILE},
 * {@code SAMPLE_GRPC_PORT}. Passwords come from {@code password-env} / {@code password-file}
 * keys, never from the command line.
 */
public record SampleConfig(RoutingConfig routing, int grpcPort) {

    public static final int DEFAULT_GRPC_PORT = 50051;

    static final String GRPC_PORT = "sample.grpc.port";
    private static final Set<String> SAMPLE_KEYS = Set.of(GRPC_PORT);
    private static final List<String> PASSWORD_KEYS = List.of("password", "password-file", "password-env");

    public SampleConfig {
        Objects.requireNonNull(routing, "routing");
    }

    /** Reads {@code file} (may be null), then the process's environment and system properties. */
    public static SampleConfig load(Path file) {
        return fromProperties(layered(file == null ? new Properties() : read(file), System.getenv(), System.getProperties()),
                System::getenv);
    }

    /** Parses merged properties; {@code env} resolves {@code password-env} keys. */
    public static SampleConfig fromProperties(Properties p, UnaryOperator<String> env) {
        Properties routing = new Properties();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("cqrs.")) {
                routing.setProperty(key, p.getProperty(key));
            } else if (key.startsWith("sample.") && !SAMPLE_KEYS.contains(key) && !key.equals(SampleApp.CONFIG_PROPERTY)) {
                throw new IllegalArgumentException("unknown property " + key + "; the sample app knows " + SAMPLE_KEYS
                        + " and the cqrs.* keys of RoutingConfig.fromProperties");
            }
        }
        if (routing.isEmpty()) {
            throw new IllegalArgumentException("no cqrs.* properties: give a configuration file (--config FILE, "
                    + SampleApp.CONFIG_ENV + " or -D" + SampleApp.CONFIG_PROPERTY + "), e.g. sample-app/config/existing-servers.properties");
        }
        int port = intValue(p, GRPC_PORT, DEFAULT_GRPC_PORT, 0, 65535, "a TCP port 1-65535, or 0 for any free port");
        return new SampleConfig(RoutingConfig.fromProperties(routing, env), port);
    }

    /**
     * Merges the layers (later wins). An environment variable overrides the key whose upper-case
     * form it is ({@link #envName}); among the known keys and the keys the file already has.
     * When a layer sets one of an endpoint's password keys, the others from lower layers are
     * dropped (only one may be set).
     */
    public static Properties layered(Properties file, Map<String, String> env, Properties system) {
        Properties out = new Properties();
        file.stringPropertyNames().forEach(k -> out.setProperty(k, file.getProperty(k)));
        Set<String> candidates = new LinkedHashSet<>(knownKeys());
        candidates.addAll(file.stringPropertyNames());
        Properties fromEnv = new Properties();
        for (String key : candidates) {
            String v = env.get(envName(key));
            if (v != null) {
                fromEnv.setProperty(key, v);
            }
        }
        apply(out, fromEnv);
        Properties fromSystem = new Properties();
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith("cqrs.") || key.startsWith("sample.")) {
                fromSystem.setProperty(key, system.getProperty(key));
            }
        }
        apply(out, fromSystem);
        return out;
    }

    private static void apply(Properties target, Properties layer) {
        for (String key : layer.stringPropertyNames()) {
            int dot = key.lastIndexOf('.');
            if (dot > 0 && PASSWORD_KEYS.contains(key.substring(dot + 1))) {
                String endpoint = key.substring(0, dot + 1);
                PASSWORD_KEYS.forEach(k -> target.remove(endpoint + k));
            }
        }
        layer.stringPropertyNames().forEach(k -> target.setProperty(k, layer.getProperty(k)));
    }

    /** {@code cqrs.replicas[0].password-file} → {@code CQRS_REPLICAS_0_PASSWORD_FILE}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
    }

    static List<String> knownKeys() {
        List<String> keys = new ArrayList<>();
        List<String> endpoint = List.of("url", "name", "username", "password", "password-file", "password-env");
        endpoint.forEach(k -> keys.add("cqrs.source." + k));
        for (int i = 0; i < 8; i++) {
            for (String k : endpoint) {
                keys.add("cqrs.replicas[" + i + "]." + k);
            }
            keys.add("cqrs.replicas[" + i + "].weight");
        }
        List.of("maximum-pool-size", "minimum-idle", "connection-timeout-ms").forEach(k -> keys.add("cqrs.pool." + k));
        List.of("selector", "fallback-to-source", "replica-pools-read-only").forEach(k -> keys.add("cqrs.routing." + k));
        keys.addAll(SAMPLE_KEYS);
        return keys;
    }

    static Properties read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the configuration file " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    private static int intValue(Properties p, String key, int def, int min, int max, String expected) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " = '" + v + "' is not valid; expected " + expected);
    }

    private static boolean boolValue(Properties p, String key, boolean def) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " = '" + v + "' is not valid; expected true or false");
        };
    }
}
