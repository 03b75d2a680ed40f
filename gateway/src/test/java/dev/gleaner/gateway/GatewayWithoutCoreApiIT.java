package dev.gleaner.gateway;

import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With no core-api to reach, the gateway fails closed: 503 problem+json, nothing forwarded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class GatewayWithoutCoreApiIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int port = closed;
        registry.add("gleaner.gateway.core-api-urls", () -> "http://127.0.0.1:" + port);
        registry.add("gleaner.gateway.identity-secret", () -> "gateway-it-identity-secret-0123");
    }

    @Autowired
    WebTestClient web;

    @Test
    void aWellFormedTokenCannotBeCheckedSoTheRequestIsRefusedWith503() {
        web.post().uri("/v1/scrape").header(HttpHeaders.AUTHORIZATION, "Bearer " + StubCoreApi.VALID_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Authentication unavailable");
    }
}
