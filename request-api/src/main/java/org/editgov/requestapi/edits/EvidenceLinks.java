package org.editgov.requestapi.edits;

import org.editgov.requestapi.common.InvalidFieldProblem;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** Evidence must be web links a reviewer can open: absolute http(s) URLs with a host. */
final class EvidenceLinks {

    private EvidenceLinks() {
    }

    static List<String> check(List<String> links) {
        if (links == null) {
            return List.of();
        }
        for (int i = 0; i < links.size(); i++) {
            String link = links.get(i);
            String field = "evidenceLinks[" + i + "]";
            if (link == null) {
                throw new InvalidFieldProblem(field, "must not be null");
            }
            try {
                URI uri = new URI(link.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    throw new InvalidFieldProblem(field, "must be an absolute http or https URL");
                }
            } catch (URISyntaxException e) {
                throw new InvalidFieldProblem(field, "is not a URL: " + e.getReason());
            }
        }
        return links.stream().map(String::strip).toList();
    }
}
