package io.vigil.eql.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectKeyStackTests {

	@Test
	void aKeyIsADuplicateOnlyInItsOwnObject() {
		ObjectKeyStack keys = new ObjectKeyStack();
		keys.open();
		assertThat(keys.add("host")).isTrue();
		keys.open();
		assertThat(keys.add("host")).as("the same name in a child object").isTrue();
		assertThat(keys.add("id")).isTrue();
		assertThat(keys.add("id")).as("twice in the child").isFalse();
		keys.close();
		assertThat(keys.add("id")).as("the child's key, now in its parent").isTrue();
		assertThat(keys.add("host")).as("twice in the parent").isFalse();
		keys.close();
	}

	@Test
	void anObjectWithManyKeysStillFindsEachDuplicate() {
		ObjectKeyStack keys = new ObjectKeyStack();
		keys.open();
		keys.add("outer");
		keys.open();
		for (int i = 0; i < 5_000; i++) {
			assertThat(keys.add("k" + i)).isTrue();
		}
		for (int i = 0; i < 5_000; i += 499) {
			assertThat(keys.add("k" + i)).as("k%d again", i).isFalse();
		}
		keys.close();
		assertThat(keys.add("k1")).as("the large object's keys leave with it").isTrue();
		assertThat(keys.add("outer")).isFalse();
	}

	@Test
	void hashCollisionsInTheMaskAreResolvedByName() {
		ObjectKeyStack keys = new ObjectKeyStack();
		keys.open();
		// "Aa" and "BB" share a hash code, so they share a mask bit
		assertThat(keys.add("Aa")).isTrue();
		assertThat(keys.add("BB")).isTrue();
		assertThat(keys.add("BB")).isFalse();
		keys.clear();
		keys.open();
		assertThat(keys.add("Aa")).as("cleared").isTrue();
	}

}
