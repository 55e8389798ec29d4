package org.editgov.requestapi.outbox;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** The outbox table as the relay sees it. Every method runs in the relay's transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class OutboxStore {

    /**
     * Only one relay per outbox table works at a time, so the rows of one model go out in the order they
     * were written even with several request-api instances. The lock is keyed by the schema (advisory
     * locks are per database, and a database may hold several deployments' schemas) and ends with the
     * transaction.
     */
    private static final int RELAY_LOCK = 0x6f757462; // "outb"

    public boolean tryRelayLock() {
        Object locked = Panache.getEntityManager()
                .createNativeQuery("SELECT pg_try_advisory_xact_lock(:key, hashtext(current_schema()))")
                .setParameter("key", RELAY_LOCK)
                .getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    public List<OutboxEvent> unsent(int limit) {
        return OutboxEvent.<OutboxEvent>find("sentAt is null order by id").page(0, limit).list();
    }

    public void markSent(List<OutboxEvent> rows, Instant at) {
        List<Long> ids = rows.stream().map(r -> r.id).toList();
        OutboxEvent.update("sentAt = ?1 where id in ?2", at, ids);
    }

    public long unsentCount() {
        return OutboxEvent.count("sentAt is null");
    }
}
