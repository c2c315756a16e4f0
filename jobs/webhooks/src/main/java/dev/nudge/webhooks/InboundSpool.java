package dev.nudge.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound texts on their way to Kafka: each is appended to a local file and fsynced before Twilio gets its answer,
 * then a background thread publishes what the file holds, in order, retrying until the broker acknowledges. A STOP
 * thus survives a broker that is down (Twilio does not retry an inbound text answered with an error) and a restart of
 * this service. At least once: a record published but not yet marked done when the service dies is published again,
 * under the same event id.
 *
 * <p>File {@code inbound.spool}: records of [key length, key, value length, value]; {@code inbound.spool.done}: how
 * many bytes of it are published. Once everything is published the file is emptied.
 */
final class InboundSpool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboundSpool.class);
    private static final int BATCH = 500;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final Path donePath;
    private final FileChannel file;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Thread publisher;
    private long done;
    private volatile boolean closed;

    InboundSpool(Path directory, Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
        try {
            Files.createDirectories(directory);
            this.donePath = directory.resolve("inbound.spool.done");
            this.file = FileChannel.open(directory.resolve("inbound.spool"), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.done = Files.exists(donePath) ? Long.parseLong(Files.readString(donePath).trim()) : 0;
            // A record torn by a crash mid-append was never acknowledged to Twilio: cut it off.
            file.truncate(endOfWholeRecords());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the inbound spool in " + directory, e);
        }
        this.publisher = new Thread(this::publish, "webhooks-inbound-spool");
        publisher.setDaemon(true);
        publisher.start();
    }

    /** Appends the record and forces it to disk: when this returns, the text is not lost. */
    synchronized void append(String key, byte[] value) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer record = ByteBuffer.allocate(8 + keyBytes.length + value.length)
                .putInt(keyBytes.length).put(keyBytes).putInt(value.length).put(value).flip();
        try {
            long at = file.size();
            while (record.hasRemaining()) {
                at += file.write(record, at);
            }
            file.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the inbound spool", e);
        }
        notifyAll();
    }

    /** Records not yet acknowledged by Kafka. */
    synchronized int pending() {
        return read(done, Long.MAX_VALUE).size();
    }

    private void publish() {
        while (!closed) {
            List<Entry> batch;
            synchronized (this) {
                batch = read(done, BATCH);
                if (batch.isEmpty()) {
                    try {
                        wait(RETRY_PAUSE.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
            }
            try {
                List<Future<?>> acks = new ArrayList<>();
                for (Entry entry : batch) {
                    acks.add(producer.send(new ProducerRecord<>(topic, entry.key(), entry.value())));
                }
                for (Future<?> ack : acks) {
                    ack.get();
                }
                markDone(batch.get(batch.size() - 1).end());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warn("Publishing {} spooled inbound texts failed, retrying: {}", batch.size(), e.toString());
                pause();
            }
        }
    }

    private synchronized void markDone(long end) throws IOException {
        done = end;
        if (done == file.size()) {
            file.truncate(0);
            file.force(false);
            done = 0;
        }
        Path next = donePath.resolveSibling(donePath.getFileName() + ".next");
        Files.writeString(next, Long.toString(done));
        Files.move(next, donePath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private record Entry(String key, byte[] value, long end) {
    }

    /** Whole records from {@code from}, at most {@code max}. */
    private List<Entry> read(long from, long max) {
        List<Entry> entries = new ArrayList<>();
        try {
            long size = file.size();
            long at = from;
            while (entries.size() < max && at + 4 <= size) {
                int keyLength = readInt(at);
                if (at + 8 + keyLength > size) {
                    break;
                }
                int valueLength = readInt(at + 4 + keyLength);
                long end = at + 8 + keyLength + valueLength;
                if (end > size) {
                    break;
                }
                byte[] key = readFully(at + 4, keyLength);
                byte[] value = readFully(at + 8 + keyLength, valueLength);
                entries.add(new Entry(new String(key, StandardCharsets.UTF_8), value, end));
                at = end;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the inbound spool", e);
        }
        return entries;
    }

    private long endOfWholeRecords() {
        List<Entry> all = read(done, Long.MAX_VALUE);
        return all.isEmpty() ? done : all.get(all.size() - 1).end();
    }

    private int readInt(long at) throws IOException {
        return ByteBuffer.wrap(readFully(at, 4)).getInt();
    }

    private byte[] readFully(long at, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining() && file.read(buffer, at + buffer.position()) >= 0) {
            // a positional read may return fewer bytes than asked
        }
        return buffer.array();
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        publisher.interrupt();
        try {
            publisher.join(Duration.ofSeconds(5).toMillis());
            file.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
