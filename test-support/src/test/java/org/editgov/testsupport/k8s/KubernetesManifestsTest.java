package org.editgov.testsupport.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.editgov.testsupport.ProjectPaths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No cluster runs here and the Kubernetes JSON schemas are not available offline, so deploy/k8s is
 * held structurally: every document parses and names itself, every container is bounded, probed
 * and locked down, and images, ports, variables, topics, databases and the realm agree with the
 * services' application.properties, deploy/local and deploy/keycloak. ManifestRulesTest shows each
 * rule failing on a broken copy.
 */
class KubernetesManifestsTest {

    private static Manifests manifests;
    private static PlatformFacts facts;

    @BeforeAll
    static void read() {
        Path root = ProjectPaths.detect().root();
        manifests = Manifests.read(root.resolve("deploy/k8s"));
        facts = PlatformFacts.read(root);
    }

    @Test
    void followsEveryRule() {
        assertThat(ManifestRules.violations(manifests, facts)).isEmpty();
    }

    @Test
    void definesTheFourServicesAndTheServersOperators() {
        for (String service : PlatformFacts.SERVICES) {
            assertThat(manifests.find("Deployment", service)).as("Deployment %s", service).isPresent();
            assertThat(manifests.find("Service", service)).as("Service %s", service).isPresent();
        }
        assertThat(manifests.find("Ingress", "web-ui")).isPresent();
        assertThat(manifests.ofKind("KafkaTopic")).hasSize(facts.topics().size());
        assertThat(manifests.ofKind("Kafka")).hasSize(1);
        assertThat(manifests.ofKind("Cluster")).hasSize(1);
        assertThat(manifests.ofKind("KeycloakRealmImport")).hasSize(1);
    }

    @Test
    void readsThePlatformFactsItChecksAgainst() {
        assertThat(facts.topics()).contains("batch.requested", "model.rollback.requested");
        assertThat(facts.partitions()).isPositive();
        assertThat(facts.databases()).contains("request_api", "audit");
        assertThat(facts.services().get("request-api").port()).isEqualTo(8081);
        assertThat(facts.services().get("request-api").requiredVariables())
                .contains("REQUEST_API_DB_URL", "KAFKA_BOOTSTRAP_SERVERS", "KEYCLOAK_URL", "EDITGOV_REQUEST_API_CLIENT_SECRET");
        assertThat(facts.services().get("editor-worker").knowsVariable("EDITGOV_WORKER_MODELS_ROOT")).isTrue();
        assertThat(facts.services().get("editor-worker").knowsVariable("EDITGOV_LOCAL_DIR")).isTrue();
        assertThat(facts.services().get("web-ui").knowsVariable("REQUEST_API_DB_URL")).isFalse();
    }
}
