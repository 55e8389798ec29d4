package org.editgov.requestapi.common;

import java.util.Locale;

/**
 * Query parameters arrive as text and are parsed here, so a bad value is a 400 naming the parameter
 * (a failed JAX-RS conversion would be a bare 404).
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static int intParam(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) {
                throw new InvalidFieldProblem(name, "must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidFieldProblem(name, "must be a whole number");
        }
    }

    public static <E extends Enum<E>> E enumParam(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldProblem(name, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    public static String textParam(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidFieldProblem(name, "must be at most " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldProblem(name, TextRules.SINGLE_LINE_MESSAGE);
        }
        return value.strip();
    }
}
