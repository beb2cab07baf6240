package io.tracepipe.app.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.app.metrics.ServiceGraphMetrics.EdgeTotals;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceApiTest {

    @Test
    void edgeTotalsCrossToAnotherInstanceUnchangedEvenWithAnEmptyConnectionType() {
        List<EdgeTotals> edges = List.of(
                new EdgeTotals("checkout", "payment", "", 812, 3, 41.25),
                new EdgeTotals("user", "front end", "virtual_node", 1, 0, 0.001),
                new EdgeTotals("checkout", "orders-db", "database", 5, 5, 0));

        assertThat(EvidenceApi.decode(EvidenceApi.encode(edges))).isEqualTo(edges);
    }
}
