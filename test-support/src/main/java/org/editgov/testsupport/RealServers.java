package org.editgov.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class the real PostgreSQL, Kafka and Keycloak of deploy/local, started if they
 * are not running. Test methods and constructors may declare parameters of type
 * {@link Servers}, {@link Postgres}, {@link Kafka} or {@link Keycloak}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalServersExtension.class)
public @interface RealServers {
}
