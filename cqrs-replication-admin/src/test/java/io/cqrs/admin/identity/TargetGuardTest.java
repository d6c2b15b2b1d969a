package io.cqrs.admin.identity;

import io.cqrs.admin.identity.ServerIdentity.Follower;
import io.cqrs.admin.identity.ServerIdentity.Upstream;
import io.cqrs.common.ServerVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity decisions, from identities built by hand (the matrix on real servers is WrongTargetIT). */
class TargetGuardTest {

    static final ServerVersion MYSQL = ServerVersion.parse("8.0.15");
    static final ServerVersion MARIADB = ServerVersion.parse("10.11.5-MariaDB");

    static ServerIdentity mysql(String address, long id, String uuid, Upstream upstream, Follower... followers) {
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        return new ServerIdentity(address, id, uuid, "db-host", port, "/data/" + id + "/", MYSQL, false, upstream, List.of(followers),
                uuid == null ? "" : uuid + ":1-5");
    }

    static ServerIdentity maria(String address, long id, String hostname, String datadir, Upstream upstream, Follower... followers) {
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        return new ServerIdentity(address, id, null, hostname, port, datadir, MARIADB, false, upstream, List.of(followers),
                upstream == null ? "0-" + id + "-5" : "0-" + upstream.serverId() + "-5");
    }

    static final ServerIdentity SOURCE = mysql("127.0.0.1:3306", 1, "aaaaaaaa-0000-0000-0000-000000000001", null,
            new Follower("127.0.0.1:3307", 2));

    @Test
    void sameServerUnderTwoAddresses_isRefusedWhateverIsOverruled() {
        ServerIdentity alias = mysql("localhost:3306", 1, "aaaaaaaa-0000-0000-0000-000000000001", null);
        SafetyOverrides all = SafetyOverrides.none().allowOtherSource(true).allowFollowedTarget(true);

        TargetGuard.Problem p = TargetGuard.pairProblem(SOURCE, alias, List.of("127.0.0.1:3306"), all);

        assertThat(p).isNotNull();
        assertThat(p.what()).contains("the replica localhost:3306 is the same server as the source 127.0.0.1:3306")
                .contains("aaaaaaaa-0000-0000-0000-000000000001");
        assertThat(p.refusal("provision").getMessage()).startsWith("provision refused: ").contains("Nothing was changed");
    }

    @Test
    void mariaDbSameServer_isKnownByIdHostPortAndDatadir() {
        ServerIdentity a = maria("127.0.0.1:3306", 1, "h1", "/var/lib/mysql/", null);
        ServerIdentity sameElsewhere = maria("db.local:3306", 1, "h1", "/var/lib/mysql/", null);
        ServerIdentity otherContainer = maria("127.0.0.1:3307", 1, "h2", "/var/lib/mysql/", null);

        assertThat(a.sameServerAs(sameElsewhere)).isTrue();
        assertThat(a.sameServerAs(otherContainer)).as("another host name is another server").isFalse();
    }

    @Test
    void replicaOfAnotherSource_isRefusedUnlessOverruled_andTheMessageNamesBothWays() {
        ServerIdentity replica = mysql("127.0.0.1:3310", 7, "cccccccc-0000-0000-0000-000000000007",
                new Upstream("10.0.0.9", 3306, 9, "bbbbbbbb-0000-0000-0000-000000000009", true));

        TargetGuard.Problem p = TargetGuard.pairProblem(SOURCE, replica, List.of("127.0.0.1:3306"), SafetyOverrides.none());

        assertThat(p.what()).contains("replicates from 10.0.0.9:3306 (server_uuid bbbbbbbb-0000-0000-0000-000000000009)")
                .contains("not from the source 127.0.0.1:3306");
        assertThat(p.refusal("recover").cliMessage()).contains("--allow-other-source").contains("--source-address-for-replica")
                .doesNotContain("SafetyOverrides");
        assertThat(p.refusal("recover").getMessage()).contains("SafetyOverrides.none().allowOtherSource(true)")
                .doesNotContain("--allow-other-source");
        assertThat(TargetGuard.pairProblem(SOURCE, replica, List.of(), SafetyOverrides.none().allowOtherSource(true))).isNull();
    }

