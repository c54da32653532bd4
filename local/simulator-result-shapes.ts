import type { EnvironmentConfig } from '../lib/config/environment-config.ts';
import { RESULT_SHAPES, type ResultShape } from './vcc-simulator/index.ts';

/**
 * Makes the simulator answer each account configuration the way the environment reads it: a
 * flow on a known gateway's reading gets that gateway's shape (the simulator names its shapes
 * after the readings). A reading spelled out for another gateway has no shape to match, so its
 * flow gets CyberSource-style results, which that reading may leave unreadable, as it should.
 */
export function simulatorResultShapes(environment: EnvironmentConfig): Record<number, ResultShape> {
  const shapes: Record<number, ResultShape> = {};
  for (const [flow, reading] of Object.entries(environment.vcc.resultReadings)) {
    const shape = RESULT_SHAPES.find((candidate) => candidate === reading);
    const accountConfigurationId = environment.vcc.paymentFlows[flow];
    if (shape && accountConfigurationId !== undefined) shapes[accountConfigurationId] = shape;
  }
  return shapes;
}
