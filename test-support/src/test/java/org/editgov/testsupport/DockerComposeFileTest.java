package org.editgov.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.editgov.testsupport.k8s.PlatformFacts;
import org.editgov.testsupport.k8s.PlatformFacts.ServiceConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run on our machines (no Docker engine), so this test holds it to the
 * stack that deploy/local runs: the same servers, ports, databases, topics and realm file, and
 * each service on the port of its own application.properties.
 */
class DockerComposeFileTest {

    private static final List<String> SERVICES = List.of("request-api", "editor-worker", "audit-service", "web-ui");

    private static Path root;
    private static Map<String, Map<String, Object>> compose;
    private static String localSettings;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readFiles() throws IOException {
        root = ProjectPaths.detect().root();
        try (Reader reader = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            Map<String, Object> file = new Yaml().load(reader);
            compose = (Map<String, Map<String, Object>>) file.get("services");
        }
        localSettings = Files.readString(root.resolve("deploy/local/lib.sh"));
    }

    @Test
    void namesEveryServerAndService() {
        assertThat(compose.keySet()).contains("postgres", "kafka", "keycloak");
        assertThat(compose.keySet()).containsAll(SERVICES);
    }

    @Test
    void publishesTheServersOnTheirLocalPortsOnLoopback() {
        assertThat(hostPorts("postgres")).containsExactly(localSetting("PG_PORT"));
        assertThat(hostPorts("kafka")).containsExactly(localSetting("KAFKA_PORT"));
        assertThat(hostPorts("keycloak")).containsExactly(localSetting("KEYCLOAK_PORT"));
        for (String service : compose.keySet()) {
            for (Object port : list(compose.get(service).get("ports"))) {
                assertThat(port.toString()).as("port of %s", service).startsWith("127.0.0.1:");
            }
        }
    }

