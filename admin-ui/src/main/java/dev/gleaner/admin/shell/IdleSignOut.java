package dev.gleaner.admin.shell;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.CustomizedSystemMessages;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedSession;

import dev.gleaner.admin.config.AdminUiProperties;
import dev.gleaner.admin.security.SignedIn;

/**
 * Signs a console out after {@link AdminUiProperties#sessionTimeout()} without an operator's action, even while
 * one of its tabs stays open. The servlet session's own timeout cannot: an open tab's push connection and
 * heartbeats keep it alive. An action is a click or a key pressed anywhere in any tab of the session (a page load
 * too); what the server pushes, and the requests a grid makes for rows, are not. The HTTP session is then
 * invalidated (its cookie reaches no view any more) and the signed-out tab goes to the sign-in view, which says
 * why.
 */
@Component
public class IdleSignOut implements VaadinServiceInitListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IdleSignOut.class);
    /** Where a signed-out tab goes. */
    public static final String SIGNED_OUT_LOCATION = "login?idle";
    /** The browser reports at most one click or key in this long (the first one at once). */
    private static final int ACTION_THROTTLE_MS = 5_000;
    /** How long past the timeout and a check an idle tab asks whether its session has ended. */
    private static final long FOLLOW_MARGIN_MS = 5_000;
    /** The event an idle tab sends to ask. */
    private static final String ASK_EVENT = "gleaner-idle-ask";

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1,
            Thread.ofPlatform().name("idle-sign-out").daemon().factory());
    private final ExecutorService signOuts = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration timeout;
    private final Clock clock;

    @Autowired
    public IdleSignOut(AdminUiProperties properties) {
        this(properties.sessionTimeout(), Clock.systemUTC());
    }

    IdleSignOut(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().setSystemMessagesProvider(info -> {
            CustomizedSystemMessages messages = new CustomizedSystemMessages();
            messages.setSessionExpiredURL(SIGNED_OUT_LOCATION);
            messages.setSessionExpiredNotificationEnabled(false);
            return messages;
        });
        event.getSource().addUIInitListener(initialized -> {
            if (SignedIn.name().isPresent()) {
                watch(initialized.getUI());
            } else {
                log.debug("UI {} not watched: nobody signed in", initialized.getUI().getUIId());
            }
        });
    }

    /** Counts the operator's actions in {@code ui} and signs its session out once they stop for too long. */
    void watch(UI ui) {
        LastAction last = LastAction.of(ui.getSession(), clock.instant());
        for (String type : List.of("click", "keydown")) {
            ui.getElement().addEventListener(type, event -> last.seen(clock.instant()))
                    .throttle(ACTION_THROTTLE_MS)
                    // a modal dialog makes the rest of the UI inert; a click in it is still an action
                    .allowInert();
        }
        long period = Math.clamp(timeout.toMillis() / 4, 1_000, 15_000);
        // the tab's own clock: past the timeout and a check, it asks the server (an event that is no action),
        // which finds the session ended and sends the tab to the sign-in view; in a session still in use by
        // another tab, nothing happens
        ui.getElement().addEventListener(ASK_EVENT, event -> { }).allowInert();
        ui.getElement().executeJs("""
                const host = this, after = $0;
                let last = Date.now();
                const seen = () => { last = Date.now(); };
                document.addEventListener('click', seen, true);
                document.addEventListener('keydown', seen, true);
                setInterval(() => {
                    if (Date.now() - last > after) {
                        last = Date.now();
                        host.dispatchEvent(new CustomEvent($1));
                    }
                }, 1000);""", timeout.toMillis() + period + FOLLOW_MARGIN_MS, ASK_EVENT);
        AtomicBoolean signingOut = new AtomicBoolean();
        ScheduledFuture<?> check = scheduler.scheduleWithFixedDelay(() -> {
            if (idle(last) && signingOut.compareAndSet(false, true)) {
                signOuts.execute(() -> {
                    try {
                        signOut(ui);
                    } finally {
                        signingOut.set(false);
                    }
                });
            }
        }, period, period, TimeUnit.MILLISECONDS);
        ui.addDetachListener(detached -> check.cancel(false));
        log.debug("watching UI {} for actions; signed out after {} without one", ui.getUIId(), timeout);
    }

    boolean idle(LastAction last) {
        return !clock.instant().isBefore(last.at().plus(timeout));
    }

    /**
     * Ends the session: its cookie reaches no view any more. The tab learns of it at its next request to the
     * server, and goes to the sign-in view (the session-expired address set in {@link #serviceInit}), which then
     * opens in a new session with its own sign-in form token; {@link #watch} makes the tab send one when it has
     * seen no action for a while.
     */
    private void signOut(UI ui) {
        try {
            AtomicReference<WrappedSession> session = new AtomicReference<>();
            ui.access(() -> session.set(ui.getSession().getSession())).get(30, TimeUnit.SECONDS);
            if (session.get() != null) {
                session.get().invalidate();
            }
            log.debug("UI {} signed out after {} without an action", ui.getUIId(), timeout);
        } catch (IllegalStateException alreadyEnded) {
            log.debug("an idle session had ended already ({})", alreadyEnded.toString());
        } catch (Exception e) {
            log.debug("an idle session was not signed out this round ({})", e.toString());
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
        signOuts.shutdownNow();
    }

    /** The last action in any tab of one session; read without the session's lock. */
    static final class LastAction {

        private final AtomicReference<Instant> at;

        private LastAction(Instant now) {
            this.at = new AtomicReference<>(now);
        }

        /** The session's clock, started (or, for a new tab, moved on) by a page load at {@code now}. */
        static LastAction of(VaadinSession session, Instant now) {
            LastAction last = session.getAttribute(LastAction.class);
            if (last == null) {
                last = new LastAction(now);
                session.setAttribute(LastAction.class, last);
            }
            last.seen(now);
            return last;
        }

        void seen(Instant now) {
            at.accumulateAndGet(now, (a, b) -> a.isAfter(b) ? a : b);
        }

        Instant at() {
            return at.get();
        }
    }
}
