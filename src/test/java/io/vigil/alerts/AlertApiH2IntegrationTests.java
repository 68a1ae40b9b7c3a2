package io.vigil.alerts;

import io.vigil.support.VigilIntegrationTest;

/** The alert API on the embedded default: H2 in file mode. */
@VigilIntegrationTest
class AlertApiH2IntegrationTests extends AlertApiContract {

}
