package org.editgov.testsupport.k8s;

import java.util.ArrayList;
import java.util.List;

/** Every rule deploy/k8s must follow, as one list of readable violations (empty when all hold). */
final class ManifestRules {

    private ManifestRules() {
    }

    static List<String> violations(Manifests manifests, PlatformFacts facts) {
        List<String> violations = new ArrayList<>();
        violations.addAll(StructureRules.check(manifests));
        violations.addAll(ContainerRules.check(manifests));
        violations.addAll(ServiceRules.check(manifests, facts));
        violations.addAll(SecretRules.check(manifests));
        violations.addAll(ServerRules.check(manifests, facts));
        return violations;
    }
}
