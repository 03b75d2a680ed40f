package dev.gleaner.admin.plan;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;

import dev.gleaner.core.client.plan.PlanAllowances;
import dev.gleaner.core.client.plan.PlanLimits;
import dev.gleaner.core.client.plan.PlanRequest;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.client.plan.Rate;

/**
 * A plan's fields: its name, a rate and burst per route family, and its allowances (an empty one is unlimited).
 * core-api checks the values; the form only gathers them. It reflows to one column on a narrow screen.
 */
final class PlanForm extends FormLayout {

    private final TextField name = new TextField("Name");
    private final IntegerField[] perSecond = new IntegerField[4];
    private final IntegerField[] burst = new IntegerField[4];
    private final IntegerField requests = new IntegerField("Requests per month");
    private final IntegerField pages = new IntegerField("Pages per month");
    private final IntegerField browserSeconds = new IntegerField("Browser seconds per month");
    private final IntegerField concurrentBrowsers = new IntegerField("Concurrent browsers");
    private final IntegerField maxCrawlPages = new IntegerField("Pages per crawl");
    private final IntegerField retentionDays = new IntegerField("Results kept (days)");
    private final IntegerField llmTokens = new IntegerField("Language model tokens per month");
    private final IntegerField llmMaxInputTokens = new IntegerField("Its input limit (tokens)");
    private final TextField llmModel = new TextField("Language model (empty: the configured one)");
    private final CheckboxGroup<String> features = new CheckboxGroup<>("Features");

    private static final String[] FAMILIES = {"scrape", "jobs", "crawls", "read"};

    PlanForm() {
        name.setId("plan-name");
        name.setMaxLength(100);
        name.setRequired(true);
        add(name);
        for (int i = 0; i < FAMILIES.length; i++) {
            perSecond[i] = new IntegerField(FAMILIES[i] + ": requests per second");
            perSecond[i].setId("plan-" + FAMILIES[i] + "-rate");
            burst[i] = new IntegerField(FAMILIES[i] + ": burst");
            burst[i].setId("plan-" + FAMILIES[i] + "-burst");
            add(perSecond[i], burst[i]);
        }
        requests.setId("plan-requests");
        pages.setId("plan-pages");
        browserSeconds.setId("plan-browser-seconds");
        concurrentBrowsers.setId("plan-concurrent-browsers");
        maxCrawlPages.setId("plan-max-crawl-pages");
        retentionDays.setId("plan-retention-days");
        llmTokens.setId("plan-llm-tokens");
        llmMaxInputTokens.setId("plan-llm-max-input-tokens");
        for (IntegerField allowance : allowances()) {
            allowance.setPlaceholder("unlimited");
            allowance.setClearButtonVisible(true);
            add(allowance);
        }
        llmMaxInputTokens.setPlaceholder("the configured limit");
        llmModel.setId("plan-llm-model");
        llmModel.setMaxLength(200);
        llmModel.setClearButtonVisible(true);
        add(llmModel);
        features.setId("plan-features");
        features.setItems(new TreeSet<>(PlanAllowances.FEATURES));
        add(features, 2);
        setResponsiveSteps(new ResponsiveStep("0", 1), new ResponsiveStep("40em", 2));
        clearForNew();
    }

    void clearForNew() {
        name.clear();
        for (int i = 0; i < FAMILIES.length; i++) {
            perSecond[i].setValue(i == 2 ? 2 : 20);
            burst[i].setValue(i == 2 ? 10 : 100);
        }
        for (IntegerField allowance : allowances()) {
            allowance.clear();
        }
        llmModel.clear();
        features.setValue(PlanAllowances.FEATURES);
    }

    void show(PlanView plan) {
        name.setValue(plan.name());
        Rate[] rates = {plan.limits().scrape(), plan.limits().jobs(), plan.limits().crawls(), plan.limits().read()};
        for (int i = 0; i < FAMILIES.length; i++) {
            perSecond[i].setValue(rates[i].perSecond());
            burst[i].setValue(rates[i].burst());
        }
        PlanAllowances a = plan.allowances() == null ? PlanAllowances.UNLIMITED : plan.allowances();
        requests.setValue(toInt(a.requestsPerMonth()));
        pages.setValue(toInt(a.pagesPerMonth()));
        browserSeconds.setValue(toInt(a.browserSecondsPerMonth()));
        concurrentBrowsers.setValue(a.concurrentBrowsers());
        maxCrawlPages.setValue(a.maxCrawlPages());
        retentionDays.setValue(a.retentionDays());
        llmTokens.setValue(toInt(a.llmTokensPerMonth()));
        llmMaxInputTokens.setValue(a.llmMaxInputTokens());
        llmModel.setValue(a.llmModel() == null ? "" : a.llmModel());
        features.setValue(a.features() == null ? PlanAllowances.FEATURES : a.features());
    }

    void setReadOnly(boolean readOnly) {
        name.setReadOnly(readOnly);
        for (int i = 0; i < FAMILIES.length; i++) {
            perSecond[i].setReadOnly(readOnly);
            burst[i].setReadOnly(readOnly);
        }
        for (IntegerField allowance : allowances()) {
            allowance.setReadOnly(readOnly);
        }
        llmModel.setReadOnly(readOnly);
        features.setReadOnly(readOnly);
    }

    PlanRequest request() {
        Rate[] rates = new Rate[4];
        for (int i = 0; i < FAMILIES.length; i++) {
            rates[i] = new Rate(perSecond[i].getValue(), burst[i].getValue());
        }
        Set<String> chosen = new LinkedHashSet<>(features.getValue());
        return new PlanRequest(name.getValue(), new PlanLimits(rates[0], rates[1], rates[2], rates[3]),
                new PlanAllowances(toLong(requests.getValue()), toLong(pages.getValue()),
                        toLong(browserSeconds.getValue()), concurrentBrowsers.getValue(), maxCrawlPages.getValue(),
                        chosen.containsAll(PlanAllowances.FEATURES) ? null : chosen, retentionDays.getValue(),
                        toLong(llmTokens.getValue()), llmModel.getValue().isBlank() ? null : llmModel.getValue().strip(),
                        llmMaxInputTokens.getValue()));
    }

    /** The allowances' number fields, empty for unlimited. */
    private IntegerField[] allowances() {
        return new IntegerField[] {requests, pages, browserSeconds, concurrentBrowsers, maxCrawlPages, retentionDays,
                llmTokens, llmMaxInputTokens};
    }

    private static Integer toInt(Long value) {
        return value == null ? null : (int) Math.min(Integer.MAX_VALUE, value);
    }

    private static Long toLong(Integer value) {
        return value == null ? null : value.longValue();
    }
}
