package dev.gleaner.admin.job;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.markdown.Markdown;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.job.AdminJobView;
import tools.jackson.databind.JsonNode;

/**
 * One job: status and timings, every attempt, its typed error, a preview of its result (the Markdown rendered, a
 * screenshot thumbnail) and its artifacts, served through the console from core-api. An admin cancels a queued or
 * running job, or runs a failed, blocked or cancelled one again.
 */
final class JobDetail extends VerticalLayout {

    private static final int PREVIEW_CHARS = 20_000;

    private final AdminApi admin;
    private final Runnable changed;
    private final H3 title = new H3();
    private final Paragraph summary = new Paragraph();
    private final Paragraph error = new Paragraph();
    private final Grid<AdminJobView.Attempt> attempts = new Grid<>(AdminJobView.Attempt.class, false);
    private final Div preview = new Div();
    private final Button cancel = new Button("Cancel job");
    private final Button retry = new Button("Run again");
    private UUID shown;

    JobDetail(AdminApi admin, Runnable changed) {
        this.admin = admin;
        this.changed = changed;
        setPadding(false);
        setVisible(false);
        title.setId("job-title");
        summary.setId("job-summary");
        error.setId("job-error");
        preview.setId("job-preview");
        preview.setWidthFull();
        attempts.setId("job-attempts");
        attempts.setAriaLabel("Attempts");
        attempts.addColumn(AdminJobView.Attempt::attempt).setHeader("Attempt");
        attempts.addColumn(AdminJobView.Attempt::worker).setHeader("Worker");
        attempts.addColumn(a -> Shown.instant(a.startedAt())).setHeader("Started");
        attempts.addColumn(a -> Shown.instant(a.finishedAt())).setHeader("Finished");
        attempts.addColumn(a -> a.outcome() == null ? "running" : a.outcome()).setHeader("Outcome");
        attempts.setAllRowsVisible(true);
        HorizontalLayout actions = new HorizontalLayout();
        if (SignedIn.canChange()) {
            cancel.setId("cancel-job");
            cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
            cancel.addClickListener(e -> act(() -> admin.cancelJob(shown), "cancelled"));
            retry.setId("retry-job");
            retry.addClickListener(e -> act(() -> admin.retryJob(shown), "queued to run again"));
            actions.add(cancel, retry);
        }
        add(title, summary, actions, error, new H4("Attempts"), attempts, new H4("Result"), preview);
    }

    void show(UUID id) {
        shown = id;
        refresh();
    }

    /** Reads the shown job again (its status and attempts move while it runs). */
    void refresh() {
        if (shown == null) {
            return;
        }
        CoreApiCall.of(() -> admin.job(shown)).ifPresent(this::render);
    }

    private void render(AdminJobView job) {
        setVisible(true);
        title.setText("Job " + job.id());
        summary.setText(job.status() + " · " + job.kind() + (job.parentId() == null ? "" : " " + job.parentId())
                + " · " + job.url() + " · tenant " + job.tenantId() + " · attempt " + job.attempts() + " of "
                + job.maxAttempts() + " · created " + Shown.instant(job.createdAt()) + " · started "
                + Shown.instant(job.startedAt()) + " · finished " + Shown.instant(job.finishedAt())
                + took(job));
        error.setText(job.error() == null ? "" : job.error().title() + " (" + job.error().outcome() + "): "
                + job.error().detail() + " · " + job.error().type());
        error.setVisible(job.error() != null);
        attempts.setItems(job.history() == null ? List.of() : job.history());
        cancel.setVisible(List.of("queued", "running").contains(job.status()));
        retry.setVisible(job.parentId() == null && List.of("failed", "blocked", "cancelled").contains(job.status()));
        renderResult(job.result());
    }

    private static String took(AdminJobView job) {
        return job.startedAt() == null || job.finishedAt() == null ? ""
                : " · took " + Duration.between(job.startedAt(), job.finishedAt()).toMillis() + " ms";
    }

