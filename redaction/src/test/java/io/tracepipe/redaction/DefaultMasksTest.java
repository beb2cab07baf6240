package io.tracepipe.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultMasksTest {

    private static String masked(String text) {
        return Redactor.defaults().redactLabels(Map.of("note", text)).get("note");
    }

    @Test
    void masksEmailAddressesInFreeText() {
        assertThat(masked("Order for bob.smith+shop@mail.example.co.uk, cc alice@example.com."))
                .isEqualTo("Order for <redacted:email>, cc <redacted:email>.");
        assertThat(masked("<jörg@bücher.de>")).isEqualTo("<<redacted:email>>");
        assertThat(masked("mailto:bob@shop.example?subject=hi")).isEqualTo("mailto:<redacted:email>?subject=hi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@localhost", "@handle says hi", "a@b", "x@y.1", "price @ 5.00", "trailing@", "@"})
    void leavesTextsThatAreNotEmailAddresses(String text) {
        assertThat(masked(text)).isSameAs(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4111111111111111",       // Visa
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "5555 5555 5555 4444",    // Mastercard
        "2223003122003222",       // Mastercard 2-series
        "378282246310005",        // Amex, 15 digits
        "3782 822463 10005",
        "6011111111111117",       // Discover
        "4222222222222",          // Visa, 13 digits
    })
    void masksLuhnValidCardNumbersWithOrWithoutSeparators(String card) {
        assertThat(masked("paid with " + card + ", thanks")).isEqualTo("paid with <redacted:card_number>, thanks");
    }

    @Test
    void masksEveryCardOfATextAndOnlyTheCard() {
        assertThat(masked("card=4111111111111111;backup=(5555-5555-5555-4444)"))
                .isEqualTo("card=<redacted:card_number>;backup=(<redacted:card_number>)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4111111111111112",                     // 16 digits, Luhn-invalid
        "4111 1111 1111 1112",
        "1732464000006",                        // epoch millis, Luhn-valid but no card network starts with 1
        "1732464000000001",                     // epoch micros, Luhn-valid
        "order 20240115000042",                 // order id
        "4111111111111111X",                    // part of a word
        "id-x4111111111111111",
        "0.4111111111111111",                   // a decimal
        "4111111111111111.5",
        "12345678-1234-1234-1234-123456789012", // a UUID: one run of 32 digits
        "4111111111111111111111",               // 22 digits: longer than any card
        "4bf92f3577b34da6a3ce929d0e0e4736",     // a trace id
        "4111111111",                           // too short
    })
    void leavesNumbersThatAreNotCardNumbers(String text) {
        assertThat(masked(text)).isSameAs(text);
    }

    @Test
    void returnsTheSameTextWhenNothingIsMasked() {
        String text = "GET /cart took 12 ms";
        assertThat(masked(text)).isSameAs(text);
    }

    @Test
    void scansLongTextsWithoutAddressesInLinearTime() {
        String text = "a".repeat(200_000) + "@" + "b".repeat(200_000) + " " + "1 ".repeat(100_000);
        long start = System.nanoTime();
        assertThat(masked(text)).isSameAs(text);
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }
}
