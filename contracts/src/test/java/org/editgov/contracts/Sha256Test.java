package org.editgov.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Vectors from FIPS 180-2 / NIST CSRC examples. */
class Sha256Test {

    @Test
    void knownVectors() {
        assertThat(Sha256.hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.hex(ascii("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hex(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void oneMillionAsStreamedAndFromAFile(@TempDir Path dir) throws Exception {
        byte[] million = new byte[1_000_000];
        Arrays.fill(million, (byte) 'a');
        Path file = dir.resolve("a.bin");
        Files.write(file, million);

        String expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
        assertThat(Sha256.hex(new ByteArrayInputStream(million))).isEqualTo(expected);
        assertThat(Sha256.hexOfFile(file)).isEqualTo(expected);
        assertThat(Sha256.hex(million)).isEqualTo(expected);
    }

    @Test
    void hexRoundTripsAndRejectsWhatIsNotADigest() {
        String hex = Sha256.hex(ascii("abc"));

        assertThat(Sha256.toHex(Sha256.fromHex(hex))).isEqualTo(hex);
        assertThat(Sha256.isHexDigest(hex.toUpperCase())).isFalse();
        assertThat(Sha256.isHexDigest(hex.substring(1))).isFalse();
        assertThatThrownBy(() -> Sha256.fromHex("xyz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a lower-case hex SHA-256 digest: 'xyz'");
    }

    @Test
    void aMissingFileIsReportedByName(@TempDir Path dir) {
        assertThatThrownBy(() -> Sha256.hexOfFile(dir.resolve("nope")))
                .hasMessageContaining("nope");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
