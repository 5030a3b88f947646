/**
 * The generator's world: vocabularies, distributions and the planted effects. Everything here is data;
 * src/generate/sql.ts turns it into SQL.
 */

/** Resolution SLA policy (calendar hours), by internal priority 1..5. Written into truth.json. */
export const SLA_POLICY_HOURS: Record<string, number> = { '1': 4, '2': 8, '3': 24, '4': 72, '5': 120 };
/** Service requests (and Jira service requests) are held to one target. */
export const REQUEST_SLA_HOURS = 120;

/** Median resolution hours by priority 1..5 (log-normal, sigma below). */
export const MEDIAN_HOURS = [1.5, 4, 10, 30, 60];
export const SIGMA = 1.0;

/** Priority distribution per format (cumulative over priorities 1..5). */
export const PRIORITY_CUM: Record<string, number[]> = {
  servicenow: [0.02, 0.12, 0.62, 1.0, 1.0],
  jira: [0.03, 0.13, 0.6, 0.9, 1.0],
  hpsm: [0.01, 0.04, 0.19, 0.67, 1.0],
};

export interface Category {
  name: string;
  jira: string;
  weight: number;
  /** log multiplier on resolution time */
  eff: number;
  subcategories: string[];
  /** assignment groups; repeats weight them */
  groups: string[];
  services: string[];
  /** CI classes (repeats weight them); '' = no CI */
  ciClasses: string[];
}

export const CATEGORIES: Category[] = [
  {
    name: 'Inquiry / Help', jira: 'General', weight: 0.22, eff: -0.5,
    subcategories: ['Antivirus', 'Email', 'Internal Application'],
    groups: ['Service Desk', 'Service Desk', 'Service Desk', 'Identity & Access'],
    services: ['IT Service Desk'], ciClasses: ['', 'laptop'],
  },
  {
    name: 'Software', jira: 'Software', weight: 0.32, eff: 0,
    subcategories: ['Email', 'Operating System', 'Internal Application', 'Office Suite'],
    groups: ['Application Support', 'Application Support', 'Service Desk', 'Windows Server Team', 'Linux Server Team'],
    services: ['Email', 'SAP ERP', 'HR Portal', 'Collaboration', 'Intranet'],
    ciClasses: ['laptop', 'laptop', 'laptop', 'laptop', 'laptop', 'desktop', 'desktop', 'server', 'server', 'server'],
  },
  {
    name: 'Hardware', jira: 'Hardware', weight: 0.2, eff: 0.3,
    subcategories: ['CPU', 'Disk', 'Keyboard', 'Memory', 'Monitor', 'Mouse'],
    groups: ['Field Services', 'Field Services', 'Service Desk'],
    services: ['End User Computing'],
    ciClasses: ['laptop', 'laptop', 'laptop', 'laptop', 'desktop', 'desktop', 'printer', 'printer', 'monitor', 'monitor'],
  },
  {
    name: 'Network', jira: 'Network', weight: 0.16, eff: 0.1,
    subcategories: ['DHCP', 'DNS', 'IP Address', 'VPN', 'Wireless'],
    groups: ['Network Operations'], services: ['Corporate Network'], ciClasses: ['network'],
  },
  {
    name: 'Database', jira: 'Database', weight: 0.1, eff: 0.2,
    subcategories: ['DB2', 'MS SQL Server', 'Oracle'],
    groups: ['Database Administration'], services: ['Data Platform'], ciClasses: ['server'],
  },
];
/** The category whose volume trends up (index into CATEGORIES) and by how much: its monthly volume goes
 *  from weight to weight × (1 + TREND_GROWTH) over the period while the others stay flat. */
export const TREND_CATEGORY = 3;
export const TREND_GROWTH = 1.0;

export const GROUPS = [
  'Service Desk', 'Application Support', 'Email & Collaboration', 'Field Services', 'Network Operations',
  'Database Administration', 'Linux Server Team', 'Windows Server Team', 'Identity & Access',
];
/** HPSM has no group column; the group shows as the Service Component WBS. */
export const GROUP_WBS = ['WBS000073', 'WBS000162', 'WBS000088', 'WBS000187', 'WBS000256', 'WBS000125', 'WBS000102', 'WBS000091', 'WBS000055'];
export const SLOW_GROUP = 'Field Services';
export const SLOW_FACTOR = 3.0;
/** Resolution-time multiplier for incidents opened in the SLA-drop month. */
export const SLA_DROP_FACTOR = 2.2;

