package io.cqrs.routing.spring.it.jpa;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.spring.it.SpringSandbox;
import io.cqrs.routing.spring.it.ThreadDecisions;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import org.junit.jupiter.api.AfterAll;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.cqrs.routing.spring.it.SpringSandbox.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data JPA + Hibernate on the routing DataSource, configured by properties only: what Spring and
 * Hibernate do to start a transaction must land reads on the replica and everything else on the source,
 * whole transactions on one server, with open-session-in-view on and off. Each server is told apart by
 * {@code @@server_id}. One application per flavour and OSIV setting, shared by the tests.
 */
class JpaRoutingIT {

    private static final Map<String, ConfigurableApplicationContext> APPS = new ConcurrentHashMap<>();

    private static ConfigurableApplicationContext app(Sandbox sandbox, boolean openInView) {
        return APPS.computeIfAbsent(sandbox.flavor() + "/" + openInView, k -> {
            try {
                SpringSandbox.database(sandbox, "jpa_it",
                        "CREATE TABLE item (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return SpringSandbox.start(JpaApp.class, true, sandbox, "jpa_it", "spring.jpa.open-in-view=" + openInView);
        });
    }

    @AfterAll
    static void close() {
        APPS.values().forEach(ConfigurableApplicationContext::close);
        APPS.clear();
    }

    private static int sourceId(Sandbox s) {
        return s.source().serverId();
    }

    private static int replicaId(Sandbox s) {
        return s.replica(0).serverId();
    }

    @SandboxTest
    void readOnlyTransaction_goesToReplica(Sandbox sandbox) {
        ConfigurableApplicationContext ctx = app(sandbox, false);
        ThreadDecisions decisions = ctx.getBean(ThreadDecisions.class);
        decisions.take();
        assertThat(ctx.getBean(ItemService.class).readOnly()).containsOnly(replicaId(sandbox)).hasSize(2);
        assertThat(decisions.take()).singleElement().satisfies(d -> {
            assertThat(d.role()).isEqualTo(EndpointRole.REPLICA);
            assertThat(d.readOnly()).isTrue();
        });
    }

    @SandboxTest
    void springDataReadOnlyDefaults_goToReplica(Sandbox sandbox) {
        ConfigurableApplicationContext ctx = app(sandbox, false);
        ItemRepository items = ctx.getBean(ItemRepository.class);
        ThreadDecisions decisions = ctx.getBean(ThreadDecisions.class);
        ctx.getBean(RoutingDataSource.class).clearToken();
        decisions.take();
        items.findAll();
        items.findById(1L);
        items.count();
        items.existsById(1L);
        assertThat(decisions.take()).as("SimpleJpaRepository's @Transactional(readOnly = true) reads").hasSize(4)
                .allSatisfy(d -> assertThat(d.role()).isEqualTo(EndpointRole.REPLICA));
        // declared query methods of a repository annotated @Transactional(readOnly = true), as Spring Data advises
        assertThat(items.serverId()).isEqualTo(replicaId(sandbox));
        items.findByName("nobody");
        assertThat(decisions.take()).hasSize(2).allSatisfy(d -> assertThat(d.role()).isEqualTo(EndpointRole.REPLICA));
    }

    @SandboxTest
    void declaredQueryWithoutTransaction_goesToSource(Sandbox sandbox) {
        // Spring Data gives declared query methods no transaction unless the interface (or method) asks for one:
        // an auto-commit connection that is not read-only is the source's. The README says so.
        ConfigurableApplicationContext ctx = app(sandbox, false);
        assertThat(ctx.getBean(PlainItemRepository.class).serverId()).isEqualTo(sourceId(sandbox));
        assertThat(ctx.getBean(PlainItemRepository.class).count()).as("inherited reads stay read-only").isNotNegative();
    }

    @SandboxTest
    void repositorySave_goesToSource(Sandbox sandbox) {
        ConfigurableApplicationContext ctx = app(sandbox, false);
        ThreadDecisions decisions = ctx.getBean(ThreadDecisions.class);
        decisions.take();
        Item saved = ctx.getBean(ItemRepository.class).save(new Item("saved"));
        assertThat(saved.getId()).isNotNull();
        assertThat(decisions.take()).singleElement().satisfies(d -> {
            assertThat(d.endpoint()).isEqualTo("source");
            assertThat(d.reason()).isEqualTo(RoutingReason.READ_WRITE);
        });
    }

    @SandboxTest
    void transactionBeginningWithSelect_staysOnSourceThroughItsWrites(Sandbox sandbox) {
        ConfigurableApplicationContext ctx = app(sandbox, false);
        ThreadDecisions decisions = ctx.getBean(ThreadDecisions.class);
        decisions.take();
        assertThat(ctx.getBean(ItemService.class).selectThenWrite("first-select")).containsOnly(sourceId(sandbox)).hasSize(3);
        List<RoutingDecision> d = decisions.take();
        assertThat(d).as("one borrow for the whole transaction").singleElement()
                .satisfies(x -> assertThat(x.reason()).isEqualTo(RoutingReason.READ_WRITE));
    }

    @SandboxTest
    void readOnlyThenWriteTransaction_sameThread_writeGoesToSource(Sandbox sandbox) {
        ConfigurableApplicationContext ctx = app(sandbox, false);
        ItemService service = ctx.getBean(ItemService.class);
        TransactionTemplate tx = new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class));
        // one outer EntityManager-less thread: read-only transaction, then a write transaction
        assertThat(service.readOnly()).containsOnly(replicaId(sandbox));
        assertThat(service.write("after-read")).isEqualTo(sourceId(sandbox));
        // and the same inside one programmatic sequence
        tx.setReadOnly(true);
        List<Integer> read = tx.execute(s -> service.readOnly());
        assertThat(read).containsOnly(replicaId(sandbox));
        tx.setReadOnly(false);
        Integer written = tx.execute(s -> service.write("after-read-2"));
        assertThat(written).isEqualTo(sourceId(sandbox));
    }

