/**
 * The error body of every route (RFC 9457 problem details), as `shared/http/problem.ts` builds
 * it: that module types its bodies with this schema, and the OpenAPI document publishes it.
 */
import * as z from 'zod';
import { FieldErrorSchema } from './common';

export const Problem = z
  .object({
    type: z.string().meta({ description: 'A URI naming the kind of problem', example: 'https://sovang.vn/problems/validation-error' }),
    title: z.string().meta({ description: 'The kind of problem, in Vietnamese and English' }),
    status: z.number().int().min(400).max(599),
    code: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .meta({
        description:
          'A stable code for the problem, which clients map to text in their own language: the kind of problem (`validation-error`, `not-found`, `conflict`…) or a finer one (`self-approval`, `fund-closed`…). `title` and `detail` are for people reading the raw API and may be reworded',
        example: 'not-found',
      }),
    detail: z.string().meta({ description: 'What went wrong with this request; for a 5xx other than 503, a generic message' }),
    instance: z.string().optional().meta({ description: 'The request path' }),
    errors: z.array(FieldErrorSchema).min(1).optional().meta({ description: 'Each invalid field (400) or each field that does not fit (422)' }),
    currentState: z.string().optional().meta({ description: 'On a 409: the state the entity is in, which did not allow the change', example: 'REVERSED' }),
    limit: z
      .object({ name: z.string(), value: z.number().int() })
      .optional()
      .meta({ description: 'On a 413 `upload-too-large`: the limit the uploaded file is over, and its value', example: { name: 'xlsxInflateRatio', value: 200 } }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export type ProblemBody = z.infer<typeof Problem>;
