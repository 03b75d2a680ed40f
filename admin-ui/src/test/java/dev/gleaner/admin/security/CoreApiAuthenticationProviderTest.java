package dev.gleaner.admin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.client.ResourceAccessException;

import dev.gleaner.admin.support.InMemoryAdminApi;
import dev.gleaner.core.client.admin.OperatorView;
import dev.gleaner.core.client.admin.SignInRequest;

/** Sign-in as core-api answers it: an operator with a role, a wrong password, a lockout, core-api out of reach. */
class CoreApiAuthenticationProviderTest {

    private static Authentication signIn(Function<SignInRequest, OperatorView> coreApi) {
        InMemoryAdminApi admin = new InMemoryAdminApi();
        CoreApiAuthenticationProvider provider = new CoreApiAuthenticationProvider(DelegatingSignIn.of(admin, coreApi));
        return provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice", "the-password-1"));
    }

    @Test
    void anOperatorSignsInWithTheRoleCoreApiGivesAndThePasswordIsNotKept() {
        Authentication admin = signIn(r -> new OperatorView(UUID.randomUUID(), r.username(), "admin", Instant.now(),
                "configuration", null));
        assertThat(admin.getName()).isEqualTo("alice");
        assertThat(admin.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly(SignedIn.ADMIN);
        assertThat(admin.getCredentials()).isNull();
        Authentication viewer = signIn(r -> new OperatorView(UUID.randomUUID(), r.username(), "viewer", Instant.now(),
                "alice", null));
        assertThat(viewer.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly(SignedIn.VIEWER);
    }

    @Test
    void aRefusalSaysWhyWithoutTellingAWrongNameFromAWrongPassword() {
        assertThatThrownBy(() -> signIn(r -> {
            throw InMemoryAdminApi.problem(HttpStatus.UNAUTHORIZED, "wrong username or password");
        })).isInstanceOf(BadCredentialsException.class).hasMessage("wrong username or password");
        assertThatThrownBy(() -> signIn(r -> {
            throw InMemoryAdminApi.problem(HttpStatus.TOO_MANY_REQUESTS, "too many failed sign-ins for 'alice'");
        })).isInstanceOf(LockedException.class).hasMessageContaining("too many failed sign-ins");
        assertThatThrownBy(() -> signIn(r -> {
            throw new ResourceAccessException("Connection refused");
        })).isInstanceOf(AuthenticationServiceException.class).hasMessageContaining("cannot be reached");
    }
}
