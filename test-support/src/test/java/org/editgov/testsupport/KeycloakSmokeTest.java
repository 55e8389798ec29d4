package org.editgov.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@RealServers
class KeycloakSmokeTest {

    private static final Set<String> PLATFORM_ROLES = Set.of("proposer", "reviewer", "operator", "auditor");
    private static final List<String> SERVICE_CLIENTS = List.of("request-api", "editor-worker", "audit-service");

    @Test
    void theRealmFileDefinesThePlatformRolesAndDemoUsers(Keycloak keycloak) {
        RealmFile realm = keycloak.realmFile();
        assertThat(realm.realm()).isEqualTo(keycloak.realm()).isEqualTo("edits");
        assertThat(realm.realmRoles()).containsExactlyInAnyOrderElementsOf(PLATFORM_ROLES);
        assertThat(realm.users()).extracting(RealmFile.DemoUser::username)
                .containsExactlyInAnyOrder("alice", "bob", "olga", "ada", "sam");
        assertThat(realm.user("sam").realmRoles()).containsExactlyInAnyOrder("proposer", "reviewer");
        assertThat(realm.clientIds()).containsExactlyInAnyOrder("web-ui", "request-api", "editor-worker", "audit-service");
    }

    @Test
    void everyDemoUserGetsATokenCarryingExactlyTheRolesOfTheRealmFile(Keycloak keycloak) {
        for (RealmFile.DemoUser user : keycloak.realmFile().users()) {
            Token token = keycloak.passwordGrant(user.username(), user.password());
            Set<String> platformRoles = new HashSet<>(token.realmRoles());
            platformRoles.retainAll(PLATFORM_ROLES);
            assertThat(platformRoles).as("platform roles of %s", user.username())
                    .containsExactlyInAnyOrderElementsOf(user.realmRoles());
            assertThat(token.username()).isEqualTo(user.username());
            assertThat(token.issuer()).isEqualTo(keycloak.issuer());
            assertThat(token.authorizedParty()).isEqualTo(Keycloak.WEB_CLIENT);
            assertThat(token.audience()).as("services that accept %s's token", user.username())
                    .containsAll(SERVICE_CLIENTS);
        }
    }

    @Test
    void aWrongPasswordIsRefused(Keycloak keycloak) {
        RealmFile.DemoUser alice = keycloak.realmFile().user("alice");
        assertThatThrownBy(() -> keycloak.passwordGrant(alice.username(), alice.password() + "-wrong"))
                .isInstanceOfSatisfying(TokenRefusedException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(401);
                    assertThat(refused.error()).isEqualTo("invalid_grant");
                });
    }

    @Test
    void everyServiceClientGetsAServiceTokenWithItsGeneratedSecret(Keycloak keycloak) {
        for (String client : SERVICE_CLIENTS) {
            Token token = keycloak.clientCredentials(client);
            assertThat(token.authorizedParty()).isEqualTo(client);
            assertThat(token.issuer()).isEqualTo(keycloak.issuer());
            assertThat(token.audience()).containsAll(SERVICE_CLIENTS);
        }
    }

    @Test
    void aServiceClientWithAWrongSecretIsRefused(Keycloak keycloak) {
        assertThatThrownBy(() -> keycloak.clientCredentials("request-api", keycloak.clientSecret("audit-service")))
                .isInstanceOfSatisfying(TokenRefusedException.class,
                        refused -> assertThat(refused.error()).isEqualTo("unauthorized_client"));
    }

    @Test
    void theGeneratedSecretsAreNotTheRealmFilePlaceholders(Keycloak keycloak) {
        for (String client : SERVICE_CLIENTS) {
            assertThat(keycloak.clientSecret(client)).matches("[0-9a-f]{48}");
            assertThat(keycloak.toString()).contains(client).doesNotContain(keycloak.clientSecret(client));
        }
    }
}
