package org.editgov.audit.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.editgov.testsupport.RealServersTestResource;

/**
 * Points every {@code @QuarkusTest} of this module at the real PostgreSQL (database audit), Kafka and
 * Keycloak (client audit-service) of deploy/local, each run with a log of its own. A test resource that is not restricted to its class
 * applies to all of them, so the service starts once per run.
 */
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "audit"), @ResourceArg(name = "client", value = "audit-service")})
@QuarkusTestResource(IsolatedLogResource.class)
public final class TestServers {

    private TestServers() {
    }
}
