/**
 * Open-data generators (docs/OPEN-DATA.md): IATI Activity XML 2.03 and a 360Giving data package,
 * as pure functions of a fund's facts and its journal. They read nothing and write nothing; the
 * caller streams the journal in and stores the text that comes out.
 */
export { iatiActivitiesXml, iatiActivity, renderIatiActivities } from './iati';
export { giving360Package, giving360PackageJson, renderGiving360Package, GIVING360_VERSION, type Giving360Package, type Grant } from './giving360';
export { prepareFund, prepareFunds, type PreparedFund } from './prepare';
export { collectFlows, FlowsAccumulator, type DisbursementFlow, type FundFlows, type IncomingDay } from './flows';
export {
  OpenDataFundSchema,
  DonorOrganisationSchema,
  GoodsMovementSchema,
  PublisherSchema,
  type DonorOrganisation,
  type FundHistory,
  type GoodsMovement,
  type JournalSource,
  type OpenDataFund,
  type OpenDataFundInput,
  type PublisherInput,
} from './model';
