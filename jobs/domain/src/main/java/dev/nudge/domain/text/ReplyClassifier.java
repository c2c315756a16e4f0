package dev.nudge.domain.text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads an inbound text. The rules, in order (the first that matches wins):
 * <ol>
 *   <li><b>A keyword alone is a keyword.</b> The whole text, trimmed, case-insensitive, punctuation and emoji at
 *       its edges ignored, spaces and hyphens inside ignored ("Stop!", "opt-out", "STOP ALL"), is one of the
 *       carrier keywords: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT (opt-out); START, YES,
 *       UNSTOP (opt-in); HELP, INFO (help). Opt-out and help keywords also count with courtesy words around them
 *       ("stop please", "please STOP!!", "Help pls").</li>
 *   <li>An opt-out keyword that is a whole sentence of a longer text, courtesy words aside ("Who is this? STOP").
 *       </li>
 *   <li><b>Inside a sentence only revocation phrases count</b>: "stop texting me", "no more texts", "take me off
 *       your list", "don't text me", "unsubscribe", "opt me out", "leave me alone", "wrong number", "I never
 *       signed up"... A keyword that is merely a word of a sentence does not opt out: "when does the sale end?"
 *       is a question, "I'll stop by the store tomorrow" is nothing in particular. A negated stop phrase ("don't
 *       stop sending me deals!") is not a revocation but praise.</li>
 *   <li>NEGATIVE ("no thanks", "not interested", "too expensive"). It beats QUESTION: a clear "no" must not be
 *       missed, and a person still reads any question that came with it.</li>
 *   <li>QUESTION: contains "?", or opens like one ("when", "how", "can I", "do you", "is it"...).</li>
 *   <li>POSITIVE ("yes please", "sounds good", "thanks!", "👍"), unless negated ("not sure", "not great").</li>
 *   <li>Anything else is OTHER.</li>
 * </ol>
 * Opt-out deliberately errs towards honouring a revocation; a false friend loses one customer's texts, a missed
 * revocation breaks the law.
 */
public final class ReplyClassifier {

    private static final Map<String, ReplyKind> KEYWORDS = Map.ofEntries(
            Map.entry("stop", ReplyKind.OPT_OUT), Map.entry("stopall", ReplyKind.OPT_OUT),
            Map.entry("unsubscribe", ReplyKind.OPT_OUT), Map.entry("cancel", ReplyKind.OPT_OUT),
            Map.entry("end", ReplyKind.OPT_OUT), Map.entry("quit", ReplyKind.OPT_OUT),
            Map.entry("revoke", ReplyKind.OPT_OUT), Map.entry("optout", ReplyKind.OPT_OUT),
            Map.entry("start", ReplyKind.OPT_IN), Map.entry("yes", ReplyKind.OPT_IN),
            Map.entry("unstop", ReplyKind.OPT_IN),
            Map.entry("help", ReplyKind.HELP), Map.entry("info", ReplyKind.HELP));

    /** Words that do not change what a keyword means: "stop please", "ok STOP now", "yes, stop". */
    private static final Set<String> COURTESY = Set.of("please", "pls", "plz", "now", "thanks", "thank", "you",
            "thx", "ty", "ok", "okay", "already", "asap", "immediately", "right", "it", "this", "all", "no", "yes");

    private static final String MESSAGES = "(?:texts?|txts?|texting|messages?|msgs?|messaging|sms|promos?|promotions?"
            + "|offers?|ads|spam|notifications?|alerts?|marketing)";

    private static final List<Pattern> REVOCATIONS = patterns(
            "\\bunsub(?:scribe|scribing)?\\b",
            "\\bopt(?:ing)?[\\s-]*(?:me\\s+)?out\\b",
            "\\brevoke\\b",
            "\\bleave\\s+me\\s+alone\\b",
            "\\b(?:take|get|drop|cross)\\s+(?:me|my\\s+number|this\\s+number)\\s+off\\b",
            "\\b(?:remove|delete|erase)\\s+(?:me|my\\s+(?:phone\\s+)?(?:number|info|information|details|data)"
                    + "|this\\s+number)\\b",
            "\\b(?:taken|removed)\\s+(?:off|from)\\s+(?:your|the|this)\\s+(?:list|texts|messages)\\b",
            "\\blose\\s+(?:my|this)\\s+number\\b",
            "\\bwrong\\s+(?:number|person)\\b",
            "\\b(?:don'?t|do\\s+not|never)\\s+(?:ever\\s+)?(?:text|txt|message|msg|sms|contact|call|email|spam"
                    + "|bother)\\s+(?:me|us|this\\s+number|my\\s+number|again)\\b",
            "\\b(?:don'?t|do\\s+not|never)\\s+send\\s+(?:me\\s+)?(?:any\\s+)?(?:more\\s+)?" + MESSAGES + "\\b",
            "\\b(?:don'?t|do\\s+not)\\s+(?:want|need)\\s+(?:any\\s+|these\\s+|your\\s+)?(?:more\\s+)?" + MESSAGES
                    + "\\b",
            "\\bno\\s+more\\s+(?:" + MESSAGES + "|of\\s+(?:this|these|that|those|your))\\b",
            "\\b(?:never|didn'?t|did\\s+not)\\s+sign(?:ed)?\\s+up\\b",
            "\\b(?:fuck|piss|bugger|sod)\\s+off\\b",
            "\\bgo\\s+away\\b",
            "\\bcancel\\s+(?:all\\s+|the\\s+|these\\s+|those\\s+|your\\s+|my\\s+)?(?:" + MESSAGES
                    + "|text\\s+(?:messages|alerts)|subscription\\s+to\\s+(?:your\\s+|these\\s+)?" + MESSAGES + ")\\b");

    /** "stop texting me" and friends, which a negation in front turns around ("don't stop texting me!"). */
    private static final Pattern STOP_CONTACT = Pattern.compile(
            "\\bstop(?:\\s+(?:all|the|these|those|this|your|ur|with\\s+the))*\\s+(?:sending|contacting|calling"
                    + "|spamming|bugging|bothering|harassing|emailing|txting|" + MESSAGES + ")\\b");
    private static final Pattern NEGATION_AT_END = Pattern.compile("(?:\\bdon'?t|\\bdo\\s+not|\\bnever)\\s+$");

    private static final Pattern NEGATIVE_ALONE = Pattern.compile("^(?:no|nope|nah|naw|no\\s+thanks?|no\\s+thank\\s+you"
            + "|no\\s+thx|no\\s+ty|not\\s+now|not\\s+today|not\\s+right\\s+now|pass|i'?ll\\s+pass|no\\s+way"
            + "|never\\s*mind|not\\s+for\\s+me|(?:i'?m|im|i\\s+am)\\s+(?:good|ok|okay|fine|all\\s+set)"
            + "(?:\\s+(?:thanks|thank\\s+you|thx))?|all\\s+good)$");
    private static final List<Pattern> NEGATIVES = patterns(
            "\\bnot\\s+(?:\\w+\\s+){0,2}interested\\b",
            "\\bno\\s+(?:thanks|thank\\s+you|thx|ty)\\b",
            "^no\\b(?=\\s*[,.!;])",
            "\\bno\\s+interest\\b",
            "\\b(?:don'?t|do\\s+not)\\s+(?:want|need)\\s+(?:it|this|that|them|one|any)\\b",
            "\\btoo\\s+(?:expensive|pricey|much)\\b",
            "\\bnot\\s+(?:buying|gonna\\s+buy|going\\s+to\\s+buy)\\b",
            "\\bnot\\s+for\\s+me\\b",
            "\\bi'?ll\\s+pass\\b",
            "👎");

    private static final Pattern WH_OPENING = Pattern.compile("^(?:what'?s|what|when|where|which|who|whom|whose|why|how)\\b");
    private static final List<Pattern> QUESTION_OPENINGS = patterns(
            "^(?:can|could|would|will|do|does|did|is|are|was|were|have|has|should|may|shall|am)\\s+(?:i|you|we"
                    + "|they|it|he|she|this|that|these|those|there|the|my|your|u|ya|a|an)\\b",
            "^any\\s+(?:chance|discounts?|deals?|coupons?|codes?|sales?|news|updates?|more)\\b",
            "^(?:i\\s+have\\s+a\\s+question|quick\\s+question|question\\b)",
            "^(?:help\\s+me|i\\s+need\\s+help|need\\s+help)\\b",
            "\\bwondering\\b");

    private static final List<Pattern> POSITIVE_PHRASES = patterns(
            "\\b(?:don'?t|do\\s+not|never)\\s+stop\\b",
            "\\bno\\s+(?:problem|prob|worries)\\b",
            "^y$");
    private static final Pattern POSITIVE_WORDS = Pattern.compile("\\b(?:yes|yeah|yea|yep|yup|yass?|sure|ok|okay|k|kk"
            + "|sounds\\s+(?:good|great|perfect|awesome)|great|perfect|awesome|amazing|cool|nice"
            + "|love(?:\\s+(?:it|this|that|them))?|loved|thanks|thank\\s+you|thx|ty|tysm|appreciate(?:\\s+it)?"
            + "|interested|i'?m\\s+in|count\\s+me\\s+in|will\\s+do|definitely|absolutely|of\\s+course"
            + "|can'?t\\s+wait|excited|i'?ll\\s+take\\s+(?:it|one|two)|want\\s+(?:it|one)|just\\s+ordered|ordered"
            + "|bought\\s+it|got\\s+it|gotcha|wow)\\b");
    private static final Pattern POSITIVE_EMOJI = Pattern.compile("[👍👌❤♥😍🥰😊🙂😀😃😁🙏🔥🎉💯✅]");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "don't", "dont", "didn't", "didnt",
            "isn't", "isnt", "wasn't", "wasnt", "aren't", "arent", "won't", "wont", "doesn't", "doesnt");

    private ReplyClassifier() {
    }

    public static Classification classify(String inboundText) {
        if (inboundText == null || inboundText.isBlank()) {
            return Classification.OTHER;
        }
        String text = normalize(inboundText);
        return Stream.<Function<String, Optional<Classification>>>of(
                        ReplyClassifier::keywordAlone,
                        ReplyClassifier::optOutSentence,
                        ReplyClassifier::revocation,
                        ReplyClassifier::negative,
                        ReplyClassifier::question,
                        ReplyClassifier::positive)
                .map(rule -> rule.apply(text))
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(Classification.OTHER);
    }

    private static Optional<Classification> keywordAlone(String text) {
        String compact = stripEdges(text).replaceAll("[\\s_-]+", "");
        ReplyKind kind = KEYWORDS.get(compact);
        if (kind != null) {
            return Optional.of(new Classification(kind, compact.toUpperCase(Locale.ROOT)));
        }
        List<String> words = meaningfulWords(text);
        ReplyKind courteous = words.size() == 1 ? KEYWORDS.get(words.get(0)) : null;
        if (courteous == ReplyKind.OPT_OUT || courteous == ReplyKind.HELP) {
            return Optional.of(new Classification(courteous, words.get(0).toUpperCase(Locale.ROOT)));
        }
        return Optional.empty();
    }

    private static Optional<Classification> optOutSentence(String text) {
        for (String sentence : text.split("[.!?;:\\n]+")) {
            List<String> words = meaningfulWords(sentence);
            if (!words.isEmpty() && words.stream().allMatch(word -> KEYWORDS.get(word) == ReplyKind.OPT_OUT)) {
                return Optional.of(new Classification(ReplyKind.OPT_OUT, words.get(0).toUpperCase(Locale.ROOT)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Classification> revocation(String text) {
        Matcher stop = STOP_CONTACT.matcher(text);
        while (stop.find()) {
            if (!NEGATION_AT_END.matcher(text.substring(0, stop.start())).find()) {
                return Optional.of(new Classification(ReplyKind.OPT_OUT, stop.group()));
            }
        }
        return firstMatch(REVOCATIONS, text, ReplyKind.OPT_OUT);
    }

    private static Optional<Classification> negative(String text) {
        String bare = stripEdges(text);
        if (NEGATIVE_ALONE.matcher(bare).matches()) {
            return Optional.of(new Classification(ReplyKind.NEGATIVE, bare));
        }
        return firstMatch(NEGATIVES, text, ReplyKind.NEGATIVE);
    }

    private static Optional<Classification> question(String text) {
        if (text.contains("?")) {
            return Optional.of(new Classification(ReplyKind.QUESTION, "?"));
        }
        Matcher wh = WH_OPENING.matcher(text);
        // "What a deal!" and "How nice!" exclaim rather than ask.
        if (wh.find() && !text.endsWith("!")) {
            return Optional.of(new Classification(ReplyKind.QUESTION, wh.group()));
        }
        return firstMatch(QUESTION_OPENINGS, text, ReplyKind.QUESTION);
    }

    private static Optional<Classification> positive(String text) {
        Optional<Classification> phrase = firstMatch(POSITIVE_PHRASES, stripEdges(text), ReplyKind.POSITIVE);
        if (phrase.isPresent()) {
            return phrase;
        }
        Matcher word = POSITIVE_WORDS.matcher(text);
        while (word.find()) {
            if (!negatedJustBefore(text, word.start())) {
                return Optional.of(new Classification(ReplyKind.POSITIVE, word.group()));
            }
        }
        Matcher emoji = POSITIVE_EMOJI.matcher(text);
        return emoji.find() ? Optional.of(new Classification(ReplyKind.POSITIVE, emoji.group())) : Optional.empty();
    }

    /** Whether one of the two words before {@code position} negates what follows ("not sure", "not so great"). */
    private static boolean negatedJustBefore(String text, int position) {
        String[] before = text.substring(0, position).trim().split("[\\s,]+");
        return Arrays.stream(before, Math.max(0, before.length - 2), before.length).anyMatch(NEGATIONS::contains);
    }

    private static Optional<Classification> firstMatch(List<Pattern> patterns, String text, ReplyKind kind) {
        for (Pattern pattern : patterns) {
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                return Optional.of(new Classification(kind, matcher.group()));
            }
        }
        return Optional.empty();
    }

    /** The words of {@code text} minus courtesy words; "opt out" counts as one word. */
    private static List<String> meaningfulWords(String text) {
        String joined = text.replaceAll("\\bopt[\\s-]*out\\b", "optout");
        return Arrays.stream(joined.split("[^\\p{L}\\p{N}']+"))
                .filter(word -> !word.isEmpty() && !COURTESY.contains(word))
                .toList();
    }

    private static String normalize(String text) {
        return text.strip().toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'').replace('\u2018', '\'')
                .replaceAll("\\s+", " ");
    }

    private static String stripEdges(String text) {
        return text.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
    }

    private static List<Pattern> patterns(String... regexes) {
        return Arrays.stream(regexes).map(Pattern::compile).toList();
    }
}
