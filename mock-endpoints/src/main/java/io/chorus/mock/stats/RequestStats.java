package io.chorus.mock.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.chorus.mock.ModelStats;

/**
 * Thread-safe request counters of one model, plus the most recent request ids and trace parents.
 */
public final class RequestStats {

	/** How many recent {@code X-Request-Id}, {@code traceparent} and deadline values are kept. */
	public static final int RECENT = 100;

	private final LongAdder received = new LongAdder();

	private final LongAdder completed = new LongAdder();

	private final LongAdder cancelled = new LongAdder();

	private final AtomicLong inFlight = new AtomicLong();

	private final Recent requestIds = new Recent();

	private final Recent traceparents = new Recent();

	private final Recent deadlines = new Recent();

	/**
	 * Counts a received request and returns the handle that ends it exactly once.
	 * @param requestId the {@code X-Request-Id} header, or {@code null}
	 * @param traceparent the {@code traceparent} header, or {@code null}
	 * @param deadline the {@code X-Chorus-Deadline-Ms} header as sent, or {@code null}
	 * @return the handle
	 */
	public Exchange begin(String requestId, String traceparent, String deadline) {
		this.received.increment();
		this.inFlight.incrementAndGet();
		this.requestIds.add(requestId);
		this.traceparents.add(traceparent);
		this.deadlines.add(deadline);
		return new Exchange();
	}

	/**
	 * A snapshot of the counters.
	 * @return the stats
	 */
	public ModelStats snapshot() {
		return new ModelStats(this.received.sum(), this.completed.sum(), this.cancelled.sum(), this.inFlight.get(),
				this.requestIds.list());
	}

	/**
	 * The most recent {@code traceparent} header values, oldest first.
	 * @return the values
	 */
	public List<String> recentTraceparents() {
		return this.traceparents.list();
	}

	/**
	 * The most recent {@code X-Chorus-Deadline-Ms} header values as sent, oldest first.
	 * @return the values
	 */
	public List<String> recentDeadlines() {
		return this.deadlines.list();
	}

	/** Zeroes the counters and forgets recent ids; requests in flight stay counted as in flight. */
	public void reset() {
		this.received.reset();
		this.completed.reset();
		this.cancelled.reset();
		this.requestIds.clear();
		this.traceparents.clear();
		this.deadlines.clear();
	}

	/** One request, which ends either completed or cancelled, whichever happens first. */
	public final class Exchange {

		private final AtomicBoolean ended = new AtomicBoolean();

		private Exchange() {
		}

		/** Marks the request answered. */
		public void complete() {
			if (this.ended.compareAndSet(false, true)) {
				RequestStats.this.completed.increment();
				RequestStats.this.inFlight.decrementAndGet();
			}
		}

		/** Marks the request abandoned by its client. */
		public void cancel() {
			if (this.ended.compareAndSet(false, true)) {
				RequestStats.this.cancelled.increment();
				RequestStats.this.inFlight.decrementAndGet();
			}
		}

		/**
		 * Whether the request has ended.
		 * @return true once completed or cancelled
		 */
		public boolean ended() {
			return this.ended.get();
		}

	}

	/** A small ring of the last {@link #RECENT} non-null values. */
	private static final class Recent {

		private final String[] ring = new String[RECENT];

		private int next;

		private int size;

		synchronized void add(String value) {
			if (value == null) {
				return;
			}
			this.ring[this.next] = value;
			this.next = (this.next + 1) % RECENT;
			this.size = Math.min(this.size + 1, RECENT);
		}

		synchronized List<String> list() {
			List<String> out = new ArrayList<>(this.size);
			for (int i = 0; i < this.size; i++) {
				out.add(this.ring[(this.next - this.size + i + RECENT) % RECENT]);
			}
			return out;
		}

		synchronized void clear() {
			this.next = 0;
			this.size = 0;
			java.util.Arrays.fill(this.ring, null);
		}

	}

}
