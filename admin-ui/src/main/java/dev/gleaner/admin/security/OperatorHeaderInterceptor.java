package dev.gleaner.admin.security;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import dev.gleaner.core.client.admin.AdminApi;

/**
 * Names the signed-in operator on each admin API call, so core-api audits it as theirs and refuses a viewer's
 * changes. A call made with nobody signed in (the sign-in itself) names no one.
 */
public final class OperatorHeaderInterceptor implements ClientHttpRequestInterceptor {

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        SignedIn.name().ifPresent(name -> request.getHeaders().set(AdminApi.OPERATOR_HEADER, name));
        return execution.execute(request, body);
    }
}
