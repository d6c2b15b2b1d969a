package io.cqrs.routing.spring.it.web;

import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.spring.actuator.RoutingDecisionLog;
import io.cqrs.routing.spring.it.SpringSandbox;
import io.cqrs.routing.spring.it.SpringSandbox.Reply;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import org.junit.jupiter.api.AfterAll;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.cqrs.routing.spring.it.SpringSandbox.at;
import static io.cqrs.routing.spring.it.SpringSandbox.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes across requests (as across services): a write request answers with X-Consistency-Token;
 * a read request carrying it sees the write, on the replica when it can, and the reason is recorded. Also
 * the Actuator side on healthy servers: health, the routing endpoint, the metrics.
 */
class ConsistencyTokenWebIT {

    private static final Map<String, ConfigurableApplicationContext> APPS = new ConcurrentHashMap<>();

    private static ConfigurableApplicationContext app(Sandbox sandbox) {
        return APPS.computeIfAbsent(sandbox.flavor().name(), k -> {
            try {
                SpringSandbox.database(sandbox, "web_it",
                        "CREATE TABLE note (id BIGINT AUTO_INCREMENT PRIMARY KEY, text VARCHAR(100) NOT NULL)");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            // a generous wait budget: a replica that applies the write within 2 s serves the read
            return SpringSandbox.start(WebApp.class, true, sandbox, "web_it",
                    WebApp.with(WebApp.ACTUATOR, "cqrs.consistency.token-wait-ms=2000"));
        });
    }

    @AfterAll
    static void close() {
        APPS.values().forEach(ConfigurableApplicationContext::close);
        APPS.clear();
    }

    @SandboxTest
    void readCarryingTheWritesToken_seesTheWrite_onTheReplica(Sandbox sandbox) {
        ConfigurableApplicationContext ctx = app(sandbox);
        RoutingDecisionLog log = ctx.getBean(RoutingDecisionLog.class);
        long pinnedBefore = log.count("replica-1", "routed", RoutingReason.TOKEN_PINNED)
                + log.count("replica-1", "routed", RoutingReason.TOKEN_WAITED);
        for (int i = 0; i < 20; i++) {
            Reply w = http(ctx, "POST", "/notes?text=note-" + i);
            assertThat(w.status()).as(w.body()).isEqualTo(200);
            String token = w.header("X-Consistency-Token");
            assertThat(token).as("the write's token").startsWith("v1.");
            Reply r = http(ctx, "GET", "/notes/" + w.body().trim(), "X-Consistency-Token", token);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("text")).as("read-your-writes").isEqualTo("note-" + i);
            assertThat(((Number) r.json().get("servedBy")).intValue()).as("on the replica").isEqualTo(sandbox.replica(0).serverId());
            assertThat(r.header("X-Consistency-Token")).as("a read answers with no token").isNull();
        }
        long pinnedAfter = log.count("replica-1", "routed", RoutingReason.TOKEN_PINNED)
                + log.count("replica-1", "routed", RoutingReason.TOKEN_WAITED);
        assertThat(pinnedAfter - pinnedBefore).as("reads routed by the token (TOKEN_PINNED / TOKEN_WAITED)").isEqualTo(20);
        Map<String, Object> routing = http(ctx, "GET", "/actuator/routing").json();
        assertThat(String.valueOf(at(routing, "decisions", "replica-1"))).containsAnyOf("routed TOKEN_PINNED", "routed TOKEN_WAITED");
    }

    @SandboxTest
    void readWithoutToken_isAPlainReplicaRead_andRequestsDoNotShareTokens(Sandbox sandbox) {
        ConfigurableApplicationContext ctx = app(sandbox);
        RoutingDecisionLog log = ctx.getBean(RoutingDecisionLog.class);
        Reply w = http(ctx, "POST", "/notes?text=untracked");
        long plainBefore = log.count("replica-1", "routed", RoutingReason.READ_ONLY);
        Reply r = http(ctx, "GET", "/notes/" + w.body().trim()); // no header: the write request's token stayed with it
        assertThat(r.status()).isEqualTo(200);
        assertThat(log.count("replica-1", "routed", RoutingReason.READ_ONLY)).isEqualTo(plainBefore + 1);
    }

    @SandboxTest
    void malformedToken_isRejectedWith400(Sandbox sandbox) {
        Reply r = http(app(sandbox), "GET", "/notes/1", "X-Consistency-Token", "v1.x.garbage");
        assertThat(r.status()).isEqualTo(400);
    }

    @SandboxTest
    void health_routingEndpoint_andMetrics_onHealthyServers(Sandbox sandbox) throws Exception {
        ConfigurableApplicationContext ctx = app(sandbox);
        SpringSandbox.awaitJson(ctx, "/actuator/health", "replica-1 in rotation", Duration.ofSeconds(20),
                h -> "UP".equals(at(h, "components", "routing", "details", "replica-1", "status")));
        Reply health = http(ctx, "GET", "/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        Map<String, Object> h = health.json();
        assertThat(h.get("status")).isEqualTo("UP");
        assertThat(at(h, "components", "routing", "status")).isEqualTo("UP");
        assertThat(at(h, "components", "routing", "details", "source", "status")).isEqualTo("UP");
        assertThat(at(h, "components", "routing", "details", "replica-1", "breaker")).isEqualTo("CLOSED");
        assertThat(at(h, "components", "routing", "details", "replica-1", "lagMs")).isNotNull();
        assertThat(at(h, "components", "routing", "details", "replicasInRotation")).isEqualTo("1/1");

        Map<String, Object> routing = http(ctx, "GET", "/actuator/routing").json();
        assertThat((List<?>) routing.get("endpoints")).hasSize(2);
        assertThat(String.valueOf(routing.get("endpoints"))).contains("replica-1").contains("in rotation");

        for (String meter : List.of("cqrs.routing.decisions", "cqrs.routing.replica.lag", "cqrs.routing.breaker.state",
                "cqrs.routing.spill.in-flight")) {
            assertThat(http(ctx, "GET", "/actuator/metrics/" + meter).status()).as(meter).isEqualTo(200);
        }
        Map<String, Object> decisions = http(ctx, "GET", "/actuator/metrics/cqrs.routing.decisions").json();
        assertThat(String.valueOf(decisions.get("availableTags"))).contains("reason").contains("endpoint").contains("source");
    }
}
