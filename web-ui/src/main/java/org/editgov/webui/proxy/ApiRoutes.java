package org.editgov.webui.proxy;

import java.net.URI;
import java.util.Locale;
import java.util.List;
import java.util.Optional;

/**
 * Which service answers which part of {@code /api}: the browser talks to one origin, and this table sends
 * each path to the service that owns it. Pure, so the routing rule is tested without a server.
 */
public record ApiRoutes(List<Route> routes) {

    /** Paths equal to {@code prefix} or under {@code prefix + "/"} go to {@code target} unchanged. */
    public record Route(String prefix, URI target) {
    }

    public ApiRoutes {
        routes = List.copyOf(routes);
    }

    public static ApiRoutes of(URI requestApi, URI auditService, URI editorWorker) {
        return new ApiRoutes(List.of(
                new Route("/api/edits", requestApi),
                new Route("/api/models", requestApi),
                new Route("/api/batches", requestApi),
                new Route("/api/log", auditService),
                new Route("/api/reports", auditService),
                new Route("/api/worker", editorWorker)));
    }

    /** The service for a request path (without query), or empty when no service owns it. */
    public Optional<URI> targetOf(String path) {
        // A dot segment, plain or percent-encoded, could climb out of the prefix once the service decodes it.
        if (path == null || path.contains("/..") || path.toLowerCase(Locale.ROOT).contains("%2e")) {
            return Optional.empty();
        }
        return routes.stream()
                .filter(r -> path.equals(r.prefix()) || path.startsWith(r.prefix() + "/"))
                .map(Route::target)
                .findFirst();
    }
}
