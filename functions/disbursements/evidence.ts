import { disbursements, funds, idempotency, transaction } from '../../shared/adapters/dynamo';
import { CHECKSUM_HEADER, checksumHeaderValue, EVIDENCE_UPLOAD_SECONDS, presignEvidenceUpload } from '../../shared/adapters/s3/evidence';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { AddDisbursementEvidence } from '../../shared/routes/ledger';
import { addEvidence, findScopedDisbursement } from '../../shared/usecases/disbursements';

export const handler = routeHandler(AddDisbursementEvidence, async (request) => {
  const disbursement = await findScopedDisbursement({ disbursements, funds }, request.params.id, request);
  const safeName = request.body.fileName.normalize('NFD').replace(/[^\w.-]+/g, '_').slice(-100);
  const key = `evidence/${disbursement.fundId}/${disbursement.ref}/${request.idempotencyKey}-${safeName}`;
  const result = await addEvidence(
    { disbursements, funds, idempotency, transaction },
    disbursement.id,
    { key, fileName: request.body.fileName, contentType: request.body.contentType, sha256: request.body.sha256 },
    commandContext(request),
  );
  const { sha256 } = request.body;
  const uploadUrl = await presignEvidenceUpload(key, request.body.contentType, request.body.size, sha256);
  const headers = { 'content-type': request.body.contentType, [CHECKSUM_HEADER]: checksumHeaderValue(sha256) };
  return {
    status: result.status,
    body: { disbursement: result.body, upload: { url: uploadUrl, method: 'PUT' as const, key, expiresIn: EVIDENCE_UPLOAD_SECONDS, headers } },
  };
});
