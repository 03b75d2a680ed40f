package dev.gleaner.farm.client.render;

import java.time.Duration;

import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP client for a farm node's render endpoint. The node address comes from the lease;
 * the client adds the request id header so the node's logs line up with the gateway's.
 */
public final class FarmClient {

    /** Path of the render endpoint on every node. */
    public static final String RENDER_PATH = "/v1/render";
    /** Header carrying the request id across services. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final WebClient webClient;
    private final Duration slack;

    /**
     * @param builder a WebClient builder (codecs configured by the caller)
     * @param slack   time allowed on top of the render budget for the HTTP round trip
     */
    public FarmClient(WebClient.Builder builder, Duration slack) {
        // a render's answer may carry screenshots and PDFs; and a node one version ahead may answer with
        // fields this client does not know yet, which it ignores (the public API refuses unknown fields)
        this.webClient = builder.codecs(c -> {
            c.defaultCodecs().maxInMemorySize(32 * 1024 * 1024);
            c.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()));
        }).build();
        this.slack = slack;
    }

    public Mono<RenderResult> render(String nodeUrl, RenderRequest request) {
        return webClient.post()
                .uri(nodeUrl + RENDER_PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .header(REQUEST_ID_HEADER, request.requestId() == null ? "" : request.requestId())
                .bodyValue(request)
                // 2xx, and the node's own refusals (400, 409), carry a RenderResult; anything else is an error
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        || response.statusCode().value() == 400 || response.statusCode().value() == 409
                        ? response.bodyToMono(RenderResult.class)
                        : response.createError())
                .timeout(Duration.ofMillis(request.timeoutMs()).plus(slack));
    }
}
