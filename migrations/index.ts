import { Foundation1795459818414 } from './1795459818414-Foundation.js';
import { Registry1795460376596 } from './1795460376596-Registry.js';
import { Placements1795460736982 } from './1795460736982-Placements.js';
import { WorkingCalendar1795461000000 } from './1795461000000-WorkingCalendar.js';
import { Claims1795461580307 } from './1795461580307-Claims.js';
import { Cases1795462199492 } from './1795462199492-Cases.js';
import { Console1795584173175 } from './1795584173175-Console.js';
import { ReportIndexes1795584748430 } from './1795584748430-ReportIndexes.js';
import { Ledgers1795590000000 } from './1795590000000-Ledgers.js';
import { Households1795595000000 } from './1795595000000-Households.js';
import { SurveyVisitLedger1795600000000 } from './1795600000000-SurveyVisitLedger.js';
import { UncountedPlacements1795700000000 } from './1795700000000-UncountedPlacements.js';
import { UserOfficePhone1795710000000 } from './1795710000000-UserOfficePhone.js';
import { CaseEscalationDate1795710100000 } from './1795710100000-CaseEscalationDate.js';
import { LimitationInterruptions1795710200000 } from './1795710200000-LimitationInterruptions.js';
import { CalendarCoverage1795710300000 } from './1795710300000-CalendarCoverage.js';
import { DocumentPdfs1795720000000 } from './1795720000000-DocumentPdfs.js';
import { ProcessOutbox1795750000000 } from './1795750000000-ProcessOutbox.js';
import { TaskQueues1795760000000 } from './1795760000000-TaskQueues.js';
import { AppRolePrivileges1795770000000 } from './1795770000000-AppRolePrivileges.js';
import { Offices1795780000000 } from './1795780000000-Offices.js';
import { WorkerListOrder1795820000000 } from './1795820000000-WorkerListOrder.js';
import { ReachOncePerStatement1795830000000 } from './1795830000000-ReachOncePerStatement.js';
import { AuditTrailIndexes1795870000000 } from './1795870000000-AuditTrailIndexes.js';
import { LoginAddressThrottle1795890000000 } from './1795890000000-LoginAddressThrottle.js';
import { PayeeAccounts1795900000000 } from './1795900000000-PayeeAccounts.js';
import { TaskBody1795930000000 } from './1795930000000-TaskBody.js';
import { PolicySourcesInChinese1795940000000 } from './1795940000000-PolicySourcesInChinese.js';
import { CountySearchIndexes1796000000000 } from './1796000000000-CountySearchIndexes.js';
import { SearchUnderRowSecurity1796010000000 } from './1796010000000-SearchUnderRowSecurity.js';
import { AuditCountyPlanned1796100000000 } from './1796100000000-AuditCountyPlanned.js';
import { AuditRecordIndexOnce1796100001000 } from './1796100001000-AuditRecordIndexOnce.js';
import { JobOrders1796200000000 } from './1796200000000-JobOrders.js';
import { JobSeekers1796210000000 } from './1796210000000-JobSeekers.js';
import { JobProposals1796220000000 } from './1796220000000-JobProposals.js';
import { PayoutBatches1796300000000 } from './1796300000000-PayoutBatches.js';
import { FollowUp1796500000000 } from './1796500000000-FollowUp.js';
import { JobSeekerLedger1797100000000 } from './1797100000000-JobSeekerLedger.js';
import { DepartureBatches1797200000000 } from './1797200000000-DepartureBatches.js';
import { ClassStartReports1797300000000 } from './1797300000000-ClassStartReports.js';
import { ShortTermSearch1797500000000 } from './1797500000000-ShortTermSearch.js';
import { WorkersTownshipSearch1797600000000 } from './1797600000000-WorkersTownshipSearch.js';
import { CountyListIndexes1797700000000 } from './1797700000000-CountyListIndexes.js';
import { CourseClassStartRule1798000000000 } from './1798000000000-CourseClassStartRule.js';
import { NumberHeadSearch1798100000000 } from './1798100000000-NumberHeadSearch.js';
/**
 * Every migration in order. `npm run migration:generate -- <Name>` writes a new file
 * beside this one and adds it here.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
export const migrations: Function[] = [
  Foundation1795459818414,
  Registry1795460376596,
  Placements1795460736982,
  WorkingCalendar1795461000000,
  Claims1795461580307,
  Cases1795462199492,
  Console1795584173175,
  ReportIndexes1795584748430,
  Ledgers1795590000000,
  Households1795595000000,
  SurveyVisitLedger1795600000000,
  UncountedPlacements1795700000000,
  UserOfficePhone1795710000000,
  CaseEscalationDate1795710100000,
  LimitationInterruptions1795710200000,
  CalendarCoverage1795710300000,
  DocumentPdfs1795720000000,
  ProcessOutbox1795750000000,
  TaskQueues1795760000000,
  AppRolePrivileges1795770000000,
  Offices1795780000000,
  WorkerListOrder1795820000000,
  ReachOncePerStatement1795830000000,
  AuditTrailIndexes1795870000000,
  LoginAddressThrottle1795890000000,
  PayeeAccounts1795900000000,
  TaskBody1795930000000,
  PolicySourcesInChinese1795940000000,
  CountySearchIndexes1796000000000,
  SearchUnderRowSecurity1796010000000,
  AuditCountyPlanned1796100000000,
  AuditRecordIndexOnce1796100001000,
  JobOrders1796200000000,
  JobSeekers1796210000000,
  JobProposals1796220000000,
  PayoutBatches1796300000000,
  FollowUp1796500000000,
  JobSeekerLedger1797100000000,
  DepartureBatches1797200000000,
  ClassStartReports1797300000000,
  ShortTermSearch1797500000000,
  WorkersTownshipSearch1797600000000,
  CountyListIndexes1797700000000,
  CourseClassStartRule1798000000000,
  NumberHeadSearch1798100000000,
];
