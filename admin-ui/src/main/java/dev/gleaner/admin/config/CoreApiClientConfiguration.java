package dev.gleaner.admin.config;

import java.net.http.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import dev.gleaner.admin.security.OperatorHeaderInterceptor;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.web.RequestIdClientInterceptor;

/**
 * The console's client of core-api's admin API, built from the contract core-api publishes. Each call carries
 * the request id of the operator's request that caused it and the signed-in operator's name, and gives up
 * after {@link AdminUiProperties#coreApiTimeout()} (the operator's screen is locked while it waits).
 */
@Configuration(proxyBeanMethods = false)
public class CoreApiClientConfiguration {

    @Bean
    AdminApi adminApi(RestClient.Builder builder, AdminUiProperties properties) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.coreApiTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(properties.coreApiTimeout());
        RestClient client = builder
                .baseUrl(properties.coreApiUrl().toString())
                .requestFactory(factory)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.adminApiKey())
                .requestInterceptor(new RequestIdClientInterceptor())
                .requestInterceptor(new OperatorHeaderInterceptor())
                .build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build().createClient(AdminApi.class);
    }
}
