package dev.coffer.http;

import dev.coffer.core.Core;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The server's meters, served by {@code sys/metrics?format=prometheus}: API responses by status
 * class, requests refused because no audit device recorded them, failed logins, seal and audit
 * state. Counting a response is one lock-free increment on the hot path.
 */
final class HttpMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter[] byClass = new Counter[6];

    HttpMetrics(Core core) {
        for (int c = 1; c <= 5; c++) {
            byClass[c] = Counter.builder("coffer.http.responses").tag("status", c + "xx")
                    .description("API responses by status class").register(registry);
        }
        FunctionCounter.builder("coffer.audit.refused.requests", core, Core::auditRefusals)
                .description("Requests refused because no audit device could record them").register(registry);
        FunctionCounter.builder("coffer.login.failures", core, c -> c.lockouts().failedLogins())
                .description("Failed logins on every auth method").register(registry);
        Gauge.builder("coffer.core.unsealed", core, c -> c.isSealed() ? 0 : 1)
                .description("1 when the server is unsealed").register(registry);
        Gauge.builder("coffer.audit.degraded", core, c -> c.auditDegraded() ? 1 : 0)
                .description("1 when an audit device is failing").register(registry);
    }

    void response(int status) {
        int c = status / 100;
        if (c >= 1 && c <= 5) {
            byClass[c].increment();
        }
    }

    /** The Prometheus text exposition format. */
    String scrape() {
        return registry.scrape();
    }
}
