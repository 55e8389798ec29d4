package org.editgov.testsupport.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the manifests must agree with, read from the files that define it: each service's
 * application.properties, deploy/local/lib.sh (topics, partitions, databases) and
 * deploy/keycloak/realm.json.
 */
public record PlatformFacts(Map<String, ServiceConfig> services, List<String> topics, int partitions,
                            List<String> databases, JsonNode realm) {

    public static final List<String> SERVICES = List.of("request-api", "editor-worker", "audit-service", "web-ui");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    /**
     * One service's configuration: its HTTP port, the environment variables its properties name as
     * {@code ${NAME:default}} (with the default), and its property keys.
     */
    public record ServiceConfig(String name, int port, Map<String, String> placeholders, List<String> keys) {

        /** Quarkus reads property {@code a.b-c} from variable {@code A_B_C} as well. */
        public boolean knowsVariable(String variable) {
            return placeholders.containsKey(variable)
                    || keys.stream().anyMatch(key -> key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase().equals(variable));
        }

        /** Variables whose local default cannot work in a cluster: a loopback address or nothing (secrets). */
        public List<String> requiredVariables() {
            return placeholders.entrySet().stream()
                    .filter(e -> e.getValue().isEmpty() || e.getValue().contains("127.0.0.1"))
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }

    public static PlatformFacts read(Path root) {
        try {
            Map<String, ServiceConfig> services = new LinkedHashMap<>();
            for (String service : SERVICES) {
                services.put(service, serviceConfig(service, root.resolve(service + "/src/main/resources/application.properties")));
            }
            String lib = Files.readString(root.resolve("deploy/local/lib.sh"));
            return new PlatformFacts(services, localArray(lib, "KAFKA_TOPICS"), Integer.parseInt(localSetting(lib, "KAFKA_PARTITIONS")),
                    localArray(lib, "SERVICE_DATABASES"), new ObjectMapper().readTree(root.resolve("deploy/keycloak/realm.json").toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServiceConfig serviceConfig(String service, Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> placeholders = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            // Restart just inside each match, so that nested placeholders (${A:${B:x}}) are found too.
            Matcher matcher = PLACEHOLDER.matcher(properties.getProperty(key));
            int from = 0;
            while (matcher.find(from)) {
                placeholders.putIfAbsent(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2));
                from = matcher.start() + 2;
            }
        }
        // A nested default such as ${A:${B:x}} leaves "${B" as A's default: the inner one is the real default.
        placeholders.replaceAll((name, value) -> value.startsWith("${") ? "nested" : value);
        List<String> keys = properties.stringPropertyNames().stream().filter(key -> !key.startsWith("%")).sorted().toList();
        return new ServiceConfig(service, Integer.parseInt(properties.getProperty("quarkus.http.port")), placeholders, keys);
    }

    /** A scalar setting of deploy/local/lib.sh, e.g. {@code KAFKA_PARTITIONS=6}. */
    private static String localSetting(String lib, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "=(?:\\$\\{\\w+:-)?([^\\s}]+)}?$").matcher(lib);
        if (!matcher.find()) {
            throw new IllegalStateException(name + " is not set in deploy/local/lib.sh");
        }
        return matcher.group(1);
    }

    /** An array setting of deploy/local/lib.sh, e.g. {@code KAFKA_TOPICS=(a b c)}, possibly over several lines. */
    private static List<String> localArray(String lib, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "=\\(([^)]*)\\)").matcher(lib);
        if (!matcher.find()) {
            throw new IllegalStateException(name + " is not set in deploy/local/lib.sh");
        }
        return Arrays.stream(matcher.group(1).trim().split("\\s+")).toList();
    }
}
