package org.editgov.testsupport;

import java.util.List;

/** The local PostgreSQL server and the services' databases on it. */
public record Postgres(String host, int port, List<String> databases) {

    public Postgres {
        databases = List.copyOf(databases);
    }

    /** One service's database; deploy/local gives each a role of the same name and password. */
    public Database database(String name) {
        if (!databases.contains(name)) {
            throw new IllegalArgumentException("no database " + name + " on the local server; it has " + databases);
        }
        return new Database(name, "jdbc:postgresql://" + host + ":" + port + "/" + name, name, name);
    }

    public record Database(String name, String jdbcUrl, String user, String password) {
    }
}
