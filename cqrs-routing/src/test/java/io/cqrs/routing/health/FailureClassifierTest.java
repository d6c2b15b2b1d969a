package io.cqrs.routing.health;

import io.cqrs.routing.fallback.SpillRejectedException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTest {

    final FailureClassifier classifier = FailureClassifier.ofDefaults();

    @Test
    void connectionClass08_isEndpointFailure() {
        assertThat(classifier.isEndpointFailure(new SQLException("Communications link failure", "08S01"))).isTrue();
        assertThat(classifier.isEndpointFailure(new SQLException("Too many connections", "08004", 1040))).isTrue();
    }

    @Test
    void hikariAcquisitionTimeout_isEndpointFailure() {
        assertThat(classifier.isEndpointFailure(new SQLTransientConnectionException(
                "replica-1 - Connection is not available, request timed out after 250ms (total=2, active=2, idle=0, waiting=0)")))
                .isTrue();
    }

    @Test
    void connectionAndTimeoutSubtypes_areEndpointFailures() {
        assertThat(classifier.isEndpointFailure(new SQLNonTransientConnectionException("Server shutdown in progress"))).isTrue();
        assertThat(classifier.isEndpointFailure(new SQLTimeoutException("timed out"))).isTrue();
        assertThat(classifier.isEndpointFailure(new SQLException("Access denied", "28000", 1045))).isTrue();
    }

    @Test
    void connectExceptionDeepInTheCauseChain_isEndpointFailure() {
        Exception e = new RuntimeException(new SQLException("wrapped", (String) null, new ConnectException("Connection refused")));
        assertThat(classifier.isEndpointFailure(e)).isTrue();
    }

    @Test
    void connectorJCommunicationsException_isMatchedByClassName() {
        assertThat(classifier.isEndpointFailure(new IllegalStateException("wrapped",
                new com.mysql.cj.exceptions.CJCommunicationsException("Communications link failure")))).isTrue();
        assertThat(classifier.isEndpointFailure(new IllegalStateException("x"))).isFalse();
    }

    @Test
    void businessErrors_areNotEndpointFailures() {
        assertThat(classifier.isEndpointFailure(new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062))).isFalse();
        assertThat(classifier.isEndpointFailure(new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064))).isFalse();
        assertThat(classifier.isEndpointFailure(new SQLTransactionRollbackException("Deadlock found", "40001", 1213))).isFalse();
        assertThat(classifier.isEndpointFailure(new SQLException("Data too long", "22001", 1406))).isFalse();
        assertThat(classifier.isEndpointFailure(new SQLException("no state"))).isFalse();
    }

    @Test
    void businessErrorWrappingNothingElse_staysBusinessEvenIfOuterHasNoState() {
        assertThat(classifier.isEndpointFailure(new SQLException("outer", null, new SQLException("dup", "23000")))).isFalse();
    }

    @Test
    void spillRejection_isTheRoutersOwnRefusalNotTheSources() {
        assertThat(classifier.isEndpointFailure(new SpillRejectedException("cap", 1, 1))).isFalse();
    }

    @Test
    void selfCausedChain_terminates() {
        SQLException a = new SQLException("a");
        SQLException b = new SQLException("b", null, a);
        a.initCause(b);
        assertThat(classifier.isEndpointFailure(a)).isFalse();
    }
}
