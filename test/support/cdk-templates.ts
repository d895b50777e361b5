/**
 * The stateless stack as one template for the infrastructure tests: each route area's functions
 * and routes live in a nested stack of their own (a stack holds 500 resources), and what the
 * tests check is the deployment as a whole. A nested stack's `Ref` to one of its parameters is
 * replaced by what the parent passes for it, so a reference reads as it would in one stack.
 */
import { Template } from 'aws-cdk-lib/assertions';
import type { StatelessStack } from '../../infra/stacks/stateless-stack';

type Json = Record<string, unknown>;

function substitute(value: unknown, parameters: Json): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, parameters));
  if (value && typeof value === 'object') {
    const object = value as Json;
    const keys = Object.keys(object);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof object.Ref === 'string' && object.Ref in parameters) return parameters[object.Ref];
    return Object.fromEntries(keys.map((key) => [key, substitute(object[key], parameters)]));
  }
  return value;
}

export function statelessTemplate(stack: StatelessStack): Template {
  const parent = Template.fromStack(stack).toJSON() as { Resources: Record<string, Json> };
  const resources: Record<string, Json> = { ...parent.Resources };
  for (const nested of stack.routeStacks.values()) {
    const stackResource = parent.Resources[stack.getLogicalId(nested.nestedStackResource as never)];
    const parameters = ((stackResource?.Properties as Json | undefined)?.Parameters ?? {}) as Json;
    const template = Template.fromStack(nested).toJSON() as { Resources: Record<string, Json> };
    for (const [id, resource] of Object.entries(template.Resources)) resources[id] = substitute(resource, parameters) as Json;
  }
  return Template.fromJSON({ ...parent, Resources: resources });
}