export const CONTACT_TYPES = ['Phone', 'Email', 'Self-service', 'Walk-in', 'Chat', 'Monitoring'];
export const CONTACT_CUM = [0.3, 0.55, 0.85, 0.9, 0.97, 1.0];

export const FIRST_NAMES = [
  'Anna', 'Ben', 'Clara', 'David', 'Eva', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Katrin', 'Lukas', 'Maria', 'Noah',
  'Olga', 'Paul', 'Rita', 'Sven', 'Tara', 'Uwe', 'Vera', 'Willem', 'Yara', 'Zoe', 'Ahmed', 'Bianca', 'Carlos', 'Daan',
  'Elif', 'Fatima', 'Georg', 'Hanna', 'Ivan', 'Julia', 'Kenji', 'Lena', 'Marco', 'Nina', 'Oskar', 'Priya',
];
export const LAST_NAMES = [
  'Müller', 'Schmidt', 'de Vries', 'Jansen', 'Bakker', 'Fischer', 'Weber', 'Meyer', 'Visser', 'Smit', 'Wagner', 'Becker',
  'Hoffmann', 'Schulz', 'Koch', 'Richter', 'Klein', 'Wolf', 'Peters', 'Mulder', 'de Boer', 'Bos', 'Vos', 'Dekker',
  'Smith', 'Jones', 'Brown', 'Taylor', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Rossi', 'Russo', 'García', 'Martínez',
  'Nowak', 'Kowalski', 'Novák', 'Dubois', 'Lefèvre', 'Yilmaz', 'Kaya', 'Öztürk', 'Nguyen', 'Tanaka', 'Sato', 'Kumar',
  'Singh', 'Patel', 'Hansen', 'Larsen', 'Nielsen', 'Berg', 'Lindqvist', 'Svensson', 'Horvath', 'Popescu', 'Ionescu', 'Costa',
];
/** ASCII-only names for HPSM (latin-1 files; BPI has no person names anyway). */
export const LOCATIONS = [
  'Amsterdam HQ', 'Utrecht Campus', 'Berlin Office', 'Munich Office', 'Frankfurt DC', 'London Office', 'Paris Office',
  'Madrid Office', 'Warsaw Hub', 'Prague Hub', 'Zurich Office', 'Vienna Office', 'Stockholm Office', 'Dublin Office',
];
export const DEPARTMENTS = ['Finance', 'HR', 'IT', 'Sales', 'Marketing', 'Operations', 'Legal', 'Procurement', 'Customer Service', 'R&D'];

export const CAT_ITEMS = [
  'Standard Laptop', 'New Hire Onboarding', 'Software Installation', 'Access Request', 'Mobile Phone', 'VPN Token',
  'Shared Mailbox', 'Additional Monitor', 'Distribution List Change', 'Leaver Offboarding', 'Headset', 'Firewall Rule Request',
];

