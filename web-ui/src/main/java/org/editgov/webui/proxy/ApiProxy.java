package org.editgov.webui.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Forwards {@code /api/**} to the service that owns the path, streaming bodies both ways and passing the
 * browser's {@code Authorization} header on, so the page and every API share one origin and the browser
 * never needs CORS. Each service checks the token itself; this proxy adds no authority of its own.
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);

    /** Hop-by-hop headers (RFC 9110 section 7.6.1) belong to one connection and are never forwarded. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");

    private HttpClient client;

    void register(@Observes Router router, Vertx vertx, ProxyConfig config) {
        ApiRoutes routes = ApiRoutes.of(config.requestApiUrl(), config.auditServiceUrl(), config.editorWorkerUrl());
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(32));
        long timeoutMs = config.upstreamTimeout().toMillis();
        router.route("/api/*").order(-100).handler(ctx -> forward(ctx, routes, timeoutMs));
    }

    private void forward(RoutingContext ctx, ApiRoutes routes, long timeoutMs) {
        HttpServerRequest in = ctx.request();
        URI target = routes.targetOf(in.path()).orElse(null);
        if (target == null) {
            problem(ctx.response(), 404, "no service serves " + in.path());
            return;
        }
        in.pause();
        RequestOptions options = new RequestOptions()
                .setMethod(in.method())
                .setHost(target.getHost())
                .setPort(target.getPort())
                .setURI(in.uri())
                .setTimeout(timeoutMs);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(in.headers(), headers);
        if (in.authority() != null) {
            headers.set("X-Forwarded-Host", in.authority().toString());
        }
        options.setHeaders(headers);
        client.request(options)
                .compose(out -> out.send(in))
                .onSuccess(answer -> relay(answer, ctx.response()))
                .onFailure(e -> {
                    LOG.warnf("%s %s -> %s failed: %s", in.method(), in.path(), target, e.getMessage());
                    in.resume();
                    if (!ctx.response().headWritten()) {
                        problem(ctx.response(), 502, "the service at " + target + " did not answer: " + e.getMessage());
                    }
                });
    }

    private static void relay(HttpClientResponse answer, HttpServerResponse response) {
        response.setStatusCode(answer.statusCode());
        copyHeaders(answer.headers(), response.headers());
        if (!answer.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        answer.pipeTo(response);
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static void problem(HttpServerResponse response, int status, String detail) {
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end(new JsonObject().put("title", status == 404 ? "Not found" : "Bad gateway")
                        .put("status", status).put("detail", detail).encode());
    }
}
