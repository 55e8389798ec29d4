package org.editgov.testsupport.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.editgov.testsupport.ProjectPaths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No cluster runs here and the Kubernetes JSON schemas are not available offline, so deploy/k8s is
 * held structurally: every document parses and names itself, every container is bounded, probed
 * and locked down, and images, ports, variables, topics, databases and the realm agree with the
 * services' application.properties, deploy/local and deploy/keycloak. ManifestRulesTest shows each
 * rule failing on a broken copy.
 */
class KubernetesManifestsTest {

    private static Path root;
    private static Manifests manifests;
    private static PlatformFacts facts;

    @BeforeAll
    static void read() {
        root = ProjectPaths.detect().root();
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

    /**
     * What kubectl would apply: both kustomizations render, every object lands in namespace editgov,
     * and every image got the tag of kustomization.yaml's images list (an image name that list
     * misses would be pulled untagged, as :latest).
     */
    @Test
    @SuppressWarnings("unchecked")
    void kustomizeRendersBothFoldersIntoTheNamespaceWithTaggedImages() throws Exception {
        Optional<Path> kubectl = Kustomize.kubectl();
        assumeTrue(kubectl.isPresent(), "no kubectl on PATH: kustomize rendering not checked");
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (String dir : List.of("deploy/k8s", "deploy/k8s/servers")) {
            for (Object doc : new Yaml().loadAll(Kustomize.render(kubectl.get(), root.resolve(dir)))) {
                rendered.add((Map<String, Object>) doc);
            }
        }
        long declared = manifests.all().stream().filter(m -> !m.kind().equals("Kustomization")).count();
        assertThat(rendered).hasSize((int) declared);
        for (Map<String, Object> object : rendered) {
            if (!"Namespace".equals(object.get("kind"))) {
                assertThat(Yamls.string(object, "metadata", "namespace")).as("namespace of %s", Yamls.string(object, "metadata", "name")).isEqualTo("editgov");
            }
            for (Map<String, Object> container : Yamls.maps(object, "spec", "template", "spec", "containers")) {
                assertThat(String.valueOf(container.get("image"))).as("image of %s", container.get("name")).matches(".+:[^/]+");
            }
        }
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