    @Test
    void publishesEachServiceOnThePortOfItsApplicationProperties() throws IOException {
        for (String service : SERVICES) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(root.resolve(service + "/src/main/resources/application.properties"))) {
                properties.load(reader);
            }
            String port = properties.getProperty("quarkus.http.port");
            assertThat(hostPorts(service)).as("published port of %s", service).containsExactly(port);
            assertThat(String.valueOf(environment(service).get("QUARKUS_HTTP_PORT"))).isEqualTo(port);
            assertThat(list(compose.get(service).get("volumes")))
                    .contains("./" + service + "/target/quarkus-app:/app:ro");
        }
    }

    @Test
    void importsTheRealmFileOfDeployLocalWithEverySecretItNames() throws IOException {
        Map<String, Object> keycloak = compose.get("keycloak");
        assertThat(list(keycloak.get("command"))).contains("--import-realm");
        String mount = list(keycloak.get("volumes")).stream()
                .map(Object::toString)
                .filter(volume -> volume.contains("/opt/keycloak/data/import/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("keycloak mounts no realm into /opt/keycloak/data/import"));
        assertThat(mount).startsWith("./deploy/keycloak/realm.json:");
        assertThat(root.resolve("deploy/keycloak/realm.json")).isRegularFile();

        Matcher placeholders = Pattern.compile("\\$\\{(EDITGOV_[A-Z_]+)}")
                .matcher(Files.readString(root.resolve("deploy/keycloak/realm.json")));
        Set<String> named = new LinkedHashSet<>();
        while (placeholders.find()) {
            named.add(placeholders.group(1));
        }
        assertThat(named).hasSize(3);
        assertThat(environment("keycloak").keySet()).containsAll(named);
    }

    @Test
    void createsTheSameDatabasesAndTopicsAsDeployLocal() throws IOException {
        String initSql = Files.readString(root.resolve("deploy/docker/postgres-init.sql"));
        assertThat(list(compose.get("postgres").get("volumes")).toString()).contains("./deploy/docker/postgres-init.sql:");
        for (String database : localArray("SERVICE_DATABASES")) {
            assertThat(initSql).contains("CREATE DATABASE " + database + " OWNER " + database + ";");
        }
        String topicCommand = list(compose.get("kafka-topics").get("command")).toString();
        List<String> words = Arrays.asList(topicCommand.split("[\\s;]+"));
        assertThat(words).containsAll(localArray("KAFKA_TOPICS"));
        assertThat(topicCommand).contains("--partitions " + localSetting("KAFKA_PARTITIONS"));
    }

    /** Read by the JVM, Quarkus' OIDC extension or DJL, though no application.properties names them. */
    private static final Set<String> PLATFORM_VARIABLES = Set.of("QUARKUS_OIDC_TOKEN_ISSUER", "JAVA_TOOL_OPTIONS");
    private static final Set<String> DJL_VARIABLES = Set.of("OPT_OUT_TRACKING", "DJL_CACHE_DIR");

    @Test
    void setsTheVariablesEachServiceReadsAndNoOthers() {
        PlatformFacts facts = PlatformFacts.read(root);
        for (ServiceConfig config : facts.services().values()) {
            Set<String> names = environment(config.name()).keySet();
            for (String name : names) {
                boolean known = config.knowsVariable(name) || PLATFORM_VARIABLES.contains(name)
                        || (config.name().equals("editor-worker") && DJL_VARIABLES.contains(name));
                assertThat(known).as("%s sets %s, which its application.properties does not read", config.name(), name).isTrue();
            }
            // Defaults on 127.0.0.1 or empty (secrets) cannot work from inside a container.
            assertThat(names).as("variables of %s", config.name()).containsAll(config.requiredVariables());
            assertThat(environment(config.name())).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
        }
    }

    @Test
    void givesTheWorkerItsModelsAndDataAndKeepsDjlOffline() {
        Map<String, Object> worker = environment("editor-worker");
        assertThat(String.valueOf(worker.get("JAVA_TOOL_OPTIONS"))).contains("-Dai.djl.offline=true");
        List<String> volumes = list(compose.get("editor-worker").get("volumes")).stream().map(Object::toString).toList();
        assertThat(volumes).contains("./models:" + worker.get("EDITGOV_WORKER_MODELS_ROOT") + ":ro");
        String counterfact = String.valueOf(worker.get("EDITGOV_WORKER_COUNTERFACT"));
        assertThat(volumes).anySatisfy(volume -> {
            String[] parts = volume.split(":");
            assertThat(counterfact).startsWith(parts[1] + "/");
            assertThat(root.resolve(parts[0]).resolve(counterfact.substring(parts[1].length() + 1))).isRegularFile();
        });
        assertThat(volumes).anyMatch(volume -> volume.endsWith(":" + worker.get("EDITGOV_ARTIFACTS")));
        assertThat(list(compose.get("audit-service").get("volumes")).stream().map(Object::toString))
                .anyMatch(volume -> volume.endsWith(":" + environment("audit-service").get("AUDIT_KEY_DIR")));
    }

    private static List<String> hostPorts(String service) {
        List<String> ports = new ArrayList<>();
        for (Object mapping : list(compose.get(service).get("ports"))) {
            String[] parts = mapping.toString().split(":");
            ports.add(parts[parts.length - 2]);
        }
        return ports;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) compose.get(service).get("environment");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    /** A scalar setting of deploy/local/lib.sh, e.g. {@code PG_PORT=${EDITGOV_PG_PORT:-55432}}: its default. */
    private static String localSetting(String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "=(?:\\$\\{\\w+:-)?([^\\s}]+)}?$").matcher(localSettings);
        assertThat(matcher.find()).as("%s in deploy/local/lib.sh", name).isTrue();
        return matcher.group(1);
    }

    /** An array setting of deploy/local/lib.sh, e.g. {@code KAFKA_TOPICS=(a b c)}. */
    private static List<String> localArray(String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "=\\(([^)]*)\\)").matcher(localSettings);
        assertThat(matcher.find()).as("%s in deploy/local/lib.sh", name).isTrue();
        return Arrays.stream(matcher.group(1).trim().split("\\s+")).toList();
    }
}
