package dev.nudge.demo;

import dev.nudge.devstack.twilio.FakeMessage;
import dev.nudge.devstack.twilio.TwilioFake;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SmsIntent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, shrunk: a few simulated days, every text sent by the dispatcher through the
 * Twilio-compatible server, its delivery receipt back through the webhook service, and the summary.
 */
class DemoITCase {

    @Test
    void aShortSimulationSendsThroughTheDispatcherAndEndsInASummary(@TempDir Path clickHouseData) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoRun run = DemoMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8), "--customers", "150",
                "--days", "3", "--clickhouse-http-port", String.valueOf(freePort()),
                "--clickhouse-tcp-port", String.valueOf(freePort()), "--clickhouse-dir", clickHouseData.toString());
        String output = printed.toString(StandardCharsets.UTF_8);

        assertThat(output).contains("[5/5] summary", "3/3 days", "The funnel per sequence and step", "demo-roasters");
        assertThat(output).containsPattern("texts sent +[1-9][0-9,]* received by the Twilio-compatible server");
        assertThat(output).containsPattern("dispatcher +[1-9][0-9,]* sent, [0-9,]+ skipped at send time, 0 in doubt");
        assertThat(output).containsPattern("webhook service +[1-9][0-9,]* status callbacks, [1-9][0-9,]* delivery receipts");
        assertThat(output).contains("deferred (sent later)", "exits", "conversions after a text", "lift over holdout",
                "opt-outs");
        assertThat(output).containsPattern("ClickHouse facts +[1-9][0-9,]* messages, [1-9][0-9,]* engagements");

        List<FakeMessage> messages = run.twilioMessages();
        Map<String, SmsIntent> texts = run.texts().stream()
                .collect(Collectors.toMap(SmsIntent::getIntentId, Function.identity()));
        assertThat(messages).isNotEmpty();
        // One message per intent: the status callback URL names the intent the dispatcher sent.
        Map<String, Long> messagesPerIntent = messages.stream()
                .collect(Collectors.groupingBy(DemoITCase::intentOf, Collectors.counting()));
        assertThat(messagesPerIntent).allSatisfy((intent, count) -> assertThat(count).isOne());
        assertThat(messagesPerIntent).hasSize(messages.size());
        assertThat(texts).containsKeys(messagesPerIntent.keySet().toArray(String[]::new));
        assertThat(run.dispatcher().sent()).isEqualTo(messages.size());
        assertThat(run.dispatcher().inDoubt()).isZero();
        // Every text the fake received came back DELIVERED through the webhook service, stamped at its decision time.
        assertThat(messages).allSatisfy(message -> {
            String intentId = intentOf(message);
            EngagementEvent receipt = run.receipts().get(intentId);
            assertThat(receipt).as("receipt of %s", intentId).isNotNull();
            assertThat(receipt.getType()).isEqualTo(EngagementType.DELIVERED);
            assertThat(receipt.getEventId()).isEqualTo(intentId + ":DELIVERED");
            assertThat(receipt.getProviderMessageId()).isEqualTo(message.sid());
            assertThat(receipt.getEventTime()).isEqualTo(texts.get(intentId).getCreatedAt());
        });
        assertThat(run.webhooks().receipts()).isEqualTo(messages.size());
        assertThat(run.webhooks().statusCallbacks()).isGreaterThanOrEqualTo(messages.size());
        assertThat(run.webhooks().forbidden()).isZero();
    }

    /** {@code --to}: the demo's texts go through the given account (here a second Twilio-compatible server) to those numbers only. */
    @Test
    void withRealTwilioOnlyTheAllowlistIsTexted(@TempDir Path clickHouseData) throws Exception {
        List<String> allowlist = List.of("+12125550170", "+12125550171", "+12125550172");
        String sender = "+15005550123";
        try (TwilioFake account = TwilioFake.start("AC" + "1".repeat(32), "the-users-token")) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            DemoRun run = DemoMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8), "--customers", "150",
                    "--days", "5", "--clickhouse-http-port", String.valueOf(freePort()),
                    "--clickhouse-tcp-port", String.valueOf(freePort()), "--clickhouse-dir", clickHouseData.toString(),
                    "--twilio-account-sid", account.accountSid(), "--twilio-auth-token", account.authToken(),
                    "--twilio-base-url", account.baseUrl(), "--from", sender, "--to", allowlist.get(0), "--to",
                    allowlist.get(1), "--to", allowlist.get(2));

            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("[5/5] summary", "real Twilio");
            assertThat(account.messages()).isNotEmpty().allSatisfy(message -> {
                assertThat(message.to()).isIn(allowlist);
                assertThat(message.from()).isEqualTo(sender);
            });
            assertThat(run.twilioMessages()).as("texts to the demo's own Twilio-compatible server").isEmpty();
            assertThat(run.texts()).hasSizeGreaterThan(account.messages().size());
            assertThat(run.dispatcher().sent()).isEqualTo(account.messages().size());
        }
    }

    private static String intentOf(FakeMessage message) {
        String query = URI.create(message.statusCallback()).getQuery();
        assertThat(query).startsWith("intent=");
        return query.substring("intent=".length());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