    @Test
    void replicaOfThisSource_passes_byUuid_orByServerIdAndAddress() {
        ServerIdentity byUuid = mysql("127.0.0.1:3307", 2, "dddddddd-0000-0000-0000-000000000002",
                new Upstream("command-db", 3306, 0, "aaaaaaaa-0000-0000-0000-000000000001", false));
        ServerIdentity mariaSource = maria("127.0.0.1:3306", 1, "h1", "/d1/", null);
        ServerIdentity byIdAndAddress = maria("127.0.0.1:3307", 2, "h1", "/d2/", new Upstream("localhost", 3306, 1, null, true));
        ServerIdentity byIdUnderAlias = maria("127.0.0.1:3307", 2, "h1", "/d2/", new Upstream("command-db", 3306, 1, null, true));
        ServerIdentity neverConnected = maria("127.0.0.1:3307", 2, "h1", "/d2/", new Upstream("command-db", 3306, 0, null, false));

        assertThat(TargetGuard.pairProblem(SOURCE, byUuid, List.of("127.0.0.1:3306"), SafetyOverrides.none())).isNull();
        assertThat(TargetGuard.pairProblem(mariaSource, byIdAndAddress, List.of("127.0.0.1:3306"), SafetyOverrides.none())).isNull();
        assertThat(TargetGuard.pairProblem(mariaSource, byIdUnderAlias, List.of("127.0.0.1:3306"), SafetyOverrides.none()))
                .as("server_ids repeat across clusters: an equal id alone proves nothing").isNotNull()
                .extracting(TargetGuard.Problem::what).asString().contains("names no server_uuid");
        assertThat(TargetGuard.pairProblem(mariaSource, neverConnected, List.of("127.0.0.1:3306"), SafetyOverrides.none())).isNotNull();
        assertThat(TargetGuard.pairProblem(mariaSource, neverConnected, List.of("127.0.0.1:3306", "command-db:3306"),
                SafetyOverrides.none())).as("--source-address-for-replica command-db:3306").isNull();
    }

    @Test
    void mariaDbReplicaOfAnotherClusterWithTheSameServerIds_isRefused() {
        ServerIdentity sourceA = maria("127.0.0.1:4001", 1, "h1", "/a/source/", null);
        ServerIdentity replicaOfB = maria("127.0.0.1:5002", 2, "h1", "/b/replica/", new Upstream("127.0.0.1", 5001, 1, null, true));

        assertThat(TargetGuard.pairProblem(sourceA, replicaOfB, List.of("127.0.0.1:4001"), SafetyOverrides.none())).isNotNull();
    }

    @Test
    void swappedPair_isRefused() {
        ServerIdentity realReplica = mysql("127.0.0.1:3307", 2, "dddddddd-0000-0000-0000-000000000002",
                new Upstream("127.0.0.1", 3306, 1, "aaaaaaaa-0000-0000-0000-000000000001", true));
        ServerIdentity mariaSource = maria("127.0.0.1:3306", 1, "h1", "/d1/", null);
        ServerIdentity mariaReplica = maria("127.0.0.1:3307", 2, "h1", "/d2/", new Upstream("127.0.0.1", 3306, 1, null, true));

        TargetGuard.Problem p = TargetGuard.pairProblem(realReplica, SOURCE, List.of("127.0.0.1:3307"), SafetyOverrides.none());

        assertThat(p.what()).contains("the two look swapped");
        assertThat(TargetGuard.pairProblem(mariaReplica, mariaSource, List.of("127.0.0.1:3307"), SafetyOverrides.none()).what())
                .contains("the two look swapped");
    }

