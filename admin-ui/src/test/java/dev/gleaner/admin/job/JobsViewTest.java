package dev.gleaner.admin.job;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.markdown.Markdown;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.support.ViewTest;
import dev.gleaner.core.client.job.AdminJobView;
import dev.gleaner.core.client.job.JobError;
import tools.jackson.databind.json.JsonMapper;

/** The jobs view: every tenant's jobs found through core-api, one shown with its attempts and result, cancel, retry. */
class JobsViewTest extends ViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final UUID tenant = UUID.randomUUID();

    private AdminJobView job(String status, String url, Instant created, String result) {
        UUID id = UUID.randomUUID();
        AdminJobView job = new AdminJobView(id, tenant, url, status, "job", null, 1, 3, null,
                status.equals("failed") ? new JobError("urn:gleaner:problem:page-timed-out", "Page timed out",
                        "the page did not load within 30000 ms", "TIMEOUT") : null,
                created, created, created.plusMillis(1500), JSON.readTree("{\"url\":\"" + url + "\"}"),
                result == null ? null : JSON.readTree(result),
                List.of(new AdminJobView.Attempt(1, "core-a", created, created.plusMillis(1500),
                        status.equals("failed") ? "failed" : "succeeded")));
        admin.jobs.add(job);
        return job;
    }

    @SuppressWarnings("unchecked")
    private static Grid<AdminJobView> grid() {
        return _get(Grid.class, spec -> spec.withId("jobs-grid"));
    }

    private JobsView open() {
        JobsView view = show(new JobsView(admin, refresher));
        view.search();
        return view;
    }

    @Test
    @SuppressWarnings("unchecked")
    void jobsAreFoundByStatusAndTenantInCoreApiNewestFirst() {
        job("succeeded", "https://example.com/a", Instant.parse("2026-12-01T10:00:00Z"), null);
        job("failed", "https://slow.example/b", Instant.parse("2026-12-01T11:00:00Z"), null);
        open();
        assertThat(GridKt._size(grid())).isEqualTo(2);
        assertThat(GridKt._get(grid(), 0).url()).isEqualTo("https://slow.example/b");

        _get(Select.class, spec -> spec.withId("jobs-status")).setValue("failed");
        _get(TextField.class, spec -> spec.withId("jobs-tenant")).setValue(tenant.toString());
        _click(_get(Button.class, spec -> spec.withId("jobs-search")));
        assertThat(GridKt._size(grid())).isEqualTo(1);
        assertThat(admin.lastQuery.get("jobs.status")).isEqualTo("failed");
        assertThat(admin.lastQuery.get("jobs.tenant")).isEqualTo(tenant);

        _get(Select.class, spec -> spec.withId("jobs-status")).setValue("any");
        _get(Select.class, spec -> spec.withId("jobs-order")).setValue("oldest first");
        assertThat(GridKt._get(grid(), 0).url()).as("ordered by core-api").isEqualTo("https://example.com/a");
        assertThat(admin.lastQuery.get("jobs.order")).isEqualTo("asc");
    }

    @Test
    void aJobShowsItsAttemptsTypedErrorAndRenderedMarkdownAndScreenshot() {
        UUID shot = UUID.randomUUID();
        admin.artifacts.put(shot, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        AdminJobView done = job("succeeded", "https://example.com/a", Instant.now(), "{\"statusCode\":200,"
                + "\"finalUrl\":\"https://example.com/a\",\"markdown\":\"# Hello\\n\\nworld\",\"screenshot\":{\"url\":"
                + "\"/v1/artifacts/" + shot + "\",\"contentType\":\"image/png\",\"bytes\":4}}");
        open();
        grid().select(done);

        assertThat(_get(H3.class, spec -> spec.withId("job-title")).getText()).isEqualTo("Job " + done.id());
        assertThat(_get(Paragraph.class, spec -> spec.withId("job-summary")).getText()).contains("succeeded",
                "attempt 1 of 3", "took 1500 ms");
        @SuppressWarnings("unchecked")
        Grid<AdminJobView.Attempt> attempts = _get(Grid.class, spec -> spec.withId("job-attempts"));
        assertThat(GridKt._size(attempts)).isEqualTo(1);
        assertThat(_get(Markdown.class, spec -> spec.withId("job-markdown")).getContent()).startsWith("# Hello");
        assertThat(_get(Image.class, spec -> spec.withId("job-screenshot")).getAlt()).hasValue("Screenshot of the page");
        assertThat(_get(Anchor.class, spec -> spec.withId("job-artifact-screenshot")).getText()).contains("image/png");

        AdminJobView failed = job("failed", "https://slow.example/b", Instant.now(), null);
        open();
        grid().select(failed);
        assertThat(_get(Paragraph.class, spec -> spec.withId("job-error")).getText())
                .contains("Page timed out (TIMEOUT)", "did not load within 30000 ms");
    }

    @Test
    void aJobShowsWhatTheModelExtractedOrWhyItFailedWithItsRawAnswer() {
        AdminJobView extracted = job("succeeded", "https://shop.example/kettle", Instant.now(), "{\"statusCode\":200,"
                + "\"extract\":{\"product\":\"Blue Kettle\",\"price\":24.5},"
                + "\"llm\":{\"model\":\"small\",\"calls\":1,\"inputTokens\":812,\"outputTokens\":17}}");
        open();
        grid().select(extracted);
        assertThat(_get(Paragraph.class, spec -> spec.withId("job-llm")).getText())
                .isEqualTo("Extracted by small: 1 calls, 812 tokens in, 17 out");
        assertThat(_get(Pre.class, spec -> spec.withId("job-extract")).getText()).contains("\"Blue Kettle\"", "24.5");

        AdminJobView invalid = job("failed", "https://shop.example/red", Instant.now(), "{\"statusCode\":200,"
                + "\"outcome\":\"extraction_failed\",\"extractionError\":{\"type\":"
                + "\"urn:gleaner:problem:extraction-invalid\",\"title\":\"Extraction invalid\",\"detail\":"
                + "\"the model's answer did not validate\",\"errors\":[\"/price: required\"],\"rawAnswer\":"
                + "\"{\\\"cost\\\": 31}\"}}");
        open();
        grid().select(invalid);
        assertThat(_get(Paragraph.class, spec -> spec.withId("job-extraction-error")).getText())
                .contains("Extraction invalid", "/price: required");
        assertThat(_get(Pre.class, spec -> spec.withId("job-extract")).getText()).isEqualTo("{\"cost\": 31}");
    }

    @Test
    void anAdminRunsAFailedJobAgainAndCancelsAQueuedOne() {
        AdminJobView failed = job("failed", "https://slow.example/b", Instant.now(), null);
        open();
        grid().select(failed);
        assertThat(_find(Button.class, spec -> spec.withId("cancel-job"))).isEmpty();
        _click(_get(Button.class, spec -> spec.withId("retry-job")));
        NotificationsKt.expectNotifications("Job " + failed.id() + " queued to run again");
        assertThat(admin.job(failed.id()).status()).isEqualTo("queued");

        _click(_get(Button.class, spec -> spec.withId("cancel-job")));
        assertThat(admin.job(failed.id()).status()).isEqualTo("cancelled");
    }

    @Test
    void aPushShowsTheSelectedJobsNewStatusAndAViewerCannotCancelOrRetry() {
        AdminJobView failed = job("failed", "https://slow.example/b", Instant.now(), null);
        signInAs("victor", SignedIn.VIEWER);
        open();
        grid().select(failed);
        assertThat(_find(Button.class, spec -> spec.withId("retry-job"))).isEmpty();
        assertThat(_find(Button.class, spec -> spec.withId("cancel-job"))).isEmpty();

        admin.retryJob(failed.id());
        push();
        assertThat(_get(Paragraph.class, spec -> spec.withId("job-summary")).getText()).startsWith("queued");
    }
}
