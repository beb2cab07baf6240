package io.tracepipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EncodingTest {

    @Test
    void acceptsTheConfigurationSpellings() {
        assertThat(Encoding.fromConfig("otlp_proto")).isEqualTo(Encoding.OTLP_PROTO);
        assertThat(Encoding.fromConfig("otlp_json")).isEqualTo(Encoding.OTLP_JSON);
        assertThat(Encoding.fromConfig("auto")).isEqualTo(Encoding.AUTO);
    }

    @Test
    void toleratesCaseAndSurroundingBlanks() {
        assertThat(Encoding.fromConfig(" OTLP_Json ")).isEqualTo(Encoding.OTLP_JSON);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void readsBackItsOwnConfigName(Encoding encoding) {
        assertThat(Encoding.fromConfig(encoding.configName())).isEqualTo(encoding);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"json", "protobuf", "otlp-proto", "otlp_proto_json", "OTLP PROTO"})
    void refusesAnythingElseNamingTheChoices(String value) {
        assertThatThrownBy(() -> Encoding.fromConfig(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("otlp_proto, otlp_json or auto");
    }
}
