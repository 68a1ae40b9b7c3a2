package io.vigil.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntFunction;
import java.util.zip.GZIPOutputStream;

import io.vigil.support.LoadWorkload;

/**
 * The request bodies of a run, handed to the senders in order: one workload, or, for a timed run,
 * rounds generated ahead by a background thread until the time is up. A round once begun is sent
 * whole, so the expected alerts are exactly those of the rounds begun.
 */
final class BatchSource {

	/** A request body and its position in the run (for pacing). */
	record Batch(long number, byte[] body) {
	}

	private record Round(List<byte[]> bodies, Set<String> expected, int events) {
	}

	private final IntFunction<LoadWorkload> workloads;

	private final int batchSize;

	private final boolean bulk;

	private final boolean gzip;

	private final long durationMillis;

	private final BlockingQueue<Round> ready = new ArrayBlockingQueue<>(2);

	private final Set<String> expected = new HashSet<>();

	private Round current;

	private int index;

	private long issued;

	private long events;

	private long deadline;

	/** @param durationMillis 0 for one workload, else how long to keep starting rounds */
	BatchSource(IntFunction<LoadWorkload> workloads, int batchSize, boolean bulk, boolean gzip, long durationMillis) {
		this.workloads = workloads;
		this.batchSize = batchSize;
		this.bulk = bulk;
		this.gzip = gzip;
		this.durationMillis = durationMillis;
		adopt(prepare(0));
	}

	void start() {
		deadline = System.currentTimeMillis() + durationMillis;
		if (durationMillis > 0) {
			Thread.ofPlatform().daemon().start(() -> {
				for (int round = 1;; round++) {
					try {
						ready.put(prepare(round));
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
		}
	}

	/** The next body to send, or null when the run is over. */
	synchronized Batch next() throws InterruptedException {
		if (index == current.bodies().size()) {
			if (durationMillis == 0 || System.currentTimeMillis() >= deadline) {
				return null;
			}
			adopt(ready.take());
		}
		return new Batch(issued++, current.bodies().get(index++));
	}

	synchronized Set<String> expectedAlertHosts() {
		return Set.copyOf(expected);
	}

	synchronized long events() {
		return events;
	}

	private void adopt(Round round) {
		current = round;
		index = 0;
		expected.addAll(round.expected());
		events += round.events();
	}

	private Round prepare(int round) {
		LoadWorkload workload = workloads.apply(round);
		List<byte[]> bodies = new ArrayList<>();
		List<String> all = workload.events();
		for (int from = 0; from < all.size(); from += batchSize) {
			StringBuilder body = new StringBuilder();
			for (String event : all.subList(from, Math.min(all.size(), from + batchSize))) {
				if (bulk) {
					body.append("{\"create\":{\"_index\":\"logs-endpoint.events.process-default\"}}\n");
				}
				body.append(event).append('\n');
			}
			bodies.add(encode(body.toString().getBytes(StandardCharsets.UTF_8)));
		}
		return new Round(bodies, workload.expectedAlertHosts(), all.size());
	}

	private byte[] encode(byte[] raw) {
		if (!gzip) {
			return raw;
		}
		ByteArrayOutputStream compressed = new ByteArrayOutputStream(raw.length / 8);
		try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
			out.write(raw);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return compressed.toByteArray();
	}

}
