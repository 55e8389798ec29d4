package org.editgov.memit.world;

import java.util.Random;

/**
 * Independent, reproducible random streams per (seed, epoch, item). {@link Random}'s algorithm is
 * fixed by its specification, so the same stream comes out on every JVM.
 */
final class Seeds {

    private Seeds() {
    }

    static Random random(long seed, long epoch, long item) {
        long h = seed;
        h = mix(h ^ (epoch + 0x9E3779B97F4A7C15L));
        h = mix(h ^ (item + 0xC2B2AE3D27D4EB4FL));
        return new Random(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
