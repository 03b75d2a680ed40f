package dev.gleaner.admin.domain;

import com.vaadin.flow.component.grid.GridSortOrder;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.support.ViewTest;
import dev.gleaner.core.client.policy.DomainPauseView;
import dev.gleaner.core.client.policy.DomainView;

/** The domains view: live health, pausing and resuming, a domain's own settings. */
class DomainsViewTest extends ViewTest {

    private static DomainView seen(String domain, long requests, long throttled) {
        return new DomainView(domain, 2.5, 5, 4, 1, "closed", null, null,
                new DomainView.Recent(requests, throttled, 0, 1, 0, requests / 2.0), List.of(), null, Instant.now());
    }

    @SuppressWarnings("unchecked")
    private static Grid<DomainView> domains() {
        return _get(Grid.class, spec -> spec.withId("domains-grid"));
    }

    @Test
    void theDomainsAreShownAsTheGateSeesThemAndAPushShowsNewFigures() {
        admin.domains.add(seen("example.com", 10, 2));
        show(new DomainsView(admin, refresher));
        assertThat(GridKt._size(domains())).isEqualTo(1);
        assertThat(GridKt._getFormattedRow(domains(), 0)).contains("example.com", "5", "2 (20 %)", "2.50 of 5.00/s",
                "1 of 4", "closed");

        admin.domains.add(seen("slow.example", 4, 4));
        push();
        assertThat(GridKt._size(domains())).isEqualTo(2);
        _get(TextField.class, spec -> spec.withId("domain-filter")).setValue("slow");
        assertThat(GridKt._size(domains())).isEqualTo(1);
    }

    @Test
    void anAdminPausesADomainWithAReasonAndAnEndThenResumesIt() {
        show(new DomainsView(admin, refresher));
        _get(TextField.class, spec -> spec.withId("pause-domain")).setValue("example.com");
        _get(TextField.class, spec -> spec.withId("pause-reason")).setValue("asked us to stop");
        _get(DateTimePicker.class, spec -> spec.withId("pause-until")).setValue(LocalDateTime.of(2030, 1, 2, 3, 4));
        _click(_get(Button.class, spec -> spec.withId("pause-domain-button")));

        DomainPauseView made = admin.pauses.getFirst();
        assertThat(made.domain()).isEqualTo("example.com");
        assertThat(made.reason()).isEqualTo("asked us to stop");
        assertThat(made.until()).isEqualTo(Instant.parse("2030-01-02T03:04:00Z"));
        @SuppressWarnings("unchecked")
        Grid<DomainPauseView> pauses = _get(Grid.class, spec -> spec.withId("pauses-grid"));
        assertThat(GridKt._size(pauses)).isEqualTo(1);

        pauses.select(GridKt._get(pauses, 0));
        push();
        assertThat(pauses.getSelectedItems()).as("a push keeps the operator's selection").hasSize(1);
        _click(_get(Button.class, spec -> spec.withId("resume-domain")));
        assertThat(admin.pauses).isEmpty();
        assertThat(GridKt._size(pauses)).isZero();
    }

    @Test
    void aPauseWithoutAReasonIsRefusedInCoreApisWordsAndABadTenantIdIsMarked() {
        show(new DomainsView(admin, refresher));
        _get(TextField.class, spec -> spec.withId("pause-domain")).setValue("example.com");
        _click(_get(Button.class, spec -> spec.withId("pause-domain-button")));
        NotificationsKt.expectNotifications("reason: is required");
        _get(TextField.class, spec -> spec.withId("pause-tenant")).setValue("not-an-id");
        _click(_get(Button.class, spec -> spec.withId("pause-domain-button")));
        assertThat(_get(TextField.class, spec -> spec.withId("pause-tenant")).isInvalid()).isTrue();
        assertThat(admin.pauses).isEmpty();
    }

    @Test
    void anAdminSetsADomainsOwnRateAndGoesBackToTheDefaults() {
        admin.domains.add(seen("example.com", 10, 0));
        show(new DomainsView(admin, refresher));
        domains().select(GridKt._get(domains(), 0));
        assertThat(_get(TextField.class, spec -> spec.withId("pause-domain")).getValue()).isEqualTo("example.com");
        _get(NumberField.class, spec -> spec.withId("policy-rate")).setValue(0.5);
        _click(_get(Button.class, spec -> spec.withId("set-policy")));
        assertThat(admin.policies.get("example.com").ratePerSecond()).isEqualTo(0.5);
        _click(_get(Button.class, spec -> spec.withId("clear-policy")));
        assertThat(admin.policies).isEmpty();
    }

    @Test
    void aViewerSeesDomainsAndPausesWithoutControls() {
        admin.domains.add(seen("example.com", 10, 0));
        signInAs("victor", SignedIn.VIEWER);
        show(new DomainsView(admin, refresher));
        for (String control : List.of("pause-domain-button", "resume-domain", "set-policy", "clear-policy",
                "pause-reason")) {
            assertThat(_find(Button.class, spec -> spec.withId(control))).as(control).isEmpty();
        }
        assertThat(_find(TextField.class, spec -> spec.withId("pause-reason"))).isEmpty();
        assertThat(_get(NumberField.class, spec -> spec.withId("policy-rate")).isReadOnly()).isTrue();
    }

    @Test
    void theDomainsAreSearchedAndSortedByCoreApi() {
        admin.domains.add(seen("example.com", 10, 2));
        admin.domains.add(seen("busy.example", 10, 7));
        show(new DomainsView(admin, refresher));
        assertThat(GridKt._size(domains())).isEqualTo(2);

        Grid<DomainView> grid = domains();
        grid.sort(GridSortOrder.desc(grid.getColumns().get(2)).build());
        assertThat(GridKt._get(grid, 0).domain()).as("most throttled first").isEqualTo("busy.example");
        assertThat(admin.lastQuery.get("listDomains.sort")).isEqualTo("throttled");
        assertThat(admin.lastQuery.get("listDomains.order")).isEqualTo("desc");

        _get(TextField.class, spec -> spec.withId("domain-filter")).setValue("example.com");
        assertThat(GridKt._size(grid)).isEqualTo(1);
        assertThat(admin.lastQuery.get("listDomains.q")).isEqualTo("example.com");
    }
}
