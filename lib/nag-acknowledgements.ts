/**
 * cdk-nag (AwsSolutions) findings we accept, each with the reason. Kept in one file so a reviewer
 * sees every exception at once.
 */
import {
  type CfnResource,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  Validations,
} from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { PipelineFunction } from './constructs/pipeline-function';

const OBJECT_PREFIX_REASON =
  'Object access is limited to one key prefix of the archive bucket (raw/ or feeds/); the keys are content-addressed, so they cannot be listed in advance.';

export function acknowledgePipelineFindings(stack: IConstruct, functions: readonly PipelineFunction[]): void {
  for (const fn of functions) {
    Validations.of(fn.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS allows nothing narrower than *.',
    });
    Validations.of(fn.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue IS the dead-letter queue: the EventBridge target DLQ and the Lambda on-failure destination of the function; nothing redrives into it.',
    });
  }
  Validations.of(stack).acknowledge({
    id: 'AwsSolutions-SNS2',
    reason:
      'The optional alarm topic carries only alarm names and states; CloudWatch cannot publish to a topic encrypted with the AWS-managed key, and a customer key would cost more than the whole idle stack.',
  });
}

/** The finding for `<bucket ARN>/raw/*` or `/feeds/*`, whatever form the bucket reference takes. */
const OBJECT_PREFIX_FINDING = /^Resource::.+\/(raw|feeds)\/\*$/;

/**
 * Acknowledges the object-prefix wildcards (`…/raw/*`, `…/feeds/*`) in the pipeline functions'
 * policies. cdk-nag names each finding after the resource as rendered, and a cross-stack bucket
 * reference only gets its final form during synthesis, so the exact finding ids can only be known
 * then: this runs the same IAM5 rule on the finished tree and acknowledges just those findings
 * (the role of cdk-nag v2's `appliesTo` regex). Call it on the synthesized tree before validating.
 */
export function acknowledgeObjectPrefixGrants(root: IConstruct): number {
  let acknowledged = 0;
  for (const node of root.node.findAll()) {
    if (!(node instanceof CfnPolicy) || !isPipelineFunctionPolicy(node)) continue;
    const findings = rules.iam.IAMNoWildcardPermissions(node);
    if (!Array.isArray(findings)) continue;
    for (const finding of findings) {
      if (!OBJECT_PREFIX_FINDING.test(finding)) continue;
      Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: OBJECT_PREFIX_REASON });
      acknowledged += 1;
    }
  }
  return acknowledged;
}

/** Only the policies of our function roles (`<Function>/Role/DefaultPolicy/Resource`). */
function isPipelineFunctionPolicy(node: CfnResource): boolean {
  return /\/Role\/DefaultPolicy\/Resource$/.test(node.node.path) && node.node.path.includes('Pipeline/');
}

/**
 * Runs {@link acknowledgeObjectPrefixGrants} inside synthesis: register it before cdk-nag's
 * AwsSolutionsChecks (plugins run in order), since the tree is final only then.
 */
export class ObjectPrefixAcknowledgements implements IPolicyValidationPlugin {
  readonly name = 'diplowire-object-prefix-acknowledgements';
  constructor(private readonly app: IConstruct) {}
  validate(): PolicyValidationPluginReport {
    acknowledgeObjectPrefixGrants(this.app);
    return { success: true, violations: [] };
  }
}
