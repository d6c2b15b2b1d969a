package io.cqrs.sample.spring;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxTools;
import io.cqrs.sandbox.junit.SandboxTest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample as a user runs it, pointed at a sandbox by the same properties its README shows. */
class SampleApplicationIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @SandboxTest
    void writeThenReadWithItsToken_seesTheWriteOnTheReplica(Sandbox sandbox) throws Exception {
        try (Connection c = sandbox.source().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS sample_spring");
        }
        sandbox.sync(Duration.ofSeconds(30));
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(SampleApplication.class).run(
                "--server.port=0", // command-line arguments: they override application.yml, as environment variables do
                "--cqrs.source.url=" + sandbox.source().jdbcUrl("sample_spring") + "&trackSessionState=true",
                "--cqrs.source.username=root",
                "--cqrs.source.password-env=", // the sandbox's root has no password
                "--cqrs.source.password=",
                "--cqrs.replicas[0].url=" + sandbox.replica(0).jdbcUrl("sample_spring") + "&socketTimeout=5000",
                "--cqrs.consistency.token-wait-ms=2000")) {
            String base = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
            awaitReplicaInRotation(base); // right after start the replica has no lag sample yet: reads go to the source
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/categories?name=books"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            Map<String, Object> c = JsonParserFactory.getJsonParser().parseMap(created.body());
            assertThat(((Number) c.get("served_by")).intValue()).isEqualTo(sandbox.source().serverId());
            String token = created.headers().firstValue("X-Consistency-Token").orElseThrow();

            HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/categories/" + c.get("id")))
                    .header("X-Consistency-Token", token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            Map<String, Object> r = JsonParserFactory.getJsonParser().parseMap(read.body());
            assertThat(r.get("name")).isEqualTo("books");
            assertThat(((Number) r.get("served_by")).intValue()).isEqualTo(sandbox.replica(0).serverId());
        }
    }

    @SuppressWarnings("unchecked")
    private static void awaitReplicaInRotation(String base) {
        AtomicReference<String> last = new AtomicReference<>();
        boolean up = SandboxTools.eventually(Duration.ofSeconds(30), () -> {
            String body;
            try {
                body = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                last.set(e.toString());
                return false;
            }
            last.set(body);
            Map<String, Object> h = JsonParserFactory.getJsonParser().parseMap(body);
            Map<String, Object> routing = (Map<String, Object>) ((Map<String, Object>) h.get("components")).get("routing");
            Map<String, Object> replica = (Map<String, Object>) ((Map<String, Object>) routing.get("details")).get("replica-1");
            return "UP".equals(replica.get("status"));
        });
        if (!up) {
            throw new AssertionError("replica-1 not in rotation after 30 s; last /actuator/health: " + last.get());
        }
    }
}
