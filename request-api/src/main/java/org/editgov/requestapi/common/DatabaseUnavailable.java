package org.editgov.requestapi.common;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Tells a failure to reach PostgreSQL (down, restarting, pool unable to connect) from other
 * server errors, so the client hears "retry" rather than "internal error".
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    /**
     * True when any cause or suppressed exception (a failed commit reports the connection's loss
     * as suppressed) is a connection failure: SQLState class 08, 57P0x (shutdown), or a refused socket.
     */
    public static boolean causedBy(Throwable failure) {
        Deque<Throwable> pending = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        pending.add(failure);
        while (!pending.isEmpty() && seen.size() < 50) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (isConnectionFailure(t)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return false;
    }

    private static boolean isConnectionFailure(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
            return true;
        }
        return t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException");
    }
}
