/**
 * Header-only detection check for the Remedy, Freshservice/Freshdesk, Zendesk, SDP, GLPI and iTop adapters
 * against every registered adapter: each header variant (display labels, field/API names, a minimal column
 * pick, each object) must go to its tool and object, and a few headers of other tools must stay theirs.
 * Prints the table (tool/object, score, runner-up) so a regression shows where it came from.
 */
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/ingest/detect.js';
import { ADAPTERS } from '../../src/sources/index.js';

const HEADERS: Record<string, string> = {
  remedyLabel: 'Assigned Group*+,Case Type*,Incident ID*+,Reported Date+,Last Resolved Date,Assignee+,Priority*,Status*,SLM Real Time Status,Summary*,Notes,Resolution,Resolution Categorization Tier 1,Resolution Categorization Tier 2,Resolution Categorization Tier 3,Re-Opened Date,Product Categorization Tier 1,Product Categorization Tier 2,Product Categorization Tier 3,Impact Start Date/Time+,Impact Stop Date/Time+,First Name+,Last Name+,Status Reason,Last Modified Date',
  remedyMin: 'Incident ID*+,Summary*,Status*,Priority*,Assigned Group*+,Assignee+,Reported Date+',
  remedyRest: 'Request ID,Submitter,Submit Date,Assignee Login ID,Last Modified By,Last Modified Date,Status,Assignee Groups,InstanceId,Product Categorization Tier 1,Product Categorization Tier 2,Product Categorization Tier 3,Product Name,Manufacturer,Department,Site Group,Region,Site,Description,Company,Organization,Assigned Support Organization,First Name,Last Name,Contact Client Type,VIP,Internet E-mail,Phone Number,Categorization Tier 1,Categorization Tier 2,Categorization Tier 3,Assigned Group ID,Person ID,Contact Company,Service Type,Status_Reason,Detailed Decription,Resolution,Incident Number,Urgency,Impact,Priority,Priority Weight,Reported Source,Assigned Group,Assignee,Assigned Support Company,Owner Support Organization,Owner Group,Owner Support Company,Reported Date,Responded Date,Last Acknowledged Date,Last Resolved Date,Closed Date,Resolution Category,Resolution Category Tier 2,Resolution Category Tier 3,Resolution Method,Total Transfers',
  remedyChange: 'Infrastructure Change ID,Description,Change Request Status,Status Reason,Class,Risk Level,Priority,Scheduled Start Date,Scheduled End Date,Actual Start Date,Actual End Date,Support Group Name,CI Name,Submit Date',
  remedyProblem: 'Problem Investigation ID,Description,Investigation Status,Priority,Assigned Group,Assignee,Temporary Workaround,Submit Date,Completed Date,Closed Date',
  remedyKE: 'Known Error ID,Description,Known Error Status,Priority,Assigned Group,Assignee,Temporary Workaround,Submit Date',
  remedyAsset: 'Name,Reconciliation Identity,Asset ID+,Serial Number,Product Categorization Tier 1,Product Name,Manufacturer,Model/Version,AssetLifecycleStatus,Site,Company,Owner,Supported by,Purchase Date,Warranty Expiration Date',
  freshservice: 'Subject,Type,Status,Urgency,Impact,Priority,Group,Agent,Company,Description,Category,Sub-Category,Item,Source,Resolution Note,Experience Score,Association type,Requester Location,Requester VIP,Ticket Id,Requester Name,Requester Email,Created Time,Due by Time,Resolved Time,Closed Time,Last Updated Time,Initial Response Time,Time Tracked,First Response Time (in Hrs),Resolution Time (in Hrs),Agent interactions,Customer interactions,Resolution Status,First Response Status,Tags,Survey Result,Approval Status,Major incident type,Business impact,Impacted locations,No. of customers impacted,Affected CI',
  freshserviceMin: 'Ticket Id,Subject,Type,Status,Priority,Urgency,Impact,Group,Agent,Created Time,Resolved Time,Closed Time,First Response Time (in Hrs),Resolution Status',
  freshdesk: 'Ticket ID,Subject,Status,Priority,Source,Type,Agent,Group,Created time,Due by Time,Resolved time,Closed time,Last update time,Initial response time,Time tracked,First response time (in hrs),Resolution time (in hrs),Agent interactions,Customer interactions,Resolution status,First response status,Every response status,Tags,Survey results,Product,Full name,Contact ID',
  freshChange: 'id,subject,description,requester_id,agent_id,group_id,priority,impact,status,risk,change_type,approval_status,planned_start_date,planned_end_date,category,sub_category,item_category,created_at,updated_at',
  freshAsset: 'display_id,name,asset_type_id,asset_tag,impact,usage_type,user_id,location_id,department_id,agent_id,group_id,assigned_on,product,vendor,cost,acquisition_date,warranty_expiry_date,asset_state,serial_number',
  zendesk: 'ID,Requester,Requester ID,Requester external id,Requester email,Requester domain,Submitter,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at,Assigned at,Organization,Due date,Initially assigned at,Solved at,Resolution time,Satisfaction Score,Group stations,Assignee stations,Reopens,Replies,First reply time in minutes,First reply time in minutes within business hours,First resolution time in minutes,First resolution time in minutes within business hours,Full resolution time in minutes,Full resolution time in minutes within business hours,Agent wait time in minutes,Agent wait time in minutes within business hours,Requester wait time in minutes,Requester wait time in minutes within business hours,On hold time in minutes,On hold time in minutes within business hours',
  sdp1: 'Account Name,Approval Status,Category,Client/Account ID,Completed Time,Created By,Created Time,Department,DueBy Time,Esc,Ext.301,First Response Overdue Status,Group,Impact,Item,Last Update Time,Level,MR,OnBehalfOfUser,Overdue Status,Pending Status,Priority,ReOpened,Region,Request Closure Code,Request ID,Request Mode,Request Status,Request Type,Requester,Resolved Time,Responded Date,Response DueBy Time,Root Cause,Service Category,Site,Subcategory,Technician,Time Elapsed,Urgency,Workstation',
  sdp2: 'Request ID,Requester,Request Type,Account,Created Time,Subject,Group,Impact,Urgency,Priority,Category,Subcategory,Technician,Request Status,Resolution,DueBy Time,First Response Overdue Status,Item,Overdue Status,Resolved Time,Responded Date,Response DueBy Time,Site,Out Of Scope,Request age after SLA response violation,Request age after SLA violation,SLA resolution time,SLA Name,SLA response time,SLA violated technician',
  sdpApi: 'id,subject,description,status.name,priority.name,urgency.name,impact.name,level.name,mode.name,request_type.name,category.name,subcategory.name,group.name,technician.name,requester.name,site.name,is_service_request,created_time.display_value,due_by_time.display_value,first_response_due_by_time.display_value,responded_time.display_value,resolved_time.display_value,completed_time.display_value,is_overdue,is_first_response_overdue,is_reopened,has_problem,has_request_caused_by_change',
  sdpChange: 'Change ID,Title,Change Type,Stage,Status,Priority,Impact,Urgency,Risk,Category,Change Owner,Change Manager,Group,Scheduled Start Time,Scheduled End Time,Completed Time,Created Time,Closure Code,Reason for Change,Assets,Services Affected',
  sdpAsset: 'Asset Name,Product,Product Type,Asset State,Vendor,Serial No,Asset Tag,Site,Location,User,Department,Purchase Date,Warranty Expiry Date',
  glpiDb: 'id,entities_id,name,date,closedate,solvedate,date_mod,users_id_lastupdater,status,users_id_recipient,requesttypes_id,content,urgency,impact,priority,itilcategories_id,type,global_validation,slas_id_ttr,slas_id_tto,slalevels_id_ttr,time_to_resolve,time_to_own,begin_waiting_date,sla_waiting_duration,ola_waiting_duration,olas_id_tto,olas_id_ttr,olalevels_id_ttr,ola_ttr_begin_date,internal_time_to_resolve,internal_time_to_own,waiting_duration,close_delay_stat,solve_delay_stat,takeintoaccount_delay_stat,actiontime,is_deleted,locations_id,validation_percent,date_creation',
  glpiCsv: 'ID;Title;Entity;Status;Type;Opening date;Last update;Priority;Requester - Requester;Assigned to - Technician;Assigned to - Technician group;Category;Resolution date;Closing date;Time to resolve;Time to resolve exceeded',
  glpiCsvMin: 'Title;ID;Status;Last update;Opening date;Priority;Requester - Requester;Assigned to - Technician;Category',
  glpiProblem: 'id,entities_id,name,date,closedate,solvedate,date_mod,status,content,urgency,impact,priority,itilcategories_id,time_to_resolve,impactcontent,causecontent,symptomcontent',
  glpiChange: 'id,entities_id,name,date,closedate,solvedate,date_mod,status,content,urgency,impact,priority,itilcategories_id,time_to_resolve,impactcontent,controlistcontent,rolloutplancontent,backoutplancontent,checklistcontent,global_validation',
  glpiComputer: 'Name;Entity;Status;Manufacturer;Serial number;Type;Model;Operating system - Name;Location;Last update;Components - Processor;Inventory number',
  itopCodes: 'id,ref,title,status,request_type,priority,urgency,impact,origin,service_id_friendlyname,team_id_friendlyname,agent_id_friendlyname,caller_id_friendlyname,start_date,assignment_date,resolution_date,close_date,last_update,tto_escalation_deadline,ttr_escalation_deadline,sla_tto_passed,sla_ttr_passed,resolution_code,user_satisfaction',
  itopRest: 'id,ref,title,status,priority,urgency,impact,service_id,service_name,agent_id,agent_id_friendlyname,team_id,team_id_friendlyname,start_date,assignment_date,resolution_date,sla_tto_passed,sla_ttr_passed',
  itopLabels: 'Ref,Title,Status,Priority,Caller,Team,Agent,Start date,Assignment date,Resolution date,Close date,TTO Deadline,TTR Deadline,SLA tto passed,SLA ttr passed,Hot Flag,Origin',
  itopChange: 'ref,title,finalclass,status,creation_date,start_date,end_date,close_date,requestor_id_friendlyname,team_id_friendlyname,agent_id_friendlyname,supervisor_group_id,manager_group_id,outage,fallback',
  itopCI: 'id,name,finalclass,org_id_friendlyname,business_criticity,move2production,status,serialnumber,asset_number,brand_id_friendlyname,model_id_friendlyname,location_id_friendlyname,purchase_date,end_of_warranty',
  sn: 'number,short_description,state,priority,impact,urgency,assignment_group,contact_type,opened_at,resolved_at,closed_at,sys_updated_on,made_sla,reassignment_count,reopen_count',
  snAsset: 'asset_tag,display_name,serial_number,model_category,model,install_status,assigned_to,owned_by,department,location,cost,purchased_on,warranty_expiration,ci,sys_updated_on',
  hpsmInc: 'CI Name (aff);CI Type (aff);CI Subtype (aff);Service Component WBS (aff);Incident ID;Status;Impact;Urgency;Priority;Category;KM number;Open Time;Reopen Time;Resolved Time;Close Time;Handle Time (Hours);Closure Code;# Related Interactions;Related Interaction;# Related Incidents;# Related Changes;Related Change',
  jira: 'Summary,Issue key,Issue id,Issue Type,Status,Priority,Labels,Labels,Created,Resolved,Custom field (Time to resolution),Custom field (Change type),Custom field (Change start date)',
};


