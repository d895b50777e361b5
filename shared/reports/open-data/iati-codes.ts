/**
 * The IATI 2.03 codes the activity file uses, each with the reason for the choice
 * (docs/OPEN-DATA.md has the full mapping). Codelists: https://iatistandard.org/en/iati-standard/203/codelists/
 */
import type { FundStatus } from './model';

export const IATI_VERSION = '2.03';

/** TransactionType. Pledges are 11 (not 13, Incoming Pledge): see docs/OPEN-DATA.md. */
export const TRANSACTION = {
  incomingFunds: '1',
  outgoingCommitment: '2',
  disbursement: '3',
  incomingCommitment: '11',
} as const;

/**
 * OrganisationType. A Fatherland Front committee is a body of the political system set up by
 * the Constitution and funded from the state budget, but not an organ of state power: 15 Other
 * Public Sector, not 10 Government. A ward or commune that receives money is local government: 11.
 */
export const ORGANISATION_TYPE = { committee: '15', localGovernment: '11' } as const;

/** OrganisationRole. */
export const ROLE = { funding: '1', accountable: '2', implementing: '4' } as const;

/**
 * ActivityStatus. Closing the receiving window does not end the activity: the money is still
 * being handed out, which is implementation (2), until the fund is closed (4).
 */
export const ACTIVITY_STATUS: Record<FundStatus, string> = {
  draft: '1',
  open: '2',
  'receiving-closed': '2',
  closed: '4',
};

/** ActivityDateType. */
export const ACTIVITY_DATE = { plannedStart: '1', actualStart: '2', plannedEnd: '3', actualEnd: '4' } as const;

/** DescriptionType 1: General. */
export const DESCRIPTION_GENERAL = '1';

/** OtherIdentifierType A1: the reporting organisation's internal activity identifier. */
export const OWN_ACTIVITY_ID = 'A1';

/** BudgetType 1 Original; BudgetStatus 1 Indicative (a target is not a commitment). */
export const BUDGET = { original: '1', indicative: '1' } as const;

/** SectorVocabulary 1: OECD DAC CRS purpose codes (5 digit). */
export const SECTOR_VOCABULARY_DAC = '1';

/** FinanceType 110: Standard grant. Nothing raised or handed out is ever repaid. */
export const FINANCE_TYPE_GRANT = '110';

/** LocationReach 2: where the intended beneficiaries are. */
export const LOCATION_REACH_BENEFICIARIES = '2';
/** GeographicExactness 2: Approximate (an area, not a point). */
export const EXACTNESS_APPROXIMATE = '2';
/** GeographicLocationClass 1: Administrative Region. */
export const LOCATION_CLASS_ADMINISTRATIVE = '1';

/** ResultType 1 Output; IndicatorMeasure 1 Unit. */
export const RESULT_OUTPUT = '1';
export const MEASURE_UNIT = '1';
