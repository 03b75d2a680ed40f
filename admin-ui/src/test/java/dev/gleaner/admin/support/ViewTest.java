package dev.gleaner.admin.support;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.shell.Refresher;

/**
 * A view on a mocked Vaadin session against an {@link InMemoryAdminApi}, signed in as an admin unless a test signs
 * in as a viewer. Its {@link #refresher} runs the views' refreshes only when a test calls {@link #push()}.
 */
public abstract class ViewTest {

    protected InMemoryAdminApi admin;
    private final List<Runnable> refreshes = new ArrayList<>();
    protected final Refresher refresher = (view, refresh) -> refreshes.add(refresh);

    @BeforeEach
    void mockVaadin() {
        MockVaadin.setup(routes(), UI::new);
        admin = new InMemoryAdminApi();
        signInAs("alice", SignedIn.ADMIN);
    }

    @AfterEach
    void tearDownVaadin() {
        MockVaadin.tearDown();
        SecurityContextHolder.clearContext();
    }

    /** The routes the mocked session knows: none, as views are shown by constructing them. */
    protected Routes routes() {
        return new Routes();
    }

    protected static void signInAs(String name, String authority) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name,
                null, List.of(new SimpleGrantedAuthority(authority))));
    }

    protected static <C extends Component> C show(C view) {
        UI.getCurrent().removeAll();
        UI.getCurrent().add(view);
        return view;
    }

    /** What the server push does every few seconds: each open view fetches its figures again. */
    protected void push() {
        refreshes.forEach(Runnable::run);
    }
}
