/**
 * MITRE ATT&CK views: which tactics and techniques the loaded rules cover and how often
 * they alerted, also as an ATT&CK Navigator layer.
 */
@NullMarked
package io.vigil.attack;

import org.jspecify.annotations.NullMarked;
