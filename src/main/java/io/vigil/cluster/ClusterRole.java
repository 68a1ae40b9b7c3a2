package io.vigil.cluster;

/** What an instance does in the cluster. */
public enum ClusterRole {

	/**
	 * Takes events over HTTP and from the events topic; alerts on single-event rules;
	 * forwards candidates.
	 */
	INGEST,

	/** Runs correlation tasks for the candidate partitions it owns and stores alerts. */
	CORRELATION,

	/** Both: the simplest cluster, identical instances. */
	BOTH;

	boolean ingests() {
		return this != CORRELATION;
	}

	boolean correlates() {
		return this != INGEST;
	}

}
