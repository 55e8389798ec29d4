package org.editgov.webui.proxy;

import java.net.URI;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which service answers which part of {@code /api}: the browser talks to one origin, and this table sends
 * each path to the service that owns it. Pure, so the routing rule is tested without a server.
 */
public record ApiRoutes(List<Route> routes) {

    /** Paths that match {@code pattern} entirely go to {@code target} unchanged. */
    public record Route(Pattern pattern, URI target) {

        /** The prefix itself and every path under it. */
        static Route under(String prefix, URI target) {
            return new Route(Pattern.compile(Pattern.quote(prefix) + "(/.*)?"), target);
        }
    }

    public ApiRoutes {
        routes = List.copyOf(routes);
    }

    public static ApiRoutes of(URI requestApi, URI auditService, URI editorWorker) {
        return new ApiRoutes(List.of(
                // The worker that runs a batch knows its progress, and only the worker holds the weights that
                // answer prompts; request-api knows everything else about batches and models.
                new Route(Pattern.compile("/api/batches/[^/]+/progress"), editorWorker),
                new Route(Pattern.compile("/api/models/[^/]+/answer"), editorWorker),
                Route.under("/api/edits", requestApi),
                Route.under("/api/models", requestApi),
                Route.under("/api/batches", requestApi),
                Route.under("/api/log", auditService),
                Route.under("/api/reports", auditService),
                Route.under("/api/worker", editorWorker)));
    }

    /** The service for a request path (without query), or empty when no service owns it; the first match wins. */
    public Optional<URI> targetOf(String path) {
        // A dot segment, plain or percent-encoded, could climb out of the prefix once the service decodes it.
        if (path == null || path.contains("/..") || path.toLowerCase(Locale.ROOT).contains("%2e")) {
            return Optional.empty();
        }
        return routes.stream()
                .filter(r -> r.pattern().matcher(path).matches())
                .map(Route::target)
                .findFirst();
    }
}
