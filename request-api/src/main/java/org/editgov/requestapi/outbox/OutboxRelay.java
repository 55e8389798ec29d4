package org.editgov.requestapi.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes committed outbox rows to Kafka, oldest first, and marks them sent in the same transaction
 * that read them. If the process dies after publishing and before that commit, the rows are published
 * again on restart: consumers see a duplicate event id and drop it, so nothing is lost and nothing is
 * applied twice.
 *
 * <p>Runs on one background thread: woken right after a transaction that wrote outbox rows commits, and
 * otherwise every {@code editgov.outbox.relay.poll-interval} to pick up rows of other instances and rows
 * left by a failed attempt.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Whether the relay starts with the application. */
    @ConfigProperty(name = "editgov.outbox.relay.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "editgov.outbox.relay.poll-interval", defaultValue = "PT0.5S")
    Duration pollInterval;

    /** Rows published per transaction. */
    @ConfigProperty(name = "editgov.outbox.relay.batch-size", defaultValue = "500")
    int batchSize;

    @Inject
    OutboxStore store;

    @Inject
    KafkaPublisher publisher;

    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private ScheduledExecutorService worker;

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts relaying (again); does nothing if it is already running. */
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::drainQuietly, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops relaying after the current round; unsent rows stay in the table for the next start. */
    public synchronized void stop() {
        if (worker == null) {
            return;
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        worker = null;
    }

    public synchronized boolean isRunning() {
        return worker != null;
    }

    void onOutboxWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten event) {
        wake();
    }

    private synchronized void wake() {
        if (worker != null && wakeQueued.compareAndSet(false, true)) {
            worker.execute(() -> {
                wakeQueued.set(false);
                drainQuietly();
            });
        }
    }

    private void drainQuietly() {
        try {
            while (relayOnce() == batchSize) {
                // a full round means more may be waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay round failed, rows stay unsent and are retried: %s", e.getMessage());
        }
    }

    /** One round in its own transaction: returns how many rows it published. */
    public int relayOnce() {
        return QuarkusTransaction.requiringNew().timeout(60).call(this::publishPending);
    }

    /**
     * Publishes up to one batch of unsent rows and marks them sent, in the caller's transaction: the
     * marks become durable only when that transaction commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int publishPending() {
        if (!store.tryRelayLock()) {
            return 0;
        }
        List<OutboxEvent> rows = store.unsent(batchSize);
        if (rows.isEmpty()) {
            return 0;
        }
        publisher.publishAll(rows);
        store.markSent(rows, Instant.now());
        return rows.size();
    }
}
