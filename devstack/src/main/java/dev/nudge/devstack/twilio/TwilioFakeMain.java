package dev.nudge.devstack.twilio;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

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
public final class TwilioFakeMain {

    private TwilioFakeMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = 8089;
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        String accountSid = envOr("TWILIO_ACCOUNT_SID", TwilioFake.DEV_ACCOUNT_SID);
        String authToken = envOr("TWILIO_AUTH_TOKEN", TwilioFake.DEV_AUTH_TOKEN);
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(required(args[i], value));
                case "--host" -> host = required(args[i], value);
                case "--account-sid" -> accountSid = required(args[i], value);
                case "--auth-token" -> authToken = required(args[i], value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; use --port, --host, --account-sid, --auth-token");
            }
            i++;
        }
        TwilioFake fake = TwilioFake.start(accountSid, authToken, new InetSocketAddress(host, port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }, "twilio-fake-shutdown"));
        System.out.println("TWILIO-FAKE READY " + fake.baseUrl());
        System.out.flush();
        stopped.await();
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
