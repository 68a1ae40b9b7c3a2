package io.vigil.support;

/** Rule files for tests: valid Elastic TOML around the parts a test cares about. */
public final class RuleTexts {

	private static final String RULE = """
			[metadata]
			creation_date = "2024/01/01"
			maturity = "production"
			updated_date = "2024/01/01"

			[rule]
			author = ["Vigil"]
			description = "%s."
			language = "%s"
			name = "%s"
			risk_score = 21
			rule_id = "%s"
			severity = "low"
			type = "%s"
			query = '''
			%s
			'''
			""";

	private RuleTexts() {
	}

	/** An EQL rule; the query sits on line 16. */
	public static String eql(String ruleId, String name, String query) {
		return of("eql", "eql", ruleId, name, query);
	}

	/** A rule of any type and query language. */
	public static String of(String type, String language, String ruleId, String name, String query) {
		return RULE.formatted(name, language, name, ruleId, type, query);
	}

}
