package org.editgov.audit.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Query parameter parsing with one-line 400s naming the parameter. */
public final class Params {

    private Params() {
    }

    static long nonNegative(String name, Long value, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 0) {
            throw ApiProblem.badRequest(name + " must not be negative, got " + value);
        }
        return value;
    }

    static int limit(Integer value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            throw ApiProblem.badRequest("limit must be between 1 and " + max + ", got " + value);
        }
        return value;
    }

    /** An ISO-8601 instant (2026-11-25T08:00:00Z) or a date (2026-11-25, midnight UTC); null stays null. */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(name + " must be an ISO-8601 instant or date, got '" + value + "'");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
