package dev.gleaner.admin.security;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.OperatorView;
import dev.gleaner.core.client.admin.SignInRequest;

/**
 * Signs operators in against core-api, which keeps them (bcrypt hashes in PostgreSQL) and counts failed sign-ins
 * per name and per address across the cluster. The password is passed on once and kept nowhere here.
 */
public final class CoreApiAuthenticationProvider implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(CoreApiAuthenticationProvider.class);

    private final AdminApi admin;

    public CoreApiAuthenticationProvider(AdminApi admin) {
        this.admin = admin;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        OperatorView operator;
        try {
            operator = admin.signIn(new SignInRequest(username, password, address));
        } catch (RestClientResponseException e) {
            throw refusal(e);
        } catch (RestClientException e) {
            log.warn("sign-in of '{}' not checked: core-api cannot be reached ({})", username, e.toString());
            throw new AuthenticationServiceException("core-api cannot be reached; try again shortly");
        }
        log.info("operator '{}' signed in as {}", operator.username(), operator.role());
        UsernamePasswordAuthenticationToken signedIn = UsernamePasswordAuthenticationToken.authenticated(
                operator.username(), null,
                List.of(new SimpleGrantedAuthority(operator.canChange() ? SignedIn.ADMIN : SignedIn.VIEWER)));
        signedIn.setDetails(authentication.getDetails());
        return signedIn;
    }

    private static AuthenticationException refusal(RestClientResponseException e) {
        ProblemDetail problem = e.getResponseBodyAs(ProblemDetail.class);
        String detail = problem != null && problem.getDetail() != null ? problem.getDetail() : e.getStatusText();
        if (e.getStatusCode().isSameCodeAs(HttpStatus.TOO_MANY_REQUESTS)) {
            return new LockedException(detail);
        }
        if (e.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)
                || e.getStatusCode().isSameCodeAs(HttpStatus.BAD_REQUEST)) {
            return new BadCredentialsException("wrong username or password");
        }
        return new AuthenticationServiceException("core-api refused the sign-in: " + detail);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
