package org.editgov.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real servers of deploy/local:
 * <pre>
 * &#64;QuarkusTestResource(value = RealServersTestResource.class, initArgs = {
 *     &#64;ResourceArg(name = "database", value = "request_api"),
 *     &#64;ResourceArg(name = "client", value = "request-api")})
 * </pre>
 * It sets the datasource (when a database is named), {@code kafka.bootstrap.servers}, and the
 * OIDC server, client id and secret (when a client is named). The servers keep running after
 * the tests, shared with other test runs.
 */
public class RealServersTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;
    private String client;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        client = initArgs.get("client");
    }

    @Override
    public Map<String, String> start() {
        Servers servers = Servers.shared();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", servers.kafka().bootstrapServers());
        config.put("quarkus.oidc.auth-server-url", servers.keycloak().issuer());
        if (database != null) {
            Postgres.Database db = servers.postgres().database(database);
            config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
            config.put("quarkus.datasource.username", db.user());
            config.put("quarkus.datasource.password", db.password());
        }
        if (client != null) {
            config.put("quarkus.oidc.client-id", client);
            config.put("quarkus.oidc.credentials.secret", servers.keycloak().clientSecret(client));
        }
        return config;
    }

    @Override
    public void stop() {
        // The servers belong to deploy/local and outlive this test run on purpose.
    }
}
