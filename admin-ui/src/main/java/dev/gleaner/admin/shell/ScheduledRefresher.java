package dev.gleaner.admin.shell;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.vaadin.flow.component.UI;

import dev.gleaner.admin.config.AdminUiProperties;

/**
 * {@link Refresher} on one small scheduler shared by every open view: each round runs on a virtual thread of its
 * own, which takes the view's UI ({@link UI#access}) and calls core-api, so the scheduler never waits on a session
 * lock or on core-api, and a slow view delays no other. A round that is still running when the next is due is
 * not started twice (the delay counts from the end of a round's hand-over).
 */
@Component
public class ScheduledRefresher implements Refresher, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ScheduledRefresher.class);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1,
            Thread.ofPlatform().name("view-refresh").daemon().factory());
    private final ExecutorService rounds = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration period;

    public ScheduledRefresher(AdminUiProperties properties) {
        this.period = properties.refresh();
    }

    @Override
    public void every(com.vaadin.flow.component.Component view, Runnable refresh) {
        view.addAttachListener(attached -> {
            UI ui = attached.getUI();
            AtomicBoolean running = new AtomicBoolean();
            ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(() -> {
                if (running.compareAndSet(false, true)) {
                    rounds.execute(() -> {
                        try {
                            ui.access(refresh::run).get();
                        } catch (Exception e) {
                            log.debug("a view refresh was not run ({})", e.toString());
                        } finally {
                            running.set(false);
                        }
                    });
                }
            }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
            view.addDetachListener(detached -> {
                task.cancel(false);
                detached.unregisterListener();
            });
        });
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
        rounds.shutdownNow();
    }
}
