package dev.gleaner.farm.node;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** A browser-farm node: Chromium through Playwright, registered in Redis, rendering for leases. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FarmNodeApplication {

    public static void main(String[] args) {
        SpringApplication.run(FarmNodeApplication.class, args);
    }
}
