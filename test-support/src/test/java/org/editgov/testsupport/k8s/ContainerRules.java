package org.editgov.testsupport.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.editgov.testsupport.k8s.Manifests.Manifest;

/**
 * Rules for every container of every workload: resources, the Quarkus health probes, a non-root
 * and locked-down security context, and only field names Kubernetes knows (a misspelt
 * "readinessprobe" would be dropped by the API server without a word).
 */
final class ContainerRules {

    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");

    private static final Set<String> CONTAINER_FIELDS = Set.of("name", "image", "imagePullPolicy", "command", "args",
            "workingDir", "ports", "env", "envFrom", "resources", "volumeMounts", "livenessProbe", "readinessProbe",
            "startupProbe", "securityContext", "lifecycle", "terminationMessagePath", "terminationMessagePolicy");

    private ContainerRules() {
    }

    static List<String> check(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (Manifest workload : manifests.all()) {
            if (!WORKLOADS.contains(workload.kind())) {
                continue;
            }
            Map<String, Object> pod = Yamls.map(workload.doc(), "spec", "template", "spec");
            List<Map<String, Object>> containers = Yamls.maps(pod, "containers");
            if (containers.isEmpty()) {
                violations.add(workload.where() + ": no containers");
            }
            for (Map<String, Object> container : containers) {
                String where = workload.where() + " container " + container.get("name");
                violations.addAll(unknownFields(where, container));
                violations.addAll(resources(where, container));
                violations.addAll(probes(where, container));
                violations.addAll(security(where, pod, container));
            }
        }
        return violations;
    }

    private static List<String> unknownFields(String where, Map<String, Object> container) {
        return container.keySet().stream()
                .filter(field -> !CONTAINER_FIELDS.contains(field))
                .map(field -> where + ": unknown field " + field)
                .toList();
    }

    private static List<String> resources(String where, Map<String, Object> container) {
        List<String> violations = new ArrayList<>();
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (Yamls.at(container, "resources", bound, resource) == null) {
                    violations.add(where + ": no resources." + bound + "." + resource);
                }
            }
        }
        return violations;
    }

    private static List<String> probes(String where, Map<String, Object> container) {
        List<String> violations = new ArrayList<>();
        Set<Object> ports = new java.util.HashSet<>();
        for (Map<String, Object> port : Yamls.maps(container, "ports")) {
            ports.add(port.get("name"));
            ports.add(port.get("containerPort"));
        }
        for (Map.Entry<String, String> probe : Map.of("livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready").entrySet()) {
            Object path = Yamls.at(container, probe.getKey(), "httpGet", "path");
            Object port = Yamls.at(container, probe.getKey(), "httpGet", "port");
            if (!probe.getValue().equals(path)) {
                violations.add(where + ": " + probe.getKey() + " must GET " + probe.getValue() + ", not " + path);
            } else if (port == null || !ports.contains(port)) {
                violations.add(where + ": " + probe.getKey() + " port " + port + " is none of the container's ports");
            }
        }
        return violations;
    }

    private static List<String> security(String where, Map<String, Object> pod, Map<String, Object> container) {
        List<String> violations = new ArrayList<>();
        Object nonRoot = firstNonNull(Yamls.at(container, "securityContext", "runAsNonRoot"), Yamls.at(pod, "securityContext", "runAsNonRoot"));
        Object user = firstNonNull(Yamls.at(container, "securityContext", "runAsUser"), Yamls.at(pod, "securityContext", "runAsUser"));
        if (!Boolean.TRUE.equals(nonRoot)) {
            violations.add(where + ": runAsNonRoot is not true");
        }
        if (user == null || Objects.equals(user, 0)) {
            violations.add(where + ": runAsUser must name a non-root uid (images built from deploy/docker run as 10001)");
        }
        if (!Boolean.FALSE.equals(Yamls.at(container, "securityContext", "allowPrivilegeEscalation"))) {
            violations.add(where + ": allowPrivilegeEscalation is not false");
        }
        if (!Boolean.TRUE.equals(Yamls.at(container, "securityContext", "readOnlyRootFilesystem"))) {
            violations.add(where + ": readOnlyRootFilesystem is not true");
        }
        if (!Yamls.list(container, "securityContext", "capabilities", "drop").contains("ALL")) {
            violations.add(where + ": capabilities do not drop ALL");
        }
        return violations;
    }

    private static Object firstNonNull(Object first, Object second) {
        return first != null ? first : second;
    }
}
