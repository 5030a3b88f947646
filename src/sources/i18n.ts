import { normaliseHeader } from '../ingest/headers.js';
import type { FieldRule, SourceAdapter, Vocab } from './types.js';

/**
 * Localised export labels and values: ServiceNow, BMC, GLPI, TOPdesk and OTRS write their UI exports in the
 * exporting user's language. Each English label (as adapters spell it) lists its German, French, Spanish,
 * Dutch and Portuguese forms; `localize` adds them to an adapter's signature (same weight), field aliases
 * and vocabularies, so one adapter reads every language.
 *
 * Verified in real exports: Spanish ServiceNow `Creado`/`Cerrado`; Dutch TOPdesk `Korte omschrijving`,
 * `Aanmelddatum`, `Operatorgroep` (export-formats.md §2, §12). The rest follow the products' published
 * translations as far as known [?]: a user who meets another spelling adds it with --mapping.
 */
const LABELS: Record<string, [de: string, fr: string, es: string, nl: string, pt: string]> = {
  number: ['Nummer', 'Numéro', 'Número', 'Nummer', 'Número'],
  opened: ['Geöffnet', 'Ouvert', 'Abierto', 'Geopend', 'Aberto'],
  'opened by': ['Geöffnet von', 'Ouvert par', 'Abierto por', 'Geopend door', 'Aberto por'],
  created: ['Erstellt', 'Créé', 'Creado', 'Aangemaakt', 'Criado'],
  'short description': ['Kurzbeschreibung', 'Brève description', 'Descripción breve', 'Korte omschrijving', 'Descrição resumida'],
  description: ['Beschreibung', 'Description', 'Descripción', 'Omschrijving', 'Descrição'],
  state: ['Status', 'État', 'Estado', 'Status', 'Estado'],
  status: ['Status', 'Statut', 'Estado', 'Status', 'Status'],
  priority: ['Priorität', 'Priorité', 'Prioridad', 'Prioriteit', 'Prioridade'],
  impact: ['Auswirkung', 'Impact', 'Impacto', 'Impact', 'Impacto'],
  urgency: ['Dringlichkeit', 'Urgence', 'Urgencia', 'Urgentie', 'Urgência'],
  category: ['Kategorie', 'Catégorie', 'Categoría', 'Categorie', 'Categoria'],
  subcategory: ['Unterkategorie', 'Sous-catégorie', 'Subcategoría', 'Subcategorie', 'Subcategoria'],
  'assignment group': ['Zuweisungsgruppe', "Groupe d'affectation", 'Grupo de asignación', 'Toewijzingsgroep', 'Grupo de atribuição'],
  'assigned to': ['Zugewiesen an', 'Affecté à', 'Asignado a', 'Toegewezen aan', 'Atribuído a'],
  caller: ['Anrufer', 'Appelant', 'Llamante', 'Melder', 'Chamador'],
  resolved: ['Gelöst', 'Résolu', 'Resuelto', 'Opgelost', 'Resolvido'],
  closed: ['Geschlossen', 'Fermé', 'Cerrado', 'Gesloten', 'Fechado'],
  updated: ['Aktualisiert', 'Mis à jour', 'Actualizado', 'Bijgewerkt', 'Atualizado'],
  'configuration item': ['Konfigurationselement', 'Élément de configuration', 'Elemento de configuración', 'Configuratie-item', 'Item de configuração'],
  'contact type': ['Kontaktart', 'Type de contact', 'Tipo de contacto', 'Contacttype', 'Tipo de contato'],
  'reassignment count': ['Anzahl der Neuzuweisungen', 'Nombre de réaffectations', 'Recuento de reasignaciones', 'Aantal hertoewijzingen', 'Contagem de reatribuições'],
  'reopen count': ['Anzahl der Wiedereröffnungen', 'Nombre de réouvertures', 'Recuento de reaperturas', 'Aantal heropeningen', 'Contagem de reaberturas'],
  'made sla': ['SLA erfüllt', 'SLA respecté', 'SLA cumplido', 'SLA gehaald', 'SLA cumprido'],
  'resolution code': ['Lösungscode', 'Code de résolution', 'Código de resolución', 'Oplossingscode', 'Código de resolução'],
  location: ['Standort', 'Emplacement', 'Ubicación', 'Locatie', 'Localização'],
  service: ['Dienst', 'Service', 'Servicio', 'Dienst', 'Serviço'],
};

