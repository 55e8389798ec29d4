package org.editgov.audit.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the Kafka consumer runs and holds its partitions: events published from then on are logged. */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {

    private final EventIngest ingest;

    public IngestReadiness(EventIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("audit-ingest").status(ingest.isReady()).build();
    }
}
