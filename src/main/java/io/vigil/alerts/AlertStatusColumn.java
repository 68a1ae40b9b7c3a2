package io.vigil.alerts;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a status as its lower-case name, the value the API shows and SQL filters
 * compare.
 */
@Converter
class AlertStatusColumn implements AttributeConverter<AlertStatus, String> {

	@Override
	public String convertToDatabaseColumn(AlertStatus status) {
		return status.value();
	}

	@Override
	public AlertStatus convertToEntityAttribute(String value) {
		return AlertStatus.of(value);
	}

}