    @Test
    void followedTarget_isRefusedUnlessOverruled_andNamesTheFollowers() {
        TargetGuard.Problem p = TargetGuard.followedProblem(SOURCE, SafetyOverrides.none());

        assertThat(p.what()).contains("has replicas of its own (127.0.0.1:3307 (server_id 2))");
        assertThat(p.refusal("restore of x.sql").cliMessage()).contains("--allow-followed-target");
        assertThat(TargetGuard.followedProblem(SOURCE, SafetyOverrides.none().allowFollowedTarget(true))).isNull();
        assertThat(TargetGuard.followedProblem(mysql("127.0.0.1:3307", 2, "u", null), SafetyOverrides.none())).isNull();
    }

    @Test
    void hostsAreTheSameWhenTheirNamesResolveToACommonAddress() {
        assertThat(TargetGuard.sameHost("localhost", "127.0.0.1")).isTrue();
        assertThat(TargetGuard.sameHost("LOCALHOST", "localhost")).isTrue();
        assertThat(TargetGuard.sameHost("127.0.0.1", "127.0.0.2")).as("a server may bind 127.0.0.2 alone").isFalse();
        assertThat(TargetGuard.sameHost("127.0.0.1", "192.0.2.1")).isFalse();
    }

    @Test
    void aReplicaLastSeenOnThisSourcesServerId_whoseConfiguredAddressIsDead_isThisSourcesReplica() {
        ServerIdentity mariaSource = maria("127.0.0.1:3306", 1, "h1", "/d1/", null);
        ServerIdentity pointedAtAWrongPort = maria("127.0.0.1:3307", 2, "h1", "/d2/", new Upstream("127.0.0.1", 3399, 1, null, false));
        ServerIdentity ofAnotherSourceId = maria("127.0.0.1:3307", 2, "h1", "/d2/", new Upstream("127.0.0.1", 3399, 7, null, false));
        ServerIdentity mysqlSource = mysql("127.0.0.1:3306", 1, "aaaaaaaa-0000-0000-0000-000000000001", null);
        ServerIdentity mysqlPointedAway = new ServerIdentity("127.0.0.1:3307", 2, "dddddddd-0000-0000-0000-000000000002", "db-host", 3307,
                "/d2/", MYSQL, true, new Upstream("127.0.0.1", 3399, 0, "", false), List.of(),
                "aaaaaaaa-0000-0000-0000-000000000001:1-9");
        ServerIdentity mysqlOfAnotherCluster = new ServerIdentity("127.0.0.1:3307", 2, "dddddddd-0000-0000-0000-000000000002", "db-host",
                3307, "/d2/", MYSQL, true, new Upstream("127.0.0.1", 3399, 0, "", false), List.of(),
                "eeeeeeee-0000-0000-0000-000000000009:1-9");
        assertThat(TargetGuard.pairProblem(mysqlSource, mysqlPointedAway, List.of("127.0.0.1:3306"), SafetyOverrides.none(), false))
                .as("MySQL: its gtid_executed holds the source's uuid").isNull();
        assertThat(TargetGuard.pairProblem(mysqlSource, mysqlOfAnotherCluster, List.of("127.0.0.1:3306"), SafetyOverrides.none(), false))
                .as("MySQL: data from another uuid").isNotNull();

        assertThat(TargetGuard.pairProblem(mariaSource, pointedAtAWrongPort, List.of("127.0.0.1:3306"), SafetyOverrides.none(), false))
                .as("nothing listens at 3399 and it last saw server_id 1: the runbook's 'cannot connect' case, repointable").isNull();
        assertThat(TargetGuard.pairProblem(mariaSource, pointedAtAWrongPort, List.of("127.0.0.1:3306"), SafetyOverrides.none(), true))
                .as("something answers at 3399: it may be another cluster's source").isNotNull();
        assertThat(TargetGuard.pairProblem(mariaSource, ofAnotherSourceId, List.of("127.0.0.1:3306"), SafetyOverrides.none(), false))
                .as("another server_id").isNotNull();
        assertThat(TargetGuard.names("a:1", List.of("a:1", "b:2"))).containsExactly("a:1", "b:2");
    }
}
