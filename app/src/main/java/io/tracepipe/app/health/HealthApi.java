package io.tracepipe.app.health;

import io.tracepipe.app.http.Exchanges;
import io.tracepipe.app.http.HttpEndpoint;
import io.tracepipe.topology.health.InstrumentationHealth;
import java.util.Map;

/**
 * {@code GET /api/instrumentation-health[?limit=N]}: what this instance's instrumentation checks
 * found in the traces its tasks assembled, the worst {@code N} (default 10) offenders per category.
 * Each instance answers for its own tasks only.
 */
public final class HealthApi {
    public static final String PATH = "/api/instrumentation-health";
    static final int DEFAULT_LIMIT = 10;

    private final InstrumentationHealth health;

    public HealthApi(InstrumentationHealth health) {
        this.health = health;
    }

    public void register(HttpEndpoint http) {
        http.route(PATH, exchange -> {
            if (!Exchanges.isGet(exchange)) {
                return;
            }
            Map<String, String> query = Exchanges.query(exchange);
            int limit;
            try {
                limit = Integer.parseInt(query.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1) {
                Exchanges.text(exchange, 400, "limit must be a whole number >= 1\n");
                return;
            }
            Exchanges.json(exchange, HealthReportJson.write(health.report(), limit));
        });
    }
}
