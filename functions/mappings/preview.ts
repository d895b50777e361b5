import { statementMappings } from '../../shared/adapters/dynamo';
import { statementParser } from '../../shared/adapters/statement-parser/on-demand';
import { routeHandler } from '../../shared/http/handler';
import { PreviewStatementFile } from '../../shared/routes/mappings';
import { previewFile } from '../../shared/usecases/statements/mappings';

/** `POST /v1/statement-previews` with the file itself as the body: its first rows, nothing stored. */
export const handler = routeHandler(PreviewStatementFile, async (request) => ({ body: await previewFile({ statementMappings, statementParser }, request.file!.bytes) }));
