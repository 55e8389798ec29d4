package org.editgov.audit.reports;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.editgov.audit.api.ApiProblem;
import org.editgov.audit.api.Params;
import org.editgov.audit.api.Roles;

import java.time.Instant;

/**
 * {@code GET /api/reports/compliance?model=&from=&to=&format=json|html}: the compliance report of one model
 * over [from, to) (ISO-8601 instants or dates; default: from the beginning to now).
 */
@Path("/api/reports/compliance")
@RolesAllowed({Roles.AUDITOR, Roles.OPERATOR})
public class ComplianceResource {

    private final ComplianceReports reports;

    public ComplianceResource(ComplianceReports reports) {
        this.reports = reports;
    }

    @GET
    public Response compliance(@QueryParam("model") String model, @QueryParam("from") String from,
                               @QueryParam("to") String to, @QueryParam("format") String format) {
        if (model == null || model.isBlank()) {
            throw ApiProblem.badRequest("model is required");
        }
        Instant start = instant("from", from, Instant.EPOCH);
        Instant end = instant("to", to, Instant.now());
        if (!end.isAfter(start)) {
            throw ApiProblem.badRequest("to must be after from");
        }
        ComplianceReport report = reports.build(model, start, end);
        String chosen = format == null || format.isBlank() ? "json" : format;
        return switch (chosen) {
            case "json" -> Response.ok(report, MediaType.APPLICATION_JSON).build();
            case "html" -> Response.ok(ComplianceHtml.render(report), MediaType.TEXT_HTML + ";charset=utf-8").build();
            default -> throw ApiProblem.badRequest("format must be json or html, got '" + chosen + "'");
        };
    }

    private static Instant instant(String name, String value, Instant fallback) {
        Instant parsed = Params.instant(name, value);
        return parsed == null ? fallback : parsed;
    }
}
