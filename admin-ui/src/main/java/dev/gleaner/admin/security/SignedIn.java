package dev.gleaner.admin.security;

import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The operator signed in to this request (or, in a push from the server, to this UI's session: Vaadin's
 * security context strategy finds it there).
 */
public final class SignedIn {

    /** The authority of operators who may change things. */
    public static final String ADMIN = "ROLE_ADMIN";
    public static final String VIEWER = "ROLE_VIEWER";

    private SignedIn() {
    }

    public static Optional<String> name() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        return Optional.of(authentication.getName());
    }

    /** Whether the signed-in operator is an admin; a viewer sees no control that changes anything. */
    public static boolean canChange() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return name().isPresent() && authentication.getAuthorities().stream().anyMatch(a -> ADMIN.equals(a.getAuthority()));
    }

    /** {@code admin} or {@code viewer}. */
    public static String role() {
        return canChange() ? "admin" : "viewer";
    }
}
