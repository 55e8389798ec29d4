package org.editgov.testsupport.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Every YAML document under deploy/k8s, parsed with SnakeYAML into plain maps and lists, with the
 * small lookups the rules need. No cluster and no Kubernetes JSON schema is available offline, so
 * the rules check structure and cross-references themselves.
 */
public record Manifests(Path root, List<Manifest> all) {

    /** One document of one file. */
    public record Manifest(Path file, Map<String, Object> doc) {

        public String kind() {
            return Yamls.string(doc, "kind");
        }

        public String name() {
            return Yamls.string(doc, "metadata", "name");
        }

        public String where() {
            return file.getFileName() + " " + kind() + "/" + name();
        }
    }

    @SuppressWarnings("unchecked")
    public static Manifests read(Path root) {
        List<Manifest> documents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Manifests::isYaml).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object doc : new Yaml().loadAll(reader)) {
                        if (doc != null) {
                            documents.add(new Manifest(file, (Map<String, Object>) doc));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return new Manifests(root, List.copyOf(documents));
    }

    public static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    public List<Manifest> ofKind(String kind) {
        return all.stream().filter(m -> kind.equals(m.kind())).toList();
    }

    public Optional<Manifest> find(String kind, String name) {
        return ofKind(kind).stream().filter(m -> name.equals(m.name())).findFirst();
    }

    /** The data of every ConfigMap, by ConfigMap name. */
    public Map<String, Map<String, Object>> configMaps() {
        Map<String, Map<String, Object>> maps = new LinkedHashMap<>();
        for (Manifest map : ofKind("ConfigMap")) {
            maps.put(map.name(), Yamls.map(map.doc(), "data"));
        }
        return maps;
    }

    /** A deep copy whose documents a test may change without touching the others. */
    public Manifests copy() {
        return new Manifests(root, all.stream().map(m -> new Manifest(m.file(), Yamls.deepCopy(m.doc()))).toList());
    }
}
