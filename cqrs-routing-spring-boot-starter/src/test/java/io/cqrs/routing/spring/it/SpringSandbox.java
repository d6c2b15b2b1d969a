package io.cqrs.routing.spring.it;

import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.EndpointState;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.sandbox.SandboxTools;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Starts Spring Boot applications against sandbox servers the way a user configures them: cqrs.* properties
 * only, no code. Test-sized timeouts. Also a small HTTP client and JSON reader that work with Boot 3 and 4.
 */
public final class SpringSandbox {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SpringSandbox() {
    }

    /** Creates {@code database} on the source with {@code ddl} and waits until the replicas have it. */
    public static void database(Sandbox sandbox, String database, String... ddl) throws SQLException {
        try (Connection c = sandbox.source().connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
            s.execute("CREATE DATABASE " + database);
            s.execute("USE " + database);
            for (String sql : ddl) {
                s.execute(sql);
            }
        }
        sandbox.sync(Duration.ofSeconds(30));
    }

    /** The cqrs.* properties of a user pointing the starter at the sandbox. */
    public static List<String> routingProperties(Sandbox sandbox, String database) {
        SandboxServer source = sandbox.source();
        List<String> p = new ArrayList<>(List.of(
                "cqrs.source.url=" + source.jdbcUrl(database) + "&trackSessionState=true&socketTimeout=5000",
                "cqrs.source.username=" + source.user(),
                "cqrs.source.password=" + source.password(),
                "cqrs.pool.maximum-pool-size=4",
                "cqrs.pool.minimum-idle=1",
                "cqrs.pool.connection-timeout-ms=500",
                "cqrs.pool.hikari.dataSource.useLocalSessionState=true",
                "cqrs.lag.interval-ms=200",
                "cqrs.lag.max-lag-ms=1000",
                "cqrs.breaker.minimum-number-of-calls=2",
                "cqrs.breaker.sliding-window-size=4",
                "cqrs.breaker.wait-in-open-ms=1000",
                "cqrs.breaker.half-open-calls=1"));
        for (int i = 0; i < sandbox.replicas().size(); i++) {
            p.add("cqrs.replicas[" + i + "].url=" + sandbox.replica(i).jdbcUrl(database) + "&socketTimeout=2000");
        }
        return p;
    }

    public static ConfigurableApplicationContext start(Class<?> app, boolean web, Sandbox sandbox, String database,
                                                       String... more) {
        List<String> props = routingProperties(sandbox, database);
        props.add("spring.main.banner-mode=off");
        props.add("server.port=0");
        props.add("spring.jmx.enabled=false");
        props.add("spring.jooq.sql-dialect=" + (sandbox.flavor() == ServerFlavor.MARIADB ? "MARIADB" : "MYSQL"));
        props.add("spring.jpa.hibernate.ddl-auto=none");
        props.add("logging.level.root=WARN");
        props.addAll(List.of(more));
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(app)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .properties(props.toArray(String[]::new))
                .run();
        // until the lag monitor's first sample a replica is out of rotation and reads go to the source
        RoutingDataSource ds = ctx.getBean(RoutingDataSource.class);
        try {
            await("every replica in rotation", Duration.ofSeconds(30),
                    () -> ds.topology().replicas().stream().allMatch(EndpointState::eligible));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return ctx;
    }

    public static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** An HTTP exchange's status, headers and body. */
    public record Reply(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public Map<String, Object> json() {
            return JsonParserFactory.getJsonParser().parseMap(body);
        }
    }

    public static Reply http(ConfigurableApplicationContext context, String method, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(context) + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), new LinkedHashMap<>(r.headers().map()), r.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    /** A nested JSON value by path, e.g. {@code at(json, "components", "routing", "status")}. */
    @SuppressWarnings("unchecked")
    public static Object at(Map<String, Object> json, String... path) {
        Object o = json;
        for (String p : path) {
            if (!(o instanceof Map)) {
                return null;
            }
            o = ((Map<String, Object>) o).get(p);
        }
        return o;
    }

    /** Polls {@code path} until {@code condition} holds for its JSON; the failure shows the last body. */
    public static Map<String, Object> awaitJson(ConfigurableApplicationContext ctx, String path, String what, Duration timeout,
                                                java.util.function.Predicate<Map<String, Object>> condition) throws InterruptedException {
        Reply[] last = new Reply[1];
        if (SandboxTools.eventually(timeout, () -> {
            last[0] = http(ctx, "GET", path);
            return condition.test(last[0].json());
        })) {
            return last[0].json();
        }
        throw new AssertionError("timed out after " + timeout.toMillis() + "ms waiting for " + what + "; last " + path
                + " (" + last[0].status() + "): " + last[0].body());
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        SandboxTools.await(what, timeout, condition);
    }
}
