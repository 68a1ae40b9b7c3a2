package io.vigil.engine;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionQueueTests {

	@Test
	void theOldestComesOutFirstAcrossGrowthAndWrapAround() {
		RetentionQueue<String> queue = new RetentionQueue<>();
		List<String> out = new ArrayList<>();
		int next = 0;
		// take some out as more come in, so the ring wraps before and after it grows
		for (int round = 0; round < 50; round++) {
			for (int i = 0; i < 7; i++) {
				queue.add("h" + next, event(next));
				next++;
			}
			for (int i = 0; i < 5; i++) {
				out.add(queue.poll().holder());
			}
		}
		assertThat(queue.size()).isEqualTo(100);
		for (RetentionQueue.Entry<String> entry = queue.poll(); entry != null; entry = queue.poll()) {
			assertThat(entry.event().id()).isEqualTo("e" + entry.holder().substring(1));
			out.add(entry.holder());
		}
		assertThat(out).hasSize(350);
		for (int i = 0; i < out.size(); i++) {
			assertThat(out.get(i)).isEqualTo("h" + i);
		}
		assertThat(queue.size()).isZero();
	}

	@Test
	void removingByHolderKeepsTheOrderOfTheRestAndGivesMemoryBack() {
		RetentionQueue<Integer> queue = new RetentionQueue<>();
		for (int i = 0; i < 10; i++) {
			queue.add(i, event(i));
		}
		for (int i = 0; i < 6; i++) {
			queue.poll(); // the head moves, so what follows wraps around the ring
		}
		for (int i = 10; i < 1000; i++) {
			queue.add(i, event(i));
		}
		queue.removeHeldBy(holder -> holder % 10 != 0);
		List<Integer> left = new ArrayList<>();
		for (RetentionQueue.Entry<Integer> entry = queue.poll(); entry != null; entry = queue.poll()) {
			left.add(entry.holder());
			assertThat(entry.event().id()).isEqualTo("e" + entry.holder());
		}
		List<Integer> expected = new ArrayList<>();
		for (int i = 10; i < 1000; i += 10) {
			expected.add(i);
		}
		assertThat(left).isEqualTo(expected);
		// shrunk after the removal, it still takes what comes
		for (int i = 0; i < 40; i++) {
			queue.add(i, event(i));
		}
		assertThat(queue.size()).isEqualTo(40);
		assertThat(queue.poll().holder()).isZero();
	}

	@Test
	void clearEmptiesIt() {
		RetentionQueue<String> queue = new RetentionQueue<>();
		queue.add("a", event(1));
		queue.clear();
		assertThat(queue.size()).isZero();
		assertThat(queue.poll()).isNull();
	}

	private static EngineEvent event(int n) {
		return new EngineEvent("e" + n, n, n, n, slot -> new Object[0], null, new byte[0]);
	}

}
