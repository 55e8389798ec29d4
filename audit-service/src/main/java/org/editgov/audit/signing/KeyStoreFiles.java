package org.editgov.audit.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Set;

/**
 * The log's Ed25519 key pair as two PEM files in a directory of their own, outside the database, so that
 * whoever can rewrite the database still cannot sign. Created at first start (directory 0700, private key
 * 0600, public key 0644); loaded afterwards. POSIX file systems only.
 */
public final class KeyStoreFiles {

    public static final String PRIVATE_KEY_FILE = "log-ed25519-private.pem";
    public static final String PUBLIC_KEY_FILE = "log-ed25519-public.pem";

    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path directory;

    public KeyStoreFiles(Path directory) {
        this.directory = directory;
    }

    public Path privateKeyFile() {
        return directory.resolve(PRIVATE_KEY_FILE);
    }

    public Path publicKeyFile() {
        return directory.resolve(PUBLIC_KEY_FILE);
    }

    /**
     * The key pair in the directory, generated and written first if the directory holds neither file.
     *
     * @throws KeyFileException when only one file exists, the private key is readable by others, a file is
     *                          not an Ed25519 PEM key, or the two keys are not a pair
     */
    public KeyPair loadOrCreate() {
        boolean hasPrivate = Files.exists(privateKeyFile());
        boolean hasPublic = Files.exists(publicKeyFile());
        if (!hasPrivate && !hasPublic) {
            create();
        } else if (hasPrivate != hasPublic) {
            throw new KeyFileException("key directory " + directory + " holds only "
                    + (hasPrivate ? PRIVATE_KEY_FILE : PUBLIC_KEY_FILE) + "; restore the other file or remove it"
                    + " to make a new key pair (earlier tree heads then no longer verify with the new key)");
        }
        return load();
    }

    /** Only the public key, as a verifier reads it. */
    public PublicKey loadPublicKey() {
        return readPublicKey(publicKeyFile());
    }

    /** @throws KeyFileException when the file is missing or not a PEM Ed25519 public key */
    public static PublicKey readPublicKey(Path pemFile) {
        try {
            return Ed25519Keys.publicKeyFromPem(Files.readString(pemFile, StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            throw new KeyFileException("cannot read the public key " + pemFile + ": " + e.getMessage(), e);
        }
    }

    private KeyPair load() {
        requireOwnerOnly(privateKeyFile());
        PublicKey publicKey = loadPublicKey();
        PrivateKey privateKey;
        try {
            privateKey = Ed25519Keys.privateKeyFromPem(Files.readString(privateKeyFile(), StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            throw new KeyFileException("cannot read the private key " + privateKeyFile() + ": " + e.getMessage(), e);
        }
        KeyPair pair = new KeyPair(publicKey, privateKey);
        byte[] probe = "editgov key pair check".getBytes(StandardCharsets.US_ASCII);
        if (!new LogVerifier(publicKey).verify(probe, new LogSigner(pair).sign(probe))) {
            throw new KeyFileException("the key files in " + directory + " are not one key pair");
        }
        return pair;
    }

    private void create() {
        KeyPair pair = Ed25519Keys.generate();
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            }
            // Public first: a crash in between leaves a public key alone, which load() reports, never a
            // private key without the public key auditors need.
            writeAtomically(publicKeyFile(), Ed25519Keys.toPem(pair.getPublic()), PUBLIC_FILE);
            writeAtomically(privateKeyFile(), Ed25519Keys.toPem(pair.getPrivate()), OWNER_ONLY_FILE);
        } catch (IOException e) {
            throw new KeyFileException("cannot create the log key pair in " + directory + ": " + e.getMessage(), e);
        }
    }

    // The file is created with its final permissions, so the key is never readable by others, not even briefly.
    private static void writeAtomically(Path target, String content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        try {
            Files.writeString(temporary, content, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(temporary, permissions);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void requireOwnerOnly(Path privateKey) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(privateKey);
        } catch (IOException e) {
            throw new KeyFileException("cannot read the permissions of " + privateKey + ": " + e.getMessage(), e);
        }
        if (!OWNER_ONLY_FILE.containsAll(permissions)) {
            throw new KeyFileException("private key " + privateKey + " is open to others ("
                    + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + privateKey);
        }
    }
}
