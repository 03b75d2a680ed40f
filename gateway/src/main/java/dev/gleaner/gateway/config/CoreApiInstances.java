package dev.gleaner.gateway.config;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;

/**
 * The {@code lb://core-api} routes balance round-robin over the discovered and configured core-api
 * instances ({@link CoreApiDiscovery}), skipping those whose readiness does not answer UP.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClient(name = CoreApiInstances.SERVICE_ID, configuration = CoreApiInstances.Instances.class)
public class CoreApiInstances {

    public static final String SERVICE_ID = CoreApiDiscovery.SERVICE;

    static class Instances {

        @Bean
        ServiceInstanceListSupplier coreApiInstanceSupplier(ConfigurableApplicationContext context,
                CoreApiDiscovery discovery) {
            ServiceInstanceListSupplier discovered = new ServiceInstanceListSupplier() {
                @Override
                public String getServiceId() {
                    return SERVICE_ID;
                }

                @Override
                public Flux<List<ServiceInstance>> get() {
                    return discovery.instances();
                }
            };
            return ServiceInstanceListSupplier.builder()
                    .withBase(discovered)
                    // a plain client: the load-balanced one would resolve "localhost" as a service id
                    .withHealthChecks(WebClient.create())
                    .build(context);
        }
    }
}
