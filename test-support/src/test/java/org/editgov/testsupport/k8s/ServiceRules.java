package org.editgov.testsupport.k8s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.editgov.testsupport.k8s.Manifests.Manifest;
import org.editgov.testsupport.k8s.PlatformFacts.ServiceConfig;

/**
 * Holds each service's Deployment and Service to its application.properties: image, port, the
 * environment variables it reads, the volumes its writable paths need, and the scaling each
 * service allows (request-api several replicas, audit-service a single writer, the worker one GPU
 * with DJL offline).
 */
final class ServiceRules {

    /** Variables that no application.properties names but the JVM or a Quarkus extension reads. */
    private static final Set<String> PLATFORM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "QUARKUS_OIDC_TOKEN_ISSUER");

    /** DJL's own settings (DJL's configuration docs), read by the worker's engine only. */
    private static final Set<String> DJL_VARIABLES = Set.of("DJL_OFFLINE", "OPT_OUT_TRACKING", "PYTORCH_FLAVOR",
            "PYTORCH_VERSION", "PYTORCH_LIBRARY_PATH", "DJL_CACHE_DIR");

    /** Paths a service writes and must keep: they need a volume that outlives the pod. */
    private static final Map<String, String> KEPT_PATHS = Map.of("editor-worker", "EDITGOV_ARTIFACTS", "audit-service", "AUDIT_KEY_DIR");

    private ServiceRules() {
    }

    static List<String> check(Manifests manifests, PlatformFacts facts) {
        List<String> violations = new ArrayList<>();
        for (ServiceConfig config : facts.services().values()) {
            Optional<Manifest> deployment = manifests.find("Deployment", config.name());
            if (deployment.isEmpty()) {
                violations.add("no Deployment " + config.name());
                continue;
            }
            List<Map<String, Object>> containers = Yamls.maps(deployment.get().doc(), "spec", "template", "spec", "containers");
            if (containers.size() != 1) {
                violations.add(deployment.get().where() + ": expected one container, found " + containers.size());
                continue;
            }
            Map<String, Object> container = containers.get(0);
            String where = deployment.get().where();
            violations.addAll(image(where, config, container));
            violations.addAll(port(where, config, container));
            violations.addAll(environment(where, config, container, manifests));
            violations.addAll(service(manifests, deployment.get(), config));
            violations.addAll(keptPath(where, config, deployment.get(), manifests));
        }
        violations.addAll(scaling(manifests));
        violations.addAll(ingresses(manifests));
        return violations;
    }

    private static List<String> image(String where, ServiceConfig config, Map<String, Object> container) {
        String image = String.valueOf(container.get("image"));
        String repository = image.replaceFirst("[:@].*$", "");
        String last = repository.substring(repository.lastIndexOf('/') + 1);
        if (!last.equals(config.name()) && !last.equals(config.name() + "-cuda")) {
            return List.of(where + ": image " + image + " is not the " + config.name() + " image");
        }
        return List.of();
    }

    private static List<String> port(String where, ServiceConfig config, Map<String, Object> container) {
        List<String> violations = new ArrayList<>();
        List<Object> ports = Yamls.maps(container, "ports").stream().map(p -> p.get("containerPort")).toList();
        if (!ports.equals(List.of(config.port()))) {
            violations.add(where + ": container ports " + ports + ", but application.properties serves on " + config.port());
        }
        Map<String, Map<String, Object>> env = env(container);
        if (env.containsKey("QUARKUS_HTTP_PORT") && !String.valueOf(config.port()).equals(String.valueOf(env.get("QUARKUS_HTTP_PORT").get("value")))) {
            violations.add(where + ": QUARKUS_HTTP_PORT " + env.get("QUARKUS_HTTP_PORT").get("value") + " is not " + config.port());
        }
        // application.properties binds 127.0.0.1 for local runs; a pod must listen on every address.
        if (!"0.0.0.0".equals(Yamls.string(env.get("QUARKUS_HTTP_HOST"), "value"))) {
            violations.add(where + ": QUARKUS_HTTP_HOST must be 0.0.0.0, or probes and the Service cannot reach it");
        }
        return violations;
    }

    private static List<String> environment(String where, ServiceConfig config, Map<String, Object> container, Manifests manifests) {
        List<String> violations = new ArrayList<>();
        Map<String, Map<String, Object>> env = env(container);
        Map<String, Map<String, Object>> configMaps = manifests.configMaps();
        for (Map.Entry<String, Map<String, Object>> variable : env.entrySet()) {
            String name = variable.getKey();
            boolean known = config.knowsVariable(name) || PLATFORM_VARIABLES.contains(name)
                    || (config.name().equals("editor-worker") && DJL_VARIABLES.contains(name));
            if (!known) {
                violations.add(where + ": " + name + " is read by nothing in " + config.name() + "'s application.properties");
            }
            Object mapName = Yamls.at(variable.getValue(), "valueFrom", "configMapKeyRef", "name");
            Object mapKey = Yamls.at(variable.getValue(), "valueFrom", "configMapKeyRef", "key");
            if (mapName != null && !configMaps.getOrDefault(mapName.toString(), Map.of()).containsKey(String.valueOf(mapKey))) {
                violations.add(where + ": " + name + " refers to ConfigMap " + mapName + " key " + mapKey + ", which no manifest defines");
            }
        }
        for (String required : config.requiredVariables()) {
            if (!env.containsKey(required)) {
                violations.add(where + ": " + required + " is not set, and its local default cannot work in a cluster");
            }
        }
        return violations;
    }

    private static List<String> service(Manifests manifests, Manifest deployment, ServiceConfig config) {
        Optional<Manifest> service = manifests.find("Service", config.name());
        if (service.isEmpty()) {
            return List.of("no Service " + config.name());
        }
        List<String> violations = new ArrayList<>();
        Map<String, Object> podLabels = Yamls.map(deployment.doc(), "spec", "template", "metadata", "labels");
        Map<String, Object> selector = Yamls.map(service.get().doc(), "spec", "selector");
        if (selector.isEmpty() || !podLabels.entrySet().containsAll(selector.entrySet())) {
            violations.add(service.get().where() + ": selector " + selector + " does not select the pods of " + deployment.where());
        }
        Map<String, Object> container = Yamls.maps(deployment.doc(), "spec", "template", "spec", "containers").get(0);
        Set<Object> containerPorts = new HashSet<>();
        Yamls.maps(container, "ports").forEach(p -> {
            containerPorts.add(p.get("name"));
            containerPorts.add(p.get("containerPort"));
        });
        for (Map<String, Object> port : Yamls.maps(service.get().doc(), "spec", "ports")) {
            if (!Integer.valueOf(config.port()).equals(port.get("port"))) {
                violations.add(service.get().where() + ": port " + port.get("port") + " is not the service's port " + config.port());
            }
            if (!containerPorts.contains(port.get("targetPort"))) {
                violations.add(service.get().where() + ": targetPort " + port.get("targetPort") + " is none of the container's ports");
            }
        }
        return violations;
    }

    private static List<String> keptPath(String where, ServiceConfig config, Manifest deployment, Manifests manifests) {
        String variable = KEPT_PATHS.get(config.name());
        if (variable == null) {
            return List.of();
        }
        Map<String, Object> container = Yamls.maps(deployment.doc(), "spec", "template", "spec", "containers").get(0);
        String path = Yamls.string(env(container).get(variable), "value");
        if (path == null) {
            return List.of(where + ": " + variable + " is not set; the default lies on the read-only root file system");
        }
        for (Map<String, Object> mount : Yamls.maps(container, "volumeMounts")) {
            if (path.startsWith(String.valueOf(mount.get("mountPath")))) {
                Map<String, Object> volume = Yamls.maps(deployment.doc(), "spec", "template", "spec", "volumes").stream()
                        .filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElse(Map.of());
                String claim = Yamls.string(volume, "persistentVolumeClaim", "claimName");
                if (claim == null || manifests.find("PersistentVolumeClaim", claim).isEmpty()) {
                    return List.of(where + ": " + variable + " " + path + " is on volume " + mount.get("name") + ", which is no PersistentVolumeClaim defined here");
                }
                return List.of();
            }
        }
        return List.of(where + ": " + variable + " " + path + " is on no mounted volume");
    }

    private static List<String> scaling(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        manifests.find("Deployment", "request-api").ifPresent(api -> {
            if (!(Yamls.at(api.doc(), "spec", "replicas") instanceof Integer replicas) || replicas < 3) {
                violations.add(api.where() + ": request-api runs at least 3 replicas");
            }
        });
        manifests.find("Deployment", "audit-service").ifPresent(audit -> {
            if (!Integer.valueOf(1).equals(Yamls.at(audit.doc(), "spec", "replicas"))) {
                violations.add(audit.where() + ": the audit log has a single writer: replicas must be 1");
            }
            if (!"Recreate".equals(Yamls.string(audit.doc(), "spec", "strategy", "type"))) {
                violations.add(audit.where() + ": strategy must be Recreate, or a rollout runs two writers at once");
            }
        });
        for (Manifest hpa : manifests.ofKind("HorizontalPodAutoscaler")) {
            String target = Yamls.string(hpa.doc(), "spec", "scaleTargetRef", "name");
            if (manifests.find(Yamls.string(hpa.doc(), "spec", "scaleTargetRef", "kind"), String.valueOf(target)).isEmpty()) {
                violations.add(hpa.where() + ": scales " + target + ", which is not defined here");
            }
            if ("audit-service".equals(target)) {
                violations.add(hpa.where() + ": the audit log has a single writer and must not be autoscaled");
            }
        }
        manifests.find("Deployment", "editor-worker").ifPresent(worker -> violations.addAll(worker(worker)));
        return violations;
    }

    private static List<String> worker(Manifest worker) {
        List<String> violations = new ArrayList<>();
        Map<String, Object> container = Yamls.maps(worker.doc(), "spec", "template", "spec", "containers").get(0);
        Map<String, Object> limits = Yamls.map(container, "resources", "limits");
        if (!"1".equals(String.valueOf(limits.get("nvidia.com/gpu")))) {
            violations.add(worker.where() + ": the worker asks for one nvidia.com/gpu, found " + limits.get("nvidia.com/gpu"));
        }
        Map<String, Map<String, Object>> env = env(container);
        String javaOptions = String.valueOf(Yamls.string(env.get("JAVA_TOOL_OPTIONS"), "value"));
        if (!javaOptions.contains("-Dai.djl.offline=true") || !"true".equals(Yamls.string(env.get("DJL_OFFLINE"), "value"))) {
            violations.add(worker.where() + ": DJL must run offline (-Dai.djl.offline=true and DJL_OFFLINE=true)");
        }
        if (!String.valueOf(Yamls.string(env.get("PYTORCH_FLAVOR"), "value")).startsWith("cu")) {
            violations.add(worker.where() + ": PYTORCH_FLAVOR must force a CUDA flavour of PyTorch");
        }
        return violations;
    }

    private static List<String> ingresses(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (Manifest ingress : manifests.ofKind("Ingress")) {
            for (Map<String, Object> rule : Yamls.maps(ingress.doc(), "spec", "rules")) {
                for (Map<String, Object> path : Yamls.maps(rule, "http", "paths")) {
                    String name = Yamls.string(path, "backend", "service", "name");
                    Object port = Yamls.at(path, "backend", "service", "port", "name");
                    Object number = Yamls.at(path, "backend", "service", "port", "number");
                    Optional<Manifest> service = manifests.find("Service", String.valueOf(name));
                    boolean portFound = service.isPresent() && Yamls.maps(service.get().doc(), "spec", "ports").stream()
                            .anyMatch(p -> (port != null && port.equals(p.get("name"))) || (number != null && number.equals(p.get("port"))));
                    if (!portFound) {
                        violations.add(ingress.where() + ": backend " + name + ":" + (port != null ? port : number) + " is no Service port defined here");
                    }
                }
            }
        }
        return violations;
    }

    static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new java.util.LinkedHashMap<>();
        Yamls.maps(container, "env").forEach(variable -> env.put(String.valueOf(variable.get("name")), variable));
        return env;
    }
}
