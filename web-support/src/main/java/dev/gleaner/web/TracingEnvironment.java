package dev.gleaner.web;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code GLEANER_OTLP_ENDPOINT} (e.g. {@code http://collector:4318/v1/traces}), when set, becomes the endpoint every
 * service exports its spans to over OTLP/HTTP. Unset, nothing is exported (spans are still made, so log lines carry
 * trace ids and the trace context travels on to the next service). Spring Boot creates its exporter whenever its
 * endpoint property exists, even empty, so the property is added only when the variable has a value.
 */
public final class TracingEnvironment implements EnvironmentPostProcessor {

    static final String VARIABLE = "GLEANER_OTLP_ENDPOINT";
    static final String PROPERTY = "management.opentelemetry.tracing.export.otlp.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String endpoint = environment.getProperty(VARIABLE);
        if (endpoint != null && !endpoint.isBlank()) {
            environment.getPropertySources().addFirst(new MapPropertySource("gleaner-otlp",
                    Map.of(PROPERTY, endpoint.strip())));
        }
    }
}
