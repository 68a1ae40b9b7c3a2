package io.vigil.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.annotation.AliasFor;

/**
 * The whole application on a random port, on a file-mode H2 database of its own under the
 * temporary directory (the default configuration, but never the developer's
 * {@code ./data}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public @interface VigilIntegrationTest {

	String DATABASE = "vigil.data-dir=${java.io.tmpdir}/vigil-tests/${random.uuid}";

	/** Further properties, beside the database's. */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] properties() default { DATABASE };

}
