package dev.nudge.webhooks;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Twilio posts {@code application/x-www-form-urlencoded} and nothing else, and its signature covers only the URL and
 * those form parameters. So a POST of any other type (multipart above all) is refused before a byte of it is read,
 * and a form body is read to at most {@code maxBytes}, whether its length is declared or it comes chunked: past that
 * the answer is 413 and the connection is closed with the rest unread. Javalin 6 checks only a declared length.
 * Requests of other methods (a click is a GET) carry no body.
 */
final class FormBodyLimit extends HttpFilter {

    private static final String FORM = "application/x-www-form-urlencoded";

    private final int maxBytes;

    FormBodyLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equalsIgnoreCase(request.getMethod())) {
            // No other route takes a body; one sent anyway is refused rather than drained after the answer.
            if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
                refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    /** Closing the connection is what spares reading the rest: a kept-alive one would have to drain it. */
    private static void refuse(HttpServletResponse response, int status) throws IOException {
        response.setHeader("Connection", "close");
        response.setStatus(status);
        response.setContentLength(0);
        response.flushBuffer();
    }

    /** The request with its body already read (and bounded). */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }
}
