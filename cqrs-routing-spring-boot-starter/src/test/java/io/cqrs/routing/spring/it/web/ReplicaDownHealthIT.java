package io.cqrs.routing.spring.it.web;

import io.cqrs.routing.spring.it.SpringSandbox;
import io.cqrs.routing.spring.it.SpringSandbox.Reply;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Map;

import static io.cqrs.routing.spring.it.SpringSandbox.at;
import static io.cqrs.routing.spring.it.SpringSandbox.http;
import static org.assertj.core.api.Assertions.assertThat;

/** A replica killed under a running application: its health entry leaves UP, the application stays UP and reads go on. */
class ReplicaDownHealthIT {

    @SandboxTest(isolated = true)
    void replicaKilled_itsEntryLeavesUp_applicationStaysUp(Sandbox sandbox) throws Exception {
        SpringSandbox.database(sandbox, "down_it", "CREATE TABLE note (id BIGINT AUTO_INCREMENT PRIMARY KEY, text VARCHAR(100) NOT NULL)");
        try (ConfigurableApplicationContext ctx = SpringSandbox.start(WebApp.class, true, sandbox, "down_it", WebApp.ACTUATOR)) {
            SpringSandbox.awaitJson(ctx, "/actuator/health", "replica-1 in rotation", Duration.ofSeconds(20),
                    h -> "UP".equals(at(h, "components", "routing", "details", "replica-1", "status")));
            long id = Long.parseLong(http(ctx, "POST", "/notes?text=before").body().trim());

            sandbox.replica(0).kill();

            SpringSandbox.awaitJson(ctx, "/actuator/health", "replica-1 out of rotation", Duration.ofSeconds(20),
                    h -> !"UP".equals(at(h, "components", "routing", "details", "replica-1", "status")));
            Reply health = http(ctx, "GET", "/actuator/health");
            assertThat(health.status()).as("the application serves: %s", health.body()).isEqualTo(200);
            Map<String, Object> h = health.json();
            assertThat(h.get("status")).isEqualTo("UP");
            assertThat(at(h, "components", "routing", "status")).isEqualTo("UP");
            assertThat(at(h, "components", "routing", "details", "replica-1", "status")).isIn("DOWN", "OUT_OF_SERVICE");
            assertThat((String) at(h, "components", "routing", "details", "replica-1", "reason")).isNotBlank()
                    .isNotEqualTo("in rotation");
            assertThat(at(h, "components", "routing", "details", "replicasInRotation")).isEqualTo("0/1");

            Reply read = http(ctx, "GET", "/notes/" + id);
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(((Number) read.json().get("servedBy")).intValue()).as("reads fall back to the source")
                    .isEqualTo(sandbox.source().serverId());
            Map<String, Object> routing = http(ctx, "GET", "/actuator/routing").json();
            assertThat(String.valueOf(at(routing, "decisions", "source"))).contains("routed FALLBACK");
        }
    }
}
