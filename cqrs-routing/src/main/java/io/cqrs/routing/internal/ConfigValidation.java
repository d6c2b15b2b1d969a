package io.cqrs.routing.internal;

import com.zaxxer.hikari.HikariConfig;
import io.cqrs.routing.EndpointConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/** Up-front checks of a routing configuration. Messages name the property, echo the value, say the fix. */
public final class ConfigValidation {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** HikariCP properties the router owns, with where to set them instead. */
    private static final Map<String, String> RESERVED = Map.of(
            "jdbcUrl", "set it with .url",
            "username", "set it with .username",
            "password", "set it with .password, .password-file or .password-env",
            "autoCommit", "pools always hand out auto-commit connections; call Connection.setAutoCommit instead",
            "readOnly", "the router manages it; use " + io.cqrs.routing.RoutingConfig.KEY_REPLICA_POOLS_READ_ONLY,
            "poolName", "pools are named after the endpoint; use .name",
            "dataSourceClassName", "the router connects by JDBC URL; use .url",
            "initializationFailTimeout", "the router always starts without waiting for endpoints (-1)");

    private ConfigValidation() {
    }

    /** Checks every endpoint and that their names are distinct. */
    public static void validateEndpoints(EndpointConfig source, List<EndpointConfig> replicas) {
        validateEndpoint(EndpointConfig.SOURCE_PREFIX, source, false);
        Map<String, String> names = new HashMap<>();
        names.put(source.name(), EndpointConfig.SOURCE_PREFIX + "." + EndpointConfig.KEY_NAME);
        for (int i = 0; i < replicas.size(); i++) {
            String prefix = EndpointConfig.replicaPrefix(i);
            EndpointConfig r = replicas.get(i);
            validateEndpoint(prefix, r, true);
            String earlier = names.putIfAbsent(r.name(), prefix + "." + EndpointConfig.KEY_NAME);
            if (earlier != null) {
                throw new IllegalArgumentException(prefix + ".name = '" + r.name() + "' is already used by " + earlier
                        + "; give every endpoint a distinct name");
            }
        }
    }

    /** Checks one endpoint; {@code prefix} is its property prefix, e.g. {@code cqrs.replicas[0]}. */
    public static void validateEndpoint(String prefix, EndpointConfig e, boolean replica) {
        if (!NAME.matcher(e.name()).matches()) {
            throw new IllegalArgumentException(prefix + ".name = '" + e.name() + "' is not a valid endpoint name;"
                    + " use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. replica-1)");
        }
        String url = e.jdbcUrl().trim();
        if (url.isEmpty()) {
            throw new IllegalArgumentException(prefix + ".url is empty; set the JDBC URL of endpoint '" + e.name()
                    + "', e.g. jdbc:mysql://db2:3306/app");
        }
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException(prefix + ".url = '" + Secrets.maskUrl(url) + "' is not a JDBC URL;"
                    + " it must start with jdbc:, e.g. jdbc:mysql://db2:3306/app or jdbc:mariadb://db2:3306/app");
        }
        if (replica && (e.weight() < 1 || e.weight() > EndpointConfig.MAX_WEIGHT)) {
            throw new IllegalArgumentException(prefix + ".weight = " + e.weight() + " is out of range;"
                    + " use 1.." + EndpointConfig.MAX_WEIGHT + " (its relative share of reads; drain the replica to stop reads)");
        }
        validateHikari(prefix + "." + EndpointConfig.KEY_HIKARI, e.hikariProperties());
    }

    /** Checks extra HikariCP properties under {@code prefix} (e.g. {@code cqrs.pool.hikari.}). */
    public static void validateHikari(String prefix, Map<String, String> props) {
        if (props.isEmpty()) {
            return;
        }
        Properties p = new Properties();
        for (Map.Entry<String, String> en : props.entrySet()) {
            String fix = RESERVED.get(en.getKey());
            if (fix != null) {
                throw new IllegalArgumentException(prefix + en.getKey() + " cannot be set: " + fix);
            }
            if (en.getValue() == null) {
                throw new IllegalArgumentException(prefix + en.getKey() + " has no value; give it one or remove it");
            }
            p.setProperty(en.getKey(), en.getValue());
        }
        for (String key : p.stringPropertyNames()) {
            Properties one = new Properties();
            one.setProperty(key, p.getProperty(key));
            try {
                new HikariConfig(one);
            } catch (RuntimeException ex) {
                String shown = Secrets.isSecretKey(key) ? "****" : p.getProperty(key);
                throw new IllegalArgumentException(prefix + key + " = '" + shown + "' is not accepted by HikariCP ("
                        + ex.getMessage() + "); use a HikariConfig property name such as maxLifetime,"
                        + " or dataSource.<driverProperty> for driver properties", ex);
            }
        }
    }
}
