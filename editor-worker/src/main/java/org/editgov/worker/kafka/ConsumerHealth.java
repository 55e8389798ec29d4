package org.editgov.worker.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** The worker is alive only while its request consumer runs: a stopped consumer means no batch will ever be done. */
@Liveness
@ApplicationScoped
public class ConsumerHealth implements HealthCheck {

    @Inject
    RequestConsumer consumer;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("request-consumer").status(consumer.healthy()).build();
    }
}
