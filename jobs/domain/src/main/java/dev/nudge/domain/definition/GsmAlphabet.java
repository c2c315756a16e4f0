package dev.nudge.domain.definition;

import java.util.Optional;

/**
 * The GSM 03.38 default alphabet and its extension table. A text with any other character is sent as UCS-2,
 * which cuts a segment from 160 to 70 characters.
 */
final class GsmAlphabet {

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private GsmAlphabet() {}

    static boolean contains(int codePoint) {
        return BASIC.indexOf(codePoint) >= 0 || EXTENSION.indexOf(codePoint) >= 0;
    }

    static Optional<String> firstCharacterOutside(String text) {
        return text.codePoints().filter(c -> !contains(c)).mapToObj(Character::toString).findFirst();
    }
}
