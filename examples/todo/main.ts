/** The example system, synthesized by `npm run synth` (cdk8s.yaml points here) into dist/. */
import { DaprkitApp } from '../../constructs/app';
import { TodoSystem } from '../../stacks/todo';

const app = new DaprkitApp();
new TodoSystem(app, 'todo');
app.synth();
