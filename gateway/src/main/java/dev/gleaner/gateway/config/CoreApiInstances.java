package dev.gleaner.gateway.config;

import java.util.List;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;

/**
 * The {@code lb://core-api} routes balance round-robin over the configured core-api URLs,
 * skipping instances whose {@code /actuator/health} does not answer UP.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClient(name = CoreApiInstances.SERVICE_ID, configuration = CoreApiInstances.Instances.class)
public class CoreApiInstances {

    public static final String SERVICE_ID = "core-api";

    static class Instances {

        @Bean
        ServiceInstanceListSupplier coreApiInstanceSupplier(ConfigurableApplicationContext context,
                GatewayProperties properties) {
            List<ServiceInstance> instances = properties.coreApiUrls().stream()
                    .map(uri -> (ServiceInstance) new DefaultServiceInstance(SERVICE_ID + "-" + uri.getAuthority(), SERVICE_ID,
                            uri.getHost(), uri.getPort(), "https".equals(uri.getScheme())))
                    .toList();
            ServiceInstanceListSupplier fixed = new ServiceInstanceListSupplier() {
                @Override
                public String getServiceId() {
                    return SERVICE_ID;
                }

                @Override
                public Flux<List<ServiceInstance>> get() {
                    return Flux.just(instances);
                }
            };
            return ServiceInstanceListSupplier.builder()
                    .withBase(fixed)
                    // a plain client: the load-balanced one would resolve "localhost" as a service id
                    .withHealthChecks(WebClient.create())
                    .build(context);
        }
    }
}
