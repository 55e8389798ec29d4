package org.editgov.testsupport.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.editgov.testsupport.k8s.Manifests.Manifest;

/**
 * Rules every document and every kustomization must follow: the identity fields the API server
 * demands, and kustomizations that list exactly the files next to them (a file nobody lists is
 * never applied).
 */
final class StructureRules {

    private StructureRules() {
    }

    static List<String> check(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (Manifest m : manifests.all()) {
            for (String field : List.of("apiVersion", "kind")) {
                if (isBlank(Yamls.string(m.doc(), field))) {
                    violations.add(m.file().getFileName() + ": a document has no " + field);
                }
            }
            if (isBlank(m.name())) {
                violations.add(m.file().getFileName() + " " + m.kind() + ": no metadata.name");
            }
        }
        for (Manifest kustomization : manifests.ofKind("Kustomization")) {
            violations.addAll(checkKustomization(kustomization));
        }
        return violations;
    }

    private static List<String> checkKustomization(Manifest kustomization) {
        List<String> violations = new ArrayList<>();
        Path dir = kustomization.file().getParent();
        Set<String> listed = new java.util.HashSet<>();
        for (Object resource : Yamls.list(kustomization.doc(), "resources")) {
            Path path = dir.resolve(resource.toString()).normalize();
            listed.add(path.getFileName().toString());
            if (!Files.exists(path)) {
                violations.add(kustomization.file() + " lists " + resource + ", which does not exist");
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Manifests::isYaml).toList()) {
                String name = file.getFileName().toString();
                if (!name.equals("kustomization.yaml") && !listed.contains(name)) {
                    violations.add(dir.getFileName() + "/" + name + " is in no kustomization's resources, so it is never applied");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return violations;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
