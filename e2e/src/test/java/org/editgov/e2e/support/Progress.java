package org.editgov.e2e.support;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Supplier;

/** Progress lines for a human watching the build, and waits that always end. */
public final class Progress {

    private Progress() {
    }

    public static void say(String message) {
        System.out.println("[e2e " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
        System.out.flush();
    }

    /**
     * Polls {@code probe} every {@code every} until it returns a value or {@code timeout} passes, printing
     * what {@code status} says at most every 15 s; fails naming what was awaited and the last status.
     */
    public static <T> T await(String what, Duration timeout, Duration every, Supplier<Optional<T>> probe,
                              Supplier<String> status) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long lastSaid = start;
        say("waiting (at most " + timeout.toSeconds() + " s) for " + what);
        while (true) {
            Optional<T> value = probe.get();
            long now = System.nanoTime();
            if (value.isPresent()) {
                say(what + ": after " + seconds(now - start) + " s");
                return value.get();
            }
            if (now >= deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last seen: " + status.get());
            }
            if (now - lastSaid >= Duration.ofSeconds(15).toNanos()) {
                say("  still waiting for " + what + " (" + seconds(now - start) + " s): " + status.get());
                lastSaid = now;
            }
            sleep(every);
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
