package dev.nudge.dispatcher;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The dispatcher as its own JVM for the crash test, configured like {@link DispatcherMain}, that halts itself (no
 * shutdown hooks, no flushing: a crash) right after Twilio accepted a text and before the ledger hears of it, with
 * probability {@code NUDGE_TEST_HALT_AFTER_ACCEPT}.
 */
public final class CrashingDispatcherMain {

    static final int HALT_STATUS = 137;

    private CrashingDispatcherMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        double haltProbability = Double.parseDouble(System.getenv().getOrDefault("NUDGE_TEST_HALT_AFTER_ACCEPT", "0"));
        DispatcherSettings settings = DispatcherMain.settingsFrom(System.getenv());
        DispatcherHooks halting = new DispatcherHooks() {
            @Override
            public void afterTwilioAccepted(dev.nudge.events.SmsIntent intent, String sid) {
                if (ThreadLocalRandom.current().nextDouble() < haltProbability) {
                    System.out.println("HALT after Twilio accepted " + intent.getIntentId() + " as " + sid);
                    System.out.flush();
                    Runtime.getRuntime().halt(HALT_STATUS);
                }
            }
        };
        Dispatcher dispatcher = Dispatcher.start(settings, SingleAttemptPosts.smsClient(settings.twilio()),
                Clock.systemUTC(), halting);
        System.out.println("READY after " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
                + " ms " + dispatcher.stats());
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
