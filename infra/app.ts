/**
 * The CDK app: `npx cdk synth -c stage=dev|prod` (dev when absent). See docs/DEPLOY.md.
 */
import { App } from 'aws-cdk-lib';
import { defineSovang } from './stacks/sovang';

const app = new App();
defineSovang(app);
app.synth();
