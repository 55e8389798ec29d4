package org.editgov.testsupport.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.editgov.testsupport.ProjectPaths;
import org.editgov.testsupport.k8s.Manifests.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each rule fails when broken: every test breaks one thing in a copy of the real manifests and
 * expects the violation that names it, so that a green KubernetesManifestsTest means something.
 */
class ManifestRulesTest {

    private static Manifests real;
    private static PlatformFacts facts;

    @BeforeAll
    static void read() {
        Path root = ProjectPaths.detect().root();
        real = Manifests.read(root.resolve("deploy/k8s"));
        facts = PlatformFacts.read(root);
    }

    @Test
    void aDocumentWithoutANameIsReported() {
        assertThat(violationsAfter("Service", "web-ui", doc -> Yamls.map(doc, "metadata").remove("name")))
                .anyMatch(v -> v.contains("no metadata.name"));
    }

    @Test
    void aContainerWithoutProbesOrLimitsIsReported() {
        List<String> violations = violationsAfter("Deployment", "request-api", doc -> {
            Map<String, Object> container = container(doc);
            container.remove("readinessProbe");
            Yamls.map(container, "resources").remove("limits");
        });
        assertThat(violations).anyMatch(v -> v.contains("readinessProbe must GET /q/health/ready"));
        assertThat(violations).anyMatch(v -> v.contains("no resources.limits.memory"));
    }

    @Test
    void aMisspeltContainerFieldIsReported() {
        assertThat(violationsAfter("Deployment", "web-ui", doc -> container(doc).put("readinessprobe", Map.of())))
                .anyMatch(v -> v.contains("unknown field readinessprobe"));
    }

    @Test
    void aRootOrWritableContainerIsReported() {
        List<String> violations = violationsAfter("Deployment", "audit-service", doc -> {
            Yamls.map(doc, "spec", "template", "spec", "securityContext").put("runAsNonRoot", false);
            Yamls.map(container(doc), "securityContext").put("readOnlyRootFilesystem", false);
        });
        assertThat(violations).anyMatch(v -> v.contains("runAsNonRoot is not true"));
        assertThat(violations).anyMatch(v -> v.contains("readOnlyRootFilesystem is not true"));
    }

    @Test
    void aPortThatDiffersFromApplicationPropertiesIsReported() {
        assertThat(violationsAfter("Deployment", "request-api",
                doc -> Yamls.maps(container(doc), "ports").get(0).put("containerPort", 8080)))
                .anyMatch(v -> v.contains("application.properties serves on 8081"));
    }

    @Test
    void aMisspeltOrMissingVariableIsReported() {
        List<String> violations = violationsAfter("Deployment", "request-api", doc ->
                Yamls.maps(container(doc), "env").stream()
                        .filter(v -> v.get("name").equals("REQUEST_API_DB_URL"))
                        .forEach(v -> v.put("name", "REQUEST_API_DATABASE_URL")));
        assertThat(violations).anyMatch(v -> v.contains("REQUEST_API_DATABASE_URL is read by nothing"));
        assertThat(violations).anyMatch(v -> v.contains("REQUEST_API_DB_URL is not set"));
    }

    @Test
    void aLiteralPasswordOrSecretDataIsReported() {
        List<String> violations = violationsAfter("Deployment", "audit-service", doc ->
                Yamls.maps(container(doc), "env").stream()
                        .filter(v -> v.get("name").equals("AUDIT_DB_PASSWORD"))
                        .forEach(v -> {
                            v.remove("valueFrom");
                            v.put("value", "audit");
                        }));
        assertThat(violations).anyMatch(v -> v.contains("AUDIT_DB_PASSWORD must come from a secretKeyRef"));

        Manifests withSecret = real.copy();
        Map<String, Object> secret = new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Secret",
                "metadata", Map.of("name", "editgov-db-audit"), "stringData", Map.of("password", "audit")));
        List<Manifest> all = new ArrayList<>(withSecret.all());
        all.add(new Manifest(withSecret.root().resolve("secret.yaml"), secret));
        assertThat(SecretRules.check(new Manifests(withSecret.root(), all)))
                .anyMatch(v -> v.contains("carries literal stringData"));
    }

    @Test
    void aSecondAuditWriterIsReported() {
        assertThat(violationsAfter("Deployment", "audit-service", doc -> Yamls.map(doc, "spec").put("replicas", 2)))
                .anyMatch(v -> v.contains("single writer"));
    }

    @Test
    void aWorkerWithoutGpuOrOnlineDjlIsReported() {
        List<String> violations = violationsAfter("Deployment", "editor-worker", doc -> {
            Yamls.map(container(doc), "resources", "limits").remove("nvidia.com/gpu");
            Yamls.maps(container(doc), "env").stream()
                    .filter(v -> v.get("name").equals("DJL_OFFLINE"))
                    .forEach(v -> v.put("value", "false"));
        });
        assertThat(violations).anyMatch(v -> v.contains("one nvidia.com/gpu"));
        assertThat(violations).anyMatch(v -> v.contains("DJL must run offline"));
    }

    @Test
    void aMissingTopicOrOtherPartitionCountIsReported() {
        Manifests copy = real.copy();
        List<Manifest> all = new ArrayList<>(copy.all());
        all.removeIf(m -> m.kind().equals("KafkaTopic") && m.name().equals("batch.failed"));
        all.stream().filter(m -> m.kind().equals("KafkaTopic") && m.name().equals("batch.requested"))
                .forEach(m -> Yamls.map(m.doc(), "spec").put("partitions", 3));
        List<String> violations = ManifestRules.violations(new Manifests(copy.root(), all), facts);
        assertThat(violations).anyMatch(v -> v.contains("differ from deploy/local's topics"));
        assertThat(violations).anyMatch(v -> v.contains("3 partitions, deploy/local makes 6"));
    }

    @Test
    void aRealmThatDriftsFromTheRealmFileIsReported() {
        assertThat(violationsAfter("KeycloakRealmImport", "edits", doc ->
                Yamls.maps(doc, "spec", "realm", "roles", "realm").get(0).put("name", "submitter")))
                .anyMatch(v -> v.contains("differs from deploy/keycloak/realm.json"));
    }

    @Test
    void aWrongServerAddressIsReported() {
        assertThat(violationsAfter("ConfigMap", "editgov-endpoints", doc ->
                Yamls.map(doc, "data").put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")))
                .anyMatch(v -> v.contains("none of Strimzi's plain bootstraps"));
    }

    @Test
    void aFileNoKustomizationListsIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                metadata: {name: test}
                resources: [listed.yaml, gone.yaml]
                """);
        Files.writeString(dir.resolve("listed.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        Files.writeString(dir.resolve("forgotten.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
        assertThat(StructureRules.check(Manifests.read(dir)))
                .anyMatch(v -> v.contains("forgotten.yaml is in no kustomization"))
                .anyMatch(v -> v.contains("lists gone.yaml, which does not exist"));
    }

    /** The violations of the real manifests after one document of them was changed. */
    private static List<String> violationsAfter(String kind, String name, Consumer<Map<String, Object>> change) {
        Manifests copy = real.copy();
        Manifest target = copy.find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name));
        change.accept(target.doc());
        return ManifestRules.violations(copy, facts);
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        return Yamls.maps(deployment, "spec", "template", "spec", "containers").get(0);
    }
}
