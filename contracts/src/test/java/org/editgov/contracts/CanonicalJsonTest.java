package org.editgov.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expected strings were worked out by hand from RFC 8785 (and ECMAScript Number.prototype.toString). */
class CanonicalJsonTest {

    @Test
    void theRfcExampleOfSection3_2_2() {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";

        assertThat(CanonicalJson.canonicalize(input)).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void keysAreSortedByUtf16CodeUnitsNotByCodePoints() {
        // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB33 in UTF-16 though not by code point.
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
                + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";

        String canonical = CanonicalJson.canonicalize(input);

        assertThat(canonical).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void nestedObjectsAreSortedAndWhitespaceDropped() {
        assertThat(CanonicalJson.canonicalize("{ \"b\" : [ {\"z\":1, \"a\":2} ], \"a\" : { \"d\": {}, \"c\": [] } }"))
                .isEqualTo("{\"a\":{\"c\":[],\"d\":{}},\"b\":[{\"a\":2,\"z\":1}]}");
    }

    @Test
    void numbersArePrintedAsEcmaScriptPrintsDoubles() {
        assertThat(CanonicalJson.canonicalize("[1.0, -0, 0.1, 100, 1e2, 1E21, 1e20, 123456789012345680000, "
                + "0.000001, 0.0000001, 5e-324, -1.5e-9, 9007199254740993]"))
                .isEqualTo("[1,0,0.1,100,100,1e+21,100000000000000000000,123456789012345680000,"
                        + "0.000001,1e-7,5e-324,-1.5e-9,9007199254740992]");
    }

    @Test
    void stringsKeepNonAsciiLiterallyAndEscapeOnlyWhatTheRfcRequires() {
        assertThat(CanonicalJson.canonicalize("[\"caf\\u00e9\", \"tab\\there\", \"\\u001f\", \"\\/\", \"\\u2028\", \"\\b\\f\"]"))
                .isEqualTo("[\"caf\u00e9\",\"tab\\there\",\"\\u001f\",\"/\",\"\u2028\",\"\\b\\f\"]");
    }

    @Test
    void bytesAreUtf8OfTheCanonicalForm() {
        assertThat(CanonicalJson.bytes("{\"k\": \"\\u00e9\"}"))
                .isEqualTo("{\"k\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8))
                .hasSize(10);
    }

    @Test
    void equalContentGivesEqualBytesWhateverTheFieldOrder() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("treeSize", 7);
        one.put("rootHash", "ab");
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("rootHash", "ab");
        other.put("treeSize", 7);

        assertThat(CanonicalJson.bytesOf(one)).isEqualTo(CanonicalJson.bytesOf(other))
                .isEqualTo("{\"rootHash\":\"ab\",\"treeSize\":7}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eventsCanonicalizeWithTheirInstantsAsText() {
        String canonical = new String(CanonicalJson.bytesOf(SampleEvents.editReviewed()), StandardCharsets.UTF_8);

        assertThat(canonical).startsWith("{\"actor\":{\"id\":\"bob\",\"kind\":\"USER\"},\"eventId\":")
                .contains("\"occurredAt\":\"2026-11-25T08:16:30.123456Z\"");
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> CanonicalJson.canonicalize("{\"a\":"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot canonicalize JSON");
    }
}
