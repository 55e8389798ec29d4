package org.editgov.requestapi.results;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.EventFormatException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the editor worker's results from Kafka (consumer group {@code request-api}). A document that is
 * not a valid event is logged and skipped: it can never become valid, and stopping the channel for it
 * would hold back every later result. A failure to apply a valid event is retried a few times, then
 * the channel's failure strategy takes over.
 */
@ApplicationScoped
public class ResultsConsumer {

    private static final Logger LOG = Logger.getLogger(ResultsConsumer.class);
    private static final int ATTEMPTS = 5;

    @Inject
    EventCodec codec;

    @Inject
    ResultsService results;

    @Incoming("batch-completed")
    @Blocking
    public void batchCompleted(String document) {
        consume(document);
    }

    @Incoming("batch-failed")
    @Blocking
    public void batchFailed(String document) {
        consume(document);
    }

    @Incoming("model-version-committed")
    @Blocking
    public void versionCommitted(String document) {
        consume(document);
    }

    private void consume(String document) {
        EventEnvelope<?> event;
        try {
            event = codec.read(document);
        } catch (EventFormatException e) {
            LOG.warnf("skipping a message that is not a valid event: %s", e.getMessage());
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                if (!results.apply(event)) {
                    LOG.debugf("event %s (%s) was already applied", event.eventId(), event.type());
                }
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("applying %s %s failed (attempt %d of %d): %s", event.type(), event.eventId(), attempt,
                        ATTEMPTS, e.getMessage());
                sleep(200L * attempt);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", e);
        }
    }
}
