package io.vigil.rules;

import java.nio.file.Path;
import java.util.List;

import io.vigil.rules.Threat.AttackEntry;
import io.vigil.rules.Threat.Technique;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped seed rule, "Incoming Execution via PowerShell Remoting", read field by
 * field.
 */
class SeedRuleTests {

	private static final String SEED_PATH = "windows/lateral_movement_powershell_remoting_target.toml";

	private final RuleCatalogue catalogue = RuleLoader.load(Path.of("rules"));

	@Test
	void loadsWithoutDiagnostics() {
		RuleFile file = catalogue.find("2772264c-6fb9-4d9d-9014-b416eed21254").orElseThrow();
		assertThat(file.path()).isEqualTo(SEED_PATH);
		assertThat(file.status()).isEqualTo(RuleStatus.LOADED);
		assertThat(file.diagnostics()).isEmpty();
	}

	@Test
	void readsEveryRuleField() {
		Rule rule = catalogue.find("2772264c-6fb9-4d9d-9014-b416eed21254").orElseThrow().rule();
		assertThat(rule.ruleId()).isEqualTo("2772264c-6fb9-4d9d-9014-b416eed21254");
		assertThat(rule.name()).isEqualTo("Incoming Execution via PowerShell Remoting");
		assertThat(rule.description()).startsWith("Identifies remote execution via Windows PowerShell remoting.")
			.endsWith("This could be an indication of lateral movement.\n");
		assertThat(rule.type()).isEqualTo("eql");
		assertThat(rule.language()).isEqualTo("eql");
		assertThat(rule.severity()).isEqualTo(Severity.MEDIUM);
		assertThat(rule.riskScore()).isEqualTo(47);
		assertThat(rule.author()).containsExactly("Elastic");
		assertThat(rule.license()).isEqualTo("Elastic License v2");
		assertThat(rule.from()).isEqualTo("now-9m");
		assertThat(rule.index()).containsExactly("winlogbeat-*", "logs-endpoint.events.*", "logs-windows.*");
		assertThat(rule.tags()).containsExactly("Domain: Endpoint", "OS: Windows", "Use Case: Threat Detection",
				"Tactic: Lateral Movement", "Tactic: Execution", "Data Source: Elastic Defend");
		assertThat(rule.references()).containsExactly(
				"https://docs.microsoft.com/en-us/powershell/scripting/learn/remoting/running-remote-commands?view=powershell-7.1");
		assertThat(rule.falsePositives()).singleElement()
			.asString()
			.contains("PowerShell remoting is a dual-use protocol");
		assertThat(rule.query()).startsWith("sequence by host.id with maxspan = 30s\n")
			.contains("process.parent.name : \"wsmprovhost.exe\"")
			.contains("\"?:\\\\Windows\\\\System32\\\\conhost.exe\"");
		assertThat(rule.timestampOverride()).isNull();
		assertThat(rule.eventCategoryOverride()).isNull();
		assertThat(rule.tiebreakerField()).isNull();
		assertThat(rule.buildingBlockType()).isNull();
		assertThat(rule.maxSignals()).isNull();
		assertThat(rule.otherFields()).isEmpty();
	}

	@Test
	void readsMetadata() {
		RuleMetadata metadata = catalogue.find("2772264c-6fb9-4d9d-9014-b416eed21254").orElseThrow().rule().metadata();
		assertThat(metadata.creationDate()).isEqualTo("2020/11/24");
		assertThat(metadata.updatedDate()).isEqualTo("2023/10/13");
		assertThat(metadata.maturity()).isEqualTo("production");
		assertThat(metadata.integration()).containsExactly("endpoint", "windows");
		assertThat(metadata.minStackVersion()).isEqualTo("8.3.0");
		assertThat(metadata.minStackComments())
			.isEqualTo("New fields added: required_fields, related_integrations, setup");
		assertThat(metadata.otherFields()).isEmpty();
	}

	@Test
	void readsBothAttackTacticsWithTechniquesAndSubtechniques() {
		List<Threat> threat = catalogue.find("2772264c-6fb9-4d9d-9014-b416eed21254").orElseThrow().rule().threat();
		assertThat(threat).containsExactly(
				new Threat("MITRE ATT&CK",
						new AttackEntry("TA0008", "Lateral Movement", "https://attack.mitre.org/tactics/TA0008/"),
						List.of(new Technique("T1021", "Remote Services", "https://attack.mitre.org/techniques/T1021/",
								List.of(new AttackEntry("T1021.006", "Windows Remote Management",
										"https://attack.mitre.org/techniques/T1021/006/"))))),
				new Threat("MITRE ATT&CK",
						new AttackEntry("TA0002", "Execution", "https://attack.mitre.org/tactics/TA0002/"),
						List.of(new Technique("T1059", "Command and Scripting Interpreter",
								"https://attack.mitre.org/techniques/T1059/", List.of(new AttackEntry("T1059.001",
										"PowerShell", "https://attack.mitre.org/techniques/T1059/001/"))))));
	}

}
