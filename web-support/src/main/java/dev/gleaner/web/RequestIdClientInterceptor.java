package dev.gleaner.web;

import java.io.IOException;

import org.slf4j.MDC;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/** Passes the current request id (from the MDC) on to the service a blocking client calls. */
public final class RequestIdClientInterceptor implements ClientHttpRequestInterceptor {

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null && !request.getHeaders().containsHeader(RequestIds.HEADER)) {
            request.getHeaders().set(RequestIds.HEADER, requestId);
        }
        return execution.execute(request, body);
    }
}
