package org.editgov.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON over HTTP to one service as one user, with a bearer token and a bounded time per request. A
 * request that gets no answer at all (connection refused, timeout) comes back as status 0, so the fault
 * tests can count it like any other refusal.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** An answer: the status (0: none), the body as JSON (missing when empty or not JSON) and as text. */
    public record Response(int status, JsonNode json, String text) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body, failing with the whole answer when the status is not the one expected. */
        public JsonNode expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + text);
            }
            return json;
        }
    }

    private final URI base;
    private final Supplier<String> bearer;

    public Api(URI base, Supplier<String> bearer) {
        this.base = base;
        this.bearer = bearer;
    }

    public Response get(String path) {
        return send(request(path).header("Accept", "application/json").GET());
    }

    /** A GET that takes any content type (a PEM key, HTML). */
    public Response getAny(String path) {
        return send(request(path).header("Accept", "*/*").GET());
    }

    public Response post(String path, Object body) {
        return post(path, body, Map.of());
    }

    public Response post(String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path).header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)));
        headers.forEach(builder::header);
        return send(builder);
    }

    public Response put(String path, Object body) {
        return send(request(path).header("Accept", "application/json").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", bearer.get());
    }

    private static Response send(HttpRequest.Builder builder) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Response(0, MissingNode.getInstance(), "no answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return new Response(response.statusCode(), read(response.body()), response.body());
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
