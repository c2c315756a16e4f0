package dev.nudge.webhooks;

import java.util.List;
import java.util.Locale;

/**
 * Link-preview and crawler agents: a messaging app or a chat that unfurls a text's link fetches it without anyone
 * tapping it, so those fetches are recorded but are no clicks. Apple's Messages previews as
 * {@code facebookexternalhit ... Twitterbot}, and WhatsApp, Telegram and others name themselves.
 */
final class LinkPreviews {

    private static final List<String> AGENTS = List.of("slackbot", "slack-imgproxy", "facebookexternalhit", "facebot",
            "twitterbot", "whatsapp", "telegrambot", "discordbot", "linkedinbot", "skypeuripreview", "googlebot",
            "google-pagerenderer", "bingbot", "applebot", "pinterest", "redditbot", "embedly", "iframely", "vkshare",
            "snapchat", "bitlybot", "mastodon", "preview");

    private LinkPreviews() {
    }

    static boolean isPreview(String userAgent) {
        if (userAgent == null) {
            return false;
        }
        String agent = userAgent.toLowerCase(Locale.ROOT);
        return AGENTS.stream().anyMatch(agent::contains);
    }
}
