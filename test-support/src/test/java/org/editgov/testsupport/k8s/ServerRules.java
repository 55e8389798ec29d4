package org.editgov.testsupport.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.editgov.testsupport.k8s.Manifests.Manifest;

/**
 * Holds the operators' resources (deploy/k8s/servers) to deploy/local and to the services'
 * endpoints: the same topics and partitions, the same databases and owners, the realm of
 * deploy/keycloak/realm.json, and a ConfigMap that names the Services those operators create.
 */
final class ServerRules {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which endpoint variable points at which database of deploy/local. */
    private static final Map<String, String> DATABASE_URLS = Map.of("REQUEST_API_DB_URL", "request_api", "AUDIT_DB_URL", "audit");

    private ServerRules() {
    }

    static List<String> check(Manifests manifests, PlatformFacts facts) {
        Map<String, Object> endpoints = manifests.configMaps().getOrDefault("editgov-endpoints", Map.of());
        List<String> violations = new ArrayList<>();
        if (endpoints.isEmpty()) {
            violations.add("no ConfigMap editgov-endpoints");
        }
        violations.addAll(kafka(manifests, facts, endpoints));
        violations.addAll(postgres(manifests, facts, endpoints));
        violations.addAll(keycloak(manifests, facts, endpoints));
        return violations;
    }

    private static List<String> kafka(Manifests manifests, PlatformFacts facts, Map<String, Object> endpoints) {
        List<String> violations = new ArrayList<>();
        List<Manifest> clusters = manifests.ofKind("Kafka");
        if (clusters.size() != 1) {
            return List.of("expected one Strimzi Kafka, found " + clusters.size());
        }
        Manifest kafka = clusters.get(0);
        Set<String> topics = new LinkedHashSet<>();
        for (Manifest topic : manifests.ofKind("KafkaTopic")) {
            String name = Optional.ofNullable(Yamls.string(topic.doc(), "spec", "topicName")).orElse(topic.name());
            topics.add(name);
            if (!Integer.valueOf(facts.partitions()).equals(Yamls.at(topic.doc(), "spec", "partitions"))) {
                violations.add(topic.where() + ": " + Yamls.at(topic.doc(), "spec", "partitions") + " partitions, deploy/local makes " + facts.partitions());
            }
            if (!kafka.name().equals(Yamls.string(topic.doc(), "metadata", "labels", "strimzi.io/cluster"))) {
                violations.add(topic.where() + ": label strimzi.io/cluster does not name the Kafka " + kafka.name());
            }
        }
        if (!topics.equals(new LinkedHashSet<>(facts.topics()))) {
            violations.add("KafkaTopics " + topics + " differ from deploy/local's topics " + facts.topics());
        }
        List<String> bootstraps = Yamls.maps(kafka.doc(), "spec", "kafka", "listeners").stream()
                .filter(listener -> Boolean.FALSE.equals(listener.get("tls")))
                .map(listener -> kafka.name() + "-kafka-bootstrap:" + listener.get("port"))
                .toList();
        if (!bootstraps.contains(String.valueOf(endpoints.get("KAFKA_BOOTSTRAP_SERVERS")))) {
            violations.add("KAFKA_BOOTSTRAP_SERVERS " + endpoints.get("KAFKA_BOOTSTRAP_SERVERS") + " is none of Strimzi's plain bootstraps " + bootstraps);
        }
        return violations;
    }

    private static List<String> postgres(Manifests manifests, PlatformFacts facts, Map<String, Object> endpoints) {
        List<String> violations = new ArrayList<>();
        List<Manifest> clusters = manifests.ofKind("Cluster");
        if (clusters.size() != 1) {
            return List.of("expected one CloudNativePG Cluster, found " + clusters.size());
        }
        Manifest cluster = clusters.get(0);
        Map<String, String> owners = new java.util.LinkedHashMap<>();
        owners.put(Yamls.string(cluster.doc(), "spec", "bootstrap", "initdb", "database"), Yamls.string(cluster.doc(), "spec", "bootstrap", "initdb", "owner"));
        for (Manifest database : manifests.ofKind("Database")) {
            owners.put(Yamls.string(database.doc(), "spec", "name"), Yamls.string(database.doc(), "spec", "owner"));
            if (!cluster.name().equals(Yamls.string(database.doc(), "spec", "cluster", "name"))) {
                violations.add(database.where() + ": belongs to no Cluster defined here");
            }
        }
        for (String database : facts.databases()) {
            if (!database.equals(owners.get(database))) {
                violations.add("database " + database + " of deploy/local is not created owned by role " + database + " (found " + owners + ")");
            }
        }
        for (Map.Entry<String, String> url : DATABASE_URLS.entrySet()) {
            String expected = "jdbc:postgresql://" + cluster.name() + "-rw:5432/" + url.getValue();
            if (!facts.databases().contains(url.getValue()) || !expected.equals(endpoints.get(url.getKey()))) {
                violations.add(url.getKey() + " " + endpoints.get(url.getKey()) + " is not " + expected);
            }
        }
        return violations;
    }

