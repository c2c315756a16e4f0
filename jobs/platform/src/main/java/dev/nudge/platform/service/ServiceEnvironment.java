package dev.nudge.platform.service;

import java.util.concurrent.CountDownLatch;

/**
 * What a standalone service (the dispatcher, the webhook service) needs from its host: settings from environment
 * variables, and to run until the JVM is asked to stop (SIGTERM from Kubernetes, Ctrl-C), closing cleanly then.
 */
public final class ServiceEnvironment {

    private ServiceEnvironment() {}

    /** Blocks until the JVM shuts down, then closes {@code service} before the JVM exits. */
    public static void runUntilStopped(AutoCloseable service) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                throw new IllegalStateException("Closing " + service + " failed", e);
            } finally {
                stopped.countDown();
            }
        }));
        stopped.await();
    }
}
