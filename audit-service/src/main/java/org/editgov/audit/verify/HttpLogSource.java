package org.editgov.audit.verify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.editgov.audit.wire.ConsistencyProofJson;
import org.editgov.audit.wire.EntryPageJson;
import org.editgov.audit.wire.LogEntryJson;
import org.editgov.audit.wire.TreeHeadJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads a log from audit-service's HTTP API: heads from {@code /api/log/heads}, entries page by page from
 * {@code /api/log/entries} with inclusion proofs against the latest head, consistency proofs from
 * {@code /api/log/consistency}. Trusts nothing it reads: the verifier checks all of it.
 */
public final class HttpLogSource implements LogSource {

    private static final int PAGE = 1000;

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** @param token a bearer token of a user with role auditor or operator, or null */
    public HttpLogSource(URI serviceUrl, String token) {
        String url = serviceUrl.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.token = token;
    }

    @Override
    public List<TreeHeadJson> heads() {
        List<TreeHeadJson> heads = new ArrayList<>();
        long from = 0;
        while (true) {
            List<TreeHeadJson> page = get("/api/log/heads?limit=" + PAGE + "&fromSize=" + from, new TypeReference<>() { });
            heads.addAll(page);
            if (page.size() < PAGE) {
                return heads;
            }
            from = page.get(page.size() - 1).treeSize() + 1;
        }
    }

    @Override
    public Optional<ConsistencyProofJson> consistency(long firstSize, long secondSize) {
        return Optional.of(get("/api/log/consistency?from=" + firstSize + "&to=" + secondSize,
                new TypeReference<>() { }));
    }

    @Override
    public Iterator<LogEntryJson> entries(long treeSize) {
        return new Iterator<>() {
            private long nextFrom = 0;
            private Iterator<LogEntryJson> page = List.<LogEntryJson>of().iterator();

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && nextFrom < treeSize) {
                    EntryPageJson fetched = get("/api/log/entries?from=" + nextFrom + "&to=" + (nextFrom + PAGE)
                            + "&treeSize=" + treeSize, new TypeReference<>() { });
                    page = fetched.entries().iterator();
                    nextFrom = fetched.to();
                    if (fetched.to() <= fetched.from()) {
                        nextFrom = treeSize;
                    }
                }
                return page.hasNext();
            }

            @Override
            public LogEntryJson next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
    }

    @Override
    public String describe() {
        return base.toString();
    }

    private <T> T get(String path, TypeReference<T> type) {
        URI uri = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SourceException("cannot reach " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while reading " + uri, e);
        }
        if (response.statusCode() != 200) {
            throw new SourceException("GET " + uri + " answered " + response.statusCode() + problemDetail(response.body()));
        }
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new SourceException("GET " + uri + " answered something that is not the log's JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private String problemDetail(String body) {
        try {
            JsonNode problem = json.readTree(body);
            String detail = problem.path("detail").asText("");
            return detail.isEmpty() ? "" : ": " + detail;
        } catch (IOException e) {
            return "";
        }
    }
}
