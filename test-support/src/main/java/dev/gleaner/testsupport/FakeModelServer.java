package dev.gleaner.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible chat endpoint over real HTTP on loopback ({@code POST <baseUrl>/chat/completions}), whose
 * answers a test decides: a {@link Function} from each call (the model, its messages, the key it came with) to a
 * {@link Reply} (an answer, an HTTP error, or an answer after a delay). Every call is kept for the test to look at.
 */
public final class FakeModelServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One message of a call: {@code system}, {@code user} or {@code assistant}, and its text. */
    public record Message(String role, String content) {
    }

    /** One call as the endpoint received it. */
    public record Call(String model, List<Message> messages, String responseFormat, String authorization) {

        /** The text of the messages of {@code role}, joined. */
        public String text(String role) {
            return String.join("\n", messages.stream().filter(m -> m.role().equals(role)).map(Message::content).toList());
        }

        /** Whether this call is a repair: it carries an earlier answer of the model's. */
        public boolean isRepair() {
            return messages.stream().anyMatch(m -> m.role().equals("assistant"));
        }
    }

    /**
     * What the endpoint answers: {@code status} 200 with {@code content} as the assistant's message (and token
     * counts), or another status with an error body; after {@code delay}.
     */
    public record Reply(int status, String content, Duration delay, int inputTokens, int outputTokens) {

        public static Reply answer(String content) {
            return new Reply(200, content, Duration.ZERO, 100, 20);
        }

        public static Reply status(int status) {
            return new Reply(status, null, Duration.ZERO, 0, 0);
        }

        public Reply after(Duration wait) {
            return new Reply(status, content, wait, inputTokens, outputTokens);
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Function<Call, Reply> brain;

    public FakeModelServer(Function<Call, Reply> brain) {
        this.brain = brain;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The base URL to configure, e.g. {@code http://127.0.0.1:4242/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            List<Message> messages = new ArrayList<>();
            for (JsonNode m : body.path("messages")) {
                messages.add(new Message(m.path("role").asString(), content(m.path("content"))));
            }
            Call call = new Call(body.path("model").asString(), messages,
                    body.path("response_format").path("type").asString(null),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            calls.add(call);
            Reply reply = brain.apply(call);
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay());
            }
            byte[] out = (reply.status() == 200 ? JSON.writeValueAsString(Map.of("id", "chatcmpl-" + calls.size(),
                    "object", "chat.completion", "created", 1_764_000_000, "model", call.model(),
                    "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", reply.content()))),
                    "usage", Map.of("prompt_tokens", reply.inputTokens(), "completion_tokens", reply.outputTokens(),
                            "total_tokens", reply.inputTokens() + reply.outputTokens())))
                    : JSON.writeValueAsString(Map.of("error", Map.of("message", "canned failure " + reply.status(),
                            "type", "test")))).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), out.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (it timed out): nothing to answer
        }
    }

    /** A message's text: a string, or the text parts of a list of parts. */
    private static String content(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asString("")));
        return text.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
