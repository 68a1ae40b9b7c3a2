package io.vigil.bench;

import java.time.Instant;
import java.util.Random;

/** The benchmark workload, for benchmarks in other packages. */
public final class WorkloadAccess {

	private WorkloadAccess() {
	}

	/** A realistic event: 1% the seed attack's first stage, the rest noise. */
	public static String event(String host, Instant at, Random random) {
		return random.nextInt(100) == 0 ? Workload.attackNetwork(host, at) : Workload.noise(host, at, random);
	}

}
