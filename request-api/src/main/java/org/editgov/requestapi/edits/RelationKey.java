package org.editgov.requestapi.edits;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normal form under which two proposals are "the same subject and relation": case, surrounding
 * space and runs of inner space do not make a different fact.
 */
public final class RelationKey {

    private static final Pattern SPACE = Pattern.compile("\\s+");

    private RelationKey() {
    }

    public static String normalize(String text) {
        return SPACE.matcher(text.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }
}
