package io.vigil.rules;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the rules come from.
 *
 * @param rulesDir directory searched recursively for {@code *.toml} rule files
 */
@ConfigurationProperties("detection")
public record RulesProperties(@DefaultValue("./rules") Path rulesDir) {
}
