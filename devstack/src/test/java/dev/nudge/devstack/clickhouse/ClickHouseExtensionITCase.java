package dev.nudge.devstack.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClickHouseExtensionITCase {

    @RegisterExtension
    static final ClickHouseExtension CH = new ClickHouseExtension()
            .afterStart(server -> server.execute("CREATE DATABASE IF NOT EXISTS prepared_by_hook"));

    private static ClickHouseServer firstTestsServer;

    @Test
    void serverIsUpAndTheHookHasRun() {
        assertThat(CH.server().query("SELECT count() FROM system.databases WHERE name = 'prepared_by_hook'"))
                .isEqualTo("1\n");
        assertServerSharedAcrossTests();
    }

    @Test
    void everyTestOfTheClassSharesOneServer() {
        assertServerSharedAcrossTests();
    }

    private static synchronized void assertServerSharedAcrossTests() {
        if (firstTestsServer == null) {
            firstTestsServer = CH.server();
        }
        assertThat(CH.server()).isSameAs(firstTestsServer);
    }
}
