package dev.gleaner.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.error.DependencyUnavailableException;
import reactor.core.Disposable;

/** A full content scheduler refuses more work as busy (a 503 with Retry-After), not as an internal error. */
class ContentFormatsTest {

    @Test
    void workBeyondTheBoundedQueueIsRefusedAsBusy() {
        ContentFormats content = new ContentFormats(1, 2);
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> refused = new ConcurrentLinkedQueue<>();
        List<Disposable> holding = new ArrayList<>();
        try {
            // one thread and two places in its queue: what comes after them, while they are held, is refused at once
            for (int i = 0; i < 6 && refused.isEmpty(); i++) {
                holding.add(content.run(() -> {
                    release.await();
                    return "done";
                }).subscribe(done -> { }, refused::add));
            }
            assertThat(refused).hasSize(1).first().isInstanceOf(DependencyUnavailableException.class)
                    .hasFieldOrPropertyWithValue("message", "too many pages are being processed right now; retry shortly");
            // Reactor counts a task that has not started yet against the queue, so the third or the fourth is refused
            assertThat(holding).as("refused only once the thread and its queue are taken").hasSizeBetween(3, 4);
        } finally {
            release.countDown();
            holding.forEach(Disposable::dispose);
            content.destroy();
        }
    }
}
