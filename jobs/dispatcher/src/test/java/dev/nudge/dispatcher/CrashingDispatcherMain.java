package dev.nudge.dispatcher;

import dev.nudge.devstack.ChildJvm;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.events.SmsIntent;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The dispatcher as its own JVM for crash tests, configured like {@link DispatcherMain} from the environment, plus:
 *
 * <ul>
 *   <li>{@value #HALT_AFTER_ACCEPT_ENV}: the chance, per text, that it halts itself (no shutdown hooks, no
 *       flushing: a crash) right after Twilio accepted the text and before the ledger hears of it; default 0;</li>
 *   <li>{@value #CLOCK_OFFSET_ENV}: milliseconds added to the wall clock it judges expiry and quiet hours by, so a
 *       test can send texts decided in simulated time as if it were then; default 0.</li>
 * </ul>
 *
 * It prints {@value #READY} once it sends, and {@value #HALTED} before halting.
 */
public final class CrashingDispatcherMain {

    public static final String HALT_AFTER_ACCEPT_ENV = "NUDGE_TEST_HALT_AFTER_ACCEPT";
    public static final String CLOCK_OFFSET_ENV = "NUDGE_TEST_CLOCK_OFFSET_MS";
    public static final String READY = "READY";
    public static final String HALTED = "HALT after Twilio accepted";
    static final int HALT_STATUS = 137;

    private CrashingDispatcherMain() {
    }

    /** Starts it in a child JVM with these environment variables, output to {@code log}. */
    public static Process launch(Map<String, String> env, Path log) {
        return ChildJvm.start(CrashingDispatcherMain.class, List.of("-Xmx256m"), List.of(), env, log);
    }

    /**
     * The environment for a dispatcher on this broker and Twilio fake, sending every brand's texts from
     * {@code sender}, as one static group member (so a restart takes its partitions back at once), settling in-doubt
     * sends after 500 ms. Add to it what a test needs.
     */
    public static Map<String, String> environment(String bootstrapServers, String topicPrefix, TwilioFake twilio,
            String sender) {
        Map<String, String> env = new HashMap<>(Map.of(
                "NUDGE_BOOTSTRAP_SERVERS", bootstrapServers,
                "NUDGE_TOPIC_PREFIX", topicPrefix,
                "TWILIO_ACCOUNT_SID", twilio.accountSid(),
                "TWILIO_AUTH_TOKEN", twilio.authToken(),
                "NUDGE_TWILIO_BASE_URL", twilio.baseUrl(),
                "NUDGE_DEFAULT_SENDER", sender,
                "NUDGE_IN_DOUBT_SETTLE_MS", "500",
                "NUDGE_DISPATCHER_GROUP", "crash",
                "NUDGE_DISPATCHER_INSTANCE", "crash-1"));
        return env;
    }

    public static void main(String[] args) throws InterruptedException {
        double haltProbability = Double.parseDouble(System.getenv().getOrDefault(HALT_AFTER_ACCEPT_ENV, "0"));
        Duration clockOffset = Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault(CLOCK_OFFSET_ENV, "0")));
        DispatcherSettings settings = DispatcherMain.settingsFrom(System.getenv());
        DispatcherHooks halting = new DispatcherHooks() {
            @Override
            public void afterTwilioAccepted(SmsIntent intent, String sid) {
                if (ThreadLocalRandom.current().nextDouble() < haltProbability) {
                    System.out.println(HALTED + " " + intent.getIntentId() + " as " + sid);
                    System.out.flush();
                    Runtime.getRuntime().halt(HALT_STATUS);
                }
            }
        };
        Dispatcher dispatcher = Dispatcher.start(settings, SingleAttemptPosts.smsClient(settings.twilio()),
                Clock.offset(Clock.systemUTC(), clockOffset), halting);
        System.out.println(READY + " after " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms "
                + dispatcher.stats());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dispatcher.close();
            System.out.println("STOPPED " + dispatcher.stats());
            System.out.flush();
            stopped.countDown();
        }));
        stopped.await();
    }
}
