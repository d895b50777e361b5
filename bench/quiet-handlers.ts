// Imported first by bench/run.ts, before any module creates the handlers' logger: their INFO lines
// (one per 100 statement lines imported) would bury the bench's progress; warnings still show.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
