package io.vigil.engine;

import java.time.Clock;

/** The engine's two watermarks: on event time ({@code @timestamp}) and on ingest time. */
record Watermarks(Watermark eventTime, Watermark ingestTime) {

	static Watermarks create(long latenessMillis, Clock wall) {
		return new Watermarks(new Watermark(latenessMillis, wall), new Watermark(latenessMillis, wall));
	}

	Watermark of(boolean ingestClock) {
		return ingestClock ? ingestTime : eventTime;
	}

}
