package org.editgov.audit.log;

import jakarta.enterprise.context.ApplicationScoped;
import org.editgov.audit.signing.Ed25519Keys;
import org.editgov.audit.signing.KeyStoreFiles;
import org.editgov.audit.signing.LogSigner;
import org.editgov.audit.signing.LogVerifier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.security.KeyPair;

/**
 * The log's Ed25519 key pair, generated at first start in a folder outside the database
 * ({@code editgov.audit.key-dir}, default {@code .local/audit-keys}), so that whoever can write the database
 * still cannot sign.
 */
@ApplicationScoped
public class LogKeys {

    private final KeyStoreFiles files;
    private final KeyPair pair;
    private final LogSigner signer;

    public LogKeys(@ConfigProperty(name = "editgov.audit.key-dir") Path keyDir) {
        this.files = new KeyStoreFiles(keyDir);
        this.pair = files.loadOrCreate();
        this.signer = new LogSigner(pair);
    }

    public LogSigner signer() {
        return signer;
    }

    public LogVerifier verifier() {
        return new LogVerifier(pair.getPublic());
    }

    public String keyId() {
        return signer.keyId();
    }

    public String publicKeyPem() {
        return Ed25519Keys.toPem(pair.getPublic());
    }
}
