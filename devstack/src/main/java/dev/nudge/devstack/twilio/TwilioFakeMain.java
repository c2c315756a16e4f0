package dev.nudge.devstack.twilio;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a {@link TwilioFake} until the process is stopped, for the demo and local runs.
 *
 * <pre>
 * java dev.nudge.devstack.twilio.TwilioFakeMain [--port 8089] [--host 127.0.0.1]
 *     [--account-sid AC...] [--auth-token TOKEN]
 * </pre>
 *
 * Credentials default to TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN, else to the fake's dev credentials. Prints
 * {@code TWILIO-FAKE READY <url>} once it accepts requests.
 */
@Command(name = "TwilioFakeMain", mixinStandardHelpOptions = true,
        description = "Runs the Twilio-compatible server until this JVM is stopped.")
public final class TwilioFakeMain implements Callable<Integer> {

    @Option(names = "--port", description = "default ${DEFAULT-VALUE}")
    int port = 8089;

    @Option(names = "--host", description = "default ${DEFAULT-VALUE}")
    String host = InetAddress.getLoopbackAddress().getHostAddress();

    @Option(names = "--account-sid", description = "default TWILIO_ACCOUNT_SID, else the dev account")
    String accountSid = envOr("TWILIO_ACCOUNT_SID", TwilioFake.DEV_ACCOUNT_SID);

    @Option(names = "--auth-token", description = "default TWILIO_AUTH_TOKEN, else the dev token")
    String authToken = envOr("TWILIO_AUTH_TOKEN", TwilioFake.DEV_AUTH_TOKEN);

    public static void main(String[] args) {
        System.exit(new CommandLine(new TwilioFakeMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        TwilioFake fake = TwilioFake.start(accountSid, authToken, new InetSocketAddress(host, port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }, "twilio-fake-shutdown"));
        System.out.println("TWILIO-FAKE READY " + fake.baseUrl());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
