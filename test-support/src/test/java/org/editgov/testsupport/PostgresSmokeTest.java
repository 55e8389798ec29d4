package org.editgov.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@RealServers
class PostgresSmokeTest {

    @Test
    void everyServiceDatabaseStoresAndReturnsARow(Postgres postgres) throws SQLException {
        assertThat(postgres.databases()).contains("request_api", "audit");
        for (String name : postgres.databases()) {
            Postgres.Database db = postgres.database(name);
            String value = name + "-" + UUID.randomUUID();
            try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                try (Statement ddl = connection.createStatement()) {
                    ddl.execute("CREATE TEMPORARY TABLE smoke (id serial PRIMARY KEY, value text NOT NULL)");
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO smoke (value) VALUES (?)")) {
                    insert.setString(1, value);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
                try (Statement query = connection.createStatement();
                        ResultSet rows = query.executeQuery("SELECT value, current_database(), current_user FROM smoke")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo(value);
                    assertThat(rows.getString(2)).isEqualTo(name);
                    assertThat(rows.getString(3)).isEqualTo(db.user());
                    assertThat(rows.next()).isFalse();
                }
            }
        }
    }

    @Test
    void theServiceRoleCanCreateTablesInItsOwnDatabase(Postgres postgres) throws SQLException {
        Postgres.Database db = postgres.database("request_api");
        String table = "smoke_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id int)");
            statement.execute("DROP TABLE " + table);
        }
    }

    @Test
    void aWrongPasswordIsRefused(Postgres postgres) {
        Postgres.Database db = postgres.database("audit");
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), "not-" + db.password()).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void anUnknownDatabaseIsAClearError(Postgres postgres) {
        assertThatThrownBy(() -> postgres.database("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no database nope");
    }
}