    private void renderResult(JsonNode result) {
        preview.removeAll();
        if (result == null || result.isNull()) {
            preview.add(new Paragraph("No result (yet)."));
            return;
        }
        preview.add(new Paragraph("HTTP " + result.path("statusCode").asInt() + " · " + result.path("finalUrl").asString("")
                + " · " + result.path("metadata").path("title").asString("")));
        JsonNode screenshot = result.path("screenshot");
        if (screenshot.has("url")) {
            Image thumbnail = new Image(artifact(screenshot, "screenshot"), "Screenshot of the page");
            thumbnail.setId("job-screenshot");
            thumbnail.setMaxWidth("24em");
            thumbnail.getStyle().set("border", "1px solid var(--lumo-contrast-20pct)");
            preview.add(thumbnail);
        }
        for (String name : List.of("screenshot", "pdf", "rawHtmlArtifact")) {
            JsonNode ref = result.path(name);
            if (ref.has("url")) {
                Anchor link = new Anchor(artifact(ref, name), name + " (" + ref.path("contentType").asString("")
                        + ", " + ref.path("bytes").asLong() + " bytes)");
                link.setId("job-artifact-" + name);
                preview.add(new Div(link));
            }
        }
        extraction(result);
        String markdown = result.path("markdown").asString("");
        if (!markdown.isEmpty()) {
            Markdown rendered = new Markdown(markdown.length() > PREVIEW_CHARS
                    ? markdown.substring(0, PREVIEW_CHARS) + "\n\n… (" + markdown.length() + " characters in all)"
                    : markdown);
            rendered.setId("job-markdown");
            preview.add(rendered);
        }
    }

    /** What a language model extracted (the JSON, and its tokens), or why it failed, with its raw answer. */
    private void extraction(JsonNode result) {
        JsonNode llm = result.path("llm");
        if (llm.isObject()) {
            Paragraph used = new Paragraph("Extracted by " + llm.path("model").asString("?") + ": "
                    + llm.path("calls").asInt() + " calls, " + llm.path("inputTokens").asLong() + " tokens in, "
                    + llm.path("outputTokens").asLong() + " out");
            used.setId("job-llm");
            preview.add(used);
        }
        JsonNode failed = result.path("extractionError");
        if (failed.isObject()) {
            Paragraph why = new Paragraph("Extraction failed: " + failed.path("title").asString("") + " — "
                    + failed.path("detail").asString("") + (failed.path("errors").isArray()
                            ? " " + failed.path("errors").toString() : ""));
            why.setId("job-extraction-error");
            preview.add(why);
        }
        JsonNode shown = result.has("extract") ? result.get("extract")
                : failed.has("rawAnswer") ? failed.get("rawAnswer") : null;
        if (shown != null) {
            Pre json = new Pre(shown.isString() ? shown.asString() : shown.toPrettyString());
            json.setId("job-extract");
            json.getElement().setAttribute("aria-label", result.has("extract") ? "The extracted JSON"
                    : "The model's raw answer");
            preview.add(json);
        }
    }

    /** An artifact of the job's tenant, fetched from core-api when the browser asks for it. */
    private DownloadHandler artifact(JsonNode ref, String name) {
        String url = ref.path("url").asString("");
        UUID id = UUID.fromString(url.substring(url.lastIndexOf('/') + 1));
        return DownloadHandler.fromInputStream(event -> {
            ResponseEntity<byte[]> stored = admin.artifact(id);
            byte[] bytes = stored.getBody() == null ? new byte[0] : stored.getBody();
            MediaType type = stored.getHeaders().getContentType();
            return new DownloadResponse(new ByteArrayInputStream(bytes), name,
                    type == null ? "application/octet-stream" : type.toString(), bytes.length);
        });
    }

    private void act(java.util.function.Supplier<AdminJobView> action, String done) {
        CoreApiCall.of(action).ifPresent(job -> {
            CoreApiCall.success("Job " + job.id() + " " + done);
            render(withHistoryOf(job));
            changed.run();
        });
    }

    private AdminJobView withHistoryOf(AdminJobView job) {
        return CoreApiCall.of(() -> admin.job(job.id())).orElse(job);
    }
}
