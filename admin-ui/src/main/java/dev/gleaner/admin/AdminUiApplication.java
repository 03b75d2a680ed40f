package dev.gleaner.admin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * The operators' console, a client of core-api's admin API; views are refreshed by server push. Lumo is served as a
 * plain stylesheet from its jar (no frontend build).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Push
@StyleSheet(Lumo.STYLESHEET)
public class AdminUiApplication implements AppShellConfigurator {

    public static void main(String[] args) {
        SpringApplication.run(AdminUiApplication.class, args);
    }
}
