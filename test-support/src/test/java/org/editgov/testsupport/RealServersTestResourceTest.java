package org.editgov.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RealServersTestResourceTest {

    @Test
    void pointsQuarkusAtTheNamedDatabaseAndClient() {
        Servers servers = Servers.shared();
        RealServersTestResource resource = new RealServersTestResource();
        resource.init(Map.of("database", "audit", "client", "audit-service"));

        Map<String, String> config = resource.start();

        Postgres.Database audit = servers.postgres().database("audit");
        assertThat(config)
                .containsEntry("quarkus.datasource.jdbc.url", audit.jdbcUrl())
                .containsEntry("quarkus.datasource.username", "audit")
                .containsEntry("quarkus.datasource.password", audit.password())
                .containsEntry("kafka.bootstrap.servers", servers.kafka().bootstrapServers())
                .containsEntry("quarkus.oidc.auth-server-url", servers.keycloak().issuer())
                .containsEntry("quarkus.oidc.client-id", "audit-service")
                .containsEntry("quarkus.oidc.credentials.secret", servers.keycloak().clientSecret("audit-service"));
        // The secret it hands over is the one Keycloak accepts.
        assertThat(servers.keycloak().clientCredentials("audit-service", config.get("quarkus.oidc.credentials.secret"))
                .authorizedParty()).isEqualTo("audit-service");
    }

    @Test
    void withoutArgumentsItSetsOnlyTheSharedServers() {
        RealServersTestResource resource = new RealServersTestResource();
        resource.init(Map.of());

        assertThat(resource.start().keySet())
                .containsExactlyInAnyOrder("kafka.bootstrap.servers", "quarkus.oidc.auth-server-url");
    }
}
