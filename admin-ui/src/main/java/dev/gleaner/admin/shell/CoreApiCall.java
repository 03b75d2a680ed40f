package dev.gleaner.admin.shell;

import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.http.ProblemDetail;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/**
 * Runs one call of core-api's admin API for a view. A refusal becomes an error notification in core-api's own
 * words (its problem's detail), and the view changes nothing; success can be said in a notification too.
 */
public final class CoreApiCall {

    private static final int SHOWN_MS = 6000;

    private CoreApiCall() {
    }

    /** The call's answer, or empty when it failed (the operator has been told why). */
    public static <T> Optional<T> of(Supplier<T> action) {
        try {
            return Optional.ofNullable(action.get());
        } catch (RestClientResponseException e) {
            ProblemDetail problem = e.getResponseBodyAs(ProblemDetail.class);
            error(problem != null && problem.getDetail() != null ? problem.getDetail()
                    : e.getStatusCode().value() + " " + e.getStatusText());
        } catch (RestClientException e) {
            error("core-api cannot be reached: " + e.getMostSpecificCause().getMessage());
        }
        return Optional.empty();
    }

    /** Whether an answerless call succeeded (the operator has been told why not). */
    public static boolean run(Runnable action) {
        return of(() -> {
            action.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    public static void success(String text) {
        show(text, NotificationVariant.LUMO_SUCCESS);
    }

    public static void error(String text) {
        show(text, NotificationVariant.LUMO_ERROR);
    }

    private static void show(String text, NotificationVariant variant) {
        Notification notification = Notification.show(text, SHOWN_MS, Notification.Position.TOP_CENTER);
        notification.addThemeVariants(variant);
    }
}
