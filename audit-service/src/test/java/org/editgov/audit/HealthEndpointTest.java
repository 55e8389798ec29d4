package org.editgov.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.editgov.testsupport.RealServersTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "audit"), @ResourceArg(name = "client", value = "audit-service")})
class HealthEndpointTest {

    @Test
    void healthReportsUp() {
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