/** Background short-description templates per category ({app} {device} {code} {n} {db} {loc} {host}). */
export const BACKGROUND: string[][] = [
  [
    'How do I {task} in {app}?', 'Question about {app} access', 'Need help with {app}', 'Cannot find {thing} in {app}',
    'Request information about {app} licence', 'Wie kann ich {thing} in {app} finden?', 'Please advise: {app} {thing}',
    'User asks how to {task}', '{app}: where is {thing}?', 'Frage zu {app}',
  ],
  [
    '{app} error when {action}', '{app} is very slow', '{app} shows error {code}', 'Cannot open {app}', '{app} licence expired',
    '{app} freezes when {action}', 'Fehler {code} in {app}', '{app} not loading since update', '{app} crashes when {action}',
    'error {code} while {action} in {app}', '{app} langsam beim {action_de}', '{app}: {thing} missing after update',
  ],
  [
    '{device} not working', '{device} broken', 'Replace {device}', '{device} making noise', 'New {device} needed urgently',
    '{device} defekt', '{device} flickering', '{device} does not turn on', 'Damaged {device} at desk {n}', '{device} intermittently failing',
  ],
  [
    'No network connection in {loc}', 'WiFi slow in meeting room {n}', 'DNS resolution fails for {app}', 'IP address conflict on {host}',
    'Network port dead at desk {n}', 'Kein Netzwerk im Raum {n}', 'Wireless drops in {loc} floor {n}', 'DHCP lease not renewed on {host}',
    'packet loss to {loc}', 'Cannot reach {app} from {loc}',
  ],
  [
    '{db} query timeout', 'Database {db} slow', '{db} connection pool exhausted', 'Backup job failed for {db}',
    'Tablespace issue on {db}', '{db} replication lag', 'Deadlocks in {db}', 'Datenbank {db} antwortet nicht', '{db} login failed for service account',
  ],
];
export const SLOTS: Record<string, string[]> = {
  app: [
    'Teams', 'Excel', 'Word', 'SharePoint', 'Jira', 'Confluence', 'Workday', 'Salesforce', 'Chrome', 'Adobe Reader', 'Zoom',
    'Citrix Workspace', 'HR portal', 'Expense tool', 'Intranet', 'Power BI', 'Tableau', 'OneDrive', 'Webex', 'Visio',
  ],
  task: ['share a folder', 'change my signature', 'book a room', 'export a report', 'add a delegate', 'restore a file', 'request a licence', 'install a font'],
  thing: ['the export button', 'my old files', 'the template', 'the approval form', 'shared calendars', 'the audit log', 'my dashboard', 'the archive'],
  action: ['saving a file', 'printing', 'exporting to PDF', 'opening a report', 'starting', 'syncing', 'uploading', 'searching'],
  action_de: ['Speichern', 'Drucken', 'Export', 'Start', 'Hochladen'],
  device: ['Keyboard', 'Mouse', 'Docking station', 'Headset', 'Webcam', 'Laptop battery', 'Laptop screen', 'Power adapter', 'USB-C hub', 'Desk phone'],
  db: ['ORA-FIN01', 'ORA-HR02', 'SQL-CRM01', 'SQL-DWH03', 'DB2-LEG01', 'SQL-APP07', 'ORA-LOG04'],
};

/** Planted recurring problems. Templates vary wording, word order, language and spelling. */
export interface Cluster {
  id: string;
  label: string;
  share: number;
  category: number;
  subcategory: string;
  group: string;
  service: string;
  /** where its CIs come from */
  ci: 'disk' | 'vpn' | 'outlook' | 'sap' | 'printer';
  templates: string[];
}
export const CLUSTERS: Cluster[] = [
  {
    id: 'C1', label: 'Disk / filesystem full on servers', share: 0.02, category: 2, subcategory: 'Disk', group: 'Linux Server Team',
    service: 'Data Platform', ci: 'disk',
    templates: [
      'Disk space alert on {host}: /var at {pct}%', '{host} - filesystem /data {pct}% full', 'Festplatte voll auf {host} ({pct}%)',
      'low disk space {host} C: drive', 'Speicherplatz auf {host} fast voll', 'dsik full on {host}', 'server {host} running out of disk space',
      'Filesystem usage critical {host} /opt {pct} %', 'ALERT: {host} disk usage {pct}%', '{host} /u01 nearly full - please clean up',
    ],
  },
  {
    id: 'C2', label: 'VPN connection drops', share: 0.018, category: 3, subcategory: 'VPN', group: 'Network Operations',
    service: 'Corporate Network', ci: 'vpn',
    templates: [
      'VPN keeps disconnecting', 'vpn disconnects every {min} minutes', 'Cannot connect to VPN from home', 'VPN Verbindung bricht ständig ab',
      'VPN-Verbindung getrennt nach {min} Minuten', 'unable to conect to vpn (error {err})', 'GlobalProtect VPN drops connection',
      'VPN not working since this morning', 'vpn dropping again, {min} min after login', 'Remote access VPN unstable',
    ],
  },
  {
    id: 'C3', label: 'Outlook crashes', share: 0.016, category: 1, subcategory: 'Email', group: 'Email & Collaboration',
    service: 'Email', ci: 'outlook',
    templates: [
      'Outlook crashes when opening attachments', 'Outlook not responding after update', 'outlook keeps crashing on startup',
      'Outlook stürzt beim Start ab', 'Outlook hängt sich auf - Fehler {err}', 'MS Outlook crash when sending mail with attachment',
      'outlok freezes when opening calendar', 'Outlook closes unexpectedly ({err})', 'Outlook startet nicht mehr', 'crash in outlook when replying',
    ],
  },
  {
    id: 'C4', label: 'SAP account locked', share: 0.014, category: 0, subcategory: 'Internal Application', group: 'Identity & Access',
    service: 'SAP ERP', ci: 'sap',
    templates: [
      'SAP account locked for user {uid}', 'unable to login to SAP {sid}, account locked', 'SAP Benutzer {uid} gesperrt',
      'SAP login fails: user locked ({sid})', 'Kann mich nicht bei SAP {sid} anmelden - gesperrt', 'sap pasword locked again',
      'user {uid} locked in SAP {sid}', 'SAP {sid}: Benutzer gesperrt nach falschem Passwort', 'Locked out of SAP again',
    ],
  },
  {
    id: 'C5', label: 'Printer not printing', share: 0.012, category: 2, subcategory: 'Printer', group: 'Field Services',
    service: 'End User Computing', ci: 'printer',
    templates: [
      'Printer {host} not printing', 'Drucker {host} druckt nicht', 'paper jam printer {host} again', 'print jobs stuck in queue on {host}',
      '{host} printer offline', 'Cannot print to {host}', 'Drucker {host} offline - Papierstau', 'printer on floor {floor} ({host}) not working',
    ],
  },
];

