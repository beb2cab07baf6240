package io.tracepipe.redaction;

import java.util.function.Function;

/** The masks shipped with tracepipe, by the name used in {@code mask: - builtin: NAME}. */
enum Builtin {
    EMAIL("email", EmailMask.REPLACEMENT, EmailMask::new),
    CARD_NUMBER("card_number", CardNumberMask.REPLACEMENT, CardNumberMask::new);

    private final String configName;
    private final String defaultReplacement;
    private final Function<String, TextMask> factory;

    Builtin(String configName, String defaultReplacement, Function<String, TextMask> factory) {
        this.configName = configName;
        this.defaultReplacement = defaultReplacement;
        this.factory = factory;
    }

    String configName() {
        return configName;
    }

    String defaultReplacement() {
        return defaultReplacement;
    }

    TextMask create(String replacement) {
        return factory.apply(replacement);
    }
}