    private static List<String> keycloak(Manifests manifests, PlatformFacts facts, Map<String, Object> endpoints) {
        List<String> violations = new ArrayList<>();
        List<Manifest> keycloaks = manifests.ofKind("Keycloak");
        List<Manifest> imports = manifests.ofKind("KeycloakRealmImport");
        if (keycloaks.size() != 1 || imports.size() != 1) {
            return List.of("expected one Keycloak and one KeycloakRealmImport, found " + keycloaks.size() + " and " + imports.size());
        }
        Manifest keycloak = keycloaks.get(0);
        Manifest realmImport = imports.get(0);
        if (!keycloak.name().equals(Yamls.string(realmImport.doc(), "spec", "keycloakCRName"))) {
            violations.add(realmImport.where() + ": keycloakCRName does not name the Keycloak " + keycloak.name());
        }
        JsonNode imported = JSON.valueToTree(Yamls.map(realmImport.doc(), "spec", "realm"));
        if (imported.has("users")) {
            violations.add(realmImport.where() + ": imports users; the demo logins are for local use only");
        }
        if (!withoutClusterDifferences(imported).equals(withoutClusterDifferences(facts.realm()))) {
            violations.add(realmImport.where() + ": the realm differs from deploy/keycloak/realm.json beyond users and web-ui's URLs and grant");
        }
        String realm = facts.realm().path("realm").asText();
        String hostname = Yamls.string(keycloak.doc(), "spec", "hostname", "hostname");
        if (!(hostname + "/realms/" + realm).equals(endpoints.get("QUARKUS_OIDC_TOKEN_ISSUER"))) {
            violations.add("QUARKUS_OIDC_TOKEN_ISSUER " + endpoints.get("QUARKUS_OIDC_TOKEN_ISSUER") + " is not Keycloak's public issuer " + hostname + "/realms/" + realm);
        }
        if (!String.valueOf(hostname).equals(endpoints.get("KEYCLOAK_PUBLIC_URL"))) {
            violations.add("KEYCLOAK_PUBLIC_URL " + endpoints.get("KEYCLOAK_PUBLIC_URL") + " is not Keycloak's hostname " + hostname);
        }
        String internal = "http://" + keycloak.name() + "-service:8080";
        if (!Boolean.TRUE.equals(Yamls.at(keycloak.doc(), "spec", "http", "httpEnabled")) || !internal.equals(endpoints.get("KEYCLOAK_URL"))) {
            violations.add("KEYCLOAK_URL " + endpoints.get("KEYCLOAK_URL") + " is not the operator's HTTP Service " + internal);
        }
        Set<String> hosts = new LinkedHashSet<>();
        manifests.find("Ingress", "web-ui").ifPresent(ingress ->
                Yamls.maps(ingress.doc(), "spec", "rules").forEach(rule -> hosts.add(String.valueOf(rule.get("host")))));
        for (JsonNode client : imported.path("clients")) {
            if (client.path("clientId").asText().equals("web-ui")) {
                for (JsonNode uri : client.path("redirectUris")) {
                    if (!hosts.contains(URI.create(uri.asText().replace("*", "")).getHost())) {
                        violations.add(realmImport.where() + ": web-ui redirect URI " + uri.asText() + " is on no host of the web-ui Ingress " + hosts);
                    }
                }
            }
        }
        return violations;
    }

    /** The realm less what a cluster must change: users, and the browser client's URLs and password grant. */
    private static JsonNode withoutClusterDifferences(JsonNode realm) {
        ObjectNode copy = realm.deepCopy();
        copy.remove("users");
        for (JsonNode client : copy.path("clients")) {
            if (client.path("clientId").asText().equals("web-ui")) {
                ((ObjectNode) client).remove(List.of("redirectUris", "webOrigins", "directAccessGrantsEnabled"));
                if (client.path("attributes") instanceof ObjectNode attributes) {
                    attributes.remove("post.logout.redirect.uris");
                }
            }
        }
        return copy;
    }
}