export const PROBLEM_TEMPLATES = [
  'Recurring {app} outage', 'Intermittent failures of {app}', 'Root cause needed: {db} performance', 'Repeated network drops in {loc}',
  'Frequent {device} failures', 'Wiederkehrende Störung {app}', 'Memory leak on {host}', 'Batch job failures on {host}',
  'Certificate expiry causing {app} errors', 'Slow logon times in {loc}',
];

export const CHANGE_TEMPLATES = [
  'Patch {host} with monthly security updates', 'Upgrade {app} to new version', 'Replace firewall rule set on {host}',
  'Increase storage on {host}', 'Deploy {app} release', 'Migrate {db} to new cluster', 'Reboot {host} for kernel update',
  'Renew SSL certificate for {app}', 'Add VLAN for {loc}', 'Decommission {host}',
];
export const CHANGE_CATEGORIES = ['Hardware', 'Software', 'Network', 'Applications Software', 'System Software', 'Service', 'Other'];

/** CI classes of the asset register, in block order. */
export interface CiClass {
  key: string;
  share: number;
  modelCategory: string;
  models: string[];
  costMin: number;
  costMax: number;
  warrantyYears: number;
  hpsmType: string;
  hpsmSubtype: string;
  hpsmPrefix: string;
}
export const CI_CLASSES: CiClass[] = [
  { key: 'laptop', share: 0.4, modelCategory: 'Computer', models: ['Dell Latitude 5440', 'Lenovo ThinkPad T14 Gen 4', 'HP EliteBook 840 G10', 'Apple MacBook Pro 14"'], costMin: 900, costMax: 2600, warrantyYears: 3, hpsmType: 'computer', hpsmSubtype: 'Laptop', hpsmPrefix: 'LAP' },
  { key: 'desktop', share: 0.2, modelCategory: 'Computer', models: ['Dell OptiPlex 7010', 'HP EliteDesk 800 G9', 'Lenovo ThinkCentre M90q'], costMin: 600, costMax: 1400, warrantyYears: 3, hpsmType: 'computer', hpsmSubtype: 'Desktop', hpsmPrefix: 'DSK' },
  { key: 'server', share: 0.12, modelCategory: 'Server', models: ['Dell PowerEdge R750', 'HPE ProLiant DL380 Gen11', 'Lenovo ThinkSystem SR650'], costMin: 6000, costMax: 25000, warrantyYears: 5, hpsmType: 'computer', hpsmSubtype: 'Windows Server', hpsmPrefix: 'WSR' },
  { key: 'network', share: 0.06, modelCategory: 'Network Gear', models: ['Cisco Catalyst 9300', 'Palo Alto PA-3220', 'Aruba 6300M', 'Cisco ISR 4451'], costMin: 2000, costMax: 30000, warrantyYears: 5, hpsmType: 'networkcomponents', hpsmSubtype: 'Switch', hpsmPrefix: 'SWT' },
  { key: 'printer', share: 0.07, modelCategory: 'Printer', models: ['HP LaserJet Enterprise M611', 'Canon imageRUNNER C3226i', 'Kyocera ECOSYS M3655idn'], costMin: 400, costMax: 4000, warrantyYears: 3, hpsmType: 'officeelectronics', hpsmSubtype: 'Printer', hpsmPrefix: 'PRN' },
  { key: 'monitor', share: 0.15, modelCategory: 'Monitor', models: ['Dell P2723DE', 'LG 27UP850', 'HP E24 G5'], costMin: 150, costMax: 600, warrantyYears: 3, hpsmType: 'displaydevice', hpsmSubtype: 'Monitor', hpsmPrefix: 'MON' },
];