/** Values of status-like vocabularies: English key → translations. */
const VALUES: Record<string, string[]> = {
  new: ['Neu', 'Nouveau', 'Nuevo', 'Nieuw', 'Novo'],
  'in progress': ['In Bearbeitung', 'En cours', 'En curso', 'In behandeling', 'Em andamento'],
  'on hold': ['Zurückgestellt', 'En attente', 'En espera', 'In de wacht', 'Em espera'],
  resolved: ['Gelöst', 'Résolu', 'Resuelto', 'Opgelost', 'Resolvido'],
  closed: ['Geschlossen', 'Fermé', 'Cerrado', 'Gesloten', 'Fechado'],
  canceled: ['Abgebrochen', 'Annulé', 'Cancelado', 'Geannuleerd', 'Cancelado'],
  cancelled: ['Abgebrochen', 'Annulé', 'Cancelado', 'Geannuleerd', 'Cancelado'],
  high: ['Hoch', 'Élevé', 'Alto', 'Hoog', 'Alto'],
  medium: ['Mittel', 'Moyen', 'Medio', 'Gemiddeld', 'Médio'],
  low: ['Niedrig', 'Faible', 'Bajo', 'Laag', 'Baixo'],
  critical: ['Kritisch', 'Critique', 'Crítico', 'Kritiek', 'Crítico'],
  true: ['wahr', 'vrai', 'verdadero', 'waar', 'verdadeiro'],
  false: ['falsch', 'faux', 'falso', 'onwaar', 'falso'],
};

const LABEL_INDEX = new Map(Object.entries(LABELS).map(([en, tr]) => [normaliseHeader(en), tr.map(normaliseHeader)]));

/** The translations of an English label (normalised), or none. */
export function translations(label: string): string[] {
  return LABEL_INDEX.get(normaliseHeader(label)) ?? [];
}

function expand(list: string | string[] | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const src = Array.isArray(list) ? list : [list];
  return [...new Set([...src, ...src.flatMap(translations)])];
}

function localizeRule(rule: FieldRule): FieldRule {
  if (typeof rule === 'string' || Array.isArray(rule)) return expand(rule)!;
  return { ...rule, ...(rule.from ? { from: expand(rule.from) } : {}), ...(rule.fallback ? { fallback: expand(rule.fallback) } : {}) };
}

function localizeVocab(v: Vocab): Vocab {
  if (!v.map) return v;
  const map = { ...v.map };
  for (const [key, canon] of Object.entries(v.map)) {
    for (const t of VALUES[key.toLowerCase()] ?? []) if (!(t.toLowerCase() in map)) map[t.toLowerCase()] = canon;
  }
  return { ...v, map };
}

/** The adapter with every localised label and value added (English stays first everywhere). */
export function localize(adapter: SourceAdapter): SourceAdapter {
  const signature = { ...adapter.signature };
  for (const [token, weight] of Object.entries(adapter.signature)) {
    for (const t of translations(token)) if (!(t in signature)) signature[t] = weight;
  }
  return {
    ...adapter,
    signature,
    vocab: Object.fromEntries(Object.entries(adapter.vocab).map(([k, v]) => [k, localizeVocab(v)])),
    objects: adapter.objects.map((o) => ({
      ...o,
      fields: Object.fromEntries(Object.entries(o.fields).map(([f, r]) => [f, localizeRule(r)])),
      ...(o.routes ? { routes: o.routes.map((r) => ({ ...r, mapping: { ...r.mapping, fields: Object.fromEntries(Object.entries(r.mapping.fields).map(([f, x]) => [f, localizeRule(x)])) } })) } : {}),
    })),
  };
}
