package io.chorus.ensemble;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Serves each configured ensemble of model backends as one Open Inference Protocol model.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EnsembleServiceApplication {

	/**
	 * Starts the service.
	 * @param args command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(EnsembleServiceApplication.class, args);
	}

}
