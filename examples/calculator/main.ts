/**
 * Dapr's distributed-calculator tutorial written with daprkit (`npm run synth:calculator` writes
 * it to dist/calculator/). The stack is in stacks/calculator.ts.
 */
import { DaprkitApp } from '../../constructs/app';
import { CalculatorSystem } from '../../stacks/calculator';

const app = new DaprkitApp();
new CalculatorSystem(app, 'calculator');
app.synth();
