package org.editgov.webui.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server standing in for one service behind the proxy: it answers every request with what it
 * received (method, URI, Authorization header, body), so a test sees exactly what the proxy forwarded.
 * The request-api and audit-service routes point at it; the editor-worker route at a closed port.
 */
public class EchoServer implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String auth = request.getHeader("Authorization");
            request.response()
                    .setStatusCode(request.path().endsWith("/missing") ? 404 : 200)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Echo", "yes")
                    .end(new JsonObject()
                            .put("method", request.method().name())
                            .put("uri", request.uri())
                            .put("authorization", auth)
                            .put("body", body.toString())
                            .encode());
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the echo server did not start", e);
        }
        String url = "http://127.0.0.1:" + server.actualPort();
        return Map.of(
                "editgov.web-ui.request-api-url", url,
                "editgov.web-ui.audit-service-url", url,
                "editgov.web-ui.editor-worker-url", "http://127.0.0.1:9");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
