package dev.nudge.replay;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayMainTest {

    @Test
    void readsTheFormatOptions() {
        OrderCsvFormat format = ReplayMain.format(ReplayMain.options("--columns", "o,s,d,q,t,p,c,k",
                "--date-pattern", "ISO", "--zone", "America/Chicago", "--currency", "USD", "--non-product", "SHIP,fee"));

        assertThat(format.orderId()).isEqualTo("o");
        assertThat(format.country()).isEqualTo("k");
        assertThat(format.zone()).isEqualTo(ZoneId.of("America/Chicago"));
        assertThat(format.isNonProduct("FEE")).isTrue();
        assertThat(format.isNonProduct("POST")).isFalse();
    }

    @Test
    void refusesUnknownOptionsAndShortColumnLists() {
        assertThatThrownBy(() -> ReplayMain.options("--inptu", "x.csv"))
                .hasMessageStartingWith("usage: ReplayMain --input orders.csv --definition sequence.yaml");
        assertThatThrownBy(() -> ReplayMain.format(ReplayMain.options("--columns", "a,b")))
                .hasMessage("--columns needs 8 names, got 2");
        assertThatThrownBy(() -> ReplayMain.replay(ReplayMain.options("--input", "x.csv")))
                .hasMessage("--definition is required");
    }
}
