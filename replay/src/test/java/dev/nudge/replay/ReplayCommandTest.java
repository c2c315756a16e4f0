package dev.nudge.replay;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayCommandTest {

    @Test
    void readsTheFormatOptions() {
        OrderCsvFormat format = ReplayCommand.parse("--input", "x.csv", "--definition", "d.yaml",
                "--columns", "o,s,d,q,t,p,c,k", "--date-pattern", "ISO", "--zone", "America/Chicago",
                "--currency", "USD", "--non-product", "SHIP,fee").format();

        assertThat(format.orderId()).isEqualTo("o");
        assertThat(format.country()).isEqualTo("k");
        assertThat(format.zone()).isEqualTo(ZoneId.of("America/Chicago"));
        assertThat(format.isNonProduct("FEE")).isTrue();
        assertThat(format.isNonProduct("POST")).isFalse();
    }

    @Test
    void refusesShortColumnListsAndMissingFiles() {
        assertThatThrownBy(() -> ReplayCommand.parse("--input", "x.csv", "--definition", "d.yaml", "--columns", "a,b")
                .format()).hasMessage("--columns needs 8 names, got 2");
        assertThatThrownBy(() -> ReplayCommand.parse("--input", "x.csv", "--definition", "missing.yaml").replay())
                .hasMessage("no such file: missing.yaml");
    }
}
