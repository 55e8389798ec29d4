package org.editgov.audit.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.editgov.testsupport.Postgres;
import org.editgov.testsupport.Servers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A log of its own for each test run: a fresh PostgreSQL schema (dropped at the end), a fresh consumer group
 * that starts at the end of the topics, and a fresh key pair. Test runs on the same servers (several engineers,
 * a CI clone) then never see or damage each other's log, and a run never replays the topics' whole history.
 */
public class IsolatedLogResource implements QuarkusTestResourceLifecycleManager {

    private String name;

    @Override
    public Map<String, String> start() {
        name = "audit_test_" + ProcessHandle.current().pid() + "_" + Long.toString(System.currentTimeMillis(), 36);
        return Map.of(
                "quarkus.flyway.schemas", name,
                "quarkus.flyway.default-schema", name,
                "quarkus.datasource.jdbc.additional-jdbc-properties.currentSchema", name,
                "editgov.audit.ingest.group-id", "audit-service-" + name.replace('_', '-'),
                "editgov.audit.ingest.auto-offset-reset", "latest",
                "editgov.audit.key-dir", Path.of("target", "test-audit-keys", name).toAbsolutePath().toString());
    }

    @Override
    public void stop() {
        Postgres.Database db = Servers.shared().postgres().database("audit");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + name + " cascade");
        } catch (SQLException e) {
            System.err.println("could not drop the test schema " + name + ": " + e.getMessage());
        }
    }
}