    @SandboxTest
    void openSessionInView_readOnlyThenWriteTransactionInOneRequest_writeGoesToSource(Sandbox sandbox) {
        readThenWriteRequest(sandbox, true);
    }

    @SandboxTest
    void noOpenSessionInView_readOnlyThenWriteTransactionInOneRequest_writeGoesToSource(Sandbox sandbox) {
        readThenWriteRequest(sandbox, false);
    }

    @SandboxTest
    void openSessionInView_repositoryReadInRequest_goesToReplica(Sandbox sandbox) {
        for (boolean osiv : new boolean[] {true, false}) {
            SpringSandbox.Reply r = http(app(sandbox, osiv), "GET", "/repository-read");
            assertThat(r.status()).isEqualTo(200);
            assertThat(Integer.parseInt(r.body().trim())).as("open-in-view " + osiv).isEqualTo(replicaId(sandbox));
        }
    }

    private void readThenWriteRequest(Sandbox sandbox, boolean openInView) {
        ConfigurableApplicationContext ctx = app(sandbox, openInView);
        for (int i = 0; i < 3; i++) { // the pooled request thread carries nothing into the next request
            SpringSandbox.Reply r = http(ctx, "POST", "/read-then-write?name=osiv-" + openInView + "-" + i);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            List<Integer> ids = parseIds(r.body());
            assertThat(ids).as("read-only transaction (2 statements) then write transaction, open-in-view=" + openInView)
                    .containsExactly(replicaId(sandbox), replicaId(sandbox), sourceId(sandbox));
            assertThat(r.header("X-Consistency-Token")).as("the request wrote: its token comes back").isNotBlank();
        }
    }

    private static List<Integer> parseIds(String json) {
        return java.util.Arrays.stream(json.replaceAll("[\\[\\]\\s]", "").split(",")).map(Integer::parseInt).toList();
    }
}
