package dev.gleaner.admin.security;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.VaadinSession;

/** The sign-in view says why a sign-in failed, in the words of the failure Spring Security kept in the session. */
class LoginViewTest {

    @BeforeEach
    void mockVaadin() {
        MockVaadin.setup(new Routes().autoDiscoverViews("dev.gleaner.admin.security"), UI::new);
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    private static LoginForm failedWith(Exception failure) {
        VaadinSession.getCurrent().getSession().setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION, failure);
        UI.getCurrent().navigate("login", QueryParameters.simple(Map.of("error", "")));
        return _get(LoginForm.class);
    }

    /** The texts the form is given to show (its i18n property, as the browser receives it). */
    private static String shown(LoginForm form) {
        return String.valueOf(form.getElement().getPropertyRaw("i18n"));
    }

    @Test
    void withoutAFailureNoErrorIsShown() {
        UI.getCurrent().navigate("login");
        assertThat(_get(LoginForm.class).isError()).isFalse();
    }

    @Test
    void aConsoleSignedOutForBeingIdleSaysSo() {
        UI.getCurrent().navigate("login", QueryParameters.simple(Map.of("idle", "")));
        LoginForm form = _get(LoginForm.class);
        assertThat(form.isError()).isTrue();
        assertThat(shown(form)).contains("Signed out", "without activity");
    }

    @Test
    void aWrongPasswordAThrottledSignInAndAnUnreachableCoreApiEachSayWhy() {
        LoginForm wrong = failedWith(new BadCredentialsException("wrong username or password"));
        assertThat(wrong.isError()).isTrue();
        assertThat(shown(wrong)).contains("Wrong username or password");

        LoginForm locked = failedWith(new LockedException("too many failed sign-ins for 'alice'; try again in 900 s"));
        assertThat(shown(locked)).contains("Too many failed sign-ins", "try again in 900 s")
                .doesNotContain("Wrong username or password");

        LoginForm unavailable = failedWith(new AuthenticationServiceException("core-api cannot be reached; try again"));
        assertThat(shown(unavailable)).contains("Sign-in not checked", "core-api cannot be reached");
    }
}