const EXPECTED: Record<string, string> = {
  remedyLabel: 'remedy/HPD:Help Desk',
  remedyMin: 'remedy/HPD:Help Desk',
  remedyRest: 'remedy/HPD:Help Desk',
  remedyChange: 'remedy/CHG:Infrastructure Change',
  remedyProblem: 'remedy/PBM:Problem Investigation',
  remedyKE: 'remedy/PBM:Known Error',
  remedyAsset: 'remedy/AST:BaseElement',
  freshservice: 'freshservice/tickets',
  freshserviceMin: 'freshservice/tickets',
  freshdesk: 'freshdesk/tickets',
  freshChange: 'freshservice/changes',
  freshAsset: 'freshservice/assets',
  zendesk: 'zendesk/tickets',
  sdp1: 'sdp/requests',
  sdp2: 'sdp/requests',
  sdpApi: 'sdp/requests',
  sdpChange: 'sdp/changes',
  sdpAsset: 'sdp/assets',
  glpiDb: 'glpi/glpi_tickets',
  glpiCsv: 'glpi/glpi_tickets',
  glpiCsvMin: 'glpi/glpi_tickets',
  glpiProblem: 'glpi/glpi_problems',
  glpiChange: 'glpi/glpi_changes',
  glpiComputer: 'glpi/glpi_computers',
  itopCodes: 'itop/UserRequest',
  itopRest: 'itop/UserRequest',
  itopLabels: 'itop/UserRequest',
  itopChange: 'itop/Change',
  itopCI: 'itop/FunctionalCI',
  sn: 'servicenow/incident',
  snAsset: 'servicenow/alm_hardware',
  hpsmInc: 'hpsm/Detail Incident',
  jira: 'jira/issues',
};

describe('detection of header variants (remedy, freshservice, freshdesk, zendesk, sdp, glpi, itop)', () => {
  it('picks the right tool and object for every variant', () => {
    const table: string[] = [];
    const got: Record<string, string> = {};
    for (const [name, header] of Object.entries(HEADERS)) {
      const cols = header.includes(';') ? header.split(';') : header.split(',');
      try {
        const d = detect(name, cols, [], ADAPTERS);
        got[name] = `${d.adapter.id}/${d.mapping.sourceTable}`;
        table.push(`${name.padEnd(16)} ${got[name]!.padEnd(36)} score ${String(d.score).padStart(5)}  runner-up ${d.runnerUp?.tool} ${d.runnerUp?.score}`);
      } catch (e) {
        got[name] = `error: ${(e as Error).message}`;
        table.push(`${name.padEnd(16)} ${got[name]}`);
      }
    }
    console.log(table.join('\n'));
    expect(got).toEqual(EXPECTED);
  });
});
