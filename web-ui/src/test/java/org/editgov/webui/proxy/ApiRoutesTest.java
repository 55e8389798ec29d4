package org.editgov.webui.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

class ApiRoutesTest {

    private static final URI REQUESTS = URI.create("http://127.0.0.1:8081");
    private static final URI AUDIT = URI.create("http://127.0.0.1:8083");
    private static final URI WORKER = URI.create("http://127.0.0.1:8082");
    private final ApiRoutes routes = ApiRoutes.of(REQUESTS, AUDIT, WORKER);

    @Test
    void sendsEachPathToTheServiceThatOwnsIt() {
        assertEquals(Optional.of(REQUESTS), routes.targetOf("/api/edits"));
        assertEquals(Optional.of(REQUESTS), routes.targetOf("/api/edits/0b6d/review"));
        assertEquals(Optional.of(REQUESTS), routes.targetOf("/api/models/gpt2/batches"));
        assertEquals(Optional.of(REQUESTS), routes.targetOf("/api/batches/1"));
        assertEquals(Optional.of(AUDIT), routes.targetOf("/api/log/entries/3"));
        assertEquals(Optional.of(AUDIT), routes.targetOf("/api/reports/compliance"));
        assertEquals(Optional.of(WORKER), routes.targetOf("/api/worker/progress"));
        assertEquals(Optional.of(WORKER), routes.targetOf("/api/batches/0b6d/progress"));
        assertEquals(Optional.of(REQUESTS), routes.targetOf("/api/batches/0b6d/progresses"));
        assertEquals(Optional.of(WORKER), routes.targetOf("/api/models/gpt2/answer"));
        assertEquals(Optional.of(REQUESTS), routes.targetOf("/api/models/gpt2/versions"));
    }

    @Test
    void ownsNothingElse() {
        assertTrue(routes.targetOf("/api/editsX").isEmpty());
        assertTrue(routes.targetOf("/api/logs").isEmpty());
        assertTrue(routes.targetOf("/api").isEmpty());
        assertTrue(routes.targetOf("/q/health").isEmpty());
    }

    @Test
    void refusesDotSegmentsThatCouldLeaveThePrefix() {
        assertTrue(routes.targetOf("/api/edits/../log/export").isEmpty());
        assertTrue(routes.targetOf("/api/edits/%2E%2E/log").isEmpty());
        assertTrue(routes.targetOf("/api/edits/..").isEmpty());
    }
}
