package io.vigil.alerts;

import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores a list of strings (tags, references) as a JSON array. */
@Converter
class StringListColumn implements AttributeConverter<List<String>, String> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	@Override
	public String convertToDatabaseColumn(List<String> values) {
		return JSON.writeValueAsString(values);
	}

	@Override
	public List<String> convertToEntityAttribute(String json) {
		return List.copyOf(JSON.readValue(json, STRINGS));
	}

}
