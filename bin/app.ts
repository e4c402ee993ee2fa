/**
 * The CDK app: `npm run synth` (dev) or `npx cdk deploy --all -c stage=prod [-c alarmEmail=ops@example.org]`.
 * The stage's settings are typed (lib/config.ts); nothing is looked up in an account, so synth runs offline.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageConfig } from '../lib/config';
import { buildDiplowire } from '../lib/diplowire-app';
import { ObjectPrefixAcknowledgements } from '../lib/nag-acknowledgements';

const app = new App();
const config = stageConfig(app.node.tryGetContext('stage'), {
  alarmEmail: app.node.tryGetContext('alarmEmail'),
});
buildDiplowire(app, config);
// Order matters: the acknowledgements of synthesis-time finding ids first, then the checks.
Validations.of(app).addPlugins(new ObjectPrefixAcknowledgements(app), new AwsSolutionsChecks(app));
app.synth();
