package org.editgov.webui.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EchoServer.class)
class ApiProxyTest {

    @Test
    void forwardsMethodPathQueryBodyAndToken() {
        given().urlEncodingEnabled(false).header("Authorization", "Bearer abc").contentType("application/json").body("{\"subject\":\"Paris\"}")
                .when().post("/api/edits?x=1&y=%C3%A9")
                .then().statusCode(200).header("X-Echo", "yes")
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/api/edits?x=1&y=%C3%A9"))
                .body("authorization", equalTo("Bearer abc"))
                .body("body", equalTo("{\"subject\":\"Paris\"}"));
    }

    @Test
    void passesTheServicesStatusThrough() {
        given().when().get("/api/log/missing").then().statusCode(404).body("authorization", nullValue());
    }

    @Test
    void answersBadGatewayWhenTheServiceIsDown() {
        given().when().get("/api/worker/progress")
                .then().statusCode(502).contentType("application/problem+json")
                .body("detail", containsString("did not answer"));
    }

    @Test
    void answersNotFoundForPathsNoServiceOwns() {
        given().when().get("/api/nothing").then().statusCode(404).body("detail", equalTo("no service serves /api/nothing"));
    }

    @Test
    void servesTheLoginSettings() {
        given().when().get("/ui-config.json").then().statusCode(200)
                .body("realmUrl", equalTo("http://127.0.0.1:8180/realms/edits"))
                .body("clientId", equalTo("web-ui"));
    }

    @Test
    void servesThePage() {
        given().when().get("/").then().statusCode(200).body(containsString("<div id=\"app\">"));
    }
}
