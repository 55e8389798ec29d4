package org.editgov.requestapi.batches;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A batch policy's cron expression, in the Quartz syntax that Quarkus's own {@code @Scheduled} uses
 * (seconds first: {@code 0 0 2 * * ?} is 02:00 every day), evaluated in UTC.
 */
public final class CronSchedule {

    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String expression;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, ExecutionTime executionTime) {
        this.expression = expression;
        this.executionTime = executionTime;
    }

    /** @throws IllegalArgumentException with a one-line reason when the expression is not valid Quartz cron */
    public static CronSchedule parse(String expression) {
        try {
            return new CronSchedule(expression, ExecutionTime.forCron(PARSER.parse(expression.trim()).validate()));
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("not a Quartz cron expression (e.g. '0 0/15 * * * ?'): " + reason, e);
        }
    }

    /** The first firing strictly after {@code after}. @throws IllegalStateException if it never fires again */
    public Instant nextAfter(Instant after) {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(after, ZoneOffset.UTC))
                .map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("cron '" + expression + "' never fires after " + after));
    }

    public String expression() {
        return expression;
    }
}
