package dev.nudge.domain.text;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
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
 * Reads an inbound text in English, Spanish or French (lower-cased, accents folded: "Arrêt" is "arret"). The rules,
 * in order (the first that matches wins):
 * <ol>
 *   <li><b>A keyword alone is a keyword.</b> The whole text, trimmed, case-insensitive, punctuation and emoji at
 *       its edges ignored, spaces and hyphens inside ignored ("Stop!", "opt-out", "STOP ALL", "🛑"), is one of the
 *       opt-out keywords ({@link #OPT_OUT_KEYWORDS}: the carriers' STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT,
 *       REVOKE, OPTOUT, REMOVE, and PARAR, BAJA, CANCELAR, NO MAS, ARRET, STOPPER...), or misspelt one slip away
 *       ("unsubcribe", "stpo", "st0p", "stoooop"); or START, YES, UNSTOP (opt-in); HELP, INFO, AYUDA, AIDE (help).
 *       Opt-out and help keywords also count with courtesy words around them ("stop please", "baja por favor",
 *       "ARRET svp").</li>
 *   <li>An opt-out keyword that is a whole sentence of a longer text, or its last clause after a comma, courtesy
 *       words aside ("Who is this? STOP", "this is harassment, stop").</li>
 *   <li><b>Inside a sentence only revocation phrases count</b>: "stop texting me", "quit texting me", "end texts",
 *       "no more texts", "take me off your list", "do not contact", "I don't want these anymore", "dar de baja",
 *       "dejen de escribirme", "arrêtez de m'envoyer des messages"...; UNSUBSCRIBE and its Spanish and French kin,
 *       misspelt or not, anywhere. A keyword that is merely a word of a sentence does not opt out: "when does the
 *       sale end?" is a question, "I'll stop by the store tomorrow" is nothing in particular, "cancel my order" is
 *       about an order. A negated stop phrase ("don't stop sending me deals!", "no dejen de mandar ofertas") is
 *       not a revocation but praise.</li>
 *   <li><b>When in doubt, a revocation</b>: a text about our messages with a sign of not wanting them ("these
 *       texts are annoying"), unless it asks us not to stop or opens like a question ("when does this promo
 *       end?").</li>
 *   <li>NEGATIVE ("no thanks", "not interested", "too expensive"). It beats QUESTION: a clear "no" must not be
 *       missed, and a person still reads any question that came with it.</li>
 *   <li>QUESTION: contains "?", or opens like one ("when", "how", "can I", "do you", "is it"...).</li>
 *   <li>POSITIVE ("yes please", "sounds good", "thanks!", "👍"), unless negated ("not sure", "not great").</li>
 *   <li>Anything else is OTHER.</li>
 * </ol>
 * Opt-out deliberately errs towards honouring a revocation; a false friend loses one customer's texts, a missed
 * revocation breaks the law. Recall and false opt-outs on a labelled corpus: docs/reply-classifier.md.
 */
public final class ReplyClassifier {

    /**
     * Opt-out keywords, alone or with courtesy words. Twilio's and AWS's documented ones (STOP, STOPALL, UNSUBSCRIBE,
     * CANCEL, END, QUIT, REVOKE, OPTOUT, REMOVE; ARRET and TD for French Canada), short forms and plain words that
     * mean nothing else alone ("unsub", "enough", "no more"), and the Spanish and French ones.
     */
    private static final List<String> OPT_OUT_KEYWORDS = List.of(
            "stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "remove", "unsub",
            "stahp", "halt", "cease", "enough", "block", "spam", "nomore",
            "parar", "pare", "para", "baja", "cancelar", "detener", "alto", "fin", "basta", "salir", "desuscribir",
            "desuscribirme", "desuscribirse", "eliminar", "nomas", "paren", "detente", "detengan", "detenganse",
            "arret", "arrete", "arretez", "stopper", "desabonner", "desinscrire", "desinscription", "annuler", "td");
    /** The keywords long enough to be recognised misspelt without catching other words. */
    private static final Set<String> MISSPELLABLE = Set.of("stop", "stopall", "unsubscribe", "cancel", "quit",
            "revoke", "optout", "remove", "cancelar", "detener", "desuscribir", "desabonner", "desinscrire",
            "stopper");
    /** Keywords that mean nothing else, so they revoke misspelt anywhere in a text too ("unsubscibe me"). */
    private static final Set<String> ANYWHERE = Set.of("unsubscribe", "desuscribir", "desabonner", "desinscrire");
    private static final Pattern STOP_SIGNS = Pattern.compile("^[\\s\\p{Punct}]*(?:🛑\\s*)+[\\s\\p{Punct}]*$");

    private static final Map<String, ReplyKind> KEYWORDS = keywords();

    /**
     * Real words one typing slip away from an opt-out keyword, which a reply may well be ("shop", "quite"): they do
     * not count as the keyword misspelt.
     */
    private static final Set<String> NOT_MISSPELT = Set.of("shop", "step", "top", "atop", "slop", "stomp", "sop",
            "stow", "quiz", "quite", "suit", "quid", "quilt", "quip", "cancer", "remote");

    /** Words that do not change what a keyword means: "stop please", "ok STOP now", "yes, stop", "baja por favor". */
    private static final Set<String> COURTESY = Set.of("please", "pls", "plz", "now", "thanks", "thank", "you",
            "thx", "ty", "ok", "okay", "already", "asap", "immediately", "right", "it", "this", "all", "no", "yes",
            "por", "favor", "porfa", "porfavor", "gracias", "ya", "ahora", "todo", "todos", "svp", "merci", "maintenant",
            "tout");

    private static final String MESSAGES = "(?:texts?|txts?|te?xt(?:ing|in|n)|messages?|msgs?|messaging|sms|promos?"
            + "|promotions?|offers?|ads|spam|notifications?|alerts?|marketing)";
    private static final String MENSAJES = "(?:mensajes|msjs?|textos|sms|promociones|ofertas|anuncios)";
    private static final String FR_MESSAGES = "(?:messages|textos|sms|promos|promotions|offres|pubs?)";

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
            "\\bwrong\\s+(?:number|person|#|no\\b)",
            "\\bwant\\s+(?:(?:these|the|your|ur|all|those)\\s+)?" + MESSAGES + "\\s+to\\s+(?:stop|end)\\b",
            "\\bya\\s+no\\W*$",
            "\\b(?:don'?t|do\\s+not|never)\\s+(?:ever\\s+)?(?:text|txt|message|msg|sms|contact|call|email|spam"
                    + "|bother|disturb)(?:\\s+(?:me|us|this\\s+number|my\\s+number|again)\\b|\\W*$)",
            "\\b(?:don'?t|do\\s+not|never)\\s+send\\s+(?:me\\s+)?(?:any\\s+)?(?:more\\s+)?" + MESSAGES + "\\b",
            "\\b(?:don'?t|do\\s+not|not)\\s+(?:want|wanting|need)\\s+(?:to\\s+(?:receive|get|have)\\s+)?(?:any\\s+|these\\s+"
                    + "|your\\s+)?(?:more\\s+)?" + MESSAGES + "\\b",
            "\\b(?:done|finished|through)\\s+with\\s+(?:(?:these|this|your|ur|the|all|you(?:r)?)\\s+)*" + MESSAGES
                    + "\\b",
            "\\bno\\s+more\\s+(?:" + MESSAGES + "|of\\s+(?:this|these|that|those|your))\\b",
            "\\b(?:don'?t|do\\s+not)\\s+(?:want|need)\\s+(?:(?:these|this|them|it|that|those)\\s+)?(?:any\\s*more"
                    + "|no\\s+more)\\b",
            "\\bno(?:t|\\s+longer)\\s+(?:\\w+\\s+){0,2}interested\\s+in\\s+(?:(?:these|this|your|ur|the|any)\\s+)?"
                    + MESSAGES + "\\b",
            "\\b(?:cancel|end|stop)\\s+(?:my\\s+|the\\s+|this\\s+|your\\s+)?subscription\\b",
            "\\b(?:withdraw|revoke|cancel)\\s+(?:my\\s+)?consent\\b",
            "\\bcease\\b",
            "\\bi\\s+want\\s+out\\b",
            "\\b(?:this\\s+is|that'?s|it'?s)\\s+spam\\b",
            "\\b(?:never|didn'?t|did\\s+not)\\s+sign(?:ed)?\\s+up\\b",
            "\\b(?:never|didn'?t|did\\s+not)\\s+(?:asked?|agreed?|opt(?:ed)?\\s+in|consent(?:ed)?|subscribed?)\\b",
            "\\b(?:fuck|piss|bugger|sod)\\s+off\\b",
            "\\bgo\\s+away\\b",
            "\\bcancel\\s+(?:all\\s+|the\\s+|these\\s+|those\\s+|your\\s+|my\\s+)?(?:" + MESSAGES
                    + "|text\\s+(?:messages|alerts)|subscription\\s+to\\s+(?:your\\s+|these\\s+)?" + MESSAGES + ")\\b",
            // Spanish
            "\\b(?:dar|darme|dame|denme|darse|den)\\s+de\\s+baja\\b",
            "\\bno\\s+mas\\s+" + MENSAJES + "\\b",
            "\\bya\\s+no\\s+(?:quiero|me\\s+(?:manden|mandes|envien|envies|escriban|escribas|contacten))\\b",
            "\\bno\\s+(?:me\\s+)?(?:envien|envies|manden|mandes|escriban|escribas|contacten|contactes|contactar"
                    + "|molesten|molestes)\\b",
            "\\bno\\s+quiero\\s+(?:recibir\\s+)?(?:mas\\s+)?" + MENSAJES + "\\b",
            "\\b(?:detener|parar|pare|paren|detengan|cancelar)\\s+(?:los\\s+|sus\\s+|estos\\s+)?" + MENSAJES
                    + "\\b",
            "\\bcancelar\\s+(?:mi\\s+|la\\s+)?suscripcion\\b",
            "\\bdejen?me\\s+en\\s+paz\\b",
            "\\b(?:quit|saqu|sac|borr|elimin)(?:en|a|e)?me\\b",
            "\\b(?:elimin|borr|quit|sac|saqu)\\w*\\s+(?:mi\\s+numero|de\\s+(?:la|su|tu|sus|esta)\\s+lista)\\b",
            "\\bnunca\\s+me\\s+(?:suscribi|inscribi|registre)\\b",
            "\\bbasta\\s+(?:ya\\s+)?de\\b",
            "\\bdesuscrib\\w*",
            "\\bnumero\\s+equivocado\\b",
            // French
            "\\bdesabonn\\w*",
            "\\bdesinscri\\w*",
            "\\b(?:plus|pas)\\s+de\\s+" + FR_MESSAGES + "\\b",
            "\\bne\\s+veux\\s+plus\\b",
            "\\blaisse[zr]?[\\s-]+moi\\s+tranquille\\b",
            "\\b(?:supprime[rz]?|efface[rz]?|retire[rz]?)[\\s-]+(?:moi|mon\\s+numero)\\b",
            "\\bmauvais\\s+numero\\b");

    /**
     * "stop texting me" and friends, which a negation in front turns around ("don't stop texting me!", "no dejen de
     * mandar ofertas", "n'arrêtez pas les promos").
     */
    private static final List<Pattern> STOP_CONTACT = patterns(
            "\\b(?:stop|quit|end|cease|halt|enough(?:\\s+with)?|knock\\s+it\\s+off(?:\\s+with)?)"
                    + "(?:\\s+(?:all|the|these|those|this|your|ur|with\\s+the))*\\s*(?:sending|contacting|calling|spamming"
                    + "|bugging|bothering|harassing|emailing|txting|" + MESSAGES + ")\\b",
            "\\b(?:deja|dejen|deje|para|pare|paren|parar|detener|detengan)\\s+de\\s+(?:enviar|mandar|escribir|contactar"
                    + "|molestar)\\w*",
            "\\barret(?:ez|e|er)\\s+(?:les\\s+|vos\\s+|ces\\s+|de\\s+m|d'envoyer)");
    private static final Pattern NEGATION_AT_END = Pattern.compile(
            "(?:\\bdon'?t|\\bdo\\s+not|\\bnever|\\bno|\\bnunca|\\bn'|\\bne)\\s*$");

    /**
     * When in doubt, a revocation: a text about our messages with a sign of not wanting them ("these texts are
     * annoying", "harto de sus mensajes"), unless it asks us not to stop or asks when or what ("when does this promo
     * end?").
     */
    private static final Pattern ABOUT_OUR_MESSAGES = Pattern.compile("\\b(?:" + MESSAGES + "|" + MENSAJES + "|"
            + FR_MESSAGES + ")\\b");
    private static final Pattern NOT_WANTED = Pattern.compile("\\b(?:stop|quit|end|enough|sick|tired|annoying|annoyed"
            + "|too\\s+many|no\\s+more|no\\s+longer|any\\s*more|remove|unwanted|spam|harass\\w*|don'?t\\s+want"
            + "|not\\s+interested|can\\s+you\\s+not|harto|harta|cansad[oa]|molest\\w*|ya\\s+no|no\\s+quiero|basta"
            + "|marre|ne\\s+veux|arret\\w*)\\b");
    private static final Pattern PLEASE_DONT_STOP = Pattern.compile("(?:\\b(?:don'?t|never|no)|\\bn')\\s*(?:ever\\s+)?"
            + "(?:stop|pares|paren|dejen|deje|arret)");

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
        if (STOP_SIGNS.matcher(text).matches()) {
            return Optional.of(new Classification(ReplyKind.OPT_OUT, "STOP"));
        }
        String compact = stripEdges(text).replaceAll("[\\s_-]+", "");
        ReplyKind kind = KEYWORDS.get(compact);
        if (kind != null) {
            return Optional.of(new Classification(kind, compact.toUpperCase(Locale.ROOT)));
        }
        Optional<String> misspelt = optOutKeyword(compact);
        if (misspelt.isPresent()) {
            return Optional.of(new Classification(ReplyKind.OPT_OUT, misspelt.get()));
        }
        List<String> words = meaningfulWords(text);
        ReplyKind courteous = words.size() == 1 ? KEYWORDS.get(words.get(0)) : null;
        if (courteous == ReplyKind.OPT_OUT || courteous == ReplyKind.HELP) {
            return Optional.of(new Classification(courteous, words.get(0).toUpperCase(Locale.ROOT)));
        }
        return words.size() == 1 ? optOutKeyword(words.get(0)).map(keyword -> new Classification(ReplyKind.OPT_OUT,
                keyword)) : Optional.empty();
    }

    /**
     * A sentence that is only opt-out keywords, or that ends with them after a comma ("this is harassment, stop"),
     * courtesy words aside.
     */
    private static Optional<Classification> optOutSentence(String text) {
        for (String sentence : text.split("[.!?;:\\n]+")) {
            List<String> words = meaningfulWords(sentence.substring(sentence.lastIndexOf(',') + 1));
            List<String> keywords = words.stream().map(ReplyClassifier::optOutKeyword)
                    .flatMap(Optional::stream).toList();
            if (!words.isEmpty() && keywords.size() == words.size()) {
                return Optional.of(new Classification(ReplyKind.OPT_OUT, keywords.get(0)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Classification> revocation(String text) {
        for (Pattern pattern : STOP_CONTACT) {
            Matcher stop = pattern.matcher(text);
            while (stop.find()) {
                if (!NEGATION_AT_END.matcher(text.substring(0, stop.start())).find()) {
                    return Optional.of(new Classification(ReplyKind.OPT_OUT, stop.group()));
                }
            }
        }
        Optional<Classification> phrase = firstMatch(REVOCATIONS, text, ReplyKind.OPT_OUT);
        if (phrase.isPresent()) {
            return phrase;
        }
        return Arrays.stream(text.split("[^\\p{L}\\p{N}']+"))
                .map(ReplyClassifier::optOutKeyword).flatMap(Optional::stream)
                .filter(keyword -> ANYWHERE.contains(keyword.toLowerCase(Locale.ROOT)))
                .map(keyword -> new Classification(ReplyKind.OPT_OUT, keyword))
                .findFirst()
                .or(() -> doubt(text));
    }

    private static Optional<Classification> doubt(String text) {
        Matcher notWanted = NOT_WANTED.matcher(text);
        if (ABOUT_OUR_MESSAGES.matcher(text).find() && notWanted.find() && !PLEASE_DONT_STOP.matcher(text).find()
                && !WH_OPENING.matcher(text).find()) {
            return Optional.of(new Classification(ReplyKind.OPT_OUT, notWanted.group()));
        }
        return Optional.empty();
    }

    /**
     * The opt-out keyword {@code word} is, as written or misspelt: letters doubled or a zero for an "o" ("stoooop",
     * "st0p"), or one letter left out, added, changed or two swapped ("unsubcribe", "stpo", "cancle").
     */
    private static Optional<String> optOutKeyword(String word) {
        String cleaned = collapseRepeats(word.replace('0', 'o'));
        if (KEYWORDS.get(word) == ReplyKind.OPT_OUT || KEYWORDS.get(cleaned) == ReplyKind.OPT_OUT) {
            return Optional.of((KEYWORDS.get(word) == ReplyKind.OPT_OUT ? word : cleaned).toUpperCase(Locale.ROOT));
        }
        if (NOT_MISSPELT.contains(cleaned) || !cleaned.matches("\\p{L}{3,}")) {
            return Optional.empty();
        }
        return KEYWORDS.entrySet().stream()
                .filter(keyword -> keyword.getValue() == ReplyKind.OPT_OUT && keyword.getKey().length() >= 4
                        && MISSPELLABLE.contains(keyword.getKey())
                        && editDistance(cleaned, collapseRepeats(keyword.getKey())) <= 1)
                .map(keyword -> keyword.getKey().toUpperCase(Locale.ROOT))
                .sorted()
                .findFirst();
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

    /** The words of {@code text} minus courtesy words; "opt out", "no more" and "no más" count as one word. */
    private static List<String> meaningfulWords(String text) {
        String joined = text.replaceAll("\\bopt[\\s-]*out\\b", "optout").replaceAll("\\bno\\s+(more|mas)\\b", "no$1");
        return Arrays.stream(joined.split("[^\\p{L}\\p{N}']+"))
                .filter(word -> !word.isEmpty() && !COURTESY.contains(word))
                .toList();
    }

    /** Lower case, accents folded ("Arrêt" → "arret", "no más" → "no mas"), one kind of apostrophe and space. */
    private static String normalize(String text) {
        return Normalizer.normalize(text.strip().toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{Mn}+", "")
                .replace('\u2019', '\'').replace('\u2018', '\'')
                .replaceAll("\\s+", " ");
    }

    private static String collapseRepeats(String word) {
        return word.replaceAll("(\\p{L})\\1+", "$1");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static Map<String, ReplyKind> keywords() {
        Map<String, ReplyKind> keywords = new HashMap<>();
        OPT_OUT_KEYWORDS.forEach(keyword -> keywords.put(keyword, ReplyKind.OPT_OUT));
        List.of("start", "yes", "unstop").forEach(keyword -> keywords.put(keyword, ReplyKind.OPT_IN));
        List.of("help", "info", "ayuda", "aide").forEach(keyword -> keywords.put(keyword, ReplyKind.HELP));
        return Map.copyOf(keywords);
    }

    private static String stripEdges(String text) {
        return text.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
    }

    private static List<Pattern> patterns(String... regexes) {
        return Arrays.stream(regexes).map(Pattern::compile).toList();
    }
}
