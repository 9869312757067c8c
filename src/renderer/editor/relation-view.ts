/**
 * How relations are shown: which arcs are drawn over the text (every relation in view, or only the selected
 * span's) and whether Tab steps only through spans that lack a relation their label calls for. It is the
 * state of the relation arcs plugin (`relation-arcs.ts`), changed only by actions sent with
 * `tr.setMeta(relationViewKey, action)`.
 */
import { PluginKey, type Command, type EditorState, type StateField, type Transaction } from 'prosemirror-state'

/** Which relations get arcs: all of them, or only those of the selected span. */
export type ArcScope = 'all' | 'selected'

/** The relation view of one open document. */
export interface RelationViewState {
  arcs: ArcScope
  /** Tab and Shift+Tab step only through spans missing a relation (such as Claims without attributed_to). */
  unlinkedOnly: boolean
}

/** Changes to the relation view; each is sent as the meta of a transaction. */
export type RelationViewAction = { type: 'arcs'; arcs: ArcScope } | { type: 'unlinkedOnly'; on: boolean }

/** Key of the relation view's state (the relation arcs plugin's). */
export const relationViewKey = new PluginKey<RelationViewState>('relationView')

/** What a document opens with: every arc drawn, Tab through every span. */
export const INITIAL_RELATION_VIEW: RelationViewState = { arcs: 'all', unlinkedOnly: false }

/** The relation view of an editor state (the initial one where the plugin is not installed). */
export function relationView(state: EditorState): RelationViewState {
  return relationViewKey.getState(state) ?? INITIAL_RELATION_VIEW
}

/** The state field: starts from `INITIAL_RELATION_VIEW`, changed by the actions sent to it. */
export const relationViewField: StateField<RelationViewState> = {
  init: () => INITIAL_RELATION_VIEW,
  apply(tr, value) {
    const action = tr.getMeta(relationViewKey) as RelationViewAction | undefined
    if (action === undefined) return value
    if (action.type === 'arcs') return action.arcs === value.arcs ? value : { ...value, arcs: action.arcs }
    return action.on === value.unlinkedOnly ? value : { ...value, unlinkedOnly: action.on }
  },
}

/** A transaction that applies `action` to the relation view. */
export function setRelationView(state: EditorState, action: RelationViewAction): Transaction {
  return state.tr.setMeta(relationViewKey, action)
}

/** Alt+R: arcs for every relation in view, or only for the selected span's. */
export const toggleArcScope: Command = (state, dispatch) => {
  dispatch?.(setRelationView(state, { type: 'arcs', arcs: relationView(state).arcs === 'all' ? 'selected' : 'all' }))
  return true
}
