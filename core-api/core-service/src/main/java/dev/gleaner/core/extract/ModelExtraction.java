package dev.gleaner.core.extract;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.gleaner.core.client.scrape.ExtractionError;
import dev.gleaner.core.client.scrape.LlmUsage;
import dev.gleaner.core.error.GleanerException;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Extracts structured data from a page's main content with a chat model, and never answers an empty success:
 * the answer validates (against the request's JSON Schema, or as JSON at all), or the extraction fails typed.
 *
 * <ul>
 * <li>A page longer than the model's input limit is split ({@link PageChunks}); each chunk is asked for in turn
 * and the answers merged by the schema's shape ({@link JsonMerge}).</li>
 * <li>An answer that does not validate gets one repair: the model is shown its answer and what was wrong with it.
 * Still invalid: {@code extraction-invalid}, with the problems and the raw answer.</li>
 * <li>A call that times out, is rate-limited (429) or fails on the model's side (5xx, unreachable) is retried
 * with a doubling backoff while the request's extraction budget lasts; then it fails typed
 * ({@code model-timed-out}, {@code model-rate-limited}, {@code model-unavailable}). A call the endpoint refuses
 * (401, 400, an unknown model) fails at once: {@code model-refused}.</li>
 * </ul>
 * Calls block (langchain4j), so they run on Reactor's bounded elastic threads, never on an event loop. Metrics:
 * {@code gleaner_llm_calls_total{outcome}}, {@code gleaner_llm_tokens_total{direction}},
 * {@code gleaner_llm_latency_seconds}, {@code gleaner_llm_errors_total{type}}.
 */
@Service
public class ModelExtraction {

    private static final Logger log = LoggerFactory.getLogger(ModelExtraction.class);
    static final String INVALID = "extraction-invalid";
    private static final int CHARS_PER_TOKEN = 4;
    private static final int MIN_CHUNK_CHARS = 1_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LlmProperties properties;
    private final ChatModels models;
    private final MeterRegistry meters;
    private final Timer latency;

    public ModelExtraction(LlmProperties properties, ChatModels models, MeterRegistry meters) {
        this.properties = properties;
        this.models = models;
        this.meters = meters;
        this.latency = Timer.builder("gleaner.llm.latency").description("Calls to the language model, each")
                .register(meters);
    }

    public boolean available() {
        return properties.configured();
    }

    /**
     * What {@code model} (null: the configured one) extracts from {@code page} (Markdown) as {@code what} asks,
     * within its budget; a failure is an answer too ({@link Extracted#error()}), not an error signal.
     */
    public Mono<Extracted> extract(ModelExtract what, String page, String url, String model, Integer maxInputTokens) {
        String name = model == null ? properties.model() : model;
        int inputTokens = maxInputTokens == null ? properties.maxInputTokens() : maxInputTokens;
        long deadline = System.nanoTime() + what.budget().toNanos();
        Tally tally = new Tally(name);
        return Mono.defer(() -> {
            ChatModel chat = models.named(name);
            int chunkChars = Math.max(MIN_CHUNK_CHARS,
                    inputTokens * CHARS_PER_TOKEN - ExtractionPrompt.overhead(what.schema(), what.prompt(), url));
            List<String> chunks = PageChunks.split(page, chunkChars);
            return Flux.range(0, chunks.size())
                    .concatMap(i -> chunk(chat, what, url, chunks.get(i), i + 1, chunks.size(), deadline, tally))
                    .reduce((a, b) -> JsonMerge.merge(what.schema(), a, b))
                    .map(value -> new Extracted(value, null, tally.usage()));
        }).onErrorResume(Failure.class, f -> {
            Counter.builder("gleaner.llm.errors").tag("type", f.error.type().substring(GleanerException.TYPE_PREFIX.length()))
                    .description("Extractions by a language model that failed, by why").register(meters).increment();
            log.info("extraction from {} failed: {}", url, f.error.detail());
            return Mono.just(new Extracted(null, f.error, tally.usage()));
        });
    }

    /** One chunk: asked, checked, repaired once if it must be. */
    private Mono<JsonNode> chunk(ChatModel chat, ModelExtract what, String url, String text, int part, int parts,
            long deadline, Tally tally) {
        List<ChatMessage> asked = ExtractionPrompt.ask(what.schema(), what.prompt(), url, text, part, parts);
        return call(chat, asked, deadline, tally).flatMap(answer -> {
            List<String> problems = problems(what, answer);
            if (problems.isEmpty()) {
                return Mono.just(parse(answer));
            }
            return call(chat, ExtractionPrompt.repair(asked, answer, problems), deadline, tally).flatMap(repaired -> {
                List<String> still = problems(what, repaired);
                Counter.builder("gleaner.llm.repairs").tag("result", still.isEmpty() ? "fixed" : "still-invalid")
                        .description("Invalid answers sent back once for repair, by how it went").register(meters)
                        .increment();
                return still.isEmpty() ? Mono.just(parse(repaired))
                        : Mono.error(new Failure(new ExtractionError(GleanerException.TYPE_PREFIX + INVALID,
                                "Extraction invalid", "the model's answer did not validate"
                                        + (what.validator() == null ? " as JSON" : " against the schema")
                                        + ", repaired once; the problems and the last answer are given",
                                still, repaired)));
            });
        });
    }

    /** One call, retried while it may be and the budget lasts; its answer's text. */
    private Mono<String> call(ChatModel chat, List<ChatMessage> messages, long deadline, Tally tally) {
        ChatRequest request = ChatRequest.builder().messages(messages).responseFormat(ResponseFormat.JSON).build();
        return Mono.defer(() -> {
                    Duration left = Duration.ofNanos(deadline - System.nanoTime());
                    if (left.isNegative() || left.isZero()) {
                        return Mono.error(new TimeoutException("the extraction's budget is used up"));
                    }
                    Duration limit = left.compareTo(properties.timeout()) < 0 ? left : properties.timeout();
                    long start = System.nanoTime();
                    return Mono.fromCallable(() -> chat.chat(request))
                            .subscribeOn(Schedulers.boundedElastic())
                            .timeout(limit, Mono.error(() -> new TimeoutException("no answer within " + limit.toMillis()
                                    + " ms")))
                            .doOnEach(signal -> {
                                if (signal.isOnNext() || signal.isOnError()) {
                                    latency.record(Duration.ofNanos(System.nanoTime() - start));
                                    calls(signal.isOnNext() ? "ok" : ModelFailure.of(signal.getThrowable()).tag);
                                }
                            });
                })
                .retryWhen(Retry.backoff(properties.maxRetries(), properties.retryBackoff())
                        .filter(e -> ModelFailure.of(e).retriable
                                && deadline - System.nanoTime() > properties.retryBackoff().toNanos())
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .doOnNext(response -> {
                    tally.add(response);
                    tokens(response.tokenUsage());
                })
                .map(response -> response.aiMessage() == null || response.aiMessage().text() == null ? ""
                        : response.aiMessage().text())
                .onErrorMap(e -> !(e instanceof Failure), e -> new Failure(ModelFailure.typed(e, properties.apiKey())));
    }

    private void tokens(TokenUsage used) {
        if (used != null) {
            count("input", used.inputTokenCount());
            count("output", used.outputTokenCount());
        }
    }

    private void count(String direction, Integer tokens) {
        if (tokens != null && tokens > 0) {
            Counter.builder("gleaner.llm.tokens").tag("direction", direction)
                    .description("Tokens sent to and answered by the language model").register(meters).increment(tokens);
        }
    }

    private void calls(String outcome) {
        Counter.builder("gleaner.llm.calls").tag("outcome", outcome).description("Calls to the language model, by outcome")
                .register(meters).increment();
    }

    /** What is wrong with an answer: not JSON, or not valid against the schema; empty when it is good. */
    static List<String> problems(ModelExtract what, String answer) {
        String text = unfenced(answer);
        if (text.isBlank()) {
            return List.of("the answer is empty");
        }
        JsonNode value;
        try {
            value = JSON.readTree(text);
        } catch (JacksonException e) {
            return List.of("the answer is not JSON: " + e.getOriginalMessage());
        }
        return what.validator() == null ? List.of() : ExtractionSchemas.problems(what.validator(), value);
    }

    private static JsonNode parse(String answer) {
        return JSON.readTree(unfenced(answer));
    }

    /** The answer without a Markdown code fence around it, which some models add even in JSON mode. */
    static String unfenced(String answer) {
        String text = answer == null ? "" : answer.strip();
        if (text.startsWith("```") && text.endsWith("```") && text.length() >= 6) {
            text = text.substring(3, text.length() - 3);
            if (text.startsWith("json")) {
                text = text.substring(4);
            }
        }
        return text.strip();
    }

    /** Calls and tokens of one extraction. */
    private static final class Tally {

        private final String model;
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicLong input = new AtomicLong();
        private final AtomicLong output = new AtomicLong();

        Tally(String model) {
            this.model = model;
        }

        void add(ChatResponse response) {
            calls.incrementAndGet();
            TokenUsage used = response.tokenUsage();
            if (used != null) {
                input.addAndGet(used.inputTokenCount() == null ? 0 : used.inputTokenCount());
                output.addAndGet(used.outputTokenCount() == null ? 0 : used.outputTokenCount());
            }
        }

        LlmUsage usage() {
            return new LlmUsage(model, calls.get(), input.get(), output.get());
        }
    }

    /** An extraction's typed failure, carried through the chain. */
    private static final class Failure extends RuntimeException {

        private final ExtractionError error;

        Failure(ExtractionError error) {
            super(error.detail(), null, false, false);
            this.error = error;
        }
    }
}
