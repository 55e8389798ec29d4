package org.editgov.testsupport;

import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The JUnit 5 extension behind {@link RealServers}. */
public class LocalServersExtension implements BeforeAllCallback, ParameterResolver {

    private static final Set<Class<?>> RESOLVED = Set.of(Servers.class, Postgres.class, Kafka.class, Keycloak.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Servers.shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return RESOLVED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Servers servers = Servers.shared();
        Class<?> type = parameter.getParameter().getType();
        if (type == Postgres.class) {
            return servers.postgres();
        }
        if (type == Kafka.class) {
            return servers.kafka();
        }
        if (type == Keycloak.class) {
            return servers.keycloak();
        }
        return servers;
    }
}
