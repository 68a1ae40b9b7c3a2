package io.vigil;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Vigil: evaluates Elastic EQL detection rules over streams of ECS events and serves the
 * alerts.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VigilApplication {

	public static void main(String[] args) {
		SpringApplication.run(VigilApplication.class, args);
	}

}
