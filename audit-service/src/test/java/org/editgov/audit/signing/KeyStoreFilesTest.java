package org.editgov.audit.signing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyStoreFilesTest {

    @Test
    void firstStartCreatesOwnerOnlyKeysAndLaterStartsLoadThem(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("audit-keys");

        KeyPair created = new KeyStoreFiles(keys).loadOrCreate();
        KeyPair loaded = new KeyStoreFiles(keys).loadOrCreate();

        assertArrayEquals(created.getPublic().getEncoded(), loaded.getPublic().getEncoded());
        assertArrayEquals(created.getPrivate().getEncoded(), loaded.getPrivate().getEncoded());
        assertEquals("rw-------", permissions(keys.resolve(KeyStoreFiles.PRIVATE_KEY_FILE)));
        assertEquals("rw-r--r--", permissions(keys.resolve(KeyStoreFiles.PUBLIC_KEY_FILE)));
        assertEquals("rwx------", permissions(keys));
        assertTrue(Files.readString(keys.resolve(KeyStoreFiles.PUBLIC_KEY_FILE)).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertTrue(Files.readString(keys.resolve(KeyStoreFiles.PRIVATE_KEY_FILE)).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        try (var files = Files.list(keys)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void theSavedPublicKeyAloneVerifiesWhatTheLoadedKeySigns(@TempDir Path dir) {
        KeyStoreFiles files = new KeyStoreFiles(dir);
        SignedTreeHead head = new LogSigner(files.loadOrCreate())
                .signHead(3, new byte[32], java.time.Instant.parse("2026-11-25T09:00:00Z"));

        assertTrue(new LogVerifier(KeyStoreFiles.readPublicKey(files.publicKeyFile())).verify(head));
    }

    @Test
    void aPrivateKeyReadableByOthersIsRefused(@TempDir Path dir) throws Exception {
        KeyStoreFiles files = new KeyStoreFiles(dir);
        files.loadOrCreate();
        Files.setPosixFilePermissions(files.privateKeyFile(), PosixFilePermissions.fromString("rw-r--r--"));

        KeyFileException refused = assertThrows(KeyFileException.class, files::loadOrCreate);

        assertEquals("private key " + files.privateKeyFile() + " is open to others (rw-r--r--); run: chmod 600 "
                + files.privateKeyFile(), refused.getMessage());
    }

    @Test
    void aLonePrivateOrPublicKeyIsRefusedRatherThanReplaced(@TempDir Path dir) throws Exception {
        KeyStoreFiles files = new KeyStoreFiles(dir);
        files.loadOrCreate();
        Files.delete(files.publicKeyFile());

        KeyFileException refused = assertThrows(KeyFileException.class, files::loadOrCreate);

        assertTrue(refused.getMessage().startsWith("key directory " + dir + " holds only " + KeyStoreFiles.PRIVATE_KEY_FILE),
                refused.getMessage());
        assertTrue(Files.exists(files.privateKeyFile()));
    }

    @Test
    void keysThatAreNotAPairAreRefused(@TempDir Path dir) throws Exception {
        KeyStoreFiles files = new KeyStoreFiles(dir);
        files.loadOrCreate();
        Files.writeString(files.publicKeyFile(), Ed25519Keys.toPem(Ed25519Keys.generate().getPublic()),
                StandardCharsets.US_ASCII);

        assertEquals("the key files in " + dir + " are not one key pair",
                assertThrows(KeyFileException.class, files::loadOrCreate).getMessage());
    }

    @Test
    void aPublicKeyFileThatIsNotPemIsReportedByName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key.pem");
        Files.writeString(file, "hello");

        KeyFileException refused = assertThrows(KeyFileException.class, () -> KeyStoreFiles.readPublicKey(file));

        assertTrue(refused.getMessage().startsWith("cannot read the public key " + file), refused.getMessage());
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
