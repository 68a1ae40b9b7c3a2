package io.vigil.api;

/**
 * References to what {@link OpenApiConfiguration} registers: the problem schema, and real
 * responses of the seed rule.
 */
public final class OpenApiExamples {

	/** One alert of the seed rule, as {@code GET /api/v1/alerts/{id}} returns it. */
	public static final String ALERT = "#/components/examples/seed-alert";

	/** A page of {@code GET /api/v1/alerts} polled with a cursor. */
	public static final String ALERT_LIST = "#/components/examples/seed-alert-page";

	/** The RFC 9457 problem-details schema every error of the API answers with. */
	public static final String PROBLEM = "#/components/schemas/Problem";

	private OpenApiExamples() {
	}

}
