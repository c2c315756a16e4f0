package dev.nudge.devstack.twilio;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A Twilio-compatible HTTP server for tests and local runs: the part of the 2010-04-01 Messages API the Twilio Java
 * SDK uses (create, fetch, list with filters and paging), HTTP basic auth, signed status callbacks, signed inbound
 * texts ({@link #receiveText}), and failures a test can inject. Point the SDK at {@link #baseUrl()} instead of {@code https://api.twilio.com}.
 *
 * <p>Thread-safe. Each call to a setter changes behaviour for the requests that arrive after it.
 */
public final class TwilioFake implements AutoCloseable {

    /** Credentials for local runs; the sid has Twilio's shape ({@code AC} + 32 hex) so spec-checking tools accept it. */
    public static final String DEV_ACCOUNT_SID = "AC00000000000000000000000000000000";
    public static final String DEV_AUTH_TOKEN = "devstack-auth-token";

    private static final String ACCOUNT = "/2010-04-01/Accounts/([^/]+)";
    private static final int SERVER_THREADS = 16;

    private final String accountSid;
    private final String authToken;
    private final HttpServer server;
    private final ExecutorService serverThreads;
    private final MessageStore store = new MessageStore();
    private final FakeBehaviour behaviour = new FakeBehaviour();
    private final DeliverySimulator delivery;
    private final List<RecordedRequest> requests = new ArrayList<>();

    private TwilioFake(String accountSid, String authToken, InetSocketAddress address) throws IOException {
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.delivery = new DeliverySimulator(authToken, store, behaviour);
        List<ApiRouter.Route> routes = List.of(
                new ApiRouter.Route("POST", Pattern.compile(ACCOUNT + "/Messages\\.json"),
                        new CreateMessageHandler(store, behaviour, delivery)),
                new ApiRouter.Route("GET", Pattern.compile(ACCOUNT + "/Messages\\.json"),
                        new ListMessagesHandler(store)),
                new ApiRouter.Route("GET", Pattern.compile(ACCOUNT + "/Messages/([^/]+)\\.json"),
                        new FetchMessageHandler(store)));
        AtomicInteger threads = new AtomicInteger();
        this.serverThreads = Executors.newFixedThreadPool(SERVER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "twilio-fake-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(address, 0);
        server.createContext("/", new ApiRouter(accountSid, authToken, behaviour, this::record, routes));
        server.setExecutor(serverThreads);
        server.start();
    }

    /** Starts a fake on a free loopback port that accepts exactly these credentials. */
    public static TwilioFake start(String accountSid, String authToken) {
        return start(accountSid, authToken, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public static TwilioFake start(String accountSid, String authToken, InetSocketAddress address) {
        try {
            return new TwilioFake(accountSid, authToken, address);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Twilio fake on " + address, e);
        }
    }

    /** {@code http://host:port}, to use where the SDK would use {@code https://api.twilio.com}. */
    public String baseUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    public String accountSid() {
        return accountSid;
    }

    public String authToken() {
        return authToken;
    }

    /**
     * The next {@code count} authenticated API requests fail with {@code httpStatus} and Twilio's error JSON
     * (code 20000 + status, e.g. 20429); a 429 carries {@code Retry-After: 1}. Replaces earlier pending failures.
     * Note that the SDK itself retries a 5xx answer up to twice (three attempts in all).
     */
    public TwilioFake failNext(int count, int httpStatus) {
        behaviour.failNext(count, httpStatus);
        return this;
    }

    /** Every answer from now on waits this long first; {@link Duration#ZERO} switches it off. */
    public TwilioFake delay(Duration delay) {
        behaviour.delay(delay);
        return this;
    }

    /** Sending to this number fails with 400 and Twilio error 21211 (invalid 'To' number). */
    public TwilioFake invalidNumber(String e164) {
        behaviour.invalidNumber(e164);
        return this;
    }

    /** Sending to this number fails with 400 and Twilio error 21610 (recipient replied STOP). */
    public TwilioFake optedOut(String e164) {
        behaviour.optedOut(e164);
        return this;
    }

    /** Messages to this number end as {@code outcome} instead of {@code delivered}. */
    public TwilioFake finalStatus(String e164, DeliveryOutcome outcome) {
        behaviour.outcome(e164, outcome);
        return this;
    }

    /** Switches status callbacks on (the default) or off; statuses advance either way. */
    public TwilioFake statusCallbacks(boolean enabled) {
        behaviour.statusCallbacks(enabled);
        return this;
    }

    /**
     * Seeds the generator every random fault draws from ({@link #errorAfterStore}, {@link #timeoutAfterStore},
     * {@link #disorderCallbacks}); the seed is 0 until set.
     */
    public TwilioFake seed(long seed) {
        behaviour.seed(seed);
        return this;
    }

    /**
     * Each create, with chance {@code rate}, stores the message and starts its delivery as usual but then answers
     * {@code httpStatus} (a 5xx) with Twilio's error JSON, as real Twilio sometimes does: the text goes out although
     * the client was told it failed.
     */
    public TwilioFake errorAfterStore(double rate, int httpStatus) {
        behaviour.errorAfterStore(rate, httpStatus);
        return this;
    }

    /**
     * Each create, with chance {@code rate}, stores the message and starts its delivery but holds its (successful)
     * answer for {@code hold}: longer than the client's read timeout, the client sees a time-out for a text that goes
     * out.
     */
    public TwilioFake timeoutAfterStore(double rate, Duration hold) {
        behaviour.timeoutAfterStore(rate, hold);
        return this;
    }

    /**
     * New messages stay {@code queued}, without a date_sent, for this long before they are sent (as at Twilio under
     * load or with a Messaging Service's queue). Zero (the default) stamps date_sent at creation.
     */
    public TwilioFake queueFor(Duration duration) {
        behaviour.queuedFor(duration);
        return this;
    }

    /**
     * Status callbacks as Twilio really posts them: each one late by a random delay up to {@code maxDelay}, so a
     * later status may arrive before an earlier one, and with chance {@code repeatRate} posted twice.
     */
    public TwilioFake disorderCallbacks(Duration maxDelay, double repeatRate) {
        behaviour.disorderCallbacks(maxDelay, repeatRate);
        return this;
    }

    /**
     * While suspended every API call of the account fails with 401 and Twilio error 20003, whatever it asks: the
     * whole account fails, not one message. Nothing is stored.
     */
    public TwilioFake suspendAccount(boolean suspended) {
        behaviour.accountSuspended(suspended);
        return this;
    }

    /** The clock that stamps date_created/date_sent/date_updated, so tests can create messages "in the past". */
    public TwilioFake clock(Clock clock) {
        behaviour.clock(clock);
        return this;
    }

    /**
     * A customer texts one of our numbers: POSTs Twilio's inbound-message webhook to {@code webhookUrl}, signed with
     * this fake's auth token as Twilio signs it, and returns the answer's body (TwiML).
     *
     * @throws IllegalStateException if the webhook answers with a status other than 2xx
     */
    public String receiveText(URI webhookUrl, String from, String to, String body) {
        HttpResponse<String> answer = new TwilioWebhookClient(authToken)
                .inboundText(webhookUrl.toString(), accountSid, CreateMessageHandler.newSid(), from, to, body);
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("Inbound webhook " + webhookUrl + " answered " + answer.statusCode());
        }
        return answer.body();
    }

    /** Every request received so far, oldest first, including rejected ones. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Every message created so far, in creation order, with its current status. */
    public List<FakeMessage> messages() {
        return store.inCreationOrder();
    }

    public Optional<FakeMessage> message(String sid) {
        return store.get(sid);
    }

    /** Forgets requests and messages and puts every injected behaviour back to its default. */
    public void clear() {
        synchronized (requests) {
            requests.clear();
        }
        store.clear();
        behaviour.reset();
    }

    @Override
    public void close() {
        server.stop(0);
        serverThreads.shutdownNow();
        delivery.close();
    }

    private void record(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
    }
}
