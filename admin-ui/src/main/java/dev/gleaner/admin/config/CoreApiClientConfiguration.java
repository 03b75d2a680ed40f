package dev.gleaner.admin.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.web.RequestIdClientInterceptor;

/**
 * The console's client of core-api's admin API, built from the contract core-api publishes; each
 * call carries the request id of the operator's request that caused it.
 */
@Configuration(proxyBeanMethods = false)
public class CoreApiClientConfiguration {

    @Bean
    AdminApi adminApi(RestClient.Builder builder, AdminUiProperties properties) {
        RestClient client = builder
                .baseUrl(properties.coreApiUrl().toString())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.adminApiKey())
                .requestInterceptor(new RequestIdClientInterceptor())
                .build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build().createClient(AdminApi.class);
    }
}
