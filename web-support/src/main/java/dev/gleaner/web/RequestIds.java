package dev.gleaner.web;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id every Gleaner service carries: the gateway (or admin-ui, for operators'
 * requests) stamps it, each hop passes it on in {@value #HEADER}, and logs show it under the MDC
 * key {@value #MDC_KEY}.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** A client's own request id, passed along (and returned) beside the gateway's. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "requestId";
    /** MDC key of the tenant a request is for, where a service knows it. */
    public static final String TENANT_MDC_KEY = "tenant";
    /** Every request-scoped MDC key the services fill. */
    public static final List<String> MDC_KEYS = List.of(MDC_KEY, TENANT_MDC_KEY);

    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** The incoming id when it is a sane token, else a fresh one (never trust arbitrary header text in logs). */
    public static String acceptOrCreate(String incoming) {
        return incoming != null && isSane(incoming) ? incoming : UUID.randomUUID().toString();
    }

    /** Whether an id is short and made of safe characters only, fit for headers and logs. */
    public static boolean isSane(String id) {
        return ACCEPTABLE.matcher(id).matches();
    }
}
