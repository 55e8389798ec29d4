package org.editgov.requestapi.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void connectionFailuresAnywhereInTheChainCount() {
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("tx",
                new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01"))))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(new SQLTransientConnectionException("pool timeout")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
    }

    @Test
    void aCommitThatLostItsConnectionCounts() {
        // As Narayana reports it: a RollbackException with the driver's error suppressed.
        Exception commit = new IllegalStateException("Could not commit transaction");
        commit.addSuppressed(new Exception("XA", new SQLException("terminating connection due to administrator command", "57P01")));
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(commit))).isTrue();
    }

    @Test
    void otherFailuresDoNot() {
        assertThat(DatabaseUnavailable.causedBy(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("no state"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("bug"))).isFalse();
    }
}
