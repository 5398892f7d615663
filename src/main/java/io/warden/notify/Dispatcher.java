package io.warden.notify;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.warden.Lifecycle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications to every channel, each on its own thread with its own queue and retries,
 * so a slow or broken channel delays neither the other channels nor the watch loop. Owns the
 * notifiers it is given and closes them. The channels' threads run from {@link #start()} on.
 */
public final class Dispatcher implements Lifecycle, AutoCloseable {

    /** Notifications waiting per channel; past it the oldest is dropped, since newer ones say more. */
    static final int QUEUE_CAPACITY = 100;
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final List<Channel> channels = new ArrayList<>();
    private final Clock clock;
    private final DeliveryListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean started;

    public Dispatcher(List<Notifier> notifiers, RetrySettings retry, Clock clock, DeliveryListener listener) {
        this.clock = clock;
        this.listener = listener;
        for (Notifier notifier : notifiers) {
            if (channels.stream().anyMatch(c -> c.name.equals(notifier.name()))) {
                throw new IllegalArgumentException("two channels are named '" + notifier.name() + "'");
            }
            channels.add(new Channel(notifier, retry));
        }
    }

    public Dispatcher(List<Notifier> notifiers, Clock clock) {
        this(notifiers, RetrySettings.DEFAULT, clock, DeliveryListener.NONE);
    }

    @Override
    public synchronized Dispatcher start() {
        if (started || closed.get()) {
            throw new IllegalStateException("dispatcher was already started");
        }
        channels.forEach(Channel::start);
        started = true;
        return this;
    }

    /** Why notifications are not delivered: the dispatcher is not started, or it was closed. */
    @Override
    public Optional<String> stalled(Duration limit) {
        if (closed.get() || channels.stream().anyMatch(c -> c.executor != null && c.executor.isShutdown())) {
            return Optional.of("stopped");
        }
        return started ? Optional.empty() : Optional.of("not started");
    }

    /** Queues the notification on every channel and returns at once; outcomes go to the listener. */
    public void dispatch(Notification notification) {
        if (notification.events().isEmpty()) {
            return;
        }
        for (Channel c : channels) {
            enqueue(new Delivery(c, notification, false));
        }
    }

    /**
     * Re-sends the alerts still firing to the channels that must be told again and again
     * ({@link Notifier#resendInterval()}), to each when its interval has passed since its last
     * re-send for this cluster. A re-send that is delivered is logged at debug level and not told
     * to the listener: it repeats what was said; one that fails is, like any failure.
     */
    public void resend(Notification firing) {
        if (firing.events().isEmpty()) {
            return;
        }
        for (Channel c : channels) {
            Optional<Duration> every = c.notifier.resendInterval();
            if (every.isEmpty()) {
                continue;
            }
            Instant last = c.lastResend.get(firing.cluster());
            if (last == null || !firing.at().isBefore(last.plus(every.get()))) {
                c.lastResend.put(firing.cluster(), firing.at());
                enqueue(new Delivery(c, firing, true));
            }
        }
    }

    /**
     * Delivers to every channel in parallel and waits for all outcomes, at most {@code timeout}: for
     * {@code warden notify test}. A channel with no outcome in time is reported as failed.
     */
    public List<DeliveryResult> sendNow(Notification notification, Duration timeout) throws InterruptedException {
        List<Delivery> deliveries = channels.stream().map(c -> new Delivery(c, notification, false)).toList();
        deliveries.forEach(this::enqueue);
        CompletableFuture<?> all = CompletableFuture.allOf(deliveries.stream().map(d -> d.result).toArray(CompletableFuture[]::new));
        try {
            all.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the late ones are reported below
        }
        List<DeliveryResult> results = new ArrayList<>();
        for (Delivery d : deliveries) {
            results.add(d.result.getNow(new DeliveryResult(d.channel.name, d.attempts.get(), timeout,
                    Optional.of(new DeliveryException("no outcome within " + timeout.toMillis() + " ms")))));
        }
        return results;
    }

    /** Sent, failed and retried deliveries per channel, in the order the channels were given. */
    public Map<String, ChannelCounts> counts() {
        Map<String, ChannelCounts> out = new LinkedHashMap<>();
        channels.forEach(c -> out.put(c.name, new ChannelCounts(c.sent.get(), c.failed.get(), c.retries.get())));
        return Collections.unmodifiableMap(out);
    }

    public List<String> channels() {
        return channels.stream().map(c -> c.name).toList();
    }

