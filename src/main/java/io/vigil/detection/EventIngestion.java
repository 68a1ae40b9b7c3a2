package io.vigil.detection;

/**
 * Takes in batches of events: evaluated and committed in this process, or, in clustered
 * mode, evaluated statelessly and forwarded to Kafka. Either way a batch is acknowledged
 * only once what it produced is durable.
 */
public interface EventIngestion {

	/**
	 * Ingests a batch.
	 * @return what became of the batch, per position
	 * @throws IngestUnavailableException when nothing of the batch could be taken in and
	 * the sender should send it again
	 */
	IngestResult ingest(EventBatch batch);

}
