package dev.gleaner.admin.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security's CSRF check on the sign-in form, which Vaadin's security configurer leaves out (vaadin/flow#17427):
 * without it a page elsewhere could sign an operator's browser in to another account (login CSRF). Vaadin writes the
 * session's token into the page and the login form sends it with the credentials; a sign-in without it, or with
 * another one, is refused with 403 before the credentials are looked at.
 */
final class SignInCsrfFilter extends OncePerRequestFilter {

    private final String loginPath;
    private final CsrfTokenRepository tokens = new HttpSessionCsrfTokenRepository();
    private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

    SignInCsrfFilter(String loginPath) {
        this.loginPath = loginPath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !(request.getContextPath() + loginPath).equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CsrfToken expected = tokens.loadToken(request);
        String sent = expected == null ? null : request.getParameter(expected.getParameterName());
        if (sent == null && expected != null) {
            sent = request.getHeader(expected.getHeaderName());
        }
        if (expected == null || sent == null || !(same(sent, expected.getToken())
                || same(masked.resolveCsrfTokenValue(request, expected), expected.getToken()))) {
            // not sendError: its error dispatch would be redirected to the sign-in page like any unauthenticated request
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("the sign-in form's security token is missing or wrong");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean same(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
