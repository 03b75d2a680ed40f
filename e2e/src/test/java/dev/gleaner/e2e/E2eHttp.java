package dev.gleaner.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.gleaner.devstack.DevStack;
import tools.jackson.databind.json.JsonMapper;

/** Calls of the running stack as a client and as an operator's script would make them, each with a timeout. */
final class E2eHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private E2eHttp() {
    }

    /** {@code POST /v1/scrape} through the gateway, with a tenant's token (or none). */
    static HttpResponse<String> scrape(DevStack stack, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/scrape"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /v1/jobs} through the gateway, with a tenant's token. */
    static HttpResponse<String> submitJob(DevStack stack, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An admin API call to {@code base} (the gateway, or one core-api instance) with the admin API key, extra
     * headers, and a JSON body (null: none).
     */
    static HttpResponse<String> admin(DevStack stack, String base, String method, String path,
            Map<String, String> headers, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + stack.settings().adminApiKey());
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
