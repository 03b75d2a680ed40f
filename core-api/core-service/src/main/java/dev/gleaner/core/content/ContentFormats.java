package dev.gleaner.core.content;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.gleaner.core.error.DependencyUnavailableException;
import dev.gleaner.core.scrape.ScrapeCommand;
import dev.gleaner.farm.client.render.RenderOptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Makes the formats asked for from a page's HTML ({@link PageContent}) on a scheduler of its own,
 * as many threads as cores and a bounded queue, so parsing megabytes of HTML never runs on an
 * event loop and a flood of big pages queues (or is refused) instead of starving the service.
 */
@Component
public class ContentFormats implements DisposableBean {

    /** What was made; a format not asked for is null. {@code forModel} is the main content's Markdown, for a model. */
    public record Made(String html, String markdown, String text, List<String> links, List<String> images,
            PageContent.Meta meta, Map<String, Object> extract, String forModel) {

        static final Made NOTHING = new Made(null, null, null, null, null, null, null, null);
    }

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final Scheduler scheduler;

    public ContentFormats() {
        this(Runtime.getRuntime().availableProcessors(), 1_000);
    }

    /** @param threads pages processed at once; @param queued pages that may wait for a thread before more are refused */
    ContentFormats(int threads, int queued) {
        this.scheduler = Schedulers.newBoundedElastic(threads, queued, "content");
    }

    /** @param baseUrl the page's final URL, for relative links */
    public Mono<Made> make(String html, String baseUrl, ScrapeCommand command) {
        RenderOptions options = command.options();
        boolean cleaned = options.format("html").isPresent();
        boolean markdown = options.format("markdown").isPresent();
        boolean text = options.format("text").isPresent();
        boolean links = options.format("links").isPresent();
        boolean images = options.format("images").isPresent();
        boolean meta = options.format("metadata").isPresent();
        boolean model = command.model() != null;
        if (html == null || !(cleaned || markdown || text || links || images || meta || command.extract() != null
                || model)) {
            return Mono.just(Made.NOTHING);
        }
        return Mono.fromCallable(() -> {
            PageContent content = PageContent.parse(html, baseUrl, command.onlyMainContent(), command.extract());
            String forModel = !model ? null : command.onlyMainContent() ? content.markdown()
                    : PageContent.parse(html, baseUrl, true, null).markdown();
            return new Made(cleaned ? content.html() : null, markdown ? content.markdown() : null, text ? content.text() : null,
                    links ? content.links() : null, images ? content.images() : null, meta ? content.meta() : null,
                    content.extracted(), forModel);
        }).subscribeOn(scheduler).onErrorMap(RejectedExecutionException.class, ContentFormats::busy);
    }

    /** The scheduler's queue is full: many big pages at once. Refused as busy (503), not failed (500). */
    private static Throwable busy(RejectedExecutionException e) {
        return new DependencyUnavailableException("content", "too many pages are being processed right now; retry shortly",
                RETRY_AFTER);
    }

    /** Other CPU work on a page (judging its HTML, say) on the same bounded scheduler. */
    public <T> Mono<T> run(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler).onErrorMap(RejectedExecutionException.class,
                ContentFormats::busy);
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
