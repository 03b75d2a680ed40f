package dev.gleaner.core.extract;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * langchain4j chat models on the configured OpenAI-compatible endpoint, one per model name (a plan may name its
 * own), wired by hand (langchain4j has no Spring Boot 4 starter). langchain4j does not retry ({@link ModelExtraction}
 * does, within the request's budget) and logs neither requests nor answers: the key is in their headers.
 */
@Component
public class ChatModels {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final LlmProperties properties;
    private final Map<String, ChatModel> models = new ConcurrentHashMap<>();

    public ChatModels(LlmProperties properties) {
        this.properties = properties;
    }

    /** The model named {@code name} on the configured endpoint. */
    public ChatModel named(String name) {
        if (!properties.configured()) {
            throw new IllegalStateException("no language model is configured");
        }
        return models.computeIfAbsent(name, this::build);
    }

    private ChatModel build(String name) {
        String key = properties.apiKey() == null || properties.apiKey().isBlank() ? "none" : properties.apiKey();
        return OpenAiChatModel.builder()
                .baseUrl(properties.baseUrl().toString())
                .apiKey(key)
                .modelName(name)
                .temperature(0.0)
                .timeout(properties.timeout())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false)
                .httpClientBuilder(new JdkHttpClientBuilder()
                        .httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                        .connectTimeout(CONNECT_TIMEOUT)
                        .readTimeout(properties.timeout()))
                .build();
    }
}
