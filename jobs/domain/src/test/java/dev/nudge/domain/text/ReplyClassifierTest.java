package dev.nudge.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyClassifierTest {

    /** inbound text | expected kind | expected keyword ("-" for none). */
    private static final String CASES = """
            STOP                                   | OPT_OUT  | STOP
            stop                                   | OPT_OUT  | STOP
            Stop.                                  | OPT_OUT  | STOP
            "STOP"                                 | OPT_OUT  | STOP
              Stop!!!                              | OPT_OUT  | STOP
            STOP 🛑                                | OPT_OUT  | STOP
            STOPALL                                | OPT_OUT  | STOPALL
            stop all                               | OPT_OUT  | STOPALL
            Unsubscribe                            | OPT_OUT  | UNSUBSCRIBE
            CANCEL                                 | OPT_OUT  | CANCEL
            end                                    | OPT_OUT  | END
            Quit                                   | OPT_OUT  | QUIT
            REVOKE                                 | OPT_OUT  | REVOKE
            OPTOUT                                 | OPT_OUT  | OPTOUT
            opt out                                | OPT_OUT  | OPTOUT
            Opt-Out.                               | OPT_OUT  | OPTOUT
            stop please                            | OPT_OUT  | STOP
            Please stop!                           | OPT_OUT  | STOP
            STOP STOP STOP                         | OPT_OUT  | STOP
            ok stop now                            | OPT_OUT  | STOP
            No. Stop.                              | OPT_OUT  | STOP
            Who is this? STOP                      | OPT_OUT  | STOP
            end it                                 | OPT_OUT  | END
            yes, stop                              | OPT_OUT  | STOP
            please stop texting me                 | OPT_OUT  | stop texting
            Stop sending me these                  | OPT_OUT  | stop sending
            stop with the texts already            | OPT_OUT  | stop with the texts
            STOP ALL MESSAGES                      | OPT_OUT  | stop all messages
            can you stop messaging me?             | OPT_OUT  | stop messaging
            Stop spamming me                       | OPT_OUT  | stop spamming
            no more texts                          | OPT_OUT  | no more texts
            No more messages please!               | OPT_OUT  | no more messages
            no more of this                        | OPT_OUT  | no more of this
            take me off your list                  | OPT_OUT  | take me off
            Please remove me from your list        | OPT_OUT  | remove me
            delete my number                       | OPT_OUT  | delete my number
            don't text me                          | OPT_OUT  | don't text me
            Don’t text me again                    | OPT_OUT  | don't text me
            do not contact me                      | OPT_OUT  | do not contact me
            never message me again                 | OPT_OUT  | never message me
            dont send me any more texts            | OPT_OUT  | dont send me any more texts
            I don't want these messages            | OPT_OUT  | don't want these messages
            unsubscribe me please                  | OPT_OUT  | unsubscribe
            How do I unsubscribe?                  | OPT_OUT  | unsubscribe
            opt me out                             | OPT_OUT  | opt me out
            I want to opt-out                      | OPT_OUT  | opt-out
            leave me alone                         | OPT_OUT  | leave me alone
            wrong number                           | OPT_OUT  | wrong number
            You have the wrong person              | OPT_OUT  | wrong person
            I never signed up for this             | OPT_OUT  | never signed up
            lose my number                         | OPT_OUT  | lose my number
            go away                                | OPT_OUT  | go away
            cancel these texts                     | OPT_OUT  | cancel these texts
            I revoke my consent                    | OPT_OUT  | revoke
            START                                  | OPT_IN   | START
            start.                                 | OPT_IN   | START
            Yes                                    | OPT_IN   | YES
            YES!                                   | OPT_IN   | YES
            unstop                                 | OPT_IN   | UNSTOP
            HELP                                   | HELP     | HELP
            help?                                  | HELP     | HELP
            Info                                   | HELP     | INFO
            help please                            | HELP     | HELP
            when does the sale end?                | QUESTION | ?
            When does the sale end                 | QUESTION | when
            Is it too late to cancel my order?     | QUESTION | ?
            stop by the store tomorrow?            | QUESTION | ?
            Can I stop by today                    | QUESTION | can i
            do you have this in blue               | QUESTION | do you
            is it waterproof                       | QUESTION | is it
            What's the return policy               | QUESTION | what's
            how much                               | QUESTION | how
            who is this                            | QUESTION | who
            Any discounts for students             | QUESTION | any discounts
            Quick question about sizing            | QUESTION | quick question
            help me pick a size                    | QUESTION | help me
            I was wondering about shipping times   | QUESTION | wondering
            will it ship before friday?            | QUESTION | ?
            yes please                             | POSITIVE | yes
            Yes please!                            | POSITIVE | yes
            sounds good                            | POSITIVE | sounds good
            thanks!                                | POSITIVE | thanks
            Thank you so much                      | POSITIVE | thank you
            👍                                     | POSITIVE | 👍
            love it ❤️                             | POSITIVE | love it
            ❤️                                     | POSITIVE | ❤
            ok                                     | POSITIVE | ok
            Sure, I'm interested                   | POSITIVE | sure
            I'm in!                                | POSITIVE | i'm in
            will do                                | POSITIVE | will do
            just ordered, thanks                   | POSITIVE | just ordered
            no problem                             | POSITIVE | no problem
            Don't stop the discounts!              | POSITIVE | don't stop
            please don't stop texting me deals     | POSITIVE | don't stop
            never stop sending these!              | POSITIVE | never stop
            y                                      | POSITIVE | y
            not interested                         | NEGATIVE | not interested
            I'm not really interested              | NEGATIVE | not really interested
            no thanks                              | NEGATIVE | no thanks
            No thank you.                          | NEGATIVE | no thank you
            no                                     | NEGATIVE | no
            Nope                                   | NEGATIVE | nope
            nah                                    | NEGATIVE | nah
            not now                                | NEGATIVE | not now
            No, I'm fine.                          | NEGATIVE | no
            I'm good                               | NEGATIVE | i'm good
            too expensive                          | NEGATIVE | too expensive
            I don't need it                        | NEGATIVE | don't need it
            Not for me                             | NEGATIVE | not for me
            I'll pass                              | NEGATIVE | i'll pass
            👎                                     | NEGATIVE | 👎
            no thanks, do you have it in blue?     | NEGATIVE | no thanks
            I'll stop by the store tomorrow        | OTHER    | -
            stop by the store tomorrow             | OTHER    | -
            The sale ends friday right             | OTHER    | -
            I quit smoking                         | OTHER    | -
            cancel my order                        | OTHER    | -
            start my order                         | OTHER    | -
            I'm not sure                           | OTHER    | -
            not great                              | OTHER    | -
            ok thanks. end of story                | POSITIVE | ok
            my bus stop is near your shop          | OTHER    | -
            Stop, that's amazing                   | POSITIVE | amazing
            end of season sale                     | OTHER    | -
            maybe later                            | OTHER    | -
            What a deal!                           | OTHER    | -
            123                                    | OTHER    | -
            remove the item from my cart           | OTHER    | -
            take me to the store                   | OTHER    | -
            """;

    static Stream<Arguments> cases() {
        return CASES.lines().map(line -> {
            String[] cells = Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
            // Leading blanks of the text are kept: the classifier must trim them itself.
            String text = line.substring(0, line.indexOf('|')).stripTrailing();
            return Arguments.of(text, ReplyKind.valueOf(cells[1]), cells[2].equals("-") ? null : cells[2]);
        });
    }

    @Test
    void theTableIsBigEnough() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" → {1} ({2})")
    @MethodSource("cases")
    void classifies(String inbound, ReplyKind kind, String keyword) {
        assertThat(ReplyClassifier.classify(inbound)).isEqualTo(new Classification(kind, keyword));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\n\t", "...", "🙃"})
    void nothingToReadIsOther(String inbound) {
        assertThat(ReplyClassifier.classify(inbound)).isEqualTo(Classification.OTHER);
    }

    @Test
    void everyCarrierKeywordAloneIsRecognisedInAnyCase() {
        for (String keyword : new String[] {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
            "OPTOUT"}) {
            for (String written : new String[] {keyword, keyword.toLowerCase(), " " + keyword + ". ", keyword + "!"}) {
                assertThat(ReplyClassifier.classify(written)).as(written)
                        .isEqualTo(new Classification(ReplyKind.OPT_OUT, keyword));
            }
        }
    }

    @Test
    void aKeywordInsideASentenceIsNotAKeyword() {
        for (String sentence : new String[] {"the end is near", "I want to start running", "info on returns",
            "cancel the order I placed", "can't quit now", "shop", "quite", "remote", "is the 20% off offer still on?",
            "I love your texts", "cancelar mi pedido", "no paren las ofertas", "l'arrêt de bus"}) {
            assertThat(ReplyClassifier.classify(sentence).kind()).as(sentence)
                    .isNotIn(ReplyKind.OPT_OUT, ReplyKind.OPT_IN, ReplyKind.HELP);
        }
    }
}
