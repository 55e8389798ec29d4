package org.editgov.audit.log;

/**
 * The database no longer agrees with what the log has signed (rows missing or the tree shorter than a signed
 * head): the service stops appending rather than sign over a damaged history. bin/audit-verify names the
 * damaged entry.
 */
public class LogIntegrityException extends RuntimeException {

    public LogIntegrityException(String message) {
        super(message);
    }
}
