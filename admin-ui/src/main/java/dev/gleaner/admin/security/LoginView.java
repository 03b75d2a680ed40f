package dev.gleaner.admin.security;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/**
 * Sign-in for operators. A failed sign-in says why: a wrong name or password, too many failures (sign-ins for
 * that name or from that address wait), or core-api out of reach. A console signed out for being idle says so.
 */
@Route("login")
@PageTitle("Sign in · Gleaner")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm login = new LoginForm();

    public LoginView() {
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        login.setAction("login");
        login.setForgotPasswordButtonVisible(false);
        add(new H1("Gleaner admin"), login);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var parameters = event.getLocation().getQueryParameters().getParameters();
        boolean failed = parameters.containsKey("error");
        boolean idle = parameters.containsKey("idle");
        if (idle && !failed) {
            LoginI18n i18n = LoginI18n.createDefault();
            i18n.getErrorMessage().setTitle("Signed out");
            i18n.getErrorMessage().setMessage("The console was signed out after a while without activity. Sign in again.");
            login.setI18n(i18n);
        }
        if (failed) {
            LoginI18n i18n = LoginI18n.createDefault();
            LoginI18n.ErrorMessage error = i18n.getErrorMessage();
            Object last = lastFailure();
            if (last instanceof LockedException locked) {
                error.setTitle("Too many failed sign-ins");
                error.setMessage(locked.getMessage());
            } else if (last instanceof AuthenticationServiceException unavailable) {
                error.setTitle("Sign-in not checked");
                error.setMessage(unavailable.getMessage());
            } else {
                error.setTitle("Wrong username or password");
                error.setMessage("Check them and try again; after a few failures, sign-ins wait a while.");
            }
            login.setI18n(i18n);
        }
        login.setError(failed || idle);
    }

    private static Object lastFailure() {
        VaadinSession session = VaadinSession.getCurrent();
        WrappedSession http = session == null ? null : session.getSession();
        return http == null ? null : http.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    }
}
