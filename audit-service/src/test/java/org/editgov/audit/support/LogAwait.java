package org.editgov.audit.support;

import org.editgov.audit.log.LogStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;

import static org.awaitility.Awaitility.await;

/** Waits until the service has appended events it consumed from the real broker. */
public final class LogAwait {

    private LogAwait() {
    }

    public static void allAppended(LogStore store, Collection<String> eventIds) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> appended(store, eventIds) == eventIds.size());
    }

    private static int appended(LogStore store, Collection<String> eventIds) throws SQLException {
        try (Connection c = store.connection()) {
            return store.existingEventIds(c, eventIds).size();
        }
    }
}