    /**
     * Stops taking notifications, delivers those already queued within {@code timeout}, then
     * interrupts what is left (counted as failed) and closes the notifiers.
     *
     * @return true when everything queued was delivered or failed before the timeout
     */
    @Override
    public boolean close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return true;
        }
        boolean running;
        synchronized (this) { // a start() under way finishes first, so its threads are stopped here
            running = started;
        }
        boolean flushed = !running || awaitQueued(timeout);
        for (Channel c : channels) {
            try {
                c.notifier.close();
            } catch (RuntimeException e) {
                log.warn("event=notifier_close_failed channel={} reason=\"{}\"", c.name, DeliveryResult.describe(e));
            }
        }
        return flushed;
    }

    private boolean awaitQueued(Duration timeout) {
        channels.forEach(c -> c.executor.shutdown());
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean flushed = true;
        for (Channel c : channels) {
            try {
                if (!c.executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    flushed = false;
                    List<Runnable> pending = c.executor.shutdownNow();
                    log.warn("event=notifier_stop_timeout channel={} pending={} timeout_ms={}", c.name, pending.size(), timeout.toMillis());
                    pending.forEach(r -> dropped((Delivery) r, "not delivered before shutdown"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channels.forEach(ch -> ch.executor.shutdownNow().forEach(r -> dropped((Delivery) r, "shutdown interrupted")));
                flushed = false;
                break;
            }
        }
        return flushed;
    }

    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    private void enqueue(Delivery d) {
        if (!started && !closed.get()) {
            throw new IllegalStateException("dispatcher is not started");
        }
        if (closed.get()) {
            dropped(d, "dispatcher is closed");
            return;
        }
        try {
            d.channel.executor.execute(d);
        } catch (RejectedExecutionException e) {
            dropped(d, "dispatcher is closed");
        }
    }

    private DeliveryResult deliver(Delivery d) {
        Channel c = d.channel;
        Instant start = clock.instant();
        Throwable error = null;
        try {
            Failsafe.with(c.policy).run(() -> {
                d.attempts.incrementAndGet();
                c.notifier.send(d.notification);
            });
        } catch (FailsafeException e) {
            error = e.getCause() == null ? e : e.getCause();
        } catch (RuntimeException | LinkageError e) { // LinkageError: a plugin jar missing a dependency
            error = e;
        }
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        DeliveryResult result = new DeliveryResult(c.name, d.attempts.get(), Duration.between(start, clock.instant()),
                Optional.ofNullable(error));
        finish(d, result);
        return result;
    }

    private void dropped(Delivery d, String why) {
        DeliveryResult result = new DeliveryResult(d.channel.name, d.attempts.get(), Duration.ZERO,
                Optional.of(new DeliveryException("dropped: " + why)));
        finish(d, result);
    }

    private void finish(Delivery d, DeliveryResult r) {
        Channel c = d.channel;
        int events = d.notification.events().size();
        if (r.delivered() && d.resend) {
            c.sent.incrementAndGet();
            log.debug("event=notification_resent channel={} cluster={} events={} attempts={} took_ms={}",
                    c.name, d.notification.cluster(), events, r.attempts(), r.took().toMillis());
            d.result.complete(r);
            return;
        }
        if (r.delivered()) {
            c.sent.incrementAndGet();
            log.info("event=notification_sent channel={} cluster={} events={} attempts={} took_ms={}",
                    c.name, d.notification.cluster(), events, r.attempts(), r.took().toMillis());
        } else {
            c.failed.incrementAndGet();
            log.error("event=notification_failed channel={} cluster={} events={} attempts={} reason=\"{}\"",
                    c.name, d.notification.cluster(), events, r.attempts(), r.reason());
        }
        d.result.complete(r);
        try {
            listener.onResult(d.notification, r);
        } catch (RuntimeException e) {
            log.warn("event=delivery_listener_failed channel={} reason=\"{}\"", c.name, DeliveryResult.describe(e));
        }
    }

    /** One notification for one channel: the unit of the channel's queue. */
    private final class Delivery implements Runnable {
        final Channel channel;
        final Notification notification;
        /** Repeats alerts already told, for a channel that forgets them (see {@link #resend}). */
        final boolean resend;
        final AtomicInteger attempts = new AtomicInteger();
        final CompletableFuture<DeliveryResult> result = new CompletableFuture<>();

        Delivery(Channel channel, Notification notification, boolean resend) {
            this.channel = channel;
            this.notification = notification;
            this.resend = resend;
        }

        @Override
        public void run() {
            deliver(this);
        }
    }

    /** A notifier with its thread, queue, retry policy and counters. */
    private final class Channel {
        final String name;
        final Notifier notifier;
        volatile ThreadPoolExecutor executor; // null until start()
        final RetryPolicy<Object> policy;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        /** When the firing alerts of each cluster were last re-sent; the watch threads of all clusters write it. */
        final Map<String, Instant> lastResend = new ConcurrentHashMap<>();

        Channel(Notifier notifier, RetrySettings retry) {
            this.name = notifier.name();
            this.notifier = notifier;
            this.policy = retry.policy(e -> {
                retries.incrementAndGet();
                log.warn("event=notification_retry channel={} attempt={} retry_in_ms={} reason=\"{}\"", name,
                        e.getAttemptCount(), e.getDelay().toMillis(), DeliveryResult.describe(e.getLastException()));
            });
        }

        void start() {
            this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                    r -> {
                        Thread t = new Thread(r, "warden-notify-" + name);
                        t.setDaemon(true); // a hung channel must not keep the JVM alive; close() flushes
                        return t;
                    },
                    (r, ex) -> {
                        if (ex.isShutdown()) {
                            throw new RejectedExecutionException("closed");
                        }
                        Runnable oldest = ex.getQueue().poll();
                        if (oldest != null) {
                            dropped((Delivery) oldest, "queue full (" + QUEUE_CAPACITY + " waiting)");
                        }
                        ex.execute(r);
                    });
        }
    }
}
