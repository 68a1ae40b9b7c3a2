package io.vigil.eql;

import io.vigil.eql.ast.EqlPrinter;
import io.vigil.eql.parser.QueryParser;
import io.vigil.rules.Rule;
import io.vigil.rules.RuleLoader;
import io.vigil.support.SharedFiles;
import org.junit.jupiter.api.Test;

class ParserCorpusScratchTests {

	@Test
	void parseAll() {
		int bad = 0;
		for (Rule rule : RuleLoader.load(SharedFiles.corpus()).loadedRules()) {
			var result = QueryParser.parse(rule.query());
			if (result.statement() == null) {
				bad++;
				System.out.println("FAIL " + rule.name() + ": " + result.problems());
			} else {
				String printed = EqlPrinter.print(result.statement());
				var again = QueryParser.parse(printed);
				if (again.statement() == null || !EqlPrinter.print(again.statement()).equals(printed)) {
					bad++;
					System.out.println("NOFIX " + rule.name() + ":\n" + printed + "\n" + again.problems());
				}
			}
		}
		System.out.println("BAD " + bad);
	}
}
