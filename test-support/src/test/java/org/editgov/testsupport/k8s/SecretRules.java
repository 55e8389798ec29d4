package org.editgov.testsupport.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.editgov.testsupport.k8s.Manifests.Manifest;

/**
 * No secret value in git: Secret objects carry no data, every password or secret a container reads
 * comes from a secretKeyRef, and the realm import names client secrets only as placeholders filled
 * from a Secret.
 */
final class SecretRules {

    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|TOKEN(?!_ISSUER)|CREDENTIAL");
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*)}$");

    private SecretRules() {
    }

    static List<String> check(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (Manifest secret : manifests.ofKind("Secret")) {
            for (String field : List.of("data", "stringData")) {
                if (!Yamls.map(secret.doc(), field).isEmpty()) {
                    violations.add(secret.where() + ": carries literal " + field + "; create Secrets outside git");
                }
            }
        }
        for (Manifest workload : manifests.all()) {
            if (!ContainerRules.WORKLOADS.contains(workload.kind())) {
                continue;
            }
            for (Map<String, Object> container : Yamls.maps(workload.doc(), "spec", "template", "spec", "containers")) {
                for (Map<String, Object> variable : Yamls.maps(container, "env")) {
                    String name = String.valueOf(variable.get("name"));
                    if (SECRET_NAME.matcher(name).find() && Yamls.at(variable, "valueFrom", "secretKeyRef") == null) {
                        violations.add(workload.where() + ": " + name + " must come from a secretKeyRef, not a literal");
                    }
                }
            }
        }
        for (Manifest realmImport : manifests.ofKind("KeycloakRealmImport")) {
            Map<String, Object> placeholders = Yamls.map(realmImport.doc(), "spec", "placeholders");
            for (Map<String, Object> client : Yamls.maps(realmImport.doc(), "spec", "realm", "clients")) {
                Object secret = client.get("secret");
                if (secret == null) {
                    continue;
                }
                Matcher placeholder = PLACEHOLDER.matcher(secret.toString());
                if (!placeholder.matches()) {
                    violations.add(realmImport.where() + ": client " + client.get("clientId") + " has a literal secret");
                } else if (Yamls.at(placeholders, placeholder.group(1), "secret", "name") == null) {
                    violations.add(realmImport.where() + ": placeholder " + placeholder.group(1) + " is filled from no Secret");
                }
            }
        }
        return violations;
    }
}
