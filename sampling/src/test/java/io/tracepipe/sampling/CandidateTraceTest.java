package io.tracepipe.sampling;

import static io.tracepipe.sampling.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The facts the policies read from a whole trace. */
class CandidateTraceTest {

    private final CandidateTrace shop = trace()
            .span("frontend", "GET /", 0, 300).status(Status.StatusCode.STATUS_CODE_OK).attr("http.route", "/")
            .resourceAttr("deployment.environment.name", "prod")
            .span("checkout", "PlaceOrder", 50, 100).error().attr("http.route", "/order").traceState("vendor=a, tier=gold")
            .span("checkout", "SELECT", 400, 50).traceState("tier=silver,broken,=x")
            .build();

    @Test
    void countsEverySpanOfEveryResource() {
        assertThat(shop.spanCount()).isEqualTo(3);
    }

    @Test
    void lastsFromTheEarliestStartToTheLatestEnd() {
        assertThat(shop.duration()).isEqualTo(Duration.ofMillis(450));
    }

    @Test
    void aSpanEndingBeforeItStartsCannotMakeTheDurationNegative() {
        assertThat(trace().span("a", "x", 10, -5).build().duration()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aTraceWithoutSpansHasNoneAndLastsNothing() {
        CandidateTrace empty = new CandidateTrace(new byte[16], TracesData.getDefaultInstance(), false);
        assertThat(empty.spanCount()).isZero();
        assertThat(empty.duration()).isEqualTo(Duration.ZERO);
        assertThat(empty.hasStatus(Status.StatusCode.STATUS_CODE_UNSET)).isFalse();
    }

    @Test
    void knowsWhichStatusesItsSpansHave() {
        assertThat(shop.hasStatus(Status.StatusCode.STATUS_CODE_ERROR)).isTrue();
        assertThat(shop.hasStatus(Status.StatusCode.STATUS_CODE_OK)).isTrue();
        assertThat(shop.hasStatus(Status.StatusCode.STATUS_CODE_UNSET)).isTrue();
        assertThat(trace().span("a", "x", 0, 1).error().build().hasStatus(Status.StatusCode.STATUS_CODE_UNSET)).isFalse();
    }

    @Test
    void looksAttributesUpInResourcesAndSpans() {
        assertThat(shop.attributeValues("http.route")).extracting(AnyValue::getStringValue).containsExactly("/", "/order");
        assertThat(shop.attributeValues("service.name")).extracting(AnyValue::getStringValue).containsExactly("frontend", "checkout");
        assertThat(shop.anyAttribute("deployment.environment.name", v -> v.getStringValue().equals("prod"))).isTrue();
        assertThat(shop.anyAttribute("missing", v -> true)).isFalse();
    }

    @Test
    void readsTraceStateMembersOfEverySpanSkippingMalformedOnes() {
        assertThat(shop.traceStateValues("tier")).containsExactlyInAnyOrder("gold", "silver");
        assertThat(shop.traceStateValues("vendor")).containsExactly("a");
        assertThat(shop.traceStateValues("broken")).isEmpty();
        assertThat(shop.traceStateValues("")).isEmpty();
    }

    @Test
    void holdsACopyOfItsSixteenByteTraceId() {
        byte[] id = TestTraces.randomId(new java.util.Random(1));
        CandidateTrace t = TestTraces.withId(id);
        id[15]++;
        assertThat(t.traceId()).isNotEqualTo(id);
        assertThatThrownBy(() -> new CandidateTrace(new byte[8], TracesData.getDefaultInstance(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
    }
}
