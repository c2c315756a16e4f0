package dev.nudge.devstack.clickhouse;

import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One private ClickHouse server per test class:
 * <pre>{@code
 * @RegisterExtension
 * static final ClickHouseExtension CH = new ClickHouseExtension()
 *         .afterStart(server -> Migrations.apply(server.httpUrl(), sqlDir));
 * }</pre>
 * The server starts before the first test and is stopped, with its folder deleted, after the last one.
 */
public final class ClickHouseExtension implements BeforeAllCallback, AfterAllCallback {

    private Consumer<ClickHouseServer> afterStart = server -> { };
    private ClickHouseServer server;
    /** The class context that started the server; nested classes reuse it rather than start their own. */
    private String ownerContextId;

    /** Runs once right after the server is up, e.g. to apply migrations. */
    public ClickHouseExtension afterStart(Consumer<ClickHouseServer> hook) {
        this.afterStart = Objects.requireNonNull(hook);
        return this;
    }

    public ClickHouseServer server() {
        if (server == null) {
            throw new IllegalStateException("ClickHouse is not running: register the extension on a static field");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server != null) {
            return;
        }
        ClickHouseServer started = ClickHouseServer.start();
        try {
            afterStart.accept(started);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        server = started;
        ownerContextId = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(ownerContextId)) {
            server.close();
            server = null;
        }
    }
}
