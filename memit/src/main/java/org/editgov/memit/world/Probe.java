package org.editgov.memit.world;

/** A prompt whose next word should be {@code answer}; the unit of every recall figure. */
public record Probe(String prompt, String answer) {
}
