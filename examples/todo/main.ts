/** The example system, synthesized by `npm run synth` (cdk8s.yaml points here) into dist/: the control plane first, then the apps. */
import { DaprkitApp } from '../../constructs/app';
import { todoDeployment } from '../../stacks/todo';

const app = new DaprkitApp();
todoDeployment(app);
app.synth();
