package dev.gleaner.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** Gleaner as a client sees it: {@code POST /v1/scrape} through the gateway with a tenant token. */
final class ThroughGateway implements Scenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI scrape;
    private final String token;
    private final String body;

    ThroughGateway(String gatewayUrl, String token, String url, String selector) {
        this.scrape = URI.create(gatewayUrl + "/v1/scrape");
        this.token = token;
        // the browser path, as the other scenarios: no HTTP fetch first
        this.body = JSON.writeValueAsString(Map.of("url", url, "waitForSelector", selector, "render", "browser"));
    }

    @Override
    public String name() {
        return "through the gateway (gateway → core-api → farm node)";
    }

    @Override
    public Renderer newRenderer() {
        return () -> {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(scrape)
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("scrape answered " + response.statusCode() + ": " + response.body());
                }
                return JSON.readTree(response.body()).get("html").asString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        };
    }
}
