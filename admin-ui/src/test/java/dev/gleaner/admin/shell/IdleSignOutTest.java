package dev.gleaner.admin.shell;

import static com.github.mvysny.kaributesting.v10.ElementUtilsKt._fireDomEvent;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.dom.DomEvent;
import com.vaadin.flow.server.VaadinSession;

import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The idle clock: a click or a key in any tab of a session moves it on, and the session is idle once none came
 * for the timeout. (Signing the idle tab out in a real browser is shown by the console's end-to-end test.)
 */
class IdleSignOutTest {

    private final MovableClock clock = new MovableClock();
    private final IdleSignOut idleSignOut = new IdleSignOut(Duration.ofMinutes(30), clock);

    @BeforeEach
    void mockVaadin() {
        MockVaadin.setup(new Routes(), UI::new);
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
        idleSignOut.destroy();
    }

    private static IdleSignOut.LastAction last() {
        return VaadinSession.getCurrent().getAttribute(IdleSignOut.LastAction.class);
    }

    private static void fire(String type) {
        _fireDomEvent(UI.getCurrent().getElement(),
                new DomEvent(UI.getCurrent().getElement(), type, JsonNodeFactory.instance.objectNode()));
    }

    @Test
    void aSessionWithoutAClickOrAKeyForTheTimeoutIsIdle() {
        idleSignOut.watch(UI.getCurrent());
        clock.advance(Duration.ofMinutes(29));
        assertThat(idleSignOut.idle(last())).isFalse();

        clock.advance(Duration.ofMinutes(1));
        assertThat(idleSignOut.idle(last())).isTrue();
    }

    @Test
    void aClickOrAKeyMovesTheClockOn() {
        idleSignOut.watch(UI.getCurrent());
        clock.advance(Duration.ofMinutes(20));
        fire("click");
        clock.advance(Duration.ofMinutes(20));
        assertThat(idleSignOut.idle(last())).isFalse();

        fire("keydown");
        clock.advance(Duration.ofMinutes(29));
        assertThat(idleSignOut.idle(last())).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(idleSignOut.idle(last())).isTrue();
    }

    @Test
    void anotherEventIsNoAction() {
        idleSignOut.watch(UI.getCurrent());
        clock.advance(Duration.ofMinutes(20));
        fire("mousemove");
        clock.advance(Duration.ofMinutes(10));
        assertThat(idleSignOut.idle(last())).isTrue();
    }

    @Test
    void theTabsOfOneSessionShareOneClock() {
        idleSignOut.watch(UI.getCurrent());
        IdleSignOut.LastAction first = last();
        clock.advance(Duration.ofMinutes(25));
        // a second tab of the session loads: the operator is there
        IdleSignOut.LastAction second = IdleSignOut.LastAction.of(VaadinSession.getCurrent(), clock.instant());
        assertThat(second).isSameAs(first);
        clock.advance(Duration.ofMinutes(25));
        assertThat(idleSignOut.idle(first)).isFalse();
    }

    /** A clock the test moves on. */
    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-01T03:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
